"""Exercises with checks a learner can run.

Every exercise that has an answer is registered here with a function that
computes the expected answer *from the book's data* (never a typed-in
number). In a chapter, a learner writes an answer and calls :func:`check`;
the page's hidden solution calls :func:`solution` with its own result, which shows the check folded.

>>> right = expected("research-sample-claims")
>>> check("research-sample-claims", right).correct
True
>>> check("research-sample-claims", {**right, "all-mles": "supported"}).message
"not yet right for 'all-mles'."
>>> check("research-sample-claims", ...).answered
False
"""

from __future__ import annotations

import importlib
import inspect
import pprint
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from . import answers, scenarios, views
from .labs import Verdict
from .render import render

#: What the learner's own cell says before they answer: on the static page they cannot act, so no failure.
PROMPT = (
    "replace the ... after answer = with your answer and run the cell; the check then says whether it "
    "matches the data. On the page, open the solution below to compare."
)

#: Said when reading an answer failed in a way no check foresaw (tests/test_wrong_answers.py's battery never sees it).
UNREADABLE = "this answer could not be checked"


@dataclass(frozen=True)
class Check:
    """How to check one exercise: its id and the function that computes its answer from the data
    (whose docstring is the exercise's question)."""

    id: str
    expected: Callable[[], Any]
    #: For a decision in a lab: judges an answer and says why a wrong one is wrong (a labs.Verdict).
    judge: Callable[[Any], Any] | None = None
    #: Where the answers are words of a fixed vocabulary (verdicts, layer names): gives those words, which
    #: the check names when a learner's word is outside them (read when checking, so data/ is read late).
    vocabulary: Callable[[], tuple] | None = None
    #: For a decision in a lab: the lab, and what the page offers to choose (see :func:`on_page`).
    choices: Choices | None = None


@dataclass(frozen=True)
class Choices:
    """What the static page offers for a lab's decision: the lab whose controls it shows (``lab``), and
    ``values()``, the values of each part of the answer by the lab's grid parameter, in the answer's order."""

    lab: str
    values: Callable[[], dict[str, list]]


@dataclass(frozen=True)
class Feedback:
    exercise_id: str
    correct: bool
    message: str
    answered: bool = True

    @property
    def state(self) -> str:
        """``correct``, ``not-yet``, or ``prompt`` while the placeholder is still there."""
        return "prompt" if not self.answered else ("correct" if self.correct else "not-yet")

    def __bool__(self):
        return self.correct

    def _repr_html_(self):
        return str(render("exercise_check.html", state=self.state, message=self.message))

    def __repr__(self):
        lead = {"prompt": "Your turn", "correct": "Correct", "not-yet": "Not yet"}[self.state]
        return f"{lead}: {self.message}"


@dataclass(frozen=True)
class Solution:
    """What a solution cell shows: the working its code found and the check of its answer, folded until
    the learner opens it. In Jupyter, running a cell unfolds its output, so a solution cell folded by its
    metadata alone would show its answer after "Run All"; this one shows a closed "Show what this
    solution gives" instead, in Jupyter and (inside the solution's dropdown) on the page alike.
    """

    feedback: Feedback
    working: tuple = ()

    def __bool__(self):
        return self.feedback.correct

    def _repr_html_(self):
        working = [_working_html(item) for item in self.working]
        return str(render("solution_result.html", working=working, check=Markup(self.feedback._repr_html_())))

    def __repr__(self):
        return f"The solution to {self.feedback.exercise_id!r}: folded until you open it (print() shows it)."

    def __str__(self):
        return "\n".join([*(str(item) for item in self.working), repr(self.feedback)])


def _working_html(item) -> Markup:
    """One piece of a solution's working, as ``print`` shows it (escaped): a frame's text, not a table of
    the data file's own column names."""
    text = item if isinstance(item, str | pd.Series | pd.DataFrame) else pprint.pformat(item, sort_dicts=False)
    return Markup("<pre>{}</pre>").format(str(text))


EXERCISES: dict[str, Check] = {}


def exercise(exercise_id: str, judge: Callable[[Any], Any] | None = None, choices: Choices | None = None,
             words: str | None = None):
    """Register the decorated function as the way to compute the answer to an exercise.

    ``judge`` (for the labs' decisions) takes an answer and returns a ``labs.Verdict``, whose
    reason :func:`check` passes on: a wrong decision is told why it is wrong. ``choices`` (with a
    judge) lets the static page check the decision too (:func:`on_page`). ``words`` names the
    scenario set (:mod:`mlops_book.scenarios`) whose vocabulary the answers are words of.
    """

    def register(func):
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id!r} is registered twice")
        vocabulary = (lambda: scenarios.vocabulary(words)) if words else None
        EXERCISES[exercise_id] = Check(exercise_id, func, judge, vocabulary, choices)
        return func

    return register


def expected(exercise_id: str):
    """The answer to an exercise, computed from the data."""
    return EXERCISES[exercise_id].expected()


def solution(exercise_id: str, answer, *working) -> Solution:
    """A solution cell's last line: :func:`check` of its ``answer`` and the ``working`` that led there
    (tables, counts, lists: what a ``print`` would show), folded until the learner opens them.

    >>> folded = solution("research-data-uncited", expected("research-data-uncited"), "the set difference")
    >>> bool(folded), folded._repr_html_().startswith('<details class="mlops-solution-result"')
    (True, True)
    """
    return Solution(check(exercise_id, answer), working)


def check(exercise_id: str, answer) -> Feedback:
    """Tell a learner whether ``answer`` answers the exercise."""
    if exercise_id not in EXERCISES:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(EXERCISES))}")
    if answer is None or answer is ...:
        return Feedback(exercise_id, False, PROMPT, answered=False)
    try:
        if EXERCISES[exercise_id].judge is not None:
            verdict = EXERCISES[exercise_id].judge(answer)
            return Feedback(exercise_id, verdict.correct, verdict.reason)
        vocabulary = EXERCISES[exercise_id].vocabulary
        verdict = answers.compare(expected(exercise_id), answer, vocabulary() if vocabulary else ())
    except Exception as error:  # the last resort: a learner's answer gets a message, never a traceback
        return Feedback(exercise_id, False, f"{UNREADABLE} ({type(answer).__name__}: {type(error).__name__}); give it "
                                           "in the form the exercise's own cell shows.")
    return Feedback(exercise_id, verdict.correct, verdict.message)


def on_page(exercise_id: str):
    """A lab decision's check for a reader without Python: the lab's controls over every answer the page
    offers, each showing what :func:`check` says of it, computed when the book is built. The page and the
    notebook's check give the same verdict because this is that check, run once per answer.

    >>> pick = on_page("lab-drift-cheapest-cadence")
    >>> pick.controls[0].index is None  # nothing chosen, no verdict shown, until the reader picks
    True
    >>> pick.state_views[0].value == check("lab-drift-cheapest-cadence", "Hourly")._repr_html_()
    True
    """
    from .labs.widgets import decision  # the labs' widgets read this module's registry through the catalogue

    entry = EXERCISES[exercise_id]
    if entry.choices is None:
        raise KeyError(f"exercise {exercise_id!r} is not a lab decision the page can check")
    return decision(exercise_id, entry.choices.lab, entry.choices.values(),
                    lambda answer: check(exercise_id, answer)._repr_html_())


# --- The exercises, in chapter order ----------------------------------------------------------
# Each chapter's exercises live together under a comment naming the chapter.

# Chapter 1: The Hidden Work of Keeping AI Running


@exercise("opening-judge-claims", words="participant_claims")
def _opening_judge_claims():
    """Does the participants table support each statement, contradict it, or not tell?"""
    return scenarios.answers("participant_claims")


# Chapter 2: The Problem


@exercise("problem-quote-figures", words="figure_quotes")
def _problem_quote_figures():
    """Does each sentence keep the explainer's hedge on its figure, drop it, or credit the study with it?"""
    return scenarios.answers("figure_quotes")


@exercise("problem-operations-or-building", words="operations_tasks")
def _problem_operations_or_building():
    """Is each described activity operations (MLOps) or model building?"""
    return scenarios.answers("operations_tasks")


# Chapter 3: The Research


@exercise("research-method-steps", words="method_steps")
def _research_method_steps():
    """Which step of the study's method does each described moment belong to?"""
    return scenarios.answers("method_steps")


@exercise("research-sample-claims", words="sample_claims")
def _research_sample_claims():
    """What does the sample's make-up let you conclude: is each statement supported, contradicted, or beyond it?"""
    return scenarios.answers("sample_claims")


@exercise("research-coding-moves", words="coding_moves")
def _research_coding_moves():
    """Is each described moment open coding, axial coding, convergence or saturation?"""
    return scenarios.answers("coding_moves")


# Chapter 4: The Workflow


@exercise("workflow-classify-activities", words="workflow_activities")
def _workflow_classify_activities():
    """Which of the four workflow tasks does each described activity belong to?"""
    return scenarios.answers("workflow_activities")


@exercise("workflow-rollout-claims", words="rollout_claims")
def _workflow_rollout_claims():
    """Do the rollout's steps and the study support each claim about a team's rollout, contradict it, or not tell?"""
    return scenarios.answers("rollout_claims")


# Chapter 5: The Three Vs


@exercise("three-vs-judge-citations", words="citation_claims")
def _three_vs_judge_citations():
    """Does the citation data support each statement, contradict it, or not tell?"""
    return scenarios.answers("citation_claims")


@exercise("three-vs-trades", words="v_trades")
def _three_vs_trades():
    """For each practice, which V does it strengthen and which does it pay with, as the paper frames it?"""
    return scenarios.pairs("v_trades")


# Chapter 6: What the Interviews Revealed


@exercise("findings-keep-alive", words="keep_alive")
def _findings_keep_alive():
    """Which of the plain engineering habits answers each described situation?"""
    return scenarios.answers("keep_alive")


@exercise("findings-retraining-claims", words="retraining_claims")
def _findings_retraining_claims():
    """Does what the study reports about retraining support each claim about a team, contradict it, or not tell?"""
    return scenarios.answers("retraining_claims")


# Chapter 7: The Biggest Pain Points Nobody Has Solved


@exercise("challenges-classify-incidents", words="incidents")
def _challenges_classify_incidents():
    """Is each described incident a hard error, a soft error or drift?"""
    return scenarios.answers("incidents")


@exercise("challenges-tool-opportunities", words="tool_opportunities")
def _challenges_tool_opportunities():
    """Which challenge theme does each proposed tool address?"""
    return scenarios.answers("tool_opportunities")


# Chapter 8: Four Common Traps MLEs Fall Into


@exercise("anti-patterns-diagnose", words="anti_patterns")
def _anti_patterns_diagnose():
    """Which anti-pattern does each short scenario show?"""
    return scenarios.answers("anti_patterns")


# Chapter 9: The Four-Layer MLOps Stack


@exercise("stack-pick-layer", words="stack_tools")
def _stack_pick_layer():
    """Which layer of the stack does each proposed tool belong to?"""
    return scenarios.answers("stack_tools")


# Chapter 10: What the Engineers Talked About Most


@exercise("research-data-reliance", words="citation_reliance")
def _research_data_reliance():
    """Does the citation data support each claim about whom the explainer leans on, contradict it, or not tell?"""
    return scenarios.answers("citation_reliance")


@exercise("research-data-whose-words", words="quote_attribution")
def _research_data_whose_words():
    """Does the quotes file support each sentence about who said a quote, and in what words, or not?"""
    return scenarios.answers("quote_attribution")


@exercise("research-data-uncited")
def _research_data_uncited():
    """Which participants does the explainer never cite beyond its participants table?"""
    return views.uncited_participants()["id"].tolist()


# Chapter 11: Five Things to Remember


@exercise("bottom-line-across-chapters", words="cross_chapter_claims")
def _bottom_line_across_chapters():
    """Does the book's data support each claim that joins two chapters, contradict it, or not tell?"""
    return scenarios.answers("cross_chapter_claims")


# Labs: decisions judged by the simulations (mlops_book.labs), which say why an answer is wrong


def _lab(name: str):
    """A lab's simulation module (``mlops_book.labs.<name>``), imported when one of its exercises is first
    checked or shown: the labs draw with matplotlib, which would otherwise cost every chapter's kernel a
    third of a second to import for nothing (measured: a chapter imports this module, rarely a lab)."""
    return importlib.import_module(f"{__package__}.labs.{name}")


def _pair(lab: str, first: str, second: str):
    """A judge of a two-part answer to a lab, ``(first, second)``, e.g. ``(threshold, rule)``, given to the
    lab's ``check``, in any of the usual forms (tuple, list, array, Series, a one-row frame, a dict by the
    names of ``check``'s parameters); anything else is told its shape, and the two values the other way
    round are told so.
    """
    shape = f"give two values, {first} and {second}, in that order, e.g. as a tuple"

    def judge(answer):
        check = _lab(lab).check
        names = list(inspect.signature(check).parameters)[:2]
        if isinstance(answer, dict):
            if set(answer) != set(names):
                return Verdict(False, f"{shape} (or a dict with the keys {names[0]!r} and {names[1]!r}).",
                               ("unknown",))
            answer = [answer[name] for name in names]
        if isinstance(answer, str) or not isinstance(answer, tuple | list | np.ndarray | pd.Series | pd.DataFrame):
            return Verdict(False, f"{shape}, not {type(answer).__name__} {answer!r}.", ("unknown",))
        values = list(np.ravel(np.asarray(answer, dtype=object)))
        if len(values) != 2:
            return Verdict(False, f"{shape}, not {len(values)} values.", ("unknown",))
        verdict = check(*values)
        if "unknown" in verdict.failures and "unknown" not in check(*values[::-1]).failures:
            return Verdict(False, f"give {first} first, then {second}: ({values[1]!r}, {values[0]!r}), not "
                                  f"({values[0]!r}, {values[1]!r}).", ("reversed",))
        return verdict

    return judge


_CADENCES = Choices("drift", lambda: {"cadence": _lab("drift").study_cadences()})


@exercise("lab-drift-cheapest-cadence", judge=lambda answer: _lab("drift").check(answer), choices=_CADENCES)
def _lab_drift_cheapest_cadence():
    """Which of the study's cadences is the cheapest that keeps mean accuracy at or above 0.85,
    with labels two weeks late?"""
    return _lab("drift").solution()


@exercise("lab-drift-no-delay", judge=lambda answer: _lab("drift").check(answer, label_delay_days=0),
          choices=_CADENCES)
def _lab_drift_no_delay():
    """And if labels came back the same day?"""
    return _lab("drift").solution(label_delay_days=0)


@exercise("lab-alerts-budget", judge=_pair("alerts", "the threshold", "the rule"),
          choices=Choices("alerts", lambda: _lab("alerts").grid()))
def _lab_alerts_budget():
    """Which threshold and rule catch every incident with at most 4 pages a week?"""
    return _lab("alerts").solution()


@exercise("lab-rollout-plan", judge=_pair("rollout", "the plan", "the days a stage lasts"),
          choices=Choices("rollout", lambda: _lab("rollout").grid()))
def _lab_rollout_plan():
    """Which stage plan and stage length reach 100% within 30 days while the bug meets at most 20,000 users?"""
    return _lab("rollout").solution()


@exercise("lab-validation-checks", judge=_pair("validation", "the checks", "the strictness"),
          choices=Choices("validation", lambda: _lab("validation").grid()))
def _lab_validation_checks():
    """Which checks, at which strictness, catch every problem with at most one false alarm?"""
    return _lab("validation").solution()
