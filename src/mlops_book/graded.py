"""The graded assignments' worlds: the simulated data each assignment reads, drawn from a term seed.

Synthetic data, not the study's: the labs' made-up worlds (:mod:`mlops_book.labs`), drawn again for a
term. ``make assignments SEED=...`` writes each assignment's files (:func:`write_term`) beside its master
notebook (``assignments/<name>/<name>.md``), runs the notebook on them, and lets otter-grader build the
student and autograder versions: the hidden tests' expected values are that run's outputs, so they change
with the seed, and a public repository holds no term's grades. The default seed is :data:`DEFAULT_SEED`.

The only study numbers a world reads are the labs' defaults, from ``data/``: P7's label delay, the
explainer's rollout steps and the interviewees' bugs.

>>> sorted(ASSIGNMENTS)
['drift_policy', 'rollout_guardrail']
>>> world = drift_world(1)
>>> world["term"]["label_delay_days"] == 7 * study_label_delay_weeks()
True
>>> bool(world["stream"].equals(drift_world(1)["stream"])), bool(world["stream"].equals(drift_world(2)["stream"]))
(True, False)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from .labs import drift, rollout, study_label_delay_weeks

#: The term seed ``make assignments`` uses when none is given (``SEED=...``).
DEFAULT_SEED = 2026
#: Said at the top of every file an assignment reads and of every notebook it is in.
SIMULATED = "Simulated data, not the study's: a made-up world drawn from the term seed."
#: The retraining periods (days) the drift assignment compares: the lab's cadences from daily to every few months.
PERIODS = (1, 7, 14, 28, 91)
#: The accuracy the drift assignment's policy must keep, as in Lab 1.
TARGET_ACCURACY = 0.85
#: The guardrail's significance level, as in Lab 3.
ALPHA = 0.001
#: Bugs the rollout assignment never draws: in Lab 3's world their candidate errs about as often as the
#: current model (an unseeded resample is still a fair sample), so a guardrail has nothing to catch.
QUIET_BUGS = ("Forgetting to set random seeds",)


def drift_lab_params(seed: int) -> dict:
    """The term's drift world as :func:`mlops_book.labs.drift.simulate`'s parameters (no cadence).

    Drawn from the seed: how fast the world turns, when it jumps and by how much; the rest is Lab 1's.

    >>> drift_lab_params(1) == drift_lab_params(1) != drift_lab_params(2)
    True
    """
    rng = np.random.default_rng([seed, 20])
    return {
        "seed": seed,
        "horizon_days": 182,
        "per_day": 100,
        "window_days": 28,
        "drift_degrees_per_week": float(rng.choice([1.0, 2.0, 3.0])),
        "shift_day": int(rng.integers(70, 141)),
        "shift_degrees": float(rng.choice([30.0, 45.0, 60.0])),
        "noise": 0.05,
        "label_delay_days": 7 * study_label_delay_weeks(),
    }


def drift_world(seed: int) -> dict:
    """The drift assignment's files: ``stream`` (every example: day, x1, x2, label) and ``term`` (its settings).

    The stream is Lab 1's (:mod:`mlops_book.labs.drift`), from day ``-window_days`` (the first model's
    training days) to the last day; the cost of a retrain and the term's limit are drawn from the seed.
    """
    params = drift_lab_params(seed)
    stream = drift._Stream(params["seed"], params["horizon_days"], params["per_day"], params["window_days"],
                           params["drift_degrees_per_week"], params["shift_day"], params["shift_degrees"],
                           params["noise"])
    x, y = drift._examples(stream)
    days = np.repeat(np.arange(stream.first_day, stream.horizon_days), stream.per_day)
    table = pd.DataFrame({"day": days, "x1": x[..., 0].ravel(), "x2": x[..., 1].ravel(), "label": y.ravel()})
    rng = np.random.default_rng([seed, 21])
    cost_per_retrain = int(rng.choice([200, 250, 300]))
    term = {
        "about": SIMULATED,
        "horizon_days": params["horizon_days"],
        "per_day": params["per_day"],
        "window_days": params["window_days"],
        "label_delay_days": params["label_delay_days"],
        "periods_days": list(PERIODS),
        "cost_per_retrain": cost_per_retrain,
        "cost_limit": cost_per_retrain * int(rng.choice([6, 12, 25])) + int(rng.integers(0, cost_per_retrain)),
        "target_accuracy": TARGET_ACCURACY,
    }
    return {"stream": table, "term": term}


def rollout_world(seed: int) -> dict:
    """The rollout assignment's files: ``days`` (each day's users and errors, both models) and ``term``.

    Lab 3's world (:mod:`mlops_book.labs.rollout`): the candidate carries one of the interviewees' bugs
    (drawn from the seed, never one of :data:`QUIET_BUGS`), and meets users by the explainer's stage plan,
    ``stage_days`` (drawn) a stage.
    ``days`` holds what happened; each day's errors are known only ``label_delay_days`` later.
    """
    rng = np.random.default_rng([seed, 30])
    bugs = [bug for bug in rollout.study_bugs() if bug not in QUIET_BUGS]
    bug = bugs[int(rng.integers(len(bugs)))]
    stage_days = int(rng.choice([3, 5, 7]))
    delay = 7 * study_label_delay_weeks()
    plan = rollout.study_plan()
    shares = np.array(rollout.parse_plan(plan), dtype=float)
    current_rate, candidate_rate = rollout._error_rates(seed, bug)
    users_per_day, history_days = 10_000, 28
    stage = np.minimum(np.arange(len(shares) * stage_days + delay) // stage_days, len(shares) - 1)
    candidate = np.round(users_per_day * shares[stage]).astype(int)
    current = users_per_day - candidate
    days = pd.DataFrame({
        "day": np.arange(1, stage.size + 1),
        "stage": [f"{100 * s:g}%" for s in shares[stage]],
        "candidate_users": candidate, "candidate_errors": rng.binomial(candidate, candidate_rate),
        "current_users": current, "current_errors": rng.binomial(current, current_rate),
    })
    history_users = users_per_day * history_days
    term = {
        "about": SIMULATED,
        "plan": plan,
        "stage_days": stage_days,
        "label_delay_days": delay,
        "alpha": ALPHA,
        "history_users": history_users,
        "history_errors": int(rng.binomial(history_users, current_rate)),
    }
    return {"days": days, "term": term}


#: Each assignment's world, by the name of its folder in ``assignments/``.
ASSIGNMENTS = {"drift_policy": drift_world, "rollout_guardrail": rollout_world}


def write_term(name: str, seed: int, folder: Path) -> list[Path]:
    """Write assignment ``name``'s files for term ``seed`` into ``folder/term/``; return their paths.

    Tables go to CSV (full precision, so a learner's model sees the lab's numbers), settings to JSON;
    each CSV starts with a comment line saying the data are simulated.
    """
    if name not in ASSIGNMENTS:
        raise ValueError(f"assignment {name!r}: use one of {', '.join(sorted(ASSIGNMENTS))}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"the term seed must be a whole number >= 0, not {seed!r}")
    out = Path(folder) / "term"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key, value in ASSIGNMENTS[name](seed).items():
        if isinstance(value, pd.DataFrame):
            path = out / f"{key}.csv"
            with path.open("w", encoding="utf-8", newline="") as file:
                file.write(f"# {SIMULATED}\n")
                value.to_csv(file, index=False)
        else:
            path = out / f"{key}.json"
            path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
