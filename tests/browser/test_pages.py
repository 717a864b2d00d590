"""Every built page, in a real browser: it loads cleanly, its widgets render, it fits a phone.

The pages are discovered from the built HTML (tests/support.py). The ``page`` and
``phone_page`` fixtures fail a test on any page error, console error or request that
leaves 127.0.0.1.
"""

from __future__ import annotations

from support import parametrize_pages, show_page

PHONE_WIDTH = 390

#: Elements sticking out to the right of the viewport, to say what makes a page scroll sideways.
WIDER_THAN_VIEWPORT = """() => {
    const width = document.scrollingElement.clientWidth;
    return [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .filter(el => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
        .slice(0, 5)
        .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
                   + `(right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
}"""


def pytest_generate_tests(metafunc):
    parametrize_pages(metafunc)


#: Icons the theme draws with Font Awesome's web font (the book drops fontawesome.js, which
#: only swapped them for SVG copies; _templates/static/webpack-macros.html) and lack a glyph.
ICONS_WITHOUT_GLYPH = """() => [...document.querySelectorAll('.bd-header-article i[class*="fa-"]')]
    .filter(icon => {
        const glyph = getComputedStyle(icon, '::before');
        return !glyph.fontFamily.includes('Font Awesome') || ['none', 'normal', '""'].includes(glyph.content);
    }).map(icon => icon.className)"""


def test_page_loads_cleanly(page, book_url, book_html, page_path):
    """No page error, console error or outside request (checked by the fixture); widgets
    render; the header's icons are drawn."""
    show_page(page, book_url, book_html, page_path)
    assert page.title(), f"{page_path} has no title"
    assert page.locator('.bd-header-article i[class*="fa-"]').count() > 0, "the page header has no icons"
    assert page.evaluate(ICONS_WITHOUT_GLYPH) == [], f"{page_path}: icons without a glyph"


def test_page_fits_a_phone(phone_page, book_url, book_html, page_path):
    """At 390 px nothing scrolls sideways and every widget is still on screen, full width."""
    show_page(phone_page, book_url, book_html, page_path)
    scroll_width, client_width = phone_page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert scroll_width <= client_width, (
        f"{page_path} scrolls sideways at {PHONE_WIDTH} px ({scroll_width} > {client_width}); "
        f"too wide: {phone_page.evaluate(WIDER_THAN_VIEWPORT)}"
    )
    widgets = phone_page.locator(".widget-subarea > .jupyter-widgets")
    for i in range(widgets.count()):
        widget = widgets.nth(i)
        widget.scroll_into_view_if_needed()
        box = widget.bounding_box()
        assert widget.is_visible() and box and box["width"] > 0 and box["height"] > 0, (
            f"widget {i + 1} on {page_path} is not visible at {PHONE_WIDTH} px"
        )
        assert box["x"] >= 0 and box["x"] + box["width"] <= client_width + 1, (
            f"widget {i + 1} on {page_path} sticks out of the {PHONE_WIDTH} px screen: {box}"
        )
