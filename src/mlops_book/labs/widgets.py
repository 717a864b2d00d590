"""A lab's static explorer: two controls over its grid of precomputed states, working with no kernel.

:func:`explorer` builds, from the lab's record (:mod:`mlops_book.labs.catalogue`), an
:class:`~mlops_book.widgets.Explorer` with two controls: the first control's position selects one
inner Stack of views, the second's the view inside every inner Stack. The browser needs no Python;
the same widget works live in Jupyter. Each state's view is a chart and its key numbers in words
(:mod:`mlops_book.labs.charts`), every one labelled as a simulation; every state is simulated once
a process (:meth:`~mlops_book.labs.catalogue.Lab.grid_states`).

>>> lab = explorer("alerts")
>>> [len(c.options) for c in lab.controls], len(lab.state_views)
([6, 4], 24)
>>> lab.state_index == 4 * lab.controls[0].index + lab.controls[1].index
True

:func:`decision` is an exercise's check on the same page: the lab's controls over every answer the
page offers, each with the verdict the Python check gives it (:func:`mlops_book.exercises.on_page`).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
from markupsafe import Markup

from ..render import part
from ..widgets import KEYS_BUTTONS, KEYS_SLIDER, Explorer, slider
from . import grid_points
from .catalogue import lab as lab_called

#: How to reach each kind of control by keyboard, as the other interactives say it.
KEYS = {"buttons": KEYS_BUTTONS.removeprefix("Keyboard: ").rstrip("."),
        "slider": KEYS_SLIDER.removeprefix("Keyboard: ").rstrip(".")}
#: The label above every lab's controls.
SIMULATION_BADGE = ("Simulation:", ("synthetic data, not the study's data. Every chart below is computed from a "
                    "seeded, made-up world; the evidence from the book's data is beside it on this page."))


def _control(kind: str, labels, description: str):
    options = [(str(label), i) for i, label in enumerate(labels)]
    if kind == "buttons":
        return w.ToggleButtons(options=options, description=description,
                               style={"description_width": "initial", "button_width": "auto"})
    return slider(labels, description)


def explorer(name: str) -> Explorer:
    """The static explorer of the lab called ``name``: its two controls over every state of its grid."""
    lab = lab_called(name)
    grid = lab.grid()
    views = [state.html for state in lab.grid_states().states.values()]
    controls = [_control(c.kind, [c.label(v) for v in values], c.description)
                for c, values in zip(lab.controls, grid.values(), strict=True)]
    position = [list(grid[key]).index(value) for key, value in lab.default_state().items()]
    first, second = (KEYS[kind] for kind in lab.control_kinds)
    keys = f"Keyboard: first control, {first}; second control, {second}."
    badge = part("badge", *SIMULATION_BADGE, dashed=True)
    return Explorer(f"{name}-lab", lab.title, controls, views, position,
                    intro=Markup(badge + part("para", lab.intro)), keys=keys)


#: Above every decision's controls: what the verdict below them is.
DECISION_INTRO = ("No Python needed: choose your answer and the verdict below is the exercise's own check, the "
                  "same one the notebook's check cell gives, computed for every answer when the book was built.")

#: The class of a decision's verdicts' box, which the page makes a live region (_static/widgets-a11y.js).
VERDICT = "mlops-decision-verdict"


def decision(exercise_id: str, name: str, values: dict[str, list], verdict: Callable[[object], str]) -> Explorer:
    """A lab exercise's check on the static page: the controls of the lab called ``name`` for each part
    of the answer (``values``: the values offered, by the lab's grid parameter, in the answer's order),
    and for every combination the HTML ``verdict`` gives it (the answer is one value, or a tuple of them).

    Toggle buttons open with nothing chosen, so the page shows no verdict (and no right answer) until the
    reader picks one; a slider opens where the lab's explorer does. The verdicts' box is marked
    ``mlops-decision-verdict``: on the page, ``_static/widgets-a11y.js`` makes it a polite live region
    (``role="status"``), present before any answer, so a screen reader reads each verdict as it appears.

    >>> pick = decision("demo", "alerts", {"threshold": [4.0, 8.0], "rule": ["static", "adaptive"]},
    ...                 lambda answer: f"<p>{answer}</p>")
    >>> [c.index for c in pick.controls], pick.state_views[1].value
    ([0, None], "<p>(4.0, 'adaptive')</p>")
    >>> "mlops-decision-verdict" in pick.views._dom_classes
    True
    """
    lab = lab_called(name)
    controls_by_key = dict(zip(lab.grid(), lab.controls, strict=True))
    opens_on = lab.default_state()
    controls, position = [], []
    for key, options in values.items():
        control = controls_by_key[key]
        controls.append(_control(control.kind, [control.label(v) for v in options], control.description))
        position.append(None if control.kind == "buttons" else list(options).index(opens_on[key]))
    views = []
    for point in grid_points(values):
        answer = tuple(point.values()) if len(point) > 1 else next(iter(point.values()))
        views.append(verdict(answer))
    keys = "; ".join(f"{c.description}, {KEYS[controls_by_key[k].kind]}" for c, k in zip(controls, values, strict=True))
    pick = Explorer(f"{exercise_id}-check", "Check your answer on this page", controls, views, position,
                    intro=Markup(part("para", Markup(DECISION_INTRO))), keys=f"Keyboard: {keys}.")
    pick.views.add_class(VERDICT)
    return pick
