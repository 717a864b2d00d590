"""The instructor page of one chapter: its session plans, discussion notes, rubrics and misconceptions.

The notes come from ``data/teaching/<section-id>.yml`` through :mod:`mlops_book.teaching`; the
chapter stays the source of its own discussion questions, exercises and reading time, which the
tables show from the chapter file, never a copy.

>>> "Starts at" in session_plan("workflow", 60).html
True
"""

from __future__ import annotations

import pandas as pd

from .blocks import Block, table
from .kit import Chapter, chapters
from .paths import BOOK_ROOT
from .plans import clock_time
from .teaching import LEVELS, discussion_questions, load


def chapter(section: str) -> tuple[Chapter, str]:
    """The chapter of a section id, with its file's text."""
    for c in chapters():
        if c.id == section:
            return c, (BOOK_ROOT / f"{c.path}.md").read_text(encoding="utf-8")
    raise KeyError(f"no chapter for section {section!r} in sections.csv")


def _exercise_names(c: Chapter) -> dict:
    """Each exercise label of a chapter with its number and title, e.g. 'Exercise 4.3 (Your own cycle)'."""
    return {e.label: f"Exercise {c.order}.{i} ({e.title})" for i, e in enumerate(c.kit.exercises, start=1)}


def session_plan(section: str, minutes: int) -> Block:
    """The session plan of ``minutes`` for a chapter, with a start time per step and the pre-work."""
    teaching, (c, _) = load(section), chapter(section)
    plan, names = teaching.plans[minutes], _exercise_names(c)
    rows = [("before", "pre-work", c.kit.page_minutes, teaching.pre_work)]
    clock = 0
    for step in plan.steps:
        uses = [f"questions {', '.join(map(str, step.questions))}"] if step.questions else []
        uses += [names.get(step.exercise, step.exercise)] if step.exercise else []
        activity = step.activity + (f" (Uses {'; '.join(uses)}.)" if uses else "")
        rows.append((clock_time(clock), step.phase, step.minutes, activity))
        clock += step.minutes
    frame = pd.DataFrame(rows, columns=["Starts at", "Phase", "Minutes", "What happens"])
    return table(
        frame,
        f"A {minutes}-minute session on chapter {c.order}: the steps in class add up to {clock} minutes; "
        f"the pre-work ({c.kit.page_minutes} minutes, the chapter's own reading time) comes before.",
    )


def discussion_notes(section: str) -> Block:
    """Each discussion question of the chapter, as the chapter words it, with notes for the discussion."""
    teaching, (c, text) = load(section), chapter(section)
    questions = discussion_questions(text)
    frame = pd.DataFrame(
        [
            (n.question, questions[n.question - 1] if n.question <= len(questions) else "", n.notes, n.evidence)
            for n in teaching.discussion
        ],
        columns=["#", "Question (from the chapter)", "Notes and a model answer", "Evidence"],
    )
    return table(frame, f"Chapter {c.order}'s {len(questions)} discussion questions, with notes that cite the study")


def rubrics(section: str) -> Block:
    """A rubric for each open-ended exercise of the chapter (one table each)."""
    teaching, (c, _) = load(section), chapter(section)
    if not teaching.rubrics:
        return Block("<p>Every exercise of this chapter has a check: there is no open-ended exercise to grade.</p>")
    names = _exercise_names(c)
    parts = []
    for label, criteria in teaching.rubrics.items():
        frame = pd.DataFrame(
            [(cr.criterion, *(cr.levels[level] for level in LEVELS)) for cr in criteria],
            columns=["Criterion", *(level.capitalize() for level in LEVELS)],
        )
        parts.append(table(frame, f"Rubric for {names.get(label, label)}").html)
    return Block("".join(parts))


def misconceptions(section: str) -> Block:
    """Beliefs learners often bring to the chapter, with what the study shows instead."""
    teaching, (c, _) = load(section), chapter(section)
    frame = pd.DataFrame(
        [(m.belief, m.correction, m.evidence) for m in teaching.misconceptions],
        columns=["A learner may think", "What the study shows", "Evidence"],
    )
    return table(frame, f"Common misconceptions for chapter {c.order}, and the study's evidence")
