"""The instructor page of one chapter or lab: its session plans, discussion notes, rubrics, misconceptions and quiz key.

The notes come from ``data/teaching/<section-id>.yml`` through :mod:`mlops_book.teaching`; the
chapter stays the source of its own discussion questions, exercises and reading time, which the
tables show from the chapter file, never a copy.

>>> "Starts at" in session_plan("workflow", 60).html
True
"""

from __future__ import annotations

import pandas as pd

from . import data, quizzes
from .blocks import Block, plan_step, table
from .interactives import INTERACTIVES
from .kit import Chapter, chapters, labs
from .paths import BOOK_ROOT
from .plans import clock_time
from .teaching import LEVELS, TeachingDataError, discussion_questions, load, page_sections, teaching_dir, ungrounded

#: The row a plan that runs the page live in class (Binder or a campus JupyterHub) starts with.
LAUNCH_BEFORE_CLASS = (
    "Launch the page in Binder (or on your JupyterHub) once before class: the first launch after a change to "
    "the repository takes minutes, and thirty learners launching at once may wait longer. Keep the static "
    "page open as the fallback."
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


def without_kernel(c: Chapter, exercise: str = "") -> str:
    """What a live step becomes on the static page when Binder is slow or down: the views that work without a
    kernel there (a lab's explorer; a chapter's self-check quiz, and its interactives if the registry lists any
    for it), and the exercise answered on paper against its folded solution.

    >>> without_kernel(labs()[0], "ex-lab-drift-1")[:60]
    'Without a kernel: the static page. Its explorer shows the si'
    """
    if c.is_lab:
        views = "Its explorer shows the simulation at every setting of its controls, precomputed, without a kernel"
    elif any(i.chapter == c.path for i in INTERACTIVES):
        views = "Its interactives and its self-check quiz work without a kernel"
    else:
        views = "Its self-check quiz works without a kernel"
    work = _exercise_names(c).get(exercise, "the exercise")
    return (f"Without a kernel: the static page. {views}; learners write their answer to {work} down, "
            "then open its folded solution.")


def talk_outline_problems(section: str) -> list:
    """Every point of a chapter's talk outlines that its page's section does not bear out (see
    :func:`mlops_book.teaching.ungrounded`), as 'plans.60[0].outline[1]: number '5''."""
    teaching, (_, text) = load(section), chapter(section)
    sections, quotes = page_sections(text), " ".join(data.load("quotes")["text"])
    return [
        f"plans.{minutes}[{i}].outline[{j}]: {problem}"
        for minutes, plan in teaching.plans.items()
        for i, step in enumerate(plan.steps)
        for j, point in enumerate(step.outline)
        for problem in ungrounded(point, sections, quotes)
    ]


def session_plan(section: str, minutes: int) -> Block:
    """The session plan of ``minutes`` for a chapter, with a start time per step and the pre-work; a talk step
    with its outline, a plan that runs the page live with its launch before class and each live step with what
    to do without a kernel."""
    teaching, (c, _) = load(section), chapter(section)
    problems = talk_outline_problems(section)
    if problems:
        raise TeachingDataError(teaching_dir() / f"{section}.yml", problems[0].split(":")[0],
                                "a talk point says what its section does not: " + "; ".join(problems))
    plan, names = teaching.plans[minutes], _exercise_names(c)
    rows = [("before", "pre-work", c.kit.page_minutes, teaching.pre_work)]
    if any(step.uses_kernel for step in plan.steps):
        rows.append(("before", "launch", "", LAUNCH_BEFORE_CLASS))
    clock = 0
    for step in plan.steps:
        uses = [f"questions {', '.join(map(str, step.questions))}"] if step.questions else []
        uses += [names.get(step.exercise, step.exercise)] if step.exercise else []
        activity = step.activity + (f" (Uses {'; '.join(uses)}.)" if uses else "")
        fallback = without_kernel(c, step.exercise) if step.uses_kernel else ""
        shown = plan_step(activity, step.outline, fallback)
        rows.append((clock_time(clock), step.phase, step.minutes, shown))
        clock += step.minutes
    frame = pd.DataFrame(rows, columns=["Starts at", "Phase", "Minutes", "What happens"])
    return table(
        frame,
        f"A {minutes}-minute session on {_unit(c)}: the steps in class add up to {clock} minutes; "
        f"the pre-work ({c.kit.page_minutes} minutes, the {'lab' if c.is_lab else 'chapter'}'s own time on the page) "
        "comes before.",
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
