"""A battery of wrong answers of every common type against every check: none raises, each gets a hint.

What a learner types into an exercise cell is anything: an array from a filter, a DataFrame, the
number as text, a float for a count, the two values of a lab's decision the other way round, None,
an empty list. ``exercises.check`` must answer each with a message that says what to give, for every
exercise of the chapters and of the labs, and still accept the right answers in their usual forms,
in any case where the vocabulary is names. Its last-resort message (``exercises.UNREADABLE``, for
an exception no check foresaw) must never be needed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlops_book import exercises, scenarios

#: Wrong answers of every common type: arrays of every shape, frames, text, numbers, containers, odd objects.
WRONG_TYPES = {
    "array of one name": np.array(["Weekly"]),
    "array of numbers": np.array([1.5, 2.5]),
    "2-D array": np.array([["a", "b"], ["c", "d"]]),
    "0-d array": np.array(5),
    "empty array": np.array([]),
    "DataFrame": pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}),
    "one-cell DataFrame": pd.DataFrame({"a": ["Weekly"]}),
    "empty DataFrame": pd.DataFrame(),
    "Series of numbers": pd.Series([1, 2, 3]),
    "empty Series": pd.Series(dtype=float),
    "Index": pd.Index(["P1", "P2"]),
    "number as text": "4",
    "percent text": "10%",
    "empty text": "",
    "lower-case word": "weekly",
    "unknown word": "banana",
    "int": 4,
    "float": 4.5,
    "negative": -1,
    "zero": 0,
    "huge": 10**12,
    "nan": float("nan"),
    "inf": float("inf"),
    "numpy float": np.float64(3.0),
    "bool": True,
    "Ellipsis in a list": [...],
    "empty list": [],
    "list of lists": [["P1"], ["P4"]],
    "list of dicts": [{"a": 1}],
    "list of None": [None, None],
    "empty dict": {},
    "dict of lists": {"x": [1, 2]},
    "dict with a number key": {1: "supported"},
    "empty set": set(),
    "set": {"P1", "P4"},
    "tuple of three": (4.0, "static", "x"),
    "nested tuple": ((1, 2), (3, 4)),
    "bytes": b"Weekly",
    "complex": 1 + 2j,
    "pandas NA": pd.NA,
    "timestamp": pd.Timestamp("2022-09-20"),
    "range": range(3),
    "object": object(),
    "function": len,
    "type": str,
}


def _right_forms(right) -> dict:
    """The right answer in the usual forms a learner gives it (each must pass)."""
    forms = {"as computed": right}
    if isinstance(right, str):
        forms |= {"lower case": right.lower(), "upper case": right.upper(), "padded": f"  {right} ",
                  "array of one": np.array([right]), "list of one": [right]}
    elif isinstance(right, tuple):
        forms |= {"list": list(right), "array": np.array(right, dtype=object), "Series": pd.Series(right)}
    elif isinstance(right, dict):
        forms |= {"Series": pd.Series(right)}
    elif isinstance(right, list):
        forms |= {"tuple": tuple(right), "array": np.array(right), "Series": pd.Series(right)}
    return forms


def _wrong_forms_of(right) -> dict:
    """Wrong answers made from the right one: its parts swapped, as text, as a float, a key short."""
    if isinstance(right, tuple) and len(right) == 2:
        first, second = right
        wrong = {"reversed": (second, first), "first as text": (str(first), second),
                 "first as a float": (float(first) + 0.5 if isinstance(first, int | float) else first, second),
                 "second as a float": (first, float(second) + 0.5 if isinstance(second, int | float) else second),
                 "second as text": (first, str(second)), "one value": (first,), "as a set": {first, second},
                 "as a dict of other names": {"a": first, "b": second}, "as one text": f"{first}, {second}"}
        if isinstance(second, int):
            wrong["second as a whole float"] = (first, float(second))  # read as the same whole number
        return wrong
    if isinstance(right, dict):
        key = next(iter(right))
        return {"a key short": {k: v for k, v in right.items() if k != key}, "values only": list(right.values()),
                "a DataFrame": pd.DataFrame([right]), "keys only": list(right)}
    return {"as a tuple of two": (right, right)}


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_every_wrong_answer_gets_a_hint_and_nothing_raises(exercise_id):
    right = exercises.expected(exercise_id)
    wrong = WRONG_TYPES | _wrong_forms_of(right)
    for label, answer in wrong.items():
        feedback = exercises.check(exercise_id, answer)  # raises nothing: a raise fails the test here
        assert feedback.message.strip(), f"{exercise_id}, {label}: no message"
        assert exercises.UNREADABLE not in feedback.message, f"{exercise_id}, {label}: {feedback.message}"
        assert "Traceback" not in feedback.message
        if not feedback.correct:
            assert feedback._repr_html_().count("Not yet") == 1, f"{exercise_id}, {label}"


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_the_right_answer_passes_in_its_usual_forms(exercise_id):
    right = exercises.expected(exercise_id)
    for label, answer in _right_forms(right).items():
        feedback = exercises.check(exercise_id, answer)
        assert feedback.correct, f"{exercise_id}, {label}: {feedback.message}"


@pytest.mark.parametrize("exercise_id", ["lab-alerts-budget", "lab-rollout-plan", "lab-validation-checks"])
def test_a_decision_given_the_other_way_round_is_told_so(exercise_id):
    first, second = exercises.expected(exercise_id)
    feedback = exercises.check(exercise_id, (second, first))
    assert not feedback.correct and "first, then" in feedback.message, feedback.message


def test_a_count_given_as_a_whole_float_is_read_as_the_count():
    plan, days = exercises.expected("lab-rollout-plan")
    assert exercises.check("lab-rollout-plan", (plan, float(days))).correct
    message = exercises.check("lab-rollout-plan", (plan, days + 0.5)).message
    assert "whole number" in message, message


def test_a_threshold_given_as_text_is_told_to_give_a_number():
    threshold, rule = exercises.expected("lab-alerts-budget")
    message = exercises.check("lab-alerts-budget", (str(threshold), rule)).message
    assert "as a number" in message and repr(str(threshold)) in message, message


def test_a_near_name_is_told_what_it_is_close_to():
    message = exercises.check("lab-drift-cheapest-cadence", "Weakly").message
    assert "'Weekly' is close" in message, message


#: The exercises whose answers are words of a fixed vocabulary (a verdict, a layer, a habit), with their set.
WORDED = {check.id: check for check in exercises.EXERCISES.values() if check.vocabulary is not None}


def test_every_exercise_of_a_scenario_set_knows_its_vocabulary():
    sets = {name for name in scenarios.SETS}
    named = {code for check in WORDED.values() for code in check.expected.__code__.co_consts if code in sets}
    used = {code for check in exercises.EXERCISES.values() for code in check.expected.__code__.co_consts
            if isinstance(code, str) and code in sets}
    assert named == used and len(WORDED) >= 19, sorted(used - named)


@pytest.mark.parametrize("exercise_id", sorted(WORDED))
@pytest.mark.parametrize("word", ["yes", "Support", "velocity!", "Pipelines"])
def test_a_word_outside_the_vocabulary_is_told_the_accepted_words(exercise_id, word):
    right = exercises.expected(exercise_id)
    key = next(iter(right))
    wrong = (word, right[key][1]) if isinstance(right[key], tuple) else word
    feedback = exercises.check(exercise_id, {**right, key: wrong})
    vocabulary = WORDED[exercise_id].vocabulary()
    assert not feedback.correct
    assert f"{word!r} (for {key!r}) is not one of the accepted answers: " in feedback.message, feedback.message
    assert all(repr(accepted) in feedback.message for accepted in vocabulary), feedback.message
    assert "Traceback" not in feedback.message and exercises.UNREADABLE not in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(WORDED))
def test_a_word_of_the_vocabulary_in_another_case_is_read_as_that_word(exercise_id):
    right = exercises.expected(exercise_id)
    key = next(iter(right))
    value = right[key]
    capitalised = tuple(v.capitalize() for v in value) if isinstance(value, tuple) else value.capitalize()
    assert exercises.check(exercise_id, {**right, key: capitalised}).correct  # 'Supported' is 'supported'
    wrong = next(w for w in WORDED[exercise_id].vocabulary() if w != (value[0] if isinstance(value, tuple) else value))
    message = exercises.check(
        exercise_id, {**right, key: (wrong, value[1]) if isinstance(value, tuple) else wrong.upper()}).message
    assert "not yet right" in message and "accepted answers" not in message, message
