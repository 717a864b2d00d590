"""Shared fixtures: where the book's files are, and a built book to inspect."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: Doctests run over src/ only: these are fixtures and helpers, not modules with examples, and
#: collecting the two conftest.py files as doctest modules makes their names clash.
collect_ignore = ["conftest.py", "browser/conftest.py", "book_build.py", "built_pages.py"]

ROOT = Path(__file__).resolve().parents[1]
#: The built book the build, fidelity and browser tests read; `make test` builds it first.
BOOK_HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def book_html() -> Path:
    """The built HTML book; fails (never skips) when it has not been built."""
    if not (BOOK_HTML / "index.html").exists():
        pytest.fail(f"No built book at {BOOK_HTML}: run `make book` first (make test does).")
    return BOOK_HTML
