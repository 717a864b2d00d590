"""``{book-view}``: a page shows a view of the book's package, computed at build time, with no kernel.

Why: the landing page, the instructor pages, the differ page, the instructor guide and "How this
book is built" only show tables and blocks the package computes from ``data/`` and the chapters. As
notebooks, each started a Jupyter kernel (about three seconds of a cold build) to print them. As
plain MyST Markdown, each table is a directive::

    ```{book-view} instructor_notes.session_plan three-vs 60
    ```

which calls the registered view (:data:`mlops_book.page_views.VIEWS`; arguments are words, quoted
with shell rules when they hold spaces; a view that returns a ``DataFrame`` takes a ``:caption:``)
while Sphinx reads the page, and puts its HTML where a notebook cell's output was, in the same
wrappers (``div.cell_output`` > ``div.output.text_html``), so the theme's and the book's CSS, the
search index and the tests see the same page. Only registered views can be named: a page runs no
code of its own. An unknown view, wrong arguments or a view that fails is an error naming the page
and the line (the strict build stops on it).

The page is read again when ``data/`` or ``src/`` changes (``_ext/patches/data_dependencies.py``
re-reads every page then) and when a file outside them that views read changes
(:func:`mlops_book.page_views.inputs`: the pages, ``_toc.yml``, the pins, ``CITATION.cff``).

>>> [n["classes"] for n in output_nodes("<p>x</p>").findall(nodes.Element)]
[['cell', 'mlops-book-view'], ['cell_output'], ['output', 'text_html']]
"""

from __future__ import annotations

import shlex

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from mlops_book import page_views

#: Not a work-around of a pinned tool: the book's own build step (tests/test_hygiene.py).
PATCHES = {}


def output_nodes(html: str) -> nodes.container:
    """The HTML in the nodes myst-nb makes for a cell's HTML output (its source not shown)."""
    raw = nodes.raw("", html, format="html", classes=["output", "text_html"])
    return nodes.container("", nodes.container("", raw, classes=["cell_output"]), classes=["cell", "mlops-book-view"])


class BookView(SphinxDirective):
    """``{book-view} module.function arg ...`` with an optional ``:caption:``."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"caption": directives.unchanged_required}
    has_content = False

    def run(self):
        try:
            name, *args = shlex.split(self.arguments[0])
            html = page_views.show(name, args, self.options.get("caption"))
        except ValueError as error:  # page_views.ViewError, or shlex's unclosed quote
            raise self.error(f"book-view: {error}") from None
        for path in page_views.inputs():
            self.env.note_dependency(str(path))
        return [output_nodes(html)]


def setup(app):
    app.add_directive("book-view", BookView)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
