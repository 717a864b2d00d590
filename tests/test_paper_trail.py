"""The paper trail on the page: notes beside what the paper does not support, the differ page, the
paper's wording of quotes, and each chapter's "In the paper:" line.

Expected values are computed here from ``data/`` with :mod:`mlops_book.paper` (not through the
views the page is made from), so a view that drops or invents a record fails. The built-page tests
read the book in ``_build/html`` (``make book``); the chapter-line test reads the chapter sources.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

from mlops_book import data, differences, kit, paper, schema
from support import read_rows, set_cell

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
DIFFER_PAGE = "chapters/paper_differences.html"
NOT_SUPPORTED = tuple(s for s in paper.STATUSES if s != paper.SUPPORTED)


#: Sphinx's smart quotes, back to the plain ones of the sources.
PLAIN_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).translate(PLAIN_QUOTES).split()).casefold()


def text_of(markup: str) -> str:
    return normalise(re.sub(r"<[^>]+>", " ", markup))


def fact_records():
    """(file name, row) for every record of every fact file."""
    for name, file_schema in schema.SCHEMAS.items():
        if file_schema.states_facts:
            for row in data.load(name).itertuples(index=False):
                yield name, file_schema, row


def records_with(supports):
    return [(n, s, r) for n, s, r in fact_records() if r.paper_support in supports]


def record_label(name, file_schema, row) -> str:
    return f"{name}.csv: " + ", ".join(str(getattr(row, k)) for k in file_schema.key)


def chapter_of(section: str) -> str:
    return data.load("sections").set_index("id").loc[section, "chapter"]


def fragments(path) -> list[str]:
    """The pieces of a page a reader sees together: each cell's output, and each widget view."""
    page = path.read_text(encoding="utf-8")
    found = re.split(r'<div class="cell docutils container', page)
    for state in re.findall(rf'<script type="{re.escape(WIDGET_STATE)}">(.*?)</script>', page, re.DOTALL):
        for model in json.loads(state)["state"].values():
            value = model["state"].get("value")
            if isinstance(value, str) and value:
                found.append(value)
    return [text_of(f) for f in found]


# --- the differ page lists exactly the records the data marks -----------------------------------


class _Lists(HTMLParser):
    """The key (``data-record``) of every record of each ``mlops-paper-differences`` list, by its name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lists, self._list, self._depth = {}, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "mlops-paper-differences" in (attrs.get("class") or ""):
            self._list, self._depth = self.lists.setdefault(attrs["data-list"], []), 0
        elif tag == "div" and self._list is not None:
            self._depth += 1
        elif tag == "li" and self._list is not None and "data-record" in attrs:
            self._list.append(attrs["data-record"])

    def handle_endtag(self, tag):
        if tag == "div" and self._list is not None:
            if self._depth:
                self._depth -= 1
            else:
                self._list = None


@pytest.fixture(scope="module")
def differ_lists(book_html):
    parser = _Lists()
    parser.feed((book_html / DIFFER_PAGE).read_text(encoding="utf-8"))
    return parser.lists


@pytest.mark.parametrize("listed,supports", list(differences.LISTS.items()))
def test_built_differ_page_lists_exactly_the_marked_records(differ_lists, listed, supports):
    expected = sorted(record_label(*r) for r in records_with(supports))
    assert expected, f"no record in data/ is {supports}: the list would be empty"
    assert sorted(differ_lists.get(listed, [])) == expected


def test_the_differ_lists_cover_every_status_but_supported_once():
    listed = [s for statuses in differences.LISTS.values() for s in statuses]
    assert sorted(listed) == sorted(NOT_SUPPORTED)


#: The differ page's list functions, by the list's name.
LIST_VIEWS = {"unsupported": differences.unsupported, "not-verifiable": differences.not_verifiable,
              "partly": differences.partly_supported}


def listed_records(html: str) -> list[str]:
    parser = _Lists()
    parser.feed(html)
    return parser.lists


def test_every_record_that_is_not_supported_is_on_the_differ_page(data_copy):
    """Computed on a copy of data/: a record whose status changes moves to the list of its new status."""
    path = data_copy / "cards.csv"
    rows = read_rows(path)
    title = rows[0].index("title")
    row = next(n for n, r in enumerate(rows[1:], start=2) if r[title] == "Heuristic Guardrails")
    for status, listed in (("partly", "partly"), ("not-in-paper", "unsupported"), ("contradicted", "unsupported")):
        set_cell(path, row, "paper_support", status)
        set_cell(path, row, "paper_section", "4.5.3" if status == "partly" else "")
        data.clear_cache()
        lists = {name: listed_records(view().html).get(name, []) for name, view in LIST_VIEWS.items()}
        label = "cards.csv: old-school-engineering, 3"
        assert [name for name, records in lists.items() if label in records] == [listed], (status, lists)
        every_listed = sorted(record for records in lists.values() for record in records)
        assert every_listed == sorted(record_label(*r) for r in records_with(NOT_SUPPORTED)), status
        expected = {name: sorted(record_label(*r) for r in records_with(differences.LISTS[name])) for name in lists}
        assert {name: sorted(records) for name, records in lists.items()} == expected


def test_built_differ_page_lists_every_reworded_quote_and_named_speaker(differ_lists):
    quotes = data.load("quotes")
    assert sorted(differ_lists.get("quote-wordings", [])) == sorted(quotes[quotes["paper_text"] != ""]["id"])
    assert sorted(differ_lists.get("named-speakers", [])) == sorted(quotes[quotes["paper_speaker"] != ""]["id"])


DIFFER_VIEWS = {**LIST_VIEWS, "quote-wordings": differences.quote_wordings,
                "named-speakers": differences.named_speakers}


@pytest.mark.parametrize("name", list(DIFFER_VIEWS))
def test_differ_lists_read_by_chapter_without_file_names(name):
    """Each list names its records by chapter, not by data file, and each link says where it goes:
    the chapter's number and title, the ones of the page it opens."""
    shown = DIFFER_VIEWS[name]().html
    assert ".csv" not in text_of(shown), f"{name}: a data file's name is shown"
    titles = {f"{c.path.rsplit('/', 1)[-1]}.html": f"Chapter {c.order}: {c.title}" for c in kit.chapters()}
    links = re.findall(r'<a href="([^"]*)">(.*?)</a>', shown)
    assert links, f"{name}: no link to a chapter"
    for href, words in links:
        assert href in titles and html.unescape(words) == titles[href], f"{name}: link {words!r} to {href}"


def test_built_differ_page_is_linked_from_the_references_and_the_home_page(book_html):
    for page in ("chapters/references.html", "index.html"):
        assert "paper_differences.html" in (book_html / page).read_text(encoding="utf-8"), page


# --- each chapter: a note beside every statement resting on such a record ---------------------------


@pytest.mark.parametrize(
    "name,file_schema,row",
    records_with(NOT_SUPPORTED),
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_built_note_stands_beside_every_statement_the_paper_does_not_support(book_html, name, file_schema, row):
    note = paper.note_for(row)
    claim = normalise(str(getattr(row, paper.CLAIM_COLUMNS[name][0])))
    shown_with_note = [
        f for f in fragments(book_html / f"{chapter_of(row.section)}.html")
        if claim in f and normalise(f"{note['label']}") in f and normalise(note["text"]) in f
    ]
    assert shown_with_note, (
        f"{record_label(name, file_schema, row)}: {claim!r} is not shown on {chapter_of(row.section)} "
        f"with its note {note['label']!r}"
    )


# --- quotes: the paper's wording, and the speakers the paper names -----------------------------------


@pytest.mark.parametrize("quote_id", data.load("quotes")["id"].tolist())
def test_built_quote_shows_the_papers_wording_and_speaker(book_html, quote_id):
    q = data.quote(quote_id)
    shown = [f for f in fragments(book_html / f"{chapter_of(q['section'])}.html") if normalise(q["text"]) in f]
    assert shown, f"{quote_id} is not on its chapter page"
    if q["paper_text"]:
        assert any(normalise(q["paper_text"]) in f and "the explainer's version:" in f for f in shown), (
            f"{quote_id}: the paper's wording is not shown beside the explainer's version"
        )
    if q["paper_speaker"] == schema.AUTHORS:
        assert any("the study's authors" in f and "not an interviewee" in f for f in shown), quote_id
    elif q["paper_speaker"]:
        speaker = normalise(data.speaker_line(q["paper_speaker"]))
        assert any(speaker in f and "the name comes from the paper" in f for f in shown), quote_id


# --- each chapter names the paper sections its records cite -----------------------------------------


def named_sections(line: str, outline: list[str]) -> set[str]:
    """The outline ids an "In the paper:" line names: "§4.3", "§5.1.1 to §5.1.4", "Abstract", "Table 1".

    >>> sorted(named_sections("Abstract; §4.2 to §4.3; Table 1", ["abstract", "4.2", "4.2.1", "4.3", "table-1"]))
    ['4.2', '4.2.1', '4.3', 'abstract', 'table-1']
    """
    ids = set(re.findall(r"§(\d+(?:\.\d+)*)", line))
    for first, last in re.findall(r"§(\d+(?:\.\d+)*)\s*(?:to|–)\s*§(\d+(?:\.\d+)*)", line):
        ids.update(outline[outline.index(first): outline.index(last) + 1])
    for word, section_id in (("Abstract", "abstract"), ("Table 1", "table-1"), ("Figure 1", "figure-1")):
        if word in line:
            ids.add(section_id)
    return ids


def covers(named: set[str], section_id: str) -> bool:
    """A section is named when it, or a section it belongs to, is (§4.3 covers §4.3.2, §4.2 its paragraph
    4.2-validation; Appendix C is named by the §3.3 that refers to it)."""
    refers = {"appendix-b": "3.2", "appendix-c": "3.3", "footnote-2": "3.1"}
    section_id = refers.get(section_id, section_id)
    return any(section_id == n or section_id.startswith((f"{n}.", f"{n}-")) for n in named)


def in_the_paper_line(root, chapter: str) -> str:
    lines = [ln for ln in (root / f"{chapter}.md").read_text(encoding="utf-8").splitlines()
             if ln.startswith("**In the paper:**")]
    assert len(lines) == 1, f"{chapter}.md should have one '**In the paper:**' line, has {len(lines)}"
    return lines[0]


@pytest.mark.parametrize("section", data.load("sections")["id"].tolist())
def test_each_chapter_names_the_paper_sections_its_records_cite(root, section):
    chapter = chapter_of(section)
    named = named_sections(in_the_paper_line(root, chapter), data.load("paper_sections")["id"].tolist())
    cited = {s for _, _, r in fact_records() if r.section == section for s in paper.cited_sections(r.paper_section)}
    assert cited, f"no record of data/ comes from the {section} section"
    missing = sorted(s for s in cited if not covers(named, s))
    assert not missing, f"{chapter}.md's 'In the paper:' line does not name {missing}"


@pytest.mark.parametrize("section", data.load("sections")["id"].tolist())
def test_built_chapter_shows_its_in_the_paper_line(root, book_html, section):
    chapter = chapter_of(section)
    line_text = normalise(re.sub(r"[*`]", "", in_the_paper_line(root, chapter)))
    assert line_text in text_of((book_html / f"{chapter}.html").read_text(encoding="utf-8")), (
        f"the built {chapter} page does not show its 'In the paper:' line"
    )


# --- section numbers a reader can find in the PDF ------------------------------------------------

#: A section number the paper does not have: four levels (§5.1.1.1), or a third level under §4.1 or §4.2,
#: whose tasks and three Vs are run-in paragraphs (§4.1.3, §4.2.2).
NOT_THE_PAPERS = re.compile(r"(?:§|\bsections?\s)\s*(?:\d+\.\d+\.\d+\.\d+|4\.[12]\.\d)", re.IGNORECASE)


def test_no_source_cites_a_section_number_the_paper_does_not_have(root):
    sources = [root / "index.md", *root.glob("chapters/**/*.md"), *root.glob("data/**/*.*"), *root.glob("src/**/*.py")]
    found = [f"{p.relative_to(root)}: {m.group(0)}"
             for p in sources for m in NOT_THE_PAPERS.finditer(p.read_text("utf-8"))]
    assert not found, found


def test_built_pages_show_no_section_number_the_paper_does_not_have(book_html):
    pages = list(book_html.rglob("*.html"))
    assert len(pages) > 20, "the build has too few pages"
    found = [f"{p.relative_to(book_html)}: {m.group(0)}"
             for p in pages for m in NOT_THE_PAPERS.finditer(text_of(p.read_text("utf-8")))]
    assert not found, found


# --- source notes: one tap away beside each claim, all of them again at the chapter's end ------------

NOTE_MARK = re.compile(r'<details class="mlops-source-note[^"]*"[^>]*>.*?<span class="mlops-source-note-text"[^>]*>'
                       r"(.*?)</span>\s*</details>", re.DOTALL)
SOURCES_LIST = re.compile(r'<details class="mlops-chapter-sources">(.*?)</details>', re.DOTALL)


@pytest.mark.parametrize("section", data.load("sections")["id"].tolist())
def test_built_chapter_lists_every_source_note_at_its_end(book_html, section):
    """Every note a chapter can show, in its prose, its outputs or any view of its widgets, is in its
    "Sources for this chapter" list, and the list holds nothing else."""
    page = (book_html / f"{chapter_of(section)}.html").read_text(encoding="utf-8")
    listed = SOURCES_LIST.findall(page)
    assert len(listed) == 1, f"{chapter_of(section)}: {len(listed)} lists of source notes, not one"
    body, _, _ = page.partition('<details class="mlops-chapter-sources">')
    shown = {text_of(n) for n in NOTE_MARK.findall(body)}
    for state in re.findall(rf'<script type="{re.escape(WIDGET_STATE)}">(.*?)</script>', page, re.DOTALL):
        for model in json.loads(state)["state"].values():
            value = model["state"].get("value")
            if isinstance(value, str):
                shown |= {text_of(n) for n in NOTE_MARK.findall(value)}
    in_list = {text_of(n) for n in re.findall(r'<span class="mlops-source-note-text">(.*?)</span></li>',
                                               listed[0], re.DOTALL)}
    assert shown, f"{chapter_of(section)} shows no source note"
    assert shown == in_list, (
        f"{chapter_of(section)}: notes not in the list {sorted(shown - in_list)[:3]}; "
        f"listed but not shown {sorted(in_list - shown)[:3]}"
    )
