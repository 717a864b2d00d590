"""Navigation on every screen size: the chapter list and "On this page" open and close at
390, 768 and 1024 px by mouse, touch and keyboard, and focus goes somewhere sensible.

Below 992 px (chapters) and 1200 px ("On this page") the theme opens a sidebar as a modal
drawer: it closes with Escape, a tap or click beside it, or a link inside it. Wider, the
chapter button hides and shows the sidebar in place. These broke with pydata-sphinx-theme
0.17 (see _config.yml, navbar_persistent); _static/sidebar-toggles.js adds focus and state.
"""

from __future__ import annotations

import pytest

from support import open_page, pages

WIDTHS = (390, 768, 1024)
HEIGHT = 800
#: The theme's breakpoints: a sidebar is a drawer below these widths, in place above.
DRAWER_BELOW = {"primary": 992, "secondary": 1200}
#: A link the reader must be able to reach in each sidebar.
LINKS = {"primary": "nav.bd-docs-nav a.reference", "secondary": "nav.page-toc a"}


def _toggle(page, kind):
    return page.locator(f".bd-header-article .{kind}-toggle")


def _shown(page, kind) -> bool:
    """The sidebar's first link can be seen, inside the window."""
    link = page.locator(LINKS[kind]).first
    if not link.is_visible():
        return False
    box = link.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1 and box["width"] > 0


def _focus_inside(page, kind) -> bool:
    return page.evaluate(
        "id => document.getElementById(id).contains(document.activeElement)", f"pst-{kind}-sidebar-modal"
    )


def _focus_on_toggle(page, kind) -> bool:
    return page.evaluate(
        "kind => document.activeElement === document.querySelector(`.bd-header-article .${kind}-toggle`)", kind
    )


def _outside_drawer(page, kind) -> tuple[float, float]:
    """A point of the page beside the open drawer (the backdrop)."""
    box = page.locator(f"#pst-{kind}-sidebar-modal").bounding_box()
    right = box["x"] + box["width"]
    room_right = page.viewport_size["width"] - right
    x = right + room_right / 2 if room_right > box["x"] else box["x"] / 2
    return x, HEIGHT / 2


@pytest.fixture(scope="module")
def chapter(book_html) -> str:
    """A page with both sidebars: a chapter with sections."""
    found = [p for p in pages(book_html) if "secondary-toggle" in (book_html / p).read_text(encoding="utf-8")]
    assert found, "no page has an 'On this page' button"
    return found[0]


@pytest.fixture
def nav_page(browser, request, book_url, chapter):
    width, way = request.param
    page, problems, context = open_page(browser, viewport={"width": width, "height": HEIGHT}, has_touch=way == "touch")
    page.goto(f"{book_url}/{chapter}")
    page.wait_for_load_state("networkidle")
    yield page, width, way
    context.close()
    problems.assert_clean()


def _press(page, kind, way, key="Enter"):
    toggle = _toggle(page, kind)
    if way == "keyboard":
        toggle.focus()
        page.keyboard.press(key)
    elif way == "touch":
        toggle.tap()
    else:
        toggle.click()
    page.wait_for_timeout(350)  # the theme's 0.25 s slide


CASES = [(w, way) for w in WIDTHS for way in ("mouse", "touch", "keyboard")]


@pytest.mark.parametrize("nav_page", CASES, indirect=True, ids=[f"{w}px-{way}" for w, way in CASES])
def test_sidebar_opens_and_closes(nav_page):
    """Both sidebars in one visit: the chapter list, then "On this page", each left as it was found."""
    page, width, way = nav_page
    for kind in ("primary", "secondary"):
        check_sidebar(page, width, way, kind)


def check_sidebar(page, width, way, kind):
    """The ``kind`` sidebar hides and shows in place on a wide screen; below its breakpoint it opens as a
    drawer that closes (Escape, or a tap or click beside it) with focus back on its button, and opens
    again; the drawer is then closed with Escape, so the page is as it was."""
    toggle = _toggle(page, kind)
    assert toggle.is_visible(), f"no {kind} sidebar button at {width} px"
    drawer = width < DRAWER_BELOW[kind]

    if not drawer:  # the chapter list, in place on a wide screen: the button hides and shows it
        assert _shown(page, kind) and toggle.get_attribute("aria-expanded") == "true"
        _press(page, kind, way)
        assert not _shown(page, kind), f"the {kind} sidebar did not hide at {width} px ({way})"
        assert toggle.get_attribute("aria-expanded") == "false"
        if way == "keyboard":
            assert _focus_on_toggle(page, kind), "focus left the button"
        _press(page, kind, way, key="Space")
        assert _shown(page, kind), f"the {kind} sidebar did not come back at {width} px ({way})"
        assert toggle.get_attribute("aria-expanded") == "true"
        return

    assert not _shown(page, kind) and toggle.get_attribute("aria-expanded") == "false"
    _press(page, kind, way)
    assert _shown(page, kind), f"the {kind} sidebar did not open at {width} px ({way})"
    assert toggle.get_attribute("aria-expanded") == "true"
    if way == "keyboard":
        assert _focus_inside(page, kind), "focus did not move into the open sidebar"
        page.keyboard.press("Escape")
    else:
        x, y = _outside_drawer(page, kind)
        if way == "touch":
            page.touchscreen.tap(x, y)
        else:
            page.mouse.click(x, y)
    page.wait_for_timeout(350)
    assert not _shown(page, kind), f"the {kind} sidebar did not close at {width} px ({way})"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert _focus_on_toggle(page, kind), "focus did not come back to the button"
    # and it opens again (a second toggle is no dead button)
    _press(page, kind, way)
    assert _shown(page, kind), f"the {kind} sidebar did not open a second time at {width} px ({way})"
    page.keyboard.press("Escape")
    page.wait_for_timeout(350)
    assert not _shown(page, kind), f"the {kind} sidebar did not close with Escape at {width} px ({way})"


@pytest.mark.parametrize("nav_page", [(390, "touch")], indirect=True, ids=["390px-touch"])
def test_a_section_link_closes_the_drawer_and_moves_focus_there(nav_page):
    page, _, _ = nav_page
    _press(page, "secondary", "touch")
    link = page.locator(LINKS["secondary"]).nth(1)
    target = link.get_attribute("href").split("#", 1)[1]
    link.tap()
    page.wait_for_timeout(400)
    assert not _shown(page, "secondary"), "the drawer stayed over the page after choosing a section"
    assert page.evaluate("() => document.activeElement.id") == target
    top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
    assert 0 <= top < HEIGHT / 2, f"the section is not at the top of the window ({top} px)"


@pytest.mark.parametrize("width", WIDTHS)
def test_one_search_entry_point_with_its_icon_clear_of_the_text(browser, book_url, chapter, width):
    page, problems, context = open_page(browser, viewport={"width": width, "height": HEIGHT})
    page.goto(f"{book_url}/{chapter}")
    page.wait_for_load_state("networkidle")
    buttons = page.locator(".search-button__button")
    visible = [i for i in range(buttons.count()) if buttons.nth(i).is_visible()]
    assert len(visible) == 1, f"{len(visible)} search buttons visible at {width} px"
    buttons.nth(visible[0]).click()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    page.keyboard.type("Wdrift")
    icon = page.locator("#pst-search-dialog form .fa-magnifying-glass").bounding_box()
    text_left = page.evaluate(
        """() => { const input = document.querySelector('#pst-search-dialog input[name=q]');
                   const style = getComputedStyle(input);
                   return input.getBoundingClientRect().left + parseFloat(style.paddingLeft)
                          + parseFloat(style.borderLeftWidth); }"""
    )
    assert icon and icon["width"] > 0, "the search field has no icon"
    assert icon["x"] + icon["width"] <= text_left, (
        f"the magnifier ({icon['x']:.0f}-{icon['x'] + icon['width']:.0f} px) covers the typed text "
        f"(from {text_left:.0f} px) at {width} px"
    )
    context.close()
    problems.assert_clean()


@pytest.mark.parametrize("width", (390, 1024))
def test_back_to_top_keeps_to_the_corner(browser, book_url, width):
    """Scrolling up shows the theme's "Back to top" button (below 1200 px; wider, the book theme
    leaves it out): a 44 px arrow in the window's bottom-right corner, not a pill over the middle
    of the text, named for screen readers, and it goes back to the top."""
    page, problems, context = open_page(browser, viewport={"width": width, "height": HEIGHT})
    page.goto(f"{book_url}/chapters/labs/04_validation.html")
    page.wait_for_load_state("networkidle")
    page.mouse.move(width / 2, HEIGHT / 2)  # over the text, not the chapter list beside it
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -300)
    button = page.locator("#pst-back-to-top")
    button.wait_for(state="visible")
    box = button.bounding_box()
    assert 44 <= box["width"] <= 48 and 44 <= box["height"] <= 48, f"the button is {box} at {width} px"
    assert width - 32 <= box["x"] + box["width"] <= width, f"not in the right corner: {box} at {width} px"
    assert HEIGHT - 32 <= box["y"] + box["height"] <= HEIGHT, f"not at the bottom: {box} at {width} px"
    assert button.evaluate("b => b.textContent.trim()") == "Back to top"
    button.click()
    page.wait_for_function("() => window.scrollY === 0", timeout=5000)
    context.close()
    problems.assert_clean()
