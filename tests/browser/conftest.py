"""Browser fixtures: the built book served on 127.0.0.1 and driven in Debian's chromium.

Every request that leaves 127.0.0.1 is blocked and fails the test (the book must work
offline), and so does any page error or console error (tests/support.py, "A page in the
browser"). A missing browser fails; it never skips.
"""

from __future__ import annotations

import pytest

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
