"""Grade a folder of submissions to one graded assignment with otter-grader, without Docker: `make grade`.

Usage: python tools/grade_assignments.py ASSIGNMENT SUBMISSIONS [--assignments DIR] [--out DIR] [--timeout S]

Every ``.zip`` (what a learner's last cell exports) and ``.ipynb`` file in the folder ``SUBMISSIONS`` is graded
in turn by ``otter run`` against ``DIR/ASSIGNMENT/autograder/autograder.zip`` (DIR: ``_build/assignments``, what
``make assignments`` writes; that zip holds the term's hidden tests and expected values, so no seed is asked
for here). It runs in the environment ``make book`` makes, which has every package the notebooks import.

It writes, into ``--out`` (``_build/grades/ASSIGNMENT``; a table or results from an earlier run are replaced):

- ``final_grades.csv``: one table of grades in the form of ``otter grade``'s: a first row ``points-per-question``,
  then one row per submission with its ``file``, the points of each question, ``total_points_earned``,
  ``percent_correct`` and ``grading_status`` (``Completed``, or why the submission could not be graded; its
  points are then left empty, not 0, because it has no grade yet);
- ``results/<file>.json``: each graded submission's ``results.json`` from ``otter run`` (each test's output,
  the feedback a learner can be shown).

and prints a short summary. A submission that cannot be graded (not a zip, no notebook in it, a notebook otter
cannot read, longer than ``--timeout``) gets its row with the reason, and the others are still graded. The exit
status is 0 when at least one submission was graded, 1 when none was (more likely the environment than every
learner), 2 when there was nothing to grade (no autograder, no submissions).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mlops_book.paths import BOOK_ROOT

#: Where ``make assignments`` writes each assignment's student/ and autograder/ folders.
BUILT = BOOK_ROOT / "_build" / "assignments"
#: The kinds of file a submission can be: otter's zip (the notebook and what it wrote) or the notebook alone.
SUBMISSION_SUFFIXES = (".zip", ".ipynb")
#: The first column and the last three of the table, named as in ``otter grade``'s final_grades.csv.
FILE, TOTAL, PERCENT, STATUS = "file", "total_points_earned", "percent_correct", "grading_status"
#: The table's first row, the points each question is worth (as ``otter grade`` writes it).
POSSIBLE_ROW = "points-per-question"
#: The status of a submission that was graded.
COMPLETED = "Completed"
#: How long one submission may take to grade, in seconds (the assignments' reference runs in well under a minute).
DEFAULT_TIMEOUT = 600


@dataclass
class Grade:
    """One submission's grade: the points of each question, or why it could not be graded (``error``).

    >>> Grade("ada.zip", {"q1": 2.0, "q2": 0.5}).total
    2.5
    >>> Grade("bob.zip", error="BadZipFile: File is not a zip file").total is None
    True
    """

    file: str
    points: dict[str, float] = field(default_factory=dict)
    error: str = ""

    @property
    def total(self) -> float | None:
        return None if self.error else sum(self.points.values())


class GradingError(Exception):
    """Why one submission could not be graded (it becomes its row's ``grading_status``)."""


def autograder(name: str, built: Path = BUILT) -> Path:
    """The autograder zip of assignment ``name`` that ``make assignments`` wrote into ``built``.

    >>> autograder("drift_policy", Path("/nowhere"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: /nowhere/drift_policy/autograder/autograder.zip does not exist: run `make assignments` first ...
    """
    if not name or not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"name an assignment (a folder of {built}), not {name!r}")
    zip_path = Path(built) / name / "autograder" / "autograder.zip"
    if not zip_path.is_file():
        others = sorted(p.parent.parent.name for p in Path(built).glob("*/autograder/autograder.zip"))
        if others and not (Path(built) / name).is_dir():
            raise FileNotFoundError(f"{zip_path} does not exist: {built} holds the assignments {', '.join(others)}")
        raise FileNotFoundError(f"{zip_path} does not exist: run `make assignments` first (with your term's SEED=...)")
    return zip_path


def submissions(folder: Path) -> tuple[list[Path], list[Path]]:
    """The submissions in ``folder`` (its ``.zip`` and ``.ipynb`` files, by name) and the other files it holds.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("bob.ipynb", "ada.zip", "notes.txt", ".hidden.zip"):
    ...         _ = (Path(tmp) / name).write_text("")
    ...     found, others = submissions(Path(tmp))
    >>> [p.name for p in found], [p.name for p in others]
    (['ada.zip', 'bob.ipynb'], ['notes.txt'])
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of submissions")
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    found = [p for p in files if p.suffix.lower() in SUBMISSION_SUFFIXES]
    if not found:
        raise ValueError(f"{folder} holds no submissions: no .zip or .ipynb file"
                         + (f" (only {', '.join(p.name for p in files)})" if files else ", it is empty"))
    return found, [p for p in files if p not in found]


def points(results: dict) -> dict[str, float]:
    """Each question's points from a ``results.json`` that ``otter run`` wrote (its tests in Gradescope's form).

    >>> points({"tests": [{"name": "Public Tests", "output": "..."}, {"name": "q1", "score": 2, "max_score": 2},
    ...                   {"name": "q2", "score": 0.5, "max_score": 3}]})
    {'q1': 2.0, 'q2': 0.5}
    >>> points({"tests": [{"name": "Autograder Failed", "output": "..."},
    ...                   {"name": "Autograder Exception", "output": "Traceback...\\nValueError: no notebook\\n"}]})
    Traceback (most recent call last):
    ...
    grade_assignments.GradingError: the autograder failed: ValueError: no notebook
    """
    tests = results.get("tests", [])
    failed = {t["name"]: t.get("output", "") for t in tests if t["name"].startswith("Autograder ")}
    if failed:
        raise GradingError(f"the autograder failed: {last_line(failed.get('Autograder Exception', ''))}")
    return {t["name"]: float(t["score"]) for t in tests if "max_score" in t}


def possible(results: dict) -> dict[str, float]:
    """Each question's points possible, from a ``results.json``.

    >>> possible({"tests": [{"name": "q1", "score": 0, "max_score": 2}]})
    {'q1': 2.0}
    """
    return {t["name"]: float(t["max_score"]) for t in results.get("tests", []) if "max_score" in t}


def last_line(text: str, limit: int = 200) -> str:
    """The last non-blank line of an error's output (a traceback's says what went wrong), short enough for a cell.

    >>> last_line("Traceback (most recent call last):\\n  File ...\\nzipfile.BadZipFile: File is not a zip file\\n\\n")
    'BadZipFile: File is not a zip file'
    >>> last_line("otter.run.run_autograder.utils.OtterRuntimeError: No gradable files found in submission")
    'OtterRuntimeError: No gradable files found in submission'
    >>> last_line("")
    'no message'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = re.sub(r"^[\w.]+\.(\w+): ", r"\1: ", lines[-1]) if lines else "no message"  # the exception, not its module
    return line if len(line) <= limit else line[:limit - 1] + "…"


def grade_one(submission: Path, autograder_zip: Path, results_dir: Path,
              timeout: float = DEFAULT_TIMEOUT) -> tuple[Grade, dict]:
    """Grade one submission with ``otter run`` (its own process); its grade and its ``results.json`` ({} if none).

    Its results.json is kept as ``results_dir/<file>.json``. Whatever goes wrong is its grade's ``error``."""
    otter = Path(sys.executable).with_name("otter")
    with tempfile.TemporaryDirectory(prefix="otter-run-") as scratch:
        try:
            run = subprocess.run([str(otter), "run", "--no-logo", "-a", str(autograder_zip), "-o", scratch,
                                  str(submission)], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return Grade(submission.name, error=f"took longer than {timeout:g} s to grade"), {}
        written = Path(scratch) / "results.json"
        if run.returncode != 0 or not written.is_file():
            return Grade(submission.name, error=f"otter run failed: {last_line(run.stderr or run.stdout)}"), {}
        results = json.loads(written.read_text(encoding="utf-8"))
        results_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(written, results_dir / f"{submission.name}.json")
    try:
        return Grade(submission.name, points(results)), results
    except GradingError as error:
        return Grade(submission.name, error=str(error)), results


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 4):g}"


def _question_order(name: str) -> list:
    """q2 before q10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def table(grades: list[Grade], worth: dict[str, float]) -> list[dict[str, str]]:
    """The rows of the table of grades, as ``final_grades.csv`` holds them (``worth``: each question's points).

    >>> rows = table([Grade("ada.zip", {"q1": 2, "q2": 1}), Grade("bob.zip", error="otter run failed: no notebook")],
    ...              {"q1": 2, "q2": 3})
    >>> print(",".join(rows[0]))
    file,q1,q2,total_points_earned,percent_correct,grading_status
    >>> for row in rows:
    ...     print(",".join(row.values()))
    points-per-question,2,3,5,1,--
    ada.zip,2,1,3,0.6,Completed
    bob.zip,,,,,otter run failed: no notebook
    """
    questions = sorted({*worth, *(q for g in grades for q in g.points)}, key=_question_order)
    most = sum(worth.values())
    rows = []
    if worth:
        rows.append({FILE: POSSIBLE_ROW, **{q: _number(worth.get(q)) for q in questions}, TOTAL: _number(most),
                     PERCENT: "1", STATUS: "--"})
    for grade in grades:
        share = grade.total / most if grade.total is not None and most else None
        rows.append({FILE: grade.file, **{q: _number(grade.points.get(q)) for q in questions},
                     TOTAL: _number(grade.total), PERCENT: _number(share), STATUS: grade.error or COMPLETED})
    return rows


def write_table(rows: list[dict[str, str]], path: Path) -> Path:
    """Write the table of grades as CSV (the columns of its first row); return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def summary(grades: list[Grade], worth: dict[str, float]) -> list[str]:
    """A few lines for the instructor: how many were graded, their totals, and each one that could not be.

    >>> print("\\n".join(summary([Grade("ada.zip", {"q1": 2}), Grade("cy.zip", {"q1": 1}),
    ...                           Grade("bob.zip", error="otter run failed: no notebook")], {"q1": 2})))
    graded 2 of 3: total points from 1 to 2 of 2, mean 1.5
    could not grade 1, see grading_status: bob.zip
    """
    done = [g.total for g in grades if g.error == ""]
    lines = [f"graded {len(done)} of {len(grades)}"
             + (f": total points from {min(done):g} to {max(done):g} of {sum(worth.values()):g},"
                f" mean {round(sum(done) / len(done), 2):g}" if done else "")]
    failed = [g for g in grades if g.error]
    if failed:
        lines.append(f"could not grade {len(failed)}, see grading_status: " + ", ".join(g.file for g in failed))
    return lines


def grade(name: str, folder: Path, out: Path, built: Path = BUILT, timeout: float = DEFAULT_TIMEOUT,
          say=print) -> tuple[Path, list[Grade]]:
    """Grade every submission in ``folder`` to assignment ``name``, write ``out/final_grades.csv``.

    Returns the table's path and the grades, in the order of the submissions' names."""
    autograder_zip = autograder(name, built)
    found, others = submissions(folder)
    seed_file = Path(built) / "term-seed.txt"
    term = f", term seed {seed_file.read_text(encoding='utf-8').split()[0]}" if seed_file.is_file() else ""
    say(f"== {name}{term}: grading {len(found)} submission(s) in {folder} with {autograder_zip}")
    if others:
        say(f"   not submissions (neither .zip nor .ipynb), left alone: {', '.join(p.name for p in others)}")
    shutil.rmtree(out / "results", ignore_errors=True)  # only what an earlier run wrote: never the folder itself
    grades, worth = [], {}
    for number, submission in enumerate(found, start=1):
        result, results = grade_one(submission, autograder_zip, out / "results", timeout)
        worth = worth or (possible(results) if not result.error else {})
        said = result.error or f"{result.total:g} points"
        say(f"   [{number}/{len(found)}] {submission.name}: {said}")
        grades.append(result)
    path = write_table(table(grades, worth), out / "final_grades.csv")
    for line in summary(grades, worth):
        say(f"   {line}")
    say(f"   the table of grades: {path}")
    return path, grades


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", help="the assignment's name, e.g. drift_policy")
    parser.add_argument("submissions", type=Path, help="the folder of submissions (.zip or .ipynb files)")
    parser.add_argument("--assignments", type=Path, default=BUILT,
                        help=f"where `make assignments` wrote them (default {BUILT})")
    parser.add_argument("--out", type=Path, help="where to write the grades (default _build/grades/ASSIGNMENT)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds one submission may take (default {DEFAULT_TIMEOUT})")
    args = parser.parse_args(argv)
    out = args.out or BOOK_ROOT / "_build" / "grades" / args.assignment
    try:
        _, grades = grade(args.assignment, args.submissions, out, args.assignments, args.timeout)
    except (FileNotFoundError, ValueError) as error:
        parser.exit(2, f"{parser.prog}: {error}\n")
    # the table is written either way; none graded at all is more likely the environment than every learner
    return 0 if any(not g.error for g in grades) else 1


if __name__ == "__main__":
    sys.exit(main())
