"""One render-blocking stylesheet at most: each page carries the CSS its first paint needs, the rest comes after.

Why: the themes and extensions link a dozen stylesheets from every page's ``<head>`` (Sphinx's basic.css
through the theme's theme.css, pydata-sphinx-theme's 300 kB, pygments, the book theme, togglebutton,
copybutton, myst-nb, sphinx-thebe, sphinx-exercise, the book's colours, sphinx-design, the book's
widgets.css and theme-fixes.css). The browser paints nothing until it has all of them: Lighthouse's mobile
run counted about 1.2 s of first paint for them (issue 23), and three of them style nothing on most pages
(sphinx-thebe and sphinx-design on every page, widgets.css on pages without widgets).

At the end of every build (after :mod:`icon_font_subset` has trimmed the theme's stylesheet) each page's
stylesheet links are replaced by

- one ``<style>`` in its ``<head>``: the rules of the stylesheets the page uses that can apply to the page
  (:func:`first_paint_css`), so it paints from its first bytes, in light and dark mode, with no other request;
- one file with the whole of those stylesheets, in their order (``_static/page-styles-<digest>.css``,
  shared by every page that uses the same ones), loaded without blocking (``media="print"``, switched to
  ``all`` once loaded; a ``<noscript>`` link for readers without JavaScript; print and ``make pdf`` use
  it as it is). Its rules are those of the ``<style>`` and the rest, in the same order and later in the
  page, so once it has loaded every element has the style it had with the original links.

A rule "can apply" when one of its selectors, with user-action states (``:hover``...), pseudo-elements and
the mode attributes (``[data-theme=dark]``, set by a script before the first paint) left out, matches an
element of the page, or names a class that a script of the page makes (:data:`SCRIPT_MADE`, and every
class in the page's widget state): the widgets, the copy buttons and the toggles then have their style
when they appear, before the whole file has arrived, and nothing moves. At-rules that style no element
(``@font-face``, ``@keyframes``) stay. A stylesheet is "used" when one of its rules applies to an element
other than ``html`` and ``body``, or when it defines a custom property that the page or a used stylesheet
reads (the book's colours, ``mlops-colours.css``); the others are not loaded at all.

Its embedded widget state moves from ``<head>`` to the end of ``<body>`` (:func:`_state_after_content`), so
the page's first bytes are the page. The page also asks early for the image its first screen shows: the
first ``<img>`` of the article before its first section heading gets ``fetchpriority="high"`` (and loses
``loading="lazy"``), with a ``<link rel="preload" as="image">`` in ``<head>``.

A rebuild rewrites only some pages: the original links are kept in the ``<style>``'s ``data-sheets``, so a
page this step has already changed is changed again from them (a changed stylesheet reaches every page).
Rewriting every page costs seconds of a build, so the step remembers (in Sphinx's doctree folder,
:func:`pages_to_rewrite`) a digest of each page as it left it and one of its inputs (every stylesheet of
the built book and this module's code): a no-op rebuild rewrites no page, a rebuild that wrote some pages
again rewrites those, and any change to a stylesheet (or to this step) rewrites every page. Rewriting
all 44 pages takes about 6 s on two cores: the stylesheets are parsed once, the pages rewritten one
process per core (:func:`rewrite_pages`), and a rule is matched only against the elements whose
ancestors have the tags, classes and ids its selector asks of them (:func:`ancestor_features`; 16 s
before, most of it soupsieve walking the ancestors of every ``span`` and ``p`` of the widgets' pictures).
Upstream: none to wait for; the book's own page-speed step. It reads pydata-sphinx-theme 0.17.1's pages (the
mode attributes its inline script sets on ``<html>``, its ``article.bd-article``), hence the pin below.
Checked by tests/test_build.py (one render-blocking stylesheet at most, none the page does not use) and the
browser tests of dark mode, layout shift and print.

>>> css = "a{color:red}@media (min-width:9em){.x:hover{b:c}.y{b:c}}@font-face{font-family:F}.z{d:e}"
>>> page = PageMarkup("<html><body><a class='x'>x</a></body></html>")
>>> prune(css, page)
'a{color:red}@media (min-width:9em){.x:hover{b:c}}@font-face{font-family:F}'
>>> relocate('a{background:url("../img/a.png")}b{c:url(data:x)}', "_static/styles", "chapters")
'a{background:url("../_static/img/a.png")}b{c:url(data:x)}'
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import os
import posixpath
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import soupsieve
import tinycss2
from bs4 import BeautifulSoup
from icon_font_subset import _drop_states, _required_classes, _split_selectors, remember_trimmed
from sphinx.util import logging

#: The book's own step, which reads the theme's pages: the pinned version it was checked against
#: (tests/test_hygiene.py compares it with requirements.txt).
PATCHES = {"pydata-sphinx-theme": "0.17.1"}

logger = logging.getLogger(__name__)

#: The file of a set of stylesheets, in the built book's _static/.
BUNDLE = "page-styles-{digest}.css"
#: Where a page says which stylesheets it linked before this step (for a rebuild).
MARK = "data-sheets"
#: Elements that scripts make once the page is read, as (the page runs the script when it has, the
#: prefixes of the classes the script gives them). The widget runtime's views (ipywidgets' classes);
#: copybutton.js's buttons; togglebutton.js's buttons, their chevron (an <svg class="tb-icon"> whose
#: width and height attributes are 44: without ``.tb-icon``'s 1.5em the button is 44 px tall until the
#: whole file arrives) and folded blocks; sphinx-book-theme's script, which gives the secondary sidebar
#: ``hide`` while one of the page's margin elements (the classes it observes, and their ``tag_`` forms)
#: is in view.
SCRIPT_MADE = (
    ('script[type="application/vnd.jupyter.widget-state+json"]',
     ("widget-", "jupyter-widget", "lm-", "jp-", "p-", "noUi-", "mod-")),
    ("div.highlight pre", ("copybtn", "o-tooltip")),
    (".toggle, .admonition.dropdown", ("toggle", "tb-icon")),
    (", ".join(f".{prefix}{name}" for name in ("marginnote", "sidenote", "margin", "margin-caption",
                                                "margin_caption", "full-width", "full_width", "sidebar",
                                                "popout") for prefix in ("", "tag_")),
     ("hide",)),
)
#: The attributes that say light or dark mode: set on <html> by the theme's inline script before the
#: first paint, so a rule for either mode can apply to every page.
_MODE_ATTRIBUTE = re.compile(r"""\[\s*data-(?:theme|mode|bs-theme)\s*(?:[~|^$*]?=\s*(?:"[^"]*"|'[^']*'|[^\]]*))?\]""")
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"])([^'"]+)\1\s*\)?\s*;""")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_STYLE_LINK = re.compile(r"""<link\b[^>]*\brel=["']?stylesheet\b[^>]*>\s*""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref=(["'])(.*?)\1""")
#: What this step wrote into a page before: its <style>, the file's link and its <noscript> copy.
_WRITTEN = re.compile(
    rf"""<style {MARK}=.*?</style>\s*<link [^>]*page-styles-[^>]*>\s*<noscript>.*?</noscript>\s*""", re.DOTALL
)
_PRELOAD = re.compile(r"""<link rel="preload" as="image"[^>]*data-first-screen[^>]*>\s*""")
_SHEET_ROOTS = {"html", "body"}
_WIDGET_STATE = re.compile(
    r"""<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>\s*""", re.DOTALL
)


def relocate(css: str, source_dir: str, target_dir: str) -> str:
    """The CSS with its relative ``url()``\\s rewritten from ``source_dir`` to ``target_dir`` (both relative
    to the book's root)."""

    def moved(match: re.Match) -> str:
        quote, url = match.groups()
        parts = urlsplit(url)
        if not url or parts.scheme or parts.netloc or url.startswith(("/", "#")):
            return match.group(0)
        target = posixpath.relpath(posixpath.normpath(posixpath.join(source_dir, parts.path)), target_dir or ".")
        return f"url({quote}{target}{url[len(parts.path):]}{quote})"

    return _URL.sub(moved, css)


def read_sheet(outdir: Path, path: str) -> str:
    """The stylesheet at ``path`` (relative to the book's root), its ``@import``\\s put in their place and
    its ``url()``\\s made relative to the book's root."""
    folder = posixpath.dirname(path)
    css = (outdir / path).read_text(encoding="utf-8")

    def imported(match: re.Match) -> str:
        return read_sheet(outdir, posixpath.normpath(posixpath.join(folder, match.group(2))))

    return relocate(_IMPORT.sub(imported, css), folder, "")


def subject(selector: str) -> str:
    """The last compound of a selector: what an element it selects must itself be.

    >>> subject(".bd-sidebar .nav > li:not(.a .b)"), subject("a[title='x y']"), subject("p")
    ('li:not(.a .b)', "a[title='x y']", 'p')
    """
    depth, quote = 0, ""
    for i in range(len(selector) - 1, -1, -1):
        ch = selector[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in ")]":
            depth += 1
        elif ch in "([":
            depth -= 1
        elif depth == 0 and ch in " >+~":
            return selector[i + 1:].strip()
    return selector.strip()


def ancestor_features(selector: str) -> frozenset[str]:
    """What the ancestors of an element the selector selects have between them: the tag names, classes
    (``.x``) and ids (``#x``) of its compounds that a descendant or child combinator joins to the rest
    (a compound before ``~`` or ``+`` is a sibling's), outside ``:not()``, ``:is()`` and attribute tests.
    A selector with an escape is not read: nothing required.

    >>> sorted(ancestor_features("div.cell details.hide[open]>summary~*"))
    ['.cell', '.hide', 'details', 'div']
    >>> sorted(ancestor_features("ul.a + li#b p:not(.c) a[href$='.pdf']")), ancestor_features("p.x")
    (['#b', 'li', 'p'], frozenset())
    """
    if "\\" in selector:
        return frozenset()
    features, rest = set(), selector.strip()
    while True:
        last = subject(rest)
        rest = rest[: len(rest) - len(last)].rstrip()
        if not rest:
            return frozenset(features)
        combinator = rest[-1] if rest[-1] in ">+~" else " "
        rest = rest.rstrip(">+~").rstrip()
        if combinator in " >":
            compound = re.sub(r"\[[^\]]*\]", "", _FUNCTIONS.sub("", subject(rest)))
            tag = re.match(r"[a-zA-Z][\w-]*", compound)
            features.update([tag.group(0).lower()] if tag else [])
            features.update(f".{name}" for name in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", compound))
            features.update(f"#{name}" for name in re.findall(r"#(-?[_a-zA-Z][\w-]*)", compound))


def without_classes(selector: str, names: set[str]) -> str:
    """The selector without the classes ``names`` (outside ``:not()`` and the like), a compound left
    empty made ``*``.

    >>> without_classes(".bd-sidebar-secondary.hide .onthispage", {"hide"})
    '.bd-sidebar-secondary .onthispage'
    >>> without_classes(".hide > p:not(.hide), div .hide", {"hide"})
    '* > p:not(.hide), div *'
    """
    out, depth, i = [], 0, 0
    while i < len(selector):
        ch = selector[i]
        match = re.match(r"\.(-?[_a-zA-Z][\w-]*)", selector[i:]) if ch == "." and depth == 0 else None
        if match and match.group(1) in names:
            before = "".join(out).rstrip()
            empty = not out or out[-1] in " >+~," or not before
            out.append("*" if empty else "")
            i += match.end()
            continue
        depth += (ch in "([") - (ch in ")]")
        out.append(ch)
        i += 1
    return "".join(out)


#: ``:focus-visible`` and ``:focus-within``: states like ``:focus`` (which icon_font_subset's pattern
#: would cut to ``:focus`` and a stray ``-visible``).
_FOCUS = re.compile(r":focus-(?:visible|within)\b")
_FUNCTIONS = re.compile(r":[\w-]+\((?:[^()]|\([^()]*\))*\)")


class PageMarkup:
    """One page's elements, to ask which rules can apply to it."""

    def __init__(self, text: str):
        self.soup = BeautifulSoup(text, "html.parser")
        self.text = text
        self.elements = self.soup.find_all(True)
        self.by_class: dict[str, list] = {}
        self.by_id: dict[str, list] = {}
        self.by_tag: dict[str, list] = {}
        self.by_attribute: dict[str, list] = {}
        for element in self.elements:
            self.by_tag.setdefault(element.name, []).append(element)
            for attribute in element.attrs:
                self.by_attribute.setdefault(attribute, []).append(element)
            for c in element.get("class", []):
                self.by_class.setdefault(c, []).append(element)
            if element.get("id"):
                self.by_id.setdefault(element["id"], []).append(element)
        self.classes = set(self.by_class)
        self.roots = [e for e in self.elements if e.name in _SHEET_ROOTS]
        self.made_prefixes = ()  # the classes its scripts make: by prefix, and those of its widget state
        for where, prefixes in SCRIPT_MADE:
            if self.soup.select_one(where):
                self.made_prefixes += prefixes
        self.made = set()
        for script in self.by_tag.get("script", []):
            if script.get("type") != "application/vnd.jupyter.widget-state+json":
                continue
            for listed in re.findall(r'"_dom_classes": \[([^\]]*)\]', script.text):
                self.made.update(re.findall(r'"([^"]+)"', listed))
            for attribute in re.findall(r'class=\\"([^\\"]*)\\"', script.text):
                self.made.update(attribute.split())
        self._seen: dict[str, str] = {}  # selector -> "no", "root" (html or body only), "content"
        self._ancestors: dict[int, frozenset] = {}  # id(element) -> _above(element)

    def _above(self, element) -> frozenset:
        """The tag names, classes (``.x``) and ids (``#x``) of the element's ancestors."""
        chain = []
        while element is not None and id(element) not in self._ancestors:
            chain.append(element)
            element = element.parent
        known = self._ancestors.get(id(element), frozenset())
        for element in reversed(chain):  # from the highest down, each its parent's and the parent
            parent = element.parent
            if parent is not None:
                known = known | {parent.name, *(f".{c}" for c in parent.get("class", [])),
                                 *([f"#{parent['id']}"] if parent.get("id") else [])}
            else:
                known = frozenset()
            self._ancestors[id(element)] = known = frozenset(known)
        return known

    def _made(self, name: str) -> bool:
        return name in self.made or name.startswith(self.made_prefixes)

    def reach(self, selector: str) -> str:
        """Whether the selector can apply here: "no", "root" (to html or body alone) or "content"."""
        if selector not in self._seen:
            self._seen[selector] = self._reach(selector)
        return self._seen[selector]

    def _candidates(self, compound: str) -> list:
        """The elements that may be the subject of a selector whose last compound is ``compound``."""
        if re.search(r"(?<![\w-])(html|body)\b|:root", compound):
            return self.roots
        plain = _FUNCTIONS.sub("", compound)
        lists = [self.by_class.get(c, []) for c in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", plain)]
        lists += [self.by_id.get(i, []) for i in re.findall(r"#(-?[_a-zA-Z][\w-]*)", plain)]
        lists += [self.by_attribute.get(a.lower(), []) for a in re.findall(r"\[\s*([\w-]+)", plain)]
        tag = re.match(r"[a-zA-Z][\w-]*", plain)
        if tag:
            lists.append(self.by_tag.get(tag.group(0).lower(), []))
        return min(lists, key=len) if lists else self.elements

    def _has_tags(self, selector: str) -> bool:
        """Whether the page has an element of every type the selector names (outside ``:not()`` and the like)."""
        outside = _FUNCTIONS.sub("", selector)
        outside = re.sub(r"\[[^\]]*\]", "", outside)
        names = re.findall(r"(?:^|[\s>+~])([a-zA-Z][\w-]*)", outside)
        return all(name.lower() in self.by_tag for name in names)

    def _reach(self, selector: str) -> str:
        plain = _MODE_ATTRIBUTE.sub("", _drop_states(_FOCUS.sub(":focus", selector))).strip()
        if plain in ("", "*"):
            return "root"
        missing = _required_classes(plain) - self.classes
        if missing:  # a class no element of the page has: a script may make it, and the rule apply then
            return "content" if all(self._made(c) for c in missing) else "no"
        if not self._has_tags(plain):
            return "no"
        made = {c for c in _required_classes(plain) if self._made(c)}
        if made:  # a script may give those classes to any element (the sidebar's `hide`, while other
            # elements have it in the page's markup): the rule can apply where the rest of it matches
            plain = without_classes(plain, made)
        try:
            compiled = soupsieve.compile(plain)
            last = subject(plain)
            candidates = self._candidates(last)
            above = ancestor_features(plain)
            if above:  # soupsieve walks each candidate's ancestors; most fail on a name first
                candidates = [e for e in candidates if above <= self._above(e)]
            roots = [e for e in candidates if e.name in _SHEET_ROOTS]
            if any(compiled.match(e) for e in candidates if e.name not in _SHEET_ROOTS):
                return "content"
            return "root" if any(compiled.match(e) for e in roots) else "no"
        except (soupsieve.SelectorSyntaxError, NotImplementedError, ValueError):
            return "content"  # a selector soupsieve cannot read: keep its rule


class Rule(NamedTuple):
    """A style rule, read once for every page: its selectors, its text, the custom properties its
    declarations read, and those it defines (each with the properties its value reads)."""

    selectors: list[str]
    text: str
    reads: frozenset
    defines: dict


class Block(NamedTuple):
    """An at-rule that holds rules (``@media``, ``@supports``...): its head and its rules."""

    head: str
    rules: list


def parse(css: str) -> list:
    """A stylesheet as :class:`Rule`\\s, :class:`Block`\\s and the text of other at-rules (``@font-face``,
    ``@keyframes``: kept as they are), in order."""
    return _parsed(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _parsed(rules) -> list:
    items = []
    for rule in rules:
        if rule.type == "qualified-rule":
            defines = {}
            for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
                if declaration.type == "declaration" and declaration.name.startswith("--"):
                    reads = _VAR.findall(tinycss2.serialize(declaration.value))
                    defines.setdefault(declaration.name, set()).update(reads)
            items.append(Rule(_split_selectors(tinycss2.serialize(rule.prelude)), rule.serialize(),
                              frozenset(_VAR.findall(tinycss2.serialize(rule.content))), defines))
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in (
            "media", "supports", "layer", "container", "document"
        ):
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            items.append(Block(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", _parsed(inner)))
        elif rule.type == "at-rule" and rule.lower_at_keyword not in ("charset", "import"):
            items.append(rule.serialize())
    return items


class Reach:
    """What a stylesheet's rules reach on a page: whether one applies to an element other than ``html``
    and ``body``, the custom properties the rules that do read, and those its rules define."""

    def __init__(self):
        self.content = False
        self.reads: set[str] = set()
        self.defines: dict[str, set[str]] = {}

    def add(self, rule: Rule, reaches: set[str]) -> None:
        if "content" in reaches:
            self.content = True
            self.reads |= rule.reads
        for name, refs in rule.defines.items():
            self.defines.setdefault(name, set()).update(refs)


def _prune(items: list, page: PageMarkup, reach: Reach) -> str:
    kept = []
    for item in items:
        if isinstance(item, Rule):
            reaches = {page.reach(s) for s in item.selectors}
            if reaches - {"no"}:
                reach.add(item, reaches)
                kept.append(item.text)
        elif isinstance(item, Block):
            inner = _prune(item.rules, page, reach)
            if inner:
                kept.append(f"{item.head}{{{inner}}}")
        else:
            kept.append(item)
    return "".join(kept)


def prune(css: str | list, page: PageMarkup, reach: Reach | None = None) -> str:
    """The rules of ``css`` (its text, or :func:`parse`'s) that can apply to the page, in their order,
    inside their at-rules; ``reach`` collects what they reach."""
    reach = Reach() if reach is None else reach
    return _prune(parse(css) if isinstance(css, str) else css, page, reach)


def first_paint_css(sheets: dict[str, str], page: PageMarkup) -> tuple[list[str], str]:
    """The stylesheets the page uses (of ``sheets``: path -> CSS, in the page's order) and the rules of
    theirs that can apply to it, in that order.

    A stylesheet is used when one of its rules applies to the page's content, or when it defines a
    custom property that such a rule, or the page itself (its inline styles, its widgets' HTML), reads,
    directly or through other properties.

    >>> page = PageMarkup("<html><body><p class='a'>x</p></body></html>")
    >>> sheets = {"colours.css": ":root{--ink:black;--unused:red}",
    ...           "own.css": ":root{--text:var(--ink)}.a{color:var(--text)}",
    ...           "other.css": ":root{--b:1px}.b{border:var(--b)}"}
    >>> used, css = first_paint_css(sheets, page)
    >>> used, css
    (['colours.css', 'own.css'], ':root{--ink:black;--unused:red}:root{--text:var(--ink)}.a{color:var(--text)}')
    """
    pruned, reach = {}, {}
    for path, css in sheets.items():
        reach[path] = Reach()
        pruned[path] = prune(css, page, reach[path])  # css: text, or parse()'s (read once for every page)
    read = set(_VAR.findall(page.text))
    for r in reach.values():
        if r.content:
            read |= r.reads
    definitions: dict[str, set[str]] = {}
    for r in reach.values():
        for name, refs in r.defines.items():
            definitions.setdefault(name, set()).update(refs)
    new = set(read)
    while new:  # the properties those read, and theirs
        new = set().union(*(definitions.get(name, set()) for name in new)) - read
        read |= new
    used = [p for p in sheets if reach[p].content or set(reach[p].defines) & read]
    return used, "".join(pruned[p] for p in used)


def original_links(head: str) -> list[str]:
    """The stylesheets a page's ``<head>`` links (href as written), before or after this step."""
    mark = re.search(rf'<style {MARK}="([^"]*)"', head)
    if mark:
        return json.loads(html.unescape(mark.group(1)))
    return [html.unescape(_HREF.search(link).group(2)) for link in _STYLE_LINK.findall(head) if _HREF.search(link)]


def _local(page_dir: str, href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(page_dir, parts.path))


def first_screen_image(soup: BeautifulSoup):
    """The first ``<img>`` of the article before its first section heading, or None."""
    article = soup.select_one("article.bd-article") or soup.select_one("main")
    if article is None:
        return None
    for element in article.find_all(["img", "h2"]):
        return element if element.name == "img" and element.get("src") else None
    return None


def rewrite_page(outdir: Path, page_path: str, bundles: dict[tuple, str], cache: dict) -> str | None:
    """Give one page its first-paint ``<style>`` and its non-blocking link to the whole (see the module);
    returns the whole's path (relative to the book's root), or None for a page left as it was."""
    path = outdir / page_path
    text = path.read_text(encoding="utf-8")
    head_end = text.find("</head>")
    if head_end < 0:
        return None
    head = text[:head_end]
    hrefs = original_links(head)
    page_dir = posixpath.dirname(page_path)
    sheets = {}
    for href in hrefs:
        local = _local(page_dir, href)
        if local is None or not (outdir / local).is_file():
            return None  # a stylesheet from elsewhere, or missing: leave the page as Sphinx wrote it
        if local not in cache:
            css = read_sheet(outdir, local)
            cache[local] = (css, parse(css))
        sheets[local] = cache[local]
    if not sheets:
        return None
    head = _PRELOAD.sub("", head)
    before = _WRITTEN.search(head) or _STYLE_LINK.search(head)
    at = before.start()  # where the first link was, or what this step wrote in its place
    head = _STYLE_LINK.sub("", _WRITTEN.sub("", head))
    page = PageMarkup(head + text[head_end:])  # as Sphinx wrote it, without its stylesheets
    used, first_paint = first_paint_css({path: parsed for path, (_, parsed) in sheets.items()}, page)
    key = tuple(used)
    if key not in bundles:
        whole = "\n".join(sheets[p][0] for p in used)
        name = BUNDLE.format(digest=hashlib.sha256(whole.encode()).hexdigest()[:16])
        # written whole and then renamed: two workers may write the same file (the same text)
        partial = outdir / "_static" / f"{name}.{os.getpid()}"
        partial.write_text(relocate(whole, "", "_static"), encoding="utf-8")
        os.replace(partial, outdir / "_static" / name)
        bundles[key] = f"_static/{name}"
    bundle = posixpath.relpath(bundles[key], page_dir or ".")
    mark = html.escape(json.dumps(hrefs), quote=True)
    style = relocate(first_paint, "", page_dir).replace("</", "<\\/")
    written = (
        f'<style {MARK}="{mark}">{style}</style>\n'
        f'    <link rel="stylesheet" href="{bundle}" media="print" onload="this.media=\'all\'" />\n'
        f'    <noscript><link rel="stylesheet" href="{bundle}" /></noscript>\n    '
    )
    image = first_screen_image(page.soup)
    body = text[head_end:]
    if image is not None:
        src = image["src"]
        written += (f'<link rel="preload" as="image" href="{html.escape(src)}" fetchpriority="high" '
                    'data-first-screen />\n    ')
        body = _mark_image(body, src)
    head = head[:at] + written + head[at:]
    head, body = _state_after_content(head, body)
    path.write_text(head + body, encoding="utf-8")
    return bundles[key]


def _state_after_content(head: str, body: str) -> tuple[str, str]:
    """The page's embedded widget state moved from its ``<head>`` to the end of its ``<body>``.

    myst-nb writes it into ``<head>`` (up to a few hundred kB of JSON), so the browser had to download
    all of it before the first byte of the page it could paint; the widget runtime, deferred, reads it
    once the whole page has been read, wherever it is.

    >>> state = '<script type="application/vnd.jupyter.widget-state+json">{}</script>'
    >>> head, body = _state_after_content(f'<head>{state}\\n</head>', '</head><body><p>x</p></body>')
    >>> head, body == f'</head><body><p>x</p>{state}\\n</body>'
    ('<head></head>', True)
    """
    states = _WIDGET_STATE.findall(head)
    end = body.rfind("</body>")
    if not states or end < 0:
        return head, body
    return _WIDGET_STATE.sub("", head), body[:end] + "".join(s.strip() + "\n" for s in states) + body[end:]


def _mark_image(body: str, src: str) -> str:
    """The page's body with its first ``<img>`` of ``src`` fetched first and not lazily."""
    pattern = re.compile(r"<img\b[^>]*\bsrc=([\"'])" + re.escape(html.escape(src, quote=False)) + r"\1[^>]*>")
    match = pattern.search(body)
    if match is None:
        return body
    tag = re.sub(r'\s+loading=(["\'])lazy\1', "", match.group(0))
    if "fetchpriority" not in tag:
        tag = tag.replace("<img", '<img fetchpriority="high"', 1)
    return body[: match.start()] + tag + body[match.end():]


def inputs_digest(outdir: Path) -> str:
    """A digest of what a page's rewriting reads besides the page: every stylesheet of the built book
    (but this step's own files), by path and content, and this module's code."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for sheet in sorted(outdir.rglob("*.css")):
        if sheet.is_file() and not sheet.name.startswith("page-styles-"):
            digest.update(b"\0" + sheet.relative_to(outdir).as_posix().encode() + b"\0" + sheet.read_bytes())
    return digest.hexdigest()


def _page_digest(outdir: Path, page_path: str) -> str:
    return hashlib.sha256((outdir / page_path).read_bytes()).hexdigest()


def pages_to_rewrite(outdir: Path, paths: list[str], remembered: dict, inputs: str) -> list[str]:
    """The pages of ``paths`` this step must rewrite: all of them when ``inputs`` (:func:`inputs_digest`)
    is not the remembered one; else those that are not as this step left them (written again by the
    build, or new) or whose stylesheet file is gone.

    >>> import tempfile
    >>> book = Path(tempfile.mkdtemp()); _ = (book / "a.html").write_text("a"); _ = (book / "b.html").write_text("b")
    >>> remembered = {"inputs": "css1", "pages": {p: [_page_digest(book, p), None] for p in ("a.html", "b.html")}}
    >>> pages_to_rewrite(book, ["a.html", "b.html"], remembered, "css1")
    []
    >>> _ = (book / "b.html").write_text("b again"); pages_to_rewrite(book, ["a.html", "b.html"], remembered, "css1")
    ['b.html']
    >>> pages_to_rewrite(book, ["a.html", "b.html"], remembered, "css2")
    ['a.html', 'b.html']
    """
    if remembered.get("inputs") != inputs:
        return list(paths)
    pages = remembered.get("pages", {})
    return [
        page_path for page_path in paths
        if page_path not in pages
        or pages[page_path][0] != _page_digest(outdir, page_path)
        or (pages[page_path][1] is not None and not (outdir / pages[page_path][1]).is_file())
    ]


#: Pages rewritten at once: one process per core the build may use, at most four.
WORKERS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
#: What a worker process reads (set before the workers are forked): the book's folder and the
#: stylesheets read and parsed once, by path.
_shared: dict = {}


def _rewrite_shared(page_path: str) -> tuple[str, str | None]:
    return page_path, rewrite_page(_shared["outdir"], page_path, _shared["bundles"], _shared["cache"])


def rewrite_pages(outdir: Path, page_paths: list[str]) -> dict[str, str | None]:
    """:func:`rewrite_page` for each page (largest first), :data:`WORKERS` processes at a time: the
    stylesheets are read and parsed once, before the processes are forked. Returns page -> whole's path."""
    cache: dict = {}
    for page_path in page_paths:  # every stylesheet of the pages, read and parsed here, once
        text = (outdir / page_path).read_text(encoding="utf-8")
        for href in original_links(text[: max(text.find("</head>"), 0)]):
            local = _local(posixpath.dirname(page_path), href)
            if local is not None and local not in cache and (outdir / local).is_file():
                css = read_sheet(outdir, local)
                cache[local] = (css, parse(css))
    _shared.update(outdir=outdir, bundles={}, cache=cache)
    order = sorted(page_paths, key=lambda page_path: -(outdir / page_path).stat().st_size)
    try:
        if WORKERS < 2 or len(order) < 2:
            return dict(map(_rewrite_shared, order))
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            return dict(pool.imap_unordered(_rewrite_shared, order))
    finally:
        _shared.clear()


def page_stylesheets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    paths = sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*.html")
                   if not {"_static", "_sources", "widgets"} & set(p.relative_to(outdir).parts))
    memory = Path(app.doctreedir) / "page-stylesheets.json"
    try:
        remembered = json.loads(memory.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        remembered = {}  # a clean build, or a memory from another layout: every page
    remembered = remembered if isinstance(remembered, dict) else {}
    inputs = inputs_digest(outdir)
    changed = pages_to_rewrite(outdir, paths, remembered, inputs)
    pages = {p: d for p, d in remembered.get("pages", {}).items() if p in paths and p not in changed}
    for page_path, bundle in rewrite_pages(outdir, changed).items():
        pages[page_path] = [_page_digest(outdir, page_path), bundle]
    kept = {bundle for _, bundle in pages.values() if bundle}
    stale = [old for old in (outdir / "_static").glob(BUNDLE.format(digest="*"))
             if old.relative_to(outdir).as_posix() not in kept]
    for old in stale:  # the files of sets of stylesheets no page loads any longer
        old.unlink()
    memory.write_text(json.dumps({"inputs": inputs, "pages": dict(sorted(pages.items()))}), encoding="utf-8")
    logger.info(f"page stylesheets: processed {len(changed)} of {len(paths)} pages, {len(kept)} sets of stylesheets")
    icons_memory = Path(app.doctreedir) / "icon-font-subset.json"
    if (changed or stale) and icons_memory.is_file():
        # the icons step's digest of the book as this step leaves it: a no-op rebuild reuses it
        remember_trimmed(outdir, icons_memory)


def setup(app):
    # after icon_font_subset (priority 900), which trims the theme's stylesheet the pages then carry: the
    # inputs' digest sees the trimmed stylesheet, so a rebuild that trims it otherwise rewrites every page
    app.connect("build-finished", page_stylesheets, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
