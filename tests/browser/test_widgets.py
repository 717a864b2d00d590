"""Every interactive on its chapter page, in the built book with no kernel.

For each interactive of the registry (mlops_book.interactives): the default state tells its
story; every state can be reached by keyboard and by mouse (the drop-down by keyboard and by
choosing an option), and shows that state's facts from data/ (the registry's texts for it) and
not another state's; it works at 390 px. Those two visits, its default state at 1280 px and its
use at 390 px, also check its panel and its sliders (test_panels.py): one visit per interactive and
width for them all. A diagram (the cycle, the building, the spectrum) is
driven through its own parts: clicked, tabbed to and pressed, moved through with the arrow keys,
and drawn as its picture (a ring, floors, steps in a row) with no second row of buttons.
Screenshots of every state go to test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import functools
import re

import pytest
from playwright.sync_api import expect

from mlops_book import data, views, widgets
from mlops_book.interactives import INTERACTIVES, interactive
from page_openings import stop_label_problems
from support import open_page, screenshot, use_mode, wait_for_all_widgets
from test_panels import (
    FINGER_CONTROLS,
    SLIDERS,
    STEADY,
    check_44_px_controls,
    check_sized_for_a_finger,
    check_steady,
    check_stops,
)

#: The interactives by name; each knows its page, its CSS class, its controls and its states' texts.
NAMES = [entry.name for entry in INTERACTIVES]
#: Toggle buttons, in a row or drawn as a diagram: both answer clicks, Tab and Enter/Space.
BUTTON_WIDGETS = [entry.name for entry in INTERACTIVES if entry.controls in (("buttons",), ("diagram",))]
#: The diagrams whose parts are the control, and the shape each is drawn as.
DIAGRAM_WIDGETS = [entry.name for entry in INTERACTIVES if entry.controls == ("diagram",)]
SLIDER_WIDGETS = [entry.name for entry in INTERACTIVES if entry.controls == ("slider",)]
#: The labs: two controls over a grid of states (first control slowest).
GRID_WIDGETS = [entry.name for entry in INTERACTIVES if len(entry.controls) == 2]


def state_texts(builder: str) -> list[list[str]]:
    """For each state of a widget, in control order, text from data/ that must then be visible."""
    return interactive(builder).state_texts()


@functools.cache
def built(builder: str):
    return interactive(builder).build()


def default_index(builder: str) -> int:
    """The state shown first, in state order (a lab's grid: row-major)."""
    widget = built(builder)
    return widget.state_index


def grid_sizes(builder: str) -> list[int]:
    return [len(control.options) for control in built(builder).controls]


def open_widget(page, book_url, builder):
    entry = interactive(builder)
    page.goto(f"{book_url}/{entry.page}")
    wait_for_all_widgets(page)
    widget = page.locator(f".{entry.css_class}")
    assert widget.count() == 1, f"{entry.page} should show the {builder} widget once"
    widget.scroll_into_view_if_needed()
    return widget


def shown(widget) -> str:
    """The text of the visible view only (hidden views have no rendered text)."""
    return re.sub(r"\s+", " ", widget.locator(".mlops-widget-views").inner_text())


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_state(widget, builder, index):
    texts = state_texts(builder)
    visible = shown(widget)
    for text in texts[index]:
        assert norm(text) in visible, f"{builder} state {index}: missing {text!r}"
    others = {t for i, ts in enumerate(texts) if i != index for t in ts} - set(texts[index])
    leaked = [t for t in others if len(t) > 20 and norm(t) in visible]
    assert not leaked, f"{builder} state {index} also shows another state's text: {leaked[:2]}"


# --- Default states -----------------------------------------------------------


@pytest.mark.parametrize("builder", NAMES)
def test_default_state_tells_the_story(page, book_url, builder):
    """The state shown first; then, in the same visit at 1280 px, a one-control panel keeps its height
    through its views and a slider has a tick and a label under each stop (test_panels.py)."""
    widget = open_widget(page, book_url, builder)
    assert_state(widget, builder, default_index(builder))
    screenshot(page, f"widget-{builder}-default")
    if builder in STEADY:
        check_steady(page, widget, builder, 1280)
    if builder in SLIDERS:
        check_stops(page, widget, builder, 1280)  # last: it stops the handle's glide


def test_tension_default_is_balanced_and_says_it_is_the_explainers(page, book_url):
    widget = open_widget(page, book_url, "tension_slider")
    visible = shown(widget)
    assert "Balanced: You iterate fast and validate thoroughly" in visible
    assert widgets.TENSION_BADGES["seed"] in visible
    for level in ("strong", "strained"):
        assert level in visible


def test_retraining_default_is_daily_with_p14s_quote(page, book_url):
    widget = open_widget(page, book_url, "retraining_explorer")
    cadences = data.load("retraining")
    daily = cadences[cadences["cadence"] == data.interactive_text("retraining_explorer", "default")].iloc[0]
    for quote in data.quotes_for(daily.quote_ids):
        assert norm(quote["text"]) in shown(widget) and quote["attribution"] in shown(widget)
    assert "No one used a scientific procedure" in widget.inner_text()


def test_workflow_cycle_says_it_runs_continuously(page, book_url):
    widget = open_widget(page, book_url, "workflow_cycle")
    assert data.interactive_text("workflow_cycle", "note") in widget.inner_text()


# --- Toggle buttons: keyboard and mouse ---------------------------------------


@pytest.mark.parametrize("builder", BUTTON_WIDGETS)
def test_buttons_by_keyboard_then_by_mouse(page, book_url, builder):
    """One visit: from the default state, every button by keyboard, then every button by mouse."""
    widget = open_widget(page, book_url, builder)
    buttons_by_keyboard(page, widget, builder)
    buttons_by_mouse(page, widget, builder)


def buttons_by_keyboard(page, widget, builder):
    """Tab from the default state's button to each next one and press it (Enter or Space); Shift+Tab back."""
    buttons = widget.locator("button.widget-toggle-button")
    count = len(state_texts(builder))
    assert buttons.count() == count
    buttons.nth(default_index(builder)).focus()
    for index in range(default_index(builder) + 1, count):
        page.keyboard.press("Tab")
        assert buttons.nth(index).evaluate("b => b === document.activeElement"), "Tab moves to the next button"
        page.keyboard.press("Enter" if index % 2 else "Space")
        assert_state(widget, builder, index)
        expect(buttons.nth(index)).to_have_attribute("aria-pressed", "true")
        screenshot(page, f"widget-{builder}-keyboard-{index}")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert_state(widget, builder, count - 2)


def buttons_by_mouse(page, widget, builder):
    """Click each button, last first: its state shows, and only it is pressed."""
    buttons = widget.locator("button.widget-toggle-button")
    for index in reversed(range(buttons.count())):
        buttons.nth(index).click()
        assert_state(widget, builder, index)
        for other in range(buttons.count()):
            expect(buttons.nth(other)).to_have_attribute("aria-pressed", "true" if other == index else "false")
        screenshot(page, f"widget-{builder}-mouse-{index}")


# --- Diagrams: the picture is the control -------------------------------------

#: The centre of each part of a diagram, in the page's pixels, in the parts' order.
CENTRES = """group => Array.from(group.querySelectorAll('button.widget-toggle-button')).map(b => {
    const r = b.getBoundingClientRect();
    return {x: r.left + r.width / 2, y: r.top + r.height / 2, height: r.height};
})"""


def parts_of(widget):
    diagram = widget.locator(".mlops-diagram")
    assert diagram.count() == 1, "the diagram is the widget's control"
    return diagram, diagram.locator("button.widget-toggle-button")


def assert_drawn_as(builder: str, centres: list[dict], narrow: bool):
    """The parts are where the picture puts them: a ring, floors, steps in a row; at 390 px a list."""
    classes = built(builder).controls[0]._dom_classes
    shape = next(c for c in classes if c.startswith("mlops-diagram-")).removeprefix("mlops-diagram-")
    top_to_bottom = all(a["y"] < b["y"] for a, b in zip(centres, centres[1:], strict=False))
    if shape == "cycle" and not narrow:
        first, second, third, fourth = centres
        assert second["x"] > first["x"] + 50 and second["y"] > first["y"] + 20, "step 2 is right of and below 1"
        assert abs(third["x"] - first["x"]) < 2 and third["y"] > second["y"] + 20, "step 3 is below 1, under 2"
        assert fourth["x"] < first["x"] - 50 and abs(fourth["y"] - second["y"]) < 2, "step 4 is left, level with 2"
    elif shape == "building" or narrow:
        assert top_to_bottom, f"the {shape}'s parts are one below the other, in order: {centres}"
        assert max(c["x"] for c in centres) - min(c["x"] for c in centres) < 2
    else:
        assert all(a["x"] < b["x"] for a, b in zip(centres, centres[1:], strict=False)), "the steps run left to right"
        assert max(c["y"] for c in centres) - min(c["y"] for c in centres) < 2


@pytest.mark.parametrize("builder", DIAGRAM_WIDGETS)
def test_diagram_is_the_control_by_tab_and_arrow_keys(page, book_url, builder):
    """One visit: the picture is the control (read as loaded), then the keyboard walks it from its default state."""
    widget = open_widget(page, book_url, builder)
    diagram_is_the_control(page, widget, builder)
    diagram_by_tab_and_arrow_keys(page, widget, builder)


def diagram_is_the_control(page, widget, builder):
    """The picture's parts are the only buttons: no row of buttons repeats their labels."""
    diagram, parts = parts_of(widget)
    labels = [option[0] for option in built(builder).controls[0].options]
    assert [norm(parts.nth(i).inner_text()).strip() for i in range(parts.count())] == labels
    assert widget.locator("button").count() == len(labels), "a second set of buttons"
    expect(diagram).to_have_attribute("role", "group")
    expect(diagram).to_have_attribute("aria-label", built(builder).controls[0].description)
    assert_drawn_as(builder, diagram.evaluate(CENTRES), narrow=False)


def diagram_by_tab_and_arrow_keys(page, widget, builder):
    """Tab from the widget's title reaches the chosen part; the arrow keys then walk the diagram,
    each part they reach shows its state, and they wrap round; Home and End go to the ends."""
    _, parts = parts_of(widget)
    count = parts.count()
    start = default_index(builder)
    assert start == 0, "the walk below starts at the first part"
    widget.locator(".mlops-widget-title").click()  # the keyboard's starting point: just before the diagram
    page.keyboard.press("Tab")
    assert parts.nth(0).evaluate("b => b === document.activeElement"), "Tab from the title reaches the first part"
    for index in range(1, count):
        scrolled = page.evaluate("window.scrollY")
        page.keyboard.press("ArrowDown" if index % 2 else "ArrowRight")
        assert page.evaluate("window.scrollY") == scrolled, "the arrow keys move in the diagram, not the page"
        assert parts.nth(index).evaluate("b => b === document.activeElement"), "the arrow moves the focus"
        assert_state(widget, builder, index)
        expect(parts.nth(index)).to_have_attribute("aria-pressed", "true")
        assert parts.nth(index).evaluate("b => b.matches(':focus-visible')"), "the reader sees where the focus is"
    screenshot(page, f"widget-{builder}-arrows-{count - 1}")  # a full-page screenshot moves the page: after the walk
    page.keyboard.press("ArrowRight")
    assert_state(widget, builder, 0)  # round from the last part to the first
    page.keyboard.press("ArrowUp")
    assert_state(widget, builder, count - 1)
    page.keyboard.press("Home")
    assert_state(widget, builder, 0)
    page.keyboard.press("End")
    assert_state(widget, builder, count - 1)
    page.keyboard.press("ArrowLeft")
    assert_state(widget, builder, count - 2)


@pytest.fixture
def touch_phone_page(browser):
    """A 390 px wide page with a touch screen, for taps."""
    page, problems, context = open_page(browser, viewport={"width": 390, "height": 844}, has_touch=True)
    yield page
    context.close()
    problems.assert_clean()


@pytest.mark.parametrize("builder", DIAGRAM_WIDGETS)
def test_diagram_by_touch_on_a_phone(touch_phone_page, book_url, builder):
    """At 390 px each part is where the picture's phone layout puts it and is a 44 px touch target,
    and a tap on each part shows its state."""
    page = touch_phone_page
    widget = open_widget(page, book_url, builder)
    diagram, parts = parts_of(widget)
    centres = diagram.evaluate(CENTRES)
    assert_drawn_as(builder, centres, narrow=True)
    assert all(c["height"] >= 44 for c in centres), f"a part smaller than a finger: {centres}"
    for index in reversed(range(parts.count())):
        parts.nth(index).tap()
        assert_state(widget, builder, index)
        expect(parts.nth(index)).to_have_attribute("aria-pressed", "true")
    screenshot(page, f"widget-{builder}-phone-tapped")


# --- Sliders: keyboard and mouse ----------------------------------------------


@pytest.mark.parametrize("builder", SLIDER_WIDGETS)
def test_slider_by_keyboard_then_by_mouse(page, book_url, builder):
    """One visit: every stop by keyboard (Home, then the arrow keys), then every stop by a click on the track."""
    widget = open_widget(page, book_url, builder)
    slider_by_keyboard(page, widget, builder)
    slider_by_mouse(page, widget, builder)


def slider_by_keyboard(page, widget, builder):
    """The handle, named by the slider's visible label, goes through every stop by Home and ArrowRight."""
    handle = widget.locator('[role="slider"]')
    label = widget.locator(".widget-slider .widget-label, .widget-hslider .widget-label").first.inner_text()
    assert label, "the slider has a visible label"
    expect(handle).to_have_attribute("aria-label", label)  # named by its visible label
    labels = [option[0] for option in interactive(builder).build().controls[0].options]
    handle.focus()
    page.keyboard.press("Home")
    for index in range(len(labels)):
        if index:
            page.keyboard.press("ArrowRight")
        assert_state(widget, builder, index)
        expect(handle).to_have_attribute("aria-valuetext", labels[index])
        screenshot(page, f"widget-{builder}-keyboard-{index}")
    page.keyboard.press("ArrowLeft")
    assert_state(widget, builder, len(labels) - 2)


def slider_by_mouse(page, widget, builder):
    """A click at each stop's place on the track, last first, shows that stop's state."""
    count = len(state_texts(builder))
    for index in reversed(range(count)):
        widget.locator(".noUi-target").scroll_into_view_if_needed()
        track = widget.locator(".noUi-target").bounding_box()  # in the viewport, which scrolls
        x = track["x"] + track["width"] * index / (count - 1)
        page.mouse.click(min(x, track["x"] + track["width"] - 1), track["y"] + track["height"] / 2)
        settle(page, widget.locator(".noUi-target"))
        assert_state(widget, builder, index)
        screenshot(page, f"widget-{builder}-mouse-{index}")


# --- The drop-down ------------------------------------------------------------


def test_participants_by_keyboard_then_by_choosing(page, book_url):
    """One visit: the drop-down walked by the arrow keys from its default, then each person chosen."""
    widget = open_widget(page, book_url, "participant_explorer")
    participants_by_keyboard(page, widget)
    participants_by_choosing(page, widget)


def participants_by_keyboard(page, widget):
    """From the default person, ArrowDown to each next one, then ArrowUp back one."""
    select = widget.locator("select")
    start = default_index("participant_explorer")
    select.focus()
    for index in range(start + 1, len(data.load("participants"))):
        page.keyboard.press("ArrowDown")
        assert_state(widget, "participant_explorer", index)
    screenshot(page, "widget-participant_explorer-keyboard-last")
    page.keyboard.press("ArrowUp")
    assert_state(widget, "participant_explorer", len(data.load("participants")) - 2)


def participants_by_choosing(page, widget):
    """Each person chosen from the list, last first; someone the explainer cites for nothing says so."""
    people = data.load("participants")
    select = widget.locator("select")
    select.click()  # a pointer user opens the list first
    for index in reversed(range(len(people))):
        select.select_option(label=data.speaker_line(people["id"][index]))
        assert_state(widget, "participant_explorer", index)
    cited = set(views.participant_citations()["participant"]) | set(data.load("quotes")["speaker"])
    uncited = [p for p in people["id"] if p not in cited]
    assert uncited, "the data has someone the explainer cites for nothing"
    select.select_option(label=data.speaker_line(uncited[0]))
    assert "only in its participants table" in shown(widget)
    screenshot(page, f"widget-participant_explorer-{uncited[0]}")


# --- Phones -------------------------------------------------------------------


@pytest.mark.parametrize("builder", NAMES)
def test_usable_at_390px(phone_page, book_url, builder):
    """On a phone: the widget and its controls on screen, each control to its last position; in the same
    visit (test_panels.py) buttons and lists 44 px high, a one-control panel that keeps its height through
    its views, sliders sized for a finger with a tick and a label under each stop."""
    widget = open_widget(phone_page, book_url, builder)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    box = widget.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{builder} is wider than the screen: {box}"
    for control in widget.locator("button.widget-toggle-button, select, [role=slider]").all():
        right = control.bounding_box()
        assert right["x"] >= 0 and right["x"] + right["width"] <= 390, f"{builder}: a control is cut off"
    if builder in FINGER_CONTROLS:
        check_44_px_controls(widget, builder)
    count = len(state_texts(builder))
    last = count - 1 if default_index(builder) != count - 1 else 0
    if builder in GRID_WIDGETS:  # every control to its last position
        for number, size in enumerate(grid_sizes(builder), 1):
            move(phone_page, widget, builder, number, size - 1, by_keyboard=number == 2)
    elif builder in BUTTON_WIDGETS:
        widget.locator("button.widget-toggle-button").nth(last).click()
    elif builder in SLIDER_WIDGETS:
        widget.locator('[role="slider"]').focus()
        phone_page.keyboard.press("End" if last else "Home")
    else:
        widget.locator("select").select_option(index=last)
    assert_state(widget, builder, last)
    screenshot(phone_page, f"widget-{builder}-phone")
    if builder in STEADY:
        check_steady(phone_page, widget, builder, 390)
    if builder in SLIDERS:
        check_sized_for_a_finger(phone_page, widget, builder)
        check_stops(phone_page, widget, builder, 390)  # last: it stops the handle's glide


#: Every interactive with a slider: its stops' labels are the ones that can break a word on a phone.
SLIDER_PAGES = sorted({entry.page for entry in INTERACTIVES if "slider" in entry.controls})


@pytest.mark.parametrize("page_path", SLIDER_PAGES)
def test_stop_labels_keep_their_words_whole_at_390px_in_dark_mode(phone_page, book_url, page_path):
    """The tension slider's "Favour validation" broke as "validati / on" at 390 px: no stop label breaks a
    word, overlaps another or leaves its panel (page_openings.py; every page's 390 px visit checks the
    light page, this the dark one)."""
    use_mode(phone_page, "dark")
    phone_page.goto(f"{book_url}/{page_path}")
    wait_for_all_widgets(phone_page)
    assert phone_page.evaluate("document.documentElement.dataset.theme") == "dark"
    problems = stop_label_problems(phone_page)
    assert not problems, f"{page_path} at 390 px, dark:\n- " + "\n- ".join(problems)
    screenshot(phone_page, f"stop-labels-dark-{page_path.replace('/', '-')}")


# --- Labs: two controls over a grid, each by keyboard and by mouse ------------------------------


def settle(page, track):
    """Wait for a slider's tap animation to end: noUiSlider ignores a tap on a track still moving
    its handle (as a reader would see: the handle glides for 0.3 s), so the next click waits."""
    page.wait_for_function("el => !el.classList.contains('noUi-state-tap')", arg=track.element_handle())


def move(page, widget, builder: str, number: int, position: int, by_keyboard: bool):
    """Put control ``number`` (1 or 2) of a lab at ``position``, by keyboard or by mouse."""
    control = widget.locator(f".mlops-widget-control-{number}")
    labels = [option[0] for option in built(builder).controls[number - 1].options]
    if interactive(builder).controls[number - 1] == "buttons":
        buttons = control.locator("button.widget-toggle-button")
        if by_keyboard:
            buttons.nth(0).focus()
            for _ in range(position):
                page.keyboard.press("Tab")
            assert buttons.nth(position).evaluate("b => b === document.activeElement"), "Tab reaches the button"
            page.keyboard.press("Enter" if position % 2 else "Space")
        else:
            buttons.nth(position).click()
        expect(buttons.nth(position)).to_have_attribute("aria-pressed", "true")
        return
    handle = control.locator('[role="slider"]')
    if by_keyboard:
        handle.focus()
        page.keyboard.press("Home")
        for _ in range(position):
            page.keyboard.press("ArrowRight")
    else:
        track_locator = control.locator(".noUi-target")
        track_locator.scroll_into_view_if_needed()
        track = track_locator.bounding_box()
        x = track["x"] + track["width"] * position / (len(labels) - 1)
        page.mouse.click(min(x, track["x"] + track["width"] - 1), track["y"] + track["height"] / 2)
        settle(page, track_locator)
    expect(handle).to_have_attribute("aria-valuetext", labels[position])


@pytest.mark.parametrize("builder", GRID_WIDGETS)
def test_lab_both_controls(page, book_url, builder):
    """One visit: from the default state, both controls by keyboard, then both by mouse."""
    widget = open_widget(page, book_url, builder)
    assert widget.locator(".mlops-widget-control").count() == 2
    position = list(divmod(default_index(builder), grid_sizes(builder)[1]))
    for by_keyboard in (True, False):
        walk_both_controls(page, widget, builder, by_keyboard, position)


def walk_both_controls(page, widget, builder, by_keyboard, position):
    """Walk the second control through every position, then the first; each state shows its numbers.
    ``position`` (row, column) is where the lab is, and is kept up to date."""
    rows, cols = grid_sizes(builder)
    how = "keyboard" if by_keyboard else "mouse"
    for number in (2, 1):
        size = (rows, cols)[number - 1]
        for target in [*range(size)][::-1] if not by_keyboard else range(size):
            move(page, widget, builder, number, target, by_keyboard)
            position[number - 1] = target
            assert_state(widget, builder, position[0] * cols + position[1])
        screenshot(page, f"widget-{builder}-{how}-{position[0]}-{position[1]}")
    # the second control still works after the first has moved: the inner stacks all follow it
    move(page, widget, builder, 2, cols - 1 - position[1], by_keyboard)
    position[1] = cols - 1 - position[1]
    assert_state(widget, builder, position[0] * cols + position[1])
    screenshot(page, f"widget-{builder}-{how}-{position[0]}-{position[1]}")
