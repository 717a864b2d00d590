"""The pictures in the interactives: the level bars, and the diagrams whose parts are the control.

A diagram (the workflow's cycle, the stack's building, the spectrum of data errors) is
drawn by the control itself: toggle buttons that the diagram's own styles
(:func:`diagram_styles`, inline so that Jupyter draws it too) lay out as the picture, so
that a reader clicks, taps or presses Enter on a step or a floor to choose it, and the
arrow keys move between the parts (``_static/widgets-a11y.js``). The level bars are
HTML computed here, from the markup in ``templates/`` (see :mod:`mlops_book.render`), which
escapes all text from data. Colours come from :mod:`mlops_book.style`.

>>> import ipywidgets as w
>>> cycle = diagram(w.ToggleButtons(options=["Collect", "Train"]), "cycle")
>>> cycle._dom_classes
('mlops-diagram', 'mlops-diagram-cycle')
"""

from __future__ import annotations

import ipywidgets as w
from markupsafe import Markup

from . import data, style
from .render import render

#: The diagrams :func:`diagram_styles` draws from toggle buttons, and what one part of each is called.
DIAGRAM_PARTS = {"cycle": "step", "building": "floor", "spectrum": "step"}


def diagram(control: w.ToggleButtons, shape: str) -> w.ToggleButtons:
    """Mark ``control`` to be drawn as the diagram ``shape`` (one of :data:`DIAGRAM_PARTS`): its buttons are the parts.

    >>> diagram(w.ToggleButtons(options=["a"]), "tower")
    Traceback (most recent call last):
    ...
    ValueError: no diagram 'tower'; the diagrams are building, cycle, spectrum
    """
    if shape not in DIAGRAM_PARTS:
        raise ValueError(f"no diagram {shape!r}; the diagrams are {', '.join(sorted(DIAGRAM_PARTS))}")
    control.add_class("mlops-diagram")
    control.add_class(f"mlops-diagram-{shape}")
    return control


def diagram_styles(shape: str) -> Markup:
    """The ``<style>`` that draws the diagram ``shape``, to show above it (its colours follow the page's).

    >>> css = diagram_styles("building")
    >>> from mlops_book import style
    >>> css.startswith("<style>"), ".mlops-diagram-building" in css, f"var(--mlops-muted, {style.MUTED})" in css
    (True, True, True)
    """
    if shape not in DIAGRAM_PARTS:
        raise ValueError(f"no diagram {shape!r}; the diagrams are {', '.join(sorted(DIAGRAM_PARTS))}")
    return render("diagram_styles.html", shape=shape)


def keys_for_diagram(shape: str) -> str:
    """How to use a diagram by keyboard, naming its parts.

    >>> print(keys_for_diagram("building"))
    Keyboard: Tab to a floor and press Enter or Space; on the book's pages the arrow keys also move from floor to floor.
    """
    # the arrow keys come from the book's script (_static/widgets-a11y.js), which Jupyter does not load
    part = DIAGRAM_PARTS[shape]
    return (
        f"Keyboard: Tab to a {part} and press Enter or Space; "
        f"on the book's pages the arrow keys also move from {part} to {part}."
    )


def level_bars(state) -> Markup:
    """For each of the Three Vs, a bar whose length and colour show ``state``'s qualitative level.

    ``state`` has one attribute per V (its id in three_vs.csv) naming a level of
    :data:`mlops_book.style.LEVEL_STYLE`; the level is also written as a word.
    """
    bars = []
    for v in data.load("three_vs").sort_values("order").itertuples():
        level = getattr(state, v.id)
        length, colour = style.LEVEL_STYLE[level]
        colour = style.var(colour)  # as CSS, so that it follows dark mode
        bars.append({"icon": v.icon, "name": v.name, "level": level, "width": f"{length * 100:.0f}", "colour": colour})
    return render("level_bars.html", bars=bars)
