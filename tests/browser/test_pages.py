"""Every built page, in a real browser: it loads cleanly, its widgets render, it fits a phone.

The pages are discovered from the built HTML (tests/support.py). The ``page`` and
``phone_page`` fixtures fail a test on any page error, console error or request that
leaves 127.0.0.1.
"""

from __future__ import annotations

from support import open_page, parametrize_pages, show_page

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


#: Pages with the book's data tables: a lab's evidence, rubrics, the participants (six columns),
#: and the explainer-and-paper differences (five).
TABLE_PAGES = ["chapters/labs/03_rollout.html", "chapters/instructors/01_opening.html",
               "chapters/10_research_data.html", "chapters/paper_differences.html"]

#: Each data table's width against its box, and each cell's label (its ::before) against its column.
TABLE_LAYOUT = """() => [...document.querySelectorAll('.mlops-table')].map(box => {
    const table = box.querySelector('table');
    const columns = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    const cells = [...table.querySelectorAll('tbody tr')].flatMap(tr => [...tr.cells].map((td, i) =>
        [getComputedStyle(td, '::before').content, columns[i]]));
    const caption = table.querySelector('caption');
    return {overflow: box.scrollWidth - box.clientWidth, display: getComputedStyle(table).display, cells,
            caption: caption ? caption.getBoundingClientRect().width / box.clientWidth : 1};
})"""


def test_data_tables_read_as_cards_on_a_phone(browser, book_url):
    """At 390 px a data table shows each row as a card, every value under its column's name, and
    nothing to scroll sideways; a screen reader still meets a table of cells. On a desktop it is a table."""
    for width in (390, 1280):
        page, problems, context = open_page(browser, viewport={"width": width, "height": 844})
        for page_path in TABLE_PAGES:
            page.goto(f"{book_url}/{page_path}")
            page.wait_for_load_state("domcontentloaded")
            tables = page.evaluate(TABLE_LAYOUT)
            assert tables, f"{page_path} has no data table"
            for table in tables:
                if width == 1280:
                    assert table["display"] == "table"
                    continue
                assert table["overflow"] <= 0, f"{page_path}: a data table scrolls sideways at 390 px"
                assert table["caption"] > 0.9, f"{page_path}: a caption is squeezed into a narrow column"
                wrong = [(label, column) for label, column in table["cells"] if label != f'"{column}: "']
                assert not wrong, f"{page_path}: cells not labelled by their column: {wrong[:3]}"
            if width == 390:
                tree = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
                roles = [node.get("role", {}).get("value") for node in tree]
                cells = sum(len(table["cells"]) for table in tables)
                assert roles.count("cell") >= cells and roles.count("columnheader") > 0, (
                    f"{page_path}: the card layout lost the table for screen readers"
                )
        context.close()
        problems.assert_clean()
