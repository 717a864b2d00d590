"""A lab's static explorer: two controls over its grid of precomputed states, working with no kernel.

:func:`explorer` builds, from the lab's record (:mod:`mlops_book.labs.catalogue`), an
:class:`~mlops_book.widgets.Explorer` with two controls: the first control's position selects one
inner Stack of views, the second's the view inside every inner Stack. The browser needs no Python;
the same widget works live in Jupyter. Each state's view is a chart and its key numbers in words
(:mod:`mlops_book.labs.charts`), every one labelled as a simulation; every state is simulated once
a process (:meth:`~mlops_book.labs.catalogue.Lab.grid_states`).

>>> lab = explorer("alerts")
>>> [len(c.options) for c in lab.controls], len(lab.state_views)
([6, 4], 24)
>>> lab.state_index == 4 * lab.controls[0].index + lab.controls[1].index
True
"""

from __future__ import annotations

import ipywidgets as w
from markupsafe import Markup

from ..render import part
from ..widgets import KEYS_BUTTONS, KEYS_SLIDER, Explorer
from .catalogue import lab as lab_called

#: How to reach each kind of control by keyboard, as the other interactives say it.
KEYS = {"buttons": KEYS_BUTTONS.removeprefix("Keyboard: ").rstrip("."),
        "slider": KEYS_SLIDER.removeprefix("Keyboard: ").rstrip(".")}
#: The label above every lab's controls.
SIMULATION_BADGE = ("Simulation:", ("synthetic data, not the study's data. Every chart below is computed from a "
                    "seeded, made-up world; the evidence from the book's data is beside it on this page."))


def _control(kind: str, labels, description: str):
    options = [(str(label), i) for i, label in enumerate(labels)]
    if kind == "buttons":
        return w.ToggleButtons(options=options, description=description,
                               style={"description_width": "initial", "button_width": "auto"})
    return w.SelectionSlider(options=options, description=description, readout=True, continuous_update=True,
                             style={"description_width": "initial"}, layout=w.Layout(width="100%", max_width="40em"))


def explorer(name: str) -> Explorer:
    """The static explorer of the lab called ``name``: its two controls over every state of its grid."""
    lab = lab_called(name)
    grid = lab.grid()
    views = [state.html for state in lab.grid_states().states.values()]
    controls = [_control(c.kind, [c.label(v) for v in values], c.description)
                for c, values in zip(lab.controls, grid.values(), strict=True)]
    position = [list(grid[key]).index(value) for key, value in lab.default_state().items()]
    first, second = (KEYS[kind] for kind in lab.control_kinds)
    keys = f"Keyboard: first control, {first}; second control, {second}."
    badge = part("badge", *SIMULATION_BADGE, dashed=True)
    return Explorer(f"{name}-lab", lab.title, controls, views, position,
                    intro=Markup(badge + part("para", lab.intro)), keys=keys)
