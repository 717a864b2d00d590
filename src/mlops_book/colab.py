"""Each notebook page as the ``.ipynb`` Google Colab opens: the chapter, after a cell that installs the package.

Colab opens a notebook from GitHub by its address (``links.colab_url``) and only as ``.ipynb``; the
chapters are stored as MyST Markdown. So the repository keeps a generated copy of each notebook page
in ``colab/`` (``colab/chapters/01_opening.ipynb``), made from the chapter's ``.md`` file, which stays
the one people edit: ``python -m mlops_book.colab`` (run by ``make normalise``) rewrites them, and a
fast test fails while one differs from its chapter.

Colab has no checkout of the book around the notebook, so its first code cell installs the package,
with its data, from the repository (``links.pip_requirement``). What Colab does not give, the first
cell says: Colab's own versions of pandas, matplotlib and ipywidgets, not ``requirements.txt``'s pins;
the book's MyST boxes shown as markup (solutions not folded); links to other pages that lead nowhere in
Colab; and a package from the branch's newest commit.

>>> cells = notebook("chapters/01_opening").cells
>>> [cells[0].cell_type, cells[1].cell_type], cells[1].source.startswith("%pip install")
(['markdown', 'code'], True)
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

from . import links
from .paths import BOOK_ROOT

#: The first cell (Markdown): where the notebook comes from and what Colab does not give.
NOTE = """\
**Running this chapter in Google Colab.** This is a chapter of the book *{title}* ([the book's \
repository]({url})). Its code calls the book's Python package `mlops_book`, which the next cell installs, \
with the book's data, from the repository's `{branch}` branch: run it first (about a minute).

Colab is not the book's own environment: it keeps its own versions of pandas, matplotlib and ipywidgets \
rather than the exact ones the book is tested with (`requirements.txt`), so a chart or an interactive may \
look different from the book's page. Colab does not render the book's MyST boxes (objectives, exercises, \
solutions: their markup shows as text, and solutions are not folded), and links to other chapters lead \
nowhere here. For the tested environment, open the chapter on Binder: <{binder}>."""


def install_cell(settings: dict | None = None) -> str:
    """The first code cell: install the package and its data from the repository, quietly."""
    return f'%pip install --quiet "{links.pip_requirement(settings)}"'


def notebook(page: str, root: Path = BOOK_ROOT, settings: dict | None = None) -> nbformat.NotebookNode:
    """The page at ``page`` (path without suffix) as Colab opens it: the note, the install cell, then
    the chapter's own cells, with no outputs and no jupytext metadata."""
    s = settings or links.repository_settings(root)
    chapter = jupytext.read(Path(root) / f"{page}.md", fmt="md:myst")
    chapter.metadata.pop("jupytext", None)
    note = NOTE.format(title=s["title"], url=s["url"], branch=s["branch"], binder=links.binder_url(page, s))
    chapter.cells[:0] = [nbformat.v4.new_markdown_cell(note), nbformat.v4.new_code_cell(install_cell(s))]
    for number, cell in enumerate(chapter.cells):
        cell["id"] = f"cell-{number}"  # stable ids: the same chapter gives the same file
    chapter.nbformat, chapter.nbformat_minor = 4, 5
    return chapter


def pages(root: Path = BOOK_ROOT) -> list[str]:
    """Every notebook page of ``_toc.yml`` (a plain MyST page has nothing to run)."""
    return [page for page in links.toc_files(root) if links.is_notebook(page, root)]


def path_of(page: str, root: Path = BOOK_ROOT) -> Path:
    """Where the Colab form of ``page`` is stored: ``colab/<page>.ipynb``."""
    return Path(root) / links.COLAB_FOLDER / f"{page}.ipynb"


def text(page: str, root: Path = BOOK_ROOT) -> str:
    """The file's text, as :func:`main` writes it."""
    return nbformat.writes(notebook(page, root)) + "\n"


def main(argv: list[str], root: Path = BOOK_ROOT) -> int:
    """Write every notebook page's Colab form (and remove forms of pages that are gone); with ``--check``,
    only list those that differ and fail."""
    check = "--check" in argv
    wanted = {path_of(page, root): page for page in pages(root)}
    stale = [
        path for path, page in wanted.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text(page, root)
    ]
    extra = [path for path in (Path(root) / links.COLAB_FOLDER).rglob("*.ipynb") if path not in wanted]
    for path in stale + extra:
        print(f"{path.relative_to(root)}: {'not as its chapter (run `make normalise`)' if check else 'rewritten'}")
        if check:
            continue
        if path in wanted:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text(wanted[path], root), encoding="utf-8")
        else:
            path.unlink()
    return 1 if check and (stale or extra) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
