"""The chapter kit: what each chapter and lab file says about itself (objectives, time, exercises).

Each chapter opens with a "Chapter at a glance" admonition (``:class: chapter-kit``)
that lists its learning objectives and its time to read, and closes with
``{exercise}`` directives. The chapter file is read as MyST Markdown with
markdown-it-py (the parser MyST itself is built on), so an objective that wraps
onto a second line is read whole. A chapter that breaks the format stops
everything with one :class:`ChapterFormatError` naming the file.

A lab (``chapters/labs/``, :func:`labs`) has the same kit in its own words: a "Lab at a glance"
admonition (``:class: lab-kit``) with ``**Objectives.**`` and a ``**Time:**`` line such as "25 minutes:
5 to read, 10 for the explorer, 10 for the exercises", under a ``(lab-<name>)=`` label.

>>> kit = parse_kit('''(ch-demo)=
... # A demo
...
... :::{admonition} Chapter at a glance
... :class: chapter-kit
...
... **Learning objectives.** After this chapter you can:
... - name the three Vs;
... - read a chart that goes on
...   for two lines.
...
... **Prerequisites.** None.
...
... **Time to read:** 12 minutes, plus 8 for the exercises.
... :::
... ''', "demo.md")
>>> kit.title, kit.objectives, kit.reading_minutes, kit.exercise_minutes
('A demo', ('name the three Vs;', 'read a chart that goes on for two lines.'), 12, 8)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from markdown_it.tree import SyntaxTreeNode

from . import data, myst, paths
from .paths import BOOK_ROOT

#: A lab's time line after its bold lead-in: "25 minutes: 5 to read, 10 for the explorer, 10 for the exercises."
_LAB_MINUTES = re.compile(r":?\s*\d+\s*minutes?:\s*(\d+)\s*to read(.*)", re.IGNORECASE | re.DOTALL)
#: The time line after its bold lead-in: "7 minutes, plus 3 for the interactive and 15 for the exercises."
_MINUTES = re.compile(r":?\s*(\d+)\s*minutes?(.*)", re.IGNORECASE | re.DOTALL)
#: The extras of the time line: "plus 3 for the interactive and 10 for the exercises".
_TIME_EXTRA = re.compile(r"(\d+)\s*(?:minutes?\s*)?for the (\w+)", re.IGNORECASE)
#: An exercise's tag line, in italics at its end: "*Practises objective 2.*", "*Practises objectives 1 and 3.*".
_PRACTISES = re.compile(r"Practises objectives? (\d+(?:(?:, | and )\d+)*)\.")
#: A checked exercise's call, inside a code cell.
_CHECK = re.compile(r"exercises\.check\(\s*[\"']([\w-]+)[\"']")


class ChapterFormatError(ValueError):
    """A chapter file breaks the chapter format; the message names the file and what is missing."""

    def __init__(self, path, problem):
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class ExerciseDirective:
    """One ``{exercise}`` directive of a chapter: its label, title (the directive's, or its bold lead-in)
    and the numbers of the chapter objectives it practises (its "*Practises objective n.*" line)."""

    label: str
    title: str
    objectives: tuple = ()
    #: The ids its code cells (and its solution's) pass to ``exercises.check``; none for an open-ended one.
    check_ids: tuple = ()


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
        return self.kit.label

    @property
    def is_lab(self) -> bool:
        return self.kit.label.startswith("lab-")

    def exercise_name(self, number: int) -> str:
        """How the book numbers the page's ``number``-th exercise: "Exercise 4.3", or "Lab exercise 3.1" in a lab.

        >>> labs()[2].exercise_name(1), chapters()[3].exercise_name(3)
        ('Lab exercise 3.1', 'Exercise 4.3')
        """
        return f"{'Lab exercise' if self.is_lab else 'Exercise'} {self.order}.{number}"


def _objectives(kit: myst.Directive, path) -> tuple:
    """The bullets that follow the kit's ``**Learning objectives.**`` paragraph, each read whole."""
    for paragraph, following in pairwise(kit.blocks):
        lead = myst.lead_in(paragraph)
        named = lead and lead[0].strip().rstrip(".") in ("Learning objectives", "Objectives")
        if named and following.type == "bullet_list":
            items = [item.children[0] for item in following.children if item.children]
            return tuple(myst.one_line(first.children[0].content) for first in items if first.type == "paragraph")
    raise ChapterFormatError(path, "the chapter kit lists no '**Learning objectives.**' bullets")


def _minutes(kit: myst.Directive, path) -> tuple[int, int, int]:
    """Reading, interactive and exercise minutes, from the kit's ``**Time to read:**`` line (a lab's ``**Time:**``)."""
    for paragraph in kit.blocks:
        lead = myst.lead_in(paragraph)
        name = lead[0].strip().rstrip(":").lower() if lead else ""
        pattern = {"time to read": _MINUTES, "time": _LAB_MINUTES}.get(name)
        found = pattern.match(lead[1]) if pattern else None
        if found:
            extras = _TIME_EXTRA.findall(found.group(2))
            exercise = sum(int(n) for n, what in extras if what.lower().startswith("exercise"))
            interactive = sum(int(n) for n, what in extras if not what.lower().startswith("exercise"))
            return int(found.group(1)), interactive, exercise
    raise ChapterFormatError(path, "the chapter kit has no '**Time to read:** <N> minutes' line")


def _gated_blocks(directive: myst.Directive) -> list[SyntaxTreeNode]:
    """The blocks between a gated exercise's ``exercise-start`` fence and its ``exercise-end``."""
    blocks, node = [], directive.node.next_sibling
    while node is not None and not (myst.directive(node) and myst.directive(node).name == "exercise-end"):
        blocks.append(node)
        node = node.next_sibling
    return blocks


def _practised(blocks, path, label) -> tuple:
    """The objective numbers an exercise's "*Practises objective n.*" paragraph names.

    >>> _practised(myst.parse("Text.\\n\\n*Practises objectives 1, 2 and 4.*").children, "x.md", "ex-1")
    (1, 2, 4)
    """
    tags = [found for b in blocks if b.type == "paragraph" and (found := _PRACTISES.fullmatch(myst.text(b).strip()))]
    if len(tags) > 1:
        raise ChapterFormatError(path, f"exercise {label} has more than one 'Practises objective' line")
    return tuple(int(n) for n in re.findall(r"\d+", tags[0].group(1))) if tags else ()


def _exercise(directive: myst.Directive, path, checks: tuple = ()) -> ExerciseDirective:
    """An exercise's label, title and objectives; a gated exercise (``exercise-start``) has its text after its fence."""
    if directive.name == "exercise-start":
        blocks = _gated_blocks(directive)
        opening = directive.node.next_sibling
        text = opening.children[0].content if opening is not None and opening.type == "paragraph" else ""
    else:
        blocks = directive.blocks
        opening = blocks[0] if blocks else None
        text = directive.body
    if "label" not in directive.options:
        raise ChapterFormatError(path, f"an exercise ({directive.argument or text.strip()[:40]!r}) has no ':label:'")
    lead = myst.lead_in(opening)
    label = directive.options["label"]
    title = directive.argument or (lead[0].strip().rstrip(".") if lead else "")
    return ExerciseDirective(label, title, _practised(blocks, path, label), checks)


def exercises(text: str, path="chapter") -> tuple:
    """A page's exercises in order, each with the ids checked in the code cells before the next one.

    >>> [(e.label, e.check_ids) for e in exercises(
    ...     "```{exercise}\\n:label: ex-a-1\\n```\\n```{code-cell} ipython3\\nexercises.check('a', 1)\\n```\\n"
    ...     "```{exercise}\\n:label: ex-a-2\\nWrite.\\n```\\n")]
    [('ex-a-1', ('a',)), ('ex-a-2', ())]
    """
    return _exercises(_read(text), path)


def _read(text: str) -> list[tuple]:
    """A page's blocks and their directives, in document order, each fence read once."""
    return list(myst.read(myst.parse(text).children))


def _exercises(blocks: list[tuple], path) -> tuple:
    found = []
    for directive in (d for _, d in blocks if d):
        if directive.name in ("exercise", "exercise-start"):
            found.append((directive, []))
        elif directive.name == "code-cell" and found:
            found[-1][1].extend(_CHECK.findall(directive.body))
    return tuple(_exercise(d, path, tuple(dict.fromkeys(ids))) for d, ids in found)


def check_ids(text: str) -> tuple:
    """The exercises a page checks: the ids its code cells pass to ``exercises.check``, in order.

    >>> check_ids('```{code-cell} ipython3\\nexercises.check("a-b", answer)\\n```\\nexercises.check("prose")')
    ('a-b',)
    """
    return _check_ids(_read(text))


def _check_ids(blocks: list[tuple]) -> tuple:
    cells = [d.body for _, d in blocks if d and d.name == "code-cell"]
    return tuple(dict.fromkeys(c for cell in cells for c in _CHECK.findall(cell)))


def parse_kit(text: str, path="chapter") -> Kit:
    """Read the chapter label, title, kit admonition and exercises from a chapter's text.

    The kit of a text is remembered (it is immutable): the instructor pages and the guide ask
    for every chapter's kit dozens of times in one build, and parsing all eleven takes about a
    second; a changed chapter is a different text, so it is parsed again.

    >>> parse_kit("# No kit here", "x.md")
    Traceback (most recent call last):
    ...
    mlops_book.kit.ChapterFormatError: x.md: no chapter label like '(ch-<section-id>)=' above the title
    """
    return _parse_kit(text, str(path))


@lru_cache(maxsize=64)
def _parse_kit(text: str, path: str) -> Kit:
    read = _read(text)  # parsed once: the kit, its exercises and the checks all read these blocks
    blocks = [node for node, _ in read]
    label = next(
        (i for i, b in enumerate(blocks) if b.type == "myst_target" and re.fullmatch(r"(ch|lab)-[\w-]+", b.content)),
        None,
    )
    if label is None:
        raise ChapterFormatError(path, "no chapter label like '(ch-<section-id>)=' above the title")
    title = next((b for b in blocks[label:] if b.type == "heading" and b.tag == "h1"), None)
    if title is None:
        raise ChapterFormatError(path, "no '# <Title>' heading after the chapter label")
    directives = [d for _, d in read if d]
    kit_class = "lab-kit" if blocks[label].content.startswith("lab-") else "chapter-kit"
    kit = next(
        (d for d in directives if d.name == "admonition" and kit_class in d.options.get("class", "").split()), None
    )
    if kit is None:
        raise ChapterFormatError(path, "no 'Chapter at a glance' admonition with ':class: chapter-kit'")
    objectives = _objectives(kit, path)
    reading, interactive, exercise = _minutes(kit, path)
    return Kit(
        label=blocks[label].content,
        title=myst.one_line(title.children[0].content),
        objectives=objectives,
        reading_minutes=reading,
        exercise_minutes=exercise,
        interactive_minutes=interactive,
        exercises=_exercises(read, path),
        check_ids=_check_ids(read),
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


def labs(root: Path = BOOK_ROOT) -> list[Chapter]:
    """Every lab in order (``chapters/labs/NN_<name>.md``), each with its kit; its id is its label,
    e.g. ``lab-rollout``, and its order its number.

    >>> [(lab.id, lab.order) for lab in labs()][:2]
    [('lab-drift', 1), ('lab-alerts', 2)]
    >>> labs()[2].kit.objectives[1]
    'explain why a stage shorter than the label delay catches nothing before the next stage starts;'
    """
    root = Path(root)
    result = []
    for source in sorted((root / "chapters" / "labs").glob("[0-9][0-9]_*.md")):
        kit = parse_kit(source.read_text(encoding="utf-8"), source.relative_to(root))
        if not kit.label.startswith("lab-"):
            raise ChapterFormatError(source, f"the lab's label is {kit.label!r}; expected '(lab-<name>)='")
        path = str(source.relative_to(root).with_suffix(""))
        result.append(Chapter(id=kit.label, order=int(source.name[:2]), path=path, kit=kit))
    return result


@dataclass(frozen=True)
class Unit:
    """A chapter or lab as an installed package knows it without the chapters' files (a hub's image, Colab):
    its id, number and kind, and no kit."""

    id: str
    order: int
    is_lab: bool
    kit: None = None


def units() -> dict[str, Chapter | Unit]:
    """Every chapter and lab by id, in reading order: with its kit in a checkout; from ``sections.csv`` and
    the labs' catalogue, with no kit, in an installed package (whose data the checkout's tests checked).

    >>> list(units())[:2], list(units())[-1], units()["lab-drift"].order
    (['opening', 'problem'], 'lab-validation', 1)
    """
    if paths.IN_CHECKOUT:
        return {page.id: page for page in chapters() + labs()}
    from .labs.catalogue import LABS  # the catalogue imports the simulations: only where it is needed

    ordered = data.load("sections").sort_values("order").itertuples()
    found: dict[str, Chapter | Unit] = {row.id: Unit(row.id, int(row.order), False) for row in ordered}
    for lab in LABS:
        found[f"lab-{lab.name}"] = Unit(f"lab-{lab.name}", int(Path(lab.chapter).name[:2]), True)
    return found
