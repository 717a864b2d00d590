"""The book's widget styles win over ipywidgets' own, in the built book.

Text in a widget is the size of the page's body text (ipywidgets' default is 13 px), and a
control reached by the keyboard shows a focus ring at least 2 px wide with at least 3:1 contrast
against the background it is drawn on, in light and in dark mode (WCAG 2.4.13; ipywidgets' own ring is 1 px at about
2.2:1). Checked on one control of each kind the book uses: toggle buttons, a selection slider's
handle, a drop-down, a quiz's radio buttons and a part of a diagram.
"""

from __future__ import annotations

import re

import pytest

from mlops_book.interactives import INTERACTIVES
from support import use_mode, wait_for_all_widgets
from test_quiz_pages import SECTIONS, page_of


def first_page_with(kind: str) -> str:
    """The page of the first registered interactive whose only control is of this kind."""
    return next(entry.page for entry in INTERACTIVES if entry.controls == (kind,))


#: (what, page, CSS selector of the control to focus)
CONTROLS = [
    ("toggle button", first_page_with("buttons"), ".mlops-widget .widget-toggle-button"),
    ("part of a diagram", first_page_with("diagram"), ".mlops-widget .mlops-diagram .widget-toggle-button"),
    ("slider handle", first_page_with("slider"), ".mlops-widget .noUi-handle"),
    ("drop-down", first_page_with("dropdown"), ".mlops-widget .widget-dropdown select"),
    ("radio button", page_of(SECTIONS[0]), ".mlops-quiz input[type=radio]"),
]

#: The computed style that draws the focus ring, and the background the ring is drawn on: the
#: first ancestor with an opaque background (the ring sits outside the control, by outline-offset).
RING = """(el) => {
    const style = getComputedStyle(el);
    let under = el.parentElement;
    while (under && getComputedStyle(under).backgroundColor.match(/rgba\\(.*, 0\\)$|transparent/)) {
        under = under.parentElement;
    }
    return {
        focused: document.activeElement === el,
        visible: el.matches(':focus-visible'),
        style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor,
        background: under ? getComputedStyle(under).backgroundColor : 'rgb(255, 255, 255)',
    };
}"""


def rgb(colour: str) -> tuple[float, float, float]:
    """The red, green and blue of a computed CSS colour such as ``rgb(0, 90, 156)``."""
    numbers = re.findall(r"[\d.]+", colour)
    assert colour.startswith("rgb") and len(numbers) >= 3, f"not a computed rgb colour: {colour!r}"
    assert len(numbers) == 3 or float(numbers[3]) == 1, f"a see-through colour has no fixed contrast: {colour}"
    return tuple(float(n) for n in numbers[:3])


def luminance(colour: str) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_wcags():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(255, 255, 255)", "rgb(255, 255, 255)") == pytest.approx(1)


def test_widget_text_is_the_size_of_body_text(page, book_url):
    page.goto(f"{book_url}/{first_page_with('buttons')}")
    wait_for_all_widgets(page)
    body = page.locator("article p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    sizes = page.evaluate("""() => [...document.querySelectorAll(
            '.mlops-widget .widget-html-content, .mlops-widget .widget-toggle-button, .mlops-widget .widget-label')]
        .filter(el => el.textContent.trim() && el.getClientRects().length)
        .map(el => [el.className, el.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(el).fontSize)])""")
    assert sizes, "no widget text found"
    wrong = [s for s in sizes if abs(s[2] - body) > 0.5]
    assert not wrong, f"widget text should be {body} px like the page's body text: {wrong[:3]}"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("what, page_path, selector", CONTROLS, ids=[c[0] for c in CONTROLS])
def test_keyboard_focus_ring_is_wide_and_contrasting(page, book_url, what, page_path, selector, mode):
    use_mode(page, mode)
    page.goto(f"{book_url}/{page_path}")
    assert page.evaluate("() => document.documentElement.dataset.theme") == mode
    wait_for_all_widgets(page)
    control = page.locator(selector).first
    control.scroll_into_view_if_needed()
    # reach the control by the keyboard: from it, one step back and one forward
    control.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = control.evaluate(RING)
    assert ring["focused"] and ring["visible"], f"{what}: Shift+Tab, Tab should come back to it, focus-visible"
    assert ring["style"] not in ("none", "hidden"), f"{what}: no outline when focused by keyboard"
    assert ring["width"] >= 2, f"{what}: the focus ring is {ring['width']} px wide, at least 2 px needed"
    ratio = contrast(ring["colour"], ring["background"])
    assert ratio >= 3, f"{what}: focus ring {ring['colour']} on {ring['background']} is {ratio:.2f}:1, below 3:1"
