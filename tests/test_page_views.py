"""Pages that only show the package's tables are plain MyST Markdown with ``{book-view}`` directives,
which the build computes with no kernel (_ext/steps/book_views.py, mlops_book.page_views).

These tests need no built book: every directive of the book names a registered view with valid
arguments, every registered view is used, and a wrong directive stops a (tiny) strict Sphinx build
with an error naming the page and the line.
"""

from __future__ import annotations

import shlex

import pytest
from markdown_it import MarkdownIt
from sphinx.cmd.build import build_main

from mlops_book import kit, links, page_views
from support import ROOT


def book_views(text: str) -> list[tuple[int, str, list[str], str | None]]:
    """Each ``{book-view}`` of a page as (its line, the view, its arguments, its caption or None)."""
    found = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "fence" and token.info.strip().startswith("{book-view}"):
            name, *args = shlex.split(token.info.strip().removeprefix("{book-view}"))
            options = dict(line.split(": ", 1) for line in token.content.splitlines() if line.startswith(":"))
            found.append((token.map[0] + 1, name, args, options.get(":caption")))
    return found


PAGES = {page: book_views((ROOT / f"{page}.md").read_text(encoding="utf-8")) for page in links.toc_files()}
VIEW_PAGES = sorted(page for page, views in PAGES.items() if views)


def test_the_print_only_pages_are_plain_markdown_with_views():
    """The instructor pages, the guide, the differ page and "How this book is built" start no kernel."""
    expected = {"chapters/instructor_guide", "chapters/paper_differences", "chapters/how_this_book_is_built"}
    expected |= {c.path.replace("chapters/", "chapters/instructors/", 1) for c in kit.chapters() + kit.labs()}
    assert expected <= set(VIEW_PAGES), sorted(expected - set(VIEW_PAGES))
    for page in VIEW_PAGES:
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        assert not links.is_notebook(page) and "```{code-cell}" not in text, f"{page}.md still needs a kernel"


@pytest.mark.parametrize("page", VIEW_PAGES)
def test_every_view_of_a_page_renders(page):
    for line, name, args, caption in PAGES[page]:
        html = page_views.show(name, args, caption)  # a ViewError names the view and what is wrong
        assert html.strip().startswith("<"), f"{page}.md:{line}: {name} shows no HTML"


def test_every_registered_view_is_used_by_a_page():
    used = {name for views in PAGES.values() for _, name, _, _ in views}
    assert set(page_views.VIEWS) == used, f"registered but shown by no page: {sorted(set(page_views.VIEWS) - used)}"


def test_only_registered_views_with_the_right_arguments_are_shown():
    with pytest.raises(page_views.ViewError, match="no view 'builtins.eval'"):
        page_views.show("builtins.eval", ["1"])
    with pytest.raises(page_views.ViewError, match=r"takes 2 argument\(s\)"):
        page_views.show("instructor_notes.session_plan", ["workflow"])
    with pytest.raises(page_views.ViewError, match="KeyError"):
        page_views.show("instructor_notes.session_plan", ["workflow", "45"])  # no 45-minute plan
    with pytest.raises(page_views.ViewError, match="give it a :caption:"):
        page_views.show("plans.week_plan", ["3"])
    with pytest.raises(page_views.ViewError, match="drop the :caption:"):
        page_views.show("plans.objectives_map", [], "A caption")


BROKEN_PAGE = """\
# Probe

```{book-view} instructor_notes.session_plan workflow 60
```

```{book-view} os.system "echo hello"
```

```{book-view} instructor_notes.session_plan workflow sixty
```

```{book-view} instructor_notes.rubrics no-such-chapter
```
"""


def test_a_wrong_view_stops_the_strict_build_naming_page_and_line(tmp_path):
    """A tiny Sphinx project with the book's extension: the good view renders, and each wrong one is an
    error at its page and line, so `jupyter-book build -W` stops."""
    source, out = tmp_path / "src", tmp_path / "out"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext' / 'steps')!r})\n"
        "extensions = ['myst_parser', 'book_views']\n",
        encoding="utf-8",
    )
    (source / "index.md").write_text(BROKEN_PAGE, encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    status = build_main(["-b", "html", "-q", "-W", "--keep-going", "-w", str(warnings), str(source), str(out)])
    log = warnings.read_text(encoding="utf-8")
    assert status != 0, "the strict build passed with wrong views"
    assert "index.md:6: ERROR: book-view: no view 'os.system'" in log, log
    assert "index.md:9: ERROR: book-view: instructor_notes.session_plan: argument 2 must be a whole number" in log, log
    assert "index.md:12: ERROR: book-view: instructor_notes.rubrics('no-such-chapter') failed" in log, log
    assert "index.md:3" not in log, log
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count('<div class="cell mlops-book-view docutils container">') == 1
    assert "A 60-minute session on chapter 4" in page
