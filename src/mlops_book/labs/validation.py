"""Lab 4, data validation: simulated daily feature tables with errors slipped in, and the checks that catch them.

Synthetic data, not the study's: ``days`` daily batches of a made-up feature table (user id, age,
income, country, and a JSON ``profile`` of six keys). Week 1 is clean and is what the checks
learn from; after it, the kinds of data errors the study names arrive, one on each day: hard
errors (a schema violation, negative ages), soft errors (a corrupted imputation value, half the
keys of a JSON feature missing) and, from ``drift_day`` on, drift. Weekends are naturally a
little different, as real traffic is. Four checks can run on each batch: ``"schema"`` (columns
and types), ``"range"`` (ages 0-120, incomes >= 0), ``"missing"`` (a column's missing rate
above week 1's plus ``missing_tolerance``) and ``"distribution"`` (SciPy's two-sample
Kolmogorov-Smirnov test of each numeric column against week 1, alarming below ``alpha``).

>>> result = simulate(checks=("schema",))
>>> result.caught()["schema violation"], result.caught()["negative ages"]
(True, False)
>>> simulate(checks=()).summary()["alarms"]  # a check that is off catches nothing
0
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import answers, style
from . import Verdict, grid_points
from .charts import SMALLEST_PT, LabChart, LabState, finish, new_figure, plural

CHECKS = ("schema", "range", "missing", "distribution")
#: The static page's thresholds: the test's alpha and the missing-rate tolerance, loosest first.
THRESHOLDS = {"loosest": (1e-12, 0.20), "loose": (1e-6, 0.10), "middle": (1e-3, 0.05),
              "strict": (1e-2, 0.02), "strictest": (0.05, 0.01)}
#: The problems, the day each arrives (drift stays), and the kind the study files it under.
PROBLEMS = {"schema violation": ("hard", 10), "negative ages": ("hard", 13),
            "corrupted imputation value": ("soft", 16), "half the JSON keys missing": ("soft", 19),
            "drift": ("drift", 22)}
KEYS = ("visits", "tenure", "devices", "reviews", "returns", "tickets")
NUMERIC = ("age", "income")


def grid() -> dict[str, list]:
    """The static page's two controls: which checks run (adding one at a time) and how strict they are."""
    return {"checks": [", ".join(CHECKS[:n]) or "none" for n in range(len(CHECKS) + 1)],
            "strictness": list(THRESHOLDS)}


@cache
def grid_point(checks: str, strictness: str, **params) -> ValidationResult:
    """One state of the static page (names from :func:`grid`); ``params`` go to :func:`simulate`.

    Cached: each state is simulated once a process, and callers share its result (never change it).
    """
    alpha, tolerance = THRESHOLDS[strictness]
    names = () if checks == "none" else tuple(c.strip() for c in checks.split(","))
    return simulate(checks=names, alpha=alpha, missing_tolerance=tolerance, **params)


@dataclass(frozen=True)
class ValidationResult:
    """What one run of the lab gives (synthetic).

    ``alarms``: one row per day after week 1, one boolean column per check that ran, and
    ``problem`` (what arrived that day; ``""`` on a clean day). ``hours_per_false_alarm``: what
    chasing an alarm on a clean day costs.
    """

    alarms: pd.DataFrame
    hours_per_false_alarm: float

    @property
    def checks(self) -> list[str]:
        return [c for c in CHECKS if c in self.alarms]

    def catches(self) -> pd.DataFrame:
        """Problems × checks: did the check alarm on a day the problem was there?"""
        table = self.alarms[self.alarms["problem"] != ""].groupby("problem", sort=False)[self.checks].any()
        return table.reindex(list(PROBLEMS))

    def caught(self) -> dict[str, bool]:
        """For each problem, whether any check that ran caught it."""
        return self.catches().any(axis=1).to_dict()

    @property
    def false_alarms(self) -> dict[str, int]:
        """Alarms on clean days, per check."""
        clean = self.alarms[self.alarms["problem"] == ""]
        return {check: int(clean[check].sum()) for check in self.checks}

    def summary(self) -> dict:
        """The key numbers for the page."""
        false = sum(self.false_alarms.values())
        return {"alarms": int(self.alarms[self.checks].to_numpy().sum()), "false_alarms": false,
                "false_alarm_hours": false * self.hours_per_false_alarm,
                "missed": [problem for problem, caught in self.caught().items() if not caught]}


def simulate(
    checks=CHECKS,
    alpha: float = 1e-3,
    missing_tolerance: float = 0.05,
    seed: int = 0,
    days: int = 28,
    rows_per_day: int = 500,
    drift_years: float = 6.0,
    weekend_years: float = 3.0,
    hours_per_false_alarm: float = 2.0,
) -> ValidationResult:
    """Run the ``checks`` (any of :data:`CHECKS`) on every batch after week 1.

    ``alpha``: the distribution test alarms when its p-value is below it; ``missing_tolerance``:
    how far (as a share of rows) a missing rate may rise above week 1's; ``drift_years``: how much
    older customers get from the drift day on; ``weekend_years``: how much younger weekend
    customers are (harmless, and the distribution test's usual false alarm).

    >>> simulate(checks=("range",)).catches()["range"].to_dict()["negative ages"]
    True
    """
    unknown = set(checks) - set(CHECKS)
    if unknown:
        raise ValueError(f"unknown checks {sorted(unknown)}: use any of {', '.join(CHECKS)}")
    if days < max(day for _, day in PROBLEMS.values()):
        raise ValueError(f"days must be at least {max(day for _, day in PROBLEMS.values())} to hold every problem")
    measured = _measurements(seed, days, rows_per_day, drift_years, weekend_years)
    rules = {
        "schema": ~measured["schema_ok"],
        "range": measured["out_of_range"] > 0,
        "missing": (measured.filter(like="missing_").to_numpy() > missing_tolerance).any(axis=1),
        "distribution": (measured.filter(like="p_").to_numpy() < alpha).any(axis=1),
    }
    alarms = measured[["day", "problem"]].assign(**{c: rules[c] for c in CHECKS if c in checks})
    return ValidationResult(alarms.reset_index(drop=True), hours_per_false_alarm)


def _batch(rng, day: int, rows: int, drift_years: float, weekend_years: float) -> pd.DataFrame:
    """One day's feature table, with that day's problem in it."""
    younger = weekend_years if day % 7 in (6, 0) else 0.0
    older = drift_years if day >= PROBLEMS["drift"][1] else 0.0
    age = np.clip(rng.normal(40 - younger + older, 12, rows), 18, 95).round().astype(int)
    income = rng.lognormal(10.5, 0.4, rows).round(2)
    income[rng.random(rows) < 0.10] = np.nan  # one in ten customers leaves income blank
    profiles = [dict(zip(KEYS, values, strict=True)) for values in rng.poisson(3, (rows, len(KEYS))).tolist()]
    if day == PROBLEMS["negative ages"][1]:
        age[rng.random(rows) < 0.03] *= -1
    if day == PROBLEMS["corrupted imputation value"][1]:
        income[np.isnan(income)] = 0.0  # the imputer's fill value was saved as 0
    if day == PROBLEMS["half the JSON keys missing"][1]:
        for profile in profiles[::2]:
            for key in KEYS[::2]:
                del profile[key]
    table = pd.DataFrame({"user_id": rng.integers(1, 10**6, rows), "age": age, "income": income,
                          "country": rng.choice(["PT", "FR", "DE", "NO"], rows),
                          "profile": [json.dumps(p) for p in profiles]})
    if day == PROBLEMS["schema violation"][1]:
        table["age"] = table["age"].astype(str) + " years"
    return table


def _measure(table: pd.DataFrame, reference: pd.DataFrame, schema: dict) -> dict:
    """What the checks look at in one batch, before any threshold is applied."""
    from scipy.stats import ks_2samp

    profile = pd.DataFrame([json.loads(p) for p in table["profile"]], columns=list(KEYS))
    numeric = {c: pd.to_numeric(table[c], errors="coerce") for c in NUMERIC}  # unreadable -> missing
    measured = {"schema_ok": {c: str(t) for c, t in table.dtypes.items()} == schema,
                "out_of_range": int((numeric["age"] < 0).sum() + (numeric["age"] > 120).sum()
                                    + (numeric["income"] < 0).sum())}
    for column, values in {**numeric, **profile}.items():
        measured[f"missing_{column}"] = values.isna().mean() - reference[column].isna().mean()
    for column in NUMERIC:
        values = numeric[column].dropna()
        measured[f"p_{column}"] = ks_2samp(values, reference[column].dropna()).pvalue if len(values) else 1.0
    return measured


@lru_cache(maxsize=32)
def _measurements(seed, days, rows, drift_years, weekend_years) -> pd.DataFrame:
    """Every day's measurements (cached: thresholds and checks only read them)."""
    rng = np.random.default_rng([seed, 4])
    batches = {day: _batch(rng, day, rows, drift_years, weekend_years) for day in range(1, days + 1)}
    week_one = pd.concat([batches[day] for day in range(1, 8)], ignore_index=True)
    reference = week_one[list(NUMERIC)].join(
        pd.DataFrame([json.loads(p) for p in week_one["profile"]], columns=list(KEYS)))
    schema = {c: str(t) for c, t in week_one.dtypes.items()}
    problem_on = {day: name for name, (_, day) in PROBLEMS.items()}
    rows_out = []
    for day in range(8, days + 1):
        problem = problem_on.get(day, "drift" if day >= PROBLEMS["drift"][1] else "")
        rows_out.append({"day": day, "problem": problem, **_measure(batches[day], reference, schema)})
    return pd.DataFrame(rows_out)


def check(checks, strictness: str, max_false_alarms: int = 1, **params) -> Verdict:
    """Do these checks, at this strictness (a name from :data:`THRESHOLDS`), catch every problem
    with at most ``max_false_alarms`` alarms on clean days?

    ``checks``: names from :data:`CHECKS` (a string like ``"schema, range"`` or a list). A wrong
    answer is told why: ``misses-<problem>`` per missed problem, ``too-many-false-alarms``.

    Names are read in any case; anything else is told what to give (``unknown``).

    >>> check("schema, range", "middle").failures[0]
    'misses-corrupted-imputation-value'
    >>> check(["Schema", "RANGE"], 3).reason
    "give a strictness as text, one of: 'loosest', 'loose', 'middle', 'strict', 'strictest'; not int 3."
    """
    try:
        names = _check_names(checks)
        strictness = answers.choice(strictness, THRESHOLDS, "a strictness")
    except answers.WrongForm as wrong:
        return Verdict(False, f"give {wrong}.", ("unknown",))
    result = grid_point(", ".join(names) or "none", strictness, **params)
    missed, false = result.summary()["missed"], result.summary()["false_alarms"]
    reasons = [f"misses the {problem} (day {PROBLEMS[problem][1]})" for problem in missed]
    failures = [f"misses-{problem.replace(' ', '-')}" for problem in missed]
    if false > max_false_alarms:
        reasons.append(f"raises {plural(false, 'false alarm')} ({result.false_alarms}), over the limit of "
                       f"{max_false_alarms}")
        failures.append("too-many-false-alarms")
    if failures:
        reason = "; ".join(reasons)
        return Verdict(False, reason[0].upper() + reason[1:] + ".", tuple(failures))
    return Verdict(True, f"Catches all {len(PROBLEMS)} problems with {plural(false, 'false alarm')}.")


def _check_names(checks) -> list[str]:
    """The checks named by ``checks`` (a text like ``"schema, range"`` or ``"none"``, or a list of names), in
    :data:`CHECKS`' order.

    >>> _check_names("range, Schema"), _check_names("none"), _check_names(("missing",))
    (['schema', 'range'], [], ['missing'])
    """
    if isinstance(checks, set | frozenset):
        checks = sorted(checks, key=str)
    if isinstance(checks, list | tuple | np.ndarray | pd.Series | pd.Index | pd.DataFrame):
        items = list(np.ravel(np.asarray(checks, dtype=object)))
        checks = items[0] if len(items) == 1 and isinstance(items[0], str) else items  # ["schema, range"]
    if isinstance(checks, str):
        checks = [] if checks.strip().lower() in ("", "none") else checks.split(",")
    if not isinstance(checks, list):
        raise answers.WrongForm(f"the checks as text like 'schema, range' or a list of names from "
                                f"{', '.join(CHECKS)}; not {type(checks).__name__} {checks!r}")
    names = {answers.choice(name, CHECKS, "each check") for name in checks}
    return [name for name in CHECKS if name in names]


def solution(max_false_alarms: int = 1, **params) -> tuple[str, str] | None:
    """The grid's setting that passes :func:`check` with the fewest false alarms (fewest checks first)."""
    passing = [tuple(point.values()) for point in grid_points(grid())
               if check(*point.values(), max_false_alarms=max_false_alarms, **params)]
    return min(passing, key=lambda point: grid_point(*point, **params).summary()["false_alarms"], default=None)


def state(checks: str, strictness: str, **params) -> LabState:
    """One state of the static page: which check alarms on which day, against the problems' days.

    Its key numbers in words and a chart (:mod:`mlops_book.labs.charts`); ``params`` go to :func:`simulate`.
    """
    result = grid_point(checks, strictness, **params)
    s = result.summary()
    caught = [problem for problem, hit in result.caught().items() if hit]
    words = (
        f"Checks: {checks}; strictness {strictness}. Caught: {', '.join(caught) or 'nothing'}; missed: "
        f"{', '.join(s['missed']) or 'nothing'}; {plural(s['false_alarms'], 'false alarm')} "
        f"({s['false_alarm_hours']:g} hour{'' if s['false_alarm_hours'] == 1 else 's'} of chasing)."
    )

    def draw() -> LabChart:
        table, names = result.alarms, result.checks
        fig, ax = new_figure(f"Checks: {checks}; {strictness}", left=1.15)
        problem = (table["problem"] != "").to_numpy()
        cells = np.array([[(2 if problem[j] else 1) if table[c].iloc[j] else 0 for j in range(len(table))]
                          for c in names]).reshape(len(names), len(table))
        colours = {0: style.PAPER, 1: style.ORANGE, 2: style.BLUE}
        for row in range(len(names)):
            for col in np.flatnonzero(cells[row]):
                ax.add_patch(plt.Rectangle((col, row + 0.1), 0.9, 0.8, facecolor=colours[cells[row, col]]))
        for col in np.flatnonzero(problem):
            ax.add_patch(plt.Rectangle((col, -0.9), 0.9, 0.8, facecolor=style.MUTED))
        if not names:
            ax.text(len(table) / 2, 1.5, "no checks run", ha="center", color=style.MUTED)
        ax.set_xlim(0, len(table))
        ax.set_ylim(max(len(names), 3), -1)
        ax.set_yticks([-0.5, *np.arange(len(names)) + 0.5], ["problem", *names], fontsize=SMALLEST_PT)
        kinds = table["problem"].tolist()
        starts = [j for j in range(len(kinds)) if kinds[j] and (j == 0 or kinds[j] != kinds[j - 1])]
        ticks = sorted({0, *starts, len(kinds) - 1})
        ax.set_xticks(np.array(ticks) + 0.45, [str(table["day"].iloc[j]) for j in ticks], fontsize=SMALLEST_PT)
        ax.set_xlabel("Day. Grey: a problem; blue: an alarm on it; orange: a false alarm.", wrap=True)
        return finish(fig, words, "Grid of the days each check alarmed",
                      "Daily batches after week 1: the row 'problem' marks the days an error or drift is in "
                      "the batch; each other row is a check.")

    return LabState(result, words, draw)
