"""Checks that teach, and objectives that are practised.

A right answer passes in every usual pandas/numpy form; a wrong form is told the form expected;
a wrong answer is told what is off where that helps; the learner's placeholder gets a neutral
prompt, never a failure. Every objective of every chapter is practised, and the build stops when
one is not.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from book_build import copy_book
from mlops_book import answers, exercises, kit, objectives, scenarios
from mlops_book.paths import BOOK_ROOT

IDS = ["P1", "P3", "P8"]
#: The same right answer (a collection of ids) in every form a learner might give it.
COLLECTION_FORMS = {
    "list": list(IDS),
    "tuple": tuple(reversed(IDS)),
    "set": set(IDS),
    "numpy array": np.array(IDS),
    "Series": pd.Series(IDS),
    "Index": pd.Index(IDS),
    "one-column DataFrame": pd.DataFrame({"participant": IDS}),
}
NUMBER_FORMS = {
    "int": 6,
    "float": 6.0,
    "numpy int": np.int64(6),
    "numpy float": np.float64(6.0),
    "one-element array": np.array([6]),
    "one-element Series": pd.Series([6]),
}


@pytest.mark.parametrize("form", COLLECTION_FORMS)
def test_a_collection_is_accepted_in_every_usual_form(form):
    assert answers.compare(set(IDS), COLLECTION_FORMS[form]).correct
    assert answers.compare(list(IDS), COLLECTION_FORMS[form]).correct


@pytest.mark.parametrize("form", NUMBER_FORMS)
def test_a_number_is_accepted_in_every_usual_form(form):
    assert answers.compare(6, NUMBER_FORMS[form]).correct
    assert not answers.compare(7, NUMBER_FORMS[form]).correct


def test_a_mapping_is_accepted_as_dict_or_series_and_an_ordered_pair_keeps_its_order():
    right = {"a": ("validation", "velocity"), "b": ("versioning", "velocity")}
    assert answers.compare(right, pd.Series({"b": ["versioning", "velocity"], "a": ("validation", "velocity")})).correct
    assert not answers.compare(right, {"a": ("velocity", "validation"), "b": ("versioning", "velocity")}).correct


@pytest.mark.parametrize(
    "expected, answer, hint",
    [
        (10, "10%", "give a number, not the text '10%' (write 10 rather than '10%')."),
        (IDS, "P1", "give a list of participant ids like ['P1', 'P3'], not a single text."),
        (IDS, pd.DataFrame({"a": IDS, "b": IDS}), "give one column of values, not a table of 2 columns."),
        (IDS, pd.Series([1, 1, 1], index=IDS), "your Series holds them in its index: give its .index"),
        (
            {"run-log": "Run Layer"},
            ["Run Layer"],
            "give a dict (or Series) with one entry per key, like {'run-log': ...}.",
        ),
        ("Pipeline Layer", 3, "give a name (text) like 'Velocity', not int 3."),
    ],
)
def test_a_wrong_form_is_told_the_form_expected(expected, answer, hint):
    verdict = answers.compare(expected, answer)
    assert not verdict.correct
    assert hint in verdict.message


@pytest.mark.parametrize(
    "expected, answer, hint",
    [
        (IDS, ["P1", "P3", "P9"], "1 item is not in the answer: 'P9'; 1 item is missing."),
        ("Pipeline Layer", "Pipeline", "close: 'Pipeline' is part of the name; give the name in full"),
        ("Versioning", "Versoning", "close: check the spelling of 'Versoning'"),
        (
            {"run-log": "Run Layer", "scheduler": "Pipeline Layer"},
            {"run-log": "Run", "extra": "x"},
            "not asked for: 'extra'; 1 entry is missing; not yet right for 'run-log'; for 'run-log', 'Run' is close",
        ),
    ],
)
def test_a_wrong_answer_is_told_what_is_off(expected, answer, hint):
    verdict = answers.compare(expected, answer)
    assert not verdict.correct
    assert hint in verdict.message


@pytest.mark.parametrize("placeholder", [..., None])
def test_the_placeholder_gets_a_neutral_prompt_not_a_failure(placeholder):
    feedback = exercises.check("stack-pick-layer", placeholder)
    assert (feedback.answered, feedback.state) == (False, "prompt")
    html = feedback._repr_html_()
    assert "Not yet" not in html and "✘" not in html and "Correct" not in html
    assert "exercise-check-prompt" in html and "replace the ..." in html


def test_a_wrong_answer_and_a_right_one_still_say_so():
    right = exercises.expected("stack-pick-layer")
    assert "✔ Correct" in exercises.check("stack-pick-layer", pd.Series(right))._repr_html_()
    assert "✘ Not yet" in exercises.check("stack-pick-layer", {**right, "run-log": "Pipeline Layer"})._repr_html_()


def test_feedback_escapes_the_learners_text():
    html = exercises.check("stack-pick-layer", {"<b>x</b>": "y"})._repr_html_()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_every_learner_cell_starts_with_the_placeholder():
    """So "Run All" shows the neutral prompt before the solution's success, never a failure."""
    for chapter in kit.chapters():
        source = (BOOK_ROOT / f"{chapter.path}.md").read_text(encoding="utf-8")
        for check_id in chapter.kit.check_ids:
            first_call = source.index(f'exercises.check("{check_id}"')
            cell = source[source.rindex("```{code-cell}", 0, first_call) : first_call]
            assert "answer = ...  # replace ... with your answer" in cell, f"{chapter.path}: {check_id}"


# --- Scenario sets: right answers come from data -----------------------------------------------


@pytest.mark.parametrize("name", scenarios.SETS)
def test_every_scenario_answer_names_a_value_of_its_data_column(name):
    assert len(scenarios.load(name)) >= 4


def test_a_scenario_answer_not_in_the_data_is_an_error_naming_file_row_and_column(data_copy):
    path = data_copy / "scenarios" / "stack_tools.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",Pipeline Layer,", ",Pipeline,", 1), encoding="utf-8")
    with pytest.raises(
        scenarios.ScenarioFileError, match=r"stack_tools\.csv, row 3, column 'answer': 'Pipeline' is not"
    ):
        scenarios.load("stack_tools")


# --- Objective coverage --------------------------------------------------------------------------


def test_every_objective_of_every_chapter_is_practised():
    assert objectives.problems() == []
    for section, practice in objectives.practised().items():
        assert practice, f"{section}: no objectives"
        assert all(p.practised for p in practice)


def test_every_checked_exercise_is_tagged_with_an_objective():
    for chapter in kit.chapters():
        tagged = [e for e in chapter.kit.exercises if e.objectives]
        assert tagged, f"{chapter.path}: no exercise says which objective it practises"


def _broken_copy(tmp_path):
    """A copy of the book whose first chapter has an objective nothing practises."""
    copy = copy_book(tmp_path / "book")
    chapter = copy / f"{kit.chapters()[0].path}.md"
    text = chapter.read_text(encoding="utf-8")
    bullets = re.search(r"\*\*Learning objectives\.\*\*[^\n]*\n((?:- [^\n]*\n|  [^\n]*\n)+)", text)
    end = bullets.end(1)
    chapter.write_text(text[:end] + "- juggle three models at once.\n" + text[end:], encoding="utf-8")
    return copy


def test_an_unpractised_objective_is_named_with_its_chapter(tmp_path, monkeypatch):
    copy = _broken_copy(tmp_path)
    monkeypatch.setenv("MLOPS_BOOK_DATA", str(copy / "data"))
    with pytest.raises(objectives.ObjectiveCoverageError) as error:
        objectives.require_coverage(copy)
    first = kit.chapters()[0]
    number = len(first.kit.objectives) + 1
    assert f"{first.path}.md: objective {number} ('juggle three models at once.') is practised by no exercise" in str(
        error.value
    )


def test_the_build_fails_on_an_unpractised_objective(tmp_path, book_builder):
    """A Sphinx start-up only: the check runs on builder-inited, before any chapter executes."""
    result = book_builder(_broken_copy(tmp_path), tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert "is practised by no exercise" in output and "juggle three models at once" in output, output[-2000:]


# --- Applied exercises: the chapter's solution passes, typical mistakes are told what is off ------

#: Per applied exercise: a typical wrong change to the right answer, and what the check must say.
TYPICAL_MISTAKES = {
    # the headline's twelve industries read as contradicted by the 15 application labels
    "opening-judge-claims": ({"twelve-industries": "contradicted"}, "not yet right for 'twelve-industries'"),
    # "the study found" read as a faithful quote
    "problem-quote-figures": ({"study-85": "keeps the hedge"}, "not yet right for 'study-85'"),
    # a staged rollout taken for model building (it is deployment, operations)
    "problem-operations-or-building": ({"staged-rollout": "model building"}, "not yet right for 'staged-rollout'"),
    # saturation (when to stop recruiting) mistaken for the coding step
    "research-method-steps": ({"no-new-themes": "coding"}, "not yet right for 'no-new-themes'"),
    # an interview sample read as representative of the industry
    "research-sample-claims": ({"all-mles": "supported"}, "not yet right for 'all-mles'"),
    # convergence (of the coding) confused with saturation (of the interviews)
    "research-coding-moves": ({"no-changes": "saturation"}, "not yet right for 'no-changes'"),
    # the explainer's 10% step credited to the study
    "workflow-rollout-claims": ({"study-ten-percent": "supported"}, "not yet right for 'study-ten-percent'"),
    # a citation count read as importance
    "three-vs-judge-citations": (
        {"validation-matters-most": "supported"},
        "not yet right for 'validation-matters-most'",
    ),
    # a habit's name cut short
    "findings-keep-alive": ({"bad-release": "Fallback"}, "'Fallback' is close: give the name in full"),
    # a cadence reported without results read as evidence that it works better
    "findings-retraining-claims": (
        {"hourly-beats-months": "supported"},
        "not yet right for 'hourly-beats-months'",
    ),
    # a tool for wasted stages taken for the bug theme
    "challenges-tool-opportunities": (
        {"fewer-stages-wasted": "Every Bug Feels Unique"},
        "not yet right for 'fewer-stages-wasted'",
    ),
    # a tie at the top read as one voice the summary leans on
    "research-data-reliance": ({"one-voice": "supported"}, "not yet right for 'one-voice'"),
    # the explainer's quotation marks taken for the participant's own words
    "research-data-whose-words": ({"learn-faster-words": "supported"}, "not yet right for 'learn-faster-words'"),
    # "aren't immediate" read as "false alarms"
    "bottom-line-across-chapters": ({"alerts-were-false": "supported"}, "not yet right for 'alerts-were-false'"),
}
_SOLUTION_CELL = re.compile(r"```\{code-cell\} ipython3\n---\n(?:.*\n)*?---\n((?:(?!```).*\n)*?)```")


def _solution_code(check_id: str) -> str:
    """The hidden solution cell (metadata between --- lines) that passes the chapter's answer to the check."""
    for chapter in kit.chapters():
        source = (BOOK_ROOT / f"{chapter.path}.md").read_text(encoding="utf-8")
        cells = [c for c in _SOLUTION_CELL.findall(source) if re.search(rf'exercises\.solution\(\s*"{check_id}"', c)]
        if cells:
            return cells[-1]
    raise AssertionError(f"no chapter has a solution cell for {check_id}")


@pytest.mark.parametrize("check_id", TYPICAL_MISTAKES)
def test_an_applied_exercise_accepts_its_chapter_solution_in_every_mapping_form(check_id):
    from mlops_book import data, views

    namespace = {"data": data, "exercises": exercises, "scenarios": scenarios, "views": views,
                 "print": lambda *a, **k: None}
    exec(_solution_code(check_id), namespace)
    assert exercises.check(check_id, namespace["answer"]).correct, exercises.check(check_id, namespace["answer"])
    assert exercises.check(check_id, pd.Series(namespace["answer"])).correct


@pytest.mark.parametrize("check_id", TYPICAL_MISTAKES)
def test_an_applied_exercise_tells_a_typical_mistake_what_is_off(check_id):
    change, reason = TYPICAL_MISTAKES[check_id]
    right = exercises.expected(check_id)
    assert set(change) <= set(right) and all(right[k] != v for k, v in change.items())
    feedback = exercises.check(check_id, {**right, **change})
    assert not feedback.correct and reason in feedback.message, feedback.message
    as_list = exercises.check(check_id, list(right.values()))
    assert "give a dict (or Series) with one entry per key" in as_list.message


@pytest.mark.parametrize("check_id", TYPICAL_MISTAKES)
def test_an_applied_exercise_is_a_constructed_scenario_set_whose_rows_cite_their_source(check_id):
    """Not a look-up: its answer is a set of scenarios, labelled as constructed, each citing data or a paper section."""
    doc = exercises.EXERCISES[check_id].expected.__code__.co_consts
    (name,) = [c for c in doc if isinstance(c, str) and c in scenarios.SETS]
    assert name in scenarios.MADE_UP and "Constructed for practice" in scenarios.show(name).html
    for row in scenarios.load(name).itertuples():
        assert re.search(r"§|\.csv|'[\w-]+'|cards|challenges|glossary|participants", row.basis), (name, row.id)
