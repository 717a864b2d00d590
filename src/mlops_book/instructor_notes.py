"""The instructor page of one chapter or lab: its session plans, discussion notes, rubrics, misconceptions and quiz key.

The notes come from ``data/teaching/<section-id>.yml`` through :mod:`mlops_book.teaching`; the
chapter stays the source of its own discussion questions, exercises and reading time, which the
tables show from the chapter file, never a copy.

>>> "Starts at" in session_plan("workflow", 60).html
True
"""

from __future__ import annotations

import pandas as pd

from . import quizzes
from .blocks import Block, table
from .kit import Chapter, chapters, labs
from .paths import BOOK_ROOT
from .plans import clock_time
from .teaching import LEVELS, discussion_questions, load

#: Added to a plan that runs Binder in class: what to do before, and if it is slow.
BINDER_FALLBACK = (
    " Binder: launch the page once before class (the first launch after a change takes minutes). If it is "
    "slow in class, use the static page: its interactives and quiz work without a kernel, and learners write "
    "their exercise answers down, then open the folded solution."
)


def chapter(section: str) -> tuple[Chapter, str]:
    """The chapter of a section id (or the lab of a lab id, ``lab-rollout``), with its file's text."""
    for c in chapters() + labs():
        if c.id == section:
            return c, (BOOK_ROOT / f"{c.path}.md").read_text(encoding="utf-8")
    raise KeyError(f"no chapter for section {section!r} in sections.csv")


def _exercise_names(c: Chapter) -> dict:
    """Each exercise label of a chapter with its number and title, e.g. 'Exercise 4.3 (Your own cycle)'
    ('Lab exercise 3.2 (Why months?)' in a lab)."""
    return {e.label: f"{c.exercise_name(i)} ({e.title})" for i, e in enumerate(c.kit.exercises, start=1)}


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
    uses_binder = any("binder" in step.activity.lower() for step in plan.steps)
    return table(
        frame,
        f"A {minutes}-minute session on {_unit(c)}: the steps in class add up to {clock} minutes; "
        f"the pre-work ({c.kit.page_minutes} minutes, the {'lab' if c.is_lab else 'chapter'}'s own time on the page) "
        "comes before."
        + (BINDER_FALLBACK if uses_binder else ""),
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
    caption = f"{_unit(c).capitalize()}'s {len(questions)} discussion questions, with notes that cite the study"
    return table(frame, caption)


def rubrics(section: str) -> Block:
    """A rubric for each open-ended exercise of the chapter (one table each)."""
    teaching, (c, _) = load(section), chapter(section)
    if not teaching.rubrics:
        return Block(f"<p>Every exercise of this {'lab' if c.is_lab else 'chapter'} has a check: there is no "
                     "open-ended exercise to grade.</p>")
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
    return table(frame, f"Common misconceptions for {_unit(c)}, and the study's evidence")


def _unit(c: Chapter) -> str:
    """How a caption names the page: "chapter 5" or "lab 3"."""
    return f"{'lab' if c.is_lab else 'chapter'} {c.order}"


def answer_key(section: str) -> Block:
    """The chapter's self-check quiz (a lab's bank questions) with the right answers, in the order the page shows
    the options.

    >>> "Right answer" in answer_key("workflow").html
    True
    """
    c, _ = chapter(section)
    shown = quizzes.on_page(quizzes.load_questions(section))
    frame = pd.DataFrame(
        [
            (i, q.prompt, f"{'abcdef'[q.answer]}) {q.options[q.answer].text}", q.options[q.answer].feedback)
            for i, q in enumerate(shown, 1)
        ],
        columns=["#", "Question", "Right answer", "Why"],
    )
    return table(
        frame,
        f"Answer key to {_unit(c)}'s {'questions in the question bank' if c.is_lab else 'self-check quiz'}: "
        f"{len(shown)} questions. "
        + ("The letters follow a fixed shuffled order; the learning platform shuffles the options for each learner."
           if c.is_lab else "The page shows each question's options in a fixed shuffled order and the letters "
           "count them from the top; the question bank lets the learning platform shuffle them again."),
    )
