"""The book's data tables in a real browser: cards on a phone, a table on a desktop and for a
screen reader. (Every page's own checks, one visit per page and width: test_every_page.py.)
"""

from __future__ import annotations

from support import open_page

#: Pages with the book's data tables: a lab's evidence, rubrics, the participants (six columns),
#: and the explainer-and-paper differences (five).
# (the differ page lists its records under chapter and section headings now, with no table)
TABLE_PAGES = ["chapters/labs/03_rollout.html", "chapters/instructors/01_opening.html",
               "chapters/10_research_data.html", "chapters/instructors/syllabus.html"]

#: Each data table's width against its box, and each cell's label (its ::before) against its column.
TABLE_LAYOUT = """() => [...document.querySelectorAll('.mlops-table:not(.mlops-table-list)')].map(box => {
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


#: Each listed table's rows (the exercises' scenarios, blocks.table(listed=True)): a row's height in lines
#: of its text, whether its first cell is bold, and what the cells' labels (::before) say.
LISTED_ROWS = """() => [...document.querySelectorAll('.mlops-table-list tbody tr')].map(tr => {
    const [name, text] = tr.cells;
    const line = parseFloat(getComputedStyle(text).lineHeight);
    return {display: getComputedStyle(text).display, bold: +getComputedStyle(name).fontWeight >= 600,
            labels: [getComputedStyle(name, '::before').content, getComputedStyle(text, '::before').content],
            name: name.getBoundingClientRect(), text: text.getBoundingClientRect(), line};
})"""


def test_scenario_lists_read_as_paragraphs_on_a_phone(browser, book_url):
    """At 390 px the exercises' scenarios (folded under their summary) are one paragraph a row: the id in
    bold, its situation on the same line after it, no "id:" or "scenario:" label; on a desktop a table."""
    for width in (390, 1280):
        page, problems, context = open_page(browser, viewport={"width": width, "height": 844})
        page.goto(f"{book_url}/chapters/06_findings.html")
        page.wait_for_load_state("domcontentloaded")
        folds = page.locator("details.mlops-scenarios")
        assert folds.count() == 2, "chapter 6 folds the data of its two scenario exercises"
        for i in range(folds.count()):
            assert not folds.nth(i).evaluate("d => d.open"), "a scenario list is open on load"
            folds.nth(i).locator("summary").click()
        rows = page.evaluate(LISTED_ROWS)
        assert rows, "no scenario rows"
        for row in rows:
            if width == 1280:
                assert row["display"] == "table-cell"
                continue
            assert row["display"] == "inline" and row["bold"], row
            assert row["labels"] == ["none", "none"], f"a scenario row shows its column labels: {row['labels']}"
            assert abs(row["text"]["top"] - row["name"]["top"]) < row["line"], "the situation starts under its id"
        context.close()
        problems.assert_clean()
