"""Browser fixtures: the built book served on 127.0.0.1 and driven in Debian's chromium.

Every request that leaves 127.0.0.1 is blocked and fails the test (the book must work
offline), and so does any page error or console error. A missing browser fails; it
never skips.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Console messages from code the book does not own, that say nothing about the reader's page.
#: Each entry must explain itself; keep this list short.
IGNORED_CONSOLE = ()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def book_url(book_html):
    """Serve the built book on an ephemeral port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(book_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No browser at {CHROMIUM}: run `sudo apt-get install chromium` (make test does as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


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


def open_page(browser, viewport=None, color_scheme="light"):
    """A new page whose problems are recorded; returns (page, problems, context)."""
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, color_scheme=color_scheme
    )
    page = context.new_page()
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


@pytest.fixture
def page(browser):
    """A desktop-sized page; the test fails if the page errs or reaches outside 127.0.0.1."""
    page, problems, context = open_page(browser)
    yield page
    context.close()
    problems.assert_clean()


@pytest.fixture
def phone_page(browser):
    """A 390 px wide page, as on a phone."""
    page, problems, context = open_page(browser, viewport={"width": 390, "height": 844})
    yield page
    context.close()
    problems.assert_clean()


#: True once the page is parsed and every widget view on it has rendered: the widget runtime
#: (vendor/widgets/runtime.js), like html-manager before it, renders each view into a
#: .widget-subarea it inserts just before the view's <script> tag. Never true on a page that has
#: not been parsed yet or has no widget view (where "every view" would hold vacuously).
ALL_WIDGETS_RENDERED = """() => {
    const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
    return document.readyState !== 'loading' && views.length > 0 && views.every(view => {
        const area = view.previousElementSibling;
        return area && area.classList.contains('widget-subarea') && area.children.length > 0;
    });
}"""


def wait_for_all_widgets(page, timeout=15000):
    """Wait until every widget view on the page has rendered, none with an error."""
    page.wait_for_function(ALL_WIDGETS_RENDERED, timeout=timeout)
    assert page.locator("text=Error displaying widget").count() == 0, "a widget failed to display"


def wait_for_widgets(page, timeout=15000):
    """Wait until the embedded widgets have rendered (no 'Error displaying widget')."""
    page.wait_for_selector(".jupyter-widgets", timeout=timeout)
    page.wait_for_timeout(200)
    assert page.locator("text=Error displaying widget").count() == 0


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-artifacts/screenshots for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
