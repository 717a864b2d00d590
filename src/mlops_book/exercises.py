"""Exercises with checks a learner can run.

Every exercise that has an answer is registered here with a function that
computes the expected answer *from the book's data* (never a typed-in
number). In a chapter, a learner writes an answer and calls :func:`check`;
the page's hidden solution calls it with the solution's own result.

>>> check("research-large-companies", 6).correct
True
>>> check("research-large-companies", 5).correct
False
>>> check("research-large-companies", None).correct
False
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from . import data


@dataclass(frozen=True)
class Exercise:
    id: str
    question: str
    expected: Callable[[], Any]


@dataclass(frozen=True)
class Feedback:
    exercise_id: str
    correct: bool
    message: str

    def __bool__(self):
        return self.correct

    def _repr_html_(self):
        mark, colour = ("✔ Correct", "#1b5e20") if self.correct else ("✘ Not yet", "#8a1c1c")
        return (
            f'<div class="exercise-check" role="status" style="border-left:4px solid {colour};'
            f'padding:.4em .8em"><strong style="color:{colour}">{mark}</strong> '
            f"{html.escape(self.message)}</div>"
        )

    def __repr__(self):
        return f"{'Correct' if self.correct else 'Not yet'}: {self.message}"


EXERCISES: dict[str, Exercise] = {}


def exercise(exercise_id: str, question: str):
    """Register ``func`` as the way to compute the answer to an exercise."""

    def register(func):
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id!r} is registered twice")
        EXERCISES[exercise_id] = Exercise(exercise_id, question, func)
        return func

    return register


def _normalise(value):
    """Compare answers by meaning: numbers as numbers, text without case, collections as sets."""
    if isinstance(value, pd.Series):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, pd.Index)):
        return frozenset(_normalise(v) for v in value)
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if hasattr(value, "item") and not isinstance(value, (list, dict)):
        value = value.item()  # numpy scalars
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def expected(exercise_id: str):
    """The answer to an exercise, computed from the data."""
    return EXERCISES[exercise_id].expected()


def check(exercise_id: str, answer) -> Feedback:
    """Tell a learner whether ``answer`` answers the exercise."""
    if exercise_id not in EXERCISES:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(EXERCISES))}")
    if answer is None or answer is ...:
        return Feedback(exercise_id, False, "replace the placeholder with your answer and run the cell again.")
    right = _normalise(expected(exercise_id)) == _normalise(answer)
    message = "that matches the data." if right else "that is not what the data says; try again or open the solution."
    return Feedback(exercise_id, right, message)


# --- The exercises, in chapter order ----------------------------------------------------------
# Each chapter's exercises live together under a comment naming the chapter.

# Chapter 3: The Research


@exercise("research-large-companies", "How many participants work at large (1000+) companies?")
def _research_large_companies():
    return int((data.load("participants")["company_size"] == "Large").sum())


# --- Chapters 6 to 11 below (keep chapters 1 to 5 above this line) ---
