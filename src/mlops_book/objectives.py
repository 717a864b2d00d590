"""Which exercises, quiz questions and written tasks practise each chapter's and lab's learning objectives.

An exercise says what it practises with a last line "*Practises objective 2.*" (read by
:mod:`mlops_book.kit`); a quiz question with its ``objective: <section>:<n>`` tag (read by
:mod:`mlops_book.quizzes`); a written task with its ``objectives`` column (:mod:`mlops_book.written_tasks`).
:func:`require_coverage` stops the build (``_ext/steps/objective_coverage.py``) when an objective is
practised by none of them, when an objective that asks to explain or connect has no written task (a
multiple-choice question cannot show that a learner can explain), or when an exercise names an objective
its chapter lacks.

>>> practice = practised()
>>> [p.objective for p in practice["three-vs"]][:2]
[1, 2]
>>> [(p.objective, p.exercises) for p in practice["lab-rollout"]][1:]
[(2, ('ex-lab-rollout-2',)), (3, ('ex-lab-rollout-1',))]
>>> [(p.objective, p.written) for p in practice["three-vs"]][1:]
[(2, ('Written task 5.1',)), (3, ('Written task 5.2',)), (4, ('Written task 5.2',))]
>>> require_coverage()  # every objective of the book is practised
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import kit, quizzes, written_tasks
from .paths import BOOK_ROOT


class ObjectiveCoverageError(ValueError):
    """An objective no exercise or quiz question practises, or a tag naming no objective; names the chapter."""


@dataclass(frozen=True)
class Practice:
    """One objective of a chapter and what practises it: exercise labels and quiz question ids."""

    objective: int
    text: str
    exercises: tuple
    questions: tuple
    #: The written tasks (:mod:`mlops_book.written_tasks`) that assess it, by name ("Written task 5.1").
    written: tuple = ()

    @property
    def practised(self) -> bool:
        return bool(self.exercises or self.questions or self.written)

    @property
    def asks_to_explain(self) -> bool:
        """Whether the objective's verb asks to explain or connect, so that it needs a written task."""
        return written_tasks.asks_to_explain(self.text)


def practised(root: Path = BOOK_ROOT, chapters: list[kit.Chapter] | None = None) -> dict[str, list[Practice]]:
    """Per chapter id, each objective with the exercises and quiz questions tagged with it
    (``chapters``: the book's, if already read)."""
    with_quiz = set(quizzes.sections_with_quizzes()) | set(quizzes.labs_with_quizzes())
    result = {}
    for chapter in chapters if chapters is not None else _pages(root):
        questions = quizzes.load_questions(chapter.id) if chapter.id in with_quiz else ()
        tasks = written_tasks.tasks_for(chapter.id)
        result[chapter.id] = [
            Practice(
                number,
                text,
                tuple(e.label for e in chapter.kit.exercises if number in e.objectives),
                tuple(q.id for q in questions if q.objective == number),
                tuple(t.name for t in tasks if number in t.objectives),
            )
            for number, text in enumerate(chapter.kit.objectives, 1)
        ]
    return result


def _pages(root: Path) -> list[kit.Chapter]:
    """The chapters and the labs, each with its kit."""
    return kit.chapters(root) + kit.labs(root)


def problems(root: Path = BOOK_ROOT) -> list[str]:
    """Every objective left unpractised and every exercise tag naming no objective, one line each."""
    found = []
    chapters = _pages(root)  # read once: every chapter file is parsed for its kit
    for chapter in chapters:
        count = len(chapter.kit.objectives)
        for exercise in chapter.kit.exercises:
            found += [
                f"{chapter.path}.md: exercise {exercise.label} practises objective {n}, but the chapter has {count}"
                for n in exercise.objectives
                if not 1 <= n <= count
            ]
    paths = {chapter.id: chapter.path for chapter in chapters}
    for section, practice in practised(root, chapters).items():
        path = paths[section]
        found += [
            f"{path}.md: objective {p.objective} ({p.text!r}) is practised by no exercise "
            f"('*Practises objective {p.objective}.*') and no quiz question ('objective: {section}:{p.objective}')"
            for p in practice
            if not p.practised
        ]
        found += [
            f"{path}.md: objective {p.objective} ({p.text!r}) asks to explain or connect, but no written task assesses "
            f"it (a row of data/teaching/written/tasks.csv with section {section!r} and objective {p.objective})"
            for p in practice
            if p.asks_to_explain and not p.written
        ]
    return found


def require_coverage(root: Path = BOOK_ROOT) -> None:
    """Raise :class:`ObjectiveCoverageError` listing every problem :func:`problems` finds."""
    found = problems(root)
    if found:
        raise ObjectiveCoverageError("learning objectives without practice:\n" + "\n".join(found))
