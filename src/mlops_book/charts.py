"""Static charts of the book's data, each with a title, labelled axes and alt text.

Every function returns a :class:`Chart`: a matplotlib figure together with the
alt text and caption a reader needs. In a notebook or on a built page it shows
as an accessible ``<figure>`` (an inline SVG named by its alt text, and a caption), the
same in Jupyter and in the static HTML; its colours follow the page's light or dark mode.

>>> chart = company_sizes()
>>> chart.counts
{'Small': 6, 'Medium': 6, 'Large': 6}
>>> 'role="img" aria-label="Bar chart' in chart._repr_html_()
True
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

from . import data, style, views


@dataclass
class Chart:
    """A finished figure with its alt text, caption and the numbers it shows."""

    figure: Figure
    alt: str
    caption: str
    counts: dict = field(default_factory=dict)

    def svg(self) -> str:
        """The figure as SVG text, identical from build to build."""
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        return buffer.getvalue()

    def svg_html(self) -> str:
        """The SVG to place in the page, named by its alt text; its colours follow dark mode.

        Inline, not an ``<img>``: a picture in an ``<img>`` cannot see the page's colours, and
        every colour here is the page's custom property (:func:`mlops_book.style.themed`).
        """
        svg = style.themed(self.svg())
        svg = svg[svg.index("<svg "):]  # the XML prolog and doctype are not HTML
        svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
        return svg.replace(
            "<svg ",
            f'<svg class="mlops-chart-svg" role="img" aria-label="{html.escape(self.alt)}" '
            'style="max-width:100%;height:auto" ',
            1,
        )

    def _repr_html_(self) -> str:
        return (
            f'<figure class="mlops-chart">{self.svg_html()}'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
        )


def _finish(fig: Figure, alt: str, caption: str, counts: dict) -> Chart:
    for ax in fig.axes:  # a title or label longer than WIDTH wraps rather than widen the picture
        for text in ax.get_children():
            if isinstance(text, Text):
                text.set_wrap(True)
    plt.close(fig)  # the Chart shows it; pyplot must not show it a second time
    return Chart(fig, alt, caption, counts)


#: Every chart's width in inches: 4.5 in is 432 CSS px at its natural size. On a 390 px phone
#: the page's column is 342 px, so the SVG shrinks to 79% and the smallest text, 11 pt
#: (14.7 px), still reads at 11.6 px; on wider screens the chart keeps its natural size.
#: Text that would run past this width wraps (``wrap=True``) instead of widening the SVG.
WIDTH = 4.5


def _new(height: float):
    style.apply()
    return plt.subplots(figsize=(WIDTH, height), layout="constrained")


def _barh(ax, labels, values, colours):
    """Horizontal bars, first label on top, each labelled with its value."""
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=colours, height=0.6)
    ax.set_yticks(positions, labels)
    for y, v in zip(positions, values, strict=True):
        ax.text(v + max(values) * 0.02, y, str(v), va="center", color=style.INK)
    ax.set_xlim(0, max(values) * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)


def company_sizes() -> Chart:
    """Participants by company size (Small <100, Medium 100–1000, Large 1000+ employees)."""
    counts = views.company_size_counts()
    sizes = data.load("company_sizes").set_index("size")
    labels = [f"{s} ({sizes.loc[s, 'employees']})" for s in counts.index]
    fig, ax = _new(2.8)
    _barh(ax, labels, counts.tolist(), [style.SIZE_COLOURS[s] for s in counts.index])
    ax.set_title("Company size distribution")
    ax.set_xlabel("Participants")
    ax.set_ylabel("Company size (employees)")
    parts = ", ".join(f"{n} at {s.lower()} companies" for s, n in counts.items())
    alt = f"Bar chart of the {counts.sum()} participants by company size: {parts}."
    caption = "Participants by company size, counted from the participants table."
    return _finish(fig, alt, caption, counts.to_dict())


def applications() -> Chart:
    """Participants by application area, as the participants table names them."""
    counts = views.application_counts()
    fig, ax = _new(0.32 * len(counts) + 1.2)
    _barh(ax, counts.index.tolist(), counts.tolist(), [style.BLUE] * len(counts))
    ax.set_title("Participants by application")
    ax.set_xlabel("Participants")
    parts = "; ".join(f"{app}: {n}" for app, n in counts.items())
    alt = (
        f"Bar chart of the {counts.sum()} participants across {len(counts)} application labels. {parts}."
    )
    caption = (
        f"The participants table lists {len(counts)} distinct application labels; "
        "the explainer's headline speaks of 12 industries."
    )
    return _finish(fig, alt, caption, counts.to_dict())


def vs_citations() -> Chart:
    """How many participants the explainer cites for each of the Three Vs."""
    vs = data.load("three_vs").sort_values("order")
    cited = data.load("vs_citations").groupby("v")["participant"].nunique()
    counts = {row.name: int(cited.get(row.id, 0)) for row in vs.itertuples()}
    fig, ax = _new(2.6)
    _barh(ax, list(counts), list(counts.values()), [style.V_COLOURS[i] for i in vs["id"]])
    ax.set_title("Participants cited for each of the Three Vs")
    ax.set_xlabel("Participants cited")
    parts = ", ".join(f"{name} by {n}" for name, n in counts.items())
    alt = f"Bar chart of how many participants the explainer cites for each V: {parts}."
    caption = "Participants the explainer cites for each V (one participant can be cited for several)."
    return _finish(fig, alt, caption, counts)


def data_issue_hierarchy() -> Chart:
    """The data-issue hierarchy as a ranked ladder: order only, no magnitudes.

    The explainer ranks the issues from most to least frequent but gives no
    frequencies, so the picture shows rank and nothing it would have to invent.
    """
    issues = data.load("data_issue_hierarchy").sort_values("rank")
    fig, ax = _new(0.9 * len(issues) + 0.8)
    n = len(issues)
    for i, row in enumerate(issues.itertuples()):
        y = n - 1 - i
        # one colour for every rung: the page's colour as text reads on it in both modes (5.2:1 light, 6.2:1 dark),
        # and no shade hints at a magnitude
        ax.add_patch(plt.Rectangle((0, y + 0.1), 1, 0.8, color=style.BLUE))
        ax.text(0.03, y + 0.5, f"{row.rank}. {row.name}", va="center", color=style.PAPER, weight="bold")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, n)
    ax.set_xticks([])
    ax.set_yticks([n - 0.5, 0.5], ["Most frequent", "Least frequent"])
    ax.spines[["bottom", "left"]].set_visible(False)
    ax.tick_params(left=False)
    ax.set_title("The data issue hierarchy (rank only)")
    names = ", then ".join(issues["name"])
    alt = f"Ranked list of data issues from most to least frequent: {names}. No frequencies are given."
    caption = "Ranked from most to least frequent, as the explainer orders them; it gives no frequencies."
    return _finish(fig, alt, caption, {r.name: int(r.rank) for r in issues.itertuples()})


def idea_funnel() -> Chart:
    """From ideas to experiments that stay launched: the explainer's figures, and one derived step.

    40–50% of ideas reach initial launch (P19) and ~50% of launched experiments
    are dropped. The share that survives both (20–25% of ideas) is arithmetic on
    those two figures, labelled as derived.
    """
    launched = data.figure("ideas-initial-launch")
    dropped = data.figure("launched-dropped")
    low, high = launched["low"], launched["high"]
    keep = 1 - dropped["low"] / 100
    survive_low, survive_high = low * keep, high * keep
    fig, ax = _new(3.6)
    stages = [
        ("All ideas", 100, 100, style.MUTED),
        (f"Reach initial launch: {launched['value']}", low, high, style.BLUE),
        (f"Still launched after ~50% are dropped: {survive_low:g}–{survive_high:g}% (derived)",
         survive_low, survive_high, style.ORANGE),
    ]
    for i, (label, lo, hi, colour) in enumerate(stages):
        y = len(stages) - 1 - i
        ax.barh(y, lo, color=colour, height=0.45)
        if hi > lo:
            ax.barh(y, hi - lo, left=lo, facecolor=to_rgba(colour, 0.45), height=0.45, hatch="//")  # outline opaque
        ax.text(1, y + 0.26, label, color=style.INK, va="bottom")  # a wrapped label grows upwards
    ax.set_yticks([])
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.5, len(stages) - 0.1)
    ax.set_xlabel("Share of ideas (%)")
    ax.set_title("From idea to launch")
    ax.spines["left"].set_visible(False)
    alt = (
        f"Funnel of ideas: 100% of ideas; {launched['value']} reach initial launch (P19); "
        f"after {dropped['value']} of launched experiments are dropped, {survive_low:g}–{survive_high:g}% "
        "of ideas remain, a figure derived by multiplying the two."
    )
    caption = (
        f"{launched['value']} {launched['label']}; {dropped['value']} {dropped['label']}. "
        f"The last bar ({survive_low:g}–{survive_high:g}%) is derived by this book, not stated in the explainer; "
        "hatching marks a range."
    )
    counts = {"launched_low": low, "launched_high": high,
              "survive_low": survive_low, "survive_high": survive_high}
    return _finish(fig, alt, caption, counts)


def citation_map() -> Chart:
    """Which participants the explainer cites, and for what kind of point.

    Derived only from the citations recorded in ``data/`` (see
    :func:`mlops_book.views.participant_citations`).
    """
    counts = views.citation_counts()
    kinds = [k for k in style.KIND_COLOURS if k in counts.columns]
    fig, ax = _new(4.6)
    left = [0] * len(counts)
    positions = list(range(len(counts)))[::-1]
    for kind in kinds:
        values = counts[kind].tolist()
        ax.barh(positions, values, left=left, color=style.KIND_COLOURS[kind], label=kind, height=0.7)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(positions, counts.index.tolist())
    ax.set_xlabel("Citations in the explainer")
    ax.set_title("Who the explainer cites, and for what")
    # Below the plot, not on it: inside the axes the legend covered the long bars at the bottom,
    # and beside it the legend took the bars' width on a phone.
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    totals = counts.sum(axis=1)
    top = totals.sort_values(ascending=False, kind="stable")
    uncited = [p for p, n in totals.items() if n == 0]
    alt = (
        "Stacked bar chart of citations per participant, by kind (" + ", ".join(kinds) + "). "
        f"Most cited: {top.index[0]} ({top.iloc[0]}), {top.index[1]} ({top.iloc[1]}), {top.index[2]} ({top.iloc[2]}). "
        + (f"Never cited: {', '.join(uncited)}." if uncited else "Every participant is cited.")
    )
    caption = "Counted from the citations recorded in the book's data files; one bar per participant."
    return _finish(fig, alt, caption, {p: int(n) for p, n in totals.items()})
