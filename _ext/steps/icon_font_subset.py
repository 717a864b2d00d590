"""Trim the theme's Font Awesome web fonts to the icons the book's pages can show.

pydata-sphinx-theme 0.17.1 ships Font Awesome 6.5.2 Free whole (solid 156 kB and brands
118 kB as woff2, about 2,000 icons) for the dozen the book draws, and a page downloads each
whole font it draws one icon from. At the end of every build (after the theme's own handlers)
this extension finds the icons the built pages can show and writes the font files of
``_static/vendor/fontawesome/webfonts`` subset to them with fontTools, from the theme's own copies
(:data:`THEME_STATIC`: a rebuild whose pages show a new icon finds it whole there). It then drops the theme
stylesheet's ~1,900 Font Awesome icon rules (``.fa-github:before{content:"\\f09b"}``) for every
other icon: about 86 of its 397 kB, 20 kB gzipped, on every page.

An icon can show when a rule of the pages' stylesheets puts its character in ``content``
(directly, or through a custom property such as ``--pst-icon-github``) and one of the rule's
selectors matches an element of a built page, once pseudo-elements and user-action states
(``:hover``, ``:focus``...) are left out. Icons that the theme's scripts create count too:
the ``fa-*`` classes written in the scripts under ``_static`` that pages load, and the states
in :data:`SCRIPT_STATES`. tests/browser/test_every_page.py checks that every icon is drawn.

Finding the icons reads each page's classes, ids, stylesheets and scripts from its markup, then matches
the icon rules' selectors: a selector of one class is a lookup, a selector naming a class no page has
matches nothing (:func:`_required_classes`), and the rest are matched with soupsieve on the pages that have
their classes, each page parsed with BeautifulSoup only when first needed (:class:`_Page`). Measured side
by side in one build: 2.0 s, against 4.5 s when every page was parsed (the same icons).
A rebuild that changes no page, stylesheet or script (the usual no-op rebuild) reuses the last answer,
kept with a digest of those files in Sphinx's doctree folder (:func:`remembered_icons`), and with a
digest of them as this step leaves them (:func:`remember_trimmed`: a no-op rebuild copies no theme file
again, so it finds the trimmed stylesheet); any change to them, or to this step's code, finds the icons again.

Upstream: none to wait for (the theme ships whole fonts by design); the file layout and the
CSS it reads are pydata-sphinx-theme 0.17.1's, so a new theme version means re-checking this.

>>> sorted(_icons('"\\\\f0c9"'))
[61641]
>>> _drop_states('.bd-sidebar-secondary.hide:not(:hover) .onthispage:after')
'.bd-sidebar-secondary.hide .onthispage'
"""

from __future__ import annotations

import hashlib
import json
import logging as stdlib_logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import pydata_sphinx_theme
import soupsieve
import tinycss2
from bs4 import BeautifulSoup
from fontTools import subset
from fontTools.ttLib import TTFont
from sphinx.util import logging

#: The book's own step, which reads the theme's files: the pinned version it was checked against
#: (tests/test_hygiene.py compares it with requirements.txt).
PATCHES = {"pydata-sphinx-theme": "0.17.1"}

logger = logging.getLogger(__name__)
# fontTools says at INFO each table of each font it trims (156 lines a build, drowning the build's own
# log): its warnings are enough, and this step logs each font's sizes itself
stdlib_logging.getLogger("fontTools").setLevel(stdlib_logging.WARNING)

FONT_DIR = Path("_static", "vendor", "fontawesome", "webfonts")
#: The stylesheet that carries Font Awesome's icon rules (the theme bundles them into its own).
THEME_CSS = Path("_static", "styles", "pydata-sphinx-theme.css")
#: The theme's own static files, which Sphinx copies into ``_static``. The step reads and trims these, never
#: its own output of an earlier build: Sphinx does not always copy the theme's files again, and an icon
#: trimmed away by one build would then be missing from the fonts and rules of every build after it.
THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
#: One icon rule as the theme's minified CSS writes it, whole: it starts right after a ``}`` or
#: ``{`` (so no longer selector is cut in two) and has only ``.fa-*:before`` selectors.
_ICON_RULE = re.compile(r'(?:(?<=[{}])|^)(?:\.fa-[a-z0-9-]+::?before,?)+\{content:("[^"]*")\}')
#: Font Awesome keeps its icons in the Private Use Area.
ICON_CHAR = re.compile("[\ue000-\uf8ff]")
FA_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
#: Elements or classes the theme's scripts add after load, where an icon then shows: (where,
#: what to add). sphinx-book-theme.js adds .hide to "On this page" beside margin content (a
#: chevron appears); sphinx_highlight.js adds "Hide search matches" under #searchbox.
SCRIPT_STATES = (
    (".bd-sidebar-secondary", {"class": "hide"}),
    ("#searchbox", {"html": '<p class="highlight-link"><a href="#">x</a></p>'}),
)
_PSEUDO_ELEMENT = re.compile(r"::?(before|after|marker|placeholder|backdrop|first-letter|first-line|selection)\b")
_STATE = r":(hover|focus|focus-visible|focus-within|active|visited|link|target|checked|disabled|enabled)\b"
_NOT_STATE = re.compile(r":not\(\s*" + _STATE + r"\s*\)")
_SIMPLE_CLASS = re.compile(r"\.([\w-]+)")


def original(outdir: Path, built: Path) -> Path:
    """The theme's own file behind ``built``, a file of the built book's ``_static`` (``built`` itself
    when the theme has no such file: the book's own stylesheets and scripts).

    >>> original(Path("_build/html"), Path("_build/html") / THEME_CSS) == THEME_STATIC / "styles" / THEME_CSS.name
    True
    """
    try:
        source = THEME_STATIC / built.resolve().relative_to((outdir / "_static").resolve())
    except ValueError:
        return built
    return source if source.is_file() else built


def _icons(css_value: str) -> set[int]:
    """The icon characters of a CSS value, escapes resolved."""
    chars = set()
    for token in tinycss2.parse_component_value_list(css_value):
        if token.type == "string":
            chars.update(ord(c) for c in ICON_CHAR.findall(token.value))
    return chars


def _drop_states(selector: str) -> str:
    """The selector without pseudo-elements and user-action states: what must exist on a page."""
    selector = _NOT_STATE.sub("", selector)
    selector = re.sub(_STATE, "", selector)
    return _PSEUDO_ELEMENT.sub("", selector).strip()


def _required_classes(selector: str) -> set[str]:
    """Classes an element of the selector must have, outside ``:not()``, ``:is()`` and the like: if a
    page has none of them, the selector matches nothing there, and soupsieve need not walk the page
    (most of the time of finding the icons). A selector with an escape is not read: nothing required.

    >>> sorted(_required_classes(".bd-sidebar .toc-entry:not(.active) > a.nav-link:is(.x, .y)"))
    ['bd-sidebar', 'nav-link', 'toc-entry']
    """
    if "\\" in selector:
        return set()
    outside = re.sub(r":[\w-]+\((?:[^()]|\([^()]*\))*\)", "", selector)
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", outside))


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in prelude:
        depth += (ch in "([") - (ch in ")]")
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [p.strip() for p in parts + [current] if p.strip()]


def _rules(css: str):
    """Every style rule of a stylesheet as (selectors, declarations), inside @media too."""
    stack = [tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)]
    while stack:
        for rule in stack.pop():
            if rule.type == "qualified-rule":
                declarations = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
                yield (
                    _split_selectors(tinycss2.serialize(rule.prelude)),
                    [d for d in declarations if d.type == "declaration"],
                )
            elif (
                rule.type == "at-rule"
                and rule.content is not None
                and rule.lower_at_keyword in ("media", "supports", "layer")
            ):
                stack.append(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))


def icon_rules(css: str) -> list[tuple[list[str], set[int]]]:
    """The rules that draw icons, each as (selectors, icon characters)."""
    custom, drawing = {}, []  # custom property -> [icons, properties it refers to]
    for selectors, declarations in _rules(css):
        for d in declarations:
            value = tinycss2.serialize(d.value)
            refs = re.findall(r"var\(\s*(--[\w-]+)", value)
            if d.name.startswith("--"):
                entry = custom.setdefault(d.name, [set(), set()])
                entry[0].update(_icons(value))
                entry[1].update(refs)
            elif d.lower_name == "content":
                drawing.append((selectors, _icons(value), refs))

    def resolve(names, seen=frozenset()):  # --a: var(--b); --b: "\f0f3"
        chars = set()
        for name in set(names) - seen:
            icons, refs = custom.get(name, (set(), set()))
            chars |= icons | resolve(refs, seen | {name})
        return chars

    rules = [(selectors, chars | resolve(refs)) for selectors, chars, refs in drawing]
    return [(selectors, chars) for selectors, chars in rules if chars]


def _local(page: Path, url: str, outdir: Path) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (page.parent / parts.path).resolve()
    return path if path.is_file() and outdir.resolve() in path.parents else None


#: What a page's markup shows outside its text: scripts' and styles' contents and comments are not elements.
_NOT_MARKUP = re.compile(r"(<script\b[^>]*>).*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<(link|script)\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _attributes(text: str) -> list[tuple[str, str]]:
    """Every ``name=value`` attribute of some markup, names lower-cased, values as written.

    >>> _attributes("<i class='fa fa-x' id=a>") + _attributes('<link REL="stylesheet" href="a.css">')
    [('class', 'fa fa-x'), ('id', 'a'), ('rel', 'stylesheet'), ('href', 'a.css')]
    """
    return [(m.group(1).lower(), next(v for v in m.group(2, 3, 4) if v is not None)) for m in _ATTRIBUTE.finditer(text)]


def _classes_and_ids(markup: str) -> tuple[set, set]:
    """The classes and the ids of the elements of some markup.

    >>> classes, ids = _classes_and_ids('<p class="a b"><a id=x class=c href="#">x</a></p>')
    >>> sorted(classes), ids
    (['a', 'b', 'c'], {'x'})
    """
    attributes = _attributes(" ".join(re.findall(r"<[a-zA-Z][^>]*>", markup)))
    return {name for key, value in attributes if key == "class" for name in value.split()}, {
        value for key, value in attributes if key == "id"}


@dataclass
class _Page:
    """A built page as the icon step reads it: the classes of its elements (from its markup, without a
    parser), the stylesheets and scripts it loads, and its element tree when a selector needs it."""

    text: str
    classes: set
    stylesheets: set
    scripts: set

    @classmethod
    def read(cls, path: Path, outdir: Path) -> _Page:
        text = path.read_text(encoding="utf-8")
        markup = _NOT_MARKUP.sub(r"\1", text)  # keep a script's tag (its src), not its text
        classes, ids = _classes_and_ids(markup)
        for where, what in SCRIPT_STATES:  # what the theme's scripts add, where their target is on the page
            if where[1:] in (classes if where.startswith(".") else ids):
                classes |= {what["class"]} if "class" in what else _classes_and_ids(what["html"])[0]
        stylesheets, scripts = set(), set()
        for tag, inside in _TAG.findall(markup):
            found = dict(_attributes(inside))
            if tag.lower() == "link" and "stylesheet" in found.get("rel", "").split() and "href" in found:
                stylesheets.add(_local(path, found["href"], outdir))
            elif tag.lower() == "script" and "src" in found:
                scripts.add(_local(path, found["src"], outdir))
        return cls(text, classes, stylesheets, scripts)

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The page's elements, with what the theme's scripts add after load (:data:`SCRIPT_STATES`)."""
        soup = BeautifulSoup(self.text, "html.parser")
        for where, what in SCRIPT_STATES:
            for element in soup.select(where):
                if "class" in what:
                    element["class"] = [*element.get("class", []), what["class"]]
                else:
                    element.append(BeautifulSoup(what["html"], "html.parser"))
        return soup


def used_icons(outdir: Path) -> set[int]:
    """The icon characters the built pages can show.

    A page is parsed only when a selector that its classes could satisfy needs matching (most selectors are
    one class; most of the rest match on the first page that has their classes).
    """
    paths = sorted(p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts)
    pages = [_Page.read(path, outdir) for path in paths]
    static = (outdir / "_static").resolve()
    classes = set().union(*(page.classes for page in pages))
    scripts = {path for page in pages for path in page.scripts if path and static in path.parents}
    for script in scripts:
        classes.update(FA_CLASS.findall(script.read_text(encoding="utf-8", errors="replace")))
    logger.info(f"icon fonts: read {len(pages)} pages for the icons they show")

    used = set()
    for sheet in filter(None, set().union(*(page.stylesheets for page in pages))):
        for selectors, chars in icon_rules(original(outdir, sheet).read_text(encoding="utf-8")):
            if not chars - used:
                continue
            for selector in map(_drop_states, selectors):
                simple = _SIMPLE_CLASS.fullmatch(selector)
                required = _required_classes(selector)
                if simple:  # most rules are Font Awesome's own `.fa-bars:before`: a class lookup
                    shown = simple.group(1) in classes
                elif not required <= classes:  # a class no page has: no match anywhere
                    shown = False
                else:
                    try:
                        shown = any(soupsieve.select_one(selector, page.soup) for page in pages
                                    if required <= page.classes)
                    except (soupsieve.SelectorSyntaxError, NotImplementedError):  # unreadable: keep its icons
                        shown = True
                if shown:
                    used |= chars
                    break
    return used


#: What :func:`used_icons` reads: the pages, and the stylesheets and scripts they load.
_READ_SUFFIXES = (".html", ".css", ".js")


def pages_digest(outdir: Path) -> str:
    """A digest of every page, stylesheet and script of the built book, by path and content, and of this
    step's own code: a change to how the icons are found finds them again."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(p for p in outdir.rglob("*") if p.suffix in _READ_SUFFIXES and p.is_file()):
        digest.update(path.relative_to(outdir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def remembered_icons(outdir: Path, memory: Path, find=None) -> set[int]:
    """:func:`used_icons` (or ``find``), remembered in the file ``memory`` with the digest of what it
    read: the same files give the remembered icons without reading a page.

    >>> import tempfile
    >>> book = Path(tempfile.mkdtemp()); _ = (book / "a.html").write_text("<i class='fa-bars'></i>")
    >>> calls = []
    >>> find = lambda outdir: calls.append(1) or {0xF0C9}
    >>> remembered_icons(book, book / "memory.json", find), remembered_icons(book, book / "memory.json", find)
    ({61641}, {61641})
    >>> len(calls)
    1
    >>> _ = (book / "a.html").write_text("<i class='fa-x'></i>"); _ = remembered_icons(book, book / "memory.json", find)
    >>> len(calls)
    2
    """
    find = find or used_icons
    digest = pages_digest(outdir)
    try:
        saved = json.loads(memory.read_text(encoding="utf-8"))
        if digest in saved["digests"]:
            return set(saved["icons"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # nothing remembered yet, or from another layout: find them
    icons = find(outdir)
    memory.write_text(json.dumps({"digests": [digest], "icons": sorted(icons)}), encoding="utf-8")
    return icons


def remember_trimmed(outdir: Path, memory: Path) -> None:
    """Add the digest of the book as this step leaves it (the theme's stylesheet trimmed) to ``memory``.

    A no-op rebuild copies no theme file again, so the next build finds the trimmed stylesheet:
    without this digest it would read every page again to find the same icons.

    >>> import tempfile
    >>> book = Path(tempfile.mkdtemp()); _ = (book / "a.css").write_text(".fa-x:before{content:'x'}")
    >>> find = lambda outdir: {0xF0C9}
    >>> _ = remembered_icons(book, book / "memory.json", find)
    >>> _ = (book / "a.css").write_text(""); remember_trimmed(book, book / "memory.json")
    >>> remembered_icons(book, book / "memory.json", lambda outdir: 1 / 0)  # not found again
    {61641}
    """
    saved = json.loads(memory.read_text(encoding="utf-8"))
    saved["digests"] = sorted({*saved["digests"], pages_digest(outdir)})
    memory.write_text(json.dumps(saved), encoding="utf-8")


def subset_font(source: Path, target: Path, keep: set[int]) -> tuple[int, int]:
    """Write ``source``, a font file, subset to the characters in ``keep``, to ``target``; returns (bytes before,
    after)."""
    before = source.stat().st_size
    font = TTFont(source)
    options = subset.Options()
    options.flavor = font.flavor  # woff2 stays woff2 (needs brotli), ttf stays ttf
    options.name_IDs = ["*"]  # keep the copyright and names (SIL OFL 1.1)
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep & set(font.getBestCmap()))
    subsetter.subset(font)
    font.save(target)
    return before, target.stat().st_size


def strip_icon_rules(css: str, keep: set[int]) -> str:
    """The stylesheet without the Font Awesome icon rules that draw none of the characters in ``keep``.

    >>> css = 'a{b:c}.fa-bars:before{content:"\\\\f0c9"}.fa-x:before,.fa-y:before{content:"\\\\f00d"}'
    >>> strip_icon_rules(css, {0xF0C9})
    'a{b:c}.fa-bars:before{content:"\\\\f0c9"}'
    >>> strip_icon_rules('.a .fa-x:before{content:"\\\\f00d"}', set())  # not a whole icon rule: kept
    '.a .fa-x:before{content:"\\\\f00d"}'
    """

    def kept(match: re.Match) -> str:
        value = tinycss2.parse_component_value_list(match.group(1))[0].value
        return match.group(0) if set(map(ord, value)) & keep else ""

    return _ICON_RULE.sub(kept, css)


def strip_theme_icon_rules(outdir: Path, keep: set[int]) -> None:
    """Drop the unused icon rules from the theme's stylesheet in the built book."""
    sheet = outdir / THEME_CSS
    if not sheet.is_file():
        return
    css = original(outdir, sheet).read_text(encoding="utf-8")
    trimmed = strip_icon_rules(css, keep)
    sheet.write_text(trimmed, encoding="utf-8")
    logger.info(f"icon rules: {sheet.name} {len(css) / 1000:.0f} kB -> {len(trimmed) / 1000:.0f} kB")


def subset_icon_fonts(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if not _fonts(outdir):
        return
    memory = Path(app.doctreedir) / "icon-font-subset.json"
    keep = remembered_icons(outdir, memory)
    trim_theme(outdir, keep)
    remember_trimmed(outdir, memory)
    logger.info(f"icon fonts: kept {len(keep)} icons: {' '.join(f'{c:x}' for c in sorted(keep))}")


def _fonts(outdir: Path) -> list[Path]:
    """The theme's icon font files in the built book."""
    return sorted(p for p in (outdir / FONT_DIR).glob("*") if p.suffix in (".woff2", ".woff", ".ttf"))


def trim_theme(outdir: Path, keep: set[int]) -> None:
    """The theme's stylesheet and icon fonts in the built book, trimmed to the icons in ``keep``, from the
    theme's own files: a rebuild whose pages show one icon more gets it back.

    >>> import shutil, tempfile
    >>> book = Path(tempfile.mkdtemp()); font = book / FONT_DIR / "fa-solid-900.woff2"
    >>> font.parent.mkdir(parents=True); (book / THEME_CSS).parent.mkdir(parents=True)
    >>> _ = shutil.copy(original(book, font), font); _ = shutil.copy(original(book, book / THEME_CSS), book / THEME_CSS)
    >>> trim_theme(book, {0xF0C9}); trim_theme(book, {0xF0C9, 0xF0F3})  # the bars, then the bell too
    >>> sorted(TTFont(font).getBestCmap()) == [0xF0C9, 0xF0F3], '"\\\\f0f3"' in (book / THEME_CSS).read_text()
    (True, True)
    """
    strip_theme_icon_rules(outdir, keep)
    for font in _fonts(outdir):
        before, after = subset_font(original(outdir, font), font, keep)
        logger.info(f"icon fonts: {font.name} {before / 1000:.0f} kB -> {after / 1000:.1f} kB")


def setup(app):
    # After the theme's own build-finished handlers (priority 500), which write _static/pygments.css
    # again on every build: the digest must see the book as the build leaves it.
    app.connect("build-finished", subset_icon_fonts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
