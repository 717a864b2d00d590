"""Build a copy of the book in a temporary folder, for the tests that must build.

The copy holds what the build needs (not .git, .venv, outputs or the tests), and its
build imports the copy's own ``mlops_book`` and reads the copy's own ``data/``, so a
test can break a data file or a chapter without touching the real book. Tests get
:func:`build` through the ``book_builder`` fixture (tests/conftest.py), which marks them
``build``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
NOT_NEEDED = (
    ".git", ".venv", ".lockenv", "_build", "_build.log", "node_modules", "test-artifacts",
    ".pytest_cache", "__pycache__", "*.egg-info", ".ipynb_checkpoints", "tests", "tools",
)

#: The MyST notebook header every chapter starts with (as in chapters/01_opening.md).
NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def copy_book(dest: Path) -> Path:
    """Copy the book's sources to ``dest`` (which must not exist) and return it."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*NOT_NEEDED))
    return dest


def single_chapter_book(dest: Path, cells: list[str], title: str = "Probe") -> Path:
    """A copy of the book whose table of contents is one chapter made of ``cells`` (code)."""
    book = copy_book(dest)
    chapter = NOTEBOOK_HEADER + f"\n# {title}\n"
    for cell in cells:
        chapter += f"\n```{{code-cell}} ipython3\n{cell.strip()}\n```\n"
    (book / "chapters" / "probe.md").write_text(chapter, encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/probe\n", encoding="utf-8")
    return book


def build(book: Path, out: Path) -> subprocess.CompletedProcess:
    """Build ``book`` into ``out``/_build/html the way `make book` does (strict), from a fresh cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("MLOPS_BOOK_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = str(book / "src")  # the copy's package, not the installed one
    env["MLOPS_BOOK_DATA"] = str(book / "data")
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "--path-output", str(out), str(book)],
        capture_output=True, text=True, env=env, timeout=900,
    )


def html_of(out: Path) -> Path:
    """Where :func:`build` put the HTML of a build into ``out``."""
    return out / "_build" / "html"
