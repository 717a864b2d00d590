"""`make pdf`: students' handouts that hold their chapter and leak nothing, and a separate instructors' pack.

The book is printed once per session by tools/print_pdf.py (Debian's chromium) into a temporary
folder; the PDFs are read with pdftotext and pdfinfo, and their pages drawn with pdftoppm (Debian's
poppler-utils, which `make pdf` and `make test` install when run as root). What to look for comes from
the pages' sources and the teaching data, never typed here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from PIL import Image

from mlops_book import kit, notebook_form, pre_post, teaching, written_tasks

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import print_pdf  # noqa: E402  (tools/ is not a package)

# One worker prints the book once for every test here (pytest-xdist's loadgroup).
pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.xdist_group("pdf")]
PLAN = print_pdf.plan()
STUDENTS = [p for p in PLAN if p.audience == "student"]
INSTRUCTORS = [p for p in PLAN if p.audience == "instructor"]
#: The handouts of the chapters and labs (numbered pages).
HANDOUTS = [p for p in STUDENTS if re.match(r"chapters/(labs/)?\d", p.path)]
#: Text the screen shows and paper must not: code toggles, answer cells, the quiz form, the old solution label.
SCREEN_DEBRIS = ("Show code cell source", "answer =", "exercises.check", "No answer chosen yet",
                 "left out of this handout", "pages.live", "Question 1 of")
#: A page other than a handout's last whose drawn content ends above this share of its height is too empty
#: (with boxes and cards that go on over the page, the handouts' pages were filled to 66% or more; with the
#: source notes and written tasks of 2026-12-07 the emptiest, in chapters 3 and 7, end at 52%).
MIN_FILLED = 0.5


def _title(root, path) -> str:
    heading = re.search(r"^# (.+)$", (root / f"{path}.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert heading, f"{path}.md has no title"
    return _words(re.sub(r"\{\w+\}`([^`<]*)(<[^>]*>)?`", r"\1", heading.group(1)))


def _words(text: str) -> str:
    """Text as compared here: quotes straightened, hyphens dropped (chromium's print of a heading can lose
    them to pdftotext: "Four-Layer" reads "FourLayer"), whitespace collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(re.sub(r"[-\u2010\u2011]", "", text).split())


def _tool(name):
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: run `sudo apt-get install poppler-utils` (make pdf does as root)")
    return found


def _text(pdf) -> str:
    text = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return _words(re.sub(r"(\w-)\n(\w)", r"\1\2", text))  # a line broken after a hyphen: "Four-\nLayer"


def _plain(markdown: str) -> str:
    """Markdown as a reader sees it: roles and links by their text, no emphasis marks."""
    text = re.sub(r"\{\w+\}`([^`<]*?)\s*(<[^>]*>)?`", r"\1", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return _words(re.sub(r"[*_`]", "", text))


def _sections(source: str) -> dict[str, str]:
    """A page's ``##`` sections: heading -> its text."""
    parts = re.split(r"^## (.+)$", source, flags=re.MULTILINE)
    return {_plain(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


def _solution_lines(root, path) -> list[str]:
    """Lines (code and prose) only the page's solutions have, long enough to be their own."""
    source = (root / f"{path}.md").read_text(encoding="utf-8")
    prose = re.findall(r"```\{solution-start\}.*?```\{solution-end\}", source, flags=re.S)
    prose += re.findall(r"```\{solution\}.*?\n```", source, flags=re.S)
    notebook = jupytext.read(root / f"{path}.md")
    notebook_form.collapse_solutions(notebook)
    code = [c.source for c in notebook.cells if c.metadata.get("jupyter", {}).get("source_hidden")]
    outside = re.sub(r"```\{solution-start\}.*?```\{solution-end\}", "", source, flags=re.S)
    candidates = [ln for block in prose for ln in block.splitlines() if not ln.startswith(("```", ":", "---"))]
    candidates += [ln for block in code for ln in block.splitlines()]
    return [_plain(ln) for ln in candidates if len(ln.strip()) > 30 and ln.strip() not in outside]


def _instructor_words(page) -> list[str]:
    """Text only an instructors' page has: its table headings, and the openings of the chapter's session plans,
    discussion notes (data/teaching/), written tasks' rubrics and exemplar answers (data/teaching/written/),
    and of the module's pre/post test questions."""
    found = ["A 60-minute session", "Notes and a model answer", "Rubric for", "Answer key to", "Exemplar answer"]
    found += [_words(question.prompt)[:60] for question in pre_post.load()]
    for chapter in (c for c in kit.chapters() + kit.labs() if c.path == page.path):
        notes = teaching.load(chapter.id)
        found += [_words(step.activity)[:60] for plan in notes.plans.values() for step in plan.steps]
        found += [_words(note.notes)[:60] for note in notes.discussion]
        for task in written_tasks.tasks_for(chapter.id):
            found += [_words(exemplar.answer)[:60] for exemplar in task.exemplars]
            found += [_words(criterion.levels["strong"])[:60] for criterion in task.criteria]
    return found


@pytest.fixture(scope="session")
def printed(book_html, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    subprocess.run(
        [sys.executable, str(root / "tools" / "print_pdf.py"), str(book_html), str(out)],
        check=True,
        cwd=root,
        capture_output=True,
        text=True,
    )
    return out


def test_every_page_prints_to_its_own_file_and_a_chapter_and_its_teaching_notes_never_share_one(printed):
    files = [p.file for p in PLAN]
    assert len(files) == len(set(files))
    for page in PLAN:
        assert (printed / page.file).is_file(), f"{page.path}: no {page.file}"
    chapter = next(p for p in STUDENTS if p.path == "chapters/05_three_vs")
    notes = next(p for p in INSTRUCTORS if p.path == "chapters/instructors/05_three_vs")
    assert chapter.file != notes.file and notes.file.startswith(print_pdf.INSTRUCTORS + "/")


@pytest.mark.parametrize("page", HANDOUTS, ids=lambda p: p.path)
def test_a_handout_holds_its_chapter_and_nothing_kept_for_instructors(printed, root, page):
    text = _text(printed / page.file)
    source = (root / f"{page.path}.md").read_text(encoding="utf-8")
    assert _title(root, page.path) in text, f"{page.file}: not the handout of {page.path}"
    for heading, body in _sections(source).items():
        on_screen_only = "quizzes.quiz(" in body or "pages.live(" in body
        assert (heading in text) != on_screen_only, (
            f"{page.file}: section {heading!r} is {'printed' if on_screen_only else 'missing'}")
    for words in map(_words, _instructor_words(page)):
        assert words not in text, f"{page.file}: the instructors' notes are printed: {words!r}"
    for line in _solution_lines(root, page.path):
        assert line not in text, f"{page.file}: a solution is printed: {line!r}"
    for debris in map(_words, SCREEN_DEBRIS):
        assert debris not in text, f"{page.file}: {debris!r} is printed"


def assert_titles_in_order(text: str, root, pages, book: str) -> None:
    """Each page's title is in ``text``, after the previous page's."""
    position = 0
    for page in pages:
        title = _title(root, page.path)
        found = text.find(title, position)
        assert found >= 0, f"{page.path}: its title {title!r} is not in the {book} after the previous page's"
        position = found + len(title)


def test_the_student_book_has_every_student_page_in_order_and_no_instructor_page(printed, root):
    text = _text(printed / print_pdf.STUDENT_BOOK)
    assert_titles_in_order(text, root, STUDENTS, "student book")
    for page in INSTRUCTORS:
        assert _title(root, page.path) not in text, f"the student book holds {page.path}"
    for words in ("Notes and a model answer", "Answer key to chapter", "Exemplar answer"):
        assert _words(words) not in text
    for task in written_tasks.load():
        assert _words(f"{task.name}. {task.prompt}")[:80] in text, f"the student book lacks {task.name}'s prompt"
        for exemplar in task.exemplars:
            assert _words(exemplar.answer)[:60] not in text, f"the student book holds an exemplar of {task.name}"
    for question in pre_post.load():
        assert _words(question.prompt)[:60] not in text, f"the student book holds the pre/post test ({question.id})"


def test_the_instructor_pack_has_the_guide_plans_rubrics_and_answer_keys(printed, root):
    text = _text(printed / print_pdf.INSTRUCTOR_PACK)
    assert_titles_in_order(text, root, INSTRUCTORS, "pack")
    taught = {c.path.replace("chapters/", "chapters/instructors/", 1) for c in kit.chapters() + kit.labs()}
    chapters = [p for p in INSTRUCTORS if p.path in taught]
    assert any(p.path == "chapters/instructors/syllabus" for p in INSTRUCTORS), "the syllabus map is not in the pack"
    kept = ("A 60-minute session", "A 90-minute session", "Notes and a model answer", "Answer key to",
            "Exemplar answers to")
    for words in map(_words, kept):
        assert text.count(words) >= len(chapters), f"the pack has {words!r} {text.count(words)} times"
    assert _words("Answer key to the pre/post test for the module") in text, "the pack lacks the pre/post test's key"


@pytest.mark.parametrize("page", HANDOUTS, ids=lambda p: p.path)
def test_no_page_of_a_handout_is_half_empty(printed, tmp_path, page):
    """Each page but the last is drawn on at least half its height (a page that a box too tall to fit
    pushed away from, or a blank page, is not)."""
    subprocess.run([_tool("pdftoppm"), "-r", "20", "-gray", "-png", str(printed / page.file), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert pages, f"{page.file}: no page drawn"
    for number, png in enumerate(pages[:-1], 1):
        image = Image.open(png).convert("L")
        width, height = image.size
        pixels = image.load()
        inked = [y for y in range(height) if any(pixels[x, y] < 200 for x in range(width))]
        bottom = (max(inked) / height) if inked else 0
        assert bottom >= MIN_FILLED, f"{page.file}: page {number} of {len(pages)} ends at {bottom:.0%} of its height"
