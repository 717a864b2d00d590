"""The form a chapter is stored in: exactly what jupytext writes when JupyterLab saves it, solutions collapsed.

JupyterLab (on Binder and under ``make lab``) opens each chapter through jupytext and saves it back
as jupytext writes it, with the kernel it ran. A chapter stored in any other form (other blank
lines, no jupytext version, another kernel name) is rewritten by autosave the moment a learner
opens it, with no edit of theirs. :func:`normal_form` is that form, with one thing added: every
code cell of a solution (between ``{solution-start}`` and ``{solution-end}``) carries the cell
metadata that makes JupyterLab show it collapsed, so a learner opens it on purpose.

``python -m mlops_book.notebook_form`` (``make normalise``) rewrites the chapters in that form;
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

from . import links
from .paths import BOOK_ROOT

FORMAT = "md:myst"
#: The kernel JupyterLab records when it runs a chapter: ipykernel's own kernelspec.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: What JupyterLab honours to show a cell collapsed (input and output) until it is clicked.
COLLAPSED = {"source_hidden": True, "outputs_hidden": True}
_SOLUTION_FENCE = re.compile(r"^[`:]{3,}\{(solution-start|solution-end)\}", re.MULTILINE)


def collapse_solutions(notebook) -> None:
    """Give every code cell inside a solution the metadata that collapses it in JupyterLab.

    A Markdown cell may end one solution and open the next; what counts is its last fence.
    """
    inside = False
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            fences = _SOLUTION_FENCE.findall(cell.source)
            if fences:
                inside = fences[-1] == "solution-start"
        elif cell.cell_type == "code" and inside:
            cell.metadata.setdefault("jupyter", {}).update(COLLAPSED)


def normal_form(text: str) -> str:
    """The chapter ``text`` as jupytext writes it, with JupyterLab's kernel and its solutions collapsed."""
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


def main(argv: list[str]) -> int:
    """Rewrite the chapters in their normal form; with ``--check``, list those not in it and fail."""
    check = "--check" in argv
    stale = []
    for path in chapter_files():
        text = path.read_text(encoding="utf-8")
        normal = normal_form(text)
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
