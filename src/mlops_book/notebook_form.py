"""The form a chapter is stored in: exactly what jupytext writes when JupyterLab saves it, solutions collapsed.

JupyterLab (on Binder and under ``make lab``) opens each chapter through jupytext and saves it back
as jupytext writes it, with the kernel it ran. A chapter stored in any other form (other blank
lines, no jupytext version, another kernel name) is rewritten by autosave the moment a learner
opens it, with no edit of theirs. :func:`normal_form` is that form, with one thing added: every
code cell of a solution (between ``{solution-start}`` and ``{solution-end}``) carries the cell
metadata that makes JupyterLab show its code collapsed, so a learner opens it on purpose, and no cell
carries metadata that JupyterLab changes when it runs the cell.

Its prose is in the form JupyterLab can follow too (:func:`learner_form`): cross-references as
Markdown links to the pages' files (:mod:`mlops_book.cross_references`) and numbers written out
from the data (:mod:`mlops_book.prose_numbers`). The pages that are not notebooks but that a learner
may open (the glossary, the prerequisites, the references) get that prose form alone.

``python -m mlops_book.notebook_form`` (``make normalise``) rewrites the pages in that form;
``--check`` only lists those that are not.

>>> text = ("```{solution-start} ex-1\\n```\\n\\n```{code-cell} ipython3\\nanswer = 1\\n```\\n\\n"
...         "```{solution-end}\\n```\\n")
>>> normal = normal_form(text)
>>> "source_hidden: true" in normal, normal_form(normal) == normal
(True, True)
"""

from __future__ import annotations

import re
import sys

import jupytext

from . import cross_references, links, prose_numbers
from .paths import BOOK_ROOT

FORMAT = "md:myst"
#: The kernel JupyterLab records when it runs a chapter: ipykernel's own kernelspec.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: What JupyterLab honours to show a cell's code collapsed until it is clicked. Not ``outputs_hidden``:
#: JupyterLab unfolds a cell's outputs whenever it runs the cell, dropping that key (and ``collapsed``), so
#: Run All then save would rewrite the file; a solution's result stays folded by its own output
#: (``exercises.solution``), not by metadata.
COLLAPSED = {"source_hidden": True}
#: Cell metadata JupyterLab removes when it runs a cell: never stored.
UNFOLDED_BY_RUNNING = ("outputs_hidden",)
_SOLUTION_FENCE = re.compile(r"^[`:]{3,}\{(solution-start|solution-end)\}", re.MULTILINE)


def collapse_solutions(notebook) -> None:
    """Give every code cell inside a solution the metadata that collapses its code in JupyterLab, and no
    cell the metadata JupyterLab drops when it runs one.

    A Markdown cell may end one solution and open the next; what counts is its last fence.
    """
    inside = False
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            fences = _SOLUTION_FENCE.findall(cell.source)
            if fences:
                inside = fences[-1] == "solution-start"
        elif cell.cell_type == "code":
            jupyter = cell.metadata.get("jupyter", {})
            for key in UNFOLDED_BY_RUNNING:
                jupyter.pop(key, None)
            if inside:
                jupyter.update(COLLAPSED)
            if jupyter:
                cell.metadata["jupyter"] = jupyter
            else:
                cell.metadata.pop("jupyter", None)


def learner_form(text: str, page: str) -> str:
    """The prose of the page at ``page`` (path without suffix) in the form both Sphinx and JupyterLab
    render: links for the roles ``{ref}``, ``{doc}`` and ``{term}``, numbers for ``{glue:text}``."""
    return prose_numbers.fill(cross_references.to_links(text, page))


def normal_form(text: str, page: str | None = None) -> str:
    """The chapter ``text`` as jupytext writes it, with JupyterLab's kernel and its solutions collapsed;
    given the chapter's ``page`` (path without suffix), its prose in :func:`learner_form` too."""
    if page is not None:
        text = learner_form(text, page)
    notebook = jupytext.reads(text, fmt=FORMAT)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    collapse_solutions(notebook)
    return jupytext.writes(notebook, fmt=FORMAT)


def chapter_files(root=BOOK_ROOT) -> list:
    """Every notebook page of ``_toc.yml``, as the path of its ``.md`` file (pages of plain MyST
    Markdown, such as the landing page and the instructor pages, are not notebooks: they are left as they are).

    >>> [p.name for p in chapter_files()][:2]
    ['01_opening.md', '02_problem.md']
    """
    return [root / f"{page}.md" for page in links.toc_files(root) if links.is_notebook(page, root)]


def stored_form(page: str, root=BOOK_ROOT) -> str:
    """How the page at ``page`` (path without suffix) is to be stored: a notebook in :func:`normal_form`,
    another page a learner may open with its prose in :func:`learner_form`."""
    text = (root / f"{page}.md").read_text(encoding="utf-8")
    return normal_form(text, page) if links.is_notebook(page, root) else learner_form(text, page)


def main(argv: list[str]) -> int:
    """Rewrite the pages in their stored form; with ``--check``, list those not in it and fail."""
    check = "--check" in argv
    stale = []
    for page in cross_references.learner_pages():
        path = BOOK_ROOT / f"{page}.md"
        text = path.read_text(encoding="utf-8")
        normal = stored_form(page)
        if normal != text:
            stale.append(path.relative_to(BOOK_ROOT))
            if not check:
                path.write_text(normal, encoding="utf-8")
    verb = "not in jupytext's form (run `make normalise`)" if check else "rewritten in jupytext's form"
    for path in stale:
        print(f"{path}: {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
