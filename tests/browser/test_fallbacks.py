"""Every widget page without its widget script, and with it: a static picture in each widget's place, no jump.

With the widget runtime blocked (as an ad blocker, a failed download or a strict policy would), each
widget page shows, in the place of every interactive of the registry and every quiz on it, a static
picture of its first state with the note that the interactive needs a script that did not run (the texts the
registry expects of that state; a quiz's every question with its answers, one under another, and no row of
question numbers, which could not work: the page's script finds the runtime missing and unfolds the picture,
which until then was laid out as the live quiz, one question at a time); with JavaScript off, each
quiz shows every question and answer. Both open a fixed sample of the pages in `make test` and every
one in `make test-all`. With the runtime, the
widgets replace the pictures without moving the page: the cumulative layout shift Chromium reports
stays at most 0.05, at desktop and phone widths, even when the script arrives after the first paint
(a fixed sample of the pages and widths in `make test`, every one in `make test-all`; `make bench`
measures every page at both widths too).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from mlops_book import fallback, quizzes
from mlops_book.interactives import INTERACTIVES
from support import (
    BOOK_HTML,
    ROOT,
    RUNTIME_SCRIPT,
    WIDGET_VIEW,
    layout_shift_when_widgets_arrive_late,
    open_page,
    pages,
    sample,
    screenshot,
)

PICTURE = ".mlops-widget-fallback"
#: The largest cumulative layout shift allowed (web.dev calls up to 0.1 "good"; issue 12 asks 0.05).
MAX_SHIFT = 0.05
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
QUIZ_CALL = re.compile(r'quizzes\.quiz\("([a-z0-9-]+)"\)')


def quizzes_by_page() -> dict[str, list[str]]:
    """The quiz sections each page shows, read from the chapters' cells."""
    found = {}
    for source in sorted((ROOT / "chapters").rglob("*.md")):
        sections = QUIZ_CALL.findall(source.read_text(encoding="utf-8"))
        if sections:
            found[source.relative_to(ROOT).with_suffix(".html").as_posix()] = sections
    return found


def widget_pages() -> list[str]:
    """Every built page with a widget view, discovered from the HTML."""
    return [p for p in pages() if WIDGET_VIEW in (BOOK_HTML / p).read_text(encoding="utf-8")]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def default_texts(entry) -> list[str]:
    """The texts the registry expects of an interactive's first state."""
    return entry.state_texts()[entry.build().state_index]


#: Page and width pairs whose layout shift `make test` measures (all of them in `make test-all`).
SHIFT_SAMPLE = 8
#: Widget pages `make test` opens with the widget script blocked (all of them in `make test-all`).
BLOCKED_SAMPLE = 6
#: Pages with a quiz `make test` opens with JavaScript off (all of them in `make test-all`).
NO_SCRIPT_SAMPLE = 4

DECISION_CALL = re.compile(r'exercises\.on_page\("([a-z0-9-]+)"\)')


def decisions_by_page() -> Counter:
    """How many lab decisions each page checks without a kernel (``exercises.on_page``), read from its cells."""
    return Counter({source.relative_to(ROOT).with_suffix(".html").as_posix(): len(found)
                    for source in sorted((ROOT / "chapters").rglob("*.md"))
                    if (found := DECISION_CALL.findall(source.read_text(encoding="utf-8")))})


#: Counts of each page's interactives by the registry, its quizzes and its lab decisions.
EXPECTED = Counter(entry.page for entry in INTERACTIVES) + Counter(
    {page: len(sections) for page, sections in quizzes_by_page().items()}
) + decisions_by_page()


def pytest_generate_tests(metafunc):
    if "widget_page" in metafunc.fixturenames:
        found = widget_pages() if (BOOK_HTML / "index.html").exists() else []
        # every page the registry or a quiz names must be a widget page of the build, and no other
        every = sorted(set(found) | set(EXPECTED))
        if "width" in metafunc.fixturenames:
            pairs = [(page, width) for page in every for width in WIDTHS]
            metafunc.parametrize(("widget_page", "width"), sample(pairs, SHIFT_SAMPLE))
        else:
            metafunc.parametrize("widget_page", sample(every, BLOCKED_SAMPLE))


def test_pictures_in_place_when_the_widget_script_is_blocked(browser, book_url, widget_page):
    page, problems, context = open_page(browser)
    page.route(RUNTIME_SCRIPT, lambda route: route.abort())
    page.goto(f"{book_url}/{widget_page}")
    page.wait_for_load_state("load")
    pictures = page.locator(PICTURE)
    assert pictures.count() == EXPECTED[widget_page], (
        f"{widget_page}: {pictures.count()} static pictures, the registry and the quizzes say {EXPECTED[widget_page]}"
    )
    assert page.locator(".widget-subarea").count() == 0, "the blocked runtime rendered something"
    shown = [squeeze(pictures.nth(i).inner_text()) for i in range(pictures.count())]
    for i, text in enumerate(shown):
        expect(pictures.nth(i)).to_be_visible()
        said = [note for note in fallback.PAGE_NOTES.values() if squeeze(note) in text]
        assert said, f"{widget_page}: picture {i + 1} does not say it needs a script that did not run"
        assert not any(squeeze(note) in text for note in fallback.PAGE_NOTES), (
            f"{widget_page}: picture {i + 1} gives the notebook's note"
        )
    quiz_pictures = [text for text in shown if squeeze(fallback.QUIZ_PAGE_NOTE) in text]
    assert len(quiz_pictures) == len(quizzes_by_page().get(widget_page, [])), f"{widget_page}: quiz pictures"
    for entry in (e for e in INTERACTIVES if e.page == widget_page):
        missing = [t for t in default_texts(entry) if not any(squeeze(t) in s for s in shown)]
        assert not missing, f"{widget_page}: no picture of {entry.name} shows {missing[:2]}"
    for section in quizzes_by_page().get(widget_page, []):
        for question in quizzes.load_questions(section):  # every question shows (inner_text skips unseen ones)
            wanted = [question.prompt, *(option.text for option in question.options)]
            assert any(all(squeeze(t) in s for t in wanted) for s in shown), (
                f"{widget_page}: the picture of quiz {section} does not show {question.id} with its answers"
            )
    # no row of question numbers that could not work, nor the live quiz's intro and keys (the parts the picture shows
    # only while the live quiz may still come)
    paged = pictures.locator(".mlops-quiz-static-paged")
    assert paged.count() >= len(quiz_pictures), f"{widget_page}: the quiz pictures have no paged parts"
    for part in paged.all():
        expect(part).to_be_hidden()
    screenshot(page, f"fallback-{widget_page.replace('/', '-')}")
    context.close()
    blocked = [e for e in problems.errors if "ERR_FAILED" in e]
    assert len(blocked) == 1, f"expected one failed load (the blocked runtime), got {problems.errors}"
    problems.errors = [e for e in problems.errors if e not in blocked]
    problems.assert_clean()


@pytest.mark.parametrize("quiz_page", sample(sorted(quizzes_by_page()), NO_SCRIPT_SAMPLE))
def test_with_scripts_off_a_quiz_says_it_needs_them_and_shows_every_question(browser, book_url, quiz_page):
    """JavaScript switched off: each quiz's picture says the quiz needs it to check answers, and shows every
    question with its answers, lettered, as plain text (nothing to press, no "pick one" that cannot work)."""
    page, problems, context = open_page(browser, viewport=WIDTHS["phone"], java_script_enabled=False)
    page.goto(f"{book_url}/{quiz_page}")
    page.wait_for_load_state("load")
    pictures = page.locator(PICTURE).filter(has_text=squeeze(fallback.QUIZ_PAGE_NOTE))
    sections = quizzes_by_page()[quiz_page]
    expect(pictures).to_have_count(len(sections))
    for picture, section in zip(pictures.all(), sections, strict=True):
        expect(picture).to_be_visible()
        text = squeeze(picture.inner_text())
        assert "Pick one" not in text and "Choose an answer" not in text, f"{quiz_page}: the picture asks for a pick"
        assert picture.locator("input, button, [role=radio]").count() == 0
        for number, question in enumerate(quizzes.on_page(quizzes.load_questions(section)), 1):
            assert f"Question {number} of" in text and squeeze(question.prompt) in text, f"{section}: {question.id}"
            answers = picture.locator(".mlops-quiz-answers").nth(number - 1).locator("li")
            expect(answers).to_have_count(len(question.options))
            pairs = zip(answers.all(), question.options, strict=True)
            for letter, (answer, option) in zip("ABCDEF", pairs, strict=False):
                assert squeeze(answer.inner_text()) == f"{letter} {squeeze(option.text)}", f"{question.id}: {letter}"
                box = answer.bounding_box()
                assert box["width"] >= 200 and box["x"] >= 0, f"{question.id}: answer {letter} is squeezed: {box}"
    screenshot(page, f"no-script-quiz-{quiz_page.replace('/', '-')}")
    context.close()
    problems.assert_clean()


def test_widgets_replace_their_pictures_without_moving_the_page(browser, book_url, widget_page, width):
    """The worst case: the widget script arrives after the page has been painted and scrolled to the
    text below its first interactive (on 127.0.0.1 it would otherwise render before the first paint)."""
    page, problems, context = open_page(browser, viewport=WIDTHS[width])
    shift, shifted = layout_shift_when_widgets_arrive_late(page, f"{book_url}/{widget_page}")
    expect(page.locator(PICTURE)).to_have_count(0)
    context.close()
    problems.assert_clean()
    assert shift <= MAX_SHIFT, f"{widget_page} at {width}: layout shift {shift:.3f}, shifted: {shifted}"
