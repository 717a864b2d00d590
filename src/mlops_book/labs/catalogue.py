"""The catalogue of labs: one record per lab, from which the book makes its widget, page and registry entry.

A :class:`Lab` names its simulation module (``labs.<name>``: ``simulate``, ``grid``, ``grid_point``,
``state``, ``check``, ``solution``), its chapter, the title and introduction of its static
explorer, its two controls, the state it opens on and the parameters its live version opens. The
static explorer (:func:`mlops_book.labs.widgets.explorer`), the live lab
(:func:`mlops_book.labs.pages.live`), the registry of interactives (:mod:`mlops_book.interactives`)
and the tests all read :data:`LABS`; no other file lists the labs. A new lab is a simulation
module, a record here and a chapter.

>>> [lab.name for lab in LABS]
['drift', 'alerts', 'rollout', 'validation']
>>> alerts = lab("alerts")
>>> alerts.chapter, alerts.widget_name, alerts.control_kinds
('chapters/labs/02_alerts', 'alerts_lab', ('slider', 'buttons'))
>>> alerts.default_state()
{'threshold': 4.0, 'rule': 'static'}
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from . import alerts, drift, grid_points, rollout, validation
from .charts import LabState

#: The kinds of control a lab's grid may have (as the registry of interactives names them).
CONTROL_KINDS = ("buttons", "slider")
#: The seed's range in every live lab.
SEED = (0, 99, 1)


def _weeks(n: int) -> str:
    return f"{n} week" + ("" if n == 1 else "s")


@dataclass(frozen=True)
class Control:
    """One control of a lab's static explorer, over one parameter of its grid.

    ``kind``: toggle buttons or a selection slider; ``description``: its visible label;
    ``label``: how one of the grid's values reads on it.
    """

    kind: str
    description: str
    label: Callable[[Any], str] = str

    def __post_init__(self):
        if self.kind not in CONTROL_KINDS:
            raise ValueError(f"control {self.description!r}: kind must be one of {CONTROL_KINDS}, not {self.kind!r}")


@dataclass(frozen=True)
class GridStates:
    """Every state of a lab's grid, by the values of its controls in state order (row-major), and the
    CPU seconds its simulations took when they ran (once a process)."""

    states: dict[tuple, LabState]
    cpu_seconds: float


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one record per lab
class Lab:
    """One lab of the book.

    ``simulation``: its module in :mod:`mlops_book.labs`; ``chapter``: the chapter showing it, as a
    path without suffix from the book's root; ``title`` and ``intro``: the static explorer's;
    ``controls``: one :class:`Control` per parameter of the simulation's ``grid()``, in its order;
    ``opens_on``: the value of each control the explorer and the live lab start at; ``live``: the
    range of every other parameter the live lab opens, as ipywidgets' abbreviations (the grid's two
    come first). A value of ``opens_on`` or ``live`` may be a function of no arguments giving it,
    when it reads ``data/``.
    """

    simulation: ModuleType
    chapter: str
    title: str
    intro: str
    controls: tuple[Control, ...]
    opens_on: dict[str, Any]
    live: dict[str, Any]

    @property
    def name(self) -> str:
        """The lab's short name, its simulation module's: ``"drift"``."""
        return self.simulation.__name__.rpartition(".")[2]

    @property
    def widget_name(self) -> str:
        """The static explorer's name in the registry of interactives: ``"drift_lab"``."""
        return f"{self.name}_lab"

    @property
    def control_kinds(self) -> tuple[str, ...]:
        return tuple(control.kind for control in self.controls)

    def grid(self) -> dict[str, list]:
        """The values of each control, from the simulation (it may read ``data/``)."""
        grid = self.simulation.grid()
        if len(grid) != len(self.controls):
            raise ValueError(f"lab {self.name}: {len(grid)} grid parameters but {len(self.controls)} controls")
        return grid

    def state(self, *values, **params) -> LabState:
        """One state, computed now: the simulation's ``state`` (its result, words and chart)."""
        return self.simulation.state(*values, **params)

    def default_state(self) -> dict[str, Any]:
        """The value of each control the lab opens on."""
        return {key: value() if callable(value) else value for key, value in self.opens_on.items()}

    def live_ranges(self) -> dict[str, Any]:
        """The range of each parameter the live lab opens, the grid's two first."""
        grid = self.grid()
        ranges = {key: self.live.get(key, values) for key, values in grid.items()}
        ranges |= {key: value() if callable(value) else value for key, value in self.live.items()}
        return ranges

    def grid_states(self) -> GridStates:
        """Every state of the grid, simulated once a process (the static page shows each of them).

        Cached by the record and the grid's values, so that data which changes the grid makes new states.
        """
        points = tuple(tuple(point.items()) for point in grid_points(self.grid()))
        return _simulate_grid(self, points)


@cache
def _simulate_grid(lab: Lab, points: tuple) -> GridStates:
    start = time.process_time()
    states = {tuple(value for _, value in point): lab.state(**dict(point)) for point in points}
    return GridStates(states, time.process_time() - start)


#: Every lab, in reading order.
LABS: tuple[Lab, ...] = (
    Lab(
        drift,
        "chapters/labs/01_drift",
        "Drift and retraining cadence (simulation)",
        "Choose how often the model is retrained, then how late the true labels come back.",
        (Control("buttons", "Retrain"), Control("slider", "Labels back after", _weeks)),
        opens_on={"cadence": "Weekly", "label_delay_weeks": drift.study_label_delay_weeks},
        live={"label_delay_weeks": (0, 12, 1), "seed": SEED, "drift_degrees_per_week": (0.0, 10.0, 0.5),
              "shift_degrees": (0.0, 90.0, 5.0), "shift_day": (1, 181, 1), "noise": (0.0, 0.3, 0.01),
              "cost_per_retrain": (0.1, 10.0, 0.1), "target": (0.5, 0.95, 0.01)},
    ),
    Lab(
        alerts,
        "chapters/labs/02_alerts",
        "Alert fatigue (simulation)",
        "Slide the threshold (how many spreads from normal a metric must move), then choose the rule.",
        (Control("slider", "Threshold (spreads)", lambda t: f"{t:g}"), Control("buttons", "Rule")),
        opens_on={"threshold": 4.0, "rule": "static"},
        live={"threshold": (*alerts.THRESHOLD_RANGE, 0.5), "seed": SEED, "n_metrics": (5, 100, 5), "weeks": (2, 12, 1),
              "n_incidents": (1, 10, 1), "wander": (0.0, 0.2, 0.01), "bursts_per_week": (0.0, 20.0, 1.0)},
    ),
    Lab(
        rollout,
        "chapters/labs/03_rollout",
        "Staged rollout of a buggy model (simulation)",
        "Choose the stages, then slide how many days each stage lasts. The candidate model has the "
        f"bug {inspect.signature(rollout.simulate).parameters['bug'].default!r}.",
        (Control("buttons", "Stage plan"), Control("slider", "Days a stage")),
        opens_on={"plan": rollout.study_plan, "stage_days": 7},
        live={"stage_days": (1, 28, 1),
              "bug": lambda: [("none (a clean candidate)", None)] + [(b, b) for b in rollout.study_bugs()],
              "label_delay_days": (0, 28, 1), "seed": SEED, "users_per_day": (1000, 100_000, 1000),
              "alpha": (0.0001, 0.05, 0.0001)},
    ),
    Lab(
        validation,
        "chapters/labs/04_validation",
        "Data validation (simulation)",
        "Choose which checks run on each daily batch, then slide how strict their thresholds are.",
        (Control("buttons", "Checks"), Control("slider", "Strictness")),
        opens_on={"checks": "schema, range", "strictness": "middle"},
        live={"seed": SEED, "rows_per_day": (100, 2000, 100), "drift_years": (0.0, 15.0, 0.5),
              "weekend_years": (0.0, 6.0, 0.5), "hours_per_false_alarm": (0.5, 8.0, 0.5)},
    ),
)


def lab(name: str) -> Lab:
    """The lab called ``name``; a clear error for a name that is not catalogued.

    >>> lab("drift").title
    'Drift and retraining cadence (simulation)'
    >>> lab("drfit")
    Traceback (most recent call last):
    ...
    KeyError: "no lab 'drfit'; the labs are: drift, alerts, rollout, validation"
    """
    for entry in LABS:
        if entry.name == name:
            return entry
    raise KeyError(f"no lab {name!r}; the labs are: {', '.join(entry.name for entry in LABS)}")
