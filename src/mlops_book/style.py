"""One palette and one look for every chart and widget in the book.

The colours are the Okabe–Ito set, chosen to stay distinguishable with the
common forms of colour blindness; every text colour below passes WCAG AA
contrast on white.

>>> V_COLOURS["velocity"]
'#0072B2'
"""

from __future__ import annotations

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
