"""Written tasks: a short written answer for every objective that asks to explain or connect, graded in points.

A quiz question can check that a learner recognises an explanation; only writing shows that they can
give one. So every learning objective whose verb asks to explain or connect (:data:`EXPLAIN_VERBS`, read
by :func:`asks_to_explain`) has a written task, which :mod:`mlops_book.objectives` counts beside the
exercises and quiz questions. The tasks are data, in three CSV files of ``data/teaching/written/``:

- ``tasks.csv``: ``id``, ``section`` (a chapter's section id or a lab's id), ``objectives`` (the numbers of
  the page's objectives it assesses, space-separated), ``prompt`` (what the learner reads), ``words`` (the
  length asked for) and ``total`` (the rubric's points, stated);
- ``criteria.csv``: ``task``, ``criterion`` and what each level looks like (``strong``, ``adequate``,
  ``not_yet``); every criterion is scored 0 to 3 (:data:`LEVEL_POINTS`; 0: nothing on the criterion), so
  a task's criteria add up to its stated ``total``;
- ``exemplars.csv``: ``task``, ``level``, ``answer`` and ``sources``: one exemplar answer per level, written
  to meet that level on every criterion, resting only on the records its ``sources`` name, separated by
  ``;`` (``quotes:p1-validation-earlier; cards:Fallback Models; vs_citations:validation``, a record by its
  key, or ``lab:lab-rollout`` for a lab's simulation, read from the lab's page). Every number in an exemplar and
  every passage it puts in double quotes must appear in those records: an exemplar cannot invent a fact.

A file that breaks these rules stops everything with a :class:`WrittenTaskError` naming the file, row and
column. The chapter shows the learner the prompts only (:func:`prompts`); the rubrics and exemplars are on
the instructor pages (:func:`rubrics`), never in student material.

>>> task = tasks_for("three-vs")[0]
>>> task.name, task.objectives, task.total == 3 * len(task.criteria)
('Written task 5.1', (2,), True)
>>> asks_to_explain("connect each anti-pattern to the Three Vs"), asks_to_explain("name the three Vs")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import data, kit, paths
from .blocks import Block, table
from .paths import BOOK_ROOT
from .render import part
from .schema import SCHEMAS
from .teaching import LEVELS, Criterion  # the same three levels as the teaching notes' rubrics

#: The verbs of an objective that asks the learner to explain or connect (as a word of the objective).
EXPLAIN_VERBS = ("explain", "connect", "describe", "trace")
_EXPLAIN = re.compile(rf"\b(?:{'|'.join(EXPLAIN_VERBS)})\b", re.IGNORECASE)
#: The points of each level of a criterion, best first; 0 is "nothing on this criterion".
LEVEL_POINTS = dict(zip(LEVELS, (3, 2, 1), strict=True))
#: The most a criterion earns.
MAX_POINTS = max(LEVEL_POINTS.values())
#: The columns of each file, in order.
COLUMNS = {
    "tasks": ["id", "section", "objectives", "prompt", "words", "total"],
    "criteria": ["task", "criterion", "strong", "adequate", "not_yet"],
    "exemplars": ["task", "level", "answer", "sources"],
}
#: The column a source names a record of, for the files whose key has more than one column.
SOURCE_COLUMNS = {"cards": "title", "bugs": "bug", "vs_citations": "v", "interactive_text": "key"}
#: A number in an exemplar: digits, perhaps with a decimal part; participant ids and section numbers are not.
_NUMBER = re.compile(r"(?<![\w§.,])\d+(?:[.,]\d+)*")
_NOT_A_NUMBER = re.compile(r"\bP\d+\b|§\s*\d+(?:\.\d+)*|\b(?:chapter|lab|exercise|task) \d+(?:\.\d+)?", re.IGNORECASE)
#: A passage in double quotes (straight or curly) of at least three words: it must be in a source.
_QUOTED = re.compile(r"[\"“]([^\"”]+\s[^\"”]+\s[^\"”]+)[\"”]")


class WrittenTaskError(data.DataFileError):
    """A written-task file breaks its format; the message names the file, row and column."""


@dataclass(frozen=True)
class Exemplar:
    """An answer written to meet ``level`` on every criterion, with the records it rests on."""

    level: str
    answer: str
    sources: tuple


@dataclass(frozen=True)
class Task:
    """A written task of a chapter or lab: its prompt, the objectives it assesses, rubric and exemplars."""

    id: str
    section: str
    name: str
    objectives: tuple
    prompt: str
    words: int
    total: int
    criteria: tuple = ()
    exemplars: tuple = ()

    def points(self, level: str) -> int:
        """What an answer at ``level`` on every criterion earns."""
        return LEVEL_POINTS[level] * len(self.criteria)


def asks_to_explain(objective: str) -> bool:
    """Whether an objective's verbs ask the learner to explain or connect (:data:`EXPLAIN_VERBS`)."""
    return bool(_EXPLAIN.search(objective))


def written_dir() -> Path:
    """Where the written tasks live: ``teaching/written/`` in the data folder."""
    return data.data_dir() / "teaching" / "written"


def _read(name: str) -> tuple[Path, pd.DataFrame]:
    path = written_dir() / f"{name}.csv"
    shown = path.relative_to(BOOK_ROOT) if path.is_relative_to(BOOK_ROOT) else path
    if not path.exists():
        raise WrittenTaskError(shown, None, None, "the file is missing")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if frame.columns.tolist() != COLUMNS[name]:
        raise WrittenTaskError(shown, 1, None, f"columns are {frame.columns.tolist()}; expected {COLUMNS[name]}")
    for row, record in enumerate(frame.to_dict("records"), start=2):  # row 1 is the header
        for column, value in record.items():
            if not value.strip():
                raise WrittenTaskError(shown, row, column, "is empty")
    return shown, frame


def _whole(path, row, column, value: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\d+", value.strip()) or not low <= int(value) <= high:
        raise WrittenTaskError(path, row, column, f"{value!r} is not a whole number from {low} to {high}")
    return int(value)




def _records(file: str, key: str) -> dict[str, list[str]]:
    """Each record of a data file as text (all its cells), grouped by the value of its ``key`` column."""
    grouped: dict[str, list[str]] = {}
    frame = data.load(file)
    for value, record in zip(frame[key].astype(str), frame.itertuples(index=False), strict=True):
        grouped.setdefault(value, []).append(" ".join(map(str, record)))
    return grouped


def _sources_text(path, row, column, sources: str, pages: dict, records: dict) -> str:
    """The text of every record ``sources`` names (all its cells), for checking an exemplar's facts.

    ``records`` keeps each data file's records grouped (:func:`_records`) across the calls of one load.
    """
    texts = []
    for source in (s.strip() for s in sources.split(";")):
        file, _, value = source.partition(":")
        if file == "lab":
            if value not in pages or not pages[value].is_lab:
                raise WrittenTaskError(path, row, column, f"{source!r}: {value!r} is not a lab's id")
            texts.append((BOOK_ROOT / f"{pages[value].path}.md").read_text(encoding="utf-8"))
            continue
        if file not in SCHEMAS or not value:
            raise WrittenTaskError(
                path, row, column,
                f"{source!r} is not '<data file>:<record>' (e.g. 'quotes:p1-backfit') or 'lab:<lab id>'",
            )
        key = SOURCE_COLUMNS.get(file) or SCHEMAS[file].key[0]
        if (file, key) not in records:
            records[file, key] = _records(file, key)
        found = records[file, key].get(value)
        if not found:
            raise WrittenTaskError(path, row, column, f"{source!r}: {file}.csv has no record with {key} {value!r}")
        texts += found
        texts.append(f"({len(found)} records)")  # a count of records (9 cited for validation) is a fact of the data
    return " ".join(" ".join(texts).split())


def _check_facts(path, row, answer: str, evidence: str) -> None:
    """Every number and every quoted passage of ``answer`` must appear in ``evidence``."""
    plain = " ".join(answer.replace("’", "'").split())
    evidence = evidence.replace("’", "'")
    for passage in _QUOTED.findall(plain):
        if " ".join(passage.split()).casefold().strip(" .,") not in evidence.casefold():
            raise WrittenTaskError(path, row, "answer", f"the quoted words {passage!r} are in none of its sources")
    for number in _NUMBER.findall(_NOT_A_NUMBER.sub(" ", plain)):
        if not re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d])", evidence):
            raise WrittenTaskError(path, row, "answer", f"the number {number} is in none of its sources")


@lru_cache(maxsize=4)
def _load(folder: str, stamps: tuple) -> tuple[Task, ...]:
    pages = kit.units()
    path, frame = _read("tasks")
    tasks, numbers = {}, {}
    for row, record in enumerate(frame.to_dict("records"), start=2):
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record["id"]):
            raise WrittenTaskError(path, row, "id", f"{record['id']!r} is not lower-case words joined by hyphens")
        if record["id"] in tasks:
            raise WrittenTaskError(path, row, "id", f"{record['id']!r} is used twice")
        page = pages.get(record["section"])
        if page is None:
            raise WrittenTaskError(path, row, "section",
                                   f"{record['section']!r} is not a chapter's section id nor a lab's id")
        count = len(page.kit.objectives) if page.kit else 99  # no kit to count against outside a checkout
        objectives = tuple(_whole(path, row, "objectives", n, 1, count) for n in record["objectives"].split())
        numbers[page.id] = numbers.get(page.id, 0) + 1
        prefix = "Lab written task" if page.is_lab else "Written task"
        tasks[record["id"]] = Task(
            record["id"], page.id, f"{prefix} {page.order}.{numbers[page.id]}", objectives,
            " ".join(record["prompt"].split()), _whole(path, row, "words", record["words"], 30, 600),
            _whole(path, row, "total", record["total"], 1, 60),
        )
    criteria = {task: [] for task in tasks}
    cpath, frame = _read("criteria")
    for row, record in enumerate(frame.to_dict("records"), start=2):
        if record["task"] not in tasks:
            raise WrittenTaskError(cpath, row, "task", f"{record['task']!r} is not a task of tasks.csv")
        levels = {level: " ".join(record[level.replace(" ", "_")].split()) for level in LEVEL_POINTS}
        criteria[record["task"]].append(Criterion(" ".join(record["criterion"].split()), levels))
    exemplars, records = {task: {} for task in tasks}, {}
    epath, frame = _read("exemplars")
    for row, record in enumerate(frame.to_dict("records"), start=2):
        task = record["task"]
        if task not in tasks:
            raise WrittenTaskError(epath, row, "task", f"{task!r} is not a task of tasks.csv")
        if record["level"] not in LEVEL_POINTS:
            raise WrittenTaskError(epath, row, "level", f"{record['level']!r} is not one of {', '.join(LEVEL_POINTS)}")
        if record["level"] in exemplars[task]:
            raise WrittenTaskError(epath, row, "level", f"task {task!r} has a second {record['level']!r} exemplar")
        if paths.IN_CHECKOUT:  # the sources of a lab are its page, which only a checkout has
            evidence = _sources_text(epath, row, "sources", record["sources"], pages, records)
            _check_facts(epath, row, record["answer"], evidence)
        exemplars[task][record["level"]] = Exemplar(
            record["level"], " ".join(record["answer"].split()), tuple(s.strip() for s in record["sources"].split(";"))
        )
    result = []
    for row, (task_id, task) in enumerate(tasks.items(), start=2):
        if len(criteria[task_id]) < 2:
            raise WrittenTaskError(cpath, None, "task",
                                   f"task {task_id!r} has {len(criteria[task_id])} criteria; give at least 2")
        stated, summed = task.total, MAX_POINTS * len(criteria[task_id])
        if stated != summed:
            raise WrittenTaskError(
                path, row, "total", f"task {task_id!r} states {stated} points, but its {len(criteria[task_id])} "
                f"criteria of 0 to {MAX_POINTS} points add up to {summed}"
            )
        missing = [level for level in LEVEL_POINTS if level not in exemplars[task_id]]
        if missing:
            raise WrittenTaskError(epath, None, "level",
                                   f"task {task_id!r} has no exemplar at level {', '.join(missing)}")
        result.append(Task(**{**task.__dict__, "criteria": tuple(criteria[task_id]),
                              "exemplars": tuple(exemplars[task_id][level] for level in LEVEL_POINTS)}))
    return tuple(result)


def load() -> tuple[Task, ...]:
    """Every written task, checked, in the order of ``tasks.csv`` (read again only when a file of it changes)."""
    folder = written_dir()
    return _load(str(folder), tuple((folder / f"{name}.csv").stat().st_mtime_ns
                                    if (folder / f"{name}.csv").exists() else 0 for name in COLUMNS))


def tasks_for(section: str) -> tuple[Task, ...]:
    """The written tasks of one chapter or lab, by its id."""
    return tuple(task for task in load() if task.section == section)


def _objectives_line(task: Task) -> str:
    numbers = " and ".join(map(str, task.objectives))
    return f"objective{'s' if len(task.objectives) > 1 else ''} {numbers}"


def prompts(section: str) -> Block:
    """What the learner sees in the chapter: each task's prompt and length, with no rubric and no exemplar.

    >>> html = prompts("three-vs").html
    >>> "Written task 5.1" in html, "Strong" in html
    (True, False)
    """
    items = [
        str(part("para", f"{task.prompt} (About {task.words} words; assesses {_objectives_line(task)}.)",
                 label=f"{task.name}."))
        for task in tasks_for(section)
    ]
    intro = part("para", "Write a short answer to each task below, in your own words and with evidence from the "
                         "page. Your instructor grades it with a rubric in points.")
    # folded, one tap away (the story first: a phone reader scrolls past them); the print opens every fold
    count = f"{len(items)} written task{'s' if len(items) != 1 else ''}"
    return Block(f'<div class="mlops-written-tasks"><details class="mlops-fold"><summary>Show the {count}</summary>'
                 f'{intro}{"".join(items)}</details></div>')


def rubrics(section: str) -> Block:
    """The instructor's view of each written task: its prompt, its rubric in points and an exemplar answer per level.

    >>> html = rubrics("three-vs").html
    >>> "Strong (3 points)" in html, "Exemplar answer" in html
    (True, True)
    """
    parts = []
    for task in tasks_for(section):
        parts.append(str(part("para", f"{task.prompt} (About {task.words} words; assesses "
                                      f"{_objectives_line(task)}.)", label=f"{task.name}.")))
        rubric = pd.DataFrame(
            [(c.criterion, *(c.levels[level] for level in LEVEL_POINTS)) for c in task.criteria],
            columns=["Criterion", *(f"{level.capitalize()} ({points} point{'s' if points > 1 else ''})"
                                    for level, points in LEVEL_POINTS.items())],
        )
        parts.append(table(rubric, f"Rubric for {task.name}: {len(task.criteria)} criteria, each 0 to {MAX_POINTS} "
                                   f"points (0: nothing on the criterion); total {task.total} points").html)
        exemplars = pd.DataFrame(
            [(e.level.capitalize(), f"{task.points(e.level)} of {task.total}", e.answer, ", ".join(e.sources))
             for e in task.exemplars],
            columns=["Level", "Points", "Exemplar answer", "Rests on (data/)"],
        )
        parts.append(table(exemplars, f"Exemplar answers to {task.name}, one per level, each meeting that level on "
                                      "every criterion").html)
    if not parts:
        return Block("<p>No objective of this page asks to explain or connect: it has no written task.</p>")
    return Block("".join(parts))
