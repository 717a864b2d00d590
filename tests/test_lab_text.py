"""The labs' words read as English in every state: no "1 weeks", no "1 days", no "before it is never caught".

Every state of every lab's grid (what the static page shows), the check's verdict on every point of
the grid (what an exercise cell says), and the states at the edges of the live lab's ranges where a
count falls to one (a threshold of 1 spread, one incident, a clean candidate, an hour per false alarm
and a bug the guardrail never catches) are generated and read for slips.
"""

from __future__ import annotations

import re

import pytest

from mlops_book.labs import alerts, grid_points, rollout, validation
from mlops_book.labs.catalogue import LABS

#: A count of one with a plural noun ("1 weeks"), unless the word is not a plural ("1 is").
_ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 (?!(?:is|was|has|as|this|its|plus)\b)([a-z]+s)\b")
SLIPS = {
    "a plural after one": _ONE_PLURAL,
    "a plural after one (two words)": re.compile(r"(?<![\d.,])\b1 (?:false|real) [a-z]+s\b"),
    "a plural in brackets": re.compile(r"\w\(s\)"),
    "'is never caught' after 'before'": re.compile(r"before it is never"),
    "a doubled word": re.compile(r"\b([a-z]+) \1\b"),
    "a float count": re.compile(r"\b\d+\.0 (?:days?|weeks?|hours?|users?|incidents?|spreads?)\b"),
}

#: Live states at the edges of the ranges where a count is one: (lab, values of the grid's two, other parameters).
EDGES = [
    ("alerts", (1.0, "static"), {}),
    ("alerts", (4.0, "static"), {"n_incidents": 1}),
    ("alerts", (4.0, "adaptive"), {"n_incidents": 2, "weeks": 2}),
    ("rollout", ("100%", 1), {"bug": None}),
    ("rollout", ("shadow → 100%", 1), {"bug": None, "label_delay_days": 0}),
    ("rollout", ("100%", 1), {"users_per_day": 1000, "alpha": 0.0001}),  # a bug never caught
    ("validation", ("schema, range, missing, distribution", "strictest"), {"hours_per_false_alarm": 1.0}),
]


def slips(text: str) -> list[str]:
    """The slips in ``text``, each named with the words around it.

    >>> slips("Plan 100%, 1 days a stage: the bug meets nobody before it is never caught.")
    ["a plural after one: '1 days'", "'is never caught' after 'before': 'before it is never'"]
    >>> slips("1 week, 2 weeks; incident 1 is missed.")
    []
    """
    return [f"{name}: {match.group(0)!r}" for name, pattern in SLIPS.items() for match in pattern.finditer(text)]


def _texts(lab) -> dict[str, str]:
    texts = {f"state {key}": state.words for key, state in lab.grid_states().states.items()}
    for point in grid_points(lab.grid()):
        texts[f"check {tuple(point.values())}"] = lab.simulation.check(*point.values()).reason
    return texts


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.name)
def test_every_state_and_verdict_of_the_grid_reads_right(lab):
    found = {where: slips(text) for where, text in _texts(lab).items()}
    assert not {where: s for where, s in found.items() if s}, lab.name


@pytest.mark.parametrize(("name", "values", "params"), EDGES, ids=lambda v: str(v)[:40])
def test_the_live_edges_read_right(name, values, params):
    simulation = {"alerts": alerts, "rollout": rollout, "validation": validation}.get(name)
    lab = next(lab for lab in LABS if lab.name == name)
    words = lab.state(*values, **params).words
    assert not slips(words), words
    if simulation is not None:
        reason = simulation.check(*values, **params).reason
        assert not slips(reason), reason


def test_the_slips_are_caught():
    """The patterns find the slips the labs used to make."""
    assert slips("Threshold 1 spreads, rule static") and slips("with 1 false alarm(s)")
    assert slips("1 false alarms (3 hours)") and slips("labels back after 1.0 weeks")
