"""Fail the build when a chapter's learning objective is practised by no exercise and no quiz question,
or asks to explain or connect and no written task assesses it.

Why: the objectives are a promise to the learner; the kit parser reads each exercise's
"*Practises objective n.*" line, the quizzes' ``objective`` tags and the written tasks' ``objectives``
(data/teaching/written/tasks.csv), and this stops the build (before any chapter runs) with the chapter
file and objective that have no practice. A check that
passed is remembered with a digest of what it read (the chapters, data/, src/) in Sphinx's doctree
folder: a rebuild with none of them changed does not read every chapter again.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ExtensionError

#: Not a work-around of a pinned tool: the book's own check (tests/test_hygiene.py).
PATCHES = {}


#: Where a passed check is remembered, in Sphinx's doctree folder.
MEMORY = "objective-coverage.sha256"


def check_objectives(app):
    from mlops_book import objectives, paths

    inputs = paths.digest(Path(app.srcdir), "chapters", "data", "src")
    memory = Path(app.doctreedir) / MEMORY
    if memory.exists() and memory.read_text(encoding="utf-8") == inputs:
        return  # passed on these very files
    try:
        objectives.require_coverage(Path(app.srcdir))
    except objectives.ObjectiveCoverageError as error:
        raise ExtensionError(str(error)) from None
    memory.parent.mkdir(parents=True, exist_ok=True)
    memory.write_text(inputs, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", check_objectives)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
