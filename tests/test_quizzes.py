"""The self-check quizzes: their data, the loader's errors, the widget's states and the question bank.

The browser tests (tests/browser/test_quizzes.py) answer the same quizzes on the built pages,
by keyboard and by mouse, with no kernel.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import ipywidgets
import pytest
from ipywidgets.widgets.widget_link import DirectionalLink

from mlops_book import data, kit, objectives, question_bank, quizzes, style

ROOT = Path(__file__).resolve().parents[1]
MIN_QUESTIONS = 4


def study_sections() -> list[str]:
    """Every chapter of the study (sections.csv), in reading order."""
    return data.load("sections").sort_values("order")["id"].tolist()


def chapter_objectives(section: str) -> list[str]:
    """The learning objectives listed in a chapter's kit, as the chapter-kit parser reads them."""
    return list(next(c for c in kit.chapters() + kit.labs() if c.id == section).kit.objectives)


def all_questions() -> list[quizzes.Question]:
    """Every chapter's and every lab's questions (the labs' are in the question bank only)."""
    units = quizzes.sections_with_quizzes() + quizzes.labs_with_quizzes()
    return [q for s in units for q in quizzes.load_questions(s)]


def bank_units() -> list[str]:
    """The chapters and labs the question bank holds a quiz for."""
    return study_sections() + quizzes.labs_with_quizzes()


def visible_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", markup, flags=re.S)))


# --- The content -------------------------------------------------------------------


def test_every_study_chapter_has_a_quiz_of_at_least_four_questions():
    assert quizzes.sections_with_quizzes() == study_sections()
    for section in study_sections():
        assert len(quizzes.load_questions(section)) >= MIN_QUESTIONS, section


def test_every_option_has_its_own_feedback():
    for question in all_questions():
        feedback = [option.feedback for option in question.options]
        assert all(len(text) > 20 for text in feedback), question.id
        assert len(set(feedback)) == len(feedback), f"{question.id}: two options share their feedback"


def _chance(questions, position=None) -> float:
    """How many right answers a fair draw puts at ``position`` (or makes the uniquely longest option)."""
    return sum(1 / len(q.options) for q in questions if position is None or len(q.options) > position)


def test_the_right_answer_is_spread_evenly_over_the_positions_on_the_page():
    """On the page (quizzes.on_page) each position holds the right answer about as often as a fair draw would,
    within a chapter no position more than once more than another, and the order is the same every time."""
    shown = [q for s in study_sections() for q in quizzes.on_page(quizzes.load_questions(s))]
    assert [q.options for q in shown] == [q.options for s in study_sections()
                                          for q in quizzes.on_page(quizzes.load_questions(s))]
    for position in range(max(len(q.options) for q in shown)):
        count, fair = sum(q.answer == position for q in shown), _chance(shown, position)
        assert 0.75 * fair - 1 <= count <= 1.25 * fair + 1, (
            f"the right answer is option {position + 1} in {count} of {len(shown)} questions; a fair draw: {fair:.0f}")
    for section in study_sections():
        chapter = quizzes.on_page(quizzes.load_questions(section))
        for count in {len(q.options) for q in chapter}:
            places = [sum(q.answer == p for q in chapter if len(q.options) == count) for p in range(count)]
            assert max(places) - min(places) <= 1, f"{section}: right answers by position {places}"


def test_the_right_answer_is_not_given_away_by_being_the_longest():
    """The right option is the uniquely longest no more often than chance would make it (one in the number of
    options), so "pick the longest" does no better than a guess."""
    questions = all_questions()
    longest = [q.id for q in questions
               if len(q.options[q.answer].text) > max(len(o.text) for o in q.options if not o.right)]
    assert len(longest) <= _chance(questions), (
        f"the right answer is the longest option in {len(longest)} of {len(questions)} questions "
        f"(chance: {_chance(questions):.0f}): {longest}")


def test_question_ids_are_unique_across_chapters():
    ids = [q.id for q in all_questions()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_objective_reader_reads_wrapped_objectives_whole():
    objectives = chapter_objectives("three-vs")
    assert len(objectives) == 4
    assert objectives[3].startswith("describe how the three Vs pull against each other")
    assert objectives[3].endswith("derives or illustrates.")


@pytest.mark.parametrize("section", study_sections())
def test_every_question_practises_an_objective_of_its_chapter_and_every_objective_is_practised(section):
    objectives = chapter_objectives(section)
    assert objectives, f"no objectives found in the kit of {section}"
    tagged = {q.objective for q in quizzes.load_questions(section)}
    assert tagged <= set(range(1, len(objectives) + 1)), f"{section}: tags {sorted(tagged)}, objectives {objectives}"
    missing = [f"{section}:{n} {text}" for n, text in enumerate(objectives, 1) if n not in tagged]
    assert not missing, f"objectives no quiz question practises: {missing}"


def test_every_lab_has_questions_in_the_bank_each_on_an_objective_of_the_lab():
    """A lab's questions go to the question bank (not on its page): at least three a lab, each tagged with one of
    the lab's objectives, and with the lab's exercises every objective of the lab is practised."""
    assert quizzes.labs_with_quizzes() == [lab.id for lab in kit.labs()]
    practice = objectives.practised()
    for lab in kit.labs():
        questions = quizzes.load_questions(lab.id)
        assert len(questions) >= 3, f"{lab.id}: {len(questions)} questions"
        assert {q.objective for q in questions} <= set(range(1, len(lab.kit.objectives) + 1)), lab.id
        bare = [p.text for p in practice[lab.id] if not p.practised]
        assert not bare, f"{lab.id}: objectives nothing practises: {bare}"


# --- The loader's errors -------------------------------------------------------------

GOOD = """\
questions:
  - id: opening-good
    objective: opening:1
    source: a test
    prompt: Which one?
    options:
      - text: This one
        right: true
        feedback: Because it is.
      - text: That one
        feedback: Because it is not.
"""

#: (what is wrong, the file's text, question named in the error, field, line) for one broken file each.
BROKEN = [
    ("missing feedback", GOOD.replace("        feedback: Because it is not.\n", ""),
     "question 1 ('opening-good')", "options[2].feedback", 10),
    ("empty feedback", GOOD.replace("Because it is not.", "''"),
     "question 1 ('opening-good')", "options[2].feedback", 10),
    ("misspelt field", GOOD.replace("feedback: Because it is.", "feedbak: Because it is."),
     "question 1 ('opening-good')", "options[1].feedbak", 7),
    ("two right options", GOOD.replace("      - text: That one\n", "      - text: That one\n        right: true\n"),
     "question 1 ('opening-good')", "options", 2),
    ("no right option", GOOD.replace("        right: true\n", ""), "question 1 ('opening-good')", "options", 2),
    ("objective of another chapter", GOOD.replace("opening:1", "problem:1"), "question 1 ('opening-good')",
     "objective", 2),
    ("objective without a number", GOOD.replace("opening:1", "opening"), "question 1 ('opening-good')", "objective", 2),
    ("text YAML reads as a boolean", GOOD.replace("text: That one", "text: No"), "question 1 ('opening-good')",
     "options[2].text", 10),
    ("one option only", GOOD.split("      - text: That one")[0], "question 1 ('opening-good')", "options", 2),
    ("repeated option text", GOOD.replace("That one", "This one"),
     "question 1 ('opening-good')", "options[2].text", 10),
    ("scenario not a boolean", GOOD.replace("    source:", "    scenario: maybe\n    source:"),
     "question 1 ('opening-good')", "scenario", 2),
    ("bad id", GOOD.replace("opening-good", "Opening Good"), "question 1 ('Opening Good')", "id", 2),
    ("repeated id", GOOD + GOOD.split("questions:\n")[1], "question 2", "id", 12),
    ("no questions", "questions: []\n", None, "questions", 1),
]


@pytest.mark.parametrize(("problem", "text", "question", "field", "line"), BROKEN, ids=[b[0] for b in BROKEN])
def test_loader_error_names_file_question_field_and_line(data_copy, problem, text, question, field, line):
    path = data_copy / "quizzes" / "opening.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(quizzes.QuizFileError) as caught:
        quizzes.load_questions("opening")
    error = caught.value
    assert (error.path, error.question, error.field, error.line) == (path, question, field, line)
    message = str(error)
    assert str(path) in message and f"field '{field}'" in message and f"(line {line})" in message
    if question:
        assert question in message


def test_the_good_file_of_the_error_tests_loads(data_copy):
    (data_copy / "quizzes" / "opening.yml").write_text(GOOD, encoding="utf-8")
    (question,) = quizzes.load_questions("opening")
    assert (question.tag, question.answer, question.scenario) == ("opening:1", 0, False)


def test_invalid_yaml_is_reported_with_its_line(data_copy):
    path = data_copy / "quizzes" / "opening.yml"
    path.write_text(GOOD.replace("prompt: Which one?", "prompt: Which one: this?"), encoding="utf-8")
    with pytest.raises(quizzes.QuizFileError, match=r"opening\.yml \(line 5\): not valid YAML"):
        quizzes.load_questions("opening")


def test_a_missing_quiz_file_and_an_unknown_section_are_named(data_copy):
    (data_copy / "quizzes" / "opening.yml").unlink()
    with pytest.raises(quizzes.QuizFileError, match=r"opening\.yml: there is no quiz file for section 'opening'"):
        quizzes.load_questions("opening")
    with pytest.raises(quizzes.QuizFileError, match=r"'chapter-twelve' is not a section id of sections.csv"):
        quizzes.load_questions("chapter-twelve")


# --- The widget ------------------------------------------------------------------------


@pytest.mark.parametrize("section", study_sections())
def test_quiz_shows_one_right_answer_and_each_options_feedback(section):
    questions = quizzes.on_page(quizzes.load_questions(section))
    shown = quizzes.quiz(section)
    assert {"mlops-widget", "mlops-quiz"} <= set(shown._dom_classes)
    assert [view.question for view in shown.questions] == list(questions)
    for number, (view, question) in enumerate(zip(shown.questions, questions, strict=True), 1):
        head = view.children[0].value
        assert f"Question {number} of {len(questions)}" in visible_text(head)
        assert question.prompt in visible_text(head) and ("Made-up scenario" in head) == question.scenario
        # unanswered: nothing chosen, no feedback shown, a neutral prompt
        assert view.choices.index is None and view.feedback.selected_index is None
        assert "No answer chosen yet" in view.room.value
        # the room under the answers holds an unseen copy of each feedback view, in the feedback's grid cell
        assert view.room.value.count('class="mlops-quiz-unseen"') == len(question.options)
        assert all(child.value in view.room.value for child in view.feedback.children)
        assert view.children[-1].children == (view.feedback, view.room)
        assert isinstance(view.choices, ipywidgets.RadioButtons)
        assert [label for label, _ in view.choices.options] == [o.text for o in question.options]
        link = view.link
        assert isinstance(link, DirectionalLink), "a front-end link (jsdlink) works without a kernel"
        assert link.source == (view.choices, "index") and link.target == (view.feedback, "selected_index")
        feedback = [visible_text(child.value) for child in view.feedback.children]
        assert len(feedback) == len(question.options)
        verdicts = [i for i, text in enumerate(feedback) if "Right." in text]
        assert verdicts == [question.answer], f"{question.id}: exactly the right option says 'Right.'"
        for text, option in zip(feedback, question.options, strict=True):
            assert option.feedback in " ".join(text.split())
            assert ("Not quite." in text) != option.right


def test_no_quiz_view_uses_a_failure_colour():
    """Wrong answers and unanswered questions are neutral: no red (vermillion) anywhere in a quiz."""
    for section in study_sections():
        for view in quizzes.quiz(section).questions:
            for widget in [*view.children[:1], *view.feedback.children, view.room]:
                assert style.VERMILLION.lower() not in widget.value.lower()


def test_quiz_escapes_text_from_data(data_copy):
    payload = "<script>alert(1)</script>"
    path = data_copy / "quizzes" / "opening.yml"
    path.write_text(GOOD.replace("Which one?", f"'{payload}'").replace("Because it is.", f"'{payload}'"), "utf-8")
    view = quizzes.quiz("opening").questions[0]
    markup = view.children[0].value + view.feedback.children[0].value
    assert payload not in markup and html.escape(payload) in markup


# --- The question bank ---------------------------------------------------------------


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("question-bank")
    question_bank.main([str(folder)])
    return folder


def test_moodle_xml_parses_and_holds_every_question_with_options_answer_and_feedback(bank):
    root = ET.parse(bank / question_bank.MOODLE_FILE).getroot()
    categories = [q.findtext("category/text") for q in root.findall("question[@type='category']")]
    assert len(categories) == len(bank_units())
    found = {q.findtext("name/text"): q for q in root.findall("question[@type='multichoice']")}
    expected = all_questions()
    assert set(found) == {q.id for q in expected} and len(found) == len(expected)
    for question in expected:
        element = found[question.id]
        assert question.prompt in html.unescape(element.findtext("questiontext/text"))
        answers = element.findall("answer")
        assert [html.unescape(a.findtext("text")) for a in answers] == [f"<p>{o.text}</p>" for o in question.options]
        assert [a.get("fraction") for a in answers] == ["100" if o.right else "0" for o in question.options]
        assert [html.unescape(a.findtext("feedback/text")) for a in answers] == [
            f"<p>{o.feedback}</p>" for o in question.options
        ]
        assert question.tag in [t.text for t in element.findall("tags/tag/text")]


def test_canvas_packages_hold_every_question_with_its_choices_and_feedback(bank):
    for section in bank_units():
        with zipfile.ZipFile(bank / question_bank.CANVAS_FOLDER / f"{section}.zip") as package:
            assert "imsmanifest.xml" in package.namelist()
            (name,) = [n for n in package.namelist() if n.endswith(".xml") and "assessment_meta" not in n
                       and n != "imsmanifest.xml"]
            assessment = package.read(name).decode("utf-8")
        items = re.findall(r'<item ident="[^"]+" title="([^"]+)">(.*?)</item>', assessment, flags=re.S)
        questions = quizzes.load_questions(section)
        assert [title for title, _ in items] == [q.id for q in questions]
        for (_, item), question in zip(items, questions, strict=True):
            assert item.count("<response_label ") == len(question.options)
            shown = html.unescape(html.unescape(item))
            for option in question.options:
                assert option.text in shown and option.feedback in shown, (question.id, option.text)


def _canvas_files(package: Path) -> dict[str, str]:
    with zipfile.ZipFile(package) as opened:
        return {name.rsplit("/", 1)[-1]: opened.read(name).decode("utf-8") for name in opened.namelist()
                if name.endswith(".xml")}


def test_every_canvas_package_shuffles_is_a_practice_quiz_and_carries_the_cc_by_licence(bank):
    for section in bank_units():
        files = _canvas_files(bank / question_bank.CANVAS_FOLDER / f"{section}.zip")
        meta, manifest = files["assessment_meta.xml"], files["imsmanifest.xml"]
        assert "<shuffle_answers>true</shuffle_answers>" in meta, f"{section}: Canvas keeps the options in order"
        assert "<quiz_type>practice_quiz</quiz_type>" in meta and "<assignment " not in meta, section
        assert "<allowed_attempts>-1</allowed_attempts>" in meta, f"{section}: a practice quiz limits attempts"
        assert "Private (Copyrighted)" not in manifest and "creativecommons.org/licenses/by/4.0" in manifest, section


def test_graded_canvas_quizzes_are_an_option(tmp_path):
    question_bank.main([str(tmp_path), "--graded"])
    meta = _canvas_files(tmp_path / question_bank.CANVAS_FOLDER / "opening.zip")["assessment_meta.xml"]
    assert "<quiz_type>assignment</quiz_type>" in meta and "<shuffle_answers>true</shuffle_answers>" in meta


def test_the_bank_names_sources_a_learner_can_look_up_never_a_repository_file(bank):
    root = ET.parse(bank / question_bank.MOODLE_FILE).getroot()
    moodle = ET.tostring(root, encoding="unicode")
    canvas = " ".join(text for s in bank_units()
                      for text in _canvas_files(bank / question_bank.CANVAS_FOLDER / f"{s}.zip").values())
    for name, text in (("Moodle", moodle), ("Canvas", canvas)):
        assert not re.search(r"data/\w|\.csv\b|\.yml\b", text), f"{name}: a repository path is named"
        assert "arXiv:2209.09125" in text and "CC BY 4.0" in text, f"{name}: no credit to the study and the book"
    for question in root.findall("question[@type='multichoice']"):
        assert question.findtext("shuffleanswers") == "true"
        source = html.unescape(question.findtext("generalfeedback/text"))
        assert re.search(r"Source: .*the book, (chapter|lab) \d+", source), source


def test_the_question_bank_is_byte_identical_when_written_again_and_an_unchanged_file_is_not_touched(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    written = question_bank.write(first)
    question_bank.write(second)
    for path in written:
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path.name
    stamps = {path: path.stat().st_mtime_ns for path in written}
    question_bank.write(first)
    assert {path: path.stat().st_mtime_ns for path in written} == stamps


def test_the_built_instructor_guide_links_the_question_bank_and_the_files_are_served(book_html):
    """Each link resolves to a file in the HTML output; the Moodle XML parses and holds every quiz question;
    every chapter's Canvas package is linked; the served files are the bytes ``make question-bank`` writes."""
    from bs4 import BeautifulSoup

    page = book_html / "chapters" / "instructor_guide.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    served = {
        Path(a["href"]).name: (page.parent / a["href"]).resolve()
        for a in soup.select("a[href]")
        if a["href"].endswith((".moodle.xml", ".zip")) and "_downloads/" in a["href"]
    }
    expected = {question_bank.MOODLE_FILE} | {f"{s}.zip" for s in bank_units()}
    assert set(served) == expected, f"linked: {sorted(served)}"
    for name, path in served.items():
        assert path.is_file() and book_html.resolve() in path.parents, f"{name}: the link does not resolve ({path})"
    root = ET.parse(served[question_bank.MOODLE_FILE]).getroot()
    names = {q.findtext("name/text") for q in root.findall("question[@type='multichoice']")}
    assert names == {q.id for q in all_questions()}
    written = {p.name: p for p in question_bank.write(book_html.parent / "question-bank")}
    for name, path in served.items():
        assert path.read_bytes() == written[name].read_bytes(), f"{name}: the served file differs from the bank"
