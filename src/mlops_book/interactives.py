"""The registry of the book's interactives: one entry each, read by chapters, tests and the benchmark.

An :class:`Interactive` says which builder makes it, which chapter shows it, what its
controls are, which rows are its states (in the order of the control's positions) and
which texts from ``data/`` each state must show. The state tests, the browser tests, the
bad-input tests and ``tools/bench.py`` go through :data:`INTERACTIVES`; no other file lists
the interactives, and a test checks that each chapter calls exactly the builders
registered for it.

An interactive with several controls (a lab over a grid of precomputed states) lists one
kind per control in ``controls``; its ``states`` are every combination, in row-major order
(the first control's position changes slowest), one row each. The labs' entries are made from
their records (:mod:`mlops_book.labs.catalogue`), one each.

>>> tension = interactive("tension_slider")
>>> tension.css_class, tension.page, tension.controls
('mlops-tension-slider', 'chapters/05_three_vs.html', ('slider',))
>>> tension.state_texts()[0][0]
'Favour velocity'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from . import data, labs, views, widgets
from .labs import catalogue
from .labs import widgets as lab_widgets
from .labs.charts import SIMULATION_LABEL
from .paths import BOOK_ROOT

#: The kinds of control an interactive may have: toggle buttons, a diagram whose parts are toggle buttons
#: (:func:`mlops_book.drawings.diagram`; the arrow keys move between them too), a selection slider, a drop-down.
CONTROL_KINDS = ("buttons", "diagram", "slider", "dropdown")


@dataclass(frozen=True)
class Interactive:
    """One interactive of the book.

    ``builder``: the function of no arguments that builds the widget (its name is the
    interactive's name); ``chapter``: the chapter showing it, as a path without suffix from
    the book's root; ``controls``: the kind of each control, in the order shown;
    ``states``: a function giving the rows that are its states, one row per state, in state
    order; ``texts``: for one such row, the texts from ``data/`` that its view must show;
    ``name``: the interactive's name (by default the builder's, e.g. ``"tension_slider"``);
    ``call``: the code by which its chapter builds it (by default ``widgets.<name>()``).
    """

    builder: Callable[[], Any]
    chapter: str
    controls: tuple[str, ...]
    states: Callable[[], pd.DataFrame]
    texts: Callable[[Any], list[str]]
    name: str = ""
    call: str = ""

    def __post_init__(self):
        if not self.name:
            object.__setattr__(self, "name", self.builder.__name__)
        if not self.call:
            object.__setattr__(self, "call", f"widgets.{self.name}()")
        unknown = [kind for kind in self.controls if kind not in CONTROL_KINDS]
        if not self.controls or unknown:
            raise ValueError(f"{self.name}: controls must be some of {CONTROL_KINDS}, not {self.controls}")

    @property
    def css_class(self) -> str:
        """The outer CSS class of the built widget, by which tests and readers' tools find it."""
        return "mlops-" + self.name.replace("_", "-")

    @property
    def page(self) -> str:
        """The chapter's page in the built book, relative to its top folder."""
        return f"{self.chapter}.html"

    @property
    def source(self):
        """The chapter's file."""
        return BOOK_ROOT / f"{self.chapter}.md"

    def build(self):
        """A new widget, as the chapter shows it."""
        return self.builder()

    def state_texts(self) -> list[list[str]]:
        """For each state, in state order, the texts from ``data/`` that its view must show."""
        return [self.texts(row) for row in self.states().itertuples()]


def rows(file: str, order: str | None = None) -> Callable[[], pd.DataFrame]:
    """The states of an interactive that shows one row of ``data/<file>.csv`` per state.

    The rows are sorted by the column ``order``, or kept in the file's order without one.

    >>> rows("tension_states", "position")()["label"].iloc[-1]
    'Favour validation'
    """

    def states() -> pd.DataFrame:
        frame = data.load(file)
        return frame.sort_values(order, ignore_index=True) if order else frame

    return states


def lab_states(lab: catalogue.Lab) -> Callable[[], pd.DataFrame]:
    """The states of a lab (:mod:`mlops_book.labs.widgets`): every combination of its two controls.

    >>> lab_states(catalogue.lab("alerts"))().iloc[1].to_dict()
    {'threshold': 2.5, 'rule': 'static, 3 hours in a row'}
    """
    return lambda: pd.DataFrame(labs.grid_points(lab.grid()))


def _lab_texts(lab: catalogue.Lab) -> Callable[[Any], list[str]]:
    """A lab state's key numbers in words (computed from the simulation) and the simulation label."""
    return lambda row: [lab.grid_states().states[tuple(row[1:])].words, SIMULATION_LABEL]


def _lab(lab: catalogue.Lab) -> Interactive:
    """The registry's entry of a lab, from its record: its chapter calls ``widgets.explorer("<name>")``."""
    return Interactive(partial(lab_widgets.explorer, lab.name), lab.chapter, lab.control_kinds, lab_states(lab),
                       _lab_texts(lab), name=lab.widget_name, call=f'widgets.explorer("{lab.name}")')


def _quoted(quote_ids) -> list[str]:
    """The quotes as a state shows them: the paper's wording where it differs (the explainer's is in the note)."""
    return [q["paper_text"] or q["text"] for q in data.quotes_for(quote_ids)]


def _finding_texts(finding) -> list[str]:
    cards = data.load("cards")
    return [
        finding.summary,
        finding.analogy,
        *cards[cards["group"] == finding.id]["title"],
    ]


def _cadence_texts(cadence) -> list[str]:
    quotes = data.load("quotes")
    said = cadence.quote_ids or " ".join(quotes.loc[quotes["speaker"] == cadence.participant, "id"])
    return [cadence.cadence, data.speaker_line(cadence.participant), *_quoted(said)]


def _participant_texts(person) -> list[str]:
    # their quotes are folded in the view (one tap away), so they are not among what it shows at once
    quotes = data.load("quotes")
    said = (quotes["speaker"] == person.id).sum()
    folded = [f"What {person.id} said: {said} quote" + ("" if said == 1 else "s")] if said else []
    return [data.speaker_line(person.id), person.application, *folded]


#: Every interactive of the book, in reading order.
INTERACTIVES: tuple[Interactive, ...] = (
    Interactive(
        widgets.workflow_cycle,
        "chapters/04_workflow",
        ("diagram",),
        rows("workflow_tasks", "order"),
        lambda task: [task.name, task.description, task.garden_analogy],
    ),
    Interactive(
        widgets.tension_slider,
        "chapters/05_three_vs",
        ("slider",),
        rows("tension_states", "position"),
        lambda state: [state.label, state.text],
    ),
    Interactive(widgets.findings_tabs, "chapters/06_findings", ("buttons",), rows("findings", "order"), _finding_texts),
    Interactive(
        widgets.retraining_explorer, "chapters/06_findings", ("slider",), views.retraining_stops, _cadence_texts
    ),
    Interactive(
        widgets.data_error_spectrum,
        "chapters/07_challenges",
        ("diagram",),
        rows("data_error_spectrum", "order"),
        lambda error: [error.examples, error.description],
    ),
    Interactive(
        widgets.anti_pattern_tabs,
        "chapters/08_anti_patterns",
        ("buttons",),
        rows("anti_patterns", "order"),
        lambda pattern: [pattern.title, pattern.text, *_quoted(pattern.quote_ids)],
    ),
    Interactive(
        widgets.stack_explorer,
        "chapters/09_stack",
        ("diagram",),
        rows("stack_layers", "order"),
        lambda layer: [layer.role, layer.change_frequency or "no change frequency"],
    ),
    Interactive(
        widgets.participant_explorer,
        "chapters/10_research_data",
        ("dropdown",),
        rows("participants"),
        _participant_texts,
    ),
    *(_lab(lab) for lab in catalogue.LABS),
)


def interactive(name: str) -> Interactive:
    """The registered interactive called ``name``; a clear error for a name that is not registered.

    >>> interactive("stack_explorer").chapter
    'chapters/09_stack'
    >>> interactive("stack")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "no interactive 'stack'; registered: workflow_cycle, tension_slider, findings_tabs, ..."
    """
    for entry in INTERACTIVES:
        if entry.name == name:
            return entry
    names = ", ".join(entry.name for entry in INTERACTIVES)
    raise KeyError(f"no interactive {name!r}; registered: {names}")
