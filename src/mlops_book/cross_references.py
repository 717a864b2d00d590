"""Cross-references as Markdown links to the page's file: the one form Sphinx and JupyterLab both follow.

A chapter opened on Binder is rendered by jupyterlab-myst, which knows nothing of the book's other
pages: there ``{ref}`ch-workflow``` shows the bare label, ``{term}`` its raw text and ``{doc}`` a path.
A Markdown link to the page's ``.md`` file works in both places: JupyterLab opens the file (as a
notebook, through jupytext), and MyST's Sphinx parser resolves it to the page, or, with ``#anchor``,
to a label or a glossary term on it (``_ext/patches/link_anchors.py`` makes those anchors known).
:func:`to_links` rewrites the roles into such links, mechanically; ``make normalise`` applies it
(:mod:`mlops_book.notebook_form`), so prose written with roles is converted, not hand-edited:

- ``{ref}`label``` -> ``[Title of the page](page.md)``; a label inside a page keeps its anchor,
  ``[Heading](page.md#label)``; ``{ref}`words <label>``` keeps its words;
- ``{doc}`path``` -> ``[Title](path.md)``, with its words if it has them;
- ``{term}`words <term>``` and ``{term}`term``` -> ``[words](glossary.md#term-Id)``, the anchor
  Sphinx gives the term in the glossary;
- ``{glue:text}`name``` -> the number itself, followed by ``<!-- name -->`` (see
  :mod:`mlops_book.prose_numbers`, which keeps it equal to what data/ says).

>>> pages = {"ch-x": Target("chapters/04_x", "The X", top=True), "x-note": Target("chapters/04_x", "A note", top=False)}
>>> terms = {"drift": "drift", "mlops stack": "MLOps stack"}
>>> to_links("See {ref}`ch-x` and {ref}`the note <x-note>`.", "chapters/labs/01_y", pages, terms)
'See [The X](../04_x.md) and [the note](../04_x.md#x-note).'
>>> to_links("{term}`Drift` in the {term}`stack\\n<MLOps stack>`", "chapters/04_x", pages, terms)
'[Drift](glossary.md#term-drift) in the [stack](glossary.md#term-MLOps-stack)'
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import links
from .paths import BOOK_ROOT

#: The page that defines the glossary's terms.
GLOSSARY = "chapters/glossary"
#: ``{role}`text```, ``{role}`words <target>``` (over line breaks, as the prose wraps).
ROLE = re.compile(r"\{(?P<role>ref|doc|term)\}`(?P<body>[^`]+)`")
_NAMED = re.compile(r"(?P<words>.*?)\s*<(?P<target>[^<>]+)>\s*", re.DOTALL)
_LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\n+(?P<hashes>#+) (?P<title>.+)$", re.MULTILINE)
_FENCE = re.compile(r"^(`{3,})\{code-cell\}.*?^\1\s*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Target:
    """Where a label points: its page (path without suffix), the heading's words, and whether it
    names the page itself (the label before its title) rather than a heading inside it."""

    page: str
    title: str
    top: bool


def term_anchor(term: str) -> str:
    """The id Sphinx gives a glossary term (``sphinx.util.nodes.make_id`` with the ``term`` prefix).

    >>> term_anchor("A/B testing"), term_anchor("MLOps stack")
    ('term-A-B-testing', 'term-MLOps-stack')
    """
    text = unicodedata.normalize("NFKD", f"term-{term}").encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(text.split()))
    return re.sub(r"^[-0-9._]+|-+$", "", text)


def _plain_title(markdown: str) -> str:
    """A heading's words as Sphinx shows them in a reference: without emphasis or code marks."""
    return re.sub(r"[*`]", "", markdown).strip()


def targets(root: Path = BOOK_ROOT) -> dict:
    """Every label ``(label)=`` of the book's pages, as a :class:`Target`, from the heading below it."""
    found = {}
    for page in links.toc_files(root):
        text = (Path(root) / f"{page}.md").read_text(encoding="utf-8")
        for match in _LABEL.finditer(text):
            top = match["hashes"] == "#"
            found[match["label"]] = Target(page, _plain_title(match["title"]), top)
    return found


def glossary_terms(root: Path = BOOK_ROOT) -> dict:
    """The glossary's terms, by their lower case (``{term}`` matches them so): ``{"mlops stack": "MLOps stack"}``."""
    text = (Path(root) / f"{GLOSSARY}.md").read_text(encoding="utf-8")
    block = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    if not block:
        raise ValueError(f"{GLOSSARY}.md: no {{glossary}} block")
    terms = [line for line in block.group(1).splitlines() if line.strip() and not line[0].isspace() and line[0] != ":"]
    return {term.strip().lower(): term.strip() for term in terms}


def _relative(page: str, source: str) -> str:
    """The path of ``page``'s ``.md`` file as seen from the page ``source``."""
    return posixpath.relpath(f"{page}.md", posixpath.dirname(source) or ".")


def _link(match: re.Match, source: str, pages: dict, terms: dict) -> str:
    role, body = match["role"], match["body"]
    named = _NAMED.fullmatch(body)
    words, target = (named["words"], named["target"].strip()) if named else (None, body.strip())
    if role == "term":
        term = terms.get(" ".join(target.split()).lower())
        if term is None:
            raise ValueError(f"{source}.md: {{term}} {target!r} is not in the glossary")
        anchor = f"#{term_anchor(term)}"
        return f"[{words or body}]({_relative(GLOSSARY, source)}{anchor})"
    if role == "doc":
        page = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        title = next((t.title for t in pages.values() if t.page == page and t.top), None)
        if title is None:
            raise ValueError(f"{source}.md: {{doc}} {target!r} is not a page of _toc.yml with a label")
        return f"[{words or title}]({_relative(page, source)})"
    if target not in pages:
        raise ValueError(f"{source}.md: {{ref}} {target!r}: no such label")
    found = pages[target]
    anchor = "" if found.top else f"#{target}"
    return f"[{words or found.title}]({_relative(found.page, source)}{anchor})"


def to_links(text: str, source: str, pages: dict | None = None, terms: dict | None = None) -> str:
    """``text``, the page at ``source`` (path without suffix), with its ``{ref}``, ``{doc}`` and ``{term}``
    roles rewritten as Markdown links (code cells are left alone)."""
    if not ROLE.search(text):
        return text
    pages = targets() if pages is None else pages
    terms = glossary_terms() if terms is None else terms
    pieces, start = [], 0
    for fence in _FENCE.finditer(text):
        pieces.append(ROLE.sub(lambda m: _link(m, source, pages, terms), text[start : fence.start()]))
        pieces.append(fence.group(0))
        start = fence.end()
    pieces.append(ROLE.sub(lambda m: _link(m, source, pages, terms), text[start:]))
    return "".join(pieces)


def learner_pages(root: Path = BOOK_ROOT) -> list:
    """The pages a learner may open in JupyterLab, as paths without suffix: every page of ``_toc.yml``
    but the instructors' (``chapters/instructors/``) and those made of ``{book-view}`` tables, which only
    the build can fill in (the landing page, the instructor guide, "How this book is built").

    >>> pages = learner_pages()
    >>> "chapters/04_workflow" in pages, "chapters/glossary" in pages, "index" in pages
    (True, True, False)
    """
    return [
        page
        for page in links.toc_files(root)
        if not page.startswith("chapters/instructors/")
        and "{book-view}" not in (Path(root) / f"{page}.md").read_text(encoding="utf-8")
    ]
