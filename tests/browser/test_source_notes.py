"""Source notes on a phone: a small mark beside its claim that one tap, or Enter, opens; and the
chapter's list of every note at its end, folded, one tap away (issue 22).

One visit of chapter 6 at 390 px with touch: its notes are closed on load (their text is not drawn),
a mark opens its note with a tap and closes it with another, the keyboard reaches a mark with Tab
and opens it with Enter, and "Sources for this chapter" opens to list at least every note the page
shows. The counts of "explainer" and the page's length are test_every_page.py's (story_first.py).
"""

from __future__ import annotations

from support import open_page, show_page

CHAPTER = "chapters/06_findings.html"


def test_source_notes_open_with_a_tap_or_the_keyboard(browser, book_url, book_html):
    page, problems, context = open_page(browser, viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        show_page(page, book_url, book_html, CHAPTER)
        marks = page.locator("article.bd-article details.mlops-source-note:visible")
        assert marks.count() >= 5, f"{CHAPTER} shows {marks.count()} source-note marks"
        assert page.locator("article.bd-article details.mlops-source-note[open]").count() == 0, "a note is open on load"

        note = marks.first
        text = note.locator(".mlops-source-note-text")
        assert not text.is_visible(), "a closed note's text is drawn"
        mark = note.locator("summary")
        box = mark.bounding_box()
        assert box and box["height"] >= 24, f"the mark is {box and box['height']} px tall (WCAG 2.5.8: 24)"
        mark.tap()
        assert text.is_visible(), "a tap on the mark does not open the note"
        mark.tap()
        assert not text.is_visible(), "a second tap does not close the note"

        # the keyboard: Tab reaches a mark (a <summary> is focusable), Enter opens it
        mark.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.classList.contains('mlops-source-mark')"), (
            "Tab does not reach a source note's mark"
        )
        page.keyboard.press("Enter")
        assert text.is_visible(), "Enter on the mark does not open the note"

        sources = page.locator("#sources-for-this-chapter details.mlops-chapter-sources")
        assert sources.count() == 1, "no folded list of the chapter's source notes"
        items = sources.locator("li")
        assert not items.first.is_visible(), "the list of source notes is open on load"
        sources.locator("summary").tap()
        assert items.first.is_visible(), "a tap does not open the list of source notes"
        assert items.count() >= marks.count(), (
            f"the list holds {items.count()} notes; the page shows {marks.count()} marks"
        )
    finally:
        context.close()
    problems.assert_clean()
