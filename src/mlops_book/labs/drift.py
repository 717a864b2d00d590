"""Lab 1, drift and retraining cadence: a simulated model decays as its world drifts, unless retrained.

Synthetic data, not the study's: a made-up stream, day by day. Each day brings ``per_day``
examples with two features; the rule linking them to the label turns slowly (natural drift, in
degrees a week) and jumps once (a sudden shift). Labels arrive ``label_delay_days`` late (by
default one participant's delay: P7's "at least 2 weeks", read from ``data/headline_figures.csv``). A scikit-learn
logistic regression is retrained on a cadence (from ``data/retraining.csv``) on the
last ``window_days`` of labelled days, or whenever river's ADWIN detector, fed the errors as
their labels arrive, flags a change.

Time moves in whole days and labels arrive in daily batches, so a model retrained hourly learns
from the same labels as one retrained daily: it costs 24 times as much and, here, is no better.

>>> result = simulate(cadence="Weekly", seed=1)
>>> result.retrains  # on days 7, 14, ..., 175 of 182
25
>>> result.label_delay_days == 7 * study_label_delay_weeks()
True
>>> int(result.days["seen_accuracy"].isna().sum()) == result.label_delay_days  # nothing known yet
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from .. import answers, data, style
from . import Verdict, one_thread, study_label_delay_weeks
from .charts import SMALLEST_PT, LabChart, LabState, finish, new_figure, plural

#: How long each of the study's cadences (``data/retraining.csv``) is, in days: the simulation's
#: reading of the names, not a study number ("every few months" is taken as a quarter).
CADENCE_DAYS = {"Hourly": 1 / 24, "Daily": 1, "Weekly": 7, "Monthly": 30, "Every few months": 91}
#: Not a cadence: retrain when ADWIN (river) sees the error rate change.
ON_DRIFT = "On drift (ADWIN)"


def study_cadences() -> list[str]:
    """The retraining cadences, fastest first, from ``data/retraining.csv``.

    Hourly, daily and every few months are the paper's (§4.5.1); weekly and monthly are the explainer's.

    >>> study_cadences()[0]
    'Hourly'
    """
    names = data.load("retraining").sort_values("position")["cadence"].tolist()
    for name in names:
        if name not in CADENCE_DAYS:
            raise ValueError(f"data/retraining.csv: cadence {name!r} has no length in drift.CADENCE_DAYS")
    return names


def grid() -> dict[str, list]:
    """The static page's two controls: every cadence (and ADWIN), and label delays around P7's."""
    return {
        "cadence": study_cadences() + [ON_DRIFT],
        "label_delay_weeks": sorted({0, 1, 4, 8} | {study_label_delay_weeks()}),
    }


@cache
def grid_point(cadence: str, label_delay_weeks: int, **params) -> DriftResult:
    """One state of the static page; ``params`` go to :func:`simulate`.

    Cached: each state is simulated once a process, and callers share its result (never change it).
    """
    return simulate(cadence=cadence, label_delay_days=round(7 * label_delay_weeks), **params)


@dataclass(frozen=True)
class DriftResult:
    """What one run of the lab gives (synthetic).

    ``days`` has one row per day: ``day``, ``accuracy`` (the model's true accuracy that day),
    ``seen_accuracy`` (the newest accuracy the team can measure that day, with delayed labels:
    NaN while no label has come back) and ``retrained`` (a retrain started that day).
    """

    days: pd.DataFrame
    retrains: int
    cost: float
    label_delay_days: int
    target: float

    @property
    def mean_accuracy(self) -> float:
        return float(self.days["accuracy"].mean())

    @property
    def hidden_days(self) -> int:
        """Days the model was truly below target while what the team saw was not (yet)."""
        below = self.days["accuracy"] < self.target
        seen_below = self.days["seen_accuracy"] < self.target  # False where NaN
        return int((below & ~seen_below).sum())

    def summary(self) -> dict:
        """The key numbers, rounded for the page."""
        return {"retrains": self.retrains, "cost": round(self.cost, 2), "mean_accuracy": round(self.mean_accuracy, 3),
                "lowest_accuracy": round(float(self.days["accuracy"].min()), 3),
                "days_below_target": int((self.days["accuracy"] < self.target).sum()), "hidden_days": self.hidden_days}


@dataclass(frozen=True)
class _Stream:
    """The world the model lives in; hashable, so fitted models can be cached per stream."""

    seed: int
    horizon_days: int
    per_day: int
    window_days: int
    drift_degrees_per_week: float
    shift_day: int | None
    shift_degrees: float
    noise: float

    @property
    def first_day(self) -> int:
        return -self.window_days  # the first model learns from the days before day 0


def simulate(
    cadence: str | float = "Weekly",
    label_delay_days: int | None = None,
    seed: int = 0,
    horizon_days: int = 182,
    per_day: int = 100,
    window_days: int = 28,
    drift_degrees_per_week: float = 2.0,
    shift_day: int | None = 98,
    shift_degrees: float = 45.0,
    noise: float = 0.05,
    cost_per_retrain: float = 1.0,
    target: float = 0.85,
) -> DriftResult:
    """Run the simulated stream for ``horizon_days`` with a model retrained on ``cadence``.

    ``cadence`` is a name from :data:`CADENCE_DAYS`, :data:`ON_DRIFT`, or a number of days;
    ``label_delay_days`` defaults to P7's delay; ``shift_day=None`` means no sudden shift;
    ``noise`` is the share of labels flipped at random (so the best possible accuracy is
    ``1 - noise``); ``target`` is the accuracy the summary counts days against.

    >>> simulate(cadence="Daily", drift_degrees_per_week=0, shift_day=None).summary()["lowest_accuracy"] > 0.85
    True
    """
    if label_delay_days is None:
        label_delay_days = 7 * study_label_delay_weeks()
    if label_delay_days < 0 or horizon_days < 1 or per_day < 1 or window_days < 1:
        raise ValueError("label_delay_days must be >= 0; horizon_days, per_day and window_days >= 1")
    stream = _Stream(seed, horizon_days, per_day, window_days, drift_degrees_per_week, shift_day,
                     shift_degrees, noise)
    with one_thread():
        if cadence == ON_DRIFT:
            retrained, accuracy = _on_drift(stream, label_delay_days)
        else:
            ends, retrained = _calendar(_cadence_days(cadence), label_delay_days, horizon_days)
            windows = [(end - window_days, end) for end in ends]
            accuracy = 1 - _errors(stream, windows, range(horizon_days)).mean(axis=1)
    accuracy = np.asarray(accuracy)
    seen = np.full(horizon_days, np.nan)
    seen[label_delay_days:] = accuracy[: max(horizon_days - label_delay_days, 0)]
    days = pd.DataFrame({"day": np.arange(horizon_days), "accuracy": accuracy, "seen_accuracy": seen,
                         "retrained": retrained > 0})
    retrains = int(retrained.sum())
    return DriftResult(days, retrains, retrains * cost_per_retrain, label_delay_days, target)


def _cadence_days(cadence) -> float:
    days = CADENCE_DAYS.get(cadence, cadence)
    if isinstance(days, str) or not days > 0:
        raise ValueError(f"cadence {cadence!r}: use one of {', '.join(CADENCE_DAYS)}, {ON_DRIFT!r} or days > 0")
    return float(days)


def _calendar(cadence_days: float, delay: int, horizon: int) -> tuple[list[int], np.ndarray]:
    """For each day, the end (exclusive) of the labelled days its model learnt from; retrains per day.

    A retrain at time ``r`` (days) can learn only from days whose labels are back: days before
    ``ceil(r) - delay``. Times are counted in whole hours so that hourly cadences add up exactly.
    """
    period = max(round(cadence_days * 24), 1)
    ends, retrained = [], np.zeros(horizon, dtype=int)
    for day in range(horizon):
        last = (day * 24) // period * period  # the last retrain, in hours, at or before this day starts
        ends.append(max(math.ceil(last / 24) - delay, 0))
        first = max(1, -(-day * 24 // period))  # the first retrain (as a multiple of the period) this day
        retrained[day] = max(-(-(day + 1) * 24 // period) - first, 0)
    return ends, retrained


def _on_drift(stream: _Stream, delay: int):
    """Retrain the day after river's ADWIN flags a change in the errors of the model in production.

    ADWIN reads each error as its label comes back. After a flag on the labels of day ``k``, the
    new model learns from day ``k`` only (the days before may belong to the old world): it is
    ready the next morning, ``delay + 1`` days after day ``k`` was served.
    """
    from river.drift import ADWIN

    retrained, accuracy, errors = np.zeros(stream.horizon_days, dtype=int), [], {}
    window, since, detector, flagged = (-stream.window_days, 0), 0, ADWIN(), None
    for day in range(stream.horizon_days):
        if flagged is not None:
            window, since, detector, flagged = (flagged, flagged + 1), day, ADWIN(), None
            retrained[day] = 1
        errors[day] = _errors(stream, [window], [day])[0]
        accuracy.append(1 - errors[day].mean())
        labelled = day - delay  # this evening, the labels of that day come back
        if labelled >= since:
            for error in errors[labelled].tolist():
                detector.update(error)
                if detector.drift_detected:
                    flagged = labelled
                    break
    return retrained, accuracy


def _angle(stream: _Stream, days: np.ndarray) -> np.ndarray:
    angle = stream.drift_degrees_per_week * days / 7
    if stream.shift_day is not None:
        angle = angle + stream.shift_degrees * (days >= stream.shift_day)
    return np.radians(angle)


@lru_cache(maxsize=64)
def _examples(stream: _Stream) -> tuple[np.ndarray, np.ndarray]:
    """Every day's examples, ``x[day - first_day]`` and ``y[...]``.

    Each day draws from its own generator, keyed by the seed and the day alone, so changing the
    drift or the horizon changes the labels, never the draws behind them.
    """
    days = np.arange(stream.first_day, stream.horizon_days)
    draws = [np.random.default_rng([stream.seed, day + 2**20]) for day in days]
    x = np.stack([rng.normal(size=(stream.per_day, 2)) for rng in draws])
    flipped = np.stack([rng.random(stream.per_day) for rng in draws]) < stream.noise
    angle = _angle(stream, days)
    truth = np.einsum("dnk,dk->dn", x, np.stack([np.cos(angle), np.sin(angle)], axis=1)) > 0
    return x, (truth ^ flipped).astype(int)


@lru_cache(maxsize=4096)
def _model(stream: _Stream, start: int, end: int) -> tuple[np.ndarray, float]:
    """Weights and intercept of the model trained on the labelled days ``start`` to ``end - 1``.

    Cached, so the grid's states share their fits; the logistic regression's decision function
    is ``x @ weights + intercept``, applied directly to many days at once (much faster than
    calling ``predict`` day by day).
    """
    from sklearn.linear_model import LogisticRegression

    x, y = _examples(stream)
    rows = slice(start - stream.first_day, end - stream.first_day)
    fitted = LogisticRegression().fit(x[rows].reshape(-1, 2), y[rows].ravel())
    return fitted.coef_[0], float(fitted.intercept_[0])


def _errors(stream: _Stream, windows, days) -> np.ndarray:
    """Per-example errors (days × examples) on ``days``, each served by the model of its ``(start, end)``."""
    x, y = _examples(stream)
    index = np.asarray(days) - stream.first_day
    weights, intercepts = zip(*(_model(stream, *window) for window in windows), strict=True)
    decision = np.einsum("dnk,dk->dn", x[index], np.array(weights)) + np.array(intercepts)[:, None]
    return ((decision > 0) != y[index]).astype(int)


def _runs(target: float, params: dict) -> dict[str, DriftResult]:
    """Each of the book's cadences, run for a decision (P7's label delay, from ``data/``, made explicit)."""
    params = {"label_delay_days": 7 * study_label_delay_weeks(), **params}
    return {option: _run(option, target, tuple(sorted(params.items()))) for option in study_cadences()}


@cache
def _run(cadence: str, target: float, params: tuple) -> DriftResult:
    """Cached like :func:`grid_point`: the decisions' checks share their runs."""
    return simulate(cadence=cadence, target=target, **dict(params))


def solution(target: float = 0.85, **params) -> str | None:
    """The cheapest of the book's cadences whose mean accuracy reaches ``target`` (None if none does)."""
    runs = _runs(target, params)
    meeting = [option for option, run in runs.items() if run.mean_accuracy >= target]
    return min(meeting, key=lambda option: runs[option].cost) if meeting else None


def check(answer, target: float = 0.85, **params) -> Verdict:
    """Is ``answer`` the cheapest of the book's cadences whose mean accuracy reaches ``target``?

    ``params`` go to :func:`simulate` (seed, label delay, drift, costs ...). A wrong answer is
    told why: ``below-target``, ``too-costly`` or ``unknown``.

    Any form of one name is read, in any case (``"weekly"``, ``np.array(["Weekly"])``); anything
    else is told what to give (``unknown``). A too costly answer is not told which cadence is cheaper.

    >>> check("Hourly").failures
    ('too-costly',)
    >>> check(7).failures, check(7).reason.endswith("'Every few months'; not int 7.")
    (('unknown',), True)
    """
    try:
        answer = answers.choice(answer, study_cadences(), "one of the explainer's cadences")
    except answers.WrongForm as wrong:
        return Verdict(False, f"give {wrong}.", ("unknown",))
    runs, best = _runs(target, params), solution(target, **params)
    mine = runs[answer]
    if mine.mean_accuracy < target:
        return Verdict(False, f"{answer} keeps a mean accuracy of {mine.mean_accuracy:.3f}, below the target "
                              f"{target}.", ("below-target",))
    if mine.cost > runs[best].cost:
        return Verdict(False, f"{answer} reaches the target but costs {mine.cost:g}; a cheaper cadence reaches it "
                              "too.", ("too-costly",))
    return Verdict(True, f"{answer} is the cheapest cadence that keeps mean accuracy at or above {target}: "
                         f"{mine.mean_accuracy:.3f} for a cost of {mine.cost:g}.")


def state(cadence: str, label_delay_weeks: int, **params) -> LabState:
    """One state of the static page: weekly accuracy, true and as the team sees it, against the target.

    Its key numbers in words and a chart (:mod:`mlops_book.labs.charts`); ``params`` go to :func:`simulate`.
    """
    result = grid_point(cadence, label_delay_weeks, **params)
    s = result.summary()
    words = (
        f"Retrain: {cadence}; labels back after {plural(label_delay_weeks, 'week')}. "
        f"{plural(s['retrains'], 'retrain')} (cost {s['cost']:,g}); mean accuracy {s['mean_accuracy']:.3f}, "
        f"lowest day {s['lowest_accuracy']:.3f}; {s['days_below_target']} of {len(result.days)} days below the "
        f"target {result.target:g}, {s['hidden_days']} of them not yet visible to the team."
    )

    def draw() -> LabChart:
        week = result.days.groupby(result.days["day"] // 7).mean()
        fig, ax = new_figure(f"{cadence}, labels {plural(label_delay_weeks, 'week')} late")
        ax.plot(week["day"], week["accuracy"], color=style.BLUE, lw=2, label="true accuracy")
        ax.plot(week["day"], week["seen_accuracy"], color=style.VERMILLION, lw=2, ls="--", label="what the team sees")
        # the target named in the legend: written on its line, it sat under the curves
        ax.axhline(result.target, color=style.MUTED, lw=1, ls=":", label=f"target {result.target:g}")
        ax.set_ylim(0.2, 1.0)  # the legend sits below 0.5, under every weekly mean the grid draws
        ax.set_xlabel("Day (weekly means)")
        ax.set_ylabel("Accuracy")
        ax.legend(frameon=False, fontsize=SMALLEST_PT, loc="lower left")
        return finish(fig, words, f"Line chart of weekly accuracy over {len(result.days)} days",
                      "Weekly mean accuracy of a model retrained on a cadence, and the accuracy its team can "
                      "measure when labels come back late.")

    return LabState(result, words, draw)
