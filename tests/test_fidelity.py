"""Fidelity of the built book: every quote and headline figure in data/ is on its chapter's page.

A page's text is what a reader can see: its HTML text plus the text inside its embedded
widget state (widgets render that text in the browser, with no kernel; tests/support.py).
"""

from __future__ import annotations

import pytest

import support
from mlops_book import data
from support import normalise, page_text

#: Each section of the explainer and the chapter that tells it (data/sections.csv).
SECTIONS = data.load("sections").set_index("id")["chapter"]


@pytest.fixture(scope="module")
def pages(book_html):
    """The text of each section's page, for the sections whose page was built."""
    found = {sid: book_html / f"{chapter}.html" for sid, chapter in SECTIONS.items()}
    return {sid: page_text(path.read_text(encoding="utf-8")) for sid, path in found.items() if path.exists()}


def test_every_section_has_its_own_built_page(book_html, pages):
    """Among the pages the build wrote, each section has one of its own: the page of the chapter
    that sections.csv names, carrying that chapter's label ``ch-<section>``, and not empty."""
    built = set(support.pages(book_html))
    assert SECTIONS.is_unique, "two sections name the same chapter"
    for sid, chapter in SECTIONS.items():
        assert f"{chapter}.html" in built, f"section {sid}: the build wrote no {chapter}.html"
        source = (book_html / f"{chapter}.html").read_text(encoding="utf-8")
        assert f'id="ch-{sid}"' in source, f"{chapter}.html is not the page of section {sid}: no label ch-{sid}"
        assert len(pages[sid]) > 500, f"the {sid} page is nearly empty"


@pytest.mark.parametrize("quote_id", data.load("quotes")["id"].tolist())
def test_every_quote_is_verbatim_on_its_chapter_page_with_its_speaker(pages, quote_id):
    q = data.quote(quote_id)
    text = pages[q["section"]]
    assert normalise(q["text"]) in text, f"{quote_id} is not on the {q['section']} page"
    if q["attribution"]:
        assert q["attribution"] in text


@pytest.mark.parametrize("figure_id", data.load("headline_figures")["id"].tolist())
def test_every_headline_figure_is_on_its_chapter_page(pages, figure_id):
    f = data.figure(figure_id)
    assert normalise(f["value"]) in pages[f["section"]], f"{figure_id} ({f['value']}) is not on the {f['section']} page"


def test_every_participant_is_in_the_research_chapter_table(pages):
    for p in data.load("participants").itertuples():
        assert p.id in pages["research"] and p.application in pages["research"]


def test_the_takeaways_are_all_in_the_bottom_line(pages):
    for t in data.load("takeaways").itertuples():
        assert normalise(t.title) in pages["bottom-line"]
