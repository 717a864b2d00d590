"""Hand-drawn SVG and HTML pictures inside the interactives: the cycle, the level bars, the spectrum, the building.

Each drawing shows every row of its data with one of them highlighted (the
interactive's current state), and says in text what the picture shows. The
geometry is computed here; the markup is in ``templates/`` (see
:mod:`mlops_book.render`), which escapes all text from data. Colours come from
:mod:`mlops_book.style`.

>>> svg = cycle_svg(["Collect", "Train", "Evaluate", "Deploy"], 1)
>>> svg.count("<rect"), "Highlighted: 2 Train." in svg
(4, True)
"""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup

from . import data, style
from .render import render

#: Centres of the four boxes in the cycle picture: top, right, bottom, left (clockwise).
CYCLE_SPOTS = ((190, 36), (312, 132), (190, 228), (68, 132))
BOX_WIDTH, BOX_HEIGHT = 128, 52
#: Colours of the spectrum's steps, from the most to the least visible (as CSS: they follow dark mode).
SPECTRUM_COLOURS = tuple(map(style.var, (style.VERMILLION, style.ORANGE, style.SKY, style.PURPLE, style.GREEN)))


def lines(text: str, width: int = 16) -> list[str]:
    """Split a label into lines of about ``width`` characters, at spaces.

    >>> lines("4. Monitoring and Response")
    ['4. Monitoring', 'and Response']
    """
    found, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            found.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return found + [current]


def arrow(start, control, end) -> dict[str, str]:
    """A curved arrow from ``start`` to ``end``: a quadratic curve and a drawn head.

    The head is a polygon rather than an SVG marker because marker ids would clash
    between the many pictures on one page.

    >>> arrow((0, 0), (10, 0), (10, 10))["head"]
    '10.0,10.0 5.0,1.0 15.0,1.0'
    """
    dx, dy = end[0] - control[0], end[1] - control[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    back = (end[0] - 9 * ux, end[1] - 9 * uy)
    left = (back[0] - 5 * uy, back[1] + 5 * ux)
    right = (back[0] + 5 * uy, back[1] - 5 * ux)
    return {
        "path": f"M{start[0]:.0f},{start[1]:.0f} Q{control[0]:.0f},{control[1]:.0f} {back[0]:.1f},{back[1]:.1f}",
        "head": " ".join(f"{x:.1f},{y:.1f}" for x, y in (end, left, right)),
    }


def cycle_svg(names: list[str], selected: int) -> Markup:
    """The four tasks in a clockwise cycle, with the selected one filled in blue; alt text says so."""
    hw, hh = BOX_WIDTH / 2, BOX_HEIGHT / 2
    (tx, ty), (rx, ry), (bx, by), (lx, ly) = CYCLE_SPOTS
    arrows = [
        arrow((tx + hw, ty), (rx, ty), (rx, ry - hh)),
        arrow((rx, ry + hh), (rx, by), (bx + hw, by)),
        arrow((bx - hw, by), (lx, by), (lx, ly + hh)),
        arrow((lx, ly - hh), (lx, ty), (tx - hw, ty)),
    ]
    boxes = []
    for i, ((cx, cy), name) in enumerate(zip(CYCLE_SPOTS, names, strict=False)):
        label = lines(f"{i + 1}. {name}")
        first_y = cy - (len(label) - 1) * 8 + 5
        boxes.append({
            "x": f"{cx - hw:.0f}",
            "y": f"{cy - hh:.0f}",
            "chosen": i == selected,
            "lines": [{"x": cx, "y": f"{first_y + 16 * k:.0f}", "text": line} for k, line in enumerate(label)],
        })
    steps = " → ".join(f"{i + 1} {n}" for i, n in enumerate(names))
    alt = (
        f"A cycle of the {len(names)} tasks, each leading to the next: {steps} → back to 1. "
        f"Highlighted: {selected + 1} {names[selected]}."
    )
    return render("cycle.html", alt=alt, arrows=arrows, boxes=boxes, width=BOX_WIDTH, height=BOX_HEIGHT)


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


def spectrum_bar(rows: pd.DataFrame, selected: int) -> Markup:
    """The data errors as steps from obvious to nearly invisible, the selected one marked current."""
    steps = [
        {
            "visibility": r.visibility,
            "name": r.name,
            "colour": SPECTRUM_COLOURS[i % len(SPECTRUM_COLOURS)],
            "chosen": i == selected,
        }
        for i, r in enumerate(rows.itertuples())
    ]
    return render("spectrum.html", steps=steps)


def building(rows: pd.DataFrame, selected: int) -> Markup:
    """The stack's layers as floors of a building, top floor first, the selected floor marked current."""
    floors = [{"icon": r.icon, "name": r.name, "chosen": i == selected} for i, r in enumerate(rows.itertuples())]
    return render(
        "building.html",
        floors=floors,
        top=data.interactive_text("stack_explorer", "top"),
        bottom=data.interactive_text("stack_explorer", "bottom"),
    )
