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

from . import data, style, views
from .labs import Verdict, alerts, drift, rollout, validation


@dataclass(frozen=True)
class Exercise:
    id: str
    question: str
    expected: Callable[[], Any]
    #: For a decision in a lab: judges an answer and says why a wrong one is wrong (a labs.Verdict).
    judge: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Feedback:
    exercise_id: str
    correct: bool
    message: str

    def __bool__(self):
        return self.correct

    def _repr_html_(self):
        mark, colour = ("✔ Correct", style.CORRECT) if self.correct else ("✘ Not yet", style.NOT_YET)
        return (
            f'<div class="exercise-check" role="status" style="border-left:4px solid {colour};'
            f'padding:.4em .8em"><strong style="color:{colour}">{mark}</strong> '
            f"{html.escape(self.message)}</div>"
        )

    def __repr__(self):
        return f"{'Correct' if self.correct else 'Not yet'}: {self.message}"


EXERCISES: dict[str, Exercise] = {}


def exercise(exercise_id: str, question: str, judge: Callable[[Any], Any] | None = None):
    """Register ``func`` as the way to compute the answer to an exercise.

    ``judge`` (for the labs' decisions) takes an answer and returns a ``labs.Verdict``, whose
    reason :func:`check` passes on: a wrong decision is told why it is wrong.
    """

    def register(func):
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id!r} is registered twice")
        EXERCISES[exercise_id] = Exercise(exercise_id, question, func, judge)
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
    if EXERCISES[exercise_id].judge is not None:
        verdict = EXERCISES[exercise_id].judge(answer)
        return Feedback(exercise_id, verdict.correct, verdict.reason)
    right = _normalise(expected(exercise_id)) == _normalise(answer)
    message = "that matches the data." if right else "that is not what the data says; try again or open the solution."
    return Feedback(exercise_id, right, message)


# --- The exercises, in chapter order ----------------------------------------------------------
# Each chapter's exercises live together under a comment naming the chapter.

# Chapter 1: The Hidden Work of Keeping AI Running


@exercise("opening-distinct-applications", "How many distinct application labels does the participants table list?")
def _opening_distinct_applications():
    return views.distinct_applications()


# Chapter 2: The Problem


@exercise(
    "problem-hedged-figures",
    "Which of the book's headline figures carry a hedge ('reportedly' or 'said to') in their label? Give their ids.",
)
def _problem_hedged_figures():
    figures = data.load("headline_figures")
    hedged = figures["label"].str.contains("reportedly|said to", regex=True)
    return set(figures.loc[hedged, "id"])


@exercise(
    "problem-share-reaching-production",
    "If 90% of ML models never reach production, what percentage do? (derived)",
)
def _problem_share_reaching_production():
    return 100 - data.figure("models-never-production")["low"]


# Chapter 3: The Research


@exercise("research-large-companies", "How many participants work at large (1000+) companies?")
def _research_large_companies():
    return int((data.load("participants")["company_size"] == "Large").sum())


@exercise("research-managers", "How many participants are MLE Managers?")
def _research_managers():
    return int((data.load("participants")["role"] == "MLE Manager").sum())


@exercise("research-repeated-applications", "Which applications appear more than once in the participants table?")
def _research_repeated_applications():
    counts = data.load("participants")["application"].value_counts()
    return set(counts[counts > 1].index)


# Chapter 4: The Workflow


@exercise("workflow-ab-testing-task", "Which of the four workflow tasks includes A/B testing?")
def _workflow_ab_testing_task():
    tasks = data.load("workflow_tasks")
    return tasks.loc[tasks["description"].str.contains("A/B testing", regex=False), "name"].item()


@exercise(
    "workflow-rollout-growth",
    "In the staged rollout, how many times more users see the model at the last step than at the first? (derived)",
)
def _workflow_rollout_growth():
    rollout = data.figure("rollout-steps")
    return rollout["high"] / rollout["low"]


# Chapter 5: The Three Vs


@exercise("three-vs-all-three", "Which participants are cited for all three Vs?")
def _three_vs_all_three():
    cited = data.load("vs_citations")
    per_participant = cited.groupby("participant")["v"].nunique()
    return set(per_participant[per_participant == data.load("three_vs")["id"].nunique()].index)


@exercise("three-vs-most-cited", "Which of the Three Vs is cited by the most participants? Give its name.")
def _three_vs_most_cited():
    counts = {name: len(people) for name, people in views.vs_cited_by().items()}
    return max(counts, key=counts.get)


# --- Chapters 6 to 11 below (keep chapters 1 to 5 above this line) ---

# Chapter 6: What the Interviews Revealed


@exercise("findings-cards-per-finding", "How many cards does each of the three findings have?")
def _findings_cards_per_finding():
    cards = data.load("cards")
    return cards[cards["section"] == "findings"].groupby("group").size()


@exercise("findings-retraining-named", "Which participants does the explainer name for a retraining cadence, and which?")
def _findings_retraining_named():
    retraining = data.load("retraining")
    named = retraining[retraining["participant"] != ""]
    return dict(zip(named["participant"], named["cadence"]))

# Chapter 7: The Biggest Pain Points Nobody Has Solved


@exercise("challenges-most-reported-bug", "Which example bug was reported by the most participants?")
def _challenges_most_reported_bug():
    per_bug = data.load("bugs").groupby("bug")["participant"].nunique()
    return per_bug.idxmax()


@exercise("challenges-bug-reporters", "How many different participants reported at least one example bug?")
def _challenges_bug_reporters():
    return data.load("bugs")["participant"].nunique()

# Chapter 8: Four Common Traps MLEs Fall Into


@exercise("anti-patterns-speakers", "Which participants are quoted in the four anti-patterns?")
def _anti_patterns_speakers():
    quoted = data.quotes_for(" ".join(data.load("anti_patterns")["quote_ids"]))
    return {q["speaker"] for q in quoted if q["speaker"]}

# Chapter 9: The Four-Layer MLOps Stack


@exercise("stack-most-tools", "Which layer of the stack names the most example tools?")
def _stack_most_tools():
    layers = data.load("stack_layers").set_index("name")
    return layers["tools"].str.split("; ").str.len().idxmax()

# Chapter 10: What the Engineers Talked About Most


@exercise("research-data-most-cited", "Which participant or participants does the explainer cite most often?")
def _research_data_most_cited():
    per_participant = views.participant_citations()["participant"].value_counts()
    return per_participant[per_participant == per_participant.max()].index.tolist()


@exercise("research-data-named-quotes", "How many of the book's quotes name their speaker?")
def _research_data_named_quotes():
    return int((data.load("quotes")["speaker"] != "").sum())


@exercise("research-data-uncited", "Which participants does the explainer never cite beyond its participants table?")
def _research_data_uncited():
    return views.uncited_participants()["id"].tolist()

# Chapter 11: Five Things to Remember


@exercise("bottom-line-most-quoted-section", "Which section of the explainer has the most quotes?")
def _bottom_line_most_quoted_section():
    return data.load("quotes")["section"].value_counts().idxmax()

# Labs: decisions judged by the simulations (mlops_book.labs), which say why an answer is wrong


def _pair(check, what: str):
    """A judge of a two-part answer, e.g. ``(threshold, rule)``: anything else is told its shape."""

    def judge(answer):
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return Verdict(False, f"give two values, {what}, e.g. as a tuple.", ("unknown",))
        return check(*answer)

    return judge


@exercise("lab-drift-cheapest-cadence", "Which of the study's cadences is the cheapest that keeps mean accuracy "
          "at or above 0.85, with labels two weeks late?", judge=drift.check)
def _lab_drift_cheapest_cadence():
    return drift.solution()


@exercise("lab-drift-no-delay", "And if labels came back the same day?",
          judge=lambda answer: drift.check(answer, label_delay_days=0))
def _lab_drift_no_delay():
    return drift.solution(label_delay_days=0)


@exercise("lab-alerts-budget", "Which threshold and rule catch every incident with at most 4 pages a week?",
          judge=_pair(alerts.check, "a threshold and a rule"))
def _lab_alerts_budget():
    return alerts.solution()


@exercise("lab-rollout-plan", "Which stage plan and stage length reach 100% within 30 days while the bug meets "
          "at most 20,000 users?", judge=_pair(rollout.check, "a plan and the days a stage lasts"))
def _lab_rollout_plan():
    return rollout.solution()


@exercise("lab-validation-checks", "Which checks, at which strictness, catch every problem with at most one "
          "false alarm?", judge=_pair(validation.check, "the checks and a strictness"))
def _lab_validation_checks():
    return validation.solution()
