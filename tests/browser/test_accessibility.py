"""Accessibility of every built page: axe-core finds no serious WCAG 2 A/AA problem, and a
reader whose system prefers dark mode gets the dark, readable page (the theme's "auto"; the
switch and axe in dark mode: test_dark_mode.py).

axe-core is pinned in tools/package.json and installed by `make test` (npm ci in tools/).
"""

from __future__ import annotations

import pytest

from support import ROOT, open_page, parametrize_pages, show_page

AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"critical", "serious"}

RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


def pytest_generate_tests(metafunc):
    parametrize_pages(metafunc)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make test` (it runs `npm ci` in tools/).")
    return AXE.read_text(encoding="utf-8")


def _describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    at {node['target']}: {node['summary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def test_no_serious_wcag_violations(page, book_url, book_html, page_path, axe_source):
    show_page(page, book_url, book_html, page_path)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{page_path} breaks WCAG 2 A/AA:\n{_describe(blocking)}"


#: Relative luminance of a computed CSS colour "rgb(r, g, b)" or "rgba(r, g, b, a)".
LUMINANCE = """(css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map(c => {
        c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def test_dark_mode_reader_gets_the_dark_page(browser, book_url, book_html, page_path):
    """The book's default mode is the theme's "auto": a browser that prefers dark gets the dark
    theme, light text on a dark background, on every page, and a switch to choose another mode."""
    page, problems, context = open_page(browser, color_scheme="dark")
    try:
        show_page(page, book_url, book_html, page_path)
        assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == "dark", f"{page_path}: a dark-mode reader gets data-theme={theme!r}"
        assert page.locator(".theme-switch-button").count() >= 1, "the page offers no light/dark switch"
        background, text = page.evaluate(
            """() => { const s = getComputedStyle(document.body);
                       return [s.backgroundColor, s.color]; }"""
        )
        dark, bright = page.evaluate(LUMINANCE, background), page.evaluate(LUMINANCE, text)
        contrast = (bright + 0.05) / (dark + 0.05)
        assert dark < 0.05 and contrast >= 7, (
            f"{page_path} in dark mode: text {text} on {background} (contrast {contrast:.1f}:1)"
        )
    finally:
        context.close()
    problems.assert_clean()
