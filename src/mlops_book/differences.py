"""The tables of the page "Where the explainer and the paper differ", computed from ``data/``.

Each function renders one list of :mod:`mlops_book.views`' paper-trail views as a table
inside a ``<div class="mlops-paper-differences" data-list="...">``, so that the page's tests
can find each list and compare it with the data. Nothing here is typed by hand: a record whose
``paper_support`` is not ``supported`` appears in one of :data:`LISTS` at the next build.

>>> html = unsupported().html
>>> 'data-list="unsupported"' in html, "headline_figures.csv: rollout-steps" in html
(True, True)
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd

from . import paper, views
from .blocks import Block, link, table
from .render import render


def _listed(name: str, frame: pd.DataFrame, caption: str) -> Block:
    return Block(str(render("paper_differences.html", name=name, table=table(frame, caption))))


def _records(frame: pd.DataFrame) -> pd.DataFrame:
    """The records of a :func:`views.paper_differences` frame as the page shows them."""
    return pd.DataFrame({
        "Record": frame["file"] + ": " + frame["record"],
        "The explainer says": frame["explainer"],
        "The paper says": frame["paper"],
        "What the book does": frame["book"],
        "Where": [link(f"{PurePosixPath(c).name}.html", "the chapter") for c in frame["chapter"]],
    })


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
        "unsupported",
        _records(views.paper_differences(LISTS["unsupported"])),
        "Records of data/ that the paper's text does not contain, or contradicts.",
    )


def not_verifiable() -> Block:
    """Every record resting on a part of the paper the transcription lacks (``not-verifiable``)."""
    return _listed(
        "not-verifiable",
        _records(views.paper_differences(LISTS["not-verifiable"])),
        "Records of data/ resting on a part of the paper the transcription the book read lacks.",
    )


def rules() -> Block:
    """The rules by which the loader refuses a record whose status and note do not fit together."""
    return Block(str(render("paper_rules.html", rules=paper.RULES, meanings=paper.MEANINGS)))


def partly_supported() -> Block:
    """Every record cited to a section of the paper that the paper supports only in part."""
    return _listed(
        "partly",
        _records(views.paper_differences(LISTS["partly"])),
        "Records of data/ cited to a section of the paper that supports them only in part.",
    )


def quote_wordings() -> Block:
    """The quotes whose wording in the paper differs from the explainer's."""
    frame = views.quote_wording_differences()
    shown = pd.DataFrame({
        "Quote": frame["quote"],
        "The explainer's wording": frame["explainer"],
        "The paper's wording": frame["paper"],
        "What differs": frame["difference"],
    })
    return _listed("quote-wordings", shown, "Quotes whose wording in the paper differs; the book shows the paper's.")


def named_speakers() -> Block:
    """The quotes the explainer leaves anonymous, with the speaker the paper names."""
    frame = views.paper_named_speakers()
    shown = pd.DataFrame({
        "Quote": frame["quote"],
        "The explainer's wording": frame["explainer"],
        "Speaker in the paper": frame["speaker"].replace({"authors": "the study's authors (not an interviewee)"}),
        "In the paper": frame["section"],
    })
    return _listed("named-speakers", shown, "Speakers the paper names where the explainer names nobody.")
