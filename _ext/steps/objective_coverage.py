"""Fail the build when a chapter's learning objective is practised by no exercise and no quiz question.

Why: the objectives are a promise to the learner; the kit parser reads each exercise's
"*Practises objective n.*" line and the quizzes' ``objective`` tags, and this stops the build
(before any chapter runs) with the chapter file and objective that have no practice.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ExtensionError

#: Not a work-around of a pinned tool: the book's own check (tests/test_hygiene.py).
PATCHES = {}


def check_objectives(app):
    from mlops_book import objectives

    try:
        objectives.require_coverage(Path(app.srcdir))
    except objectives.ObjectiveCoverageError as error:
        raise ExtensionError(str(error)) from None


def setup(app):
    app.connect("builder-inited", check_objectives)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
