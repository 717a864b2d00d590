"""Write the question bank (Moodle XML, Canvas QTI) before the pages are read, for the instructor guide's links.

Why: chapters/instructor_guide.md links the files with MyST ``path:`` links, which Sphinx copies
into the HTML output's ``_downloads/`` like any download, and a download must exist when its page
is read. This writes them at builder-inited into ``_build/question-bank`` of the book's folder,
where ``make question-bank`` writes them too (:func:`mlops_book.question_bank.write`: the same
bytes every time, and an unchanged file is not touched, so the guide is not re-read for nothing).
The bank is made from data/ and src/ alone: with a digest of both unchanged since it was written
(kept in Sphinx's doctree folder) and the files there, a rebuild does not make it again.
"""

from __future__ import annotations

from pathlib import Path

#: Not a work-around of a pinned tool: the book's own step (tests/test_hygiene.py).
PATCHES = {}
#: Where the bank is written, relative to the book's folder (the guide's links point here).
FOLDER = Path("_build", "question-bank")


#: Where the digest of the inputs of the bank last written is kept, in Sphinx's doctree folder.
MEMORY = "question-bank.sha256"


def write_question_bank(app):
    from mlops_book import paths, question_bank

    inputs = paths.digest(Path(app.srcdir), "data", "src")
    memory, folder = Path(app.doctreedir) / MEMORY, Path(app.srcdir) / FOLDER
    if memory.exists() and memory.read_text(encoding="utf-8") == inputs and any(folder.glob("*")):
        return
    question_bank.write(folder)
    memory.parent.mkdir(parents=True, exist_ok=True)
    memory.write_text(inputs, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", write_question_bank)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
