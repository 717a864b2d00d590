"""The schema of every data file: its columns, their kinds and keys.

Each CSV file in ``data/`` has one :class:`Schema` in :data:`SCHEMAS`: its
columns in order, and the columns whose values together must be unique. A
column's kind is a :class:`ColumnKind`, so a misspelt kind stops the package
from importing instead of quietly turning a check off:

>>> SCHEMAS["participants"].names
['id', 'role', 'company_size', 'application', 'section', 'paper_section', 'paper_support', 'paper_note']
>>> Column("speaker", "partcipant")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
TypeError: column 'speaker': kind 'partcipant' is not a ColumnKind; use one of ColumnKind.TEXT, ...

:mod:`mlops_book.data` reads the files and checks every cell against its column.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

ROLES = ("MLE", "MLE Manager")
LEVELS = ("strong", "moderate", "strained", "not stated")
STATE_KINDS = ("seed", "derived", "illustration")
VISIBILITIES = ("Obvious", "Hard to Spot", "Nearly Invisible")
#: How far the paper supports a record (``paper_support``; their meanings: :mod:`mlops_book.paper`).
PAPER_STATUSES = ("supported", "partly", "not-in-paper", "not-verifiable", "contradicted")


class ColumnKind(enum.Enum):
    """What a column holds, and so how each of its cells is checked."""

    TEXT = "text"  # any text
    INT = "int"  # a whole number
    NUMBER = "number"  # a number; when the column is optional, empty cells are NaN
    PARTICIPANT = "participant"  # one ID from participants.csv
    QUOTES = "quotes"  # space-separated IDs from quotes.csv
    SECTION = "section"  # the ID of a section of the explainer, from sections.csv
    PAPER_SECTIONS = "paper sections"  # space-separated IDs from paper_sections.csv
    PAPER_SPEAKER = "paper speaker"  # one ID from participants.csv, or "authors" (the study's authors)
    CHOICE = "choice"  # one of the column's ``choices``
    REF = "ref"  # a value of another file's column, named by the column's ``ref``


#: The kinds whose values name records of another file, and which ``file.column`` they name.
REFERS_TO = {
    ColumnKind.PARTICIPANT: "participants.id",
    ColumnKind.QUOTES: "quotes.id",
    ColumnKind.SECTION: "sections.id",
    ColumnKind.PAPER_SECTIONS: "paper_sections.id",
    ColumnKind.PAPER_SPEAKER: "participants.id",
}
#: The ``paper_speaker`` of words that are the study's authors' own, not an interviewee's.
AUTHORS = "authors"


@dataclass(frozen=True)
class Column:
    """One column of a schema: its name, its kind, whether a cell may be empty.

    ``choices`` belongs to (and only to) a ``CHOICE`` column; ``ref``, a
    ``"file.column"`` such as ``"three_vs.id"``, to (and only to) a ``REF`` column.

    >>> Column("role", ColumnKind.CHOICE, choices=ROLES).kind.value
    'choice'
    >>> Column("v", ColumnKind.REF)
    Traceback (most recent call last):
    ...
    ValueError: column 'v': a REF column needs ref="file.column", got ''
    """

    name: str
    kind: ColumnKind = ColumnKind.TEXT
    required: bool = True
    choices: tuple = ()
    ref: str = ""

    def __post_init__(self):
        if not isinstance(self.kind, ColumnKind):
            known = ", ".join(str(k) for k in ColumnKind)
            raise TypeError(
                f"column {self.name!r}: kind {self.kind!r} is not a ColumnKind; use one of {known}"
            )
        if (self.kind is ColumnKind.CHOICE) != bool(self.choices):
            raise ValueError(
                f"column {self.name!r}: choices are for a CHOICE column, and a CHOICE column needs them"
            )
        if self.kind is ColumnKind.REF and len(self.ref.split(".")) != 2:
            raise ValueError(f'column {self.name!r}: a REF column needs ref="file.column", got {self.ref!r}')
        if self.kind is not ColumnKind.REF and self.ref:
            raise ValueError(f"column {self.name!r}: ref={self.ref!r} is only for a REF column")

    @property
    def target(self) -> str:
        """The ``file.column`` whose values this column names, or ``""`` when it names none.

        >>> Column("speaker", ColumnKind.PARTICIPANT).target
        'participants.id'
        """
        return self.ref or REFERS_TO.get(self.kind, "")


@dataclass(frozen=True)
class Schema:
    """A data file's columns, in order, and its key: the columns whose values, together, are unique."""

    columns: tuple
    key: tuple = ()

    def __post_init__(self):
        unknown = [k for k in self.key if k not in self.names]
        if unknown:
            raise ValueError(f"key column {unknown[0]!r} is not one of the columns: {', '.join(self.names)}")

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def states_facts(self) -> bool:
        """Whether the file's records are facts traced to the paper (they have ``paper_section``)."""
        return "paper_section" in self.names


def _cols(*specs) -> tuple:
    """Columns from specs, a bare name standing for a required text column."""
    return tuple(c if isinstance(c, Column) else Column(c) for c in specs)


#: The two outlines, the explainer's and the paper's: every other file states facts.
OUTLINES = ("sections", "paper_sections")
#: Every record but those of the two outlines names the section of the explainer it comes from,
SECTION = Column("section", ColumnKind.SECTION)
#: and where in the paper it comes from, how far the paper supports it, and a note where it does not
#: fully (see :mod:`mlops_book.paper`). The outlines (sections.csv, paper_sections.csv) state no facts.
PAPER = (
    Column("paper_section", ColumnKind.PAPER_SECTIONS, required=False),
    Column("paper_support", ColumnKind.CHOICE, choices=PAPER_STATUSES),
    Column("paper_note", required=False),
)

SCHEMAS: dict[str, Schema] = {
    "sections": Schema(
        _cols("id", Column("order", ColumnKind.INT), "label", "heading", "chapter"), key=("id",)
    ),
    "paper_sections": Schema(
        _cols("id", "title", Column("in_transcription", ColumnKind.CHOICE, choices=("yes", "no"))),
        key=("id",),
    ),
    "company_sizes": Schema(
        _cols("size", Column("order", ColumnKind.INT), "employees", SECTION, *PAPER), key=("size",)
    ),
    "participants": Schema(
        _cols(
            "id",
            Column("role", ColumnKind.CHOICE, choices=ROLES),
            Column("company_size", ColumnKind.REF, ref="company_sizes.size"),
            "application",
            SECTION, *PAPER,
        ),
        key=("id",),
    ),
    "headline_figures": Schema(
        _cols(
            "id", "value", "label",
            Column("low", ColumnKind.NUMBER, required=False),
            Column("high", ColumnKind.NUMBER, required=False),
            Column("unit", required=False),
            Column("source", ColumnKind.PARTICIPANT, required=False),
            SECTION, *PAPER,
        ),
        key=("id",),
    ),
    "method": Schema(_cols("key", "value", SECTION, *PAPER), key=("key",)),
    "workflow_tasks": Schema(
        _cols(Column("order", ColumnKind.INT), "icon", "name", "description", "garden_analogy", SECTION, *PAPER),
        key=("name",),
    ),
    "three_vs": Schema(
        _cols("id", Column("order", ColumnKind.INT), "icon", "name", "analogy", "description", SECTION, *PAPER),
        key=("id",),
    ),
    "vs_citations": Schema(
        _cols(
            Column("v", ColumnKind.REF, ref="three_vs.id"),
            Column("participant", ColumnKind.PARTICIPANT),
            SECTION, *PAPER,
        ),
        key=("v", "participant"),
    ),
    "ten_x_tools": Schema(
        _cols("tool", Column("v", ColumnKind.REF, ref="three_vs.id"), SECTION, *PAPER), key=("tool",)
    ),
    "quotes": Schema(
        _cols(
            "id", Column("speaker", ColumnKind.PARTICIPANT, required=False), "text", "topic", SECTION, *PAPER,
            # the paper's wording where the explainer's differs; the speaker the paper names where
            # the explainer names nobody
            Column("paper_text", required=False), Column("paper_speaker", ColumnKind.PAPER_SPEAKER, required=False),
        ),
        key=("id",),
    ),
    "findings": Schema(
        _cols(
            "id", Column("order", ColumnKind.INT), "title", "analogy", "summary",
            Column("quote_ids", ColumnKind.QUOTES, required=False), SECTION, *PAPER,
        ),
        key=("id",),
    ),
    "challenges": Schema(
        _cols(
            "id", Column("order", ColumnKind.INT), "icon", "title", "summary", "tool_opportunity",
            Column("quote_ids", ColumnKind.QUOTES, required=False), SECTION, *PAPER,
        ),
        key=("id",),
    ),
    "cards": Schema(
        _cols(
            "group", Column("order", ColumnKind.INT), "icon", "title", "text",
            Column("quote_ids", ColumnKind.QUOTES, required=False), SECTION, *PAPER,
        ),
        key=("group", "order"),
    ),
    "data_error_spectrum": Schema(
        _cols(
            Column("order", ColumnKind.INT), "name",
            Column("visibility", ColumnKind.CHOICE, choices=VISIBILITIES),
            "examples", "description", SECTION, *PAPER,
        ),
        key=("name",),
    ),
    "data_issue_hierarchy": Schema(
        _cols(
            Column("rank", ColumnKind.INT), "name", "description",
            Column("quote_ids", ColumnKind.QUOTES, required=False), SECTION, *PAPER,
        ),
        key=("rank",),
    ),
    "bugs": Schema(
        _cols("bug", Column("participant", ColumnKind.PARTICIPANT), SECTION, *PAPER), key=("bug", "participant")
    ),
    "deployment_stages": Schema(
        _cols(Column("order", ColumnKind.INT), "stage", Column("description", required=False), SECTION, *PAPER),
        key=("stage",),
    ),
    "retraining": Schema(
        _cols(
            Column("position", ColumnKind.INT), "cadence",
            Column("participant", ColumnKind.PARTICIPANT, required=False),
            Column("quote_ids", ColumnKind.QUOTES, required=False), SECTION, *PAPER,
        ),
        key=("position",),
    ),
    "anti_patterns": Schema(
        _cols(
            Column("order", ColumnKind.INT), "short_name", "icon", "title", "text",
            Column("quote_ids", ColumnKind.QUOTES, required=False), SECTION, *PAPER,
        ),
        key=("order",),
    ),
    "stack_layers": Schema(
        _cols(
            Column("order", ColumnKind.INT), "icon", "name", "role", "tools",
            Column("change_frequency", required=False), Column("note", required=False), SECTION, *PAPER,
        ),
        key=("name",),
    ),
    "takeaways": Schema(_cols(Column("order", ColumnKind.INT), "title", "text", SECTION, *PAPER), key=("order",)),
    # The explainer's own wording on its interactives, and the state each one opens in.
    "interactive_text": Schema(_cols("interactive", "key", "value", SECTION, *PAPER), key=("interactive", "key")),
    "tension_states": Schema(
        _cols(
            Column("position", ColumnKind.INT), "label", "text",
            Column("velocity", ColumnKind.CHOICE, choices=LEVELS),
            Column("validation", ColumnKind.CHOICE, choices=LEVELS),
            Column("versioning", ColumnKind.CHOICE, choices=LEVELS),
            Column("kind", ColumnKind.CHOICE, choices=STATE_KINDS),
            "basis", SECTION, *PAPER,
        ),
        key=("position",),
    ),
}
