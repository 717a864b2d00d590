"""Interactives that work with a kernel and without one.

Every builder returns an :class:`Explorer`: a box with a visible title, one
keyboard-operable control (toggle buttons, a slider or a drop-down) and an
``ipywidgets.Stack`` holding one precomputed view per state (a lab,
:mod:`mlops_book.labs.widgets`, is an Explorer with two controls). ``jsdlink`` ties
the control's ``index`` to the stack's ``selected_index`` in the browser, so
the static book needs no kernel and no Python callback; the same widget works
live in Jupyter. All text comes from ``data/``; each view is rendered from its
template in ``templates/`` (which escapes it), with the pictures of
:mod:`mlops_book.drawings`; in a diagram (the workflow's cycle, the stack's building, the
spectrum of data errors) the picture's parts are themselves the toggle buttons. Which chapter
shows which interactive, and what each state must show, is in :mod:`mlops_book.interactives`.

>>> explorer = tension_slider()
>>> len(explorer.views.children), explorer.controls[0].index == explorer.views.selected_index
(5, True)
>>> explorer.controls[0].label
'Balanced'
"""

from __future__ import annotations

import math

import ipywidgets as w
import pandas as pd

from . import blocks, data, drawings, style, views
from .fallback import STEADY, StaticFallback
from .render import part, render

# The explainer's wording on its interactives and their default states live in
# data/interactive_text.csv (data.interactive_text); the participant explorer is the book's own,
# and opens on the first participant.
DEFAULT_PARTICIPANT = "P1"

TENSION_BADGES = {
    "seed": "The explainer's own state",
    "derived": "Derived from statements in the explainer:",
    "illustration": "Illustration: an in-between position; no statement in the explainer describes it",
}
KEYS_BUTTONS = "Keyboard: Tab to the buttons, then press Enter or Space."
KEYS_SLIDER = "Keyboard: Tab to the slider handle, then use the arrow keys."
KEYS_DROPDOWN = "Keyboard: Tab to the list, then use the arrow keys."


class Explorer(StaticFallback, w.VBox):
    """A titled box: its controls linked on the front end to one precomputed view per state.

    ``controls`` are the controls, in the order shown, each with an ``index`` trait (ToggleButtons,
    SelectionSlider, Dropdown); ``views`` holds one HTML string (already escaped) per state, in
    row-major order (the first control's position changes slowest); ``default`` is each control's
    position shown first, or ``None`` for toggle buttons with nothing chosen yet (then no view shows
    until the reader chooses: a check of answers must not open on one). ``intro`` and ``outro`` are
    HTML (e.g. from :func:`mlops_book.render.part`; plain text is escaped) shown above the controls
    and below the views; ``around`` two pieces of HTML shown right above and right below the
    controls (a diagram's captions). Each slider carries a row of its stops (:func:`slider_stops`).
    ``name`` becomes the outer CSS class ``mlops-<name>``, which tests and readers' tools use to
    find the widget; control ``n`` gets ``mlops-widget-control`` and ``mlops-widget-control-<n>``.

    A panel with one control is steady: in the book its views keep the height of the tallest
    (``mlops-steady``; ``_static/widgets-steady.js`` measures them), so choosing one never moves the
    page. A lab's views, one level per control, are charts of one size and are left as they are.

    ``jsdlink`` can only copy one trait to another, so the views are nested Stacks, one level per
    control: control ``n``'s ``index`` is linked to the ``selected_index`` of every Stack at level
    ``n``. The browser needs no Python; the same widget works live in Jupyter.

    >>> e = Explorer("demo", "Demo", [w.ToggleButtons(options=["a", "b"])], ["<p>A</p>", "<p>B</p>"], [1])
    >>> e.controls[0].index, e.views.selected_index, e._dom_classes
    (1, 1, ('mlops-widget', 'mlops-demo'))
    >>> a, b = w.ToggleButtons(options=["x", "y"]), w.ToggleButtons(options=["1", "2", "3"])
    >>> e = Explorer("demo", "Demo", [a, b], [f"<p>{i}</p>" for i in range(6)], [1, 2])
    >>> e.views.selected_index, e.state_index, e.state_views[e.state_index].value
    (1, 5, '<p>5</p>')
    >>> Explorer("demo", "Demo", [a, b], ["<p>A</p>"], [0, 0])
    Traceback (most recent call last):
    ...
    ValueError: demo: 2 × 3 control positions but 1 views
    >>> e = Explorer("demo", "Demo", [a, b], [f"<p>{i}</p>" for i in range(6)], [None, 2])
    >>> e.views.selected_index, e.state_index
    (None, None)
    >>> Explorer("demo", "Demo", [w.ToggleButtons(options=["a"])], ["<p>A</p>"], [3])
    Traceback (most recent call last):
    ...
    ValueError: demo: default state (3,) is outside the 1 control positions
    """

    def __init__(self, name, title, controls, views, default, intro="", outro="", keys=KEYS_BUTTONS, around=("", "")):
        controls, default = tuple(controls), tuple(default)
        sizes = [len(control.options) for control in controls]
        shape = " × ".join(map(str, sizes))
        if not controls or len(views) != math.prod(sizes):
            raise ValueError(f"{name}: {shape} control positions but {len(views)} views")
        for control in controls:
            labels = [option[0] if isinstance(option, tuple) else option for option in control.options]
            if len(set(labels)) != len(labels):
                # the front end finds buttons by their label, so two equal labels would break the control
                raise ValueError(f"{name}: control labels repeat: {labels}")
        if len(default) != len(sizes) or not all(
            (d is None and isinstance(control, w.ToggleButtons)) or (d is not None and 0 <= d < size)
            for d, size, control in zip(default, sizes, controls, strict=True)
        ):
            raise ValueError(f"{name}: default state {default} is outside the {shape} control positions")
        for number, (control, position) in enumerate(zip(controls, default, strict=True), 1):
            control.index = position
            control.add_class("mlops-widget-control")
            control.add_class(f"mlops-widget-control-{number}")
        self.controls = controls
        self.views, levels = self._stacks([w.HTML(value=str(v)) for v in views], sizes, default)
        self.views.add_class("mlops-widget-views")
        if len(controls) == 1:
            # one control, one level of views: _static/widgets-steady.js holds the panel at its tallest view
            self.views.add_class(STEADY)
            self.views.add_class(f"mlops-steady-{name}")
        self.links = tuple(w.jsdlink((control, "index"), (stack, "selected_index"))
                           for control, level in zip(controls, levels, strict=True) for stack in level)
        head = render("explorer_head.html", title=title, intro=intro, keys=keys)
        above, below = ([w.HTML(value=str(html))] if html else [] for html in around)
        # each slider carries its stops (tick marks and labels) right under its track
        shown = [part for c in controls
                 for part in ([c, slider_stops(c)] if isinstance(c, w.SelectionSlider) else [c])]
        children = [w.HTML(value=str(head)), *above, *shown, *below, self.views]
        if outro:
            children.append(w.HTML(value=str(outro)))
        super().__init__(children=children)
        self.add_class("mlops-widget")
        self.add_class(f"mlops-{name}")

    @staticmethod
    def _stacks(views, sizes, default):
        """The views nested in Stacks, one level per control; and the Stacks of each level."""
        if len(sizes) == 1:
            stack = w.Stack(views, selected_index=default[0])
            return stack, [[stack]]
        step = len(views) // sizes[0]
        inner = [Explorer._stacks(views[i * step:(i + 1) * step], sizes[1:], default[1:]) for i in range(sizes[0])]
        stack = w.Stack([child for child, _ in inner], selected_index=default[0])
        deeper = [[s for _, levels in inner for s in levels[depth]] for depth in range(len(sizes) - 1)]
        return stack, [[stack], *deeper]

    @property
    def state_views(self) -> list:
        """Every state's HTML widget, in state order (row-major)."""
        found = [self.views]
        for _ in self.controls:
            found = [child for stack in found for child in stack.children]
        return found

    @property
    def state_index(self) -> int | None:
        """The position, in state order, of the state the controls select (None while one selects nothing)."""
        index = 0
        for control in self.controls:
            if control.index is None:
                return None
            index = index * len(control.options) + control.index
        return index


def _buttons(labels, description):
    """Toggle buttons whose labels wrap instead of being cut off (see widgets.css)."""
    return w.ToggleButtons(
        options=[(label, i) for i, label in enumerate(labels)],
        description=description,
        style={"description_width": "initial", "button_width": "auto"},
    )


def _diagram(name, title, shape, labels, description, views, intro="", **more) -> Explorer:
    """An Explorer whose control is the diagram ``shape`` (:func:`mlops_book.drawings.diagram`), showing the
    first state: the diagram's styles come first in its head, and its keyboard line names its parts."""
    control = drawings.diagram(_buttons(labels, description), shape)
    keys = drawings.keys_for_diagram(shape)
    return Explorer(name, title, [control], views, [0], intro=drawings.diagram_styles(shape) + intro, keys=keys, **more)


def slider(labels, description) -> w.SelectionSlider:
    """A selection slider over ``labels``, its description on a line of its own above the track.

    No readout: ipywidgets' readout is an editable text box and a Tab stop of its own, which accepts any
    text; the :class:`Explorer` draws each stop's label and tick mark under the track instead
    (:func:`slider_stops`), and the chosen view says which stop it is.

    >>> s = slider(["Low", "High"], "Level")
    >>> s.readout, s.style.description_width, s.layout.flex_flow
    (False, '100%', 'row wrap')
    """
    return w.SelectionSlider(
        options=[(str(label), i) for i, label in enumerate(labels)],
        description=description,
        readout=False,
        continuous_update=True,
        style={"description_width": "100%"},
        layout=w.Layout(width="100%", max_width=SLIDER_WIDTH, height="auto", flex_flow="row wrap"),
    )


#: The widest a slider (and its row of stops) grows.
SLIDER_WIDTH = "40em"


def slider_stops(control: w.SelectionSlider) -> w.HTML:
    """The row under a slider's track: a tick mark and the label of every stop, at the stop's place.

    Hidden from screen readers, which hear the stop's label from the handle (``aria-valuetext``,
    ``_static/widgets-a11y.js``) and the view that follows it.

    A label wraps between words, never inside one. Where the row is too narrow for every label's
    longest word to fit in one row (:func:`one_row_width`; a phone, for the tension slider's
    "Leaning to validation" and "Favour validation"), every other label drops to a second row, which
    doubles each label's room: the row is a size container, and the labels' CSS compares its width
    (``100cqw``) with that width, so the page needs no script.

    >>> row = slider_stops(slider(["Low", "Mid", "High"], "Level")).value
    >>> row.count('class="mlops-slider-stop"'), "margin:.7em 0 0 50.0%" in row  # the middle stop, centred
    (3, True)
    >>> "anywhere" in row, "container-type:inline-size" in row
    (False, True)
    """
    labels = [option[0] if isinstance(option, tuple) else str(option) for option in control.options]
    html = render("slider_stops.html", labels=labels, one_row=one_row_width(labels))
    return w.HTML(value=str(html), layout=w.Layout(width="100%", max_width=SLIDER_WIDTH))


#: A generous width of one character of a stop's label, in em of the label's font: DejaVu Sans (Debian's
#: default, wider than most phones' fonts) measured .45 to .58 em a character in the book's labels.
CHAR_EM = 0.62
#: How far an end label may reach past its end of the track, in em (slider_stops.html: half a handle,
#: 8 px, and .5em; counted here as 1em, a little less than it is).
END_REACH_EM = 1.0


def one_row_width(labels: list[str]) -> float:
    """How wide, in em of the labels' font, a row of stops must be for each label's longest word to fit
    the room slider_stops.html gives it in one row: the spacing between two stops less .4em in the middle,
    half the spacing and the end's reach less .2em at either end. Narrower, the labels take two rows.

    >>> one_row_width(["Favour velocity", "Balanced", "Favour validation"])  # "validation", 10 characters
    21.6
    >>> one_row_width(["1", "3", "7", "14", "21", "28"])  # short labels fit any phone
    8.2
    """
    if len(labels) < 2:
        return 0.0
    gaps = len(labels) - 1
    widths = [max(len(word) for word in (label.split() or [""])) * CHAR_EM for label in labels]
    ends = [2 * gaps * (width + 0.2 - END_REACH_EM) for width in (widths[0], widths[-1])]
    middles = [gaps * (width + 0.4) for width in widths[1:-1]]
    return round(max(ends + middles), 1)


def _index_of(frame: pd.DataFrame, column: str, value, what: str) -> int:
    """The row position of ``value`` in ``column``; a clear error when the data lacks it."""
    matches = [i for i, v in enumerate(frame[column]) if v == value]
    if not matches:
        raise KeyError(f"{what}: no row with {column} = {value!r} in the data")
    return matches[0]


def workflow_cycle() -> Explorer:
    """The four tasks of the ML workflow as a cycle whose steps are the control; choose a step.

    >>> cycle = workflow_cycle()
    >>> len(cycle.views.children), cycle.controls[0].index, cycle.controls[0].options[1][0]
    (4, 0, '2. Experimentation')
    """
    tasks = data.load("workflow_tasks").sort_values("order", ignore_index=True)
    views = [render("workflow_task.html", number=i + 1, task=t) for i, t in enumerate(tasks.itertuples())]
    steps = [f"{i + 1}. {name}" for i, name in enumerate(tasks["name"])]
    return _diagram(
        "workflow-cycle", "The four tasks of the ML workflow", "cycle", steps, "Task", views,
        intro=part("para", "Each task leads to the next, and the last leads back to the first. Choose a task."),
        outro=part("para", data.interactive_text("workflow_cycle", "note"), bold=True),
    )


def _tension_badge(state):
    if state.kind == "seed":
        return part("badge", TENSION_BADGES["seed"], colour=style.THEMED.GREEN)
    if state.kind == "derived":
        return part("badge", TENSION_BADGES["derived"], state.basis, colour=style.THEMED.BLUE)
    label, text = TENSION_BADGES["illustration"].split(": ", 1)
    return part("badge", f"{label}:", text, dashed=True)


def tension_slider() -> Explorer:
    """Slide between favouring velocity and favouring validation; see what happens to the Three Vs.

    >>> slider = tension_slider()
    >>> from mlops_book.render import esc
    >>> esc(TENSION_BADGES["seed"]) in slider.views.children[slider.state_index].value
    True
    """
    states = data.load("tension_states").sort_values("position", ignore_index=True)
    views = [
        render("tension_state.html", state=s, bars=drawings.level_bars(s), badge=_tension_badge(s))
        for s in states.itertuples()
    ]
    return Explorer(
        "tension-slider",
        "The tension between the Three Vs",
        [slider(states["label"].tolist(), "Priority")],
        views,
        [_index_of(states, "label", data.interactive_text("tension_slider", "default"), "tension_states")],
        intro=part("para", "Slide from favouring velocity (left) to favouring validation (right)."),
        keys=KEYS_SLIDER,
    )


def findings_tabs() -> Explorer:
    """The three findings, one view each: summary, analogy and every card, an overview of the chapter.

    Its quotes are one tap away: the finding's own are in the chapter's story below (its section) and each
    card's sits in the card's folded source note, so a reader meets each once on the page; shown open in
    the panel they made its tallest view a phone screen longer (issue 22).

    >>> tabs = findings_tabs()
    >>> len(tabs.views.children), tabs.controls[0].index
    (3, 0)
    """
    findings = data.load("findings").sort_values("order", ignore_index=True)
    views = [
        render("finding.html", finding=f, cards=blocks.cards(f.id, quotes_folded=True))
        for f in findings.itertuples()
    ]
    control = _buttons(findings["title"].tolist(), "Finding")
    return Explorer("findings-tabs", "What the interviews revealed: three findings", [control], views, [0])


def retraining_explorer() -> Explorer:
    """Slide from hourly to every few months; see who in the interviews retrained that often.

    Every stop has an interviewee: their quote about cadence, or, where the explainer gives none, what
    else they said in the interviews (labelled so). The cadences without an interview example are
    named under the slider.

    >>> explorer = retraining_explorer()
    >>> explorer.controls[0].label, len(explorer.views.children)
    ('Daily', 3)
    """
    cadences = data.load("retraining").sort_values("position", ignore_index=True)
    stops, quotes = views.retraining_stops(), data.load("quotes")
    cards = data.load("cards")
    fact = cards[cards["title"] == "Frequent Retraining"]
    if fact.empty:
        raise KeyError("cards.csv has no 'Frequent Retraining' card; the retraining explorer needs its fact")
    cadence_views = [
        render(
            "retraining_cadence.html",
            cadence=r,
            speaker=data.speaker_line(r.participant),
            quotes=blocks.quotes(r.quote_ids),
            elsewhere=blocks.quotes(" ".join(quotes.loc[quotes["speaker"] == r.participant, "id"])),
        )
        for r in stops.itertuples()
    ]
    unexampled = cadences[cadences["participant"] == ""]
    outro = part("para", fact["text"].iloc[0], "From the findings:")
    if not unexampled.empty:
        names = " and ".join(unexampled["cadence"].str.lower())
        paper = " (the paper names neither)" if (unexampled["paper_support"] == "not-in-paper").all() else ""
        outro += part("para", f"The explainer also lists {names} retraining, with no interview example{paper}.")
        for row in unexampled.itertuples():  # each with its own source note, one tap away
            outro += part("paper_note", row, row.cadence)
    return Explorer(
        "retraining-explorer",
        "How often should you retrain?",
        [slider(stops["cadence"].tolist(), "Retrain")],
        cadence_views,
        [_index_of(stops, "cadence", data.interactive_text("retraining_explorer", "default"), "retraining")],
        intro=part("para", "Slide from the most frequent cadence in the interviews (left) to the least frequent "
                           "(right)."),
        outro=outro,
        keys=KEYS_SLIDER,
    )


def data_error_spectrum() -> Explorer:
    """Data errors as steps from obvious to nearly invisible, the steps being the control; choose one.

    >>> spectrum = data_error_spectrum()
    >>> len(spectrum.views.children), spectrum.controls[0].options[0][0]
    (3, 'Obvious: Hard errors')
    """
    rows = data.load("data_error_spectrum").sort_values("order", ignore_index=True)
    views = [render("data_error.html", error=r) for r in rows.itertuples()]
    steps = [f"{r.visibility}: {r.name}" for r in rows.itertuples()]
    description = "Error type, from obvious to nearly invisible"
    return _diagram("data-error-spectrum", "A spectrum of data problems", "spectrum", steps, description, views)


def anti_pattern_tabs() -> Explorer:
    """The four anti-patterns, each with its text and quotes.

    >>> tabs = anti_pattern_tabs()
    >>> tabs.controls[0].options[0][0]
    '1 Industry-Classroom Mismatch'
    """
    rows = data.load("anti_patterns").sort_values("order", ignore_index=True)
    views = [render("anti_pattern.html", pattern=r, quotes=blocks.quotes(r.quote_ids)) for r in rows.itertuples()]
    labels = [f"{r.order} {r.short_name}" for r in rows.itertuples()]
    return Explorer("anti-pattern-tabs", "Four common traps", [_buttons(labels, "Trap")], views, [0])


def stack_explorer() -> Explorer:
    """The four layers of the MLOps stack as floors of a building, the floors being the control; choose one.

    >>> stack = stack_explorer()
    >>> [o[0] for o in stack.controls[0].options][0]
    'Run Layer'
    """
    rows = data.load("stack_layers").sort_values("order", ignore_index=True)
    views = [render("stack_layer.html", layer=r, tools=r.tools.split(";")) for r in rows.itertuples()]
    captions = (part("para", data.interactive_text("stack_explorer", key)) for key in ("top", "bottom"))
    floors = rows["name"].tolist()
    return _diagram(
        "stack-explorer", "The four-layer MLOps stack", "building", floors, "Layer, top floor first", views,
        around=tuple(captions),
    )


def _participant_view(person, sizes, citations: pd.DataFrame, quotes: pd.DataFrame) -> str:
    own = citations[citations["participant"] == person.id]
    themes = {kind: list(dict.fromkeys(own[own["kind"] == kind]["theme"])) for kind in dict.fromkeys(own["kind"])}
    said = quotes[quotes["speaker"] == person.id]
    return render(
        "participant.html",
        speaker=data.speaker_line(person.id),
        person=person,
        employees=sizes[person.company_size],
        themes=themes,
        quotes=[blocks.quote(q) for q in said["id"]],
    )


def participant_explorer() -> Explorer:
    """Each of the 18 interviewees: who they are and every place the book cites them.

    >>> people = participant_explorer()
    >>> len(people.views.children), people.controls[0].label
    (18, 'P1, MLE Manager, Autonomous Vehicles')
    """
    people = data.load("participants")
    sizes = data.load("company_sizes").set_index("size")["employees"]
    citations, quotes = views.participant_citations(), data.load("quotes")
    control = w.Dropdown(
        options=[(data.speaker_line(p), i) for i, p in enumerate(people["id"])],
        description="Participant",
        style={"description_width": "initial"},
        layout=w.Layout(max_width="100%"),
    )
    return Explorer(
        "participant-explorer",
        "Meet the interviewees",
        [control],
        [_participant_view(p, sizes, citations, quotes) for p in people.itertuples()],
        [_index_of(people, "id", DEFAULT_PARTICIPANT, "participants")],
        intro=part(
            "badge",
            "Beyond the explainer:",
            "this explorer gathers, for each interviewee, every place the book's data names them.",
            dashed=True,
        ),
        keys=KEYS_DROPDOWN,
    )
