"""Teaching notes for one chapter, as data: session plans, discussion notes, rubrics and misconceptions.

Each study chapter has a file ``data/teaching/<section-id>.yml`` (YAML, not CSV: a plan is a
list of steps and a rubric a list of criteria with levels, which nest; CSV would need four
files joined by keys). :func:`load` reads and checks it; a file that breaks the format stops
with one :class:`TeachingDataError` naming the file and the field. The chapter itself stays
the source of its discussion questions, exercises and reading time: the instructor pages
show them from the chapter file (see :func:`discussion_questions`), never a copy.

>>> plan = load("workflow").plans[60]
>>> sum(step.minutes for step in plan.steps)
60
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from . import data, kit
from .paths import BOOK_ROOT

#: The session lengths every chapter has a plan for, in minutes.
SESSION_LENGTHS = (60, 90)
#: The phases a plan's steps may have, in the order a session usually runs them.
PHASES = ("talk", "interactive", "lab", "discussion", "exercise", "wrap-up")
#: The rubric levels, best first; every criterion describes all three.
LEVELS = ("strong", "adequate", "not yet")
#: What in a step's activity says it runs the page live in class (the step then needs its page's kernel).
_KERNEL_WORDS = re.compile(r"\b(?:binder|jupyterhub)\b", re.IGNORECASE)
_NAMED_REF = re.compile(r"\{(?:ref|term)\}`([^`<]+?)\s*<[^>]+>`")
_PLAIN_REF = re.compile(r"\{ref\}`([^`]+)`")
_PLAIN_TERM = re.compile(r"\{term\}`([^`]+)`")
#: A Markdown link, the chapters' cross-references (:mod:`mlops_book.cross_references`).
_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")


class TeachingDataError(ValueError):
    """A teaching file breaks its format; the message names the file and the field."""

    def __init__(self, path, field, problem):
        self.path, self.field, self.problem = str(path), field, problem
        super().__init__(f"{path}: field {field!r}: {problem}")


@dataclass(frozen=True)
class OutlinePoint:
    """One point of a talk: what to say, and the heading of the page's section it is drawn from
    (:func:`ungrounded` checks that its numbers, quotes and paper sections are that section's)."""

    section: str
    point: str


@dataclass(frozen=True)
class Step:
    """One step of a session: its phase, minutes, what happens, and which questions or exercise it uses;
    a talk step also has its outline."""

    phase: str
    minutes: int
    activity: str
    questions: tuple = ()
    exercise: str = ""
    outline: tuple = ()

    @property
    def uses_kernel(self) -> bool:
        """Whether the step runs the page live in class (Binder or a JupyterHub): a lab step, or an activity
        that says so. Such a step gets the Binder fallback (:mod:`mlops_book.instructor_notes`).

        >>> Step("lab", 10, "Checked exercises.").uses_kernel, Step("talk", 5, "Launch Binder.").uses_kernel
        (True, True)
        >>> Step("interactive", 10, "The static explorer.").uses_kernel
        False
        """
        return self.phase == "lab" or bool(_KERNEL_WORDS.search(self.activity))


@dataclass(frozen=True)
class Plan:
    """A session of ``minutes`` minutes; its steps' minutes add up to exactly that."""

    minutes: int
    steps: tuple


@dataclass(frozen=True)
class Note:
    """Model answer or discussion notes for discussion question ``question`` (1-based)."""

    question: int
    opens_with: str
    notes: str
    evidence: str


@dataclass(frozen=True)
class Criterion:
    """One rubric criterion and what each of :data:`LEVELS` looks like."""

    criterion: str
    levels: dict


@dataclass(frozen=True)
class Misconception:
    """A belief learners often bring, what the study shows instead, and where it says so."""

    belief: str
    correction: str
    evidence: str


@dataclass(frozen=True)
class Teaching:
    """Everything an instructor needs for one chapter, as its teaching file gives it."""

    section: str
    pre_work: str
    plans: dict
    discussion: tuple
    rubrics: dict
    misconceptions: tuple


def _text(value, path, field) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TeachingDataError(path, field, f"expected non-empty text, got {value!r}")
    return " ".join(value.split())


def _field(mapping, key, path, field):
    if not isinstance(mapping, dict) or key not in mapping:
        raise TeachingDataError(path, field, "missing")
    return mapping[key]


def _list(value, path, field) -> list:
    if not isinstance(value, list) or not value:
        raise TeachingDataError(path, field, f"expected a non-empty list, got {value!r}")
    return value


def _outline_point(raw, path, field) -> OutlinePoint:
    section, point = (_field(raw, key, path, f"{field}.{key}") for key in ("section", "point"))
    return OutlinePoint(_text(section, path, f"{field}.section"), _text(point, path, f"{field}.point"))


def _step(raw, path, field) -> Step:
    phase = _field(raw, "phase", path, f"{field}.phase")
    if phase not in PHASES:
        raise TeachingDataError(path, f"{field}.phase", f"{phase!r} is not one of {', '.join(PHASES)}")
    minutes = _field(raw, "minutes", path, f"{field}.minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise TeachingDataError(path, f"{field}.minutes", f"expected a positive whole number, got {minutes!r}")
    questions = raw.get("questions", [])
    if not isinstance(questions, list) or not all(isinstance(q, int) for q in questions):
        raise TeachingDataError(path, f"{field}.questions", f"expected a list of question numbers, got {questions!r}")
    exercise = raw.get("exercise", "")
    if exercise and not re.fullmatch(r"ex-[\w-]+", str(exercise)):
        raise TeachingDataError(
            path, f"{field}.exercise", f"expected an exercise label like 'ex-workflow-3', got {exercise!r}"
        )
    outline = tuple(_outline_point(p, path, f"{field}.outline[{i}]") for i, p in enumerate(raw.get("outline") or []))
    if phase == "talk" and not outline:
        raise TeachingDataError(path, f"{field}.outline", "a talk step needs its outline: a list of section and point")
    if outline and phase != "talk":
        raise TeachingDataError(path, f"{field}.outline", f"only a talk step has an outline, not a {phase} step")
    activity = _text(raw.get("activity"), path, f"{field}.activity")
    return Step(phase, minutes, activity, tuple(questions), exercise, outline)


def _plan(length: int, raw, path) -> Plan:
    field = f"plans.{length}"
    steps = tuple(_step(s, path, f"{field}[{i}]") for i, s in enumerate(_list(raw, path, field)))
    total = sum(s.minutes for s in steps)
    if total != length:
        raise TeachingDataError(path, field, f"the steps add up to {total} minutes, not {length}")
    phases = {s.phase for s in steps}
    missing = [p for p in ("talk", "discussion", "exercise", "wrap-up") if p not in phases]
    if not phases & {"interactive", "lab"}:
        missing.append("interactive or lab")
    if missing:
        raise TeachingDataError(path, field, f"no {', no '.join(missing)} step")
    return Plan(length, steps)


def _criterion(raw, path, field) -> Criterion:
    levels = _field(raw, "levels", path, f"{field}.levels")
    if not isinstance(levels, dict) or set(levels) != set(LEVELS):
        raise TeachingDataError(path, f"{field}.levels", f"expected exactly the levels {', '.join(LEVELS)}")
    return Criterion(
        _text(raw.get("criterion"), path, f"{field}.criterion"),
        {level: _text(levels[level], path, f"{field}.levels.{level}") for level in LEVELS},
    )


def parse(raw, path="teaching file") -> Teaching:
    """Check one teaching file's content (already read from YAML) and return it as a :class:`Teaching`.

    >>> parse({"section": "demo"}, "demo.yml")
    Traceback (most recent call last):
    ...
    mlops_book.teaching.TeachingDataError: demo.yml: field 'pre_work': missing
    """
    section = _text(_field(raw, "section", path, "section"), path, "section")
    pre_work = _text(_field(raw, "pre_work", path, "pre_work"), path, "pre_work")
    plans_raw = _field(raw, "plans", path, "plans")
    plans = {n: _plan(n, _field(plans_raw, n, path, f"plans.{n}"), path) for n in SESSION_LENGTHS}
    notes = []
    for i, note in enumerate(_list(_field(raw, "discussion", path, "discussion"), path, "discussion")):
        field = f"discussion[{i}]"
        if _field(note, "question", path, f"{field}.question") != i + 1:
            raise TeachingDataError(
                path, f"{field}.question", f"expected {i + 1}: notes follow the chapter's numbering"
            )
        notes.append(
            Note(i + 1, *(_text(note.get(k), path, f"{field}.{k}") for k in ("opens_with", "notes", "evidence")))
        )
    for length, plan in plans.items():
        for i, step in enumerate(plan.steps):
            unknown = [q for q in step.questions if not 1 <= q <= len(notes)]
            if unknown:
                raise TeachingDataError(
                    path, f"plans.{length}[{i}].questions", f"no discussion notes for question {unknown}"
                )
    rubrics = {}
    for label, criteria in (raw.get("rubrics") or {}).items():
        field = f"rubrics.{label}"
        rubrics[label] = tuple(_criterion(c, path, f"{field}[{i}]") for i, c in enumerate(_list(criteria, path, field)))
    misconceptions = tuple(
        Misconception(
            *(
                _text(m.get(k) if isinstance(m, dict) else None, path, f"misconceptions[{i}].{k}")
                for k in ("belief", "correction", "evidence")
            )
        )
        for i, m in enumerate(_list(_field(raw, "misconceptions", path, "misconceptions"), path, "misconceptions"))
    )
    return Teaching(section, pre_work, plans, tuple(notes), rubrics, misconceptions)


def teaching_dir() -> Path:
    """Where the teaching files live, one per section id: ``teaching/`` in the data folder
    (which ``MLOPS_BOOK_DATA`` may move, as for every data file)."""
    return data.data_dir() / "teaching"


def load(section: str, folder: Path | None = None) -> Teaching:
    """The teaching notes of one chapter, from ``<folder>/<section>.yml``, checked."""
    path = Path(folder or teaching_dir()) / f"{section}.yml"
    if not path.exists():
        raise TeachingDataError(path, "(file)", f"no teaching file for section {section!r}")
    try:
        raw = data.parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TeachingDataError(path, "(file)", f"not valid YAML: {error}") from None
    teaching = parse(raw, path.relative_to(BOOK_ROOT) if path.is_relative_to(BOOK_ROOT) else path)
    if teaching.section != section:
        raise TeachingDataError(path, "section", f"says {teaching.section!r}; the file name says {section!r}")
    return teaching


def discussion_questions(markdown: str) -> tuple:
    """The numbered questions under a chapter's ``## Discussion questions`` heading, as plain text.

    Cross-references and links become their text (a bare ``{ref}`` keeps its label); emphasis marks go.

    >>> text = "## Discussion questions\\n\\n1. Why *now*?\\n2. See {ref}`Chapter 6 <ch-x>`\\n   again.\\n"
    >>> discussion_questions(text)
    ('Why now?', 'See Chapter 6 again.')
    >>> discussion_questions("## Discussion questions\\n\\n1. See [chapter 6](06_x.md) again.\\n")
    ('See chapter 6 again.',)
    """
    tokens = MarkdownIt("commonmark").parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and tokens[i + 1].content.strip().lower() == "discussion questions":
            questions, depth = [], 0
            for t in tokens[i + 3 :]:
                if t.type == "heading_open":
                    break
                depth += {"list_item_open": 1, "list_item_close": -1}.get(t.type, 0)
                if t.type == "inline" and depth == 1:
                    questions.append(_plain(t.content))
            return tuple(questions)
    return ()


def _plain(markdown: str) -> str:
    text = _PLAIN_TERM.sub(r"\1", _PLAIN_REF.sub(r"\1", _NAMED_REF.sub(r"\1", _LINK.sub(r"\1", markdown))))
    return " ".join(text.replace("*", "").split())


#: A number as prose writes it ("18", "1.5", "90%"), a section of the paper ("§4.5.1") and a quoted phrase.
_NUMBER = re.compile(r"(?<![\w.§])\d+(?:[.,]\d+)*%?")
_PAPER_SECTION = re.compile(r"§\s?\d+(?:\.\d+)*")
_QUOTED = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d")
#: The parts of a page that are its apparatus, not its content: a talk draws on none of them.
NOT_FOR_TALKS = ("Summary", "Check yourself", "Discussion questions", "Exercises", "What's next",
                 "Live: change everything")


def page_sections(markdown: str) -> dict:
    """A page's sections by plain heading: a ``##`` section's text runs to the next ``##`` (its ``###``
    sections included), a ``###`` section's to the next heading of either level.

    >>> page_sections("## A [b](x.md)\\n\\nOne.\\n\\n### C\\n\\nTwo.\\n\\n## D\\n\\nThree.\\n")
    {'A b': 'One. C Two.', 'C': 'Two.', 'D': 'Three.'}
    """
    headings = list(re.finditer(r"^(#{2,3}) (.+)$", markdown, flags=re.MULTILINE))
    found = {}
    for i, heading in enumerate(headings):
        level = len(heading.group(1))
        end = next((h.start() for h in headings[i + 1:] if len(h.group(1)) <= level), len(markdown))
        body = re.sub(r"^#{2,3} ", "", markdown[heading.end():end], flags=re.MULTILINE)
        found[_plain(heading.group(2))] = " ".join(_plain(body).split())
    return found


def _straight(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def ungrounded(point: OutlinePoint, sections: dict, quotes: str = "") -> list:
    """What a talk's point says that its section does not: a missing or apparatus section, and each number,
    paper section (§) or quoted phrase of the point that the section's text lacks (a quote may also be one of
    the book's quotes, ``quotes``). An empty list: the point is drawn from its section.

    >>> sections = {"Velocity": 'Velocity: a "trained model" within a day (§4.2), said 3 people.'}
    >>> ungrounded(OutlinePoint("Velocity", 'A "trained model" in a day; 3 people (§4.2).'), sections)
    []
    >>> ungrounded(OutlinePoint("Velocity", 'Within an hour, 5 people said "fast is all" (§4.3).'), sections)
    ["number '5'", "paper section '§4.3'", "quote 'fast is all'"]
    >>> ungrounded(OutlinePoint("Speed", "Fast."), sections)
    ["no section 'Speed' on the page (it has: Velocity)"]
    """
    if point.section not in sections or point.section in NOT_FOR_TALKS:
        has = ", ".join(s for s in sections if s not in NOT_FOR_TALKS)
        return [f"no section {point.section!r} on the page (it has: {has})"]
    text = _straight(sections[point.section])
    problems = [f"number {n!r}" for n in _NUMBER.findall(point.point) if not re.search(
        rf"(?<![\w.]){re.escape(n)}(?![\d])", text)]
    problems += [f"paper section {s!r}" for s in _PAPER_SECTION.findall(point.point) if s.replace(" ", "") not in
                 text.replace("§ ", "§")]
    quoted = [straight or curly for straight, curly in _QUOTED.findall(point.point)]
    problems += [f"quote {q!r}" for q in quoted if _straight(q) not in text and _straight(q) not in _straight(quotes)]
    return problems


def open_ended_exercises(markdown: str) -> tuple:
    """Labels of the exercises with no ``exercises.check`` call (read by :func:`mlops_book.kit.exercises`).

    >>> checked = "```{exercise}\\n:label: ex-a-1\\n```\\n```{code-cell} ipython3\\nexercises.check('x', 1)\\n```\\n"
    >>> open_ended_exercises(checked + "```{exercise}\\n:label: ex-a-2\\nWrite.\\n```\\n")
    ('ex-a-2',)
    """
    return tuple(exercise.label for exercise in kit.exercises(markdown) if not exercise.check_ids)
