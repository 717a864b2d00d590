"""The labs' simulations: known answers, determinism, the study's defaults read from data/, the exercise checks.

Every number a test compares with is computed here from the simulation's own rules or from
data/, never copied from a run.
"""

from __future__ import annotations

import importlib
import inspect
import itertools

import numpy as np
import pandas as pd
import pytest

from mlops_book import data, labs
from mlops_book.labs import alerts, catalogue, drift, rollout, validation
from support import read_rows, write_rows

#: Each lab's simulation module, from the catalogue.
LABS = tuple(lab.simulation for lab in catalogue.LABS)


#: The cached runs the static page and the decisions share: they call simulate, which the reruns here test.
SHARED_RUNS = ("grid_point", "_grid_point", "_run")


def clear_caches(*modules):
    """Forget every cached stream, model and measurement, so a rerun of ``simulate`` really recomputes."""
    for module in modules or LABS:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if hasattr(function, "cache_clear") and name not in SHARED_RUNS:
                function.cache_clear()


@pytest.fixture
def lab_data(data_copy):
    """The shared private copy of data/ (tests/conftest.py); edit(name, change) rewrites one file's rows."""

    def edit(name, change):
        path = data_copy / f"{name}.csv"
        write_rows(path, change(read_rows(path)))
        data.clear_cache()

    return edit


def with_row(rows, **cells):
    """``rows`` (the header first) and one more row, given as column=value; other columns stay empty."""
    return [*rows, [cells.get(column, "") for column in rows[0]]]


def set_figure(rows, figure_id, column, value):
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("id")] == figure_id:
            row[header.index(column)] = value
    return rows


# --- Every lab has the same shape ---------------------------------------------------------------


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.__name__)
def test_each_lab_says_it_is_a_simulation(lab):
    first_lines = "\n".join(lab.__doc__.splitlines()[:3])
    assert "simulated" in first_lines and "Synthetic data, not the study's" in first_lines
    result_class = inspect.signature(lab.simulate).return_annotation
    assert "synthetic" in getattr(lab, result_class).__doc__.splitlines()[0]


def test_the_package_says_what_it_is():
    assert "simulations" in labs.__doc__.splitlines()[0]
    assert all(importlib.import_module(f"mlops_book.labs.{lab.__name__.split('.')[-1]}") for lab in LABS)


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.__name__)
def test_each_grid_has_two_controls_of_four_to_seven_positions(lab):
    grid = lab.grid()
    assert len(grid) == 2
    for positions in grid.values():
        assert 4 <= len(positions) <= 7 and len(set(positions)) == len(positions)


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.__name__)
def test_every_parameter_of_simulate_has_a_default(lab):
    for parameter in inspect.signature(lab.simulate).parameters.values():
        assert parameter.default is not inspect.Parameter.empty, parameter.name


def test_every_state_of_every_grid_computes_in_well_under_ten_seconds_of_cpu():
    """Each grid is simulated once a process (``Lab.grid_states``), which records the CPU it took;
    here the first test to ask for it, or an earlier one, ran it."""
    grids = {lab.name: lab.grid_states() for lab in catalogue.LABS}
    for lab in catalogue.LABS:
        assert len(grids[lab.name].states) == np.prod([len(p) for p in lab.grid().values()])
        assert list(grids[lab.name].states) == [tuple(point.values()) for point in labs.grid_points(lab.grid())]
    spent = sum(grid.cpu_seconds for grid in grids.values())
    assert spent < 8, f"the four grids took {spent:.1f} s of CPU"


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.__name__)
def test_the_solution_passes_the_check(lab):
    answer = lab.solution()
    assert answer is not None
    verdict = lab.check(*answer) if isinstance(answer, tuple) else lab.check(answer)
    assert verdict.correct and verdict.failures == (), verdict


# --- Lab 1: drift and retraining cadence ---------------------------------------------------------


def weekly_means(result):
    return result.days["accuracy"].groupby(result.days["day"] // 7).mean()


def test_no_drift_means_no_decay():
    for cadence in drift.study_cadences():
        result = drift.simulate(cadence=cadence, drift_degrees_per_week=0, shift_day=None)
        weeks = weekly_means(result)
        assert abs(weeks.iloc[-4:].mean() - weeks.iloc[:4].mean()) < 0.02, cadence
        assert weeks.min() > 0.9 - 0.05  # the best possible is 1 - noise (0.95); sampling costs little


def test_drift_decays_a_model_that_is_rarely_retrained():
    result = drift.simulate(cadence="Every few months", shift_day=None, drift_degrees_per_week=4)
    weeks = weekly_means(result)
    retrain_week = result.days.loc[result.days["retrained"], "day"].iloc[0] // 7
    assert weeks.iloc[retrain_week - 1] < weeks.iloc[0] - 0.1


def test_a_sudden_shift_drops_accuracy_until_a_retrain_sees_it():
    result = drift.simulate(cadence="Monthly", drift_degrees_per_week=0, shift_day=98, shift_degrees=60)
    before = result.days.query("91 <= day < 98")["accuracy"].mean()
    after = result.days.query("98 <= day < 105")["accuracy"].mean()
    assert after < before - 0.2


def test_what_the_team_sees_is_the_truth_late_by_the_label_delay():
    for delay in (0, 5, 14):
        days = drift.simulate(label_delay_days=delay).days
        assert days["seen_accuracy"].iloc[:delay].isna().all()
        pd.testing.assert_series_equal(days["seen_accuracy"].iloc[delay:].reset_index(drop=True),
                                       days["accuracy"].iloc[: len(days) - delay].reset_index(drop=True),
                                       check_names=False)


def test_label_delay_hides_decay_and_costs_accuracy():
    runs = {delay: drift.simulate(cadence="Weekly", label_delay_days=delay) for delay in (0, 14, 56)}
    assert runs[0].hidden_days == 0  # without delay, what is seen is what is true
    assert 0 < runs[14].hidden_days < runs[56].hidden_days
    assert runs[0].mean_accuracy > runs[14].mean_accuracy > runs[56].mean_accuracy


def test_retrains_follow_the_cadence_and_hourly_costs_24_times_daily():
    horizon = 182
    for cadence, days in drift.CADENCE_DAYS.items():
        period = round(days * 24)
        expected = len(range(period, horizon * 24, period))
        assert drift.simulate(cadence=cadence, horizon_days=horizon).retrains == expected, cadence
    hourly, daily = drift.simulate(cadence="Hourly"), drift.simulate(cadence="Daily")
    assert hourly.cost == pytest.approx(24 * daily.cost, abs=24)
    pd.testing.assert_series_equal(hourly.days["accuracy"], daily.days["accuracy"])  # same labels to learn from


def test_a_drift_detector_cannot_retrain_before_the_labels_come_back():
    for delay in (0, 14, 28):
        result = drift.simulate(cadence=drift.ON_DRIFT, label_delay_days=delay, drift_degrees_per_week=0,
                                shift_day=98)
        retrains = result.days.loc[result.days["retrained"], "day"].tolist()
        assert retrains and retrains[0] >= 98 + delay + 1, (delay, retrains)
    quiet = drift.simulate(cadence=drift.ON_DRIFT, drift_degrees_per_week=0, shift_day=None)
    assert quiet.retrains <= 1


def test_drift_is_deterministic_per_seed():
    first = drift.simulate(seed=3).days
    clear_caches(drift)
    pd.testing.assert_frame_equal(first, drift.simulate(seed=3).days)
    assert not first["accuracy"].equals(drift.simulate(seed=4).days["accuracy"])


def test_drift_reads_the_study_label_delay_and_cadences_from_data(lab_data):
    lab_data("headline_figures", lambda rows: set_figure(rows, "label-delay-weeks", "low", "3"))
    assert drift.simulate().label_delay_days == 21
    assert 3 in drift.grid()["label_delay_weeks"]
    lab_data("retraining", lambda rows: with_row(rows, position="6", cadence="Yearly", section="findings",
                                                 paper_section="", paper_support="not-in-paper",
                                                 paper_note="A probe."))
    with pytest.raises(ValueError, match=r"retraining\.csv.*Yearly"):
        drift.grid()


def test_the_cadence_check_says_why():
    runs = {c: drift.simulate(cadence=c) for c in drift.study_cadences()}
    best = drift.solution()
    for cadence, run in runs.items():
        verdict = drift.check(cadence)
        if run.mean_accuracy < 0.85:
            assert verdict.failures == ("below-target",) and f"{run.mean_accuracy:.3f}" in verdict.reason
        elif cadence != best:
            # told that a cheaper cadence exists, not which: the check gives no answer away
            assert verdict.failures == ("too-costly",) and best not in verdict.reason
            assert "a cheaper cadence" in verdict.reason
    assert drift.check("Fortnightly").failures == ("unknown",)
    assert drift.solution(target=0.99) is None  # nothing beats the label noise


# --- Lab 2: alert fatigue -------------------------------------------------------------------------


def test_a_threshold_above_every_value_raises_no_alert():
    for rule in ("static", "adaptive"):
        result = alerts.simulate(threshold=1e9, rule=rule)
        assert result.pages.empty and result.missed == list(result.incidents["incident"])


def test_week_one_only_sets_the_baselines():
    result = alerts.simulate(threshold=2.5, weeks=5)
    assert len(result.pages) > 0 and (result.pages["start_hour"] >= alerts.WEEK).all()
    assert (result.incidents["start_hour"] >= alerts.WEEK).all()
    assert result.weekly()["week"].tolist() == [2, 3, 4, 5] and result.weeks == 4


def test_a_threshold_near_zero_misses_no_incident():
    for rule in ("static", "adaptive"):
        assert alerts.simulate(threshold=0.01, rule=rule).missed == []


def test_an_incident_shorter_than_the_sustain_window_is_never_caught():
    two_hours = {"threshold": 10, "incident_size": (20, 20), "incident_hours": (2, 2), "bursts_per_week": 0}
    assert alerts.simulate(sustain_hours=1, **two_hours).missed == []
    result = alerts.simulate(sustain_hours=3, **two_hours)
    assert result.missed == list(result.incidents["incident"])


def test_without_incidents_every_page_is_a_false_alarm():
    result = alerts.simulate(threshold=3.0, n_incidents=0)
    assert len(result.pages) > 0 and (result.pages["incident"] == 0).all() and result.missed == []


def test_a_lower_threshold_fires_for_at_least_as_many_hours():
    hours = [(alerts.simulate(threshold=t).pages.eval("end_hour - start_hour")).sum() for t in (2.5, 4.0, 6.0)]
    assert hours[0] >= hours[1] >= hours[2]


def test_a_static_baseline_pages_more_as_metrics_wander_and_an_adaptive_one_does_not():
    static = alerts.simulate(threshold=4.0, rule="static", wander=0.08, bursts_per_week=0, n_incidents=0).weekly()
    adaptive = alerts.simulate(threshold=4.0, rule="adaptive", wander=0.08, bursts_per_week=0,
                               n_incidents=0).weekly()
    assert static["false"].iloc[-1] > 2 * static["false"].iloc[0]
    assert adaptive["false"].iloc[-1] < static["false"].iloc[-1]


def test_incidents_are_numbered_by_start_and_drawn_from_their_ranges():
    incidents = alerts.simulate(n_incidents=6, incident_size=(3, 5), incident_hours=(4, 10)).incidents
    assert incidents["incident"].tolist() == list(range(1, 7))
    assert incidents["start_hour"].is_monotonic_increasing
    assert incidents["size"].between(3, 5).all() and incidents["hours"].between(4, 10).all()


def test_alerts_are_deterministic_per_seed():
    first = alerts.simulate(seed=5)
    clear_caches(alerts)
    pd.testing.assert_frame_equal(first.pages, alerts.simulate(seed=5).pages)
    assert not first.incidents.equals(alerts.simulate(seed=6).incidents)


def test_the_alerting_check_names_the_missed_incidents_and_the_page_budget():
    quiet = alerts.grid_point(8.0, "static")
    verdict = alerts.check(8.0, "static")
    assert verdict.failures[: len(quiet.missed)] == tuple(f"misses-incident-{n}" for n in quiet.missed)
    for n in quiet.missed:
        assert f"misses incident {n}" in verdict.reason
    noisy = alerts.grid_point(2.5, "static")
    assert noisy.pages_per_week > 4 and "too-many-pages" in alerts.check(2.5, "static").failures
    assert alerts.check(3.0, "sometimes").failures == ("unknown",)


# --- Lab 3: staged rollout -----------------------------------------------------------------------


def test_a_100_percent_first_stage_exposes_everyone_until_the_bug_is_caught():
    for bug in rollout.study_bugs():
        result = rollout.simulate(plan="100%", bug=bug)
        days = result.caught_day or len(result.days)
        assert result.exposed == result.users_per_day * days, bug


def test_a_shadow_stage_longer_than_the_label_delay_exposes_nobody():
    delay = 7 * labs.study_label_delay_weeks()
    for bug in ("Accidentally flipping labels", "Half the keys missing in a JSON feature column"):
        result = rollout.simulate(plan="shadow → 100%", stage_days=delay + 7, bug=bug)
        assert result.caught_day is not None and result.exposed == 0


def test_nothing_is_caught_before_the_labels_come_back():
    for delay in (0, 3, 14):
        for plan in rollout.grid()["plan"]:
            result = rollout.simulate(plan=plan, bug="Accidentally flipping labels", label_delay_days=delay)
            assert result.caught_day is not None and result.caught_day > delay, (plan, delay)


def test_a_clean_candidate_is_not_rolled_back():
    for seed in range(4):
        assert rollout.simulate(plan="shadow → 1% → 10% → 100%", bug=None, seed=seed).caught_day is None


def test_every_study_bug_is_really_in_the_candidate():
    current, _ = rollout._error_rates(0, None)
    for bug in rollout.study_bugs():
        _, candidate = rollout._error_rates(0, bug)
        assert candidate > current, bug
    assert rollout._error_rates(0, "Accidentally flipping labels")[1] > 0.4


def test_days_to_full_rollout_count_every_stage_before_100_percent():
    for plan in rollout.grid()["plan"]:
        stages = len(rollout.parse_plan(plan))
        assert rollout.simulate(plan=plan, stage_days=5).days_to_full == 5 * (stages - 1)


def test_a_bad_plan_or_bug_is_refused_with_its_reason():
    with pytest.raises(ValueError, match="must end at 100%"):
        rollout.parse_plan("1% → 10%")
    with pytest.raises(ValueError, match="'soon'"):
        rollout.parse_plan("shadow → soon → 100%")
    with pytest.raises(ValueError, match="bug 'Typos'"):
        rollout.simulate(bug="Typos")


def test_rollout_is_deterministic_per_seed():
    first = rollout.simulate(seed=2)
    clear_caches(rollout)
    pd.testing.assert_frame_equal(first.days, rollout.simulate(seed=2).days)
    assert first.error_rates != rollout.simulate(seed=3).error_rates


def test_rollout_reads_the_study_plan_and_bugs_from_data(lab_data):
    lab_data("headline_figures", lambda rows: set_figure(rows, "rollout-steps", "value", "5% → 50% → 100%"))
    assert "5% → 50% → 100%" in rollout.grid()["plan"]
    lab_data("bugs", lambda rows: with_row(rows, bug="Leaking the test set", participant="P1", section="challenges",
                                           paper_section="5.1.3", paper_support="supported"))
    with pytest.raises(ValueError, match=r"bugs\.csv.*Leaking the test set"):
        rollout.study_bugs()


def test_the_plan_check_says_why():
    big_bang = rollout.grid_point("100%", 7)
    verdict = rollout.check("100%", 7, max_exposed=big_bang.exposed - 1)
    assert verdict.failures == ("too-many-exposed",) and f"{big_bang.exposed:,}" in verdict.reason
    slow = rollout.grid_point("shadow → 1% → 10% → 100%", 28)
    assert rollout.check("shadow → 1% → 10% → 100%", 28, max_days=slow.days_to_full - 1).failures[-1] == "too-slow"
    assert rollout.check("half → 100%", 7).failures == ("unknown",)


# --- Lab 4: data validation ----------------------------------------------------------------------


def test_a_check_that_is_off_catches_nothing():
    assert validation.simulate(checks=()).summary()["missed"] == list(validation.PROBLEMS)
    for off in validation.CHECKS:
        on = [c for c in validation.CHECKS if c != off]
        result = validation.simulate(checks=on)
        assert off not in result.catches().columns and set(result.checks) == set(on)


def test_each_problem_is_caught_by_the_check_made_for_it():
    catches = validation.simulate(alpha=1e-6).catches()
    assert catches.loc["schema violation", "schema"]
    assert catches.loc["negative ages", "range"]
    assert catches.loc["half the JSON keys missing", "missing"]
    assert catches.loc["corrupted imputation value", "distribution"]
    assert catches.loc["drift", "distribution"]
    assert not catches.loc["negative ages", "schema"] and not catches.loc["drift", "range"]


def test_schema_and_range_checks_never_alarm_on_clean_days():
    for strictness in validation.THRESHOLDS:
        false = validation.grid_point("schema, range, missing, distribution", strictness).false_alarms
        assert false["schema"] == 0 and false["range"] == 0


def test_stricter_thresholds_alarm_on_a_superset_of_days():
    runs = [validation.grid_point("schema, range, missing, distribution", s) for s in validation.THRESHOLDS]
    for looser, stricter in itertools.pairwise(runs):
        columns = list(validation.CHECKS)
        assert (stricter.alarms[columns] >= looser.alarms[columns]).all().all()


def test_without_drift_the_distribution_test_does_not_see_any():
    result = validation.simulate(checks=("distribution",), alpha=1e-6, drift_years=0, weekend_years=0)
    assert not result.catches().loc["drift", "distribution"]


def test_weekends_are_the_distribution_tests_false_alarms():
    strict = validation.simulate(checks=("distribution",), alpha=0.05)
    flat = validation.simulate(checks=("distribution",), alpha=0.05, weekend_years=0)
    assert strict.false_alarms["distribution"] > flat.false_alarms["distribution"]


def test_validation_is_deterministic_per_seed():
    first = validation.simulate(seed=1).alarms
    clear_caches(validation)
    pd.testing.assert_frame_equal(first, validation.simulate(seed=1).alarms)
    p_values = validation._measurements(1, 28, 500, 6.0, 3.0)["p_age"]
    assert not p_values.equals(validation._measurements(2, 28, 500, 6.0, 3.0)["p_age"])


def test_the_validation_check_says_why():
    verdict = validation.check("schema, range", "middle")
    missed = validation.grid_point("schema, range", "middle").summary()["missed"]
    assert verdict.failures == tuple(f"misses-{p.replace(' ', '-')}" for p in missed)
    assert "misses the corrupted imputation value" in verdict.reason.lower()
    noisy = validation.grid_point("schema, range, missing, distribution", "strictest")
    verdict = validation.check("schema, range, missing, distribution", "strictest")
    assert verdict.failures[-1] == "too-many-false-alarms"
    assert str(noisy.summary()["false_alarms"]) in verdict.reason
    assert validation.check("schema, spelling", "middle").failures == ("unknown",)
