"""Simulated labs: the study's problems as small, seeded simulations a learner can run and change.

Everything in this package is **synthetic**: made-up streams, metrics, users and tables, not the
study's data. The only study numbers a lab reads are its defaults (a label delay, the study's
retraining cadences, its rollout steps, its list of bugs), always from ``data/`` through
:mod:`mlops_book.data`; no simulated number ever goes back into the study's evidence.

One module per lab, each with the same shape:

- ``simulate(...)``: the lab itself, every parameter with a default, seeded and deterministic;
- ``grid()`` and ``grid_point(...)``: the two controls the static page precomputes, and one state;
- ``state(...)``: one state in words and as a small chart, labelled as a simulation (drawn with
  :mod:`~mlops_book.labs.charts`);
- ``check(answer, ...)`` and ``solution(...)``: judge a learner's decision, saying why a wrong one is
  wrong, and give a decision the check accepts, both computed from the simulation.

:mod:`~mlops_book.labs.drift` (drift and retraining cadence), :mod:`~mlops_book.labs.alerts`
(alert fatigue), :mod:`~mlops_book.labs.rollout` (staged rollout) and
:mod:`~mlops_book.labs.validation` (data validation). Around them: :mod:`~mlops_book.labs.catalogue`
(one record per lab: its chapter, controls, title, the state it opens on), from which
:mod:`~mlops_book.labs.widgets` builds its static explorer, :mod:`~mlops_book.labs.pages` its
evidence table and live version, and :mod:`mlops_book.interactives` its registry entry.

>>> grid_points({"a": [1, 2], "b": ["x", "y"]})
[{'a': 1, 'b': 'x'}, {'a': 1, 'b': 'y'}, {'a': 2, 'b': 'x'}, {'a': 2, 'b': 'y'}]
>>> Verdict(False, "misses incident 3", ("misses-incident-3",))
Not yet: misses incident 3
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Verdict:
    """A check of a learner's decision: right or not, why in words, and why as short codes.

    ``failures`` holds one code per problem (e.g. ``"too-costly"``, ``"misses-incident-3"``), so
    tests and pages can tell the reasons apart without parsing the sentence.
    """

    correct: bool
    reason: str
    failures: tuple[str, ...] = ()

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return f"{'Right' if self.correct else 'Not yet'}: {self.reason}"


def study_label_delay_weeks() -> int:
    """How late labels arrive, in weeks: the low end of ``label-delay-weeks`` (P7's "at least 2 weeks")."""
    from .. import data

    return int(data.figure("label-delay-weeks")["low"])


def grid_points(grid: dict) -> list[dict]:
    """Every combination of a lab's controls, in reading order (first control slowest)."""
    names = list(grid)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())]


@lru_cache(maxsize=1)
def _controller():
    # The controller sees only the thread pools loaded when it is made: load scikit-learn (and with
    # it SciPy's own OpenBLAS and OpenMP) first, or those pools keep all their threads.
    import sklearn.linear_model  # noqa: F401
    from threadpoolctl import ThreadpoolController  # comes with scikit-learn

    return ThreadpoolController()


def one_thread():
    """A context in which BLAS/OpenMP use one thread.

    The labs fit many tiny models: on a busy 2-core machine, thread pools cost more than they
    save (a 2-feature fit took 300 ms with two threads, 7 ms with one), and one thread keeps
    floating-point sums in one order, so results repeat exactly.
    """
    return _controller().limit(limits=1)
