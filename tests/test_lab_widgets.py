"""The labs on the static page: every state of each grid, its numbers, its label; the decision checks.

The numbers each state must show are recomputed here from the simulation (``labs.<lab>``), not
read from the view's own sentence; the browser tests (tests/browser/test_widgets.py) drive the
same widgets on the built pages.
"""

from __future__ import annotations

import html
import math
import re

import ipywidgets
import pytest

from mlops_book import exercises, lab_charts, lab_pages, lab_widgets
from mlops_book.interactives import interactive
from mlops_book.labs import alerts, drift, grid_points, rollout, validation

LABS = {"drift": drift, "alerts": alerts, "rollout": rollout, "validation": validation}


@pytest.fixture(scope="module", params=list(LABS))
def lab(request):
    """(name, simulation module, built widget, each state's HTML in state order)."""
    widget = getattr(lab_widgets, f"{request.param}_lab")()
    return request.param, LABS[request.param], widget, [v.value for v in widget.state_views]


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def expected_numbers(name, module, point) -> list[str]:
    """What a state must say, computed from the simulation itself."""
    result = module.grid_point(*point.values())
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
    assert [len(c.options) for c in widget.controls] == [len(v) for v in grid.values()]
    first = [o[0] for o in widget.controls[0].options]
    assert first == [f"{v:g}" if isinstance(v, float) else str(v) for v in next(iter(grid.values()))]


def test_each_state_shows_its_numbers_and_the_simulation_label(lab):
    name, module, _, views = lab
    for index, (point, view) in enumerate(zip(grid_points(module.grid()), views, strict=True)):
        shown = text(view)
        for number in expected_numbers(name, module, point):
            assert number in shown, f"{name} state {index} {point}: missing {number!r}"
        caption = re.search(r"<figcaption>(.*?)</figcaption>", view).group(1)
        assert lab_charts.SIMULATION_LABEL in text(caption), f"{name} state {index}: caption not labelled"
        alt = text(re.search(r'<svg class="mlops-chart-svg" role="img" aria-label="([^"]*)"', view).group(1))
        assert "simulation, synthetic data" in alt and all(n in alt for n in expected_numbers(name, module, point))


def test_states_differ_and_charts_stay_light(lab):
    name, _, _, views = lab
    assert len(set(views)) == len(views), f"{name}: two states show the same view"
    for view in views:
        assert len(view) < 40_000, f"{name}: a state's view is {len(view)} bytes"


def test_default_state_is_the_studys(lab):
    name, module, widget, _ = lab
    default = lab_widgets.default_state(name)
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


def test_grid_explorer_rejects_a_bad_grid():
    a, b = ipywidgets.ToggleButtons(options=["x", "x"]), ipywidgets.ToggleButtons(options=["1"])
    with pytest.raises(ValueError, match="labels repeat"):
        lab_widgets.GridExplorer("demo", "Demo", (a, b), ["<p>1</p>", "<p>2</p>"], (0, 0))
    a = ipywidgets.ToggleButtons(options=["x", "y"])
    with pytest.raises(ValueError, match="outside the 2 × 1 grid"):
        lab_widgets.GridExplorer("demo", "Demo", (a, b), ["<p>1</p>", "<p>2</p>"], (0, 1))


# --- Decisions: the checks accept the solution and say why a wrong answer is wrong ------------

CHECKS = {
    "lab-drift-cheapest-cadence": (drift.solution(), [("Hourly", "costs"), ("Every few months", "below the target")]),
    "lab-drift-no-delay": (drift.solution(label_delay_days=0), [("Daily", "costs")]),
    "lab-alerts-budget": (alerts.solution(), [((8.0, "static"), "misses incident"), ((2.5, "static"), "pages"),
                                              ("4", "give two values")]),
    "lab-rollout-plan": (rollout.solution(), [(("100%", 7), "over the limit of 20,000"),
                                              (("shadow → 1% → 10% → 100%", 28), "budget of 30")]),
    "lab-validation-checks": (validation.solution(), [(("schema, range", "middle"), "misses the corrupted"),
                                                      (("schema, range, missing, distribution", "strictest"),
                                                       "false alarms")]),
}


@pytest.mark.parametrize("exercise_id", list(CHECKS))
def test_check_accepts_the_solution_and_explains_wrong_answers(exercise_id):
    solution, wrong = CHECKS[exercise_id]
    assert solution is not None and exercises.check(exercise_id, solution).correct
    assert exercises.expected(exercise_id) == solution
    for answer, reason in wrong:
        feedback = exercises.check(exercise_id, answer)
        assert not feedback.correct and reason.lower() in feedback.message.lower(), (answer, feedback.message)
    assert exercises.check(exercise_id, None).state == "prompt", "a placeholder gets the neutral prompt"


# --- The live labs (for a running kernel) -------------------------------------------------


@pytest.mark.parametrize("name", list(LABS))
def test_live_lab_opens_every_parameter_and_runs(name):
    live = lab_pages.live(name)
    opened = {c.description.replace(" ", "_") for c in live.kwargs_widgets}
    simulate = LABS[name].simulate.__code__.co_varnames[: LABS[name].simulate.__code__.co_argcount]
    assert "seed" in opened and len(opened) >= 6, opened
    assert opened - {"label_delay_weeks", "checks", "strictness"} <= set(simulate) | {"rule"}
    next(c for c in live.kwargs_widgets if c.description == "seed").value = 7
    live.update()  # what "Run the simulation" does
    assert lab_charts.SIMULATION_LABEL in text(live.result.data)
    state = lab_charts.LABS[name][1](*lab_widgets.default_state(name).values(), seed=7)
    assert live.result.data == str(lab_widgets.state_view(state)), "the live lab passes its parameters on"


def test_evidence_comes_from_the_data():
    html = lab_pages.evidence(["p14-daily-retraining"], ["label-delay-weeks"]).html
    assert "P14" in html and "weeks: how late ground-truth labels sometimes arrive" in html
    assert "not simulated" in html
