"""The code skills a page's exercises ask for, read from the exercises themselves, and what its kit promises.

A chapter's kit has a ``**Prerequisites.**`` line. Its first part names chapters to read first; its second
names the skills of the prerequisites page ("The pandas you need") that the exercises use. :func:`used` reads
those skills from the code of the page's Exercises section (its code cells, solutions included, and the code
the prompts quote), so the line can be checked against what a learner will actually type:
:func:`problems` lists every skill used and not named, and every skill named and not used.

>>> used("## Exercises\\n\\n```{code-cell} ipython3\\nanswer = people['role'].value_counts()\\n```\\n")
('answer', 'column', 'count')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import myst

#: Where the prerequisites page explains these skills (its label).
PANDAS_SECTION = "prerequisites.md#prerequisites-pandas"


@dataclass(frozen=True)
class Skill:
    """A skill of the prerequisites page: its key, the words a kit names it by, and the code that uses it."""

    key: str
    words: str
    code: re.Pattern


#: The skills, in the order the prerequisites page teaches them.
SKILLS = (
    Skill("answer", "writing an answer as a Python value", re.compile(r"\banswer\s*=")),
    Skill("column", "picking a column of a table",
          re.compile(r"[\w)]\[\s*[\"'][^\"']+[\"']\s*\]|\.columns\b|\.head\(|\blen\(|\.loc\[")),
    Skill("filter", "filtering rows and counting them",
          re.compile(r"\]\s*(?:==|!=|<=|>=|<|>)|\w\[\s*\w+\s*(?:==|!=|<=|>=|<|>)|\.isin\(|\.query\(|\.sum\(\)"
                     r"|\.loc\[lambda")),
    Skill("count", "counting values and grouping",
          re.compile(r"\.value_counts\(|\.nunique\(|\.groupby\(|\.size\(\)|\.unique\(")),
    Skill("text", "working with text columns", re.compile(r"\.str\.|\.split\(")),
    Skill("sort", "sorting and finding the largest", re.compile(r"\.sort_values\(|\.idxmax\(|\.max\(\)|\.nlargest\(")),
)


def exercise_code(markdown: str) -> str:
    """The code of a page's ``## Exercises`` section: its code cells (solutions included) and the inline code of
    its prompts; the call that shows a practice scenario is the page's, not the learner's, and is left out."""
    section = re.split(r"^## ", markdown, flags=re.MULTILINE)
    body = next((part for part in section if part.startswith("Exercises")), "")
    blocks = [d.body for d in map(myst.directive, myst.walk(myst.parse(body).children)) if d and d.name == "code-cell"]
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", body, flags=re.DOTALL))
    code = "\n".join(blocks + inline)
    return "\n".join(line for line in code.splitlines() if "scenarios.show(" not in line)


def used(markdown: str) -> tuple:
    """The keys of the skills a page's exercises use, in the order of :data:`SKILLS`."""
    code = exercise_code(markdown)
    return tuple(skill.key for skill in SKILLS if skill.code.search(code))


def stated(markdown: str) -> str:
    """The text of a page's ``**Prerequisites.**`` paragraph ('' if it has none), links as written."""
    found = re.search(r"^\*\*Prerequisites\.\*\*(.*?)(?:\n\s*\n|\n:::)", markdown, flags=re.MULTILINE | re.DOTALL)
    return " ".join(found.group(1).split()) if found else ""


def problems(markdown: str) -> list:
    """How a page's Prerequisites line and its exercises disagree: a skill used and not named, a skill named and
    not used, a named skill without the link to the prerequisites page, or a page with a Prerequisites line of
    'None' whose exercises need code.

    >>> page = "**Prerequisites.** None.\\n\\n## Exercises\\n\\n```{code-cell} ipython3\\nanswer = 3\\n```\\n"
    >>> for problem in problems(page): print(problem)
    the exercises use 'writing an answer as a Python value', which the Prerequisites line does not name
    the Prerequisites line does not link the skills' explanation (prerequisites.md#prerequisites-pandas)
    """
    line, keys = stated(markdown), used(markdown)
    found = [
        f"the exercises use {skill.words!r}, which the Prerequisites line does not name"
        for skill in SKILLS if skill.key in keys and skill.words not in line
    ]
    found += [
        f"the Prerequisites line names {skill.words!r}, which no exercise uses"
        for skill in SKILLS if skill.key not in keys and skill.words in line
    ]
    if keys and PANDAS_SECTION not in line:
        found.append(f"the Prerequisites line does not link the skills' explanation ({PANDAS_SECTION})")
    return found
