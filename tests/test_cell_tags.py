"""Which code cells of a chapter show a "Show code cell source" bar on the page.

A display-only cell (its one line a ``blocks.<name>(...)`` call: a quote, a card, a tile, a table)
is tagged ``remove-input``: the page shows what it displays and no bar (the code stays in the
notebook and in Binder). A cell a reader may want to study (a chart, a widget, a quiz, an
exercise, a data computation) keeps its source on the page, at most collapsed (``hide-input``).
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from mlops_book.paths import BOOK_ROOT

#: The reader's chapters (the labs, the guide and the developer pages are not in this rule).
CHAPTERS = sorted(BOOK_ROOT.glob("chapters/[01][0-9]_*.md"))
#: The landing page, whose cells all display a block (mlops_book.landing).
LANDING = BOOK_ROOT / "index.md"
DISPLAY_ONLY = re.compile(r"(?:blocks|landing)\.\w+\(.*\)")
#: Calls whose code is worth studying: their cells keep the source on the page.
STUDY = re.compile(r"\b(?:charts|widgets|quizzes|exercises|scenarios|data)\.\w+\(")
TAGS = re.compile(r"^:tags:\s*\[(.*)\]\s*$", re.MULTILINE)


def cells(text: str) -> list[tuple[set[str], list[str]]]:
    """Each ``{code-cell}`` of a MyST notebook as (its tags, its lines of code)."""
    found = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "fence" and token.info.strip().startswith("{code-cell}"):
            tags = {t.strip() for m in TAGS.finditer(token.content) for t in m.group(1).split(",")}
            code = [line for line in token.content.splitlines() if line.strip() and not line.startswith(":")]
            found.append((tags, code))
    return found


def misplaced(text: str) -> list[str]:
    """The cells that break the rule, each named by its first line of code and what is wrong."""
    wrong = []
    for tags, code in cells(text):
        first = code[0] if code else "(empty)"
        if len(code) == 1 and DISPLAY_ONLY.fullmatch(code[0]):
            if "remove-input" not in tags or "hide-input" in tags:
                wrong.append(f"{first}: display only, should be tagged remove-input (tags: {sorted(tags)})")
        elif STUDY.search("\n".join(code)) and "remove-input" in tags:
            wrong.append(f"{first}: worth studying, should keep its source (hide-input), not remove-input")
    return wrong


def test_the_rule_tells_display_cells_from_cells_to_study():
    def cell(tag, code):
        return f"```{{code-cell}} ipython3\n:tags: [{tag}]\n\n{code}\n```\n\n"

    assert misplaced(cell("remove-input", 'blocks.quote("q-1")') + cell("hide-input", "charts.funnel()")) == []
    assert misplaced(cell("hide-input", 'blocks.quote("q-1")')) != []
    assert misplaced(cell("remove-input", "widgets.tension_slider()")) != []
    assert misplaced(cell("remove-input", 'quizzes.quiz("opening")')) != []
    # two lines that compute something are not display-only
    assert misplaced(cell("hide-input", 'rows = data.load("x")\nblocks.table(rows)')) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_display_only_cells_have_no_source_bar(path):
    assert misplaced(path.read_text(encoding="utf-8")) == [], path.name


def test_landing_page_blocks_have_no_source_bar():
    """The landing page shows its blocks with ``{book-view}`` (_ext/steps/book_views.py): no code cell,
    so no source bar, and no kernel."""
    text = LANDING.read_text(encoding="utf-8")
    assert misplaced(text) == [] and not cells(text)
    assert "```{book-view} landing." in text, "index.md shows no landing block"


def test_the_chapters_are_found():
    assert len(CHAPTERS) == 11
