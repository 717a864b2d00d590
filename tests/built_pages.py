"""The pages of the built book, discovered from its HTML (never listed by hand).

Chapters and widgets change while the book is written, so every test that looks
at "every page" or "every widget page" asks this module which pages there are.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Folders of the output that hold assets, not pages.
ASSET_FOLDERS = {"_static", "_sources", "_images", "widgets", "_downloads"}
#: What a widget-page test gets when the book has no widget page at all: it must fail on it.
NO_WIDGET_PAGE = "(the built book has no widget page)"
#: How myst-nb marks a place where a widget is displayed.
WIDGET_VIEW = 'type="application/vnd.jupyter.widget-view+json"'


def book_html() -> Path:
    """Where the built book is: env BOOK_HTML, as in tests/conftest.py, else _build/html."""
    return Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))


def pages(html: Path | None = None) -> list[str]:
    """Every HTML page of the book, as paths relative to the output folder."""
    html = html or book_html()
    found = [
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not ASSET_FOLDERS & set(p.relative_to(html).parts[:-1])
    ]
    return sorted(found)


def widget_pages(html: Path | None = None) -> list[str]:
    """The pages that display at least one widget."""
    html = html or book_html()
    return [p for p in pages(html) if WIDGET_VIEW in (html / p).read_text(encoding="utf-8")]


def parametrize_pages(metafunc, argname: str = "page_path", only_widgets: bool = False) -> None:
    """Run a test once per page. With no built book it still runs once (on index.html), so
    the ``book_html`` fixture fails it: a missing book is a failure, never an empty skip."""
    if argname not in metafunc.fixturenames:
        return
    found = (widget_pages() if only_widgets else pages()) if book_html().is_dir() else []
    if only_widgets and book_html().is_dir() and not found:
        found = [NO_WIDGET_PAGE]
    metafunc.parametrize(argname, found or ["index.html"])
