"""Charts: what they draw equals the data, and every chart carries a title, labels and alt text."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from mlops_book import charts, data

ALL_CHARTS = [
    charts.company_sizes,
    charts.applications,
    charts.vs_citations,
    charts.data_issue_hierarchy,
    charts.idea_funnel,
    charts.citation_map,
]


def raw_rows(root, name):
    with open(root / "data" / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("build", ALL_CHARTS, ids=lambda f: f.__name__)
def test_every_chart_has_a_title_axis_labels_alt_text_and_a_caption(build):
    chart = build()
    ax = chart.figure.axes[0]
    assert ax.get_title(loc="left")  # style.RC puts every title on the left
    assert ax.get_xlabel() or ax.get_ylabel() or ax.get_yticklabels()
    assert len(chart.alt) > 40 and chart.caption
    page = chart._repr_html_()
    assert page.startswith("<figure") and "<figcaption>" in page and 'alt="' in page


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
    rows = raw_rows(root, "data_issue_hierarchy")
    chart = charts.data_issue_hierarchy()
    assert chart.counts == {r["name"]: int(r["rank"]) for r in rows}
    assert chart.figure.axes[0].get_xticks().size == 0, "no magnitude axis: the explainer gives none"


def test_the_funnel_uses_p19s_figures_and_labels_its_derived_step():
    launched, dropped = data.figure("ideas-initial-launch"), data.figure("launched-dropped")
    chart = charts.idea_funnel()
    assert chart.counts["launched_low"] == launched["low"]
    assert chart.counts["launched_high"] == launched["high"]
    assert chart.counts["survive_high"] == pytest.approx(launched["high"] * (1 - dropped["low"] / 100))
    assert "derived" in chart.caption and "derived" in chart.alt


def test_the_citation_map_counts_every_citation_once():
    chart = charts.citation_map()
    assert sum(chart.counts.values()) == len(data.citations())
    assert set(chart.counts) == set(data.load("participants")["id"])


def test_two_renderings_of_a_chart_are_byte_identical():
    assert charts.citation_map().svg() == charts.citation_map().svg()


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
