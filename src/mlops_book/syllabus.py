"""The syllabus map: which week of a typical graduate MLOps course each chapter and lab serves, with companion readings.

The map lives in ``data/teaching/course/syllabus.yml`` and the readings in ``readings.yml`` beside it (YAML: a
week lists chapters and readings, a reading its authors). :func:`load` reads and checks both; a file that breaks
the format, names an unknown chapter or reading, or leaves a chapter or lab out stops with one
:class:`SyllabusDataError` naming the file and the field. The weeks are the book's suggestion; the readings are
real publications, cited as :func:`citation` writes them, the same way the references page lists them.

>>> course = load()
>>> [week.number for week in course.weeks][:3], course.weeks[0].serves
([1, 2, 3], ('opening', 'problem'))
>>> citation(course.readings["breck-2017"])[:60]
'Eric Breck, Shanqing Cai, Eric Nielsen, Michael Salib and D.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from . import data, kit, teaching
from .blocks import Block, bullet_list, link, table
from .paths import BOOK_ROOT

#: The fields every reading has; ``pages``, ``doi`` and ``arxiv`` are optional (left out where unverified).
READING_FIELDS = ("id", "authors", "title", "venue", "year", "about", "and_the_study")
_DOI = re.compile(r"10\.\d{4,9}/\S+")


class SyllabusDataError(ValueError):
    """A syllabus or readings file breaks its format; the message names the file and the field."""

    def __init__(self, path, field, problem):
        self.path, self.field, self.problem = str(path), field, problem
        super().__init__(f"{path}: field {field!r}: {problem}")


@dataclass(frozen=True)
class Reading:
    """A companion reading: who wrote it, where it appeared, what it adds, and how it relates to the study."""

    id: str
    authors: tuple
    title: str
    venue: str
    year: int
    about: str
    and_the_study: str
    pages: str = ""
    doi: str = ""
    arxiv: str = ""
    url: str = ""

    @property
    def link(self) -> str:
        """Where to read it: its DOI's address, else its publisher's page."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


@dataclass(frozen=True)
class Week:
    """One week of the course: its topic, the chapters and labs (by id) it serves, its readings and its focus."""

    number: int
    topic: str
    serves: tuple
    readings: tuple
    focus: str


@dataclass(frozen=True)
class Course:
    """The weeks in order and the readings by id."""

    weeks: tuple
    readings: dict


def course_dir() -> Path:
    """Where the syllabus and readings files live: ``course/`` beside the teaching files."""
    return teaching.teaching_dir() / "course"


def _read(path: Path):
    if not path.exists():
        raise SyllabusDataError(path, "(file)", "missing")
    try:
        return data.parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SyllabusDataError(path, "(file)", f"not valid YAML: {error}") from None


def _text(value, path, field) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SyllabusDataError(path, field, f"expected non-empty text, got {value!r}")
    return " ".join(value.split())


def _ids(value, path, field) -> tuple:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SyllabusDataError(path, field, f"expected a list of ids, got {value!r}")
    return tuple(value)


def parse_readings(raw, path="readings file") -> dict:
    """Check the readings (already read from YAML) and return them by id.

    >>> parse_readings([{"id": "x", "authors": ["A. B."], "title": "T", "venue": "V", "year": "2015"}], "r.yml")
    Traceback (most recent call last):
    ...
    mlops_book.syllabus.SyllabusDataError: r.yml: field '[0].year': expected a year such as 2015, got '2015'
    """
    if not isinstance(raw, list) or not raw:
        raise SyllabusDataError(path, "(file)", "expected a non-empty list of readings")
    readings = {}
    for i, entry in enumerate(raw):
        field = f"[{i}]"
        if not isinstance(entry, dict):
            raise SyllabusDataError(path, field, f"expected a reading, got {entry!r}")
        year = entry.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 < year < 2100:
            raise SyllabusDataError(path, f"{field}.year", f"expected a year such as 2015, got {year!r}")
        missing = [key for key in READING_FIELDS if key not in entry]
        if missing:
            raise SyllabusDataError(path, f"{field}.{missing[0]}", "missing")
        authors = entry["authors"]
        if not isinstance(authors, list) or not authors or not all(isinstance(a, str) and a.strip() for a in authors):
            raise SyllabusDataError(path, f"{field}.authors", f"expected a list of names, got {authors!r}")
        doi = str(entry.get("doi") or "")
        if doi and not _DOI.fullmatch(doi):
            raise SyllabusDataError(path, f"{field}.doi", f"expected a DOI such as 10.1145/3653697, got {doi!r}")
        if not doi and not entry.get("url"):
            raise SyllabusDataError(path, f"{field}.url", "a reading needs a DOI or a url")
        reading = Reading(
            id=_text(entry["id"], path, f"{field}.id"),
            authors=tuple(" ".join(a.split()) for a in authors),
            title=_text(entry["title"], path, f"{field}.title"),
            venue=_text(entry["venue"], path, f"{field}.venue"),
            year=year,
            about=_text(entry["about"], path, f"{field}.about"),
            and_the_study=_text(entry["and_the_study"], path, f"{field}.and_the_study"),
            pages=str(entry.get("pages") or ""),
            doi=doi,
            arxiv=str(entry.get("arxiv") or ""),
            url=str(entry.get("url") or ""),
        )
        if reading.id in readings:
            raise SyllabusDataError(path, f"{field}.id", f"{reading.id!r} is listed twice")
        readings[reading.id] = reading
    return readings


def parse_weeks(raw, readings: dict, units: list, path="syllabus file") -> tuple:
    """Check the weeks (already read from YAML) against the readings and the book's chapters and labs (ids, in
    order): weeks numbered from 1, known ids, every chapter and lab in exactly one week, every reading used.

    >>> parse_weeks({"weeks": [{"week": 1, "topic": "T", "serves": ["a"], "readings": [], "focus": "F"}]},
    ...             {}, ["a", "b"], "s.yml")
    Traceback (most recent call last):
    ...
    mlops_book.syllabus.SyllabusDataError: s.yml: field 'weeks': no week serves 'b'
    """
    entries = raw.get("weeks") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise SyllabusDataError(path, "weeks", "expected a non-empty list of weeks")
    weeks, served = [], {}
    for i, entry in enumerate(entries):
        field = f"weeks[{i}]"
        if not isinstance(entry, dict):
            raise SyllabusDataError(path, field, f"expected a week, got {entry!r}")
        if entry.get("week") != i + 1:
            raise SyllabusDataError(path, f"{field}.week", f"expected {i + 1}: weeks are numbered in order from 1")
        serves = _ids(entry.get("serves"), path, f"{field}.serves")
        if not serves:
            raise SyllabusDataError(path, f"{field}.serves", "a week serves at least one chapter or lab")
        for unit in serves:
            if unit not in units:
                raise SyllabusDataError(path, f"{field}.serves", f"{unit!r} is no chapter or lab ({', '.join(units)})")
            if unit in served:
                raise SyllabusDataError(path, f"{field}.serves", f"{unit!r} is already in week {served[unit]}")
            served[unit] = i + 1
        week_readings = _ids(entry.get("readings", []), path, f"{field}.readings")
        unknown = [r for r in week_readings if r not in readings]
        if unknown:
            raise SyllabusDataError(path, f"{field}.readings", f"no reading {unknown[0]!r} in the readings file")
        weeks.append(Week(i + 1, _text(entry.get("topic"), path, f"{field}.topic"), serves, week_readings,
                          _text(entry.get("focus"), path, f"{field}.focus")))
    left_out = [unit for unit in units if unit not in served]
    if left_out:
        raise SyllabusDataError(path, "weeks", f"no week serves {', '.join(map(repr, left_out))}")
    unused = [r for r in readings if not any(r in week.readings for week in weeks)]
    if unused:
        raise SyllabusDataError(path, "weeks", f"no week reads {', '.join(map(repr, unused))}")
    return tuple(weeks)




def load(folder: Path | None = None) -> Course:
    """The syllabus and its readings, from ``<folder>/syllabus.yml`` and ``readings.yml``, checked."""
    folder = Path(folder or course_dir())

    def shown(path: Path):
        return path.relative_to(BOOK_ROOT) if path.is_relative_to(BOOK_ROOT) else path

    readings = parse_readings(_read(folder / "readings.yml"), shown(folder / "readings.yml"))
    weeks = parse_weeks(_read(folder / "syllabus.yml"), readings, list(kit.units()), shown(folder / "syllabus.yml"))
    return Course(weeks, readings)


def _names(names: tuple) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def citation(reading: Reading) -> str:
    """A reading as the syllabus and the references page cite it: authors, title, venue, year, pages, DOI, arXiv.

    >>> r = Reading("x", ("A. One", "B. Two"), "A Title", "A Venue", 2015, "", "", pages="1–9", doi="10.1/x")
    >>> citation(r)
    'A. One and B. Two. A Title. A Venue, 2015, pages 1–9. DOI 10.1/x.'
    """
    text = f"{_names(reading.authors)}. {reading.title}. {reading.venue}, {reading.year}"
    text += f", pages {reading.pages}." if reading.pages else "."
    text += f" DOI {reading.doi}." if reading.doi else ""
    text += f" arXiv:{reading.arxiv}." if reading.arxiv else ""
    return text


def week_table(from_page: str = "chapters/instructors/syllabus") -> Block:
    """The syllabus map: each week's topic, the chapters and labs it serves (linked, with their time) and its
    companion readings."""
    course, units = load(), kit.units()  # built in a checkout: each with its kit
    prefix = "../" * from_page.count("/")

    def unit_entry(unit_id: str):
        c = units[unit_id]
        name = c.title if c.is_lab else f"{c.order}. {c.title}"  # a lab's title names it: "Lab 3: Staged Rollout"
        minutes = c.kit.page_minutes + c.kit.exercise_minutes
        return Block(f"{link(prefix + c.path + '.html', name).html} ({minutes} min)")

    def reading_entry(reading_id: str) -> str:
        reading = course.readings[reading_id]
        return f"{reading.authors[0].split()[-1]} et al. {reading.year}"

    frame = pd.DataFrame(
        {
            "Week": [w.number for w in course.weeks],
            "Topic": [w.topic for w in course.weeks],
            "The book": [bullet_list(unit_entry(u) for u in w.serves) for w in course.weeks],
            "What it serves": [w.focus for w in course.weeks],
            "Companion reading": [", ".join(map(reading_entry, w.readings)) or "none" for w in course.weeks],
        }
    )
    return table(
        frame,
        f"A {len(course.weeks)}-week course: the {len(units)} chapters and labs, each in one week, with reading "
        "and exercise time from their own kits (data/teaching/course/syllabus.yml; the weeks are this book's "
        "suggestion)",
    )


def readings_table() -> Block:
    """The companion readings in full: the citation, what each adds and how it relates to the study."""
    course = load()
    frame = pd.DataFrame(
        {
            "Reading": [link(r.link, citation(r)) for r in course.readings.values()],
            "What it adds": [r.about for r in course.readings.values()],
            "And the study": [r.and_the_study for r in course.readings.values()],
            "Weeks": [", ".join(str(w.number) for w in course.weeks if r.id in w.readings)
                      for r in course.readings.values()],
        }
    )
    return table(frame, f"{len(course.readings)} companion readings, also listed on the references page")
