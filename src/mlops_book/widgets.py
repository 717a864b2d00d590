"""Interactives that work with a kernel and without one.

Every builder returns an :class:`Explorer`: a box with a visible title, one
keyboard-operable control (toggle buttons, a slider or a drop-down) and an
``ipywidgets.Stack`` holding one precomputed view per state. ``jsdlink`` ties
the control's ``index`` to the stack's ``selected_index`` in the browser, so
the static book needs no kernel and no Python callback; the same widget works
live in Jupyter. All text comes from ``data/`` and is escaped before it
becomes HTML; the colours come from :mod:`mlops_book.style`.

>>> explorer = tension_slider()
>>> len(explorer.views.children), explorer.control.index == explorer.views.selected_index
(5, True)
>>> explorer.control.label
'Balanced'
"""

from __future__ import annotations

import math

import ipywidgets as w
import pandas as pd

from . import blocks, data, style, views
from .blocks import esc

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

CURRENT = ' aria-current="true"'
TEXT = f"color:{style.INK};margin:.4em 0"
MUTED_TEXT = f"color:{style.MUTED};margin:.4em 0;font-size:.92em"


class Explorer(w.VBox):
    """A titled box: one control linked on the front end to one precomputed view per state.

    ``views`` is a list of HTML strings (already escaped); ``intro`` and ``outro``
    are HTML shown above the control and below the views; ``default`` the index
    shown first. The control must have an ``index`` trait (ToggleButtons,
    SelectionSlider, Dropdown). ``name`` becomes the outer CSS class
    ``mlops-<name>``, which tests and readers' tools use to find the widget.

    >>> e = Explorer("demo", "Demo", w.ToggleButtons(options=["a", "b"]), ["<p>A</p>", "<p>B</p>"], 1)
    >>> e.control.index, e.views.selected_index, e._dom_classes
    (1, 1, ('mlops-widget', 'mlops-demo'))
    >>> Explorer("demo", "Demo", w.ToggleButtons(options=["a"]), ["<p>A</p>"], 3)
    Traceback (most recent call last):
    ...
    ValueError: demo: default state 3 is outside the 1 views
    """

    def __init__(self, name, title, control, views, default, intro="", outro="", keys=KEYS_BUTTONS):
        if len(views) != len(control.options):
            raise ValueError(f"{name}: {len(control.options)} control positions but {len(views)} views")
        labels = [option[0] if isinstance(option, tuple) else option for option in control.options]
        if len(set(labels)) != len(labels):
            # the front end finds buttons by their label, so two equal labels would break the control
            raise ValueError(f"{name}: control labels repeat: {labels}")
        if not 0 <= default < len(views):
            raise ValueError(f"{name}: default state {default} is outside the {len(views)} views")
        control.index = default
        stack = w.Stack([w.HTML(value=v) for v in views], selected_index=default)
        stack.add_class("mlops-widget-views")
        control.add_class("mlops-widget-control")
        head = (
            f'<p class="mlops-widget-title" style="{TEXT};font-weight:bold;font-size:1.1em">{esc(title)}</p>'
            + intro
            + f'<p class="mlops-widget-keys" style="{MUTED_TEXT}">{esc(keys)}</p>'
        )
        children = [w.HTML(value=head), control, stack]
        if outro:
            children.append(w.HTML(value=outro))
        super().__init__(children=children)
        self.add_class("mlops-widget")
        self.add_class(f"mlops-{name}")
        self.control, self.views = control, stack
        self.link = w.jsdlink((control, "index"), (stack, "selected_index"))


def _buttons(labels, description):
    """Toggle buttons whose labels wrap instead of being cut off (see widgets.css)."""
    return w.ToggleButtons(
        options=[(label, i) for i, label in enumerate(labels)],
        description=description,
        style={"description_width": "initial", "button_width": "auto"},
    )


def _slider(labels, description):
    return w.SelectionSlider(
        options=[(label, i) for i, label in enumerate(labels)],
        description=description,
        readout=True,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=w.Layout(width="100%", max_width="40em"),
    )


def _index_of(frame: pd.DataFrame, column: str, value, what: str) -> int:
    """The row position of ``value`` in ``column``; a clear error when the data lacks it."""
    matches = [i for i, v in enumerate(frame[column]) if v == value]
    if not matches:
        raise KeyError(f"{what}: no row with {column} = {value!r} in the data")
    return matches[0]


def _para(text: str, label: str = "") -> str:
    strong = f"<strong>{esc(label)}</strong> " if label else ""
    return f'<p style="{TEXT}">{strong}{esc(text)}</p>'


def _heading(text: str, icon: str = "") -> str:
    mark = f'<span aria-hidden="true">{esc(icon)}</span> ' if icon else ""
    return f'<p class="mlops-view-heading" style="{TEXT};font-weight:bold;font-size:1.15em">{mark}{esc(text)}</p>'


def _badge(label: str, text: str = "", colour: str = style.MUTED, dashed: bool = False) -> str:
    border = "dashed" if dashed else "solid"
    rest = f" {esc(text)}" if text else ""
    return (
        f'<p class="mlops-badge" style="{TEXT};padding:.35em .7em;border:2px {border} {colour};'
        f'border-radius:6px;background:#fff"><strong>{esc(label)}</strong>{rest}</p>'
    )


def _lines(text: str, width: int = 16) -> list[str]:
    """Split a label into lines of about ``width`` characters, at spaces."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current]


# --- 1. The workflow cycle ----------------------------------------------------

#: Centres of the four boxes in the cycle picture: top, right, bottom, left (clockwise).
_CYCLE_SPOTS = ((190, 36), (312, 132), (190, 228), (68, 132))
_BOX_W, _BOX_H = 128, 52


def _arrow(start, control, end) -> str:
    """A curved arrow (quadratic curve plus a drawn head; no markers, whose ids would clash)."""
    dx, dy = end[0] - control[0], end[1] - control[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    back = (end[0] - 9 * ux, end[1] - 9 * uy)
    left = (back[0] - 5 * uy, back[1] + 5 * ux)
    right = (back[0] + 5 * uy, back[1] - 5 * ux)
    return (
        f'<path d="M{start[0]:.0f},{start[1]:.0f} Q{control[0]:.0f},{control[1]:.0f} {back[0]:.1f},{back[1]:.1f}" '
        f'fill="none" stroke="{style.MUTED}" stroke-width="2"/>'
        f'<polygon points="{end[0]:.1f},{end[1]:.1f} {left[0]:.1f},{left[1]:.1f} {right[0]:.1f},{right[1]:.1f}" '
        f'fill="{style.MUTED}"/>'
    )


def _cycle_svg(names: list[str], selected: int) -> str:
    """The four tasks in a clockwise cycle, with the selected one filled in blue."""
    hw, hh = _BOX_W / 2, _BOX_H / 2
    (tx, ty), (rx, ry), (bx, by), (lx, ly) = _CYCLE_SPOTS
    arrows = [
        _arrow((tx + hw, ty), (rx, ty), (rx, ry - hh)),
        _arrow((rx, ry + hh), (rx, by), (bx + hw, by)),
        _arrow((bx - hw, by), (lx, by), (lx, ly + hh)),
        _arrow((lx, ly - hh), (lx, ty), (tx - hw, ty)),
    ]
    boxes = []
    for i, ((cx, cy), name) in enumerate(zip(_CYCLE_SPOTS, names)):
        chosen = i == selected
        fill, ink = (style.BLUE, "#FFFFFF") if chosen else ("#FFFFFF", style.INK)
        stroke, width = (style.INK, 3) if chosen else (style.MUTED, 1.5)
        lines = _lines(f"{i + 1}. {name}")
        first_y = cy - (len(lines) - 1) * 8 + 5
        text = "".join(
            f'<tspan x="{cx}" y="{first_y + 16 * k:.0f}">{esc(line)}</tspan>' for k, line in enumerate(lines)
        )
        boxes.append(
            f'<rect x="{cx - hw:.0f}" y="{cy - hh:.0f}" width="{_BOX_W}" height="{_BOX_H}" rx="10" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
            f'<text text-anchor="middle" font-size="13" font-weight="{"bold" if chosen else "normal"}" '
            f'fill="{ink}">{text}</text>'
        )
    steps = " → ".join(f"{i + 1} {n}" for i, n in enumerate(names))
    alt = (
        f"A cycle of the {len(names)} tasks, each leading to the next: {steps} → back to 1. "
        f"Highlighted: {selected + 1} {names[selected]}."
    )
    centre = (
        f'<text x="190" y="128" text-anchor="middle" font-size="13" fill="{style.MUTED}">runs</text>'
        f'<text x="190" y="145" text-anchor="middle" font-size="13" fill="{style.MUTED}">continuously</text>'
    )
    return (
        f'<svg class="mlops-cycle-svg" role="img" aria-label="{esc(alt)}" viewBox="0 0 380 264" '
        'style="width:100%;max-width:380px;height:auto;flex:1 1 16em" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="inherit">{"".join(arrows)}{"".join(boxes)}{centre}</svg>'
    )


def workflow_cycle() -> Explorer:
    """The four tasks of the ML workflow as a cycle; choose a task to highlight it.

    >>> cycle = workflow_cycle()
    >>> len(cycle.views.children), cycle.control.index
    (4, 0)
    """
    tasks = data.load("workflow_tasks").sort_values("order", ignore_index=True)
    names = tasks["name"].tolist()
    views = []
    for i, t in enumerate(tasks.itertuples()):
        text = (
            _heading(f"{i + 1}. {t.name}", t.icon)
            + _para(t.description)
            + _para(t.garden_analogy, "In the garden:")
        )
        views.append(
            '<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:center">'
            f'{_cycle_svg(names, i)}<div style="flex:1 1 16em;min-width:0">{text}</div></div>'
        )
    return Explorer(
        "workflow-cycle",
        "The four tasks of the ML workflow",
        _buttons(names, "Task"),
        views,
        0,
        outro=f'<p style="{TEXT};font-weight:bold">{esc(data.interactive_text("workflow_cycle", "note"))}</p>',
    )


# --- 2. The tension between the Three Vs --------------------------------------


def _level_bars(state) -> str:
    """Bar length and colour for each V's qualitative level, with the level as a word."""
    rows = []
    for v in data.load("three_vs").sort_values("order").itertuples():
        level = getattr(state, v.id)
        length, colour = style.LEVEL_STYLE[level]
        word_style = f"color:{style.MUTED};font-style:italic" if level == "not stated" else f"color:{style.INK}"
        rows.append(
            '<li style="display:flex;flex-wrap:wrap;align-items:center;gap:.3em .8em;margin:.3em 0">'
            f'<span style="flex:0 0 8em;color:{style.INK}"><span aria-hidden="true">{esc(v.icon)}</span> {esc(v.name)}</span>'
            f'<span aria-hidden="true" style="flex:1 1 8em;max-width:18em;height:1em;background:{style.GRID};border-radius:4px">'
            f'<span style="display:block;height:100%;width:{length * 100:.0f}%;background:{colour};border-radius:4px"></span></span>'
            f'<span class="mlops-level" style="flex:0 0 6em;{word_style}">{esc(level)}</span></li>'
        )
    return (
        f'<ul class="mlops-levels" aria-label="Qualitative level of each V" style="list-style:none;padding:0;margin:.6em 0">'
        f'{"".join(rows)}</ul>'
        f'<p style="{MUTED_TEXT}">Bars show qualitative levels (strong, moderate, strained), not measurements.</p>'
    )


def _tension_badge(state) -> str:
    if state.kind == "seed":
        return _badge(TENSION_BADGES["seed"], colour=style.GREEN)
    if state.kind == "derived":
        return _badge(TENSION_BADGES["derived"], state.basis, colour=style.BLUE)
    label, text = TENSION_BADGES["illustration"].split(": ", 1)
    return _badge(f"{label}:", text, dashed=True)


def tension_slider() -> Explorer:
    """Slide between favouring velocity and favouring validation; see what happens to the Three Vs.

    >>> slider = tension_slider()
    >>> esc(TENSION_BADGES["seed"]) in slider.views.children[slider.control.index].value
    True
    """
    states = data.load("tension_states").sort_values("position", ignore_index=True)
    views = [
        _heading(s.label) + _para(s.text) + _level_bars(s) + _tension_badge(s) for s in states.itertuples()
    ]
    return Explorer(
        "tension-slider",
        "The tension between the Three Vs",
        _slider(states["label"].tolist(), "Priority"),
        views,
        _index_of(states, "label", data.interactive_text("tension_slider", "default"), "tension_states"),
        intro=_para("Slide from favouring velocity (left) to favouring validation (right)."),
        keys=KEYS_SLIDER,
    )


# --- 3. The findings ----------------------------------------------------------


def findings_tabs() -> Explorer:
    """The three findings, one view each: summary, analogy, every card and the finding's quotes.

    >>> tabs = findings_tabs()
    >>> len(tabs.views.children), tabs.control.index
    (3, 0)
    """
    findings = data.load("findings").sort_values("order", ignore_index=True)
    views = [
        _heading(f.title)
        + _para(f.summary)
        + _para(f.analogy, "Analogy:")
        + blocks.cards(f.id).html
        + blocks.quotes(f.quote_ids).html
        for f in findings.itertuples()
    ]
    return Explorer(
        "findings-tabs",
        "What the interviews revealed: three findings",
        _buttons(findings["title"].tolist(), "Finding"),
        views,
        0,
    )


# --- 4. Retraining cadence ----------------------------------------------------


def _retraining_view(row) -> str:
    parts = [_heading(row.cadence)]
    if row.participant:
        parts.append(_para(data.speaker_line(row.participant), "Interview example:"))
        if row.quote_ids:
            parts.append(blocks.quotes(row.quote_ids).html)
        else:
            parts.append(_para(f"The explainer gives no quote from {row.participant} about cadence."))
    else:
        parts.append(_para("The explainer gives no interview example at this cadence."))
    return "".join(parts)


def retraining_explorer() -> Explorer:
    """Slide from hourly to every few months; see who in the interviews retrained that often.

    >>> explorer = retraining_explorer()
    >>> explorer.control.label
    'Daily'
    """
    cadences = data.load("retraining").sort_values("position", ignore_index=True)
    cards = data.load("cards")
    fact = cards[cards["title"] == "Frequent Retraining"]
    if fact.empty:
        raise KeyError("cards.csv has no 'Frequent Retraining' card; the retraining explorer needs its fact")
    return Explorer(
        "retraining-explorer",
        "How often should you retrain?",
        _slider(cadences["cadence"].tolist(), "Retrain"),
        [_retraining_view(r) for r in cadences.itertuples()],
        _index_of(cadences, "cadence", data.interactive_text("retraining_explorer", "default"), "retraining"),
        intro=_para("Slide from the most frequent cadence (left) to the least frequent (right)."),
        outro=_para(fact["text"].iloc[0], "From the findings:"),
        keys=KEYS_SLIDER,
    )


# --- 5. The spectrum of data errors -------------------------------------------

_SPECTRUM_COLOURS = (style.VERMILLION, style.ORANGE, style.SKY, style.PURPLE, style.GREEN)


def _spectrum_bar(rows: pd.DataFrame, selected: int) -> str:
    segments = []
    for i, r in enumerate(rows.itertuples()):
        chosen = i == selected
        colour = _SPECTRUM_COLOURS[i % len(_SPECTRUM_COLOURS)]
        border = f"3px solid {style.INK}" if chosen else f"1px solid {style.GRID}"
        segments.append(
            f'<li{CURRENT if chosen else ""} style="flex:1 1 0;min-width:0;padding:.4em .5em;'
            f'border:{border};border-top:8px solid {colour};background:{"#F5F9FC" if chosen else "#fff"};'
            f'color:{style.INK};text-align:center;{"font-weight:bold" if chosen else ""}">'
            f'{esc(r.visibility)}<br><span style="font-size:.9em">{esc(r.name)}</span></li>'
        )
    arrow = " → ".join(esc(v) for v in rows["visibility"])
    return (
        f'<p style="{MUTED_TEXT}">{arrow}</p>'
        '<ol class="mlops-spectrum" aria-label="From obvious to nearly invisible" '
        f'style="display:flex;gap:.3em;list-style:none;padding:0;margin:.4em 0">{"".join(segments)}</ol>'
    )


def data_error_spectrum() -> Explorer:
    """Data errors from obvious to nearly invisible; choose one to see examples.

    >>> spectrum = data_error_spectrum()
    >>> len(spectrum.views.children)
    3
    """
    rows = data.load("data_error_spectrum").sort_values("order", ignore_index=True)
    views = [
        _spectrum_bar(rows, i)
        + _heading(r.name)
        + _para(r.visibility, "How visible:")
        + _para(r.examples, "Examples:")
        + _para(r.description)
        for i, r in enumerate(rows.itertuples())
    ]
    return Explorer(
        "data-error-spectrum",
        "A spectrum of data problems",
        _buttons(rows["name"].tolist(), "Error type"),
        views,
        0,
    )


# --- 6. Anti-patterns ---------------------------------------------------------


def anti_pattern_tabs() -> Explorer:
    """The four anti-patterns, each with its text and quotes.

    >>> tabs = anti_pattern_tabs()
    >>> tabs.control.options[0][0]
    '1 Industry-Classroom Mismatch'
    """
    rows = data.load("anti_patterns").sort_values("order", ignore_index=True)
    views = [
        _heading(r.title, r.icon) + _para(r.text) + blocks.quotes(r.quote_ids).html for r in rows.itertuples()
    ]
    labels = [f"{r.order} {r.short_name}" for r in rows.itertuples()]
    return Explorer("anti-pattern-tabs", "Four common traps", _buttons(labels, "Trap"), views, 0)


# --- 7. The four-layer stack --------------------------------------------------


def _building(rows: pd.DataFrame, selected: int) -> str:
    floors = []
    for i, r in enumerate(rows.itertuples()):
        chosen = i == selected
        colours = f"background:{style.BLUE};color:#fff;border:3px solid {style.INK}" if chosen else (
            f"background:#fff;color:{style.INK};border:1px solid {style.MUTED}"
        )
        floors.append(
            f'<li{CURRENT if chosen else ""} style="{colours};margin:0 0 .25em;padding:.5em .8em;'
            f'border-radius:4px;{"font-weight:bold" if chosen else ""}">'
            f'<span aria-hidden="true">{esc(r.icon)}</span> {esc(r.name)}</li>'
        )
    return (
        '<div class="mlops-building" style="flex:1 1 15em;min-width:0;max-width:22em">'
        f'<p style="{TEXT};font-size:.92em">{esc(data.interactive_text("stack_explorer", "top"))}</p>'
        '<ol aria-label="The layers as floors of a building, top floor first" '
        f'style="list-style:none;padding:0;margin:0">{"".join(floors)}</ol>'
        f'<p style="{TEXT};font-size:.92em">{esc(data.interactive_text("stack_explorer", "bottom"))}</p></div>'
    )


def stack_explorer() -> Explorer:
    """The four layers of the MLOps stack as floors of a building; choose a floor.

    >>> stack = stack_explorer()
    >>> [o[0] for o in stack.control.options][0]
    'Run Layer'
    """
    rows = data.load("stack_layers").sort_values("order", ignore_index=True)
    views = []
    for i, r in enumerate(rows.itertuples()):
        tools = "".join(f"<li>{esc(t.strip())}</li>" for t in r.tools.split(";"))
        details = (
            _heading(r.name, r.icon)
            + _para(r.role, "Role:")
            + f'<p style="{TEXT}"><strong>Tools:</strong></p><ul style="{TEXT}">{tools}</ul>'
            + _para(r.change_frequency or "The explainer gives no change frequency for this layer.", "How often it changes:")
            + (_para(r.note, "Note:") if r.note else "")
        )
        views.append(
            '<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start">'
            f'{_building(rows, i)}<div style="flex:1 1 16em;min-width:0">{details}</div></div>'
        )
    return Explorer(
        "stack-explorer",
        "The four-layer MLOps stack",
        _buttons(rows["name"].tolist(), "Layer"),
        views,
        0,
    )


# --- 8. Participants (beyond the explainer) -----------------------------------


def _participant_view(person, sizes, citations: pd.DataFrame, quotes: pd.DataFrame) -> str:
    pid = person.id
    facts = (
        f'<dl style="{TEXT};display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em">'
        f"<dt><strong>Role</strong></dt><dd style=\"margin:0\">{esc(person.role)}</dd>"
        f"<dt><strong>Company size</strong></dt><dd style=\"margin:0\">"
        f"{esc(person.company_size)} ({esc(sizes[person.company_size])} employees)</dd>"
        f"<dt><strong>Application</strong></dt><dd style=\"margin:0\">{esc(person.application)}</dd></dl>"
    )
    own = citations[citations["participant"] == pid]
    said = quotes[quotes["speaker"] == pid]
    if own.empty and said.empty:
        cited = _para(
            f"The explainer names {pid} only in its participants table: it cites them for no theme "
            "and quotes no words of theirs."
        )
    else:
        groups = []
        for kind in dict.fromkeys(own["kind"]):
            themes = "".join(f"<li>{esc(t)}</li>" for t in dict.fromkeys(own[own["kind"] == kind]["theme"]))
            groups.append(f'<p style="{TEXT}"><strong>{esc(kind)}</strong></p><ul style="{TEXT}">{themes}</ul>')
        cited = f'<p style="{TEXT}">Where the book cites {esc(pid)}:</p>' + "".join(groups)
        if said.empty:
            cited += _para(f"The explainer quotes no words of {pid}'s.")
        else:
            cited += f'<p style="{TEXT}">What {esc(pid)} said:</p>' + "".join(
                blocks.quote(q).html for q in said["id"]
            )
    return _heading(data.speaker_line(pid)) + facts + cited


def participant_explorer() -> Explorer:
    """Each of the 18 interviewees: who they are and every place the book cites them.

    >>> people = participant_explorer()
    >>> len(people.views.children), people.control.label
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
        control,
        [_participant_view(p, sizes, citations, quotes) for p in people.itertuples()],
        _index_of(people, "id", DEFAULT_PARTICIPANT, "participants"),
        intro=_badge(
            "Beyond the explainer:",
            "this explorer gathers, for each interviewee, every place the book's data names them.",
            dashed=True,
        ),
        keys=KEYS_DROPDOWN,
    )
