"""Browser fixtures: the built book served on 127.0.0.1 and driven in Debian's chromium.

Every request that leaves 127.0.0.1 is blocked and fails the test (the book must work
offline), and so does any page error or console error (tests/support.py, "A page in the
browser"). A missing browser fails; it never skips. A failing test leaves a screenshot of each
page it had open in test-artifacts/screenshots; passing tests leave none (MLOPS_SCREENSHOTS=1
keeps the ones the tests take along the way).
"""

from __future__ import annotations

import re

import pytest

import support
from axe_core import AXE
from mlops_book import site
from support import open_page, serve


@pytest.fixture(scope="session")
def book_url(book_html):
    """Serve the built book on an ephemeral port of 127.0.0.1."""
    server, url = serve(book_html)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            chromium = site.launch(p)
        except FileNotFoundError as missing:
            pytest.fail(str(missing))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, to add to a page before running it."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make test` (it runs `npm ci` in tools/).")
    return AXE.read_text(encoding="utf-8")


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


@pytest.fixture(autouse=True)
def _forget_pages_of_the_last_test():
    support.OPEN_PAGES.clear()
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test saves a screenshot of each page it had open (before its fixtures close
    them) under test-artifacts/screenshots, named after the test; passing tests save none."""
    report = yield
    if report.when == "call" and report.failed:
        name = re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])
        for number, page in enumerate(support.OPEN_PAGES, start=1):
            if not page.is_closed():
                try:
                    path = support.screenshot(page, f"failed-{name}-{number}", always=True)
                    report.sections.append(("screenshot", str(path)))
                except Exception as error:  # a crashed page must not hide the test's own failure
                    report.sections.append(("screenshot", f"none: {error}"))
    return report
