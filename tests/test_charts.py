"""Charts: what they draw equals the data, and every chart carries a title, labels and alt text."""

from __future__ import annotations

import html
import re
from collections import Counter

import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.text import Text

from mlops_book import charts, data, style, views
from mlops_book.labs import alerts, catalogue
from support import contrast, read_records, set_cell

ALL_CHARTS = [
    charts.company_sizes,
    charts.applications,
    charts.vs_citations,
    charts.data_issue_hierarchy,
    charts.idea_funnel,
    charts.citation_map,
]


def grid_chart(lab: str, *values):
    """The chart of one state of a lab's grid (each grid is simulated and drawn once a process)."""
    return catalogue.lab(lab).grid_states().states[values].chart


def raw_rows(root, name):
    """The rows of a data file as written, read without the package's loader."""
    return read_records(root / "data" / f"{name}.csv")


def is_number(text: str) -> bool:
    return re.fullmatch(r"[−-]?[\d.,]+%?", text) is not None


@pytest.mark.parametrize("build", ALL_CHARTS, ids=lambda f: f.__name__)
def test_every_chart_has_a_title_named_axes_alt_text_and_a_caption(build):
    """Every axis that shows a scale says what it measures: with a label, or with tick labels that are
    words (categories). Blank tick labels or bare numbers do not name an axis."""
    chart = build()
    chart.figure.canvas.draw()  # tick labels get their text when the figure is drawn
    ax = chart.figure.axes[0]
    assert ax.get_title(loc="left").strip(), f"{build.__name__} has no title"
    named = []
    for name, axis, label in (("x", ax.xaxis, ax.get_xlabel()), ("y", ax.yaxis, ax.get_ylabel())):
        ticks = [t.get_text().strip() for t in axis.get_ticklabels() if t.get_visible()]
        if label.strip() or (ticks and all(ticks) and not all(map(is_number, ticks))):
            named.append(name)
        else:
            assert not ticks, f"{build.__name__}: the {name} axis shows ticks {ticks} but no label says what they are"
    assert named, f"{build.__name__}: no axis says what it measures"
    assert len(chart.alt) > 40 and chart.caption
    page = chart._repr_html_()
    assert page.startswith("<figure") and "<figcaption>" in page
    assert f'<svg class="mlops-chart-svg" role="img" aria-label="{html.escape(chart.alt)}"' in page


def test_company_size_bars_count_the_participants_file(root):
    counted = Counter(r["company_size"] for r in raw_rows(root, "participants"))
    chart = charts.company_sizes()
    assert chart.counts == dict(counted)
    bars = [p.get_width() for p in chart.figure.axes[0].patches]
    assert sorted(bars) == sorted(counted.values())


def test_application_bars_count_the_participants_file(root):
    counted = Counter(r["application"] for r in raw_rows(root, "participants"))
    assert charts.applications().counts == dict(counted)
    assert f"{len(counted)} application labels" in charts.applications().alt


def test_vs_citation_bars_count_the_citations_file(root):
    rows = raw_rows(root, "vs_citations")
    names = {r["id"]: r["name"] for r in raw_rows(root, "three_vs")}
    counted = Counter(names[r["v"]] for r in rows)
    chart = charts.vs_citations()
    assert chart.counts == dict(counted)
    for name, n in counted.items():
        assert f"{name} by {n}" in chart.alt


def test_the_hierarchy_shows_rank_only(root):
    """The rungs, top to bottom, are the issues in the order of their rank, and nothing gives a magnitude."""
    rows = sorted(raw_rows(root, "data_issue_hierarchy"), key=lambda r: int(r["rank"]))
    ax = charts.data_issue_hierarchy().figure.axes[0]
    rungs = sorted(ax.texts, key=lambda text: -text.get_position()[1])
    assert [t.get_text() for t in rungs] == [f"{r['rank']}. {r['name']}" for r in rows]
    assert len({round(patch.get_width(), 6) for patch in ax.patches}) == 1, "every rung is as long as the others"
    assert ax.get_xticks().size == 0, "no magnitude axis: the explainer gives none"


def test_the_funnel_derives_its_last_step_from_the_two_figures(data_copy):
    """A worked example on made-up figures: if 60–80% of ideas launch and ~25% of launched ones are
    dropped, 45–60% of ideas stay launched; the chart draws that and says it is derived."""
    figures = data_copy / "headline_figures.csv"
    ids = [r["id"] for r in read_records(figures)]
    made_up = (("ideas-initial-launch", "60–80%", "60", "80"), ("launched-dropped", "~25%", "25", "25"))
    for figure_id, value, low, high in made_up:
        row = ids.index(figure_id) + 2  # the header is row 1
        for column, cell in (("value", value), ("low", low), ("high", high)):
            set_cell(figures, row, column, cell)
    data.clear_cache()
    chart = charts.idea_funnel()
    assert chart.counts == {"launched_low": 60, "launched_high": 80, "survive_low": 45, "survive_high": 60}
    last = min(chart.figure.axes[0].patches, key=lambda bar: bar.get_y())  # the bottom bar
    assert (last.get_x(), last.get_width()) == (0, 45), "the solid part of the last bar reaches the derived low"
    assert "45–60%" in chart.alt and "45–60%" in chart.caption
    assert "derived" in chart.caption and "derived" in chart.alt


def test_the_citation_map_stacks_each_participants_citations_by_kind():
    """One bar per participant, in ID order from the top, made of one segment per kind of citation laid
    end to end; the alt text names those cited for nothing."""
    chart = charts.citation_map()
    ax = chart.figure.axes[0]
    by_kind = views.citation_counts()
    participant_at = {round(y): t.get_text() for y, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)}
    assert [participant_at[y] for y in sorted(participant_at, reverse=True)] == data.load("participants")["id"].tolist()
    drawn, ends = {}, {}
    for kind_bars in ax.containers:  # one container of bars per kind, in the order they are stacked
        for bar in kind_bars:
            who = participant_at[round(bar.get_y() + bar.get_height() / 2)]
            kind = kind_bars.get_label()
            assert bar.get_x() == ends.get(who, 0), f"{who}'s {kind} segment does not start where the last ended"
            ends[who] = bar.get_x() + bar.get_width()
            drawn[who, kind] = bar.get_width()
    assert drawn == {(p, k): by_kind.loc[p, k] for p in by_kind.index for k in by_kind.columns}
    assert chart.counts == ends
    uncited = [p for p in by_kind.index if by_kind.loc[p].sum() == 0]
    assert uncited and f"Never cited: {', '.join(uncited)}." in chart.alt


def test_two_renderings_of_a_chart_are_byte_identical():
    assert charts.citation_map().svg() == charts.citation_map().svg()
    assert charts.citation_map()._repr_html_() == charts.citation_map()._repr_html_()


#: A colour as the page gets it: the palette's custom property, the light colour as its fallback.
THEMED_COLOUR = re.compile(r"var\(--mlops-[a-z-]+, #[0-9A-F]{6}\)")


@pytest.mark.parametrize("build", ALL_CHARTS, ids=lambda f: f.__name__)
def test_every_colour_of_a_chart_follows_the_readers_mode(build):
    """On the page a chart names each colour by the palette's custom property, which the dark
    mode redefines (style.DARK): no colour is left written out, so none stays light on a dark page."""
    page = build()._repr_html_()
    assert THEMED_COLOUR.search(page), "the chart names no colour of the palette"
    left = re.findall(r"#[0-9a-fA-F]{6}\b|\b(?:white|black)\b|rgba?\(", THEMED_COLOUR.sub("", page))
    assert not left, f"{build.__name__} writes colours that ignore dark mode: {sorted(set(left))}"
    for name in ("ink", "paper"):  # text, axes and the background
        assert f"var(--mlops-{name}, " in page


@pytest.mark.parametrize("build", [*ALL_CHARTS, lambda: grid_chart("drift", "Weekly", 2)],
                         ids=[*(f.__name__ for f in ALL_CHARTS), "lab chart"])
def test_every_text_of_a_chart_has_a_palette_colour(build):
    """matplotlib writes black text with no colour at all, which no custom property reaches: black
    on the dark page. Every title, label, tick label, legend entry and note is a palette colour."""
    figure = build().figure
    figure.canvas.draw()
    palette = set(style.CSS_COLOURS.values())
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert texts
    wrong = {t.get_text(): to_hex(t.get_color()).upper() for t in texts if to_hex(t.get_color()).upper() not in palette}
    assert not wrong, f"text outside the palette: {wrong}"


#: A 390 px phone's column, where the book's figures are 342 px wide (measured in chromium).
PHONE_COLUMN_PX = 342


@pytest.mark.parametrize("build", ALL_CHARTS, ids=lambda f: f.__name__)
def test_chart_text_reads_on_a_phone(build):
    """Shrunk to a phone's column, no text in the SVG is under 11 CSS px.

    matplotlib draws each piece of text as paths scaled by its font size in points
    (``scale(0.11 -0.11)`` for 11 pt); the SVG's width is in points too (1 pt = 4/3 px).
    tests/browser/test_charts_on_a_phone.py checks the same on the built pages.
    """
    svg = build().svg()
    width_pt = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    sizes_pt = [float(s) * 100 for s in re.findall(r"scale\(([\d.]+) -[\d.]+\)", svg)]
    assert sizes_pt, "no text found in the SVG"
    shown_px = min(width_pt * 4 / 3, PHONE_COLUMN_PX)
    smallest_px = min(sizes_pt) * 4 / 3 * shown_px / (width_pt * 4 / 3)
    assert smallest_px >= 11, f"text {smallest_px:.1f} px on a {PHONE_COLUMN_PX} px column"


# --- what a chart draws stands out from the page (WCAG 1.4.11: 3:1 for graphics) ------------------

#: Each lab in the state it opens on, and one state more that draws what the first may not.
LAB_CHARTS = {f"{lab.name} lab": lambda lab=lab: grid_chart(lab.name, *lab.default_state().values())
              for lab in catalogue.LABS}
LAB_CHARTS["alerts lab, many pages"] = lambda: alerts.state(2.0, "static").chart
LAB_CHARTS["validation lab, every check"] = lambda: grid_chart("validation", "schema, range, missing, distribution",
                                                               "strict")


def on_paper(colour) -> str:
    """A matplotlib colour as it shows on the page's white (style.PAPER): its transparency blended in."""
    *rgb, alpha = to_rgba(colour)
    return to_hex([alpha * c + (1 - alpha) * p for c, p in zip(rgb, to_rgb(style.PAPER), strict=True)]).upper()


def contrast_on_paper(colour) -> float:
    """WCAG's contrast ratio of a matplotlib colour, as it shows on the page, against the page."""
    return contrast(on_paper(colour), style.PAPER)


def faint_marks(figure) -> list[str]:
    """The bars, cells, areas and lines of a figure's plots that neither they nor their outline
    stand out 3:1 from the page. The background and the grid are not marks."""
    faint = set()
    for ax in figure.axes:
        for mark in [*ax.patches, *ax.collections]:
            faces = [c for c in np.atleast_2d(mark.get_facecolor()) if c[3] > 0]
            edges = [c for c, w in zip(np.atleast_2d(mark.get_edgecolor()), np.atleast_1d(mark.get_linewidth()),
                                       strict=False) if c[3] > 0 and w > 0]
            for face in faces:
                if on_paper(face) != style.PAPER and contrast_on_paper(face) < 3 and not any(
                        contrast_on_paper(edge) >= 3 for edge in edges):
                    faint.add(f"{type(mark).__name__} filled {on_paper(face)}, outline {[on_paper(e) for e in edges]}")
        for line in ax.get_lines():
            if line.get_visible() and len(line.get_xdata()) and contrast_on_paper(line.get_color()) < 3:
                faint.add(f"line {line.get_label()!r} in {on_paper(line.get_color())}")
    return sorted(faint)


@pytest.mark.parametrize("build", [*ALL_CHARTS, *LAB_CHARTS.values()],
                         ids=[*(f.__name__ for f in ALL_CHARTS), *LAB_CHARTS])
def test_every_mark_of_a_chart_stands_out_from_the_page(build):
    """Light sky and orange are 2.3:1 on white: such a bar or cell carries an outline of 3:1 or
    more, and a line is drawn in a colour of 3:1 or more (the dark page: tests/test_style.py)."""
    figure = build().figure
    figure.canvas.draw()
    assert figure.axes and any(ax.patches or ax.collections or ax.get_lines() for ax in figure.axes)
    assert not faint_marks(figure), f"marks under 3:1 on the page: {faint_marks(figure)}"
