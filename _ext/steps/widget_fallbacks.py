"""Put each widget's static default view in the page, in the widget's place, and every state's words in search.

Why: a widget's display data carries, beside the widget view, a ``text/html`` picture of its default
state (:class:`mlops_book.fallback.StaticFallback`). myst-nb keeps one representation of each output,
the widget view, so where the page's widget script cannot run (blocked, failed, JavaScript off) the
interactive left a hole, the page jumped when the widgets appeared, and the widgets' text (kept only in
the page's embedded widget state, a ``<script>``) was not in Sphinx's search index. After myst-nb has
read a notebook this

- puts the picture inside the widget view's own output, as ``<div class="mlops-widget-fallback">``
  just before the view's ``<script>``, with the page's note (:data:`mlops_book.fallback.PAGE_NOTES`)
  in place of the notebook's: the runtime (tools/widget-runtime/src/runtime.js) renders the widget hidden, then
  swaps it for the picture in one step, so the page shows the default view from its first paint;
- adds every text of every widget model on the page (HTML values, control labels, descriptions) to
  the page's doctree in a node the HTML writer skips and Sphinx's search indexer reads: a word shown
  only by a state the reader has not chosen, or by a quiz's feedback, finds its page.

Upstream: none to wait for; the book's own placement. It reads myst-nb 1.4.0's doctree before its
``SelectMimeType`` post-transform (a ``container`` with ``nb_element="mime_bundle"`` holding one
``container`` per mime type) and its ``NbMetadataCollector`` page scripts (``ipywidgets_state``),
hence the pin below.
"""

from __future__ import annotations

import html
import json
import re

from docutils import nodes
from markupsafe import escape
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.errors import ExtensionError

from mlops_book.fallback import PAGE_NOTES

#: The book's own step, which reads myst-nb's doctree: the pinned version it was checked against
#: (tests/test_hygiene.py compares it with requirements.txt).
PATCHES = {"myst-nb": "1.4.0"}

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATE_KEY = "ipywidgets_state"  # myst-nb's key for the page's embedded widget state
#: The class of a picture's wrapper: the runtime finds it just before the view's script.
FALLBACK_CLASS = "mlops-widget-fallback"
#: The model traits that hold text a reader sees.
TEXT_TRAITS = ("value", "description", "_options_labels", "tooltip")
TEXT_MODELS = ("HTMLModel", "HTMLMathModel", "LabelModel")
UNSEEN = re.compile(r"<(style|script)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")


class state_words(nodes.Element):
    """The words of a page's widget states: read by the search indexer, never written to a page."""


def _skip(translator, node):
    raise nodes.SkipNode


def page_picture(picture: str, docname: str) -> str:
    """The notebook's static picture as the page shows it: its note swapped for the page's, in a wrapper.

    >>> from mlops_book.fallback import NOTE, QUIZ_NOTE
    >>> page_picture(f"<p>{escape(NOTE)}</p><p>A</p>", "demo")  # doctest: +ELLIPSIS
    '<div class="mlops-widget-fallback"><p>This interactive needs a script...</p><p>A</p></div>'
    >>> page_picture(f"<p>{escape(QUIZ_NOTE)}</p>", "demo")  # doctest: +ELLIPSIS
    '<div class="mlops-widget-fallback"><p>This quiz needs a script to check your answers...</p></div>'
    """
    for note, page_note in PAGE_NOTES.items():
        if str(escape(note)) in picture:
            return f'<div class="{FALLBACK_CLASS}">{picture.replace(str(escape(note)), str(escape(page_note)))}</div>'
    raise ExtensionError(f"{docname}: a widget's static picture lacks a note of mlops_book.fallback.PAGE_NOTES; "
                         "render it with the static_widget.html template")


def place_pictures(doctree, docname: str) -> int:
    """Move each output's ``text/html`` picture into its widget view's place; how many were placed."""
    placed = 0
    for bundle in list(doctree.findall(nodes.container)):
        if bundle.get("nb_element") != "mime_bundle":
            continue
        by_type = {child.get("mime_type"): child for child in bundle.children}
        if WIDGET_VIEW not in by_type or "text/html" not in by_type:
            continue
        picture = page_picture(by_type["text/html"].astext(), docname)
        by_type[WIDGET_VIEW].insert(0, nodes.raw("", picture, format="html"))
        bundle.remove(by_type["text/html"])
        placed += 1
    return placed


def state_texts(state: dict) -> list[str]:
    """Every text a reader may see in a page's widget state, as plain text.

    >>> html_model = {"model_name": "HTMLModel", "state": {"value": "<style>p{}</style><p>a &amp; b</p>"}}
    >>> dropdown = {"model_name": "DropdownModel", "state": {"_options_labels": ["x", "y"], "description": "Pick"}}
    >>> state_texts({"m": html_model, "n": dropdown})
    ['a & b', 'Pick', 'x', 'y']
    """
    found = []
    for model in state.values():
        traits = model.get("state", {})
        for trait in TEXT_TRAITS:
            if trait == "value" and model.get("model_name") not in TEXT_MODELS:
                continue  # a slider's or a box's value is no text
            value = traits.get(trait)
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and text.strip():
                    plain = " ".join(html.unescape(TAG.sub(" ", UNSEEN.sub(" ", text))).split())
                    found.append(plain)
    return [text for text in found if text]


def add_pictures_and_words(app, doctree):
    env = app.env
    place_pictures(doctree, env.docname)
    script = NbMetadataCollector.get_js_files(env, env.docname).get(STATE_KEY)
    if script is None:
        return
    state = json.loads(script[1]["body"])["state"]
    words = state_words()
    words += nodes.Text("\n".join(state_texts(state)))
    doctree += words


def setup(app):
    app.setup_extension("myst_nb")
    skip = (_skip, None)
    app.add_node(state_words, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.connect("doctree-read", add_pictures_and_words)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
