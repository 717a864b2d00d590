"""Lab 3, staged rollout: a simulated candidate model carrying a bug interviewees reported meets users stage by stage.

Synthetic data, not the study's: made-up customers (age, income, city, a JSON profile) and a
scikit-learn model predicting a made-up outcome. The candidate carries one of the bugs the study's
participants report (``data/bugs.csv``), put into its pipeline for real; it is rolled out by a
stage plan (the explainer's "1% → 10% → 100%" from ``data/headline_figures.csv``, not the paper's:
its §4.3.3 has 1%, then larger percentages; with or without a shadow stage) of ``stage_days`` days
a stage. Every evening a guardrail compares the candidate's error rate with the current model's
on the traffic each scored (a one-sided two-proportion z-test, SciPy), as far as outcomes are
back: they come ``label_delay_days`` late, by default one participant's delay (P7's "at least 2
weeks", §5.1.2). When it fires, the candidate is rolled back.

Here outcomes do not depend on what users were shown, so a shadow stage (the candidate scores
all traffic, users see none of it) measures errors as well as live traffic does; in ranking or
recommendations it would not.

>>> result = simulate(plan="100%", bug="Accidentally flipping labels", label_delay_days=0)
>>> result.caught_day, result.exposed == result.users_per_day  # the first evening; everyone met it
(1, True)
>>> simulate(plan="100%", bug="Accidentally flipping labels", label_delay_days=14).caught_day
15
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba

from .. import answers, data, style
from . import Verdict, grid_points, one_thread, study_label_delay_weeks
from .charts import SMALLEST_PT, LabChart, LabState, finish, new_figure, plural

#: Made-up cities and how each moves the outcome; four are spelt with special characters.
CITIES = {"Lisbon": 0.0, "Paris": -0.4, "Berlin": 0.4, "Oslo": -0.2, "Porto": 0.2, "Lyon": 0.0,
          "São Paulo": 1.6, "Zürich": -1.6, "Kraków": 1.4, "Malmö": -1.4}
#: The longest stage a check accepts, in days (the live lab's slider stops at 28).
MAX_STAGE_DAYS = 365
PROFILE_KEYS = ("visits", "tenure", "devices", "reviews", "returns", "tickets")
WEIGHTS = np.array([0.8, 0.6, 0.4, -0.6, -0.8, 0.5])  # of the profile keys, made up


#: How the simulation puts each of the interviewees' bugs (``data/bugs.csv``) into the candidate.
SIMULATED_BUGS = {
    "Accidentally flipping labels": "one of its two training files has its labels flipped",
    "Forgetting to set random seeds": "it is trained on a resample nobody can draw again, not the one validated",
    "Forgetting to drop special characters in NLP": "at serving, cities keep their accents and match no "
                                                     "city it learnt",
    "Corrupted imputation values for missing features": "its fill value for a missing income was saved as 0",
    "Half the keys missing in a JSON feature column": "at serving, half the keys of the JSON profile are missing",
}


#: The bug the candidate carries unless told otherwise (:func:`simulate`'s default).
DEFAULT_BUG = "Forgetting to drop special characters in NLP"


def study_bugs() -> list[str]:
    """The bugs the interviewees reported (§5.1.3), in the order of ``data/bugs.csv``, each named once.

    >>> all(bug in SIMULATED_BUGS for bug in study_bugs())
    True
    """
    bugs = list(dict.fromkeys(data.load("bugs")["bug"]))
    for bug in bugs:
        if bug not in SIMULATED_BUGS:
            raise ValueError(f"data/bugs.csv: bug {bug!r} has no simulation in rollout.SIMULATED_BUGS")
    return bugs


def study_plan() -> str:
    """The explainer's staged rollout (not the paper's steps), e.g. ``'1% → 10% → 100%'``.

    It is ``rollout-steps`` in headline_figures.csv; the paper (§4.3.3) has 1%, then larger percentages.
    """
    return data.figure("rollout-steps")["value"]


def grid() -> dict[str, list]:
    """The static page's two controls: the stage plan and the days each stage lasts."""
    steps = study_plan()
    return {"plan": ["100%", "10% → 100%", steps, "shadow → 100%", f"shadow → {steps}"],
            "stage_days": [1, 3, 7, 14, 21, 28]}


def grid_point(plan: str, stage_days: int, **params) -> RolloutResult:
    """One state of the static page; ``params`` go to :func:`simulate`.

    Cached: each state is simulated once a process, and callers share its result (never change it).
    P7's label delay, which ``simulate`` would read from ``data/``, is part of the key.
    """
    params.setdefault("label_delay_days", 7 * study_label_delay_weeks())
    return _grid_point(plan, stage_days, **params)


@cache
def _grid_point(plan: str, stage_days: int, **params) -> RolloutResult:
    return simulate(plan=plan, stage_days=stage_days, **params)


def parse_plan(plan: str) -> list[float | None]:
    """The share of users each stage serves, ``None`` for a shadow stage; the last must be 100%.

    >>> parse_plan("shadow → 1% → 10% → 100%")
    [None, 0.01, 0.1, 1.0]
    """
    stages = []
    for step in re.split(r"→|->", plan):
        step = step.strip().lower()
        number = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", step)
        if step == "shadow":
            stages.append(None)
        elif number and 0 < float(number[1]) <= 100:
            stages.append(float(number[1]) / 100)
        else:
            raise ValueError(f"stage {step!r} in plan {plan!r}: write 'shadow' or a share like '10%'")
    if stages[-1] != 1.0:
        raise ValueError(f"plan {plan!r} must end at 100%")
    return stages


@dataclass(frozen=True)
class RolloutResult:
    """What one run of the lab gives (synthetic).

    ``days``: one row per day until the guardrail fires or the watch ends (``day``, ``stage``,
    ``served``: users the candidate served that day, ``candidate_error`` and ``current_error``:
    the error rates known that evening, ``p_value``: the guardrail's). ``caught_day``: the evening
    it fired (``None``: never). ``exposed``: users the buggy candidate served until then.
    ``days_to_full``: when the plan reaches 100%, as it would for a clean candidate.
    """

    days: pd.DataFrame
    caught_day: int | None
    exposed: int
    days_to_full: int
    users_per_day: int
    error_rates: tuple[float, float]  # (current model, candidate) on the whole traffic

    def summary(self) -> dict:
        """The key numbers for the page."""
        return {"caught_day": self.caught_day, "exposed": self.exposed, "days_to_full": self.days_to_full,
                "current_error": round(self.error_rates[0], 3), "candidate_error": round(self.error_rates[1], 3)}


def simulate(
    plan: str = "1% → 10% → 100%",
    stage_days: int = 7,
    bug: str | None = DEFAULT_BUG,
    label_delay_days: int | None = None,
    seed: int = 0,
    users_per_day: int = 10_000,
    history_days: int = 28,
    alpha: float = 0.001,
) -> RolloutResult:
    """Roll the candidate out by ``plan`` (see :func:`parse_plan`), ``stage_days`` days a stage.

    ``bug``: one of :func:`study_bugs`, or ``None`` for a clean candidate. Outcomes come back
    ``label_delay_days`` late (default: P7's delay), so each evening the guardrail knows
    the errors of the days up to that many days before; it compares them, at level ``alpha``,
    with the current model's, including the ``history_days`` it served alone before launch. The
    last stage (100%) is watched for ``stage_days`` plus the label delay.

    >>> simulate(plan="shadow → 100%", stage_days=21).exposed  # caught while only in shadow
    0
    """
    stages = parse_plan(plan)
    delay = 7 * study_label_delay_weeks() if label_delay_days is None else label_delay_days
    if stage_days < 1 or users_per_day < 1 or delay < 0 or history_days < 0:
        raise ValueError("stage_days and users_per_day must be >= 1; label_delay_days and history_days >= 0")
    current, candidate = _error_rates(seed, bug)
    stage = np.minimum(np.arange(len(stages) * stage_days + delay) // stage_days, len(stages) - 1)
    shadow = np.array([s is None for s in stages])[stage]
    share = np.array([s or 0.0 for s in stages])[stage]
    served = np.round(users_per_day * share).astype(int)
    scored = np.where(shadow, users_per_day, served)  # in shadow the candidate scores everyone
    rng = np.random.default_rng([seed, 3])
    history = users_per_day * history_days
    counts = np.stack([scored, rng.binomial(scored, candidate),
                       users_per_day - served, rng.binomial(users_per_day - served, current)])
    known = np.cumsum(np.pad(counts, ((0, 0), (delay, 0)))[:, : stage.size], axis=1)  # labels back by evening
    known[2:] += np.array([[history], [rng.binomial(history, current)]])
    p_value = _one_sided_p(known[1], known[0], known[3], known[2])
    fired = np.flatnonzero(p_value < alpha)
    last = fired[0] if fired.size else stage.size - 1
    with np.errstate(invalid="ignore"):
        days = pd.DataFrame({
            "day": np.arange(1, stage.size + 1),
            "stage": ["shadow" if s is None else f"{100 * s:g}%" for s in np.array(stages, dtype=object)[stage]],
            "served": served, "candidate_error": known[1] / known[0], "current_error": known[3] / known[2],
            "p_value": p_value,
        }).iloc[: last + 1]
    return RolloutResult(days, int(fired[0] + 1) if fired.size else None, int(served[: last + 1].sum()),
                         stage_days * (len(stages) - 1), users_per_day, (current, candidate))


def _one_sided_p(errors_a, n_a, errors_b, n_b) -> np.ndarray:
    """P-values that error rate a is above error rate b: a two-proportion z-test (pooled)."""
    from scipy.stats import norm

    with np.errstate(divide="ignore", invalid="ignore"):
        rate_a, rate_b = errors_a / n_a, errors_b / n_b
        pooled = (errors_a + errors_b) / (n_a + n_b)
        z = (rate_a - rate_b) / np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return np.where(np.isfinite(z), norm.sf(z), 1.0)


# --- The made-up world and the bugs, put into a real scikit-learn pipeline ---------------------


def _customers(rng, n: int) -> pd.DataFrame:
    """``n`` made-up customers and their outcome (1 or 0), drawn from a logistic model."""
    age, income = rng.integers(18, 80, n), rng.lognormal(10.5, 0.5, n)
    cities = rng.choice(list(CITIES), size=n, p=[0.13] * 6 + [0.055] * 4)
    profile = rng.normal(size=(n, len(PROFILE_KEYS))).round(3)
    score = (0.03 * (age - 45) + 2.4 * (np.log(income) - 10.5) + np.array([CITIES[c] for c in cities])
             + profile @ WEIGHTS)
    table = pd.DataFrame({"age": age, "income": income, "city": cities,
                          "profile": [dict(zip(PROFILE_KEYS, row, strict=True)) for row in profile.tolist()]})
    table.loc[rng.random(n) < 0.15, "income"] = np.nan  # missing for 15% of customers
    table["outcome"] = (rng.random(n) < 1 / (1 + np.exp(-score))).astype(int)
    return table


def _features(table: pd.DataFrame, drop_special: bool = True, keys=PROFILE_KEYS) -> pd.DataFrame:
    """The model's inputs: the city as plain text, and one column per profile key (NaN when missing)."""
    city = table["city"].str.lower()
    if drop_special:
        city = city.map(lambda c: unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode())
    columns = {"age": table["age"], "income": table["income"], "city": city}
    columns |= {k: [p.get(k, np.nan) for p in table["profile"]] if k in keys else np.nan for k in PROFILE_KEYS}
    return pd.DataFrame(columns)


def _pipeline(seed: int):
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numbers = ["age", "income", *PROFILE_KEYS]
    columns = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
        (OneHotEncoder(handle_unknown="ignore"), ["city"]),
    )
    return make_pipeline(columns, LogisticRegression(random_state=seed))


@lru_cache(maxsize=32)
def _error_rates(seed: int, bug: str | None) -> tuple[float, float]:
    """Error rates of the current model and of the candidate with ``bug``, on 20,000 made-up requests."""
    if bug is not None and bug not in study_bugs():
        raise ValueError(f"bug {bug!r}: use None or one of data/bugs.csv's: {'; '.join(study_bugs())}")
    rng = np.random.default_rng([seed, 1])
    train, traffic = _customers(rng, 4000), _customers(rng, 20_000)
    with one_thread():
        current = _pipeline(seed).fit(_features(train), train["outcome"])
        labels, serve = train["outcome"].to_numpy().copy(), {}
        sample = np.arange(len(train))
        if bug == "Accidentally flipping labels":  # one of two training files had its labels flipped
            labels[: len(train) // 2] ^= 1
        elif bug == "Forgetting to set random seeds":  # the resample is seeded here, so runs repeat
            sample = np.random.default_rng([seed, 2]).choice(len(train), len(train))
        elif bug == "Forgetting to drop special characters in NLP":
            serve = {"drop_special": False}
        elif bug == "Half the keys missing in a JSON feature column":
            serve = {"keys": PROFILE_KEYS[::2]}
        candidate = _pipeline(seed).fit(_features(train.iloc[sample]), labels[sample])
        if bug == "Corrupted imputation values for missing features":  # income's fill value saved as 0
            candidate[0].named_transformers_["pipeline"][0].statistics_[1] = 0.0
        truth = traffic["outcome"].to_numpy()
        current_error = float((current.predict(_features(traffic)) != truth).mean())
        candidate_error = float((candidate.predict(_features(traffic, **serve)) != truth).mean())
    return current_error, candidate_error


def check(plan: str, stage_days: int, max_exposed: int = 20_000, max_days: int = 30, **params) -> Verdict:
    """Does the plan reach 100% within ``max_days`` while the bug meets at most ``max_exposed`` users?

    ``params`` go to :func:`simulate` (bug, seed, label delay ...). A wrong answer is told why:
    ``too-many-exposed``, ``too-slow``, or ``unknown`` (a plan that does not parse).

    The plan is read in any case, with "→" or "->"; the days as a whole number from 1 to
    :data:`MAX_STAGE_DAYS` (``7.0`` is 7); anything else is told what to give (``unknown``).

    >>> check("100%", 7).failures
    ('too-many-exposed',)
    >>> check(7, "100%").reason
    "give the plan as text, like '1% → 10% → 100%', not int 7."
    """
    try:
        plan = answers.one(plan, "the plan")
        if not isinstance(plan, str):
            raise answers.WrongForm(f"the plan as text, like {study_plan()!r}, not {type(plan).__name__} {plan!r}")
        stage_days = answers.number(stage_days, "the days a stage lasts", whole=True, low=1, high=MAX_STAGE_DAYS,
                                    example=7)
        parse_plan(plan)
    except answers.WrongForm as wrong:
        return Verdict(False, f"give {wrong}.", ("unknown",))
    except ValueError as error:
        return Verdict(False, f"{error}.", ("unknown",))
    result = grid_point(plan, stage_days, **params)
    reasons, failures = [], []
    exposure = _exposure(result, params.get("bug", DEFAULT_BUG))
    if result.exposed > max_exposed:
        reasons.append(f"{exposure}, over the limit of {max_exposed:,}")
        failures.append("too-many-exposed")
    if result.days_to_full > max_days:
        reasons.append(f"a clean candidate would take {plural(result.days_to_full, 'day')} to reach 100%, over "
                       f"the budget of {max_days}")
        failures.append("too-slow")
    stages = f"{plan}, {plural(stage_days, 'day')} a stage"
    if failures:
        return Verdict(False, f"{stages}: " + "; ".join(reasons) + ".", tuple(failures))
    return Verdict(True, f"{stages}: {exposure}, and a clean candidate reaches 100% {_full(result)}.")


def _exposure(result: RolloutResult, bug: str | None) -> str:
    """Whom the candidate met and whether the guardrail caught it, in words.

    >>> caught = RolloutResult(pd.DataFrame(), 15, 1, 7, 100, (0.1, 0.2))
    >>> print(_exposure(caught, "a bug"))
    the bug meets 1 user before it is caught on day 15
    >>> print(_exposure(caught, None))
    the clean candidate serves 1 user; the guardrail rolls it back on day 15 all the same (a false alarm)
    >>> print(_exposure(RolloutResult(pd.DataFrame(), None, 0, 7, 100, (0.1, 0.2)), "a bug"))
    the bug meets nobody and is never caught
    """
    met = plural(result.exposed, "user") if result.exposed else "nobody"
    if bug is None:
        fired = (f"the guardrail rolls it back on day {result.caught_day} all the same (a false alarm)"
                 if result.caught_day else "the guardrail never fires")
        return f"the clean candidate serves {met}; {fired}"
    if result.caught_day:
        return f"the bug meets {met} before it is caught on day {result.caught_day}"
    return f"the bug meets {met} and is never caught"


def _full(result: RolloutResult) -> str:
    return f"after {plural(result.days_to_full, 'day')}" if result.days_to_full else "at once"


def solution(max_exposed: int = 20_000, max_days: int = 30, **params) -> tuple[str, int] | None:
    """The grid's fastest plan that passes :func:`check` (fewest users exposed among equals), or None."""
    passing = [(grid_point(**point, **params), tuple(point.values())) for point in grid_points(grid())
               if check(**point, max_exposed=max_exposed, max_days=max_days, **params)]
    return min(passing, key=lambda p: (p[0].days_to_full, p[0].exposed))[1] if passing else None


def state(plan: str, stage_days: int, **params) -> LabState:
    """One state of the static page: the users the buggy candidate serves each day, until caught.

    Its key numbers in words and a chart (:mod:`mlops_book.labs.charts`); ``params`` go to :func:`simulate`.
    """
    result = grid_point(plan, stage_days, **params)
    caught = f"caught on day {result.caught_day}" if result.caught_day else "never caught"
    words = (
        f"Plan {plan}, {plural(stage_days, 'day')} a stage: {_exposure(result, params.get('bug', DEFAULT_BUG))}; "
        f"a clean candidate would reach 100% of users {_full(result)}."
    )

    def draw() -> LabChart:
        days = result.days
        fig, ax = new_figure(f"{plan}, {plural(stage_days, 'day')} a stage", left=0.9)
        edges = np.arange(len(days) + 1) + 0.5  # day d spans d - 0.5 to d + 0.5
        ax.stairs(days["served"], edges, fill=True, facecolor=to_rgba(style.VERMILLION, 0.35),
                  edgecolor=style.VERMILLION, lw=1, label="users who met the bug")  # its outline: 3.9:1
        ax.stairs(days["served"], edges, color=style.BLUE, lw=2)
        if result.caught_day:
            ax.axvline(result.caught_day + 0.5, color=style.INK, lw=1, ls="--", label=caught)  # that evening
        else:
            ax.plot([], [], ls="none", label=caught)  # said in the legend all the same
        if not result.exposed:
            ax.text(0.5, 0.3, "nobody met the bug", transform=ax.transAxes, ha="center", color=style.INK)
        # the legend above the users' line, not on it
        ax.set_ylim(0, result.users_per_day * 1.5)
        ax.set_yticks([0, result.users_per_day // 2, result.users_per_day],
                      [f"{n:,}" for n in (0, result.users_per_day // 2, result.users_per_day)])
        ax.set_xlim(0.5, max(len(days), 2) + 1)
        ax.xaxis.get_major_locator().set_params(integer=True, nbins=5)
        ax.set_xlabel("Day")
        ax.set_ylabel("Users a day")
        ax.legend(frameon=False, fontsize=SMALLEST_PT, loc="upper left")
        return finish(fig, words, "Step chart of users served each day by a candidate model with a bug",
                      "Users per day the candidate serves until the guardrail rolls it back (a shadow stage "
                      "serves nobody); shaded: users who met the bug.")

    return LabState(result, words, draw)
