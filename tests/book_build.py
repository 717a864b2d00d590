"""Build a copy of the book in a temporary folder, for the tests that must build.

Copying and building live in :mod:`mlops_book.site` (the bench builds the same way); this adds a
copy of the book made of one probe chapter. Tests get :func:`build` through the ``book_builder``
fixture (tests/conftest.py), which marks them ``build``.
"""

from __future__ import annotations

from pathlib import Path

from mlops_book.site import build, copy_book, html_of  # noqa: F401  (the tests import them from here)

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


def single_chapter_book(dest: Path, cells: list[str], title: str = "Probe") -> Path:
    """A copy of the book whose table of contents is one chapter made of ``cells`` (code)."""
    book = copy_book(dest)
    chapter = NOTEBOOK_HEADER + f"\n# {title}\n"
    for cell in cells:
        chapter += f"\n```{{code-cell}} ipython3\n{cell.strip()}\n```\n"
    (book / "chapters" / "probe.md").write_text(chapter, encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/probe\n", encoding="utf-8")
    return book
