"""Every chart reads on a phone: at 390 px no text in it is under 11 CSS px, and it keeps its
alt text and caption. That holds for the study's charts and for every state's chart of every lab.

A chart is an SVG (src/mlops_book/charts.py, labs/charts.py) inline in the page, named by its alt
text (aria-label). matplotlib draws the study's text as paths scaled by the font size
(``scale(0.11 -0.11)`` is 11 units) and the labs' as ``<text>`` with ``font-size: 11px``, both in the
units of the viewBox; the browser scales the viewBox to the width it gives the <svg>. So the text's
size on screen is font units x rendered width / viewBox width. A lab shows one state's chart at a
time, so the lab test drives both controls to each state and measures the chart it shows: a fixed
sample of the states in `make test`, every state in `make test-all` (tests/support.py, ``sample``).
"""

from __future__ import annotations

import pytest

from mlops_book.interactives import INTERACTIVES, interactive
from mlops_book.labs.charts import SIMULATION_LABEL
from support import BOOK_HTML, open_page, pages, sample, screenshot, show_page, wait_for_all_widgets

PHONE = {"width": 390, "height": 844}
SMALLEST_PX = 11
#: States of each lab measured in `make test` (all of them in `make test-all`).
LAB_STATES = 5
#: The labs: two controls over a grid of states, one chart a state.
LABS = [entry.name for entry in INTERACTIVES if len(entry.controls) == 2]

#: Each chart the selector finds: its alt text, caption, shown width and smallest text in CSS px.
CHART_TEXT = """(selector) => [...document.querySelectorAll(selector)].map(chart => {
    const svg = chart.outerHTML;
    const viewBox = svg.match(/viewBox="[\\d.]+ [\\d.]+ ([\\d.]+) [\\d.]+"/);
    const paths = [...svg.matchAll(/scale\\(([\\d.]+) -[\\d.]+\\)/g)].map(m => parseFloat(m[1]) * 100);
    const texts = [...svg.matchAll(/font-size: ?([\\d.]+)px/g)].map(m => parseFloat(m[1]));
    const sizes = [...paths, ...texts];
    const shown = chart.getBoundingClientRect().width;
    return {alt: chart.getAttribute('aria-label'),
            caption: (chart.closest('figure').querySelector('figcaption') || {}).textContent || '',
            shown, smallest: sizes.length ? Math.min(...sizes) * shown / parseFloat(viewBox[1]) : null};
})"""

#: Remember the chart a lab shows now, by its alt text (each state's is its own).
REMEMBER_CHART = "(s) => window.labChartsSeen.add(document.querySelector(s).getAttribute('aria-label'))"
#: True once a lab shows exactly one chart, and not one it showed before (the new state's view has replaced the last).
NEW_CHART_SHOWN = """(selector) => { const charts = document.querySelectorAll(selector);
    return charts.length === 1 && !window.labChartsSeen.has(charts[0].getAttribute('aria-label')); }"""


def pytest_generate_tests(metafunc):
    if "chart_page" in metafunc.fixturenames:
        found = [p for p in pages(BOOK_HTML) if 'class="mlops-chart"' in (BOOK_HTML / p).read_text(encoding="utf-8")]
        metafunc.parametrize("chart_page", found or ["(the built book has no chart)"])


def test_chart_text_is_at_least_11_px_at_390_px(browser, book_url, book_html, chart_page):
    assert (book_html / chart_page).exists(), chart_page
    page, problems, context = open_page(browser, viewport=PHONE)
    # and its widgets drawn: a lab's first chart is its widget's static picture until the widget replaces it
    show_page(page, book_url, book_html, chart_page)
    charts = page.evaluate(CHART_TEXT, "figure.mlops-chart svg.mlops-chart-svg")
    assert charts, f"{chart_page}: no chart found"
    page.locator("figure.mlops-chart").first.scroll_into_view_if_needed()
    screenshot(page, f"chart-390-{chart_page.replace('/', '_')}")
    for i, chart in enumerate(charts, 1):
        assert_reads_on_a_phone(chart, f"chart {i} on {chart_page}")
    context.close()
    problems.assert_clean()


def assert_reads_on_a_phone(chart: dict, where: str) -> None:
    assert len(chart["alt"]) > 40 and chart["caption"], f"{where} lost its alt text or caption"
    assert chart["smallest"] is not None, f"{where}: no text found in its SVG"
    assert chart["smallest"] >= SMALLEST_PX, (
        f"{where}: text as small as {chart['smallest']:.1f} px at 390 px (shown {chart['shown']:.0f} px wide)"
    )


def set_control(page, widget, number: int, kind: str, position: int) -> None:
    """Put a lab's control ``number`` at ``position``: a button by a tap, the slider by its keys."""
    control = widget.locator(f".mlops-widget-control-{number}")
    if kind == "buttons":
        control.locator("button.widget-toggle-button").nth(position).click()
        return
    control.locator('[role="slider"]').focus()
    page.keyboard.press("Home")
    for _ in range(position):
        page.keyboard.press("ArrowRight")


@pytest.mark.parametrize("lab", LABS)
def test_every_lab_chart_is_at_least_11_px_at_390_px(browser, book_url, lab):
    """Each state of the lab (a sample, or all), reached by its controls, shows a new chart, captioned as
    a simulation, whose text reads at 390 px."""
    entry = interactive(lab)
    rows, cols = (len(control.options) for control in entry.build().controls)
    page, problems, context = open_page(browser, viewport=PHONE)
    page.goto(f"{book_url}/{entry.page}")
    wait_for_all_widgets(page)
    widget = page.locator(f".{entry.css_class}")
    visible = f".{entry.css_class} .mlops-widget-views figure.mlops-chart svg.mlops-chart-svg"
    page.evaluate("() => { window.labChartsSeen = new Set(); }")
    seen = set()
    states = sample([(row, col) for row in range(rows) for col in range(cols)], LAB_STATES)
    for row, col in states:
        set_control(page, widget, 1, entry.controls[0], row)
        set_control(page, widget, 2, entry.controls[1], col)
        where = f"{lab}, state ({row}, {col})"
        page.wait_for_function(NEW_CHART_SHOWN, arg=visible)
        (chart,) = page.evaluate(CHART_TEXT, visible)
        assert_reads_on_a_phone(chart, where)
        assert SIMULATION_LABEL in chart["caption"], f"{where}: the caption does not say it is a simulation"
        page.evaluate(REMEMBER_CHART, visible)
        seen.add(chart["alt"])
    assert len(seen) == len(states), f"{lab}: {len(seen)} different charts for {len(states)} states"
    screenshot(page, f"lab-chart-390-{lab}")
    context.close()
    problems.assert_clean()
