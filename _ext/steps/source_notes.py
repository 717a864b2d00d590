""""Sources for this chapter": every source note of a page, listed once more in the page's last section.

Why: the paper trail is an apparatus, not the story. Each note beside a claim is a small mark that
opens it (a ``<details class="mlops-source-note">``: the package's templates write it beside a record
the paper does not fully support and under a reworded quote, ``src/mlops_book/templates/parts.html``;
a chapter writes one by hand after a sentence whose source needs saying). A reader who wants the
whole trail of a chapter at once finds it in the chapter's section "Sources for this chapter", which
this step fills, after myst-nb has read the notebook, with every note the page can show: those in its
cells' outputs and its prose, and those only a widget's other views show (in the page's embedded
widget state), each once, in the order the page shows them, under a fold, so the story above stays
clean and the list stays one tap away.

A study chapter with source notes but no such section is an error naming the page (the strict build
stops): no chapter can lose its list. Other pages (the landing page, the labs, the reference pages) get
the list where they have the section. Upstream: none; the book's own apparatus. It reads the page's widget state
the way ``widget_fallbacks.py`` does (myst-nb 1.4.0's ``NbMetadataCollector``), hence the pin.

>>> page = ('<p>x</p><details class="mlops-source-note" data-paper-support="partly" data-claim="A &amp; B">'
...         '<summary class="mlops-source-mark">Partly in the paper (§1)</summary>'
...         '<span class="mlops-source-note-text"><strong>Partly in the paper (§1):</strong> Not all.</span></details>')
>>> notes = source_notes([page, page])
>>> len(notes), notes[0].claim, notes[0].summary
(1, 'A &amp; B', 'Partly in the paper (§1)')
>>> print(sources_list(notes))  # doctest: +ELLIPSIS
<details class="mlops-chapter-sources"><summary>Show the 1 source note of this page</summary><ol><li...
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.errors import ExtensionError

#: The book's own step; it reads myst-nb's page scripts, as widget_fallbacks.py does (tests/test_hygiene.py).
PATCHES = {"myst-nb": "1.4.0"}

STATE_KEY = "ipywidgets_state"  # myst-nb's key for the page's embedded widget state
#: The id Sphinx gives the section "Sources for this chapter".
SECTION_ID = "sources-for-this-chapter"
#: The study chapters, which must have the section when they show a note.
CHAPTER = re.compile(r"chapters/\d\d_\w+")
#: A note as the templates write it: no note holds another <details>.
NOTE = re.compile(
    r'<details class="mlops-source-note[^"]*"(?P<attributes>[^>]*)>\s*'
    r"<summary[^>]*>(?P<summary>.*?)</summary>\s*"
    r'<span class="mlops-source-note-text"[^>]*>(?P<text>.*?)</span>\s*</details>',
    re.DOTALL,
)
CLAIM = re.compile(r'data-claim="([^"]*)"')
KIND = re.compile(r'data-paper-support="([^"]*)"')


class SourceNote(NamedTuple):
    """One note as the page writes it (HTML, already escaped): what it is about, its mark and its text."""

    claim: str
    kind: str
    summary: str
    text: str


def source_notes(fragments) -> list[SourceNote]:
    """Every source note in ``fragments`` (HTML strings, in page order), each distinct note once."""
    found = {}
    for fragment in fragments:
        for match in NOTE.finditer(fragment):
            claim = CLAIM.search(match["attributes"])
            kind = KIND.search(match["attributes"])
            note = SourceNote(claim[1] if claim else "", kind[1] if kind else "", match["summary"].strip(),
                              match["text"].strip())
            found.setdefault((note.claim, note.text), note)
    return list(found.values())


def sources_list(notes: list[SourceNote]) -> str:
    """The section's list: each note with what it is about, folded under one summary."""
    items = "".join(
        f'<li data-paper-support="{n.kind}">{f"<strong>{n.claim}</strong>: " if n.claim else ""}'
        f'<span class="mlops-source-note-text">{n.text}</span></li>'
        for n in notes
    )
    many = f"the {len(notes)} source notes" if len(notes) != 1 else "the 1 source note"
    return (f'<details class="mlops-chapter-sources"><summary>Show {many} of this page</summary>'
            f"<ol>{items}</ol></details>")


def _state_values(env) -> list[str]:
    script = NbMetadataCollector.get_js_files(env, env.docname).get(STATE_KEY)
    if script is None:
        return []
    state = json.loads(script[1]["body"])["state"]
    values = [model.get("state", {}).get("value") for model in state.values()]
    return [v for v in values if isinstance(v, str) and "mlops-source-note" in v]


def list_sources(app, doctree):
    env = app.env
    fragments = [n.astext() for n in doctree.findall(nodes.raw) if "html" in n.get("format", "").split()]
    notes = source_notes(fragments + _state_values(env))
    sections = [s for s in doctree.findall(nodes.section) if SECTION_ID in s["ids"]]
    if not sections:
        if notes and CHAPTER.fullmatch(env.docname):
            raise ExtensionError(
                f"{env.docname}: the page shows {len(notes)} source notes but has no section "
                "'Sources for this chapter' to list them (add it as the page's last section)"
            )
        return
    if not notes:
        sections[0] += nodes.paragraph("", "This page has no source notes.")
        return
    sections[0] += nodes.raw("", sources_list(notes), format="html")


def setup(app):
    app.setup_extension("myst_nb")
    app.connect("doctree-read", list_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
