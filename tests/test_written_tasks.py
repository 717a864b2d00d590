"""Assessment that matches the verbs: written tasks with rubrics in points, and the module's pre/post test.

Every objective that asks to explain or connect has a written task whose rubric states its points (each
criterion 0 to 3, adding up to the stated total) and an exemplar answer at each level, resting only on the
book's data; the learner's page shows the prompt and never the rubric or an exemplar. The pre/post test's
ten questions span the module, keep their key off the learners' pages and go to the question bank on their own.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from mlops_book import kit, objectives, pre_post, question_bank, quizzes, written_tasks
from mlops_book.paths import BOOK_ROOT
from support import text_of

PAGES = kit.chapters() + kit.labs()


def _edit(folder, name: str, row: int, column: str, change) -> None:
    """Change one cell of ``data/teaching/written/<name>.csv`` (``row`` counted as the error messages count)."""
    path = folder / "teaching" / "written" / f"{name}.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    rows[row - 1][index] = change(rows[row - 1][index])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


# --- Every explain-or-connect objective has a written task with a rubric in points ------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_every_explain_or_connect_objective_has_a_written_task_with_a_pointed_rubric_and_exemplars(page):
    asking = [n for n, text in enumerate(page.kit.objectives, 1) if written_tasks.asks_to_explain(text)]
    assert asking, f"{page.path}: no objective asks to explain or connect"
    tasks = written_tasks.tasks_for(page.id)
    coverage = {p.objective: p for p in objectives.practised()[page.id]}
    for number in asking:
        assessing = [t for t in tasks if number in t.objectives]
        assert assessing, f"{page.path}: objective {number} has no written task"
        assert coverage[number].written == tuple(t.name for t in assessing)
    for task in tasks:
        assert len(task.criteria) >= 2, task.id
        for criterion in task.criteria:
            assert set(criterion.levels) == set(written_tasks.LEVEL_POINTS) and all(criterion.levels.values())
        assert [e.level for e in task.exemplars] == list(written_tasks.LEVEL_POINTS), task.id
        answers = [e.answer for e in task.exemplars]
        assert len(set(answers)) == len(answers) and all(len(a.split()) >= 8 for a in answers), task.id
        strong = task.exemplars[0].answer
        assert len(strong.split()) <= task.words * 1.2, f"{task.id}: the strong exemplar is longer than asked"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_the_instructor_page_states_the_points_and_they_add_up_to_the_total(page):
    """What the instructor reads: each criterion scored 0 to 3, the stated total is their sum, and each
    exemplar's points are its level's on every criterion."""
    html = written_tasks.rubrics(page.id).html
    shown = text_of(html)
    for task in written_tasks.tasks_for(page.id):
        caption = re.search(rf"Rubric for {re.escape(task.name)}: (\d+) criteria, each 0 to (\d+) points "
                            r"\(0: nothing on the criterion\); total (\d+) points", shown)
        assert caption, f"{task.name}: no rubric caption with its points"
        criteria, most, total = map(int, caption.groups())
        assert criteria == len(task.criteria) and criteria * most == total == task.total
        levels = re.findall(r"(Strong|Adequate|Not yet) \((\d) points?\)", shown)
        assert {name.lower(): int(points) for name, points in levels} == written_tasks.LEVEL_POINTS
        for exemplar in task.exemplars:
            points = written_tasks.LEVEL_POINTS[exemplar.level] * criteria
            assert f"{exemplar.level.capitalize()} {points} of {total} {exemplar.answer}" in shown, (
                task.name, exemplar.level)


def test_the_coverage_names_an_explain_objective_whose_written_task_is_gone(data_copy):
    _edit(data_copy, "tasks", 2, "objectives", lambda _: "1")  # the first task stops assessing its objective
    assert written_tasks.load()[0].objectives == (1,)
    found = [p for p in objectives.problems() if "asks to explain or connect, but no written task" in p]
    assert found and found[0].startswith("chapters/01_opening.md: objective 2 ("), found
    with pytest.raises(objectives.ObjectiveCoverageError, match="no written task assesses it"):
        objectives.require_coverage()


# --- The files' errors name file, row and column ---------------------------------------------------

BROKEN = {
    "a total that is not the sum": ("tasks", 2, "total", lambda v: str(int(v) + 1),
                                    r"tasks\.csv, row 2, column 'total': task 'opening-two-counts' states 7 points, "
                                    r"but its 2 criteria of 0 to 3 points add up to 6"),
    "an objective the chapter lacks": ("tasks", 2, "objectives", lambda _: "9",
                                       r"tasks\.csv, row 2, column 'objectives': '9' is not a whole number from 1 "
                                       r"to 3"),
    "an unknown section": ("tasks", 2, "section", lambda _: "openin",
                           r"tasks\.csv, row 2, column 'section': 'openin' is not a chapter's section id"),
    "an empty criterion": ("criteria", 3, "adequate", lambda _: " ",
                           r"criteria\.csv, row 3, column 'adequate': is empty"),
    "an unknown level": ("exemplars", 3, "level", lambda _: "good",
                         r"exemplars\.csv, row 3, column 'level': 'good' is not one of strong, adequate, not yet"),
    "a number no source has": ("exemplars", 2, "answer", lambda v: v.replace("15 distinct", "37 distinct"),
                               r"exemplars\.csv, row 2, column 'answer': the number 37 is in none of its sources"),
    "quoted words no source has": ("exemplars", 2, "answer", lambda v: v + ' As P1 put it, "tables never lie to us".',
                                   r"exemplars\.csv, row 2, column 'answer': the quoted words 'tables never lie to "
                                   r"us\.?' are in none of its sources"),
    "a record that is not there": ("exemplars", 2, "sources", lambda _: "quotes:p99-nobody",
                                   r"exemplars\.csv, row 2, column 'sources': 'quotes:p99-nobody': quotes\.csv has "
                                   r"no record with id 'p99-nobody'"),
    "a source that is not a data file": ("exemplars", 2, "sources", lambda _: "the paper",
                                         r"exemplars\.csv, row 2, column 'sources': 'the paper' is not "
                                         r"'<data file>:<record>'"),
}


@pytest.mark.parametrize("problem", BROKEN)
def test_a_broken_written_task_file_is_named_with_file_row_and_column(data_copy, problem):
    name, row, column, change, message = BROKEN[problem]
    _edit(data_copy, name, row, column, change)
    with pytest.raises(written_tasks.WrittenTaskError, match=message):
        written_tasks.load()


def test_a_missing_exemplar_level_is_named(data_copy):
    path = data_copy / "teaching" / "written" / "exemplars.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("opening-two-counts,not yet,")),
                    encoding="utf-8")
    with pytest.raises(written_tasks.WrittenTaskError, match=r"exemplars\.csv, column 'level': task "
                                                            r"'opening-two-counts' has no exemplar at level not yet"):
        written_tasks.load()


# --- The learner's page: the prompt, never the rubric or an exemplar --------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_the_learners_page_shows_each_prompt_and_no_rubric_or_exemplar(book_html, page):
    shown = text_of((book_html / f"{page.path}.html").read_text(encoding="utf-8"))
    for task in written_tasks.tasks_for(page.id):
        assert f"{task.name}. {task.prompt}" in shown, f"{page.path}: {task.name}'s prompt is not on the page"
        for exemplar in task.exemplars:
            assert exemplar.answer[:80] not in shown, f"{page.path}: the {exemplar.level!r} exemplar is shown"
        for criterion in task.criteria:
            assert criterion.levels["strong"] not in shown, f"{page.path}: the rubric of {task.name} is on the page"
    assert "Exemplar answer" not in shown and "Rubric for Written task" not in shown
    teaching = book_html / f"{page.path.replace('chapters/', 'chapters/instructors/', 1)}.html"
    notes = text_of(teaching.read_text(encoding="utf-8"))
    for task in written_tasks.tasks_for(page.id):
        assert all(e.answer in notes for e in task.exemplars), f"{teaching.name}: {task.name}'s exemplars are missing"


def test_the_chapter_cell_shows_only_prompts():
    html = written_tasks.prompts("three-vs").html
    tasks = written_tasks.tasks_for("three-vs")
    assert all(t.prompt in text_of(html) for t in tasks)
    assert not any(e.answer[:40] in html or c.criterion in html for t in tasks for e in t.exemplars for c in t.criteria)


# --- The pre/post test -------------------------------------------------------------------------------


def test_the_pre_post_test_spans_the_module_with_about_ten_fair_questions():
    questions = pre_post.load()
    assert 8 <= len(questions) <= 12
    chapters = {q.section for q in questions}
    assert len(chapters) >= 8 and any(s.startswith("lab-") for s in chapters), chapters
    shown = quizzes.on_page(questions)
    positions = [q.answer for q in shown if len(q.options) == 4]
    assert max(positions.count(p) for p in range(4)) - min(positions.count(p) for p in range(4)) <= 1, positions
    longest = [q.id for q in questions
               if len(q.options[q.answer].text) > max(len(o.text) for o in q.options if not o.right)]
    assert len(longest) <= sum(1 / len(q.options) for q in questions), longest
    assert not {q.id for q in questions} & {q.id for s in quizzes.sections_with_quizzes() + quizzes.labs_with_quizzes()
                                          for q in quizzes.load_questions(s)}, "a pre/post question is also a quiz's"


def test_a_pre_post_question_naming_no_objective_is_an_error(data_copy):
    path = data_copy / "quizzes" / "pre-post.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("objective: stack:2", "objective: stack:9"),
                    encoding="utf-8")
    with pytest.raises(quizzes.QuizFileError, match=r"pre-post\.yml, question 8, field 'objective' \(line \d+\): "
                                                    r"stack has 3 objectives, not 9"):
        pre_post.load()


def test_the_pre_post_key_is_on_the_instructor_page_and_on_no_learners_page(book_html):
    questions = pre_post.load()
    page = text_of((book_html / "chapters" / "instructors" / "pre_post_test.html").read_text(encoding="utf-8"))
    for i, question in enumerate(quizzes.on_page(questions), 1):
        right = f"{'abcdef'[question.answer]}) {question.options[question.answer].text}"
        assert f"{i} {question.prompt} {right}" in page, question.id
    for learner in [*(p.path for p in PAGES), "index", "chapters/glossary", "chapters/prerequisites"]:
        shown = text_of((book_html / f"{learner}.html").read_text(encoding="utf-8"))
        assert not any(q.prompt[:60] in shown for q in questions), f"{learner} shows the pre/post test"


def test_the_question_bank_writes_the_pre_post_test_on_its_own(tmp_path):
    written = question_bank.write(tmp_path)
    moodle = tmp_path / question_bank.PRE_POST_MOODLE_FILE
    assert moodle in written and (tmp_path / question_bank.CANVAS_FOLDER / "pre-post.zip") in written
    root = ET.parse(moodle).getroot()
    names = [q.findtext("name/text") for q in root.findall("question[@type='multichoice']")]
    assert names == [q.id for q in pre_post.load()]
    assert all(q.findtext("shuffleanswers") == "true" for q in root.findall("question[@type='multichoice']"))
    sources = [q.findtext("generalfeedback/text") for q in root.findall("question[@type='multichoice']")]
    assert all(re.search(r"the book, (chapter|lab) \d+", s) for s in sources), sources
    chapters = ET.parse(tmp_path / question_bank.MOODLE_FILE).getroot()
    assert not set(names) & {q.findtext("name/text") for q in chapters.findall("question")}
    with zipfile.ZipFile(tmp_path / question_bank.CANVAS_FOLDER / "pre-post.zip") as package:
        meta = next(package.read(n).decode() for n in package.namelist() if n.endswith("assessment_meta.xml"))
        assert "<shuffle_answers>true</shuffle_answers>" in meta and "Pre/post test" in meta


def test_the_chapters_store_the_written_tasks_cell():
    for page in PAGES:
        source = (BOOK_ROOT / f"{page.path}.md").read_text(encoding="utf-8")
        assert f'written_tasks.prompts("{page.id}")' in source, page.path


def test_an_installed_package_shows_the_same_prompts_without_the_chapters(monkeypatch):
    """A hub's image or Colab has the package and its data but no chapters/: the chapter cell must still work."""
    in_checkout = {page.id: written_tasks.prompts(page.id).html for page in kit.chapters() + kit.labs()}
    monkeypatch.setattr(written_tasks.paths, "IN_CHECKOUT", False)
    monkeypatch.setattr(written_tasks.kit, "chapters", lambda *a: pytest.fail("read the chapters' files"))
    monkeypatch.setattr(written_tasks.kit, "labs", lambda *a: pytest.fail("read the labs' files"))
    written_tasks._load.cache_clear()
    try:
        assert {section: written_tasks.prompts(section).html for section in in_checkout} == in_checkout
    finally:
        written_tasks._load.cache_clear()
