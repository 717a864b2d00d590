"""Dark mode: the theme's light/dark/auto switch works, and the book's charts, widgets and blocks
follow it. axe-core finds no serious or critical WCAG problem in dark mode on a study chapter with
widgets, a lab and a quiz page; a chart's text, a lab chart's text and the widgets' panels and
controls actually change colour (computed style), so these tests fail if anything stays light.
"""

from __future__ import annotations

import pytest

from axe_core import BLOCKING, LUMINANCE, RUN_AXE, WCAG_TAGS, describe
from mlops_book import style
from support import open_page, show_page, use_mode, wait_for_all_widgets
from test_quiz_pages import SECTIONS, page_of
from test_widget_styles import contrast

#: A study chapter with widgets and charts, a lab, and a page with a quiz.
DARK_PAGES = ["chapters/05_three_vs.html", "chapters/labs/01_drift.html", page_of(SECTIONS[0])]


def css_rgb(colour: str) -> str:
    """A palette colour #RRGGBB as a browser computes it: ``rgb(r, g, b)``."""
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def switch_to_dark(page) -> list[str]:
    """Press the theme's switch until the page is dark; the modes it went through."""
    seen = []
    for _ in range(3):
        if page.evaluate("() => document.documentElement.dataset.theme") == "dark":
            return seen
        page.locator(".theme-switch-button:visible").first.click()
        seen.append(page.evaluate("() => document.documentElement.dataset.mode"))
    raise AssertionError(f"three presses of the switch went through {seen} and never reached dark")


MODE_AND_THEME = "() => [document.documentElement.dataset.mode, document.documentElement.dataset.theme]"


def test_the_switch_cycles_light_dark_and_auto(page, book_url):
    page.goto(f"{book_url}/index.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.documentElement.dataset.mode") == "auto", "auto is the default"
    modes = []
    for _ in range(3):
        page.locator(".theme-switch-button:visible").first.click()
        modes.append(page.evaluate(MODE_AND_THEME))
    assert modes == [["dark", "dark"], ["light", "light"], ["auto", "light"]], modes
    page.locator(".theme-switch-button:visible").first.click()
    page.reload()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark", "the choice is kept"


@pytest.mark.parametrize("page_path", DARK_PAGES)
def test_no_serious_wcag_violations_in_dark_mode(page, book_url, book_html, page_path, axe_source):
    show_page(page, book_url, book_html, page_path)
    switch_to_dark(page)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert page.evaluate(LUMINANCE, background) < 0.05, f"{page_path}: the page is not dark ({background})"
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{page_path} in dark mode breaks WCAG 2 A/AA:\n{describe(blocking)}"


#: The computed fill of a chart's first text (matplotlib's <text>, or its glyphs' group), of its
#: background, and the fill of the first bar or line in the palette's blue.
CHART_COLOURS = """(selector) => {
    const svg = document.querySelector(selector);
    svg.scrollIntoView();
    const text = svg.querySelector('g[id^="text_"] text, g[id^="text_"] g[style*="--mlops-ink"]');
    const ground = svg.querySelector('g[id^="patch_"] path');
    return {text: getComputedStyle(text).fill, ground: getComputedStyle(ground).fill};
}"""


@pytest.mark.parametrize("page_path, selector", [
    ("chapters/05_three_vs.html", "figure.mlops-chart svg.mlops-chart-svg"),
    ("chapters/labs/01_drift.html", ".mlops-widget figure.mlops-chart svg.mlops-chart-svg"),
], ids=["study chart", "lab chart"])
def test_chart_colours_follow_the_mode(browser, book_url, book_html, page_path, selector):
    """The same SVG reads in both modes: its text is the palette's ink and its background the
    page's colour, each with its dark value in dark mode."""
    found = {}
    for mode in ("light", "dark"):
        page, problems, context = open_page(browser)
        use_mode(page, mode)
        show_page(page, book_url, book_html, page_path)
        found[mode] = page.evaluate(CHART_COLOURS, selector)
        context.close()
        problems.assert_clean()
    assert found["light"] == {"text": css_rgb(style.INK), "ground": css_rgb(style.PAPER)}, found["light"]
    assert found["dark"] == {"text": css_rgb(style.DARK["INK"]), "ground": css_rgb(style.DARK["PAPER"])}, found["dark"]
    assert contrast(found["dark"]["text"], found["dark"]["ground"]) >= 7


#: Every widget panel and control a reader sees, with its computed background and text colour.
WIDGET_SURFACES = """() => [...document.querySelectorAll(
        'div.cell_output .text_html, div.cell_output .widget-subarea, .mlops-widget, '
        + '.mlops-widget .widget-toggle-button:not(.mod-active), .mlops-widget select, .mlops-widget .noUi-target, '
        + '.mlops-widget .lm-TabBar-tab, .mlops-quiz label')]
    .filter(el => el.getClientRects().length)
    .map(el => ({what: el.className || el.tagName, background: getComputedStyle(el).backgroundColor,
                 color: getComputedStyle(el).color}))"""


@pytest.mark.parametrize("page_path", ["chapters/05_three_vs.html", "chapters/06_findings.html",
                                       "chapters/09_stack.html", page_of(SECTIONS[0])])
def test_no_white_boxes_in_dark_mode(browser, book_url, book_html, page_path):
    """Notebook outputs, widget panels, toggle buttons, drop-downs, slider handles, tabs and quiz
    answers are drawn dark, with light text that reads on them (the theme puts outputs on a pale
    panel in dark mode, and ipywidgets' own variables are for a light page)."""
    page, problems, context = open_page(browser, color_scheme="dark")
    use_mode(page, "auto")  # the reader's system is dark: auto gives the dark theme
    show_page(page, book_url, book_html, page_path)
    wait_for_all_widgets(page)
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    surfaces = page.evaluate(WIDGET_SURFACES)
    assert surfaces, f"{page_path}: no widget found"
    bright = [s for s in surfaces if not s["background"].endswith(", 0)")
              and page.evaluate(LUMINANCE, s["background"]) > 0.1]
    assert not bright, f"{page_path}: light boxes on the dark page: {bright[:4]}"
    dark_page = css_rgb(style.DARK_PAGE)
    unreadable = [s for s in surfaces if contrast(s["color"], dark_page) < 4.5]
    assert not unreadable, f"{page_path}: text that does not read on the dark page: {unreadable[:4]}"
    # a slider's handle is a control of its own: ipywidgets draws it white, which stands out (3:1)
    handles = page.evaluate("""() => [...document.querySelectorAll('.mlops-widget .noUi-handle')]
        .filter(el => el.getClientRects().length).map(el => getComputedStyle(el).backgroundColor)""")
    assert all(contrast(h, dark_page) >= 3 for h in handles), f"{page_path}: slider handles {handles}"
    context.close()
    problems.assert_clean()
