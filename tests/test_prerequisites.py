"""Each chapter's and lab's Prerequisites line tells the truth about the code its exercises ask for.

The skills a page uses are read from the code of its Exercises section (mlops_book.prerequisites); the line must
name each of them, name none it does not use, and link the prerequisites page where they are explained.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlops_book import kit, prerequisites

UNITS = kit.chapters() + kit.labs()
ROOT = Path(__file__).resolve().parents[1]


def _text(c) -> str:
    return (ROOT / f"{c.path}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("c", UNITS, ids=[c.id for c in UNITS])
def test_the_prerequisites_line_names_the_skills_the_exercises_use(c):
    text = _text(c)
    assert prerequisites.stated(text), f"{c.path}.md has no **Prerequisites.** line in its kit"
    assert prerequisites.problems(text) == [], f"{c.path}.md"


def test_chapter_one_says_its_exercises_need_pandas():
    """The kit said "Prerequisites: None" while its exercises count the participants table's values."""
    opening = next(c for c in UNITS if c.id == "opening")
    text = _text(opening)
    assert {"answer", "column", "count"} <= set(prerequisites.used(text))
    assert not prerequisites.stated(text).startswith("None.")


def test_a_line_that_leaves_out_a_skill_the_exercises_use_is_caught():
    text = _text(next(c for c in UNITS if c.id == "research-data"))
    cut = text.replace("; sorting and finding the largest", "", 1)
    assert cut != text
    assert prerequisites.problems(cut) == [
        "the exercises use 'sorting and finding the largest', which the Prerequisites line does not name"
    ]


def test_every_skill_is_explained_on_the_prerequisites_page():
    page = (ROOT / "chapters/prerequisites.md").read_text(encoding="utf-8")
    label = prerequisites.PANDAS_SECTION.split("#")[1]
    assert f"({label})=" in page
    section = page.split(f"({label})=", 1)[1].split("\n## ", 2)[1]
    explained = re.findall(r"^- \*\*(.+?)\*\*", section, flags=re.MULTILINE)
    assert [skill.words for skill in prerequisites.SKILLS] == explained
