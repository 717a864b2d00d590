"""The labs on the static page: two controls over a grid of precomputed states, working with no kernel.

A :class:`GridExplorer` generalises :class:`~mlops_book.widgets.Explorer` to two controls.
``jsdlink`` can only copy one trait to another, so the views are nested Stacks: the first
control's ``index`` selects one inner Stack of the outer Stack, and the second control's
``index`` is linked to every inner Stack's ``selected_index``. The browser needs no Python; the
same widget works live in Jupyter. Each state's view is a chart and its key numbers in words
(:mod:`mlops_book.lab_charts`), every one labelled as a simulation.

>>> lab = alerts_lab()
>>> [len(c.options) for c in lab.controls], len(lab.state_views)
([6, 4], 24)
>>> lab.state_index == 4 * lab.controls[0].index + lab.controls[1].index
True
"""

from __future__ import annotations

import inspect

import ipywidgets as w
from markupsafe import Markup

from . import lab_charts
from .fallback import StaticFallback
from .labs import drift, grid_points, rollout
from .render import part, render

#: How to reach each kind of control by keyboard, as the other interactives say it.
KEYS = {"buttons": "Tab to the buttons, then press Enter or Space",
        "slider": "Tab to the slider handle, then use the arrow keys"}
#: The label above every lab's controls.
SIMULATION_BADGE = ("Simulation:", ("synthetic data, not the study's data. Every chart below is computed from a "
                    "seeded, made-up world; the study's evidence is beside it on this page."))


def _labels(control) -> list[str]:
    return [option[0] if isinstance(option, tuple) else option for option in control.options]


class GridExplorer(StaticFallback, w.VBox):
    """A titled box: two controls linked on the front end to one precomputed view per combination.

    ``views`` holds one HTML string per state, in row-major order (the first control's position
    changes slowest); ``default`` is the pair of positions shown first. ``name`` becomes the CSS
    class ``mlops-<name>``; the controls get ``mlops-widget-control`` and
    ``mlops-widget-control-1`` / ``-2``.

    >>> a, b = w.ToggleButtons(options=["x", "y"]), w.ToggleButtons(options=["1", "2", "3"])
    >>> e = GridExplorer("demo", "Demo", (a, b), [f"<p>{i}</p>" for i in range(6)], (1, 2))
    >>> e.views.selected_index, e.state_index, e.state_views[e.state_index].value
    (1, 5, '<p>5</p>')
    >>> GridExplorer("demo", "Demo", (a, b), ["<p>A</p>"], (0, 0))
    Traceback (most recent call last):
    ...
    ValueError: demo: 2 × 3 control positions but 1 views
    """

    def __init__(self, name, title, controls, views, default, intro="", outro="", keys=""):
        first, second = controls
        rows, cols = len(first.options), len(second.options)
        if len(views) != rows * cols:
            raise ValueError(f"{name}: {rows} × {cols} control positions but {len(views)} views")
        for control in controls:
            if len(set(_labels(control))) != len(control.options):
                raise ValueError(f"{name}: control labels repeat: {_labels(control)}")
        if not (0 <= default[0] < rows and 0 <= default[1] < cols):
            raise ValueError(f"{name}: default state {default} is outside the {rows} × {cols} grid")
        first.index, second.index = default
        inner = [w.Stack([w.HTML(value=str(v)) for v in views[r * cols:(r + 1) * cols]], selected_index=default[1])
                 for r in range(rows)]
        outer = w.Stack(inner, selected_index=default[0])
        outer.add_class("mlops-widget-views")
        for number, control in enumerate(controls, 1):
            control.add_class("mlops-widget-control")
            control.add_class(f"mlops-widget-control-{number}")
        head = render("explorer_head.html", title=title, intro=intro, keys=keys)
        children = [w.HTML(value=str(head)), first, second, outer]
        if outro:
            children.append(w.HTML(value=str(outro)))
        super().__init__(children=children)
        self.add_class("mlops-widget")
        self.add_class(f"mlops-{name}")
        self.controls, self.views = (first, second), outer
        self.links = (w.jsdlink((first, "index"), (outer, "selected_index")),
                      *(w.jsdlink((second, "index"), (stack, "selected_index")) for stack in inner))

    @property
    def state_views(self) -> list:
        """Every state's HTML widget, in state order (row-major)."""
        return [view for stack in self.views.children for view in stack.children]

    @property
    def state_index(self) -> int:
        """The position, in state order, of the state the controls select."""
        return self.controls[0].index * len(self.controls[1].options) + self.controls[1].index


def _control(kind: str, labels, description: str):
    options = [(str(label), i) for i, label in enumerate(labels)]
    if kind == "buttons":
        return w.ToggleButtons(options=options, description=description,
                               style={"description_width": "initial", "button_width": "auto"})
    return w.SelectionSlider(options=options, description=description, readout=True, continuous_update=True,
                             style={"description_width": "initial"}, layout=w.Layout(width="100%", max_width="40em"))


#: The kind of each lab's two controls; the registry (mlops_book.interactives) reads it too.
CONTROLS = {"drift": ("buttons", "slider"), "alerts": ("slider", "buttons"),
            "rollout": ("buttons", "slider"), "validation": ("buttons", "slider")}


def default_state(lab: str) -> dict:
    """The state a lab opens on, by control: the study's own values where it has them.

    >>> default_state("drift")
    {'cadence': 'Weekly', 'label_delay_weeks': 2}
    """
    return {"drift": {"cadence": "Weekly", "label_delay_weeks": drift.study_label_delay_weeks()},
            "alerts": {"threshold": 4.0, "rule": "static"},
            "rollout": {"plan": rollout.study_plan(), "stage_days": 7},
            "validation": {"checks": "schema, range", "strictness": "middle"}}[lab]


def state_view(state: lab_charts.LabState) -> Markup:
    """The HTML of one state: its chart (with alt text and the simulation caption) and its numbers."""
    return render("lab_state.html", figure=Markup(state.chart._repr_html_()), words=state.words)


def _lab(lab: str, title: str, descriptions, labels, intro: str) -> GridExplorer:
    module, state = lab_charts.LABS[lab]
    grid = module.grid()
    views = [state_view(state(*point.values())) for point in grid_points(grid)]
    kinds = CONTROLS[lab]
    controls = [_control(kind, [label(v) for v in values], description)
                for kind, values, description, label in zip(kinds, grid.values(), descriptions, labels, strict=True)]
    position = tuple(list(grid[key]).index(value) for key, value in default_state(lab).items())
    keys = f"Keyboard: first control, {KEYS[kinds[0]]}; second control, {KEYS[kinds[1]]}."
    badge = part("badge", *SIMULATION_BADGE, dashed=True)
    return GridExplorer(f"{lab}-lab", title, controls, views, position,
                        intro=Markup(badge + part("para", intro)), keys=keys)


def drift_lab() -> GridExplorer:
    """Lab 1: choose a retraining cadence and how late labels come back; see accuracy, cost, hidden decay."""
    return _lab("drift", "Drift and retraining cadence (simulation)", ("Retrain", "Labels back after"),
                (str, lambda weeks: f"{weeks} week" + ("" if weeks == 1 else "s")),
                "Choose how often the model is retrained, then how late the true labels come back.")


def alerts_lab() -> GridExplorer:
    """Lab 2: choose an alert threshold and rule; see pages per week, how many are real, incidents missed."""
    return _lab("alerts", "Alert fatigue (simulation)", ("Threshold (spreads)", "Rule"), (lambda t: f"{t:g}", str),
                "Slide the threshold (how many spreads from normal a metric must move), then choose the rule.")


def rollout_lab() -> GridExplorer:
    """Lab 3: choose a stage plan and stage length; see how many users meet the bug, and how long it takes."""
    return _lab("rollout", "Staged rollout of a buggy model (simulation)", ("Stage plan", "Days a stage"),
                (str, str),
                "Choose the stages, then slide how many days each stage lasts. The candidate model has the "
                f"bug {inspect.signature(rollout.simulate).parameters['bug'].default!r}.")


def validation_lab() -> GridExplorer:
    """Lab 4: choose which checks run and how strict they are; see what they catch and the false alarms."""
    return _lab("validation", "Data validation (simulation)", ("Checks", "Strictness"), (str, str),
                "Choose which checks run on each daily batch, then slide how strict their thresholds are.")
