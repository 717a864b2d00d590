"""Bad input gets a clear error, and text from data is escaped before it becomes HTML.

(a) The data loader names the file, the row and (where there is one) the column.
(b) A broken data file stops the book's build with that message.
(c) A chapter cell that raises fails the build.
(d) A quote containing ``<script>`` reaches the page as text, in blocks, in widgets and
    in a real build.

Each build-based scenario shares one small build (a copy of the book with a one-chapter
table of contents; see tests/book_build.py); the data helpers are in tests/support.py.
"""

from __future__ import annotations

import html
import re

import pytest

from book_build import html_of, single_chapter_book
from mlops_book import blocks, data
from mlops_book.interactives import INTERACTIVES
from mlops_book.schema import SCHEMAS, ColumnKind
from support import parse, read_rows, sample, set_cell, widget_models, write_rows

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = html.escape(PAYLOAD)


# --- helpers -----------------------------------------------------------------


def load_error(name) -> str:
    with pytest.raises(data.DataFileError) as failure:
        data.load(name)
    return str(failure.value)


def assert_names(message, path, row, column=None):
    assert str(path) in message, f"the message does not name the file: {message}"
    assert re.search(rf"\brow {row}\b", message), f"the message does not name row {row}: {message}"
    if column:
        assert f"column '{column}'" in message, f"the message does not name column {column}: {message}"


# --- (a) the loader ------------------------------------------------------------


def test_missing_column(data_copy):
    path = data_copy / "participants.csv"
    rows = read_rows(path)
    dropped = rows[0].index("company_size")
    write_rows(path, [r[:dropped] + r[dropped + 1:] for r in rows])
    assert_names(load_error("participants"), path, 1, "company_size")


def test_unknown_participant(data_copy):
    path = data_copy / "vs_citations.csv"
    known = set(data.load("participants")["id"])
    unknown = next(f"P{n}" for n in range(1, 1000) if f"P{n}" not in known)
    set_cell(path, 3, "participant", unknown)
    data.clear_cache()
    message = load_error("vs_citations")
    assert_names(message, path, 3, "participant")
    assert unknown in message


def test_bad_company_size(data_copy):
    path = data_copy / "participants.csv"
    sizes = set(data.load("company_sizes")["size"])
    set_cell(path, 4, "company_size", "Enormous")
    data.clear_cache()
    message = load_error("participants")
    assert_names(message, path, 4, "company_size")
    assert all(size in message for size in sizes), "the message should list the allowed sizes"


def test_duplicate_id(data_copy):
    path = data_copy / "participants.csv"
    rows = read_rows(path)
    write_rows(path, rows + [rows[2]])
    message = load_error("participants")
    assert_names(message, path, len(rows) + 1, "id")
    assert "row 3" in message, "the message should say where the first copy is"


def test_empty_file(data_copy):
    path = data_copy / "participants.csv"
    path.write_text("", encoding="utf-8")
    assert_names(load_error("participants"), path, 1)


def test_header_only_file(data_copy):
    path = data_copy / "participants.csv"
    write_rows(path, read_rows(path)[:1])
    assert_names(load_error("participants"), path, 2)


def test_row_with_too_many_cells(data_copy):
    path = data_copy / "participants.csv"
    rows = read_rows(path)
    rows[4].append("stray")
    write_rows(path, rows)
    assert_names(load_error("participants"), path, 5)


def test_unclosed_quote_is_reported_where_it_opens(data_copy):
    """A quote opened and never closed swallows the rest of the file into one cell:
    the message must point at the row where the quote opens, not the end of the file."""
    path = data_copy / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    opened = 4
    first, rest = lines[opened - 1].split(",", 1)
    lines[opened - 1] = f'{first},"{rest}'
    path.write_text("".join(lines), encoding="utf-8")
    assert_names(load_error("participants"), path, opened)


#: For each kind of column, a value it must refuse ("" for TEXT: a required cell left empty).
REFUSED = {
    ColumnKind.TEXT: "",
    ColumnKind.INT: "1.5",
    ColumnKind.NUMBER: "lots",
    ColumnKind.PARTICIPANT: "nobody-at-all",
    ColumnKind.QUOTES: "no-such-quote",
    ColumnKind.SECTION: "no-such-section",
    ColumnKind.CHOICE: "none of these",
    ColumnKind.REF: "none of these",
    ColumnKind.PAPER_SECTIONS: "4.9.9",
    ColumnKind.PAPER_SPEAKER: "nobody-at-all",
}


@pytest.mark.parametrize("kind", list(ColumnKind), ids=lambda k: k.name)
def test_every_kind_of_column_refuses_a_bad_value(data_copy, kind):
    name, column = next(  # the first such column; one that must not be empty when the bad value is ""
        (name, col.name) for name, s in SCHEMAS.items() for col in s.columns
        if col.kind is kind and (col.required or REFUSED[kind])
    )
    path = data_copy / f"{name}.csv"
    set_cell(path, 2, column, REFUSED[kind])
    message = load_error(name)
    assert_names(message, path, 2, column)
    assert (REFUSED[kind] or "empty but required") in message, message


# --- the paper trail: paper_section and paper_note (see mlops_book.paper) --------------------


def first_row(path, column, value) -> int:
    """The file row (header = 1) of the first record whose ``column`` is ``value``."""
    rows = read_rows(path)
    at = rows[0].index(column)
    return next(n for n, row in enumerate(rows[1:], start=2) if row[at] == value)


@pytest.mark.parametrize(
    "value,problem",
    [
        ("4.9.9", "'4.9.9' is not a section of the paper"),
        ("4.3.3 4.9.9", "'4.9.9' is not a section of the paper"),
        ("4.1.3", "'4.1.3' is not a section of the paper"),  # a converter's number: the paper has none
        ("not-in-paper", "is a status: it goes in paper_support"),
    ],
)
def test_a_paper_section_must_exist(data_copy, value, problem):
    path = data_copy / "cards.csv"
    set_cell(path, 3, "paper_section", value)
    message = load_error("cards")
    assert_names(message, path, 3, "paper_section")
    assert problem in message, message


@pytest.mark.parametrize("value,problem", [("", "empty but required"), ("partially", "is not one of")])
def test_a_record_needs_a_known_status(data_copy, value, problem):
    path = data_copy / "cards.csv"
    set_cell(path, 3, "paper_support", value)
    message = load_error("cards")
    assert_names(message, path, 3, "paper_support")
    assert problem in message, message


@pytest.mark.parametrize("status", ["partly", "not-in-paper", "not-verifiable", "contradicted"])
def test_a_record_the_paper_does_not_fully_support_needs_a_note(data_copy, status):
    path = data_copy / "headline_figures.csv"
    row = first_row(path, "id", "coded-segments")  # cites §3.3 and Appendix C: every status's sections fit
    set_cell(path, row, "paper_support", status)
    set_cell(path, row, "paper_note", "")
    message = load_error("headline_figures")
    assert_names(message, path, row, "paper_note")
    assert status in message, message


#: Records whose note contradicts their status, each as (file, key column, key, status, sections or None, the
#: problem the message names): the note admits a mismatch, blames an unread part, or names none.
CONTRADICTIONS = [
    # the examples: notes that admit a mismatch, marked "supported"
    ("headline_figures", "id", "ten-x", "supported", None, "admits a mismatch"),
    ("headline_figures", "id", "deployment-stages", "supported", None, "admits a mismatch"),
    ("cards", "title", "Fallback Models", "supported", None, "admits a mismatch"),
    # a record resting on an appendix, called "not in the paper"
    ("headline_figures", "id", "coded-segments", "not-in-paper", "", "use 'not-verifiable'"),
    # "not verifiable here" that cites no unread part, or whose note does not name it
    ("headline_figures", "id", "rollout-steps", "not-verifiable", "4.3.3", "cites the part of the paper"),
    ("method", "key", "sampling", "not-verifiable", "3.1 appendix-c", "names the part it rests on"),
    # "supported" resting only on a part the transcription lacks
    ("participants", "id", "P2", "supported", None, "use 'not-verifiable'"),
]


@pytest.mark.parametrize("name,column,key,status,sections,problem", CONTRADICTIONS, ids=lambda v: str(v))
def test_a_status_its_note_contradicts_is_refused(data_copy, name, column, key, status, sections, problem):
    path = data_copy / f"{name}.csv"
    row = first_row(path, column, key)
    set_cell(path, row, "paper_support", status)
    if sections is not None:
        set_cell(path, row, "paper_section", sections)
    message = load_error(name)
    assert_names(message, path, row)
    assert problem in message, message


def test_a_record_added_with_a_mismatching_note_is_refused(data_copy):
    """A new record marked "supported" whose note admits that the paper says something else."""
    path = data_copy / "headline_figures.csv"
    rows = read_rows(path)
    header = rows[0]
    added = dict.fromkeys(header, "")
    added |= {"id": "probe", "value": "7", "label": "probe days", "section": rows[1][header.index("section")],
              "paper_section": "4.5.1", "paper_support": "supported",
              "paper_note": "The paper gives no such number; 7 is the explainer's."}
    write_rows(path, rows + [[added[c] for c in header]])
    message = load_error("headline_figures")
    assert_names(message, path, len(rows) + 1, "paper_support")
    assert "admits a mismatch" in message, message


# --- (d) escaping in blocks and widgets -----------------------------------------------


def poison_quotes(folder):
    """Append the script payload to the text of every quote; returns the quote ids."""
    path = folder / "quotes.csv"
    rows = read_rows(path)
    text = rows[0].index("text")
    for row in rows[1:]:
        row[text] = f"{row[text]} {PAYLOAD}"
    write_rows(path, rows)
    data.clear_cache()
    return [row[0] for row in rows[1:]]


def widget_html(widget) -> list[str]:
    """Every piece of text a widget tree puts on the page: HTML values, labels, options."""
    found = []
    for name in ("value", "description", "placeholder", "tooltip", "tooltips", "titles", "_options_labels"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found.extend(str(v) for v in value)
    for child in getattr(widget, "children", ()):
        found.extend(widget_html(child))
    return found


def widget_builders():
    """Every interactive's builder, from the registry."""
    return {entry.name: entry.builder for entry in INTERACTIVES}


def assert_shown_as_text(markup: str, where: str):
    parsed = parse(markup)
    assert PAYLOAD in "".join(parsed.text), f"{where}: the quote's text is not shown literally"
    assert not any("alert(1)" in s for s in parsed.scripts), f"{where}: the quote became a script"


def test_quote_blocks_escape_text_from_data(data_copy):
    for quote_id in poison_quotes(data_copy):
        assert_shown_as_text(blocks.quote(quote_id).html, f"blocks.quote({quote_id!r})")


def test_widgets_escape_text_from_data(data_copy):
    poison_quotes(data_copy)
    builders = widget_builders()
    assert builders, "the registry lists no interactive"
    shown_anywhere = False
    for name, build_widget in builders.items():
        texts = widget_html(build_widget())
        assert texts, f"widgets.{name}() shows no text"
        for text in texts:
            assert "<script" not in text.lower(), f"widgets.{name}() puts a raw <script> on the page"
        shown_anywhere |= any(ESCAPED in text for text in texts)
    assert shown_anywhere, "no widget shows a quote, so escaping in widgets was not exercised"


# --- builds: (b), (c), (d) ---------------------------------------------------------


def build_output(result) -> str:
    return result.stdout + result.stderr


def test_broken_data_file_stops_the_build(tmp_path, book_builder):
    book = single_chapter_book(tmp_path / "book", ["from mlops_book import blocks\nblocks.participants_table()"])
    path = book / "data" / "participants.csv"
    set_cell(path, 5, "company_size", "Enormous")
    result = book_builder(book, tmp_path / "out")
    output = build_output(result)
    assert result.returncode != 0, "the build succeeded with a broken data file"
    assert "participants.csv" in output and "row 5" in output and "column 'company_size'" in output, (
        f"the build output does not name the file, row and column:\n{output[-3000:]}"
    )


#: A paper trail broken two ways (a section the paper lacks, a required note left empty): each a build of
#: its own, so `make test` builds one of them (a fixed sample; the loader's tests in make check refuse
#: both), `make test-all` both.
BROKEN_TRAILS = sample([("paper_section", "4.9.9"), ("paper_note", "")], 1)


@pytest.mark.parametrize("column,value", BROKEN_TRAILS)
def test_a_broken_paper_trail_stops_the_build(tmp_path, book_builder, column, value):
    book = single_chapter_book(tmp_path / "book", ["from mlops_book import blocks\nblocks.stat_tiles(['industries'])"])
    path = book / "data" / "headline_figures.csv"
    row = first_row(path, "id", "industries")  # a not-verifiable record: its note is required
    set_cell(path, row, column, value)
    result = book_builder(book, tmp_path / "out")
    output = build_output(result)
    assert result.returncode != 0, f"the build succeeded with {column} = {value!r}"
    assert f"headline_figures.csv, row {row}, column '{column}'" in output, (
        f"the build output does not name the file, row and column:\n{output[-3000:]}"
    )


def test_failing_cell_fails_the_build(tmp_path, book_builder):
    book = single_chapter_book(
        tmp_path / "book", ["print('before')", "raise RuntimeError('a chapter cell that fails')"]
    )
    result = book_builder(book, tmp_path / "out")
    output = build_output(result)
    assert result.returncode != 0, "the build succeeded although a cell raised"
    assert "RuntimeError" in output and "probe" in output, output[-3000:]


@pytest.fixture(scope="module")
def escaping_build(tmp_path_factory, book_builder):
    """One build of a chapter that shows every quote and every widget, with poisoned quotes."""
    tmp = tmp_path_factory.mktemp("escaping")
    cells = [
        "from mlops_book import blocks, data\nfrom mlops_book.interactives import INTERACTIVES\n"
        "from IPython.display import display",
        "for quote_id in data.load('quotes')['id']:\n    display(blocks.quote(quote_id))",
        "for entry in INTERACTIVES:\n    display(entry.build())",
    ]
    book = single_chapter_book(tmp / "book", cells)
    poison_quotes(book / "data")
    result = book_builder(book, tmp / "out")
    assert result.returncode == 0, f"the build failed:\n{build_output(result)[-3000:]}"
    return html_of(tmp / "out")


@pytest.mark.xdist_group("escaping-build")  # one worker builds it once for both
def test_built_page_shows_the_script_as_text(escaping_build):
    page = (escaping_build / "chapters" / "probe.html").read_text(encoding="utf-8")
    assert_shown_as_text(page, "the built page")
    assert "<script>alert(1)" not in page


@pytest.mark.xdist_group("escaping-build")
def test_built_widgets_show_the_script_as_text(escaping_build):
    page = (escaping_build / "chapters" / "probe.html").read_text(encoding="utf-8")
    models = widget_models(page)
    assert models, "the probe page embeds no widget state"
    values = [model["state"].get("value") for model in models if model["model_name"] in ("HTMLModel", "HTMLMathModel")]
    shown = [v for v in values if v and PAYLOAD in "".join(parse(v).text)]
    assert shown, "no widget on the page shows a quote"
    for value in values:
        assert not any("alert(1)" in s for s in parse(value or "").scripts), "a widget's HTML has the script"
