"""A page paints from its first bytes as it then stays: the CSS inline in its <head>
(_ext/steps/page_stylesheets.py) lays out and colours its first screen exactly as the whole of its
stylesheets does, in light and dark mode, at a phone's width and a laptop's, widgets included, so
nothing moves or changes colour when the whole file arrives (no layout shift from this step). Four
pages, two widths, two schemes: each page at two of them in `make test`, at all four in `make test-all`.

Each visit holds back the page's whole stylesheet (``_static/page-styles-*.css``) until its widgets
have rendered, notes where every element of the first screen is and how it looks, lets the file
through, waits until the browser applies it, and looks again.
"""

from __future__ import annotations

import re

import pytest

from support import EVERYTHING, WIDGET_VIEW, open_page, wait_for_all_widgets

#: A text page, the landing page, a chapter with widgets and a lab.
PAGES = ["index.html", "chapters/glossary.html", "chapters/07_challenges.html", "chapters/labs/01_drift.html"]
WHOLE = re.compile(r"/_static/page-styles-[0-9a-f]+\.css$")

#: Every element of the first screen: where it is, its size and how it looks.
FIRST_SCREEN = """() => [...document.querySelectorAll('body, body *')].flatMap(el => {
    const box = el.getBoundingClientRect();
    if (box.bottom <= 0 || box.top >= innerHeight || box.width === 0) return [];
    const s = getComputedStyle(el);
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes.map(c => '.' + c).join('');
    // the height of an element that reaches below the first screen is the rest of the page's business
    const height = box.bottom <= innerHeight ? Math.round(box.height) : 'below';
    return [[name, Math.round(box.x), Math.round(box.y), Math.round(box.width), height,
             s.color, s.backgroundColor, s.fontSize, s.fontFamily, s.display, s.visibility]];
})"""
#: True once the page's whole stylesheet applies (its link switched from print to all, its rules read).
#: No transition running: the theme's script turns "auto" into "light" or "dark" once the page is read, and
#: the header's buttons then fade to their colour (with the original stylesheets too).
SETTLED = """() => document.fonts.status === 'loaded'
    && document.getAnimations().every(animation => animation.playState !== 'running')"""
WHOLE_APPLIES = """() => [...document.querySelectorAll('link[rel=stylesheet][href*="page-styles-"]')]
    .some(link => link.media === 'all' && link.sheet && link.sheet.cssRules.length > 0)"""


#: The widths and colour schemes a first screen is compared at.
MODES = [(390, "light"), (1280, "light"), (390, "dark"), (1280, "dark")]
#: The visits: in `make test` each page at two of the modes, in turn (so every page at both widths, every mode
#: on two pages), all 16 under `make test-all`; each visit holds a stylesheet back, so it cannot share
#: test_every_page.py's.
VISITS = [(page_path, *mode) for n, page_path in enumerate(PAGES) for m, mode in enumerate(MODES)
          if EVERYTHING or m in (n % len(MODES), (n + 1) % len(MODES))]


@pytest.mark.parametrize(("page_path", "width", "scheme"), VISITS)
def test_first_paint_looks_as_the_page_stays(browser, book_url, book_html, page_path, width, scheme):
    page, problems, _ = open_page(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    held = []
    page.route(WHOLE, lambda route: held.append(route))
    page.goto(f"{book_url}/{page_path}", wait_until="domcontentloaded")
    if WIDGET_VIEW in (book_html / page_path).read_text(encoding="utf-8"):
        wait_for_all_widgets(page)
    page.wait_for_function(SETTLED)
    assert held, f"{page_path} did not ask for its whole stylesheet"
    assert not page.evaluate(WHOLE_APPLIES), "the whole stylesheet applies before it has arrived"
    first = page.evaluate(FIRST_SCREEN)
    for route in held:
        route.continue_()
    page.wait_for_function(WHOLE_APPLIES)
    page.wait_for_function(SETTLED)
    then = page.evaluate(FIRST_SCREEN)
    changed = [(a, b) for a, b in zip(first, then, strict=False) if a != b]
    assert len(first) == len(then) and not changed, (
        f"{page_path} at {width} px, {scheme}: {len(first)} elements on the first screen at first paint, "
        f"{len(then)} with the whole stylesheet; changed (first paint -> whole):\n"
        + "\n".join(f"  {a}\n  -> {b}" for a, b in changed[:8])
    )
    assert not problems.errors, problems.errors
