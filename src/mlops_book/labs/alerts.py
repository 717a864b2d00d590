"""Lab 2, alert fatigue: simulated metrics, a few real incidents, and the pages an alert rule sends.

Synthetic data, not the study's: ``n_metrics`` made-up metrics sampled every hour for ``weeks``
weeks, each with its own daily cycle, slow wander and heavy-tailed noise, plus ``n_incidents``
real incidents (a metric shifted for some hours). An alert rule pages the on-call engineer when a
metric leaves its band: ``threshold`` times its usual spread around a ``"static"`` baseline (the
first week) or an ``"adaptive"`` one (the week just before), optionally only after
``sustain_hours`` hours in a row. The first week only sets baselines: pages count from week 2.

>>> result = simulate(threshold=4.0, rule="adaptive", seed=0)
>>> result.summary()["incidents"]
4
>>> simulate(threshold=1e9).summary()["pages"]  # a threshold above every value pages nobody
0
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from .. import answers, style
from . import Verdict, grid_points
from .charts import SMALLEST_PT, LabChart, LabState, finish, new_figure, plural

#: The static page's rules: (baseline, hours in a row before paging).
RULES = {
    "static": ("static", 1),
    "static, 3 hours in a row": ("static", 3),
    "adaptive": ("adaptive", 1),
    "adaptive, 3 hours in a row": ("adaptive", 3),
}
WEEK = 24 * 7
#: The thresholds (in spreads) a check accepts, and the live lab's range.
THRESHOLD_RANGE = (1.0, 10.0)


def grid() -> dict[str, list]:
    """The static page's two controls: the threshold (in spreads) and the rule."""
    return {"threshold": [2.5, 3.0, 4.0, 5.0, 6.0, 8.0], "rule": list(RULES)}


@cache
def grid_point(threshold: float, rule: str, **params) -> AlertResult:
    """One state of the static page (``rule`` a name from :data:`RULES`); ``params`` go to :func:`simulate`.

    Cached: each state is simulated once a process, and callers share its result (never change it).
    """
    baseline, sustain = RULES[rule]
    return simulate(threshold=threshold, rule=baseline, sustain_hours=sustain, **params)


@dataclass(frozen=True)
class AlertResult:
    """What one run of the lab gives (synthetic).

    ``pages``: one row per page (``metric``, ``start_hour``, ``end_hour``, ``incident``: the
    number of the real incident it belongs to, 0 for a false alarm). ``incidents``: one row per
    incident, numbered by start (``incident``, ``metric``, ``start_hour``, ``hours``, ``size`` in
    spreads, ``caught``, ``hours_to_page``). ``weeks``: the number of weeks pages count over.
    """

    pages: pd.DataFrame
    incidents: pd.DataFrame
    weeks: int

    @property
    def pages_per_week(self) -> float:
        return len(self.pages) / self.weeks

    @property
    def missed(self) -> list[int]:
        """The numbers of the incidents no page caught."""
        return self.incidents.loc[~self.incidents["caught"], "incident"].tolist()

    def weekly(self) -> pd.DataFrame:
        """Pages per week, split into real and false alarms, for the chart."""
        week = self.pages["start_hour"] // WEEK + 1
        real = self.pages["incident"] > 0
        table = pd.DataFrame({"week": week, "real": real.astype(int), "false": (~real).astype(int)})
        return (table.groupby("week").sum().reindex(range(2, self.weeks + 2), fill_value=0)
                .rename_axis("week").reset_index())

    def summary(self) -> dict:
        """The key numbers, rounded for the page."""
        real = int((self.pages["incident"] > 0).sum())
        return {
            "pages": len(self.pages),
            "pages_per_week": round(self.pages_per_week, 1),
            "real_pages": real,
            "share_real": round(real / len(self.pages), 3) if len(self.pages) else None,
            "incidents": len(self.incidents),
            "missed": self.missed,
        }


def simulate(
    threshold: float = 4.0,
    rule: str = "static",
    sustain_hours: int = 1,
    seed: int = 0,
    n_metrics: int = 40,
    weeks: int = 8,
    n_incidents: int = 4,
    incident_size: tuple[float, float] = (3.0, 8.0),
    incident_hours: tuple[int, int] = (2, 48),
    wander: float = 0.04,
    bursts_per_week: float = 6.0,
) -> AlertResult:
    """Run the simulated metrics through one alert rule.

    ``threshold``: how many spreads away from the baseline a value must be to fire;
    ``rule``: ``"static"`` (mean and spread of week 1) or ``"adaptive"`` (of the week just before);
    ``incident_size`` and ``incident_hours``: ranges the incidents are drawn from (sizes in
    spreads of the metric in week 1); ``wander``: how fast metrics drift, per hour, in units of noise;
    ``bursts_per_week``: harmless bursts (a batch job, a traffic peak) that move a metric as much as
    an incident, for a few hours, and need nobody.

    >>> simulate(threshold=2.5).pages_per_week > simulate(threshold=6.0).pages_per_week
    True
    """
    if rule not in ("static", "adaptive"):
        raise ValueError(f"rule {rule!r}: use 'static' or 'adaptive'")
    if weeks < 2 or sustain_hours < 1 or threshold <= 0:
        raise ValueError("weeks must be >= 2 (week 1 sets the baseline), sustain_hours >= 1, threshold > 0")
    metrics, incidents = _world(seed, n_metrics, weeks, n_incidents, incident_size, incident_hours, wander,
                                bursts_per_week)
    centre, spread = _baseline(metrics, rule)
    firing = np.abs(metrics - centre) > threshold * spread
    firing[:, :WEEK] = False  # week 1 only sets the baselines
    for lag in range(1, sustain_hours):  # fire only after sustain_hours hours out of band
        firing[:, lag:] &= firing[:, :-lag]
        firing[:, :lag] = False
    pages = _pages(firing, incidents)
    caught = {n for n in pages["incident"] if n}
    first = pages[pages["incident"] > 0].groupby("incident")["start_hour"].min()
    incidents = incidents.assign(
        caught=incidents["incident"].isin(caught),
        hours_to_page=(first.reindex(incidents["incident"]).to_numpy() - incidents["start_hour"].to_numpy()),
    )
    return AlertResult(pages, incidents, weeks - 1)


@lru_cache(maxsize=32)
def _world(seed, n_metrics, weeks, n_incidents, incident_size, incident_hours, wander, bursts_per_week):
    """The metrics (metrics × hours) and the incidents injected into them; cached per parameters."""
    rng = np.random.default_rng(seed)
    hours = np.arange(weeks * WEEK)
    cycle = rng.uniform(0, 2.0, (n_metrics, 1)) * np.sin(2 * np.pi * (hours / 24 + rng.random((n_metrics, 1))))
    drift = np.cumsum(rng.normal(0, wander, (n_metrics, hours.size)), axis=1)
    noise = rng.standard_t(4, (n_metrics, hours.size)) / np.sqrt(2)  # heavy tails, unit spread
    metrics = cycle + drift + noise
    spreads = metrics[:, :WEEK].std(axis=1)
    for _ in range(rng.poisson(bursts_per_week * weeks)):  # harmless: nobody needs waking for these
        metric, length = rng.integers(n_metrics), int(rng.integers(1, 7))
        start = int(rng.integers(0, hours.size - length))
        metrics[metric, start:start + length] += rng.uniform(*incident_size) * spreads[metric] * rng.choice([-1, 1])
    rows = []
    for metric in rng.choice(n_metrics, size=n_incidents, replace=False):
        length = int(rng.integers(incident_hours[0], incident_hours[1] + 1))
        start = int(rng.integers(WEEK, hours.size - length))
        size = float(rng.uniform(*incident_size))
        metrics[metric, start:start + length] += size * spreads[metric] * rng.choice([-1, 1])
        rows.append({"metric": int(metric), "start_hour": start, "hours": length, "size": round(size, 1)})
    incidents = pd.DataFrame(rows, columns=["metric", "start_hour", "hours", "size"])
    incidents = incidents.sort_values("start_hour", kind="stable").reset_index(drop=True)
    incidents.insert(0, "incident", range(1, n_incidents + 1))
    metrics.setflags(write=False)
    return metrics, incidents


def _baseline(metrics: np.ndarray, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """Centre and spread each value is compared with: week 1's, or the previous week's (rolling)."""
    if rule == "static":
        first_week = metrics[:, :WEEK]
        return first_week.mean(axis=1, keepdims=True), first_week.std(axis=1, keepdims=True)
    sums = np.cumsum(np.pad(metrics, ((0, 0), (1, 0))), axis=1)
    squares = np.cumsum(np.pad(metrics**2, ((0, 0), (1, 0))), axis=1)
    centre, spread = np.zeros_like(metrics), np.ones_like(metrics)
    mean = (sums[:, WEEK:-1] - sums[:, :-WEEK - 1]) / WEEK  # hours h - WEEK .. h - 1
    centre[:, WEEK:] = mean
    spread[:, WEEK:] = np.sqrt(np.maximum((squares[:, WEEK:-1] - squares[:, :-WEEK - 1]) / WEEK - mean**2, 0))
    return centre, spread


def _pages(firing: np.ndarray, incidents: pd.DataFrame) -> pd.DataFrame:
    """One page per run of firing hours on a metric, tied to the incident it overlaps, if any."""
    edges = np.diff(np.pad(firing.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    metric, start = np.nonzero(edges == 1)
    _, end = np.nonzero(edges == -1)  # same order: row by row, left to right
    incident = np.zeros(len(start), dtype=int)
    for row in incidents.itertuples():
        overlaps = (metric == row.metric) & (start < row.start_hour + row.hours) & (end > row.start_hour)
        incident[overlaps] = row.incident
    return pd.DataFrame({"metric": metric, "start_hour": start, "end_hour": end, "incident": incident})


def check(threshold: float, rule: str, max_pages_per_week: float = 4.0, **params) -> Verdict:
    """Does the rule (a name from :data:`RULES`) at ``threshold`` catch every incident within the page budget?

    ``params`` go to :func:`simulate`. A wrong answer is told why: ``misses-incident-<n>`` for
    each incident it misses, ``too-many-pages`` when it pages more often than the budget.

    The threshold is read as any number in :data:`THRESHOLD_RANGE`, the rule in any case;
    anything else is told what to give (``unknown``).

    >>> check(8.0, "static").failures[0].startswith("misses-incident")
    True
    >>> check("4", "static").reason
    "give the threshold as a number, like 4, not the text '4'."
    """
    try:
        threshold = answers.number(threshold, "the threshold", low=THRESHOLD_RANGE[0], high=THRESHOLD_RANGE[1],
                                   example=4.0)
        rule = answers.choice(rule, RULES, "a rule")
    except answers.WrongForm as wrong:
        return Verdict(False, f"give {wrong}.", ("unknown",))
    result = grid_point(threshold, rule, **params)
    reasons, failures = [], []
    for row in result.incidents[~result.incidents["caught"]].itertuples():
        reasons.append(f"misses incident {row.incident} (metric {row.metric}, {row.size:g} spreads for "
                       f"{plural(row.hours, 'hour')} from day {row.start_hour // 24 + 1})")
        failures.append(f"misses-incident-{row.incident}")
    if result.pages_per_week > max_pages_per_week:
        reasons.append(f"pages {result.pages_per_week:.1f} times a week, over the budget of {max_pages_per_week:g}")
        failures.append("too-many-pages")
    if failures:
        return Verdict(False, f"{rule} at {threshold:g}: " + "; ".join(reasons) + ".", tuple(failures))
    return Verdict(True, f"{rule} at {threshold:g} catches all {len(result.incidents)} incidents with "
                         f"{result.pages_per_week:.1f} pages a week (budget {max_pages_per_week:g}).")


def solution(max_pages_per_week: float = 4.0, **params) -> tuple[float, str] | None:
    """The grid's setting that passes :func:`check` with the fewest pages a week, or None."""
    passing = [tuple(point.values()) for point in grid_points(grid())
               if check(**point, max_pages_per_week=max_pages_per_week, **params)]
    return min(passing, key=lambda point: grid_point(*point, **params).pages_per_week, default=None)


def state(threshold: float, rule: str, **params) -> LabState:
    """One state of the static page: pages per week, real and false, for one threshold and rule.

    Its key numbers in words and a chart (:mod:`mlops_book.labs.charts`); ``params`` go to :func:`simulate`.
    """
    result = grid_point(threshold, rule, **params)
    s = result.summary()
    missed = _missed_incidents(s["missed"], s["incidents"])
    pages = (f"{plural(s['pages'], 'page')} in {plural(result.weeks, 'week')} ({s['pages_per_week']:g} a week), "
             f"{s['real_pages']} of them real ({s['share_real']:.0%})" if s["pages"]
             else f"no pages in {plural(result.weeks, 'week')}")
    words = f"Threshold {threshold:g} spread{'' if threshold == 1 else 's'}, rule {rule}: {pages}; {missed}."

    def draw() -> LabChart:
        weekly = result.weekly()
        fig, ax = new_figure(f"Threshold {threshold:g}, {rule}")
        ax.bar(weekly["week"], weekly["false"], color=style.ORANGE, label="false alarms")
        ax.bar(weekly["week"], weekly["real"], bottom=weekly["false"], color=style.BLUE, label="real alarms")
        ax.set_xticks(weekly["week"])
        ax.set_xlabel("Week")
        ax.set_ylabel("Pages")
        ax.yaxis.get_major_locator().set_params(integer=True, nbins=4)
        # room above the tallest bar for the legend, which otherwise sat on the bars
        ax.set_ylim(0, max(int((weekly["false"] + weekly["real"]).max()), 1) * 1.35)
        ax.legend(frameon=False, fontsize=SMALLEST_PT, loc="upper left", ncols=2)
        if not s["pages"]:
            ax.text(0.5, 0.4, "no pages at all", transform=ax.transAxes, ha="center", color=style.MUTED)
        return finish(fig, words, "Stacked bar chart of pages per week",
                      f"Pages per week from simulated metrics with {len(result.incidents)} injected incidents; "
                      "week 1 only sets the baselines.")

    return LabState(result, words, draw)


def _listing(items) -> str:
    """Items as a sentence lists them.

    >>> _listing([1]), _listing([1, 3]), _listing([1, 3, 4])
    ('1', '1 and 3', '1, 3 and 4')
    """
    items = [str(item) for item in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _missed_incidents(missed, incidents: int) -> str:
    """Which incidents an alert rule missed, in words.

    >>> _missed_incidents([], 4), _missed_incidents([3], 4), _missed_incidents([1, 3], 4)
    ('all 4 incidents caught', 'missed incident 3 of 4', 'missed incidents 1 and 3 of 4')
    >>> _missed_incidents([1, 2], 2), _missed_incidents([1], 1), _missed_incidents([], 1)
    ('missed both incidents', 'missed the one incident', 'the one incident caught')
    """
    if not missed:
        return "the one incident caught" if incidents == 1 else f"all {incidents} incidents caught"
    if len(missed) == incidents:
        everything = {1: "the one incident", 2: "both incidents"}.get(incidents, f"all {incidents} incidents")
        return f"missed {everything}"
    return f"missed incident{'s' if len(missed) > 1 else ''} {_listing(missed)} of {incidents}"
