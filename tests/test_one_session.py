"""The instructor guide's one-session plan, as the guide shows it: reading before, 90 active minutes, homework after.

Each test reads the table the guide's page shows (its rows as text, its links as hrefs), not the module's
attributes, so what it checks is what an instructor plans from.
"""

from __future__ import annotations

import re

from mlops_book import kit, one_session
from mlops_book.paths import BOOK_ROOT
from support import text_of

CLOCK = re.compile(r"\d+:\d\d")


def _table_rows(html: str) -> list[tuple[str, list[str], list[str]]]:
    """Each body row of the plan's table: its first cell, its cells' text and the hrefs it links."""
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in body.split("<tr")[1:]:
        cells = [text_of("<td" + cell).strip() for cell in re.split(r"<t[dh]\b", row)[1:]]
        rows.append((cells[0], cells, re.findall(r'href="([^"]+)"', row)))
    return rows


def _plan():
    return _table_rows(one_session.session_plan().html)


def _in_class(rows):
    return [r for r in rows if CLOCK.fullmatch(r[0]) and r[1][1] != "end"]


def _book_pages() -> set[str]:
    """The book's pages as _toc.yml lists them, linked from chapters/ as the guide links them (``04_workflow.html``)."""
    toc = re.findall(r"file:\s*(\S+)", (BOOK_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return {f"{f.removeprefix('chapters/').removesuffix('.md')}.html" for f in toc if f.startswith("chapters/")}


def test_the_session_reads_at_most_twenty_minutes_in_class():
    rows = _in_class(_plan())
    reading = sum(int(r[1][3]) for r in rows if r[1][1] == "reading")
    assert reading <= one_session.MAX_READING_IN_CLASS == 20, f"{reading} minutes of reading in class"
    # and no step in class is the old plan's "read chapter N": each is an active phase of the book's plans
    assert {r[1][1] for r in rows} <= {"check", "talk", "interactive", "lab", "exercise", "discussion", "wrap-up",
                                       "exit", "reading"}


def test_the_steps_in_class_add_up_to_ninety_minutes_and_each_starts_when_the_last_ends():
    rows = _plan()
    clock = 0
    for first, cells, _ in _in_class(rows):
        assert first == f"{clock // 60}:{clock % 60:02d}", cells
        clock += int(cells[3])
    assert clock == one_session.SESSION_MINUTES == 90
    end = [cells for first, cells, _ in rows if cells[1] == "end"]
    assert end and end[0][0] == "1:30", end
    assert f"{clock} minutes in class" in text_of(one_session.session_plan().html)


def test_every_step_links_a_page_of_the_book():
    pages = _book_pages()
    for _, cells, hrefs in _plan():
        if cells[1] == "end":
            continue
        assert hrefs, f"row {cells[:3]} links no page"
        assert hrefs[0] in pages, f"row {cells[:3]} links {hrefs[0]}, which is not a page of the book"
        assert (BOOK_ROOT / "chapters" / hrefs[0].replace(".html", ".md")).is_file()


def test_the_pre_reading_covers_every_page_the_session_uses_at_its_kit_time():
    rows = _plan()
    before = {hrefs[0]: int(cells[3]) for first, cells, hrefs in rows if first == "before" and cells[1] == "reading"}
    used = {hrefs[0] for _, _, hrefs in _in_class(rows)}
    assert used and used <= set(before), f"used in class but not read before: {used - set(before)}"
    kits = {f"{c.path.removeprefix('chapters/')}.html": c.kit.page_minutes for c in kit.chapters() + kit.labs()}
    for page, minutes in before.items():
        assert minutes == kits[page], f"{page}: {minutes} minutes of pre-reading, its kit says {kits[page]}"
    caption = text_of(one_session.session_plan().html)
    assert f"{sum(before.values())} minutes of reading before it" in caption


def test_a_live_lab_step_has_its_kernel_free_fallback_and_a_launch_before_class():
    rows = _plan()
    live = [cells for _, cells, _ in _in_class(rows) if cells[1] == "lab"]
    assert live, "the session runs no lab"
    assert all("Without a kernel: the static page" in cells[4] and "explorer" in cells[4] for cells in live)
    assert any(first == "before" and cells[1] == "launch" for first, cells, _ in rows)


def test_the_talk_shows_its_outline_and_the_homework_takes_the_exercises():
    rows = _plan()
    talk = [cells for _, cells, _ in _in_class(rows) if cells[1] == "talk"]
    assert talk and "Tending a garden" in talk[0][4], talk
    homework = {hrefs[0]: cells for first, cells, hrefs in rows if first == "after"}
    used = {hrefs[0] for _, _, hrefs in _in_class(rows)}
    assert set(homework) == used
    assert all("exercises" in cells[4] for cells in homework.values())

