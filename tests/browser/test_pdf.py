"""`make pdf`: the printed handouts hold every page of the book, in order, with the solutions left folded.

The book is printed once per session by tools/print_pdf.py (Debian's chromium) into a temporary
folder; the PDFs are read with pdftotext and pdfinfo (Debian's poppler-utils, which `make pdf`
and `make test` install when run as root). Titles come from the pages' sources, never typed here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import jupytext
import pytest

from mlops_book import links, notebook_form

# One worker prints the book once for every test here (pytest-xdist's loadgroup).
pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.xdist_group("pdf")]
PAGES = links.toc_files()


def _title(root, path) -> str:
    heading = re.search(r"^# (.+)$", (root / f"{path}.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert heading, f"{path}.md has no title"
    return heading.group(1).strip()


def _words(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def _tool(name):
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: run `sudo apt-get install poppler-utils` (make pdf does as root)")
    return found


def _text(pdf) -> str:
    return _words(
        subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )


@pytest.fixture(scope="session")
def printed(book_html, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    subprocess.run(
        [sys.executable, str(root / "tools" / "print_pdf.py"), str(book_html), str(out)],
        check=True,
        cwd=root,
        capture_output=True,
        text=True,
    )
    return out


def test_the_whole_book_has_every_page_in_order(printed, root):
    book = printed / "book.pdf"
    info = subprocess.run([_tool("pdfinfo"), str(book)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert pages >= len(PAGES), f"{pages} PDF pages for {len(PAGES)} book pages"
    text = _text(book)
    position = 0
    for path in PAGES:
        title = _words(_title(root, path))
        found = text.find(title, position)
        assert found >= 0, f"{path}: its title {title!r} is not in book.pdf after the previous page's"
        position = found + len(title)


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_its_own_pdf_with_solutions_folded(printed, root, path):
    text = _text(printed / f"{path.rsplit('/', 1)[-1]}.pdf")
    assert _words(_title(root, path)) in text
    if not links.is_notebook(path):
        return
    notebook = jupytext.read(root / f"{path}.md")
    notebook_form.collapse_solutions(notebook)
    solutions = [c for c in notebook.cells if c.metadata.get("jupyter", {}).get("source_hidden")]
    elsewhere = {ln for c in notebook.cells if c not in solutions for ln in c.source.splitlines()}
    lines = [ln for c in solutions for ln in c.source.splitlines() if ln not in elsewhere and len(ln) > 20]
    assert lines or not solutions, f"{path}: no line of its solutions to look for"
    for line in lines:  # lines of code only the solutions have
        assert _words(line) not in text, f"{path}: a solution's code is printed: {line}"
