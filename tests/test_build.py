"""The built book on disk: self-contained, its links resolve, its images are described,
and two clean builds give the same pages.

Pages are discovered from the built HTML (tests/support.py). The HTML inside widgets
(kept in each page's embedded widget state) counts as part of its page.
"""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from book_build import NOTEBOOK_HEADER, copy_book, html_of, single_chapter_book
from support import pages, parametrize_pages, widget_html

#: Attributes through which a page loads something (as opposed to linking to it).
RESOURCE_ATTRIBUTES = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "embed": ("src",),
    "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
#: <link rel=...> values that only point at another page, without loading it.
NAVIGATION_RELS = {"canonical", "alternate", "next", "prev", "index", "search", "author", "license", "help"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


class Page(HTMLParser):
    """What one piece of HTML refers to: loaded resources, links, ids and images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.resources, self.links, self.ids, self.images = [], [], set(), []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for attribute in RESOURCE_ATTRIBUTES.get(tag, ()):
            value = attrs.get(attribute, "").strip()
            if attribute == "srcset":
                self.resources += [(tag, part.split()[0]) for part in value.split(",") if part.strip()]
            elif value:
                self.resources.append((tag, value))
        if tag == "link" and attrs.get("href"):
            rels = set(attrs.get("rel", "").lower().split())
            (self.links if rels and rels <= NAVIGATION_RELS else self.resources).append((tag, attrs["href"]))
        if tag == "a" and attrs.get("href"):
            self.links.append((tag, attrs["href"]))
        if tag == "img":
            self.images.append(attrs)
        if "url(" in attrs.get("style", ""):
            self.resources += [("style", url) for url in CSS_URL.findall(attrs["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, text):
        if self._in_style:
            self.resources += [("style", url) for url in CSS_URL.findall(text)]


def read_page(html_root: Path, page_path: str) -> Page:
    text = (html_root / page_path).read_text(encoding="utf-8")
    parsed = Page()
    for piece in [text, *widget_html(text)]:
        parsed.feed(piece)
        parsed.close()
        parsed.reset()
    return parsed


def is_external(url: str) -> bool:
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https", "ftp", "ws", "wss")


def pytest_generate_tests(metafunc):
    parametrize_pages(metafunc)


# --- self-contained -------------------------------------------------------------


def test_page_loads_nothing_from_elsewhere(book_html, page_path):
    outside = [f"<{tag}> {url}" for tag, url in read_page(book_html, page_path).resources if is_external(url)]
    assert not outside, f"{page_path} loads from outside the book: {outside}"


def test_stylesheets_load_nothing_from_elsewhere(book_html):
    outside = []
    for css in book_html.rglob("*.css"):
        for url in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if is_external(url):
                outside.append(f"{css.relative_to(book_html)}: {url}")
    assert not outside, f"stylesheets load from outside the book: {outside}"


# --- page speed: one render-blocking stylesheet, nothing the page does not use ---------------

#: Stylesheets some pages have no use for, each as (a piece of text only it has, what a page that uses it
#: has): the page must not load it otherwise, whole or in part (_ext/steps/page_stylesheets.py).
USED_ONLY_WHERE = {
    "sphinx-thebe.css": ("@-webkit-keyframes sk-stretchdelay", '[class*="thebe"]'),
    "sphinx-design.min.css": ("sd-sphinx-override", '[class*=" sd-"], [class^="sd-"]'),
    "widgets.css": (".mlops-widget-fallback > .mlops-static-widget",
                    'script[type="application/vnd.jupyter.widget-state+json"]'),
}


class Head(HTMLParser):
    """A page's <head>: the stylesheets the browser waits for before its first paint, and the CSS it loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocking, self.loaded, self.inline = [], [], []
        self._noscript = self._style = self._done = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self._noscript |= tag == "noscript"
        self._style = tag == "style" and not self._done
        if tag == "body":
            self._done = True
        if self._done or tag != "link" or "stylesheet" not in attrs.get("rel", "").lower().split():
            return
        self.loaded.append(attrs["href"])
        media = attrs.get("media", "all").strip().lower()
        if not self._noscript and media in ("", "all", "screen") and not attrs.get("disabled"):
            self.blocking.append(attrs["href"])  # blocks rendering: applies to the screen from the start

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self._noscript &= tag != "noscript"
        if tag == "style":
            self._style = False
        if tag == "head":
            self._done = True

    def handle_data(self, text):
        if self._style:
            self.inline.append(text)
            self.blocking += [f"@import in <style>: {url}" for url in re.findall(r"@import\s+[^;]+", text)]


def read_head(book_html: Path, page_path: str) -> Head:
    head = Head()
    head.feed((book_html / page_path).read_text(encoding="utf-8"))
    return head


def test_one_render_blocking_stylesheet_at_most(book_html, page_path):
    """Lighthouse counted 13 stylesheets that each held up the first paint (issue 23): a page now
    waits for one at most (its first-paint CSS is inline; the rest loads without blocking)."""
    head = read_head(book_html, page_path)
    assert len(head.blocking) <= 1, (
        f"{page_path} blocks its first paint on {len(head.blocking)} stylesheets: {head.blocking}"
    )
    assert head.loaded, f"{page_path} loads no stylesheet at all"


def test_no_stylesheet_the_page_does_not_use(book_html, page_path):
    text = (book_html / page_path).read_text(encoding="utf-8")
    head = read_head(book_html, page_path)
    css = "".join(head.inline)
    for href in head.loaded:
        css += (book_html / page_path).parent.joinpath(urlsplit(href).path).read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    unused = [name for name, (its_own, user) in USED_ONLY_WHERE.items() if its_own in css and not soup.select_one(user)]
    assert not unused, f"{page_path} loads stylesheets it does not use: {unused}"


def test_the_unused_stylesheets_are_told_by_their_own_text(book_html):
    """The texts above are each stylesheet's (so the test above finds them where they are loaded)."""
    static = book_html / "_static"
    for name, (its_own, _) in USED_ONLY_WHERE.items():
        assert its_own in (static / name).read_text(encoding="utf-8"), f"{name} no longer has {its_own!r}"
        others = [p.name for p in static.glob("*.css") if p.name != name and not p.name.startswith("page-styles-")
                  and its_own in p.read_text(encoding="utf-8")]
        others += [p.name for p in static.glob("styles/*.css") if its_own in p.read_text(encoding="utf-8")]
        assert not others, f"{its_own!r} is in {others} too: it does not tell {name}"


# --- links --------------------------------------------------------------------------

_ids_cache: dict[Path, set] = {}


def ids_of(html_file: Path, html_root: Path) -> set:
    if html_file not in _ids_cache:
        _ids_cache[html_file] = read_page(html_root, html_file.relative_to(html_root).as_posix()).ids
    return _ids_cache[html_file]


def test_internal_links_and_anchors_resolve(book_html, page_path):
    parsed = read_page(book_html, page_path)
    here = book_html / page_path
    broken = []
    for tag, url in parsed.links + parsed.resources:
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//") or url in ("", "#"):
            continue
        path = unquote(parts.path)
        target = here if not path else (here.parent / PurePosixPath(path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"<{tag}> {url}: no file {target}")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target, book_html):
            broken.append(f"<{tag}> {url}: no id {parts.fragment!r} in {target.relative_to(book_html)}")
    assert not broken, f"{page_path} has broken links:\n" + "\n".join(broken)


# --- images -------------------------------------------------------------------------


def test_every_image_has_alt_text(book_html, page_path):
    images = read_page(book_html, page_path).images
    missing = [img.get("src", "")[:80] for img in images if not img.get("alt", "").strip()]
    assert not missing, f"{page_path} has images without alt text: {missing}"


# --- described for search engines (_ext/steps/meta_description.py) ---------------------------------

META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


def shown_text(page_html: str) -> str:
    """The page's body as text on one line: tags dropped, entities resolved, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html.split("</head>", 1)[-1], flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", body)))


def test_every_page_has_one_description_in_its_own_words(book_html, page_path):
    """One escaped ``<meta name="description">``; on a page with a source, words the page shows."""
    text = (book_html / page_path).read_text(encoding="utf-8")
    found = META_DESCRIPTION.findall(text)
    assert len(found) == 1, f"{page_path}: {len(found)} meta descriptions"
    description = html.unescape(found[0])
    assert 40 <= len(description) <= 160, f"{page_path}: description of {len(description)} characters"
    if page_path not in ("search.html", "genindex.html"):
        start = re.sub(r"\s+", " ", description.removesuffix(" …"))[:60]
        assert start in re.sub(r"\s+", " ", shown_text(text)), f"{page_path}: {description!r} is not the page's text"


# --- the first paint waits for no script (_ext/steps/deferred_scripts.py, _templates/) ----------------

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")


def test_no_script_file_holds_up_the_first_paint(book_html, page_path):
    """Every script file a page loads says ``defer`` or ``async``: the browser paints before running it."""
    tags = SCRIPT_TAG.findall((book_html / page_path).read_text(encoding="utf-8"))
    blocking = [a.strip() for a in tags if re.search(r"\bsrc=", a) and not re.search(r"\b(?:defer|async)\b", a)]
    assert not blocking, f"{page_path} loads scripts that block its first paint: {blocking}"


RAW_COLUMN = re.compile(r"<th\b[^>]*>\s*([a-z]+(?:_[a-z]+)+)\s*</th>")


def test_no_table_shows_a_data_files_raw_column_name(book_html, page_path):
    """A reader meets columns by name ("Company size"), never a data file's own (``company_size``,
    ``paper_note``): a table that shows one has let a file's bookkeeping through."""
    raw = RAW_COLUMN.findall((book_html / page_path).read_text(encoding="utf-8"))
    assert not raw, f"{page_path} shows raw column names: {sorted(set(raw))}"


# --- reproducible -------------------------------------------------------------------


def first_difference(a: bytes, b: bytes) -> str:
    lines_a, lines_b = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    for number, (line_a, line_b) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if line_a != line_b:
            return f"line {number}:\n  first:  {line_a[:300]}\n  second: {line_b[:300]}"
    return f"one is longer: {len(lines_a)} vs {len(lines_b)} lines"


@pytest.fixture(scope="session")
def clean_build(tmp_path_factory, book_builder):
    """One more clean build of a copy of the book, besides `make book`'s: the rebuild checks start
    from it. Returns the copy, its output folder and a snapshot of its first pages (the rebuild
    checks change the copy, so the comparison with `make book`'s pages reads the snapshot)."""
    tmp = tmp_path_factory.mktemp("clean-build")
    book, out = copy_book(tmp / "book"), tmp / "out"
    result = book_builder(book, out)
    assert result.returncode == 0, f"the clean build failed:\n{(result.stdout + result.stderr)[-3000:]}"
    snapshot = shutil.copytree(html_of(out), tmp / "first-pages")
    return {"book": book, "out": out, "pages": snapshot, "log": result.stdout + result.stderr}


def executed(result) -> set[str]:
    """The notebooks a build executed, by file name (``result``: a finished build, or its log)."""
    log = result if isinstance(result, str) else result.stdout + result.stderr
    return set(re.findall(r"([\w.-]+\.md): Executing notebook", log))


#: What the icon-font step logs when it reads the built pages (_ext/steps/icon_font_subset.py).
ICONS_FOUND = "pages for the icons they show"


#: What the page-stylesheets step logs: how many pages it rewrote, of how many (_ext/steps/page_stylesheets.py).
STYLED = re.compile(r"page stylesheets: processed (\d+) of (\d+) pages")


def styled(result) -> tuple[int, int]:
    """(pages the page-stylesheets step rewrote, pages of the book) in a finished build's log."""
    found = STYLED.findall(result.stdout + result.stderr)
    assert len(found) == 1, f"the build should log the page-stylesheets step once: {found}"
    return tuple(map(int, found[0]))


#: Sphinx 7.4 links a stylesheet with ``?v=<checksum>`` when the file is already in the output folder as it
#: writes a page: on a page written again by a rebuild, not on a clean build's first writing. The same
#: file either way, so the comparison leaves that query out.
CHECKSUM_QUERY = re.compile(rb"\?v=[0-9a-f]{8}")


@pytest.mark.xdist_group("clean-build")
def test_two_clean_builds_give_identical_pages(clean_build, book_html):
    """`make book`'s build (the one every other test reads; clean in CI, maybe rebuilt on a developer's
    machine) and a clean build of a copy, elsewhere on disk, give the same bytes for every page."""
    first, second = clean_build["pages"], book_html
    names = pages(first)
    assert names, "the clean build made no pages"
    missing = sorted(set(names) - set(pages(second)))
    assert not missing, f"make book's build lacks pages the clean build made: {missing}"
    for name in names:
        a, b = (CHECKSUM_QUERY.sub(b"", (folder / name).read_bytes()) for folder in (first, second))
        assert a == b, f"{name} differs between two clean builds, first at {first_difference(a, b)}"


@pytest.mark.xdist_group("clean-build")
def test_a_no_op_rebuild_reexecutes_nothing(clean_build, book_builder):
    """The execution cache, on the whole book: after the clean build, a rebuild with nothing changed runs
    no notebook (and does not read every page again for its icons, nor rewrite their stylesheets). What
    an edit re-runs and rewrites is the next test's, on a small book, off this serial chain."""
    book, out = clean_build["book"], clean_build["out"]
    assert len(executed(clean_build["log"])) > 5, "the first build should execute every notebook"
    assert ICONS_FOUND in clean_build["log"], "the first build should read the pages for their icons"
    again = book_builder(book, out)
    assert again.returncode == 0 and executed(again) == set(), f"a no-op rebuild executed {executed(again)}"
    no_op_log = again.stdout + again.stderr
    assert ICONS_FOUND not in no_op_log, "a no-op rebuild read every page again for the icons it shows"
    assert styled(again)[0] == 0, "a no-op rebuild rewrote pages' stylesheets again"


@pytest.mark.xdist_group("clean-build")
def test_the_build_log_says_what_each_step_did_without_fonttools_table_by_table(clean_build):
    """The icon step's fonts are trimmed quietly: its own lines say each font's sizes, and fontTools' own
    INFO lines (a line per table of every font, 156 a build) do not bury the build's warnings."""
    log = clean_build["log"]
    assert "icon fonts: fa-solid-900.woff2" in log, "the icon step no longer says what it trimmed"
    chatter = [line for line in log.splitlines() if "fontTools" in line]
    assert not chatter, f"{len(chatter)} lines of fontTools in the build's log, e.g. {chatter[0]}"


def test_an_edit_reexecutes_its_chapter_alone_and_a_stylesheet_rewrites_every_page(tmp_path, book_builder):
    """On a book of two notebook chapters: after one chapter's code changes, only that chapter runs
    again, and _ext/steps/page_stylesheets.py rewrites the pages the build wrote again, not all. It
    remembers the pages it left and the stylesheets it read: a rebuild after a stylesheet of the book
    changes rewrites every page, not only those the build wrote again, and each page's first-paint <style>
    and the file of its stylesheets carry the change. (Sphinx 7.4 copies _static/ only when a source
    changed too: "no targets are out of date" ends the build before, so one chapter is touched.) The rule
    is the same for thirty pages; a small book keeps these rebuilds off the clean build's chain."""
    book = single_chapter_book(tmp_path / "book", ["1 + 1"])
    (book / "chapters" / "other.md").write_text(NOTEBOOK_HEADER + "\n# Other\n\n```{code-cell} ipython3\n2 + 2\n```\n",
                                                encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/probe\nchapters:\n  - file: chapters/other\n",
                                   encoding="utf-8")
    out = tmp_path / "out"
    first = book_builder(book, out)
    assert first.returncode == 0 and executed(first) == {"probe.md", "other.md"}, (first.stdout + first.stderr)[-3000:]
    chapter = book / "chapters" / "probe.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n```{code-cell} ipython3\n3 + 3\n```\n", "utf-8")
    edited = book_builder(book, out)
    assert edited.returncode == 0 and executed(edited) == {"probe.md"}, executed(edited)
    rewritten, total = styled(edited)
    assert 0 < rewritten < total, f"after one chapter's edit the step rewrote {rewritten} of {total} pages"
    page = html_of(out) / "chapters" / "probe.html"
    text = page.read_text(encoding="utf-8")
    assert "<style data-sheets=" in text and 'rel="stylesheet" href="../_static/styles' not in text, (
        "the edited chapter, written again by the rebuild, should have its first-paint <style> and no blocking link"
    )
    sheet = book / "_static" / "theme-fixes.css"
    rule = "\n.bd-article h1{letter-spacing:.0123em}\n"
    sheet.write_text(sheet.read_text(encoding="utf-8") + rule, encoding="utf-8")
    (book / "chapters" / "other.md").touch()
    rebuilt = book_builder(book, out)
    assert rebuilt.returncode == 0 and executed(rebuilt) == set(), (rebuilt.stdout + rebuilt.stderr)[-3000:]
    rewritten, total = styled(rebuilt)
    assert rewritten == total >= 3, f"a changed stylesheet rewrote {rewritten} of {total} pages"
    text = page.read_text(encoding="utf-8")  # the probe: a page this rebuild did not write again
    first_paint = re.search(r"<style data-sheets=[^>]*>(.*?)</style>", text, re.DOTALL).group(1)
    assert "letter-spacing:.0123em" in first_paint, "the page's first-paint <style> lacks the changed rule"
    bundle = re.search(r'href="([^"]*page-styles-[0-9a-f]+\.css)"', text).group(1)
    assert "letter-spacing:.0123em" in (page.parent / bundle).read_text(encoding="utf-8")


def test_a_data_change_reexecutes_every_chapter(tmp_path, book_builder):
    """_ext/patches/data_dependencies.py: after a data file changes, every chapter runs again (the
    execution cache keys a notebook on its code alone) and the pages show the new data, those that show
    a {book-view} with no kernel too. On a book of two notebook chapters, one showing the data and one
    not, and a plain page with a view: the rule is the same for thirty."""
    shows_data = "from mlops_book import data\ndata.load('participants')['application'].tolist()"
    book = single_chapter_book(tmp_path / "book", [shows_data])
    (book / "chapters" / "other.md").write_text(NOTEBOOK_HEADER + "\n# Other\n\n```{code-cell} ipython3\n1 + 1\n```\n",
                                                encoding="utf-8")
    (book / "chapters" / "views.md").write_text(
        "# Views\n\n```{book-view} instructor_notes.session_plan three-vs 60\n```\n", encoding="utf-8"
    )
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/probe\nchapters:\n  - file: chapters/other\n  - file: chapters/views\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    first = book_builder(book, out)
    assert first.returncode == 0 and executed(first) == {"probe.md", "other.md"}, (first.stdout + first.stderr)[-3000:]
    people = book / "data" / "participants.csv"
    edited_text = people.read_text(encoding="utf-8").replace("Website Builder", "Website Builder (edited)")
    people.write_text(edited_text, encoding="utf-8")
    notes = book / "data" / "teaching" / "three-vs.yml"  # shown by a {book-view}, with no kernel
    notes.write_text(notes.read_text(encoding="utf-8").replace("five positions", "five (edited) positions"), "utf-8")
    new_data = book_builder(book, out)
    assert new_data.returncode == 0, (new_data.stdout + new_data.stderr)[-3000:]
    assert executed(new_data) == {"probe.md", "other.md"}, "a data change must re-run every chapter"
    assert "Website Builder (edited)" in (html_of(out) / "chapters" / "probe.html").read_text(encoding="utf-8")
    plain = (html_of(out) / "chapters" / "views.html").read_text(encoding="utf-8")
    assert "five (edited) positions" in plain, "a data change must re-read the pages that show views"
