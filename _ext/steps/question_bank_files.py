"""Write the question bank (Moodle XML, Canvas QTI) before the pages are read, for the instructor guide's links.

Why: chapters/instructor_guide.md links the files with MyST ``path:`` links, which Sphinx copies
into the HTML output's ``_downloads/`` like any download, and a download must exist when its page
is read. This writes them at builder-inited into ``_build/question-bank`` of the book's folder,
where ``make question-bank`` writes them too (:func:`mlops_book.question_bank.write`: the same
bytes every time, and an unchanged file is not touched, so the guide is not re-read for nothing).
"""

from __future__ import annotations

from pathlib import Path

#: Not a work-around of a pinned tool: the book's own step (tests/test_hygiene.py).
PATCHES = {}
#: Where the bank is written, relative to the book's folder (the guide's links point here).
FOLDER = Path("_build", "question-bank")


def write_question_bank(app):
    from mlops_book import question_bank

    question_bank.write(Path(app.srcdir) / FOLDER)


def setup(app):
    app.connect("builder-inited", write_question_bank)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
