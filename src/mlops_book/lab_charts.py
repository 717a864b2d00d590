"""Charts of the simulated labs: one small chart per state, its key numbers in words, labelled as a simulation.

Each ``<lab>_state(a, b)`` runs one state of a lab (``labs.<lab>.grid_point``) and returns a
:class:`LabState`: the sentence that gives its key numbers, and a :class:`LabChart` whose alt
text states the same numbers and whose caption says it shows synthetic data. The static pages
precompute every state of a lab's grid this way, so the charts are kept light.

>>> state = alerts_state(4.0, "static")
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

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba

from . import charts, style
from .labs import alerts, drift, rollout, validation

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
    """One state of a lab: its key numbers in words, and its chart (drawn when first asked for)."""

    words: str
    draw: Callable[[], LabChart]

    @cached_property
    def chart(self) -> LabChart:
        return self.draw()


#: A lab chart's size in inches. 4 in is 384 CSS px at its natural size; on a 390 px phone a lab's
#: box leaves its chart 307 px (measured), so the chart shrinks to 80% and its smallest text,
#: :data:`SMALLEST_PT`, still reads at 11.7 px (tests/browser/test_charts_on_a_phone.py measures it).
SIZE = (4.0, 3.4)
#: The smallest text in a lab chart, in points; every label, legend and note is at least this.
SMALLEST_PT = 11
#: The margins around the plot, in inches (set by hand: see :class:`LabChart`). The top one holds a
#: title of two lines, the bottom one the ticks and an axis label of two lines.
MARGINS = {"top": 0.62, "bottom": 0.72, "right": 0.12}


def _new(title: str, left: float = 0.62):
    """A figure of :data:`SIZE` with its plot inside the margins (``left``: inches for the y labels)."""
    style.apply()
    width, height = SIZE
    fig, ax = plt.subplots(figsize=SIZE)
    fig.subplots_adjust(left=left / width, right=1 - MARGINS["right"] / width,
                        top=1 - MARGINS["top"] / height, bottom=MARGINS["bottom"] / height)
    # a fixed place (measuring one costs a third of the drawing); a long title wraps upwards
    ax.set_title(title, fontsize=SMALLEST_PT, y=1.03, wrap=True)
    return fig, ax


def _finish(fig, words: str, what: str, shows: str) -> LabChart:
    plt.close(fig)  # the page shows the chart as an image; pyplot must not show it again
    return LabChart(fig, f"{what} (simulation, synthetic data). {words}", f"{SIMULATION_LABEL} {shows}")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _listing(items) -> str:
    """Items as a sentence lists them.

    >>> _listing([1]), _listing([1, 3]), _listing([1, 3, 4])
    ('1', '1 and 3', '1, 3 and 4')
    """
    items = [str(item) for item in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _missed_incidents(missed, incidents: int) -> str:
    """Which incidents an alert rule missed, in words.

    >>> _missed_incidents([], 4), _missed_incidents([3], 4), _missed_incidents([1, 3], 4)
    ('all 4 incidents caught', 'missed incident 3 of 4', 'missed incidents 1 and 3 of 4')
    >>> _missed_incidents([1, 2], 2), _missed_incidents([1], 1), _missed_incidents([], 1)
    ('missed both incidents', 'missed the one incident', 'the one incident caught')
    """
    if not missed:
        return "the one incident caught" if incidents == 1 else f"all {incidents} incidents caught"
    if len(missed) == incidents:
        everything = {1: "the one incident", 2: "both incidents"}.get(incidents, f"all {incidents} incidents")
        return f"missed {everything}"
    return f"missed incident{'s' if len(missed) > 1 else ''} {_listing(missed)} of {incidents}"


def drift_state(cadence: str, label_delay_weeks: int, **params) -> LabState:
    """Lab 1: weekly accuracy, true and as the team sees it with late labels, against the target."""
    result = drift.grid_point(cadence, label_delay_weeks, **params)
    s = result.summary()
    words = (
        f"Retrain: {cadence}; labels back after {_plural(label_delay_weeks, 'week')}. "
        f"{_plural(s['retrains'], 'retrain')} (cost {s['cost']:,g}); mean accuracy {s['mean_accuracy']:.3f}, "
        f"lowest day {s['lowest_accuracy']:.3f}; {s['days_below_target']} of {len(result.days)} days below the "
        f"target {result.target:g}, {s['hidden_days']} of them not yet visible to the team."
    )

    def draw() -> LabChart:
        week = result.days.groupby(result.days["day"] // 7).mean()
        fig, ax = _new(f"{cadence}, labels {_plural(label_delay_weeks, 'week')} late")
        ax.plot(week["day"], week["accuracy"], color=style.BLUE, lw=2, label="true accuracy")
        ax.plot(week["day"], week["seen_accuracy"], color=style.VERMILLION, lw=2, ls="--", label="what the team sees")
        # the target named in the legend: written on its line, it sat under the curves
        ax.axhline(result.target, color=style.MUTED, lw=1, ls=":", label=f"target {result.target:g}")
        ax.set_ylim(0.2, 1.0)  # the legend sits below 0.5, under every weekly mean the grid draws
        ax.set_xlabel("Day (weekly means)")
        ax.set_ylabel("Accuracy")
        ax.legend(frameon=False, fontsize=SMALLEST_PT, loc="lower left")
        return _finish(fig, words, f"Line chart of weekly accuracy over {len(result.days)} days",
                       "Weekly mean accuracy of a model retrained on a cadence, and the accuracy its team can "
                       "measure when labels come back late.")

    return LabState(words, draw)


def alerts_state(threshold: float, rule: str, **params) -> LabState:
    """Lab 2: pages per week, real and false, for one threshold and rule."""
    result = alerts.grid_point(threshold, rule, **params)
    s = result.summary()
    missed = _missed_incidents(s["missed"], s["incidents"])
    pages = (f"{_plural(s['pages'], 'page')} in {result.weeks} weeks ({s['pages_per_week']:g} a week), "
             f"{s['real_pages']} of them real ({s['share_real']:.0%})" if s["pages"]
             else f"no pages in {result.weeks} weeks")
    words = f"Threshold {threshold:g} spreads, rule {rule}: {pages}; {missed}."

    def draw() -> LabChart:
        weekly = result.weekly()
        fig, ax = _new(f"Threshold {threshold:g}, {rule}")
        ax.bar(weekly["week"], weekly["false"], color=style.ORANGE, label="false alarms")
        ax.bar(weekly["week"], weekly["real"], bottom=weekly["false"], color=style.BLUE, label="real alarms")
        ax.set_xticks(weekly["week"])
        ax.set_xlabel("Week")
        ax.set_ylabel("Pages")
        ax.yaxis.get_major_locator().set_params(integer=True, nbins=4)
        # room above the tallest bar for the legend, which otherwise sat on the bars
        ax.set_ylim(0, max(int((weekly["false"] + weekly["real"]).max()), 1) * 1.35)
        ax.legend(frameon=False, fontsize=SMALLEST_PT, loc="upper left", ncols=2)
        if not s["pages"]:
            ax.text(0.5, 0.4, "no pages at all", transform=ax.transAxes, ha="center", color=style.MUTED)
        return _finish(fig, words, "Stacked bar chart of pages per week",
                       f"Pages per week from simulated metrics with {len(result.incidents)} injected incidents; "
                       "week 1 only sets the baselines.")

    return LabState(words, draw)


def rollout_state(plan: str, stage_days: int, **params) -> LabState:
    """Lab 3: users the buggy candidate serves each day, shaded until the guardrail catches it."""
    result = rollout.grid_point(plan, stage_days, **params)
    caught = f"caught on day {result.caught_day}" if result.caught_day else "never caught"
    met = f"{result.exposed:,} users" if result.exposed else "nobody"
    words = (
        f"Plan {plan}, {_plural(stage_days, 'day')} a stage: the bug meets {met} before it "
        f"is {caught}; a clean candidate would reach 100% of users "
        + (f"after {_plural(result.days_to_full, 'day')}." if result.days_to_full else "at once.")
    )

    def draw() -> LabChart:
        days = result.days
        fig, ax = _new(f"{plan}, {_plural(stage_days, 'day')} a stage", left=0.9)
        edges = np.arange(len(days) + 1) + 0.5  # day d spans d - 0.5 to d + 0.5
        ax.stairs(days["served"], edges, fill=True, facecolor=to_rgba(style.VERMILLION, 0.35),
                  edgecolor=style.VERMILLION, lw=1, label="users who met the bug")  # its outline: 3.9:1
        ax.stairs(days["served"], edges, color=style.BLUE, lw=2)
        if result.caught_day:
            ax.axvline(result.caught_day + 0.5, color=style.INK, lw=1, ls="--", label=caught)  # that evening
        else:
            ax.plot([], [], ls="none", label=caught)  # said in the legend all the same
        if not result.exposed:
            ax.text(0.5, 0.3, "nobody met the bug", transform=ax.transAxes, ha="center", color=style.INK)
        # the legend above the users' line, not on it
        ax.set_ylim(0, result.users_per_day * 1.5)
        ax.set_yticks([0, result.users_per_day // 2, result.users_per_day],
                      [f"{n:,}" for n in (0, result.users_per_day // 2, result.users_per_day)])
        ax.set_xlim(0.5, max(len(days), 2) + 1)
        ax.xaxis.get_major_locator().set_params(integer=True, nbins=5)
        ax.set_xlabel("Day")
        ax.set_ylabel("Users a day")
        ax.legend(frameon=False, fontsize=SMALLEST_PT, loc="upper left")
        return _finish(fig, words, "Step chart of users served each day by a candidate model with a bug",
                       "Users per day the candidate serves until the guardrail rolls it back (a shadow stage "
                       "serves nobody); shaded: users who met the bug.")

    return LabState(words, draw)


def validation_state(checks: str, strictness: str, **params) -> LabState:
    """Lab 4: which check alarms on which day, against the days the problems arrive."""
    result = validation.grid_point(checks, strictness, **params)
    s = result.summary()
    caught = [problem for problem, hit in result.caught().items() if hit]
    words = (
        f"Checks: {checks}; strictness {strictness}. Caught: {', '.join(caught) or 'nothing'}; missed: "
        f"{', '.join(s['missed']) or 'nothing'}; {_plural(s['false_alarms'], 'false alarm')} "
        f"({s['false_alarm_hours']:g} hours of chasing)."
    )

    def draw() -> LabChart:
        table, names = result.alarms, result.checks
        fig, ax = _new(f"Checks: {checks}; {strictness}", left=1.15)
        problem = (table["problem"] != "").to_numpy()
        cells = np.array([[(2 if problem[j] else 1) if table[c].iloc[j] else 0 for j in range(len(table))]
                          for c in names]).reshape(len(names), len(table))
        colours = {0: style.PAPER, 1: style.ORANGE, 2: style.BLUE}
        for row in range(len(names)):
            for col in np.flatnonzero(cells[row]):
                ax.add_patch(plt.Rectangle((col, row + 0.1), 0.9, 0.8, facecolor=colours[cells[row, col]]))
        for col in np.flatnonzero(problem):
            ax.add_patch(plt.Rectangle((col, -0.9), 0.9, 0.8, facecolor=style.MUTED))
        if not names:
            ax.text(len(table) / 2, 1.5, "no checks run", ha="center", color=style.MUTED)
        ax.set_xlim(0, len(table))
        ax.set_ylim(max(len(names), 3), -1)
        ax.set_yticks([-0.5, *np.arange(len(names)) + 0.5], ["problem", *names], fontsize=SMALLEST_PT)
        kinds = table["problem"].tolist()
        starts = [j for j in range(len(kinds)) if kinds[j] and (j == 0 or kinds[j] != kinds[j - 1])]
        ticks = sorted({0, *starts, len(kinds) - 1})
        ax.set_xticks(np.array(ticks) + 0.45, [str(table["day"].iloc[j]) for j in ticks], fontsize=SMALLEST_PT)
        ax.set_xlabel("Day. Grey: a problem; blue: an alarm on it; orange: a false alarm.", wrap=True)
        return _finish(fig, words, "Grid of the days each check alarmed",
                       "Daily batches after week 1: the row 'problem' marks the days an error or drift is in "
                       "the batch; each other row is a check.")

    return LabState(words, draw)


#: Each lab's grid module and state function, by the lab's name.
LABS = {"drift": (drift, drift_state), "alerts": (alerts, alerts_state), "rollout": (rollout, rollout_state),
        "validation": (validation, validation_state)}
