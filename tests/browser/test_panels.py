"""Panels that hold still, sliders sized for a finger, and the labs' decisions checked on the page.

On the built pages, with no kernel: an interactive with one control keeps its height whichever view
is shown (``_static/widgets-steady.js``), at 1280 and 390 px; every slider has a handle of at least
24 px (WCAG 2.5.8) with a 44 px hit area, no editable readout (and no Tab stop for one), and a tick
mark and label under each stop, each tick under the handle at that stop, at 1280 and 390 px; buttons
and lists are at least 44 px high on a phone; and each lab decision shows no verdict until the reader
chooses, then the very verdict ``exercises.check`` gives that answer in a notebook, in a box a screen
reader announces (a polite live region, there before the first answer).

The checks of a panel and its sliders run in the visits tests/browser/test_widgets.py makes anyway, one
per interactive and width (its default state at 1280 px, its use at 390 px): this file holds them, and
the decisions' own visits.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from mlops_book import exercises
from mlops_book.interactives import INTERACTIVES, interactive
from mlops_book.labs import catalogue, grid_points
from mlops_book.render import esc
from page_openings import stop_label_problems
from support import screenshot, text_of, wait_for_all_widgets

#: The interactives with one control, whose panels are steady.
STEADY = [entry.name for entry in INTERACTIVES if len(entry.controls) == 1]
#: How much taller than its shortest view a steady panel may be (issue 22: at most 1.35 times).
MOST_GROWTH = 1.35
#: Every page with a slider, and the class of one interactive on it that has one.
SLIDERS = [entry.name for entry in INTERACTIVES if "slider" in entry.controls]
#: The lab decisions the page checks.
DECISIONS = [i for i, entry in exercises.EXERCISES.items() if entry.choices is not None]


def choose(page, widget, builder, index):
    """Show view ``index`` of a one-control interactive, as a reader would."""
    kind = interactive(builder).controls[0]
    if kind in ("buttons", "diagram"):
        widget.locator("button.widget-toggle-button").nth(index).click()
    elif kind == "slider":
        widget.locator('[role="slider"]').focus()
        page.keyboard.press("Home")
        for _ in range(index):
            page.keyboard.press("ArrowRight")
    else:
        widget.locator("select").select_option(index=index)
    first_text = re.sub(r"\s+", " ", interactive(builder).state_texts()[index][0]).strip()
    expect(widget.locator(".mlops-widget-views")).to_contain_text(first_text[:80])


def check_steady(page, widget, builder, width):
    """The one-control panel ``builder`` keeps its height (at most :data:`MOST_GROWTH` times its shortest
    view) through each of its views, shown as a reader would."""
    heights = {}
    for index in range(len(interactive(builder).state_texts())):
        choose(page, widget, builder, index)
        heights[index] = widget.bounding_box()["height"]
    screenshot(page, f"steady-{builder}-{width}")
    growth = max(heights.values()) / min(heights.values())
    assert growth <= MOST_GROWTH, f"{builder} at {width} px: heights {heights} (x{growth:.2f})"


def check_sized_for_a_finger(page, widget, builder):
    """Each slider of ``builder``'s panel has a handle of 24 px or more that a finger within 22 px of its
    centre takes, and no readout to type into (nothing editable, no second Tab stop)."""
    for slider in widget.locator(".widget-hslider").all():
        handle = slider.locator('[role="slider"]')
        handle.evaluate("h => h.scrollIntoView({block: 'center'})")  # clear of the page's sticky header
        box = handle.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, f"{builder}: a {box['width']}x{box['height']} px handle"
        # a finger that lands within 22 px of the handle's centre takes the handle
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for dx, dy in ((0, -20), (0, 20), (-20, 0), (20, 0)):
            hit = page.evaluate("([x, y, h]) => h.contains(document.elementFromPoint(x, y))",
                                [centre[0] + dx, centre[1] + dy, handle.element_handle()])
            assert hit, f"{builder}: a touch {dx, dy} px from the handle's centre misses it"
        # no readout to type into: nothing editable, and Tab goes from the handle out of the slider
        assert slider.locator("[contenteditable=true]:visible").count() == 0, f"{builder}: an editable readout"
        value = handle.get_attribute("aria-valuetext")
        handle.focus()
        page.keyboard.type("banana")
        assert handle.get_attribute("aria-valuetext") == value
        page.keyboard.press("Tab")
        inside = page.evaluate("s => s.contains(document.activeElement)", slider.element_handle())
        assert not inside, f"{builder}: a second Tab stop inside the slider"


#: The interactives whose buttons and lists are measured on a phone: buttons, a drop-down and a lab's.
FINGER_CONTROLS = ("findings_tabs", "participant_explorer", "drift_lab")


def check_44_px_controls(widget, builder):
    """On a phone, the panel's buttons and lists are at least 44 px high."""
    for control in widget.locator("button.widget-toggle-button, select").all():
        assert control.bounding_box()["height"] >= 44, f"{builder}: a control under 44 px high"


#: noUiSlider glides its handle to a stop for 0.3 s; the stops are measured where the handle comes to rest.
NO_GLIDE = ".noUi-target, .noUi-target * { transition: none !important; }"


def check_stops(page, widget, builder, width):
    """Each slider of ``builder``'s panel has a tick and a label under each stop, the labels apart and in
    the panel, and the handle over the stop's tick at every stop (keyboard, Home then ArrowRight)."""
    page.add_style_tag(content=NO_GLIDE)
    panel = widget.bounding_box()
    for number, kind in enumerate(interactive(builder).controls, 1):
        if kind != "slider":
            continue
        control = widget.locator(f".mlops-widget-control-{number}")
        row = control.locator("xpath=following-sibling::*[1]")
        stops = row.locator(".mlops-slider-stop")
        labels = [option[0] for option in interactive(builder).build().controls[number - 1].options]
        assert stops.all_inner_texts() == labels, f"{builder}: the stops' labels"
        boxes = [stop.bounding_box() for stop in stops.all()]
        for i, one in enumerate(boxes):  # on a phone every other label may stand in a second row
            for other in boxes[i + 1:]:
                apart = (one["x"] + one["width"] <= other["x"] + 1 or other["x"] + other["width"] <= one["x"] + 1
                         or one["y"] + one["height"] <= other["y"] + 1 or other["y"] + other["height"] <= one["y"] + 1)
                assert apart, f"{builder} at {width} px: stop labels overlap"
        assert not stop_label_problems(page), f"{builder} at {width} px: {stop_label_problems(page)}"
        assert boxes[0]["x"] >= panel["x"] and boxes[-1]["x"] + boxes[-1]["width"] <= panel["x"] + panel["width"]
        handle = control.locator('[role="slider"]')
        ticks = row.locator(".mlops-slider-tick")
        assert ticks.count() == len(labels), f"{builder}: {ticks.count()} ticks for {len(labels)} stops"
        handle.focus()
        page.keyboard.press("Home")
        for position in range(len(labels)):
            if position:
                page.keyboard.press("ArrowRight")
            expect(handle).to_have_attribute("aria-valuetext", labels[position])
            h, t = handle.bounding_box(), ticks.nth(position).bounding_box()
            offset = (h["x"] + h["width"] / 2) - (t["x"] + t["width"] / 2)
            assert abs(offset) <= 3, f"{builder} at {width} px: stop {position}'s tick is {offset:.1f} px off"
    screenshot(page, f"slider-stops-{builder}-{width}")


def answers_of(exercise_id):
    points = grid_points(exercises.EXERCISES[exercise_id].choices.values())
    return [tuple(p.values()) if len(p) > 1 else next(iter(p.values())) for p in points]


@pytest.mark.parametrize("exercise_id", DECISIONS)
def test_a_lab_decision_is_checked_on_the_page(page, book_url, exercise_id):
    """No verdict until the reader chooses; then, for each answer tried, the check's own verdict."""
    choices = exercises.EXERCISES[exercise_id].choices
    page.goto(f"{book_url}/{catalogue.lab(choices.lab).chapter}.html")
    wait_for_all_widgets(page)
    widget = page.locator(f".mlops-{exercise_id}-check")
    widget.scroll_into_view_if_needed()
    assert widget.locator(".exercise-check").count() == 0, "a verdict shows before any answer is chosen"
    # the verdicts' box is a polite live region before any answer, so a screen reader reads each verdict
    region = widget.locator(".mlops-widget-views")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_attribute("role", "status")
    values = list(choices.values().values())
    controls = [widget.locator(f".mlops-widget-control-{n}") for n in range(1, len(values) + 1)]
    answers = answers_of(exercise_id)
    right = exercises.expected(exercise_id)
    # every answer of a one-part decision; of a two-part one, each button at one slider stop, and the right answer
    if len(values) == 1:
        tried = answers
    else:
        tried = [a for a in answers if a[1] == answers[0][1]] + [right]
    for answer in tried:
        parts = answer if isinstance(answer, tuple) else (answer,)
        for control, options, part in zip(controls, values, parts, strict=True):
            index = list(options).index(part)
            if control.locator("button.widget-toggle-button").count():
                control.locator("button.widget-toggle-button").nth(index).click()
            else:
                handle = control.locator('[role="slider"]')
                handle.focus()
                page.keyboard.press("Home")
                for _ in range(index):
                    page.keyboard.press("ArrowRight")
        verdict = exercises.check(exercise_id, answer)
        shown = widget.locator(".mlops-widget-views .exercise-check")
        expect(shown).to_have_count(1)
        expect(shown).to_contain_text(text_of(esc(verdict.message))[:120])
        expect(shown).to_contain_text("Correct" if verdict.correct else "Not yet")
    screenshot(page, f"decision-{exercise_id}")
