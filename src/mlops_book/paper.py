"""The paper trail: how far the paper supports a record, checked against its note, and the note the page shows.

Every fact record in ``data/`` has three paper columns:

- ``paper_section``: the parts of the paper it rests on, ids of ``data/paper_sections.csv``
  (space-separated): numbered sections (``4.3.3``), run-in paragraphs of a section
  (``4.2-validation``: §4.2's paragraph "Validation"), and the parts the transcription the book
  read does not contain (``table-1``, ``figure-1``, ``footnote-2``, ``appendix-b``, ``appendix-c``:
  ``in_transcription`` = ``no``);
- ``paper_support``: one of :data:`STATUSES` (its meaning in :data:`MEANINGS`);
- ``paper_note``: what the paper says, in a sentence or two; required for every status but
  ``supported``.

:func:`check_record` refuses a record whose status and note do not fit together, by the rules
in :data:`RULES`, so a note that admits a mismatch cannot stand beside "supported".

>>> note_for({"paper_section": "", "paper_support": "not-in-paper", "paper_note": "No count."})["label"]
'Not in the paper'
>>> note_for({"paper_section": "5.2.2", "paper_support": "supported", "paper_note": "Said by P5."}) is None
True
"""

from __future__ import annotations

import re

from .schema import AUTHORS, PAPER_STATUSES

#: The values of ``paper_support``, from the fullest support to none (the schema's choices).
STATUSES = PAPER_STATUSES
SUPPORTED, PARTLY, NOT_IN_PAPER, NOT_VERIFIABLE, CONTRADICTED = STATUSES
#: What each status means (the differ page and "How this book is built" say the same).
MEANINGS = {
    SUPPORTED: "the sections it cites say it",
    PARTLY: "the sections it cites say part of it; the note says which part is not there, or differs",
    NOT_IN_PAPER: "the paper's available text was read and it is not there",
    NOT_VERIFIABLE: "it rests on a part of the paper the available text lacks (Table 1, a figure, a footnote, "
    "an appendix), which it cites and its note names",
    CONTRADICTED: "the paper says otherwise",
}
#: What the page calls each status short of "supported".
LABELS = {
    PARTLY: "Partly in the paper",
    NOT_IN_PAPER: "Not in the paper",
    NOT_VERIFIABLE: "Not verifiable here",
    CONTRADICTED: "The paper says otherwise",
}
#: Words with which a note admits that the record says more than, or other than, the paper
#: (outside the quotations the note makes): a "supported" record's note may not use them.
ADMITS_MISMATCH = (
    "not in the paper", "not in the body text", "not in §", "is not among", "no single", "gives no", "has no",
    "no such", "not that", "not as", "differs", "simplifies", "is the explainer's", "are the explainer's",
    "not the paper's", "not a recommendation", "not a quotation", "not what", "only one", "hedges", "with a hedge",
)
#: Words with which a note says the record rests on a part of the paper the transcription lacks:
#: a "not-in-paper" record's note may not use them (that record is "not-verifiable").
ADMITS_UNREAD = ("lacks", "appendix", "table 1", "footnote", "figure 4", "unchecked", "not checked")
#: The rules :func:`check_record` applies, in words (the differ page lists them).
RULES = (
    "Every record has a status; every status but 'supported' needs a note.",
    "'supported' and 'partly' cite at least one part of the paper the transcription contains.",
    "A 'supported' record's note does not admit a mismatch: outside its quotations it uses none of "
    + ", ".join(f"'{w}'" for w in ADMITS_MISMATCH)
    + " (an analogy may be called the explainer's).",
    "A 'not-verifiable' record cites a part the transcription lacks, and its note names that part.",
    "A 'not-in-paper' record cites no part the transcription lacks, and its note does not say it rests on one "
    "(none of " + ", ".join(f"'{w}'" for w in ADMITS_UNREAD) + "): that record is 'not-verifiable'.",
)


class PaperTrailError(ValueError):
    """A record's paper columns do not fit together; ``column`` names the cell at fault."""

    def __init__(self, column: str, problem: str):
        self.column = column
        super().__init__(problem)


def check_sections(column, value: str, known: set) -> str:
    """A ``paper_section`` cell, refused unless every id in it is a part of the paper's outline.

    ``column`` is the :class:`~mlops_book.schema.Column` (the loader's check signature).

    >>> check_sections(None, "4.3.3 5.1.4", {"4.3.3", "5.1.4"})
    '4.3.3 5.1.4'
    >>> check_sections(None, "not-in-paper", {"4.3.3"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlops_book.paper.PaperTrailError: 'not-in-paper' is a status: it goes in paper_support, ...
    """
    for section in value.split():
        if section in STATUSES:
            raise PaperTrailError(
                "paper_section", f"{section!r} is a status: it goes in paper_support, and paper_section "
                "lists only parts of the paper (or is empty)",
            )
        if section not in known:
            raise PaperTrailError(
                "paper_section", f"{section!r} is not a section of the paper (see paper_sections.csv)"
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


def outside_quotations(note: str) -> str:
    """The note without the words it quotes ('...' or "..."), and without "the X analogy is the explainer's".

    >>> outside_quotations("P18: '90% of them aren't immediate', not that 90% were ignored.")
    'P18: , not that 90% were ignored.'
    """
    note = re.sub(r"(?<![\w])'.*?'(?![\w])", "", note)
    note = re.sub(r'"[^"]*"', "", note)
    return re.sub(r"\banalog(?:y|ies) (?:is|are) the explainer's", "", note)


def _label_in(note: str, section_id: str) -> bool:
    label = section_label(section_id).casefold()
    return label in note.casefold() or label.replace("footnote ", "footnote (") in note.casefold()


def check_record(status: str, section: str, note: str, unread: set) -> None:
    """Refuse a record whose status, sections and note do not fit together (:data:`RULES`).

    ``unread`` is the set of outline ids the transcription lacks (``in_transcription`` = ``no``).

    >>> check_record("supported", "4.4.3", "The paper gives no single sequence.", {"table-1"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlops_book.paper.PaperTrailError: status 'supported', but its note admits a mismatch ('no single'): use 'partly' ...
    >>> check_record("not-verifiable", "3.3 appendix-c", "§3.3 refers them to Appendix C.", {"appendix-c"})
    """
    cited = section.split()
    read = [s for s in cited if s not in unread]
    if status != SUPPORTED and not note:
        raise PaperTrailError("paper_note", f"is empty, but a {status!r} record must say what the paper says")
    if status in (SUPPORTED, PARTLY) and not read:
        raise PaperTrailError(
            "paper_section", f"a {status!r} record cites a part of the paper the transcription contains"
            + (f"; {', '.join(cited)} is not in it: use 'not-verifiable'" if cited else ""),
        )
    if status == SUPPORTED:
        said = outside_quotations(note).casefold()
        admitted = [w for w in ADMITS_MISMATCH if w in said]
        if admitted:
            raise PaperTrailError(
                "paper_support", f"status 'supported', but its note admits a mismatch ({admitted[0]!r}): "
                "use 'partly' (the note says how) or 'not-in-paper'",
            )
    if status == NOT_VERIFIABLE:
        lacking = [s for s in cited if s in unread]
        if not lacking:
            raise PaperTrailError(
                "paper_section", "a 'not-verifiable' record cites the part of the paper the transcription lacks "
                f"({', '.join(sorted(unread))})",
            )
        if not any(_label_in(note, s) for s in lacking):
            raise PaperTrailError(
                "paper_note", f"a 'not-verifiable' record's note names the part it rests on: "
                f"{' or '.join(section_label(s) for s in lacking)}",
            )
    if status == NOT_IN_PAPER:
        lacking = [s for s in cited if s in unread]
        said = outside_quotations(note).casefold()
        admitted = [w for w in ADMITS_UNREAD if w in said]
        if lacking or admitted:
            why = f"cites {lacking[0]!r}" if lacking else f"its note says {admitted[0]!r}"
            raise PaperTrailError(
                "paper_support", f"status 'not-in-paper', but it rests on a part of the paper the transcription "
                f"lacks ({why}): use 'not-verifiable'",
            )


def cited_sections(section: str) -> list[str]:
    """The parts of the paper a ``paper_section`` cell cites.

    >>> cited_sections("4.1-evaluation-deployment figure-1"), cited_sections("")
    (['4.1-evaluation-deployment', 'figure-1'], [])
    """
    return section.split()


def _outline_titles() -> dict:
    from . import data  # data imports this module: look the outline up when asked

    return data.load("paper_sections").set_index("id")["title"].to_dict()


def section_label(section_id: str) -> str:
    """How the book writes one part of the paper, as a reader finds it in the PDF.

    Numbered sections (three levels at most): ``§4.3.3``. A run-in paragraph: its section's number
    and the paragraph's title, ``§4.2, 'Validation'``. The rest: ``Abstract``, ``Table 1``, ``Appendix C``.

    >>> [section_label(s) for s in ("4.3.3", "4.2-validation", "abstract", "table-1", "appendix-c", "footnote-2")]
    ['§4.3.3', "§4.2, 'Validation'", 'Abstract', 'Table 1', 'Appendix C', 'Footnote 2']
    """
    if section_id[0].isdigit():
        number, _, paragraph = section_id.partition("-")
        return f"§{number}, '{_outline_titles()[section_id]}'" if paragraph else f"§{number}"
    first, *rest = section_id.split("-")
    return " ".join([first.capitalize(), *(w.upper() if len(w) == 1 else w for w in rest)])


def sections_label(section: str) -> str:
    """A ``paper_section`` cell as the book writes it: ``§4.1, 'Model Evaluation and Deployment'; Figure 1``.

    >>> sections_label("4.3.3 figure-1"), sections_label("")
    ('§4.3.3; Figure 1', '')
    """
    return "; ".join(section_label(s) for s in cited_sections(section))


def _field(record, name: str) -> str:
    value = record.get(name, "") if isinstance(record, dict) else getattr(record, name, "")
    return value if isinstance(value, str) else ""


def support(record) -> str:
    """A record's status (its ``paper_support``), from a dict or a row (``itertuples``)."""
    return _field(record, "paper_support")


def note_for(record) -> dict | None:
    """The note a page shows beside a record the paper does not fully support, else ``None``.

    ``record`` is a dict or a row (``itertuples``) with ``paper_section``, ``paper_support`` and
    ``paper_note``. The result has ``support``, ``label``, ``sections`` (what the record cites,
    as the book writes it) and ``text`` (the note); all plain text, escaped by the template.
    """
    status = support(record)
    if status in ("", SUPPORTED):
        return None
    return {
        "support": status,
        "label": LABELS[status],
        "sections": sections_label(_field(record, "paper_section")),
        "text": _field(record, "paper_note"),
    }


def where(record) -> str:
    """Where in the paper a record stands, in words for a table cell: its sections, and its note when not supported.

    >>> where({"paper_section": "3.3", "paper_support": "partly", "paper_note": "No hierarchies."})
    'Partly in the paper (§3.3): No hierarchies.'
    >>> where({"paper_section": "3.3", "paper_support": "supported", "paper_note": ""})
    '§3.3'
    """
    note = note_for(record)
    cited = sections_label(_field(record, "paper_section"))
    if note is None:
        return cited
    return f"{note['label']}{f' ({cited})' if cited else ''}: {note['text']}"


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
