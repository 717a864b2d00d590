"""Search ranks a page by where the words stand in it, and shows the snippet from the section they stand in.

Why: Sphinx 7.4.7's search (``searchtools.js``) scores a page 15 when a word is in one of its headings and
5 when it is only in its text, however often, and breaks ties by title, alphabetically. "drift" found
chapter 7, where the study's data problems are ranked, seventh, after pages that mention drift once, and
each snippet came from the page's first use of the word, often its list of objectives.

What this step does:

- While Sphinx reads a page, it counts each word of the page (stemmed and filtered as Sphinx's index
  keys it) in each section, and notes where a word stands in the page's title, in a heading or in a
  glossary term. The words of the widgets' unchosen states (``widget_fallbacks.state_words``) are left
  out: every state repeats them, and they would outweigh what a page says once. The counts are kept in
  the environment, so a rebuild that re-reads one page keeps the others'.
- At the end of the build it writes ``_static/search_ranking.js``, which the search page alone loads:
  per word, the pages that use it more than once or in a heading, with their count, the best kind of
  place it stands in (title, heading or glossary term, text) and where that is: the heading's section,
  the term, or the section that uses the word most.
- ``search_scorer.js`` beside this module, Sphinx's own ``html_search_scorer`` file (set here, so the
  path does not depend on the folder the build runs from), re-ranks the pages Sphinx's search finds:
  the reading pages (every part of ``_toc.yml`` but "About this book") before the pages about the book,
  then pages whose title, then a heading or glossary term, holds the words, then by how often they use
  them; one result per page, linking to the matching section, whose text gives the snippet.

Upstream: sphinx-doc/sphinx#35 ("Search: add priority for headings", open since 2008) and issue 6783
(term weighting). It wraps ``Search._performSearch`` of Sphinx 7.4.7's ``searchtools.js`` and reads its
index (``titles``, ``docnames``, ``alltitles``) and ``htmlToText``, hence the pins below; and it reads a
cell's outputs as myst-nb 1.4.0 leaves them in the doctree while Sphinx reads it (every representation,
in a ``mime_bundle`` container), choosing the one the page shows as myst-nb does.
``tests/browser/test_search.py`` searches the built book.

>>> counts = count_words(_demo_doctree(), SearchEnglish({}))
>>> counts["drift"], counts["spectrum"], counts["challeng"]
([3, 0, 'spectrum'], [1, 1, 'spectrum'], [2, 2, 'ch7'])
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from docutils import nodes
from myst_nb.core.render import get_mime_priority
from sphinx.search.en import SearchEnglish

#: The internals of Sphinx's search that search_scorer.js wraps and reads (tests/test_hygiene.py).
PATCHES = {"Sphinx": "7.4.7", "myst-nb": "1.4.0"}

SCORER = Path(__file__).with_name("search_scorer.js")
DATA_FILE = "search_ranking.js"  # in _static/, for the search page only
#: The kinds of place a word stands in: the best one a page has decides its rank first.
TEXT, HEADING, TITLE = 0, 1, 2
#: The part of _toc.yml whose pages come after the reading pages of an equal match.
ABOUT_PART = "About this book"
ENV_KEY = "mlops_search_words"
SKIPPED = ("state_words",)  # widget_fallbacks' node of every widget state's words (never shown at once)


def _terms(lang: SearchEnglish, text: str) -> list[str]:
    """The index's keys of the words of ``text``, as ``sphinx.search.IndexBuilder.feed`` makes them."""
    keys = []
    for word in lang.split(text):
        key = lang.stem(word).lower()
        if not lang.word_filter(key):
            if not lang.word_filter(word):
                continue  # a stop word or too short: Sphinx indexes none
            key = word
        keys.append(key)
    return keys


def count_words(doctree: nodes.document, lang: SearchEnglish, priority=("text/html", "text/plain")) -> dict[str, list]:
    """Each word key of a page: ``[count, kind, where]``. ``kind`` is the best place the word stands in
    (:data:`TITLE`, :data:`HEADING`, which includes a glossary term, or :data:`TEXT`); ``where`` the id
    of the place to send a reader: the first such heading's section (the page's own for its title) or
    the glossary term, else the section that uses the word most (``""`` when that is the page's own: the
    snippet then comes from the page's text, as Sphinx's does).
    Of a cell output's representations only the one the page will show counts, the first in ``priority``
    (the doctree still holds them all while Sphinx reads it)."""
    per_section: dict[str, Counter] = defaultdict(Counter)
    best: dict[str, tuple[int, str]] = {}
    page = next((s["ids"][0] for s in doctree.findall(nodes.section) if s["ids"]), "")

    def add(text: str, section: str, kind: int, anchor: str):
        for key in _terms(lang, text):
            per_section[section][key] += 1
            if key not in best or kind > best[key][0]:
                best[key] = (kind, anchor)

    def visit(node, section: str, kind: int, anchor: str):
        if isinstance(node, nodes.comment) or (isinstance(node, nodes.Element) and node.tagname in SKIPPED):
            return
        if isinstance(node, nodes.raw):
            if "html" in node.get("format", "").split():
                add(_strip_html(node.astext()), section, kind, anchor)
            return
        if isinstance(node, nodes.Text):
            add(node.astext(), section, kind, anchor)
            return
        if isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle":
            shown = {child.get("mime_type"): child for child in node.children}
            chosen = next((m for m in priority if m in shown), None)
            if chosen:
                visit(shown[chosen], section, kind, anchor)
            return
        if isinstance(node, nodes.section) and node["ids"] and node.children and isinstance(node[0], nodes.title):
            section = node["ids"][0]  # a heading's section (sphinx-exercise's untitled ones share one id)
        elif isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            kind, anchor = (TITLE if section == page else HEADING), section
        elif isinstance(node, nodes.term) and node["ids"]:
            kind, anchor = HEADING, node["ids"][0]
        for child in node.children:
            visit(child, section, kind, anchor)

    visit(doctree, "", TEXT, "")
    counts = {}
    for key, (kind, anchor) in best.items():
        where = [(found[key], section) for section, found in per_section.items() if key in found]
        if kind == TEXT:
            densest = max(where, key=lambda pair: pair[0])[1]  # the first of equals, in reading order
            anchor = "" if densest == page else densest
        counts[key] = [sum(n for n, _ in where), kind, anchor]
    return counts


def _strip_html(html: str) -> str:
    """Raw HTML's text, as Sphinx's ``WordCollector`` takes it (tags, styles and scripts dropped)."""
    text = re.sub(r"<style.*?</style>", "", html, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<script.*?</script>", "", text, flags=re.IGNORECASE | re.DOTALL)
    return re.sub(r"<[^<]+?>", "", text)


def _demo_doctree() -> nodes.document:
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("demo", get_default_settings(Parser))
    chapter = nodes.section(ids=["ch7"])
    chapter += nodes.title(text="Challenges")
    chapter += nodes.paragraph(text="Drift is slow.")
    spectrum = nodes.section(ids=["spectrum"])
    spectrum += nodes.title(text="A spectrum")
    spectrum += nodes.paragraph(text="Hard errors, soft errors and drift; drift is a challenge.")
    chapter += spectrum
    document += chapter
    return document


# --- Sphinx events ------------------------------------------------------------------------------


def collect(app, doctree):
    lang = SearchEnglish(app.config.html_search_options)
    priority = get_mime_priority(app.builder.name, app.config.nb_mime_priority_overrides)
    if not hasattr(app.env, ENV_KEY):
        setattr(app.env, ENV_KEY, {})
    getattr(app.env, ENV_KEY)[app.env.docname] = count_words(doctree, lang, priority)


def purge(app, env, docname):
    getattr(env, ENV_KEY, {}).pop(docname, None)


def merge(app, env, docnames, other):
    mine = getattr(env, ENV_KEY, None) or {}
    mine.update({d: words for d, words in getattr(other, ENV_KEY, {}).items() if d in docnames})
    setattr(env, ENV_KEY, mine)


def later_pages(confdir: str | Path) -> list[str]:
    """The pages of the ``_toc.yml`` part "About this book", with their sections: ranked after the reading pages."""
    toc = yaml.safe_load((Path(confdir) / "_toc.yml").read_text(encoding="utf-8"))

    def files(entries):
        for entry in entries or []:
            if "file" in entry:
                yield str(entry["file"])
            yield from files(entry.get("sections"))

    about = [part for part in toc.get("parts", []) if part.get("caption") == ABOUT_PART]
    return sorted(f for part in about for f in files(part["chapters"]))


def ranking_data(words_by_page: dict[str, dict], later: list[str]) -> dict:
    """What the search page's scorer reads, compactly (it is one file, loaded by the search page alone):
    ``pages`` (names), ``places`` (each page's section and term ids that ``words`` point to), ``later`` (the
    numbers of the pages ranked after the reading pages), and per word key, the pages worth more than a
    single mention in their text (a count above one, or a title, heading or glossary term), four numbers
    each, flat: the page, the count, the kind of place, and the place (-1 for the page itself).

    >>> ranking_data({"a": {"drift": [3, 0, "s"], "once": [1, 0, ""]}, "b": {"drift": [1, 1, "h"]}}, ["b"])
    {'later': [1], 'pages': ['a', 'b'], 'places': [['s'], ['h']], 'words': {'drift': [0, 3, 0, 0, 1, 1, 1, 0]}}
    """
    pages = sorted(words_by_page)
    places: list[list[str]] = []
    words: dict[str, list] = defaultdict(list)
    for number, page in enumerate(pages):
        ids = sorted({where for _, _, where in words_by_page[page].values() if where})
        places.append(ids)
        for key, (count, kind, where) in sorted(words_by_page[page].items()):
            if count > 1 or kind > TEXT:
                words[key] += [number, count, kind, ids.index(where) if where else -1]
    return {
        "later": [pages.index(page) for page in later if page in words_by_page],
        "pages": pages,
        "places": places,
        "words": {key: words[key] for key in sorted(words)},
    }


def write_data(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    data = ranking_data(getattr(app.env, ENV_KEY, {}), later_pages(app.confdir))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    out = Path(app.outdir) / "_static" / DATA_FILE
    out.write_text(f"var MLOPS_SEARCH_RANKING = {text};\n", encoding="utf-8")


def search_page_only(app, pagename, templatename, context, doctree):
    if pagename == "search":
        app.add_js_file(DATA_FILE)  # before unique_page_scripts copies the page's list (priority below)


def set_scorer(app, config):
    config.html_search_scorer = str(SCORER)


def setup(app):
    app.connect("config-inited", set_scorer)
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("html-page-context", search_page_only, priority=400)
    app.connect("build-finished", write_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
