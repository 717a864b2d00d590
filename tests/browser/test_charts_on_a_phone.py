"""Every chart reads on a phone: at 390 px no text in it is under 11 CSS px, and it keeps its
alt text and caption.

A chart is an SVG (src/mlops_book/charts.py) inline in the page, named by its alt text
(aria-label). matplotlib draws text as paths scaled by the font size (``scale(0.11 -0.11)``
is 11 units), in the units of the viewBox; the browser scales the viewBox to the width it
gives the <svg>. So the text's size on
screen is font units x rendered width / viewBox width.
"""

from __future__ import annotations

from support import BOOK_HTML, open_page, pages, screenshot

PHONE = {"width": 390, "height": 844}
SMALLEST_PX = 11

CHART_TEXT = """() => [...document.querySelectorAll('figure.mlops-chart svg.mlops-chart-svg')].map(chart => {
    const svg = chart.outerHTML;
    const viewBox = svg.match(/viewBox="[\\d.]+ [\\d.]+ ([\\d.]+) [\\d.]+"/);
    const sizes = [...svg.matchAll(/scale\\(([\\d.]+) -[\\d.]+\\)/g)].map(m => parseFloat(m[1]) * 100);
    const shown = chart.getBoundingClientRect().width;
    return {alt: chart.getAttribute('aria-label'),
            caption: (chart.closest('figure').querySelector('figcaption') || {}).textContent || '',
            shown, smallest: sizes.length ? Math.min(...sizes) * shown / parseFloat(viewBox[1]) : null};
})"""


def pytest_generate_tests(metafunc):
    if "chart_page" in metafunc.fixturenames:
        found = [p for p in pages(BOOK_HTML) if 'class="mlops-chart"' in (BOOK_HTML / p).read_text(encoding="utf-8")]
        metafunc.parametrize("chart_page", found or ["(the built book has no chart)"])


def test_chart_text_is_at_least_11_px_at_390_px(browser, book_url, book_html, chart_page):
    assert (book_html / chart_page).exists(), chart_page
    page, problems, context = open_page(browser, viewport=PHONE)
    page.goto(f"{book_url}/{chart_page}")
    page.wait_for_load_state("networkidle")
    charts = page.evaluate(CHART_TEXT)
    assert charts, f"{chart_page}: no chart found"
    page.locator("figure.mlops-chart").first.scroll_into_view_if_needed()
    screenshot(page, f"chart-390-{chart_page.replace('/', '_')}")
    for i, chart in enumerate(charts, 1):
        assert len(chart["alt"]) > 40 and chart["caption"], f"chart {i} on {chart_page} lost its alt text or caption"
        assert chart["smallest"] is not None, f"chart {i} on {chart_page}: no text found in its SVG"
        assert chart["smallest"] >= SMALLEST_PX, (
            f"chart {i} on {chart_page}: text as small as {chart['smallest']:.1f} px at 390 px "
            f"(shown {chart['shown']:.0f} px wide)"
        )
    context.close()
    problems.assert_clean()

