"""Give every page the book's colours as CSS custom properties, written from ``mlops_book.style``.

Why: ``style.py`` is the only place a colour is defined. The book's stylesheets
(``_static/widgets.css``, ``_static/theme-fixes.css``) say ``var(--mlops-ink)`` and so on
instead of repeating hex values; this writes the rule that defines those properties,
``style.stylesheet()``, into the built book's ``_static/mlops-colours.css`` and links it from
every page. Nothing is kept by hand and nothing is written into the sources.
"""

from __future__ import annotations

from pathlib import Path

from mlops_book import style

#: Not a work-around of a pinned tool: the book's own feature (tests/test_hygiene.py).
PATCHES = {}

STYLESHEET = "mlops-colours.css"


def write_stylesheet(app):
    # before any page is written, so that Sphinx links it with a checksum (?v=...) as it does
    # the other stylesheets, and a changed palette reaches readers' browsers
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / STYLESHEET).write_text(style.stylesheet(), encoding="utf-8")


def setup(app):
    app.add_css_file(STYLESHEET)
    app.connect("builder-inited", write_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
