"""The story first (issue 22): what a reader meets on load, measured during each page's one visit.

test_every_page.py calls :func:`story_problems` in its visit of every page at 1280 px and at 390 px,
so no page is opened again for it. On load, a study chapter shows the word "explainer" at most
:data:`EXPLAINER_BUDGET` times in its article (the paper trail is a source note one tap away, not a
paragraph between every card), and a chapter listed in :data:`PHONE_SCREENS` is at most that many
phone screens long at 390 px (every study chapter and lab; chapter 6: 22, the issue's target).

"Visible" is what the browser renders: the article's ``innerText``, which leaves out a closed note
(a ``<details>``), a hidden tab, a folded solution and anything else not drawn. Counted in the
article only: the sidebar's link to "Where the explainer and the paper differ" and the footer's
credit are the book's frame, not the chapter.
"""

from __future__ import annotations

import re

#: The most times a study chapter's article may show "explainer" on load.
EXPLAINER_BUDGET = 12
#: Study chapters: the pages the budget applies to (the landing page has its own, chapter pages only here).
STUDY_CHAPTER = re.compile(r"chapters/\d\d_\w+\.html")
#: The most phone screens (the 390 px page's viewport height) a chapter or lab may be long at 390 px: each
#: cap is the whole number just above the page's measure, so that no page grows back. Issue 22 asks 22 for
#: chapter 6. It measured 36.7 at first, 30.9 with its notes folded, the repeated quote gone and its kit
#: folded, and 23.5 with the quiz showing one question at a time (5 screens to 1.1), the exercises'
#: scenarios folded behind a summary and listed one paragraph a row (2.8 to 0.2), and the apparatus's
#: margins trimmed on a phone (about 1); then 21.9 with the findings panel an overview without quotes
#: (each of its quotes is in the story below: 2.9 screens to 2.1), P14's quote no longer repeated under
#: the retraining explorer that shows it, and the paragraph on whose numbers the tiles are in a source
#: note. Lower a cap as a page shrinks.
PHONE_SCREENS = {
    "chapters/01_opening.html": 10,
    "chapters/02_problem.html": 11,
    "chapters/03_research.html": 22,
    "chapters/04_workflow.html": 12,
    "chapters/05_three_vs.html": 15,
    "chapters/06_findings.html": 22,
    "chapters/07_challenges.html": 24,
    "chapters/08_anti_patterns.html": 14,
    "chapters/09_stack.html": 11,
    "chapters/10_research_data.html": 15,
    "chapters/11_bottom_line.html": 10,
    "chapters/labs/01_drift.html": 11,
    "chapters/labs/02_alerts.html": 9,
    "chapters/labs/03_rollout.html": 10,
    "chapters/labs/04_validation.html": 11,
}

VISIBLE_TEXT = "() => (document.querySelector('article.bd-article') || document.body).innerText"
PAGE_HEIGHT = "() => [document.scrollingElement.scrollHeight, window.innerHeight]"


def explainer_count(page) -> int:
    """How many times the page's article shows "explainer" (any case) as it is drawn now."""
    return len(re.findall(r"explainer", page.evaluate(VISIBLE_TEXT), re.IGNORECASE))


def phone_screens(page) -> float:
    """The page's height in screens of its own viewport."""
    height, screen = page.evaluate(PAGE_HEIGHT)
    return height / screen


def story_problems(page, page_path: str) -> list[str]:
    """What crowds the story of ``page_path`` as loaded in ``page``: too many "explainer"s, too long on a phone."""
    problems = []
    if STUDY_CHAPTER.fullmatch(page_path):
        count = explainer_count(page)
        if count > EXPLAINER_BUDGET:
            problems.append(f'shows "explainer" {count} times on load (at most {EXPLAINER_BUDGET}): '
                            "put the paper trail in source notes")
    width = page.viewport_size["width"]
    if page_path in PHONE_SCREENS and width <= 390:
        screens = phone_screens(page)
        if screens > PHONE_SCREENS[page_path]:
            problems.append(f"is {screens:.1f} phone screens long at {width} px (at most {PHONE_SCREENS[page_path]})")
    return problems
