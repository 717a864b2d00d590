"""Shared fixtures (where the book is, a built book, a private copy of the data, a book builder)
and the two slow markers, given to each test by the fixtures it uses.

``build``: the test needs the built book (``book_html``) or builds something itself (a copy of
the book, ``book_builder``; Binder's environment, ``binder``; a hub's, ``hub``). ``browser``: it drives chromium.
``pytest -m "not build and not browser"`` is the fast tier that `make check` runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import support
from book_build import build
from mlops_book import data

#: Doctests run over src/ only: these are fixtures and helpers, not modules with examples, and
#: collecting the two conftest.py files as doctest modules makes their names clash.
collect_ignore = ["conftest.py", "browser/conftest.py", "book_build.py", "support.py"]

#: Which fixtures make a test slow, and the marker each one gives it.
SLOW_FIXTURES = {
    "book_html": "build", "book_builder": "build", "binder": "build", "hub": "build", "browser": "browser"
}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker in sorted({SLOW_FIXTURES[name] for name in used & SLOW_FIXTURES.keys()}):
            item.add_marker(marker)


@pytest.fixture(scope="session")
def root() -> Path:
    return support.ROOT


@pytest.fixture(scope="session")
def book_html() -> Path:
    """The built HTML book; fails (never skips) when it has not been built."""
    if not (support.BOOK_HTML / "index.html").exists():
        pytest.fail(f"No built book at {support.BOOK_HTML}: run `make book` first (make test does).")
    return support.BOOK_HTML


@pytest.fixture(scope="session")
def book_builder():
    """:func:`book_build.build`, for tests that build a copy of the book (it marks them ``build``)."""
    return build


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the loader reads instead of the real one until the test ends."""
    folder = support.copy_data(tmp_path / "data")
    monkeypatch.setenv("MLOPS_BOOK_DATA", str(folder))
    data.clear_cache()
    yield folder
    monkeypatch.undo()
    data.clear_cache()
