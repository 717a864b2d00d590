"""How a lab shows one state: a small chart and its key numbers in words, labelled as a simulation.

Each lab's ``state(a, b, **params)`` (``labs.<lab>.state``) runs one state of the lab and returns a
:class:`LabState`: the result, the sentence that gives its key numbers, and a :class:`LabChart`
whose alt text states the same numbers and whose caption says it shows synthetic data; it draws
the chart with :func:`new_figure` and :func:`finish`. The static pages precompute every state of a
lab's grid this way (:meth:`mlops_book.labs.catalogue.Lab.grid_states`), so the charts are kept light.

>>> from mlops_book.labs import alerts
>>> state = alerts.state(4.0, "static")
>>> SIMULATION_LABEL in state.chart.caption and state.words in state.chart.alt
True
>>> state.words.startswith("Threshold 4 spreads, rule static:")
True
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import matplotlib.pyplot as plt
from markupsafe import Markup

from .. import charts, style
from ..render import render

#: Said on every lab state and in every lab chart's caption.
SIMULATION_LABEL = "Simulation: synthetic data, not the study's data."


class LabChart(charts.Chart):
    """A :class:`~mlops_book.charts.Chart` light enough to precompute by the hundred.

    Two differences from the book's other charts, both measured on this book's lab charts:
    text stays text in the SVG (``svg.fonttype`` "none": 12 KB instead of 30 KB a chart) and
    the margins are set by hand instead of measured by a "tight" bounding box (30 ms instead of
    80 ms of CPU a chart). The bytes stay the same from build to build: no date, no random ids.
    """

    def svg(self) -> str:
        buffer = io.StringIO()
        with plt.rc_context({"svg.fonttype": "none"}):
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()


@dataclass(frozen=True)
class LabState:
    """One state of a lab: the simulation's result, its key numbers in words, and its chart and HTML
    (each made when first asked for, then kept)."""

    result: Any
    words: str
    draw: Callable[[], LabChart]

    @cached_property
    def chart(self) -> LabChart:
        return self.draw()

    @cached_property
    def html(self) -> Markup:
        """The state's view: its chart (with alt text and the simulation caption) and its numbers."""
        return render("lab_state.html", figure=Markup(self.chart._repr_html_()), words=self.words)


#: A lab chart's size in inches. 4 in is 384 CSS px at its natural size; on a 390 px phone a lab's
#: box leaves its chart 307 px (measured), so the chart shrinks to 80% and its smallest text,
#: :data:`SMALLEST_PT`, still reads at 11.7 px (tests/browser/test_charts_on_a_phone.py measures it).
SIZE = (4.0, 3.4)
#: The smallest text in a lab chart, in points; every label, legend and note is at least this.
SMALLEST_PT = 11
#: The margins around the plot, in inches (set by hand: see :class:`LabChart`). The top one holds a
#: title of two lines, the bottom one the ticks and an axis label of two lines.
MARGINS = {"top": 0.62, "bottom": 0.72, "right": 0.12}


def new_figure(title: str, left: float = 0.62):
    """A figure of :data:`SIZE` with its plot inside the margins (``left``: inches for the y labels)."""
    style.apply()
    width, height = SIZE
    fig, ax = plt.subplots(figsize=SIZE)
    fig.subplots_adjust(left=left / width, right=1 - MARGINS["right"] / width,
                        top=1 - MARGINS["top"] / height, bottom=MARGINS["bottom"] / height)
    # a fixed place (measuring one costs a third of the drawing); a long title wraps upwards
    ax.set_title(title, fontsize=SMALLEST_PT, y=1.03, wrap=True)
    return fig, ax


def finish(fig, words: str, what: str, shows: str) -> LabChart:
    """The chart of ``fig``: its alt text says ``what`` it is and the ``words``, its caption what it ``shows``."""
    plt.close(fig)  # the page shows the chart as an image; pyplot must not show it again
    return LabChart(fig, f"{what} (simulation, synthetic data). {words}", f"{SIMULATION_LABEL} {shows}")


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, plural unless one.

    >>> plural(1, "week"), plural(1200, "page")
    ('1 week', '1,200 pages')
    """
    return f"{n:,} {word}" + ("" if n == 1 else "s")
