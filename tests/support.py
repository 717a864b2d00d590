"""Helpers the tests share: copies of the data, CSV editing, the built book's pages and their text,
and a page opened in the browser.

Fixtures built on these live in tests/conftest.py (``data_copy``, ``book_html``) and
tests/browser/conftest.py (``browser``, ``page``); building a copy of the whole book is
tests/book_build.py. tools/bench.py uses the page and browser helpers too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

from mlops_book import paths, site
from mlops_book.site import (  # noqa: F401  (the tests import them from here, beside their own helpers)
    ALL_WIDGETS_RENDERED,
    CHROMIUM,
    LAUNCH_ARGS,
    RUNTIME_SCRIPT,
    VIEWS_RENDERED,
    WIDGET_VIEW,
    layout_shift_when_widgets_arrive_late,
    serve,
    wait_for_all_widgets,
)

ROOT = paths.BOOK_ROOT


# --- The data --------------------------------------------------------------------------


def copy_data(dest: Path) -> Path:
    """Copy the book's data/ folder to ``dest`` (which must not exist) and return it."""
    shutil.copytree(ROOT / "data", dest)
    return dest


def read_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file as lists of cells, the header first."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def read_records(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file as dictionaries keyed by the header."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write ``rows`` (the header first) as the data files are written: UTF-8, ``\\n`` line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(path: Path, row_number: int, column: str, value: str) -> None:
    """Set one cell; ``row_number`` counts lines of the file, the header being row 1."""
    rows = read_rows(path)
    rows[row_number - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def edit_column(path: Path, column: str, change) -> None:
    """Replace every value of ``column`` with ``change(value)``."""
    rows = read_rows(path)
    at = rows[0].index(column)
    for row in rows[1:]:
        row[at] = change(row[at])
    write_rows(path, rows)


def append_row(path: Path, **cells: str) -> None:
    """Add a row, given as column=value (columns not given stay empty)."""
    rows = read_rows(path)
    unknown = set(cells) - set(rows[0])
    if unknown:
        raise KeyError(f"{path.name} has no column {sorted(unknown)}")
    write_rows(path, [*rows, [cells.get(column, "") for column in rows[0]]])


# --- Sweeps: a sample in `make test`, everything in `make test-all` ---------------------

#: `make test-all` (and `make bench`) set MLOPS_TEST_ALL=1: the exhaustive sweeps (every lab state at
#: every width, every page in dark mode) then run whole instead of a fixed sample.
EVERYTHING = os.environ.get("MLOPS_TEST_ALL") == "1"
#: The seed of every sample: fixed, so `make test` checks the same cases each run and a failure repeats.
SAMPLE_SEED = 2209


def sample(items, k: int, everything: bool | None = None) -> list:
    """``k`` of ``items``, chosen with the fixed seed and kept in their order; all of them when
    ``everything`` (by default: under `make test-all`). tests/test_tiers.py checks it."""
    items = list(items)
    if (EVERYTHING if everything is None else everything) or len(items) <= k:
        return items
    chosen = random.Random(f"{SAMPLE_SEED}:{len(items)}").sample(range(len(items)), k)
    return [items[i] for i in sorted(chosen)]


# --- The built book's pages ------------------------------------------------------------

#: Where the built book is: env BOOK_HTML, else _build/html (what `make book` writes).
BOOK_HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
#: The type of the script holding a page's embedded widget state (every widget model).
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: Script types a browser runs; others (such as the embedded widget state) are data.
RUNNABLE_SCRIPT = {"", "text/javascript", "module", "application/javascript"}


def pages(html: Path | None = None) -> list[str]:
    """Every HTML page of the built book (:func:`mlops_book.site.pages`), of ``BOOK_HTML`` by default."""
    return site.pages(html or BOOK_HTML)


def parametrize_pages(metafunc, argname: str = "page_path") -> None:
    """Run a test once per page. With no built book it still runs once (on index.html), so
    the ``book_html`` fixture fails it: a missing book is a failure, never an empty skip."""
    if argname in metafunc.fixturenames:
        metafunc.parametrize(argname, (BOOK_HTML.is_dir() and pages()) or ["index.html"])


# --- The text of a page -----------------------------------------------------------------


class PageParts(HTMLParser):
    """A piece of HTML split as a browser sees it: the text a reader reads (not inside <script>
    or <style>), the code of the scripts it runs, and the data scripts (such as the widget
    state) by type."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.data: dict[str, list[str]] = {}
        self._inside = None  # (tag, script type) while inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._inside = (tag, dict(attrs).get("type") or "")
            if tag == "script":
                kind = self._inside[1]
                (self.scripts if kind in RUNNABLE_SCRIPT else self.data.setdefault(kind, [])).append("")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._inside = None

    def handle_data(self, text):
        if self._inside is None:
            self.text.append(text)
        elif self._inside[0] == "script":
            kind = self._inside[1]
            found = self.scripts if kind in RUNNABLE_SCRIPT else self.data[kind]
            found[-1] += text


def parse(markup: str) -> PageParts:
    """Split ``markup`` into its text, runnable scripts and data scripts."""
    parts = PageParts()
    parts.feed(markup)
    parts.close()
    return parts


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces, as a reader sees it."""
    return " ".join(text.split())


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours written #RRGGBB."""

    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_of(markup: str) -> str:
    """The text a reader reads in a piece of HTML, whitespace normalised."""
    return normalise(" ".join(parse(markup).text))


def widget_models(markup: str) -> list[dict]:
    """The widget models a page embeds (its widget state), in the order the kernel made them."""
    state = parse(markup).data.get(WIDGET_STATE)
    return list(json.loads(state[0])["state"].values()) if state else []


def widget_html(markup: str) -> list[str]:
    """The HTML that a page's widgets display (the values of its HTML widgets)."""
    return [
        m["state"]["value"]
        for m in widget_models(markup)
        if m["model_name"] in ("HTMLModel", "HTMLMathModel") and m["state"].get("value")
    ]


def _strings(value):
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def page_text(markup: str) -> str:
    """What a reader can read on a page: its text plus the text of its widgets (every string in
    the embedded widget state, HTML read as text), which widgets render with no kernel."""
    widget_text = [text_of(s) for model in widget_models(markup) for s in _strings(model["state"])]
    return normalise(" ".join([*parse(markup).text, *widget_text]))


# --- A page in the browser ------------------------------------------------------------

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
#: Console messages from code the book does not own, that say nothing about the reader's page.
#: Each entry must explain itself; keep this list short.
IGNORED_CONSOLE = ()
class PageProblems:
    """What went wrong on a page: errors, console errors and requests leaving the machine."""

    def __init__(self):
        self.errors, self.external = [], []

    def assert_clean(self):
        assert not self.external, f"requests left 127.0.0.1: {self.external}"
        assert not self.errors, f"page errors: {self.errors}"


def _local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname == "127.0.0.1"


#: The pages opened by :func:`open_page` during the current test, screenshot if it fails
#: (tests/browser/conftest.py); emptied before each test.
OPEN_PAGES: list = []


def open_page(browser, viewport=None, color_scheme="light", **context_options):
    """A new page whose problems are recorded and whose requests outside 127.0.0.1 are blocked;
    returns (page, problems, context). ``context_options`` go to playwright's ``new_context``
    (``has_touch=True`` for taps)."""
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, color_scheme=color_scheme, **context_options
    )
    page = context.new_page()
    OPEN_PAGES.append(page)
    problems = PageProblems()
    page.on("pageerror", lambda err: problems.errors.append(f"pageerror: {err}"))

    def on_console(msg):
        if msg.type == "error" and not any(s in msg.text for s in IGNORED_CONSOLE):
            problems.errors.append(f"console error: {msg.text}")

    page.on("console", on_console)

    def route(r):
        if _local(r.request.url):
            r.continue_()
        else:
            problems.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page, problems, context


def use_mode(page, mode: str) -> None:
    """Open the page's next loads in the theme's ``mode`` ("light", "dark" or "auto"), as the
    theme's switch leaves it: the theme reads localStorage's "mode" and "theme" before it draws."""
    page.add_init_script(
        f"localStorage.setItem('mode', {mode!r});"
        f"localStorage.setItem('theme', {mode!r} === 'auto' ? '' : {mode!r});"
    )


def show_page(page, book_url: str, book_html: Path, page_path: str) -> None:
    """Go to a built page and wait until it has loaded (its load event, then the web fonts its text uses)
    and, if it has widgets, they have rendered. Not for the network to be idle: a built page asks for
    nothing after its load event but its icon, and that wait cost half a second a visit."""
    page.goto(f"{book_url}/{page_path}")
    site.wait_for_fonts(page)
    if WIDGET_VIEW in (book_html / page_path).read_text(encoding="utf-8"):
        wait_for_all_widgets(page)


#: MLOPS_SCREENSHOTS=1 keeps the screenshots the tests take along the way, for people to look at;
#: without it a browser test saves screenshots only when it fails (tests/browser/conftest.py).
KEEP_SCREENSHOTS = os.environ.get("MLOPS_SCREENSHOTS") == "1"


def screenshot(page, name: str, always: bool = False) -> Path | None:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png, when asked to keep them
    (MLOPS_SCREENSHOTS=1) or ``always`` (a failing test's pages); returns its path, or None."""
    if not (always or KEEP_SCREENSHOTS):
        return None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
