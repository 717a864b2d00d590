"""The paper trail: how far the paper supports a record, and the short note the page shows when not fully.

Every fact record in ``data/`` names, in ``paper_section``, the section(s) of the paper it
comes from (ids of ``data/paper_sections.csv``, space-separated), or says
``not-in-paper`` (the paper's body text does not contain it) or ``contradicted`` (the
paper says otherwise). Such a record must say in ``paper_note`` what the paper says
instead. A record cited to a section can still be only *partly* supported: its note then
begins with one of :data:`PARTLY` ("Partly not in the paper: ...", "Partly differs: ...").
The issue allows only the three forms in ``paper_section``, so "partly" lives in the note
that explains it, and :func:`support` derives it; the loader refuses a note that starts
with "Partly" in any other way, so a misspelt prefix cannot hide a partial record.

>>> support("4.3.3", "")
'full'
>>> support("4.1.3 figure-1", "Partly not in the paper: no 10% step.")
'partly'
>>> note_for({"paper_section": "not-in-paper", "paper_note": "No count of industries."})["label"]
'Not in the paper'
>>> note_for({"paper_section": "5.2.2", "paper_note": "Said by the authors."}) is None
True
"""

from __future__ import annotations

from .schema import AUTHORS

NOT_IN_PAPER = "not-in-paper"
CONTRADICTED = "contradicted"
#: How a note begins when its record, though cited to a section, is only partly supported.
PARTLY = ("Partly not in the paper:", "Partly differs:")
#: What the page calls each kind of support short of full (a partly supported record: by its prefix).
LABELS = {
    NOT_IN_PAPER: "Not in the paper",
    CONTRADICTED: "The paper says otherwise",
    PARTLY[0]: "Partly not in the paper",
    PARTLY[1]: "Partly differs from the paper",
}


class PaperTrailError(ValueError):
    """A record's paper columns do not fit together; ``column`` names the cell at fault."""

    def __init__(self, column: str, problem: str):
        self.column = column
        super().__init__(problem)


def check_sections(column, value: str, known: set) -> str:
    """A ``paper_section`` cell, refused unless it lists known sections or is exactly one status.

    ``column`` is the :class:`~mlops_book.schema.Column` (the loader's check signature).

    >>> check_sections(None, "4.3.3 5.1.4", {"4.3.3", "5.1.4"})
    '4.3.3 5.1.4'
    >>> check_sections(None, "4.3.9", {"4.3.3"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlops_book.paper.PaperTrailError: '4.3.9' is not a section of the paper (see paper_sections.csv), ...
    """
    ids = value.split()
    statuses = [i for i in ids if i in (NOT_IN_PAPER, CONTRADICTED)]
    if statuses and len(ids) > 1:
        raise PaperTrailError("paper_section", f"{statuses[0]!r} must stand alone, not with other sections: {value!r}")
    for section in ids:
        if section not in known and section not in (NOT_IN_PAPER, CONTRADICTED):
            raise PaperTrailError(
                "paper_section",
                f"{section!r} is not a section of the paper (see paper_sections.csv), "
                f"nor {NOT_IN_PAPER} or {CONTRADICTED}",
            )
    return value


def check_speaker(column, value: str, participants: set) -> str:
    """A ``paper_speaker`` cell, refused unless it is a participant's ID or ``authors``.

    >>> check_speaker(None, "authors", {"P1"}), check_speaker(None, "P1", {"P1"})
    ('authors', 'P1')
    """
    if value != AUTHORS and value not in participants:
        raise PaperTrailError(
            "paper_speaker", f"{value!r} is neither a participant in participants.csv nor {AUTHORS!r}"
        )
    return value


def check_record(section: str, note: str) -> None:
    """Refuse a record whose note is missing where it is needed, or starts "Partly" in an unknown way.

    >>> check_record("not-in-paper", "")
    Traceback (most recent call last):
    ...
    mlops_book.paper.PaperTrailError: is empty, but a not-in-paper record must say what the paper says instead
    """
    if section in (NOT_IN_PAPER, CONTRADICTED) and not note:
        raise PaperTrailError(
            "paper_note", f"is empty, but a {section} record must say what the paper says instead"
        )
    if note.startswith("Partly"):
        if not note.startswith(PARTLY):
            raise PaperTrailError("paper_note", f"a partly supported record's note begins with one of {PARTLY}")
        if section in (NOT_IN_PAPER, CONTRADICTED):
            raise PaperTrailError("paper_note", f"a {section} record cannot be partly supported")


def support(section: str, note: str) -> str:
    """How far the paper supports a record: ``full``, ``partly``, ``not-in-paper`` or ``contradicted``."""
    if section in (NOT_IN_PAPER, CONTRADICTED):
        return section
    return "partly" if note.startswith(PARTLY) else "full"


def cited_sections(section: str) -> list[str]:
    """The paper sections a ``paper_section`` cell cites (none for not-in-paper or contradicted).

    >>> cited_sections("4.1.3 figure-1"), cited_sections("not-in-paper")
    (['4.1.3', 'figure-1'], [])
    """
    return [] if section in (NOT_IN_PAPER, CONTRADICTED) else section.split()


def section_label(section_id: str) -> str:
    """How the book writes one section id of the paper: ``§4.3.3``, ``Abstract``, ``Table 1``.

    >>> [section_label(s) for s in ("4.3.3", "abstract", "table-1", "figure-1")]
    ['§4.3.3', 'Abstract', 'Table 1', 'Figure 1']
    """
    if section_id[0].isdigit():
        return f"§{section_id}"
    return section_id.replace("-", " ").capitalize()


def sections_label(section: str) -> str:
    """A ``paper_section`` cell as the book writes it: ``§4.1.3, Figure 1``, or ``not in the paper``.

    >>> sections_label("4.1.3 figure-1"), sections_label("not-in-paper")
    ('§4.1.3, Figure 1', 'not in the paper')
    """
    cited = cited_sections(section)
    return ", ".join(section_label(s) for s in cited) if cited else LABELS[section].lower()


def where(record) -> str:
    """Where in the paper a record stands, in words for a table cell: its sections, or its note.

    >>> where({"paper_section": "3.3", "paper_note": "Partly not in the paper: no hierarchies."})
    'Partly not in the paper (§3.3): no hierarchies.'
    """
    note = note_for(record)
    cited = sections_label(_field(record, "paper_section"))
    if note is None:
        return cited
    if note["support"] == "partly":
        return f"{note['label']} ({cited}): {note['text']}"
    return f"{note['label']}: {note['text']}"


def _field(record, name: str) -> str:
    value = record[name] if isinstance(record, dict) else getattr(record, name)
    return value if isinstance(value, str) else ""


def note_for(record) -> dict | None:
    """The note a page shows beside a record the paper does not fully support, else ``None``.

    ``record`` is a dict or a row (``itertuples``) with ``paper_section`` and ``paper_note``.
    The result has ``support``, ``label``, ``sections`` (what the record cites, as the book
    writes it) and ``text`` (the note, its "Partly" prefix dropped since the label says it);
    all plain text, escaped by the template.
    """
    section, note = _field(record, "paper_section"), _field(record, "paper_note")
    kind = support(section, note)
    if kind == "full":
        return None
    prefix = next((p for p in PARTLY if note.startswith(p)), "")
    return {
        "support": kind,
        "label": LABELS[prefix or kind],
        "sections": ", ".join(section_label(s) for s in cited_sections(section)),
        "text": note[len(prefix):].strip(),
    }


#: The columns that hold what a record of each fact file says, in the explainer's words.
CLAIM_COLUMNS = {
    "anti_patterns": ("title", "text"),
    "bugs": ("bug", "participant"),
    "cards": ("title", "text"),
    "challenges": ("title", "summary"),
    "company_sizes": ("size", "employees"),
    "data_error_spectrum": ("name", "description"),
    "data_issue_hierarchy": ("name", "description"),
    "deployment_stages": ("stage", "description"),
    "findings": ("title", "summary"),
    "headline_figures": ("value", "label"),
    "interactive_text": ("value",),
    "method": ("key", "value"),
    "participants": ("id", "role", "company_size", "application"),
    "quotes": ("text",),
    "retraining": ("cadence",),
    "stack_layers": ("name", "role", "tools"),
    "takeaways": ("title", "text"),
    "ten_x_tools": ("tool", "v"),
    "tension_states": ("label", "text"),
    "three_vs": ("name", "description"),
    "vs_citations": ("v", "participant"),
    "workflow_tasks": ("name", "description"),
}
