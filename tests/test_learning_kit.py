"""Every chapter is a lesson: objectives, time to read, exercises with hidden solutions and working checks.

Chapters and exercises are discovered (from _toc.yml, data/sections.csv, the chapter files and
exercises.EXERCISES), never listed here, so a new chapter is tested the moment it exists.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from mlops_book import answers, data, exercises, kit, links, myst

SECTIONS = data.load("sections").sort_values("order")
CHAPTERS = dict(zip(SECTIONS["chapter"], SECTIONS["id"], strict=True))
#: Every page of the table of contents that sections.csv names as a chapter, in reading order.
TOC_CHAPTERS = [path for path in links.toc_files() if path in CHAPTERS]
#: The book's own example of the chapter format, for the tests that prove a broken kit is caught.
GOOD_KIT = """(ch-demo)=
# Demo

:::{admonition} Chapter at a glance
:class: chapter-kit

**Learning objectives.** After this chapter you can:
- do one thing.

**Prerequisites.** None.

**Time to read:** 5 minutes, plus 5 for the exercises.
:::

```{exercise}
:label: ex-demo-1

**First.** Do it.
```
"""


def test_every_chapter_of_sections_csv_is_in_the_table_of_contents():
    missing = [path for path in CHAPTERS if path not in TOC_CHAPTERS]
    assert not missing, f"chapters in data/sections.csv but not in _toc.yml: {missing}"
    assert TOC_CHAPTERS == list(SECTIONS["chapter"]), "_toc.yml must list the chapters in sections.csv order"


@pytest.mark.parametrize("path", TOC_CHAPTERS)
def test_chapter_is_a_notebook(path, root):
    assert links.is_notebook(path, root), f"{path}.md needs the jupytext front matter with a kernelspec"


@pytest.mark.parametrize("path", TOC_CHAPTERS)
def test_chapter_kit(path, root):
    """Objectives, time to read, and at least two labelled exercises, one checked with the book's data."""
    source = (root / f"{path}.md").read_text(encoding="utf-8")
    parsed = kit.parse_kit(source, f"{path}.md")  # raises ChapterFormatError naming what is missing
    section = CHAPTERS[path]
    assert parsed.label == f"ch-{section}"
    assert parsed.objectives and all(parsed.objectives), "the kit lists no learning objectives"
    cut = [o for o in parsed.objectives if not o.endswith((";", "."))]
    assert not cut, f"{path}: objectives that do not end a sentence (cut off?): {cut}"
    assert parsed.reading_minutes > 0
    assert parsed.exercise_minutes > 0, "the time line must say how long the exercises take"
    labels = [e.label for e in parsed.exercises]
    assert len(labels) >= 2, f"{path}: at least two exercises, found {labels}"
    assert len(set(labels)) == len(labels), f"{path}: exercise labels repeat: {labels}"
    for label in labels:
        assert re.fullmatch(rf"ex-{re.escape(section)}-\d+", label), f"{path}: label {label!r} is not ex-{section}-<n>"
    assert parsed.check_ids, f"{path}: no exercise calls exercises.check(...) (one must be hands-on with the data)"
    unknown = [c for c in parsed.check_ids if c not in exercises.EXERCISES]
    assert not unknown, f"{path} calls checks that exercises.py does not register: {unknown}"


@pytest.mark.parametrize("path", TOC_CHAPTERS)
def test_every_exercise_has_a_dropdown_solution_in_the_source(path, root):
    source = (root / f"{path}.md").read_text(encoding="utf-8")
    for exercise in kit.parse_kit(source, f"{path}.md").exercises:
        start = re.search(
            rf"^(`{{3,}}|:{{3,}})\{{solution(?:-start)?\}}[ \t]+{re.escape(exercise.label)}[ \t]*\n"
            r"((?::[\w-]+:[^\n]*\n)*)",
            source,
            re.M,
        )
        assert start, f"{path}: exercise {exercise.label} has no {{solution-start}} {exercise.label}"
        assert re.search(r"^:class:.*\bdropdown\b", start.group(2), re.M), (
            f"{path}: the solution to {exercise.label} must be ':class: dropdown' (hidden until opened)"
        )


def _page(book_html, path):
    page = book_html / f"{path}.html"
    assert page.exists(), f"{path} was not built: no {page}"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("path", TOC_CHAPTERS)
def test_solutions_are_collapsed_on_the_page(path, root, book_html):
    """On the built page each exercise has a solution in a collapsed dropdown, and only
    solutions (never the learner's own cell) show a correct check."""
    soup = _page(book_html, path)
    parsed = kit.parse_kit((root / f"{path}.md").read_text(encoding="utf-8"), f"{path}.md")
    solutions = soup.select("div.solution")
    for exercise in parsed.exercises:
        assert soup.find(id=exercise.label), f"{path}: no exercise with id {exercise.label} on the page"
        mine = [s for s in solutions if s.select_one(f'p.admonition-title a[href$="#{exercise.label}"]')]
        assert mine, f"{path}: no solution for {exercise.label} on the page"
        assert all("dropdown" in s["class"] for s in mine), f"{path}: the solution to {exercise.label} is not collapsed"
    checks = soup.select("div.exercise-check")
    correct = [c for c in checks if "Correct" in c.get_text() and "Not yet" not in c.get_text()]
    assert len(correct) >= len(parsed.check_ids), f"{path}: fewer correct checks on the page than checked exercises"
    for check in correct:
        assert check.find_parent("div", class_="solution"), f"{path}: a correct answer shows outside a solution"


# --- The checks themselves -----------------------------------------------------------------


def wrong_answer(right):
    """An answer near the right one that must not pass: one more, changed text, one element short."""
    if isinstance(right, bool):
        return not right
    if isinstance(right, (int, float)) or (hasattr(right, "item") and not hasattr(right, "__len__")):
        value = right.item() if hasattr(right, "item") else right
        return value + 1 if not (isinstance(value, float) and math.isnan(value)) else 0
    if isinstance(right, str):
        return right + " (changed)"
    if isinstance(right, pd.Series):
        return wrong_answer(right.to_dict())
    if isinstance(right, dict):
        if not right:
            return {"an extra key": 1}
        key = next(iter(right))
        return {**right, key: wrong_answer(right[key])}
    if isinstance(right, (list, tuple, set, frozenset, pd.Index)):
        items = list(right)
        return items[1:] if items else ["an extra element"]
    raise TypeError(f"no wrong answer for {type(right).__name__}: teach wrong_answer this type")


def test_wrong_answer_is_wrong_for_every_kind_of_answer():
    for right in (6, 2.5, "MLE", ["a", "b"], {"a": 1}, pd.Series({"x": 3}), True):
        assert not answers.compare(right, wrong_answer(right)).correct


def test_there_are_exercises_to_check():
    assert exercises.EXERCISES, "exercises.py registers no exercise"


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_check_accepts_the_answer_and_rejects_a_wrong_one(exercise_id):
    right = exercises.expected(exercise_id)
    assert exercises.check(exercise_id, right).correct
    assert not exercises.check(exercise_id, wrong_answer(right)).correct
    assert not exercises.check(exercise_id, ...).answered  # the learner's placeholder: a prompt, not a failure


def test_every_registered_check_is_used_by_a_page(root):
    """Study chapters and labs alike: every registered check is called by some page of the book."""
    pages = [path for path in links.toc_files() if links.is_notebook(path)]
    used = {c for path in pages for c in kit.check_ids((root / f"{path}.md").read_text(encoding="utf-8"))}
    unused = sorted(set(exercises.EXERCISES) - used)
    assert not unused, f"exercises.py registers checks no page uses: {unused}"


# --- The kit parser catches a broken chapter (so the tests above can fail) ----------------------


def test_a_good_kit_parses():
    parsed = kit.parse_kit(GOOD_KIT, "demo.md")
    assert (parsed.label, parsed.title, parsed.objectives) == ("ch-demo", "Demo", ("do one thing.",))
    assert (parsed.reading_minutes, parsed.exercise_minutes, parsed.exercises) == (
        5,
        5,
        (kit.ExerciseDirective("ex-demo-1", "First"),),
    )
    timed = GOOD_KIT.replace("plus 5 for the exercises", "plus 3 for the interactive and 7 for the exercises")
    parsed = kit.parse_kit(timed, "demo.md")
    assert (parsed.page_minutes, parsed.exercise_minutes) == (8, 7)


def test_an_objective_that_wraps_onto_a_second_line_is_read_whole():
    wrapped = GOOD_KIT.replace("- do one thing.\n", "- do one thing\n  that takes two lines;\n- and another.\n")
    assert kit.parse_kit(wrapped, "demo.md").objectives == ("do one thing that takes two lines;", "and another.")


def test_a_gated_exercise_is_read_from_its_start_fence_and_the_text_after_it():
    gated = GOOD_KIT.replace("```{exercise}\n:label: ex-demo-1\n", "````{exercise-start}\n:label: ex-demo-1\n````\n")
    gated = gated.replace("**First.** Do it.\n```\n", "**First.** Do it.\n\n````{exercise-end}\n````\n")
    assert kit.parse_kit(gated, "demo.md").exercises == (kit.ExerciseDirective("ex-demo-1", "First"),)
    titled = gated.replace("{exercise-start}", "{exercise-start} Named here")
    assert kit.parse_kit(titled, "demo.md").exercises == (kit.ExerciseDirective("ex-demo-1", "Named here"),)
    with pytest.raises(kit.ChapterFormatError, match=re.escape("an exercise ('**First.** Do it.') has no ':label:'")):
        kit.parse_kit(gated.replace(":label: ex-demo-1\n", ""), "chapters/99_demo.md")


def test_only_checks_called_in_code_cells_count():
    checked = GOOD_KIT + '\n```{code-cell} ipython3\nexercises.check("demo-check", None)\n```\n'
    assert kit.parse_kit(checked, "demo.md").check_ids == ("demo-check",)
    assert kit.parse_kit(GOOD_KIT + '\nRun `exercises.check("demo-check", answer)`.\n', "demo.md").check_ids == ()


@pytest.mark.parametrize(
    "broken, problem",
    [
        (GOOD_KIT.replace("(ch-demo)=\n", ""), "no chapter label like '(ch-<section-id>)=' above the title"),
        (GOOD_KIT.replace("# Demo\n", "## Demo\n"), "no '# <Title>' heading after the chapter label"),
        (
            GOOD_KIT.replace(":class: chapter-kit", ":class: note"),
            "no 'Chapter at a glance' admonition with ':class: chapter-kit'",
        ),
        (GOOD_KIT.replace("- do one thing.\n", ""), "the chapter kit lists no '**Learning objectives.**' bullets"),
        (
            GOOD_KIT.replace("**Time to read:** 5 minutes, plus 5 for the exercises.", ""),
            "the chapter kit has no '**Time to read:** <N> minutes' line",
        ),
        (GOOD_KIT.replace(":label: ex-demo-1\n", ""), "an exercise ('**First.** Do it.') has no ':label:'"),
    ],
)
def test_a_chapter_missing_part_of_its_kit_is_an_error_naming_the_file(broken, problem):
    with pytest.raises(kit.ChapterFormatError) as error:
        kit.parse_kit(broken, "chapters/99_demo.md")
    assert str(error.value) == f"chapters/99_demo.md: {problem}"


def _book_of_good_kits(root):
    (root / "chapters").mkdir()
    for path, section in CHAPTERS.items():
        (root / f"{path}.md").write_text(GOOD_KIT.replace("ch-demo", f"ch-{section}"), encoding="utf-8")


def test_a_chapter_whose_label_names_another_section_is_an_error(tmp_path):
    _book_of_good_kits(tmp_path)
    assert len(kit.chapters(tmp_path)) == len(CHAPTERS)
    first, section = next(iter(CHAPTERS.items()))
    (tmp_path / f"{first}.md").write_text(GOOD_KIT.replace("ch-demo", "ch-elsewhere"), encoding="utf-8")
    with pytest.raises(kit.ChapterFormatError) as error:
        kit.chapters(tmp_path)
    assert str(error.value) == f"{tmp_path / first}.md: the chapter label is 'ch-elsewhere'; expected 'ch-{section}'"


def test_a_chapter_missing_from_disk_is_an_error_naming_the_file(tmp_path):
    _book_of_good_kits(tmp_path)
    last, section = list(CHAPTERS.items())[-1]
    (tmp_path / f"{last}.md").unlink()
    with pytest.raises(kit.ChapterFormatError) as error:
        kit.chapters(tmp_path)
    assert (
        str(error.value)
        == f"{tmp_path / last}.md: sections.csv lists chapter {section!r} here, but there is no such file"
    )


# --- Openings: the hook first, then the kit folded (issue 22) ----------------------------------------

#: Every study chapter and every lab, as their files are named.
OPENED_PAGES = TOC_CHAPTERS + [lab.path for lab in kit.labs()]


def opening_problems(text: str) -> list[str]:
    """What is wrong with a page's opening: after its ``# Title`` must come its hook (a paragraph of
    prose), then its kit (``:class: chapter-kit`` or ``lab-kit``) folded as a ``dropdown``."""
    blocks = myst.parse(text).children
    title = next(i for i, block in enumerate(blocks) if block.type == "heading" and block.tag == "h1")
    problems = []
    after = blocks[title + 1] if title + 1 < len(blocks) else None
    if after is None or after.type != "paragraph":
        problems.append(f"the title is followed by {after.type if after else 'nothing'!r}, not a hook paragraph")
    kits = [d for d in map(myst.directive, blocks)
            if d and {"chapter-kit", "lab-kit"} & set(d.options.get("class", "").split())]
    if not kits:
        problems.append("no kit (:class: chapter-kit or lab-kit)")
    elif "dropdown" not in kits[0].options["class"].split():
        problems.append("the kit is not folded (:class: ... dropdown)")
    elif blocks.index(kits[0].node) != title + 2:
        problems.append("the kit does not follow the hook directly")
    return problems


@pytest.mark.parametrize("path", OPENED_PAGES)
def test_a_page_opens_with_its_hook_then_its_kit_folded(path, root):
    problems = opening_problems((root / f"{path}.md").read_text(encoding="utf-8"))
    assert not problems, f"{path}.md: " + "; ".join(problems)


def test_an_unfolded_kit_or_a_kit_first_is_caught():
    hooked = GOOD_KIT.replace("# Demo\n", "# Demo\n\nWhy read on.\n")
    assert opening_problems(hooked.replace(":class: chapter-kit", ":class: chapter-kit dropdown")) == []
    assert opening_problems(hooked) == ["the kit is not folded (:class: ... dropdown)"]
    lab = hooked.replace("ch-demo", "lab-demo").replace(":class: chapter-kit", ":class: lab-kit dropdown")
    assert opening_problems(lab) == []
    assert opening_problems(lab.replace("\nWhy read on.\n", "")) == [
        "the title is followed by 'colon_fence', not a hook paragraph", "the kit does not follow the hook directly"
    ]
