"""The instructor materials: teaching notes per chapter, the glossary and the prerequisites page.

Fast tests read the data and the chapter files (no build); the last two read the built book.
Chapters, questions and exercises are discovered from the chapter files, never listed here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mlops_book import cross_references, instructor_notes, kit, links, quizzes, teaching
from support import text_of

CHAPTERS = kit.chapters()
LABS = kit.labs()
#: The pages with teaching notes: every chapter and every lab.
UNITS = CHAPTERS + LABS
IDS = [c.id for c in UNITS]
ROOT = Path(__file__).resolve().parents[1]
#: A glossary entry's first line: a term at the start of a line inside the {glossary} block.
GLOSSARY = re.search(
    r"```\{glossary\}\n(.*?)\n```", (ROOT / "chapters/glossary.md").read_text(encoding="utf-8"), re.DOTALL
).group(1)
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*?<([^>]+)>|([^`]+))`", re.DOTALL)
#: A link to a glossary term, the form the chapters are stored in (mlops_book.cross_references).
TERM_LINK = re.compile(r"\]\((?:\.\./)*glossary\.md#(term-[\w.-]+)\)")
#: A link from a glossary definition to a chapter (``{ref}`ch-...``` before `make normalise`).
CHAPTER_LINK = re.compile(r"\{ref\}`ch-|\]\(\d\d_\w+\.md\)")


def _text(c: kit.Chapter) -> str:
    return (ROOT / f"{c.path}.md").read_text(encoding="utf-8")


def glossary_entries() -> dict:
    """Each glossary term (lowercased) with the definition it belongs to."""
    entries, terms = {}, []
    for line in GLOSSARY.splitlines():
        if line.startswith(":") or not line.strip():
            terms = [] if not line.strip() else terms
            continue
        if not line.startswith(" "):
            terms.append(line.strip().lower())
            entries[terms[-1]] = ""
        else:
            for term in terms:
                entries[term] += line.strip() + " "
    return entries


@pytest.fixture(scope="module")
def notes():
    return {c.id: teaching.load(c.id) for c in UNITS}


def test_every_chapter_has_a_teaching_file(notes):
    files = {p.stem for p in teaching.teaching_dir().glob("*.yml")}
    assert files == set(IDS), f"teaching files without a chapter or chapters without one: {files ^ set(IDS)}"


@pytest.mark.parametrize("section", IDS)
@pytest.mark.parametrize("minutes", teaching.SESSION_LENGTHS)
def test_session_minutes_add_up(section, minutes):
    """Computed from the raw file, not from the loader, so a loader that skipped its check would fail here."""
    raw = yaml.safe_load((teaching.teaching_dir() / f"{section}.yml").read_text(encoding="utf-8"))
    assert sum(step["minutes"] for step in raw["plans"][minutes]) == minutes


@pytest.mark.parametrize("c", UNITS, ids=IDS)
def test_every_discussion_question_has_notes(c, notes):
    questions = teaching.discussion_questions(_text(c))
    assert questions, f"{c.path}.md: no numbered list under '## Discussion questions'"
    assert len(notes[c.id].discussion) == len(questions), (
        f"{c.id}: {len(questions)} questions, {len(notes[c.id].discussion)} notes"
    )
    for note, question in zip(notes[c.id].discussion, questions, strict=False):
        assert question.startswith(note.opens_with), (
            f"{c.id} question {note.question}: notes are for {note.opens_with!r}, the chapter asks {question!r}"
        )


def test_all_discussion_questions_are_counted():
    """The issue counts 38; a chapter that gains or loses a question must gain or lose its notes too."""
    assert (
        sum(len(teaching.discussion_questions(_text(c))) for c in UNITS)
        == sum(len(teaching.load(i).discussion) for i in IDS)
        >= 38
    )


@pytest.mark.parametrize("c", UNITS, ids=IDS)
def test_every_open_ended_exercise_has_a_rubric(c, notes):
    open_ended = teaching.open_ended_exercises(_text(c))
    # each checked exercise has its own check id, so the rest of the kit's exercises are the open-ended ones
    assert len(open_ended) == len(c.kit.exercises) - len(c.kit.check_ids)
    assert set(open_ended) <= {e.label for e in c.kit.exercises}
    assert set(notes[c.id].rubrics) == set(open_ended), (
        f"{c.id}: rubrics for {sorted(notes[c.id].rubrics)}, open-ended {open_ended}"
    )


@pytest.mark.parametrize("c", UNITS, ids=IDS)
def test_plans_use_the_chapters_own_exercises(c, notes):
    labels = {e.label for e in c.kit.exercises}
    used = {s.exercise for p in notes[c.id].plans.values() for s in p.steps if s.exercise}
    assert used <= labels, f"{c.id}: plans name exercises the chapter does not have: {used - labels}"
    assert any(s.phase == "exercise" and s.exercise for p in notes[c.id].plans.values() for s in p.steps)


@pytest.mark.parametrize("c", UNITS, ids=IDS)
def test_model_answers_cite_the_study(c, notes):
    for note in notes[c.id].discussion:
        assert re.search(r"§|[Cc]hapter \d|Abstract", note.evidence), (
            f"{c.id} question {note.question}: evidence cites nothing"
        )
    for m in notes[c.id].misconceptions:
        assert re.search(r"§|[Cc]hapter|Lab \d|data/|Abstract", m.evidence), (
            f"{c.id}: misconception {m.belief!r} has no evidence"
        )


def _broken(tmp_path, edit) -> Path:
    raw = yaml.safe_load((teaching.teaching_dir() / "workflow.yml").read_text(encoding="utf-8"))
    edit(raw)
    (tmp_path / "workflow.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda r: r["plans"][60][0].update(minutes=9), "plans.60"),
        (lambda r: r["plans"][90][1].update(phase="nap"), "plans.90[1].phase"),
        (lambda r: r["plans"][60].pop(3), "plans.60"),
        (lambda r: r["discussion"][1].update(question=3), "discussion[1].question"),
        (lambda r: r["plans"][60][2].update(questions=[7]), "plans.60[2].questions"),
        (lambda r: r["rubrics"]["ex-workflow-3"][0]["levels"].pop("adequate"), "rubrics.ex-workflow-3[0].levels"),
        (lambda r: r["misconceptions"][0].update(evidence=""), "misconceptions[0].evidence"),
        (lambda r: r.pop("pre_work"), "pre_work"),
    ],
)
def test_a_broken_teaching_file_names_file_and_field(tmp_path, edit, field):
    folder = _broken(tmp_path, edit)
    with pytest.raises(teaching.TeachingDataError) as caught:
        teaching.load("workflow", folder)
    assert caught.value.field == field and "workflow.yml" in caught.value.path


def test_session_plan_starts_each_step_when_the_last_ends():
    html = instructor_notes.session_plan("workflow", 60).html
    steps = teaching.load("workflow").plans[60].steps
    clock = 0
    for step in steps:
        assert f">{clock // 60}:{clock % 60:02d}<" in html
        clock += step.minutes
    assert clock == 60


def test_instructor_pages_are_in_the_toc_under_the_guide():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    about = next(p for p in toc["parts"] if p["caption"] == "About this book")
    guide = next(e for e in about["chapters"] if e["file"] == "chapters/instructor_guide")
    listed = [s["file"] for s in guide["sections"]]
    # a page per chapter and lab, then the module's pre/post test and the capstone's rubric (plain pages with no
    # teaching notes of their own)
    assert listed[-2:] == ["chapters/instructors/pre_post_test", "chapters/instructors/capstone"]
    listed = listed[:-2]
    assert listed == [c.path.replace("chapters/", "chapters/instructors/", 1) for c in UNITS]
    for c, page in zip(UNITS, listed, strict=True):
        source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        # plain MyST Markdown: the build computes its tables with no kernel (_ext/steps/book_views.py)
        assert not links.is_notebook(page), f"{page}.md is a notebook: its tables need no kernel ({{book-view}})"
        views = ("session_plan {} 60", "session_plan {} 90", "discussion_notes {}", "rubrics {}", "misconceptions {}",
                 "answer_key {}")
        for view in views:
            directive = "```{book-view} instructor_notes." + view.format(c.id) + "\n```"
            assert directive in source, f"{page}.md lacks {directive}"


def test_glossary_and_prerequisites_are_reference_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    reference = next(p for p in toc["parts"] if p["caption"] == "Reference")
    files = [e["file"] for e in reference["chapters"]]
    assert "chapters/glossary" in files and "chapters/prerequisites" in files
    index = (ROOT / "index.md").read_text(encoding="utf-8")
    guide = (ROOT / "chapters/instructor_guide.md").read_text(encoding="utf-8")
    for page in ("glossary", "prerequisites"):
        assert f"chapters/{page}>" in index and f"<{page}>" in guide, (
            f"{page} is not linked from index.md and the guide"
        )


def test_glossary_has_thirty_terms_each_with_its_source():
    entries = glossary_entries()
    assert len(entries) >= 30
    for term, definition in entries.items():
        assert re.search(r"§\d|abstract", definition), f"glossary {term!r}: no paper section"
        assert CHAPTER_LINK.search(definition) or "The chapters do not use this term" in definition, (
            f"glossary {term!r}: no chapter"
        )


def test_every_term_link_resolves_and_each_term_is_linked_once_per_chapter():
    entries = glossary_entries()
    by_anchor = {cross_references.term_anchor(term).lower(): term for term in entries}
    linked = set()
    for c in CHAPTERS:
        targets = [(named or plain).strip().lower() for named, plain in TERM_ROLE.findall(_text(c))]
        targets += [by_anchor.get(anchor.lower(), anchor) for anchor in TERM_LINK.findall(_text(c))]
        assert set(targets) <= set(entries), (
            f"{c.path}.md links terms the glossary lacks: {set(targets) - set(entries)}"
        )
        repeated = {t for t in targets if targets.count(t) > 1}
        assert not repeated, f"{c.path}.md links {repeated} more than once"
        linked |= set(targets)
    definitions = {}
    for term, definition in entries.items():
        definitions.setdefault(definition, set()).add(term)
    unlinked = [
        terms for d, terms in definitions.items() if not terms & linked and "The chapters do not use this term" not in d
    ]
    assert not unlinked, f"glossary terms no chapter links: {unlinked}"


def test_prerequisites_has_a_readiness_check_with_answers():
    text = (ROOT / "chapters/prerequisites.md").read_text(encoding="utf-8")
    questions = re.findall(r"^\*\*\d+\.\*\*", text, re.MULTILINE)
    answers = re.findall(r":::\{admonition\} Answer\n:class: dropdown\n", text)
    assert len(questions) >= 4 and len(answers) == len(questions)
    assert "```{code-cell}" not in text and not links.is_notebook("chapters/prerequisites")
    for topic in ("train/test split", "accuracy", "Overfitting", "DataFrame"):
        assert topic in text


def test_built_glossary_defines_every_term(book_html):
    html = (book_html / "chapters/glossary.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<dt id="term-', html)) >= len(glossary_entries())
    workflow = (book_html / "chapters/04_workflow.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#term-staged-rollout"' in workflow


@pytest.mark.parametrize("c", UNITS, ids=IDS)
def test_built_instructor_page_shows_plans_answers_and_rubrics(book_html, c):
    page = book_html / f"{c.path.replace('chapters/', 'chapters/instructors/', 1)}.html"
    html = page.read_text(encoding="utf-8")
    shown = text_of(html)  # what a reader reads: not the column names a phone's card layout keeps in data-label
    unit = f"{'lab' if c.is_lab else 'chapter'} {c.order}"
    assert f"A 60-minute session on {unit}" in shown and f"A 90-minute session on {unit}" in shown
    assert shown.count("Notes and a model answer") == 1
    assert shown.count(f"Rubric for {c.exercise_name(1).rsplit('.', 1)[0]}.") == len(teaching.load(c.id).rubrics)
    assert f"Answer key to {unit}" in shown and len(quizzes.load_questions(c.id)) >= 3
    guide = book_html / "chapters/instructor_guide.html"
    hrefs = re.findall(r'href="([^"#]+)', guide.read_text(encoding="utf-8"))
    assert any((guide.parent / href).resolve() == page.resolve() for href in hrefs), f"the guide links no {page.name}"
