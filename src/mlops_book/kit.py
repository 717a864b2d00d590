"""The chapter kit: what each chapter file says about itself (objectives, time, exercises).

Each chapter opens with a "Chapter at a glance" admonition (``:class: chapter-kit``)
that lists its learning objectives and its time to read, and closes with
``{exercise}`` directives. A chapter that breaks the format stops everything
with one :class:`ChapterFormatError` naming the file.

>>> kit = parse_kit('''(ch-demo)=
... # A demo
...
... :::{admonition} Chapter at a glance
... :class: chapter-kit
...
... **Learning objectives.** After this chapter you can:
... - name the three Vs;
... - read a chart.
...
... **Prerequisites.** None.
...
... **Time to read:** 12 minutes, plus 8 for the exercises.
... :::
... ''', "demo.md")
>>> kit.title, kit.objectives, kit.reading_minutes, kit.exercise_minutes
('A demo', ('name the three Vs;', 'read a chart.'), 12, 8)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import data
from .paths import BOOK_ROOT


class ChapterFormatError(ValueError):
    """A chapter file breaks the chapter format; the message names the file and what is missing."""

    def __init__(self, path, problem):
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class ExerciseDirective:
    """One ``{exercise}`` directive of a chapter: its label and title (the directive's, or its bold lead-in)."""

    label: str
    title: str


@dataclass(frozen=True)
class Kit:
    """What a chapter file says about itself: title, objectives, time and exercises."""

    label: str
    title: str
    objectives: tuple
    reading_minutes: int
    exercise_minutes: int
    exercises: tuple
    check_ids: tuple
    interactive_minutes: int = 0

    @property
    def page_minutes(self) -> int:
        """Time on the page: reading plus any interactive the time line names."""
        return self.reading_minutes + self.interactive_minutes


@dataclass(frozen=True)
class Chapter:
    """A chapter of the book: where it lives (``path`` has no suffix, as in ``_toc.yml``) and its kit."""

    id: str
    order: int
    path: str
    kit: Kit

    @property
    def title(self) -> str:
        return self.kit.title

    @property
    def label(self) -> str:
        return f"ch-{self.id}"


_LABEL = re.compile(r"^\((ch-[\w-]+)\)=\s*$", re.M)
_TITLE = re.compile(r"^# (.+?)\s*$", re.M)
_KIT = re.compile(r"^(:{3,}|`{3,})\{admonition\}[^\n]*\n:class:[^\n]*\bchapter-kit\b[^\n]*\n(.*?)^\1\s*$", re.M | re.S)
_OBJECTIVES = re.compile(r"\*\*Learning objectives\.?\*\*[^\n]*\n((?:[ \t]*[-*] .+\n?)+)")
_TIME = re.compile(r"\*\*Time to read:?\*\*:?\s*(\d+)\s*minutes?([^\n]*)", re.I)
#: The extras of the time line: "plus 3 for the interactive and 10 for the exercises".
_TIME_EXTRA = re.compile(r"(\d+)\s*(?:minutes?\s*)?for the (\w+)", re.I)
#: An exercise directive and its options; the gated form (exercise-start ... exercise-end) too.
_EXERCISE = re.compile(r"^(:{3,}|`{3,})\{exercise(-start)?\}[ \t]*([^\n]*)\n((?::[\w-]+:[^\n]*\n)*)", re.M)
_LEAD_IN = re.compile(r"^\s*\*\*(.+?)\*\*")
_EXERCISE_LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
_CHECK = re.compile(r"exercises\.check\(\s*[\"']([\w-]+)[\"']")


def parse_kit(text: str, path="chapter") -> Kit:
    """Read the chapter label, title, kit admonition and exercises from a chapter's text.

    >>> parse_kit("# No kit here", "x.md")
    Traceback (most recent call last):
    ...
    mlops_book.kit.ChapterFormatError: x.md: no chapter label like '(ch-<section-id>)=' above the title
    """
    label = _LABEL.search(text)
    if not label:
        raise ChapterFormatError(path, "no chapter label like '(ch-<section-id>)=' above the title")
    title = _TITLE.search(text, label.end())
    if not title:
        raise ChapterFormatError(path, "no '# <Title>' heading after the chapter label")
    kit = _KIT.search(text)
    if not kit:
        raise ChapterFormatError(path, "no 'Chapter at a glance' admonition with ':class: chapter-kit'")
    body = kit.group(2)
    objectives = _OBJECTIVES.search(body)
    if not objectives:
        raise ChapterFormatError(path, "the chapter kit lists no '**Learning objectives.**' bullets")
    time = _TIME.search(body)
    if not time:
        raise ChapterFormatError(path, "the chapter kit has no '**Time to read:** <N> minutes' line")
    extras = _TIME_EXTRA.findall(time.group(2))
    exercises = []
    for match in _EXERCISE.finditer(text):
        fence, gated, heading, options = match.group(1), match.group(2), match.group(3).strip(), match.group(4)
        body = text[match.end():]
        if gated:  # the text follows the directive's own closing fence
            body = re.sub(rf"^\s*{re.escape(fence)}[ \t]*\n", "", body, count=1)
        found = _EXERCISE_LABEL.search(options)
        if not found:
            raise ChapterFormatError(path, f"an exercise ({heading or body.strip()[:40]!r}) has no ':label:'")
        lead_in = _LEAD_IN.match(body)
        exercises.append(ExerciseDirective(found.group(1), heading or (lead_in.group(1).rstrip(".") if lead_in else "")))
    return Kit(
        label=label.group(1),
        title=title.group(1),
        objectives=tuple(re.sub(r"^\s*[-*]\s+", "", line).strip() for line in objectives.group(1).splitlines() if line.strip()),
        reading_minutes=int(time.group(1)),
        exercise_minutes=sum(int(n) for n, what in extras if what.lower().startswith("exercise")),
        interactive_minutes=sum(int(n) for n, what in extras if not what.lower().startswith("exercise")),
        exercises=tuple(exercises),
        check_ids=tuple(dict.fromkeys(_CHECK.findall(text))),
    )


def chapters(root: Path = BOOK_ROOT) -> list[Chapter]:
    """Every chapter in reading order, as ``data/sections.csv`` lists them, each with its kit.

    The chapter's label must name its own section (``(ch-<section-id>)=``), so
    links to a chapter stay stable when files are renamed.
    """
    root = Path(root)
    result = []
    for row in data.load("sections").sort_values("order").itertuples():
        source = root / f"{row.chapter}.md"
        if not source.exists():
            raise ChapterFormatError(source, f"sections.csv lists chapter {row.id!r} here, but there is no such file")
        kit = parse_kit(source.read_text(encoding="utf-8"), source.relative_to(root))
        if kit.label != f"ch-{row.id}":
            raise ChapterFormatError(source, f"the chapter label is {kit.label!r}; expected 'ch-{row.id}'")
        result.append(Chapter(id=row.id, order=int(row.order), path=row.chapter, kit=kit))
    return result
