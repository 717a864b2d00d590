"""The labs on the static page: every state of each grid, its numbers, its label; the decision checks.

Which labs there are comes from the catalogue (``mlops_book.labs.catalogue``). The numbers each
state must show are computed here from the simulation's result (``labs.<lab>``), not read from the
view's own sentence; the browser tests (tests/browser/test_widgets.py) drive the same widgets on
the built pages. Each grid is simulated once a process (``Lab.grid_states``).
"""

from __future__ import annotations

import html
import inspect
import math
import re

import ipywidgets
import pytest

from mlops_book import exercises, landing, widgets
from mlops_book.interactives import interactive
from mlops_book.labs import alerts, catalogue, drift, grid_points, pages, rollout, validation
from mlops_book.labs.charts import SIMULATION_LABEL
from mlops_book.labs.widgets import explorer

LABS = catalogue.LABS


@pytest.fixture(scope="module", params=LABS, ids=lambda lab: lab.name)
def lab(request):
    """(name, simulation module, built widget, each state's HTML in state order)."""
    widget = explorer(request.param.name)
    return request.param.name, request.param.simulation, widget, [v.value for v in widget.state_views]


def result_of(name, point):
    """The simulation's result for one state of a lab's grid (simulated once, with the whole grid)."""
    return catalogue.lab(name).grid_states().states[tuple(point.values())].result


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def expected_numbers(name, point) -> list[str]:
    """What a state must say, computed from the simulation's result."""
    result = result_of(name, point)
    if name == "drift":
        s = result.summary()
        return [f"{s['retrains']:,} retrain", f"mean accuracy {s['mean_accuracy']:.3f}",
                f"{s['days_below_target']} of {len(result.days)} days below", f"{s['hidden_days']} of them not yet"]
    if name == "alerts":
        s = result.summary()
        missed = [str(n) for n in s["missed"]]
        if not missed:
            said = "all 4 incidents caught"
        elif len(missed) == 4:
            said = "missed all 4 incidents"
        else:
            listed = f"s {', '.join(missed[:-1])} and {missed[-1]}" if len(missed) > 1 else f" {missed[0]}"
            said = f"missed incident{listed} of 4"
        pages = [f"{s['pages']:,} page", f"{s['real_pages']} of them real"] if s["pages"] else ["no pages"]
        return [*pages, said]
    if name == "rollout":
        caught = f"caught on day {result.caught_day}" if result.caught_day else "never caught"
        full = {0: "at once", 1: "after 1 day"}.get(result.days_to_full, f"after {result.days_to_full} days")
        exposed = f"meets {result.exposed:,} users" if result.exposed else "meets nobody"
        return [exposed, caught, full]
    s = result.summary()
    return [f"missed: {', '.join(s['missed']) or 'nothing'}", f"{s['false_alarms']} false alarm"]


def test_grid_has_one_state_per_combination(lab):
    name, module, widget, views = lab
    grid = module.grid()
    assert len(views) == math.prod(len(v) for v in grid.values()) == len(interactive(f"{name}_lab").states())
    assert widget.controls[0].description == catalogue.lab(name).controls[0].description
    assert [len(c.options) for c in widget.controls] == [len(v) for v in grid.values()]
    first = [o[0] for o in widget.controls[0].options]
    assert first == [f"{v:g}" if isinstance(v, float) else str(v) for v in next(iter(grid.values()))]


def test_each_state_shows_its_numbers_and_the_simulation_label(lab):
    name, module, _, views = lab
    for index, (point, view) in enumerate(zip(grid_points(module.grid()), views, strict=True)):
        shown = text(view)
        lab_record = catalogue.lab(name)
        said = [c.label(v) for c, v in zip(lab_record.controls, point.values(), strict=True)]
        assert all(label in shown for label in said), f"{name} state {index}: does not say it is {said}"
        for number in expected_numbers(name, point):
            assert number in shown, f"{name} state {index} {point}: missing {number!r}"
        caption = re.search(r"<figcaption>(.*?)</figcaption>", view).group(1)
        assert SIMULATION_LABEL in text(caption), f"{name} state {index}: caption not labelled"
        alt = text(re.search(r'<svg class="mlops-chart-svg" role="img" aria-label="([^"]*)"', view).group(1))
        assert "simulation, synthetic data" in alt and all(n in alt for n in expected_numbers(name, point))


def test_states_differ_and_charts_stay_light(lab):
    name, _, _, views = lab
    assert len(set(views)) == len(views), f"{name}: two states show the same view"
    for view in views:
        assert len(view) < 40_000, f"{name}: a state's view is {len(view)} bytes"


def test_default_state_is_the_studys(lab):
    name, module, widget, _ = lab
    default = catalogue.lab(name).default_state()
    values = [list(v)[c.index] for v, c in zip(module.grid().values(), widget.controls, strict=True)]
    assert values == list(default.values())
    assert widget.views.selected_index == widget.controls[0].index
    if name == "drift":
        assert default["label_delay_weeks"] == drift.study_label_delay_weeks()
    if name == "rollout":
        assert default["plan"] == rollout.study_plan()


def test_the_lab_says_it_is_a_simulation_above_its_controls(lab):
    _, _, widget, _ = lab
    head = widget.children[0].value
    assert "Simulation:" in head and "not the study" in text(head)


def test_an_explorer_over_two_controls_rejects_a_bad_grid():
    a, b = ipywidgets.ToggleButtons(options=["x", "x"]), ipywidgets.ToggleButtons(options=["1"])
    with pytest.raises(ValueError, match="labels repeat"):
        widgets.Explorer("demo", "Demo", (a, b), ["<p>1</p>", "<p>2</p>"], (0, 0))
    a = ipywidgets.ToggleButtons(options=["x", "y"])
    with pytest.raises(ValueError, match="outside the 2 × 1 control positions"):
        widgets.Explorer("demo", "Demo", (a, b), ["<p>1</p>", "<p>2</p>"], (0, 1))
    with pytest.raises(ValueError, match="2 × 1 control positions but 3 views"):
        widgets.Explorer("demo", "Demo", (a, b), ["<p>1</p>", "<p>2</p>", "<p>3</p>"], (0, 0))


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.name)
def test_a_lab_chart_has_the_same_bytes_each_time_it_is_drawn(lab):
    """The grid's states are drawn once a process, so two builds of a lab share them: here one
    state's chart is drawn twice (no date, no random ids in the SVG)."""
    state = next(iter(lab.grid_states().states.values()))
    assert state.draw().svg() == state.draw().svg()
    assert state.draw()._repr_html_() == state.chart._repr_html_()


def test_each_lab_is_one_record_one_simulation_and_one_chapter(root):
    """The catalogue is the one list of labs: each record names a simulation module of its own, a
    chapter that exists and builds it, and controls for each parameter of its grid."""
    assert len({lab.name for lab in LABS}) == len(LABS)
    assert [lab.chapter for lab in LABS] == [page.path for page in landing.lab_pages(root)], "the toc's Labs part"
    for lab in LABS:
        assert lab.simulation.__name__ == f"mlops_book.labs.{lab.name}"
        assert (root / f"{lab.chapter}.md").exists(), lab.chapter
        assert len(lab.controls) == len(lab.grid()) == 2
        assert set(lab.default_state()) == set(lab.grid())
        assert set(lab.live_ranges()) - {"label_delay_weeks", "checks", "strictness", "rule"} <= set(
            inspect.signature(lab.simulation.simulate).parameters)
    with pytest.raises(KeyError, match="no lab 'drfit'; the labs are: drift, alerts"):
        catalogue.lab("drfit")
    with pytest.raises(ValueError, match="kind must be one of"):
        catalogue.Control("knob", "Threshold")


# --- Decisions: the checks accept the solution and say why a wrong answer is wrong ------------

#: Per checked lab exercise: how to get the solution (called when the test runs, not when it is
#: collected: each simulates), and wrong answers with a word of what the check must say.
CHECKS = {
    "lab-drift-cheapest-cadence": (drift.solution, [("Hourly", "costs"), ("Every few months", "below the target")]),
    "lab-drift-no-delay": (lambda: drift.solution(label_delay_days=0), [("Daily", "costs")]),
    "lab-alerts-budget": (alerts.solution, [((8.0, "static"), "misses incident"), ((2.5, "static"), "pages"),
                                              ("4", "give two values")]),
    "lab-rollout-plan": (rollout.solution, [(("100%", 7), "over the limit of 20,000"),
                                              (("shadow → 1% → 10% → 100%", 28), "budget of 30")]),
    "lab-validation-checks": (validation.solution, [(("schema, range", "middle"), "misses the corrupted"),
                                                      (("schema, range, missing, distribution", "strictest"),
                                                       "false alarms")]),
}


@pytest.mark.parametrize("exercise_id", list(CHECKS))
def test_check_accepts_the_solution_and_explains_wrong_answers(exercise_id):
    solve, wrong = CHECKS[exercise_id]
    solution = solve()
    assert solution is not None and exercises.check(exercise_id, solution).correct
    assert exercises.expected(exercise_id) == solution
    for answer, reason in wrong:
        feedback = exercises.check(exercise_id, answer)
        assert not feedback.correct and reason.lower() in feedback.message.lower(), (answer, feedback.message)
    assert exercises.check(exercise_id, None).state == "prompt", "a placeholder gets the neutral prompt"


# --- The live labs (for a running kernel) -------------------------------------------------


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.name)
def test_live_lab_opens_every_parameter_and_runs(lab):
    name, module = lab.name, lab.simulation
    live = pages.live(name)
    opened = {c.description.replace(" ", "_") for c in live.kwargs_widgets}
    simulate = module.simulate.__code__.co_varnames[: module.simulate.__code__.co_argcount]
    assert "seed" in opened and len(opened) >= 6, opened
    assert opened - {"label_delay_weeks", "checks", "strictness"} <= set(simulate) | {"rule"}
    next(c for c in live.kwargs_widgets if c.description == "seed").value = 7
    live.update()  # what "Run the simulation" does
    assert SIMULATION_LABEL in text(live.result.data)
    state = lab.state(*lab.default_state().values(), seed=7)
    assert live.result.data == str(state.html), "the live lab passes its parameters on"


def test_evidence_comes_from_the_data():
    html = pages.evidence(["p14-daily-retraining"], ["label-delay-weeks"]).html
    assert "P14" in html and "weeks: how late ground-truth labels sometimes arrive" in html
    assert "not simulated" in html


# --- Decisions on the page: the same check, with no kernel -------------------------------------

#: The lab exercises a learner answers with a check (a judge), by id.
DECISIONS = [i for i, entry in exercises.EXERCISES.items() if entry.judge is not None]


def offered_answers(exercise_id) -> list:
    """Every answer the page offers for a decision, in the order of its views."""
    points = grid_points(exercises.EXERCISES[exercise_id].choices.values())
    return [tuple(p.values()) if len(p) > 1 else next(iter(p.values())) for p in points]


def test_every_decision_is_offered_on_its_lab_page_too(root):
    assert set(DECISIONS) == set(CHECKS), "a new decision: add it to CHECKS above"
    for exercise_id in DECISIONS:
        choices = exercises.EXERCISES[exercise_id].choices
        assert choices is not None, f"{exercise_id}: the static page cannot check it (no choices)"
        page = (root / f"{catalogue.lab(choices.lab).chapter}.md").read_text(encoding="utf-8")
        assert page.count(f'exercises.on_page("{exercise_id}")') == 1, f"{exercise_id}: not on its lab's page"


@pytest.mark.parametrize("exercise_id", DECISIONS)
def test_the_page_shows_the_checks_own_verdict_for_every_answer(exercise_id):
    pick = exercises.on_page(exercise_id)
    answers_offered = offered_answers(exercise_id)
    assert [v.value for v in pick.state_views] == [exercises.check(exercise_id, a)._repr_html_()
                                                  for a in answers_offered]
    assert exercises.expected(exercise_id) in answers_offered, "the page must offer the right answer"
    # it opens on no answer: no verdict shows (and no right answer) until the reader chooses
    assert pick.state_index is None and any(c.index is None for c in pick.controls)
    for control, values in zip(pick.controls, exercises.EXERCISES[exercise_id].choices.values().values(),
                               strict=True):
        assert len(control.options) == len(values)


def _named(name: str, message: str) -> bool:
    """Does ``message`` name the setting ``name`` as a phrase of its own?"""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", message) is not None


@pytest.mark.parametrize("exercise_id", DECISIONS)
def test_no_wrong_verdict_gives_the_answer_away(exercise_id):
    """A wrong answer's verdict names only what the learner chose, never another setting (e.g. the cheaper one).

    Settings are looked for by name where a name is distinctive (has a letter or an arrow: "Daily",
    "adaptive", "10% → 100%"); numbers stand for many things in a message.
    """
    choices = exercises.EXERCISES[exercise_id].choices
    values = choices.values()
    # what a lab calls its problems ("the schema violation") is no setting of its checks ("schema")
    problems = list(getattr(catalogue.lab(choices.lab).simulation, "PROBLEMS", {}))
    for answer in offered_answers(exercise_id):
        feedback = exercises.check(exercise_id, answer)
        if feedback.correct:
            continue
        chosen = answer if isinstance(answer, tuple) else (answer,)
        message = feedback.message
        own = {str(c) for c in chosen} | {part for c in chosen for part in str(c).split(", ")}  # "schema, range"
        for name in sorted(own, key=len, reverse=True) + problems:
            message = message.replace(name, " ")
        others = {str(v) for options in values.values() for v in options} - set(map(str, chosen))
        named = [o for o in others if re.search(r"[A-Za-z→]", o) and _named(o, message)]
        assert not named, f"{exercise_id} {answer!r}: the verdict names {named}: {feedback.message}"


#: An answer a lab page shows or suggests before its solution: an example of a wrong answer, or the
#: "e.g." in an exercise's text or its placeholder.
EXAMPLE = re.compile(r'exercises\.check\("(?P<id>lab-[\w-]+)", (?P<answer>(?!answer\)).+)\)\s*$'
                     r'|e\.g\.\s*`?(?P<eg>\([^)`]*\)|"[^"]*")`?', re.MULTILINE)


def test_no_example_on_a_lab_page_is_the_right_answer(root):
    for lab in LABS:
        page = (root / f"{lab.chapter}.md").read_text(encoding="utf-8")
        ids = [i for i in DECISIONS if exercises.EXERCISES[i].choices.lab == lab.name]
        examples = [(m["id"], m["answer"]) if m["id"] else (None, m["eg"]) for m in EXAMPLE.finditer(page)]
        assert examples, f"{lab.name}: the pattern finds no example (has the page changed form?)"
        for exercise_id, source in examples:
            answer = eval(source, {"__builtins__": {}, "rollout": rollout, "drift": drift})  # the page's own code
            for checked in [exercise_id] if exercise_id else ids:
                assert not exercises.check(checked, answer).correct, (
                    f"{lab.chapter}: the example {source} is a right answer to {checked}")
