"""One palette and one look for every chart and widget in the book.

The colours are the Okabe–Ito set, chosen to stay distinguishable with the
common forms of colour blindness; every text colour below passes WCAG AA
contrast on white. This module is the only place a colour is defined: charts
and templates read the constants, and the book's stylesheets read them as CSS
custom properties (``var(--mlops-ink)``) from :func:`stylesheet`, which
``_ext/colours.py`` writes into every build.

>>> V_COLOURS["velocity"]
'#0072B2'
>>> CSS_COLOURS["--mlops-blue-tint"] == BLUE_TINT
True
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")  # charts are rendered to files, never to a window

import matplotlib.pyplot as plt  # noqa: E402

BLUE = "#0072B2"
GREEN = "#009E73"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
INK = "#1F2933"  # body text: 14.5:1 on white
MUTED = "#52606D"  # secondary text: 6.4:1 on white
GRID = "#D9E2EC"
PAPER = "#FFFFFF"
BLUE_TINT = "#F5F9FC"  # behind quotes and the chosen step of a spectrum
ORANGE_TINT = "#FFF8E6"  # behind a tool opportunity
LINK = "#005A9C"  # links: 6.3:1 or more on every tint the theme uses (theme-fixes.css)
LINK_HOVER = "#003E6B"
CORRECT = "#1B5E20"  # exercise feedback: right
NOT_YET = "#8A1C1C"  # exercise feedback: not yet right

#: Every colour above as a CSS custom property: ``INK`` is ``--mlops-ink``, ``BLUE_TINT`` ``--mlops-blue-tint``.
CSS_COLOURS = {
    "--mlops-" + name.lower().replace("_", "-"): value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and re.fullmatch(r"#[0-9A-F]{6}", value)
}

V_COLOURS = {"velocity": BLUE, "validation": GREEN, "versioning": VERMILLION}
SIZE_COLOURS = {"Small": SKY, "Medium": BLUE, "Large": INK}
KIND_COLOURS = {
    "Three Vs": BLUE,
    "Quote": ORANGE,
    "Example bug": VERMILLION,
    "Retraining cadence": GREEN,
    "Headline figure": PURPLE,
}
#: Qualitative levels used by the tension slider: a length for the bar and a colour.
LEVEL_STYLE = {
    "strong": (1.0, GREEN),
    "moderate": (0.6, ORANGE),
    "strained": (0.25, VERMILLION),
    "not stated": (0.0, MUTED),
}

RC = {
    "figure.facecolor": PAPER,
    "axes.facecolor": PAPER,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titlecolor": INK,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",  # a long title wraps from the plot's left edge (charts.WIDTH)
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": GRID,
    "xtick.color": INK,
    "ytick.color": INK,
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "svg.fonttype": "path",  # text as shapes: the picture is the same on every machine
    "svg.hashsalt": "mlops-book",  # stable element ids: two builds give identical pages
}


def apply() -> None:
    """Make matplotlib use the book's look (idempotent)."""
    plt.rcParams.update(RC)


def stylesheet() -> str:
    """The book's colours as CSS custom properties of the page, for ``var(--mlops-<name>)``.

    >>> print(stylesheet().splitlines()[2])
      --mlops-blue: #0072B2;
    """
    header = "/* The book's colours, written from mlops_book.style by _ext/colours.py: do not edit. */"
    properties = [f"  {name}: {value};" for name, value in CSS_COLOURS.items()]
    return "\n".join([header, ":root {", *properties, "}", ""])
