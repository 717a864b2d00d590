"""Every chapter's self-check quiz on the built page, answered with no kernel, by mouse and by keyboard.

The quiz shows one question at a time: its row of question numbers shows the chosen one, alone, and
answers the keyboard (Enter on a number; the arrow keys, Home and End move along the row), and a question
keeps its answer while another is shown. The quiz keeps one height whichever question shows and whatever
answer is chosen, the height its static picture had at first paint (at 1280 px in light mode and 390 px in
dark, the longest quiz). For each question: before any answer, a neutral prompt and no
feedback; the answers form one radio group named by the question's text, and the feedback box is a live
region; clicking each option, then choosing each one with the keyboard (Space, then the arrow keys),
shows that option's feedback from data/quizzes and its verdict, and no other option's. With every
question answered, axe-core finds no serious WCAG 2 A/AA problem in the quiz. The expected texts come
from the quiz files, never from this test. A fixed-seed sample of the chapters' quizzes in `make test`,
every one in `make test-all`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from axe_core import AXE, WCAG_TAGS, describe
from mlops_book import data, quizzes
from mlops_book.site import AFTER_A_PAINT, RUNTIME_SCRIPT
from support import open_page, sample, screenshot, wait_for_all_widgets

CHAPTERS = Path(__file__).resolve().parents[2] / "chapters"
SECTIONS = data.load("sections").sort_values("order")["id"].tolist()
#: The chapters' quizzes `make test` answers on the page (every one under `make test-all`); the fast tier
#: checks every quiz's widgets and feedback (tests/test_quizzes.py), test_every_page.py renders every page's.
QUIZ_SAMPLE = 4
#: axe-core over the quiz alone (the page around it has its own check in test_every_page.py).
RUN_AXE_ON_QUIZ = """async (tags) => {
    const result = await axe.run('.mlops-quiz', {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


def page_of(section: str) -> str:
    """The built page of the one chapter whose cell calls ``quizzes.quiz("<section>")``."""
    call = f'quizzes.quiz("{section}")'
    found = [p for p in sorted(CHAPTERS.glob("*.md")) if call in p.read_text(encoding="utf-8")]
    assert len(found) == 1, f"{call} should be called by exactly one chapter, found {found}"
    return f"chapters/{found[0].stem}.html"


def squeeze(text: str) -> str:
    return " ".join(text.split())


def expect_feedback(view, question, index):
    """The question's feedback box shows option ``index``'s verdict and feedback, and no other's."""
    box = view.locator(".mlops-quiz-feedback")
    option = question.options[index]
    expect(box).to_contain_text("Right." if option.right else "Not quite.")
    shown = squeeze(box.inner_text())
    assert squeeze(option.feedback) in shown, f"{question.id}: option {index + 1}'s feedback is not shown"
    others = [o.feedback for i, o in enumerate(question.options) if i != index]
    assert not any(squeeze(text) in shown for text in others), f"{question.id}: another option's feedback shows"
    expect(view.locator(".mlops-quiz-prompt")).to_be_hidden()


@pytest.mark.parametrize("section", sample(SECTIONS, QUIZ_SAMPLE))
def test_quiz_answers_by_mouse_and_keyboard_without_a_kernel(page, book_url, section):
    page.goto(f"{book_url}/{page_of(section)}")
    wait_for_all_widgets(page)
    questions = quizzes.on_page(quizzes.load_questions(section))  # in the order the page shows the options
    views = page.locator(".mlops-quiz .mlops-quiz-question").filter(visible=True)
    pager = page.locator(".mlops-quiz .mlops-quiz-pager")
    expect(pager.get_by_role("button")).to_have_count(len(questions))
    for number, question in enumerate(questions):
        pager.get_by_role("button", name=str(number + 1), exact=True).click()
        expect(views).to_have_count(1)  # one question at a time (the others unseen, in the same place)
        view = views.first
        expect(view.locator(".mlops-quiz-number")).to_have_text(f"Question {number + 1} of {len(questions)}")
        view.scroll_into_view_if_needed()
        radios = view.get_by_role("radio")
        expect(radios).to_have_count(len(question.options))
        # unanswered: nothing chosen, no feedback, a neutral prompt
        expect(view.locator(".mlops-quiz-prompt")).to_be_visible()
        assert squeeze(view.locator(".mlops-quiz-feedback").inner_text()) == ""
        assert not any(radios.nth(i).is_checked() for i in range(len(question.options)))
        # one radio group, named by the question's text; a live region for the feedback
        group = view.get_by_role("radiogroup")
        expect(group).to_have_count(1)
        expect(group).to_have_accessible_name(re.compile(re.escape(question.prompt[:60])))
        names = {radios.nth(i).get_attribute("name") for i in range(len(question.options))}
        assert len(names) == 1 and None not in names, f"{question.id}: the radios do not share one name"
        expect(view.locator(".mlops-quiz-feedback")).to_have_attribute("aria-live", "polite")
        # by mouse: each option in turn
        for index, option in enumerate(question.options):
            view.get_by_role("radio", name=option.text, exact=True).click()
            expect_feedback(view, question, index)
        # by keyboard: Space chooses the focused answer, the arrow keys move to the next one
        radios.first.focus()
        page.keyboard.press("Space")
        expect(radios.first).to_be_checked()
        expect_feedback(view, question, 0)
        for index in range(1, len(question.options)):
            page.keyboard.press("ArrowDown")
            expect(radios.nth(index)).to_be_focused()
            expect_feedback(view, question, index)
    # another question shown and back: the answer is kept (the last one the keyboard chose)
    pager.get_by_role("button", name="1", exact=True).click()
    pager.get_by_role("button", name=str(len(questions)), exact=True).click()
    expect(views.first.get_by_role("radio").last).to_be_checked()
    screenshot(page, f"quiz-{section}-answered")
    assert AXE.exists(), f"axe-core is not installed at {AXE}: run `make test` (it runs `npm ci` in tools/)."
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE_ON_QUIZ, WCAG_TAGS)
    assert not violations, f"the answered quiz of {section} breaks WCAG 2 A/AA:\n{describe(violations)}"


def test_quiz_pages_by_keyboard(page, book_url):
    """The row of question numbers by keyboard alone: Tab reaches it, the arrow keys move to the next or
    previous question and show it (wrapping round), Home and End go to the first and last, Enter on a
    number shows its question; the pressed number says so (aria-pressed)."""
    section = SECTIONS[0]
    total = len(quizzes.load_questions(section))
    page.goto(f"{book_url}/{page_of(section)}")
    wait_for_all_widgets(page)
    pager = page.locator(".mlops-quiz .mlops-quiz-pager")
    number = page.locator(".mlops-quiz .mlops-quiz-question .mlops-quiz-number").filter(visible=True)

    def shows(n):
        expect(number).to_have_text(f"Question {n} of {total}")
        expect(pager.get_by_role("button", name=str(n), exact=True)).to_have_attribute("aria-pressed", "true")
        expect(pager.get_by_role("button", name=str(n), exact=True)).to_be_focused()

    pager.get_by_role("button", name="1", exact=True).focus()
    page.keyboard.press("ArrowRight")
    shows(2)
    page.keyboard.press("ArrowLeft")
    shows(1)
    page.keyboard.press("ArrowLeft")
    shows(total)
    page.keyboard.press("Home")
    shows(1)
    page.keyboard.press("End")
    shows(total)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the number before the last, by Tab and Enter
    expect(number).to_have_text(f"Question {total - 1} of {total}")


#: How far the quiz's height may move (px) across its questions and answers, and from its static picture at first
#: paint: nothing should move (a chosen answer's ring is drawn inside its border); rounding leaves a pixel or two.
STEADY_PX = 3
#: The longest quiz, whose questions differ most.
LONGEST = max(SECTIONS, key=lambda section: len(quizzes.load_questions(section)))
QUIZ_HEIGHT = "() => document.querySelector('.mlops-quiz').getBoundingClientRect().height"
PICTURE_HEIGHT = """() => document.querySelector('.mlops-widget-fallback:has(.mlops-quiz-static)')
    .getBoundingClientRect().height"""


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_the_quiz_keeps_its_height_across_questions_and_answers(browser, book_url, width, scheme):
    """The quiz is as tall on every question, before any answer and with each answer's feedback shown, as its
    static picture was at first paint, before the widget script arrived (held back here): nothing under it moves."""
    page, problems, context = open_page(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    held = []
    page.route(RUNTIME_SCRIPT, lambda route: held.append(route))
    page.goto(f"{book_url}/{page_of(LONGEST)}", wait_until="commit")
    page.locator(".mlops-widget-fallback .mlops-quiz-static").wait_for()
    page.evaluate("() => document.fonts.ready")
    page.evaluate(AFTER_A_PAINT)
    picture = page.evaluate(PICTURE_HEIGHT)
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1, f"expected to hold the widget runtime, held {len(held)}"
    held[0].continue_()
    wait_for_all_widgets(page)
    quiz = page.locator(".mlops-quiz")
    pager = quiz.locator(".mlops-quiz-pager").get_by_role("button")
    heights = {"first shown": page.evaluate(QUIZ_HEIGHT)}
    for number in range(pager.count()):
        pager.nth(number).click()
        view = quiz.locator(".mlops-quiz-question").filter(visible=True)
        expect(view.locator(".mlops-quiz-number")).to_have_text(re.compile(rf"^Question {number + 1} of"))
        heights[f"question {number + 1}"] = page.evaluate(QUIZ_HEIGHT)
        radios = view.get_by_role("radio")
        for index in range(radios.count()):
            radios.nth(index).click()
            expect(view.locator(".mlops-quiz-feedback .mlops-quiz-verdict")).to_have_count(1)
            heights[f"question {number + 1}, answer {index + 1}"] = page.evaluate(QUIZ_HEIGHT)
    screenshot(page, f"quiz-steady-{LONGEST}-{width}-{scheme}")
    context.close()
    problems.assert_clean()
    low, high = min(heights, key=heights.get), max(heights, key=heights.get)
    assert heights[high] - heights[low] <= STEADY_PX, (
        f"{LONGEST} at {width} px: the quiz is {heights[low]:.0f} px tall at {low}, {heights[high]:.0f} px at {high}"
    )
    assert abs(picture - heights["first shown"]) <= STEADY_PX, (
        f"{LONGEST} at {width} px: its picture was {picture:.0f} px tall, the quiz that replaced it "
        f"{heights['first shown']:.0f} px"
    )
