"""A course an instructor can pick up: talk outlines and a Binder fallback in every session plan, the syllabus map
with its companion readings, and the references page that cites them.

What a plan runs live is decided here from the raw teaching files (a lab step, or an activity that names Binder
or a JupyterHub), not from the loader, so a loader that stopped noticing would fail; the instructor page is read
as a reader reads it, row by row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mlops_book import instructor_notes, kit, syllabus, teaching
from support import text_of

UNITS = kit.chapters() + kit.labs()
IDS = [c.id for c in UNITS]
ROOT = Path(__file__).resolve().parents[1]
PLANS = [(c, minutes) for c in UNITS for minutes in teaching.SESSION_LENGTHS]
PLAN_IDS = [f"{c.id}-{minutes}" for c, minutes in PLANS]


def _raw_steps(section: str, minutes: int) -> list:
    raw = yaml.safe_load((teaching.teaching_dir() / f"{section}.yml").read_text(encoding="utf-8"))
    return raw["plans"][minutes]


def _runs_live(step: dict) -> bool:
    return step["phase"] == "lab" or bool(re.search(r"binder|jupyterhub", step["activity"], re.IGNORECASE))


def _rows(html: str) -> list[str]:
    """The text of each body row of a plan's table, as a reader reads it."""
    body = html.split("<tbody", 1)[1]
    return [text_of("<tr" + row) for row in body.split("<tr")[1:]]


@pytest.mark.parametrize(("c", "minutes"), PLANS, ids=PLAN_IDS)
def test_a_plan_that_runs_the_page_live_launches_it_before_class_and_says_what_to_do_without_a_kernel(c, minutes):
    steps = _raw_steps(c.id, minutes)
    rows = _rows(instructor_notes.session_plan(c.id, minutes).html)
    live = [_runs_live(step) for step in steps]
    launch = [row for row in rows if row.startswith("before launch")]
    assert len(launch) == (1 if any(live) else 0), f"{c.id} {minutes}: launch rows {launch}"
    if any(live):
        assert "once before class" in launch[0] and "static page" in launch[0]
    step_rows = [row for row in rows if not row.startswith("before")]
    assert len(step_rows) == len(steps)
    for step, row, is_live in zip(steps, step_rows, live, strict=True):
        has_fallback = "Without a kernel: the static page." in row
        assert has_fallback == is_live, f"{c.id} {minutes}: {step['phase']} step {row[:80]!r}"
        if is_live:
            assert "folded solution" in row
            assert ("explorer" in row) if c.is_lab else ("self-check quiz" in row)


def test_a_chapter_without_interactives_promises_only_its_quiz():
    """Chapter 1 has no interactive in the registry: its fallback must not send learners to one."""
    opening = next(c for c in UNITS if c.id == "opening")
    text = instructor_notes.without_kernel(opening, "ex-opening-1")
    assert "interactives" not in text and "self-check quiz works" in text and "Exercise 1.1" in text


@pytest.mark.parametrize(("c", "minutes"), PLANS, ids=PLAN_IDS)
def test_every_talk_has_an_outline_drawn_from_its_page(c, minutes):
    talks = [s for s in _raw_steps(c.id, minutes) if s["phase"] == "talk"]
    assert talks, f"{c.id} {minutes}: no talk step"
    assert all(s.get("outline") for s in talks), f"{c.id} {minutes}: a talk without an outline"
    assert instructor_notes.talk_outline_problems(c.id) == []
    rows = [r for r in _rows(instructor_notes.session_plan(c.id, minutes).html) if " talk " in f" {r} "]
    shown = " ".join(rows)
    for point in (p for s in talks for p in s["outline"]):
        assert " ".join(point["point"].split()) in shown and f"(from “{point['section']}”)" in shown


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda p: p.update(point=p["point"] + " It took 7 weeks."), "number '7'"),
        (lambda p: p.update(point=p["point"] + " (§4.9)"), "paper section '§4.9'"),
        (lambda p: p.update(point=p["point"] + ' They said "ship it every hour".'), "quote 'ship it every hour'"),
        (lambda p: p.update(section="Exercises"), "no section 'Exercises' on the page"),
    ],
)
def test_a_talk_point_its_section_does_not_bear_out_stops_the_plan(data_copy, edit, problem):
    path = data_copy / "teaching" / "workflow.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(raw["plans"][60][0]["outline"][0])
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(teaching.TeachingDataError) as caught:
        instructor_notes.session_plan("workflow", 60)
    assert "workflow.yml" in caught.value.path and caught.value.field == "plans.60[0].outline[0]"
    assert problem in str(caught.value)


def test_a_talk_step_without_an_outline_is_refused(data_copy):
    path = data_copy / "teaching" / "workflow.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["plans"][90][0].pop("outline")
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(teaching.TeachingDataError) as caught:
        teaching.load("workflow")
    assert caught.value.field == "plans.90[0].outline"


# --- The syllabus map and its readings ---------------------------------------------------------


def _raw_course() -> tuple[list, list]:
    folder = syllabus.course_dir()
    weeks = yaml.safe_load((folder / "syllabus.yml").read_text(encoding="utf-8"))["weeks"]
    readings = yaml.safe_load((folder / "readings.yml").read_text(encoding="utf-8"))
    return weeks, readings


def test_the_syllabus_serves_every_chapter_and_lab_exactly_once():
    weeks, _ = _raw_course()
    served = [unit for week in weeks for unit in week["serves"]]
    assert sorted(served) == sorted(IDS), f"left out {set(IDS) - set(served)}, twice or unknown {served}"
    assert [w["week"] for w in weeks] == list(range(1, len(weeks) + 1))


def test_every_reading_is_used_and_cited_on_the_references_page_as_the_syllabus_cites_it():
    weeks, readings = _raw_course()
    references = " ".join((ROOT / "chapters/references.md").read_text(encoding="utf-8").split())
    course = syllabus.load()
    for entry in readings:
        assert any(entry["id"] in week["readings"] for week in weeks), f"{entry['id']} is in no week"
        cited = syllabus.citation(course.readings[entry["id"]])
        assert cited in references, f"references.md does not cite {cited!r}"
        assert entry.get("doi") or entry.get("url"), entry["id"]
        if entry.get("doi"):
            assert f"https://doi.org/{entry['doi']}" in references


def test_the_syllabus_page_shows_every_week_chapter_and_reading():
    weeks, readings = _raw_course()
    shown = text_of(syllabus.week_table().html)
    for week in weeks:
        assert week["topic"] in shown
    for c in UNITS:
        assert c.title in shown, f"{c.id} is not on the syllabus page"
    listed = text_of(syllabus.readings_table().html)
    for entry in readings:
        assert " ".join(entry["title"].split()) in listed


def _broken_course(tmp_path, edit_weeks=None, edit_readings=None) -> Path:
    weeks, readings = _raw_course()
    raw_weeks = {"weeks": weeks}
    if edit_weeks:
        edit_weeks(raw_weeks)
    if edit_readings:
        edit_readings(readings)
    (tmp_path / "syllabus.yml").write_text(yaml.safe_dump(raw_weeks, allow_unicode=True), encoding="utf-8")
    (tmp_path / "readings.yml").write_text(yaml.safe_dump(readings, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("weeks", "readings", "file", "field", "words"),
    [
        (lambda r: r["weeks"][0]["serves"].remove("problem"), None, "syllabus.yml", "weeks",
         "no week serves 'problem'"),
        (lambda r: r["weeks"][0]["serves"].append("stack"), None, "syllabus.yml", "weeks[8].serves",
         "already in week 1"),
        (lambda r: r["weeks"][1]["serves"].append("chapter-12"), None, "syllabus.yml", "weeks[1].serves",
         "no chapter or lab"),
        (lambda r: r["weeks"][0]["readings"].append("knuth-1974"), None, "syllabus.yml", "weeks[0].readings",
         "no reading 'knuth-1974'"),
        (lambda r: r["weeks"][3].update(week=7), None, "syllabus.yml", "weeks[3].week", "expected 4"),
        (None, lambda r: r[1].update(doi="doi:10.1109"), "readings.yml", "[1].doi", "expected a DOI"),
        (None, lambda r: r[0].pop("venue"), "readings.yml", "[0].venue", "missing"),
        (lambda r: [w["readings"].clear() for w in r["weeks"] if "breck-2017" in w["readings"]], None,
         "syllabus.yml", "weeks", "no week reads 'breck-2017'"),
    ],
)
def test_a_broken_syllabus_names_file_and_field(tmp_path, weeks, readings, file, field, words):
    folder = _broken_course(tmp_path, weeks, readings)
    with pytest.raises(syllabus.SyllabusDataError) as caught:
        syllabus.load(folder)
    assert caught.value.path.endswith(file) and caught.value.field == field and words in caught.value.problem
