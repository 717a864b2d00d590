"""The lists of the page "Where the explainer and the paper differ", computed from ``data/``.

Each function renders one list of :mod:`mlops_book.views`' paper-trail views inside a
``<div class="mlops-paper-differences" data-list="...">``, grouped by the chapter that shows each
record (a heading per chapter, its number and title, linked), each record named by what it is and
in its own words, with the paper's sections by number and title: a reader never meets a data file's
name. Each record's item carries its key as ``data-record`` (``cards.csv: old-school-engineering, 3``,
or a quote's id), so that the page's tests can compare each list with the data. Nothing here is
typed by hand: a record whose ``paper_support`` is not ``supported`` appears in one of
:data:`LISTS` at the next build.

>>> html = unsupported().html
>>> 'data-list="unsupported"' in html, 'data-record="headline_figures.csv: rollout-steps"' in html
(True, True)
>>> html.count(".csv") == html.count("data-record="), "Chapter 4: The Workflow" in html  # file names only in keys
(True, True)
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd

from . import data, kit, paper, views
from .blocks import Block
from .render import render

#: What a record of each data file is, in the reader's words.
KINDS = {
    "anti_patterns": "Anti-pattern",
    "bugs": "Example bug",
    "cards": "Card",
    "challenges": "Challenge",
    "company_sizes": "Company size",
    "data_error_spectrum": "Kind of data error",
    "data_issue_hierarchy": "Data issue",
    "deployment_stages": "Deployment stage",
    "findings": "Finding",
    "headline_figures": "Headline figure",
    "interactive_text": "Text of an interactive",
    "method": "The study's method",
    "participants": "Participant",
    "quotes": "Quote",
    "retraining": "Retraining cadence",
    "stack_layers": "Layer of the stack",
    "takeaways": "Takeaway",
    "ten_x_tools": "Tool for a V",
    "tension_states": "Position of the tension slider",
    "three_vs": "One of the Three Vs",
    "vs_citations": "Citation for a V",
    "workflow_tasks": "Task of the workflow",
}


def titled_sections(section: str) -> str:
    """A ``paper_section`` cell with each part's title, as a reader finds it in the PDF.

    >>> titled_sections("4.3.1 table-1")
    "§4.3.1 'Good project ideas start with collaborators'; Table 1"
    >>> titled_sections("4.2-validation")
    "§4.2, 'Validation'"
    """
    titles = data.load("paper_sections").set_index("id")["title"]
    shown = []
    for part in paper.cited_sections(section):
        label = paper.section_label(part)
        numbered = part[0].isdigit() and "-" not in part
        shown.append(f"{label} '{titles[part]}'" if numbered else label)
    return "; ".join(shown)


def _chapters() -> dict:
    """Each chapter's page (``chapters/06_findings``) and how a link to it reads ("Chapter 6: ...")."""
    return {c.path: f"Chapter {c.order}: {c.title}" for c in kit.chapters()}


def _grouped(records: list[dict]) -> list[dict]:
    """The records grouped by chapter, in the book's order: each group its link and its records."""
    names = _chapters()
    order = list(names)
    groups = {}
    for record in records:
        groups.setdefault(record["chapter"], []).append(record)
    return [
        {"href": f"{PurePosixPath(chapter).name}.html", "name": names[chapter], "records": groups[chapter]}
        for chapter in sorted(groups, key=order.index)
    ]


def _listed(name: str, records: list[dict], introduction: str) -> Block:
    return Block(str(render("paper_differences.html", name=name, introduction=introduction,
                            groups=_grouped(records))))


def _records(frame: pd.DataFrame) -> list[dict]:
    """The records of a :func:`views.paper_differences` frame as the page shows them."""
    return [
        {
            "key": f"{r.file}: {r.record}",
            "kind": KINDS[r.file.removesuffix(".csv")],
            "says": r.explainer,
            "paper_label": r.label + (f" ({titled_sections(r.sections)})" if r.sections else ""),
            "paper": r.note,
            "chapter": r.chapter,
        }
        for r in frame.itertuples(index=False)
    ]


#: Each list of the page, by its ``data-list`` name, and the statuses it lists: together, every status
#: but ``supported``, each in one list.
LISTS = {
    "unsupported": (paper.NOT_IN_PAPER, paper.CONTRADICTED),
    "not-verifiable": (paper.NOT_VERIFIABLE,),
    "partly": (paper.PARTLY,),
}


def unsupported() -> Block:
    """Every record the paper does not contain (``not-in-paper``) or contradicts (``contradicted``)."""
    return _listed(
        "unsupported", _records(views.paper_differences(LISTS["unsupported"])),
        "Statements the paper's text does not contain, or contradicts, by the chapter that shows them.",
    )


def not_verifiable() -> Block:
    """Every record resting on a part of the paper the transcription lacks (``not-verifiable``)."""
    return _listed(
        "not-verifiable", _records(views.paper_differences(LISTS["not-verifiable"])),
        "Statements resting on a part of the paper the transcription the book read lacks, by chapter.",
    )


def rules() -> Block:
    """The rules by which the loader refuses a record whose status and note do not fit together."""
    return Block(str(render("paper_rules.html", rules=paper.RULES, meanings=paper.MEANINGS)))


def partly_supported() -> Block:
    """Every record cited to a section of the paper that the paper supports only in part."""
    return _listed(
        "partly", _records(views.paper_differences(LISTS["partly"])),
        "Statements the sections they cite support only in part, by the chapter that shows them.",
    )


def _quote_chapters(quote_ids) -> list[str]:
    chapters = data.load("sections").set_index("id")["chapter"]
    return [chapters[data.quote(q)["section"]] for q in quote_ids]


def quote_wordings() -> Block:
    """The quotes whose wording in the paper differs from the explainer's."""
    frame = views.quote_wording_differences()
    records = [
        {"key": r.quote, "kind": "Quote", "says": f"“{r.explainer}”", "paper_label": "The paper's wording",
         "paper": f"“{r.paper}”", "difference": r.difference, "chapter": chapter}
        for r, chapter in zip(frame.itertuples(index=False), _quote_chapters(frame["quote"]), strict=True)
    ]
    return _listed("quote-wordings", records,
                   "Quotes whose wording in the paper differs, by chapter; the book shows the paper's.")


def _speaker(speaker: str) -> str:
    return "the study's authors (not an interviewee)" if speaker == "authors" else data.speaker_line(speaker)


def named_speakers() -> Block:
    """The quotes the explainer leaves anonymous, with the speaker the paper names."""
    frame = views.paper_named_speakers()
    records = [
        {"key": r.quote, "kind": "Quote", "says": f"“{r.explainer}”", "paper_label": "Speaker in the paper",
         "paper": _speaker(r.speaker) + (f" ({r.section})" if r.section else ""), "chapter": chapter}
        for r, chapter in zip(frame.itertuples(index=False), _quote_chapters(frame["quote"]), strict=True)
    ]
    return _listed("named-speakers", records, "Speakers the paper names where the explainer names nobody, by chapter.")
