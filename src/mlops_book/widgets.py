"""Interactives that work with a kernel and without one (placeholder builders).

Each builder returns an ipywidgets widget. The final versions link controls to
precomputed views on the front end, so they work in the static book.
"""

from __future__ import annotations

import ipywidgets as w


def _placeholder(name: str) -> w.HTML:
    return w.HTML(f"<p><em>Interactive to come: {name}.</em></p>")


def workflow_cycle():
    return _placeholder("the workflow cycle")


def tension_slider():
    return _placeholder("the Three Vs tension slider")


def findings_tabs():
    return _placeholder("the findings tabs")


def retraining_explorer():
    return _placeholder("the retraining frequency explorer")


def data_error_spectrum():
    return _placeholder("the data-error spectrum")


def anti_pattern_tabs():
    return _placeholder("the anti-pattern tabs")


def stack_explorer():
    return _placeholder("the four-layer stack")


def participant_explorer():
    return _placeholder("the participant explorer")
