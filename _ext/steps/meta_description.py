"""Give every page a ``<meta name="description">``: the page's own opening words, escaped.

Why: search engines show the description under a page's title, and Lighthouse's SEO audit fails
a page without one. Nothing is typed per page: the description is the first paragraph of the
page's text (not inside a box such as the "Chapter at a glance" admonition, a table or a cell's
output), skipping lead-ins like "**In the paper:** …", cut at a word before
:data:`LIMIT` characters. Pages Sphinx writes without a source (search, index) get a line
naming the book. The text is escaped where it enters the tag.

>>> from docutils import nodes, utils
>>> doctree = utils.new_document("page")
>>> doctree += nodes.section("", nodes.title("", "A title"),
...     nodes.admonition("", nodes.paragraph("", "Learning objectives, in a box.")),
...     nodes.paragraph("", "", nodes.Text(""), nodes.strong("", "In the paper:"), nodes.Text(" §1.")),
...     nodes.paragraph("", 'Engineers keep "models" <alive>, as the study found in its interviews.'))
>>> description(doctree)
'Engineers keep "models" <alive>, as the study found in its interviews.'
>>> meta_tag('a "b" <c>')
'<meta name="description" content="a &quot;b&quot; &lt;c&gt;" />\\n'
>>> shorten("word " * 60)[-6:]
'word …'
"""

from __future__ import annotations

import html
import re

from docutils import nodes

#: Not a work-around of a pinned tool: the book's own feature (tests/test_hygiene.py).
PATCHES = {}

#: Search results show about this many characters of a description.
LIMIT = 160
#: Shorter paragraphs (a caption, "Please cite the study itself:") do not describe a page.
SHORTEST = 60


def _top_level(paragraph: nodes.paragraph) -> bool:
    """Whether a paragraph is the page's running text: its parents are sections up to the document."""
    parent = paragraph.parent
    while isinstance(parent, nodes.section):
        parent = parent.parent
    return isinstance(parent, nodes.document)


def _is_lead_in(paragraph: nodes.paragraph) -> bool:
    """A paragraph that opens with bold words ("**In the paper:** §1") is a label, not a description."""
    first = next((c for c in paragraph.children if not (isinstance(c, nodes.Text) and not c.strip())), None)
    return isinstance(first, nodes.strong)


def shorten(text: str) -> str:
    """The text on one line, cut at a word before :data:`LIMIT` characters (with an ellipsis)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= LIMIT:
        return text
    return text[: LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def description(doctree: nodes.document) -> str:
    """The page's description: its first running paragraph that is not a lead-in; empty if none."""
    for paragraph in doctree.findall(nodes.paragraph):
        text = paragraph.astext()
        if _top_level(paragraph) and not _is_lead_in(paragraph) and len(text) >= SHORTEST:
            return shorten(text)
    return ""


def meta_tag(text: str) -> str:
    return f'<meta name="description" content="{html.escape(text, quote=True)}" />\n'


def add_description(app, pagename, templatename, context, doctree) -> None:
    text = description(doctree) if doctree is not None else ""
    if not text:
        what = {"search": "Search", "genindex": "Index of"}.get(pagename, "A page of")
        book = app.config.html_title or app.config.project  # Jupyter Book sets the title, not the project
        text = f"{what} {book}: the hidden work of keeping machine learning models running."
    context["metatags"] = context.get("metatags", "") + meta_tag(text)


def setup(app):
    app.connect("html-page-context", add_description)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
