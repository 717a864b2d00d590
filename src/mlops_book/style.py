"""One palette and one look for every chart and widget in the book.

The colours are the Okabe–Ito set, chosen to stay distinguishable with the
common forms of colour blindness; every text colour below passes WCAG AA
contrast on white. This module is the only place a colour is defined: charts
and templates read the constants, and the book's stylesheets read them as CSS
custom properties (``var(--mlops-ink)``) from :func:`stylesheet`, which
``_ext/steps/colours.py`` writes into every build.

Dark mode: :data:`DARK` gives a colour its value on the theme's dark page, and the
stylesheet sets those values under ``html[data-theme="dark"]``. What the book draws names
colours through the custom properties, so one picture follows the reader's mode: templates
get :data:`THEMED` (``var(--mlops-ink, #1F2933)``: the light colour stays the fallback where
the stylesheet is absent, as in Jupyter), and charts pass their SVG through :func:`themed`.

>>> V_COLOURS["velocity"]
'#0072B2'
>>> CSS_COLOURS["--mlops-blue-tint"] == BLUE_TINT
True
>>> THEMED.INK
'var(--mlops-ink, #1F2933)'
"""

from __future__ import annotations

import re
from types import SimpleNamespace

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
#: The custom property of each colour, by its value (every colour of the palette is distinct).
_PROPERTY_OF = {value: name for name, value in CSS_COLOURS.items()}


def var(colour: str) -> str:
    """CSS naming a palette colour by its custom property, the colour itself as the fallback.

    >>> var(BLUE)
    'var(--mlops-blue, #0072B2)'
    >>> var("#123456")
    Traceback (most recent call last):
    ...
    ValueError: #123456 is not a colour of mlops_book.style
    """
    try:
        return f"var({_PROPERTY_OF[colour.upper()]}, {colour.upper()})"
    except KeyError:
        raise ValueError(f"{colour} is not a colour of mlops_book.style") from None


#: Every colour as :func:`var` gives it, by its name: what the templates call ``style.INK``.
THEMED = SimpleNamespace(**{
    name.removeprefix("--mlops-").replace("-", "_").upper(): var(value) for name, value in CSS_COLOURS.items()
})

_SVG_COLOUR = re.compile(r"(?<![\w&(-])#[0-9a-fA-F]{6}\b")


def themed(svg: str) -> str:
    """The SVG with each colour (as matplotlib writes it, ``fill: #1f2933``) named by :func:`var`.

    A colour outside the palette is an error: it would not follow the reader's mode.

    >>> themed('<path style="fill: #0072b2; stroke: #0072b2"/>')
    '<path style="fill: var(--mlops-blue, #0072B2); stroke: var(--mlops-blue, #0072B2)"/>'
    """
    return _SVG_COLOUR.sub(lambda found: var(found.group(0)), svg)

#: The theme's page background in dark mode (sphinx-book-theme's ``--pst-color-background``):
#: the dark colours below are chosen against it (tests/test_style.py measures them), and ``PAPER``
#: takes it, so that panels and charts sit on the dark page as they sit on the white one.
DARK_PAGE = "#121212"

#: A colour's value in dark mode, where it differs: text 4.5:1 or more on the dark page and
#: on the dark tints, series colours 3:1 or more, and the page's colour (``PAPER``) as text on
#: ``BLUE`` still 4.5:1 (the chosen floor, an active toggle button). The Okabe–Ito green,
#: vermillion, orange and purple already read on the dark page and keep their values.
DARK = {
    "BLUE": "#4A9FE0",
    "SKY": "#9AD4F5",  # kept apart from the lighter dark-mode blue
    "INK": "#E3E8EE",
    "MUTED": "#A3AFBC",
    "GRID": "#4A5666",
    "PAPER": DARK_PAGE,
    "BLUE_TINT": "#1B2A3A",
    "ORANGE_TINT": "#2E2513",
    "LINK": "#7DC1F2",
    "LINK_HOVER": "#B5DDFA",
    "CORRECT": "#7FD48C",
    "NOT_YET": "#FF9C8F",
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
    "text.color": INK,  # legends and plain text: matplotlib leaves black text without a fill, unthemed
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
    "hatch.color": INK,  # not matplotlib's black: every colour of a chart is one of the palette's
    # Every bar and cell gets a thin ink outline: SKY and ORANGE are 2.3:1 on white, under the 3:1
    # WCAG asks of graphics, and darker fills would lose the Okabe–Ito set's separation in colour
    # blindness; the outline also keeps stacked segments apart.
    "patch.force_edgecolor": True,
    "patch.edgecolor": INK,
    "patch.linewidth": 0.6,
    "xtick.color": INK,
    "ytick.color": INK,
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "svg.fonttype": "path",  # text as shapes: the picture is the same on every machine
    "svg.hashsalt": "mlops-book",  # stable element ids: two builds give identical pages
}


def apply() -> None:
    """Make matplotlib use the book's look (idempotent), drawing with Agg: charts are rendered to
    files, never to a window (nor shown again by Jupyter's inline backend).

    matplotlib is imported here, not with this module: every page's HTML takes its colours from
    here, and most pages draw no chart, so a kernel (or the build) that shows none does not pay
    the second or so that importing matplotlib costs.
    """
    global _agg_chosen
    import matplotlib

    if not _agg_chosen:  # once, before the first chart: choosing a backend again could close a figure
        matplotlib.use("Agg")
        _agg_chosen = True
    matplotlib.rcParams.update(RC)


_agg_chosen = False


def stylesheet() -> str:
    """The book's colours as CSS custom properties of the page, for ``var(--mlops-<name>)``:
    one rule for the light mode, one for the dark (the theme's ``html[data-theme="dark"]``).

    >>> print(stylesheet().splitlines()[2])
      --mlops-blue: #0072B2;
    """
    header = "/* The book's colours, written from mlops_book.style by _ext/steps/colours.py: do not edit. */"
    light = [f"  {name}: {value};" for name, value in CSS_COLOURS.items()]
    dark = [f"  {_PROPERTY_OF[globals()[name]]}: {value};" for name, value in DARK.items()]
    return "\n".join([header, ":root {", *light, "}", 'html[data-theme="dark"] {', *dark, "}", ""])
