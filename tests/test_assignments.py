"""The graded assignments: each term's simulated data, what `make assignments` writes, and otter's grades.

The fast tests read the worlds (:mod:`mlops_book.graded`); the build-tier tests build both assignments with
``tools/build_assignments.py`` for two term seeds (once a session, on one worker) and grade a folder of
submissions with ``tools/grade_assignments.py`` (``make grade``: ``otter run`` on each, as an instructor without
Docker would).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import grade_assignments
from mlops_book import graded
from mlops_book.labs import drift
from support import ROOT

#: The default seed and another: their expected answers must differ.
SEEDS = (graded.DEFAULT_SEED, graded.DEFAULT_SEED + 1)


# --- the fast tier: the worlds --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(graded.ASSIGNMENTS))
def test_a_term_writes_simulated_files_drawn_from_its_seed(name, tmp_path):
    first = graded.write_term(name, 5, tmp_path / "a")
    again = graded.write_term(name, 5, tmp_path / "b")
    other = graded.write_term(name, 6, tmp_path / "c")
    assert [p.name for p in first] == [p.name for p in again] == [p.name for p in other]
    for path in first:
        text = path.read_text(encoding="utf-8")
        said = text.splitlines()[0] if path.suffix == ".csv" else json.loads(text)["about"]
        assert graded.SIMULATED in said, f"{path.name} does not say its data are simulated"
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_a_bad_seed_or_name_is_told_what_to_give(tmp_path):
    with pytest.raises(ValueError, match="whole number >= 0, not -1"):
        graded.write_term("drift_policy", -1, tmp_path)
    with pytest.raises(ValueError, match="use one of drift_policy, rollout_guardrail"):
        graded.write_term("drift", 1, tmp_path)


def test_generated_assignments_are_never_committed(root):
    """`make assignments` writes into _build/ (ignored); no student/ or autograder/ version is in git."""
    ignored = subprocess.run(["git", "check-ignore", "-q", "_build/assignments/drift_policy/autograder/autograder.zip"],
                             cwd=root)
    assert ignored.returncode == 0, "_build/assignments is not ignored by git"
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    generated = [f for f in tracked if f.endswith("autograder.zip") or "/student/" in f or "/autograder/" in f
                 or (f.startswith("assignments/") and not f.endswith(".md"))]
    assert not generated, f"generated assignment files are committed: {generated}"


def test_make_grade_says_what_is_missing(tmp_path):
    """No autograder: build the assignments first; an empty folder or one without submissions: said so, by name."""
    with pytest.raises(FileNotFoundError, match=r"drift_policy/autograder/autograder.zip does not exist: run "
                                                r"`make assignments` first"):
        grade_assignments.grade("drift_policy", tmp_path, tmp_path / "grades", built=tmp_path / "assignments")
    zip_path = tmp_path / "assignments" / "drift_policy" / "autograder" / "autograder.zip"
    zip_path.parent.mkdir(parents=True)
    zip_path.write_bytes(b"")
    with pytest.raises(FileNotFoundError, match="holds the assignments drift_policy"):
        grade_assignments.grade("drift", tmp_path, tmp_path / "grades", built=tmp_path / "assignments")
    (tmp_path / "submissions").mkdir()
    with pytest.raises(ValueError, match=f"{tmp_path / 'submissions'} holds no submissions: no .zip or .ipynb file, "
                                         "it is empty"):
        grade_assignments.grade("drift_policy", tmp_path / "submissions", tmp_path / "grades",
                                built=tmp_path / "assignments")
    (tmp_path / "submissions" / "ada.pdf").write_bytes(b"")
    with pytest.raises(ValueError, match=r"no .zip or .ipynb file \(only ada.pdf\)"):
        grade_assignments.grade("drift_policy", tmp_path / "submissions", tmp_path / "grades",
                                built=tmp_path / "assignments")


# --- the build tier: make assignments, and otter run on what it writes -----------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[int, Path]:
    """Both assignments built by the tool `make assignments` runs, for each of :data:`SEEDS`.

    With ``--no-check``: otter assign's own check (grading the solutions notebook, half of a build's time)
    is what the `make grade` test below asserts (the reference gets full marks), on the notebooks otter writes."""
    out = {}
    for seed in SEEDS:
        folder = tmp_path_factory.mktemp(f"assignments-{seed}")
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_assignments.py"), str(folder), "--seed", str(seed),
                        "--no-check"], cwd=ROOT, check=True)
        out[seed] = folder
    return out


def _hidden_cases(autograder_zip: Path) -> dict[str, list[str]]:
    """Each question's hidden test cases (code and expected output), read from the autograder's tests."""
    cases = {}
    with zipfile.ZipFile(autograder_zip) as archive:
        for member in sorted(n for n in archive.namelist() if n.startswith("tests/") and n.endswith(".py")):
            scope: dict = {}
            exec(archive.read(member).decode("utf-8"), scope)  # an OK-format test file defines `test`
            cases[Path(member).stem] = [case["code"] for suite in scope["test"]["suites"] for case in suite["cases"]
                                        if case.get("hidden")]
    return cases


@pytest.mark.build
@pytest.mark.xdist_group("assignments")
@pytest.mark.parametrize("name", sorted(graded.ASSIGNMENTS))
def test_make_assignments_writes_a_student_and_an_autograder_version(built, name):
    folder = built[graded.DEFAULT_SEED] / name
    student, solutions = folder / "student" / f"{name}.ipynb", folder / "autograder" / f"{name}.ipynb"
    assert (folder / "autograder" / "autograder.zip").is_file() and solutions.is_file() and student.is_file()
    for term_file in (folder / "student" / "term").iterdir():
        assert graded.SIMULATED in term_file.read_text(encoding="utf-8")
    student_text, solutions_text = student.read_text(encoding="utf-8"), solutions.read_text(encoding="utf-8")
    assert "Simulated data, not the study's" in student_text
    assert "# HIDDEN" not in student_text and "BEGIN SOLUTION" not in student_text
    assert "grader.check(" in student_text and "otter.Notebook(" in student_text
    for line in ("detector.update(int(error))", "return float(norm.sf(z))"):  # the reference solutions
        assert line not in student_text
    assert ("detector.update(int(error))" in solutions_text) == (name == "drift_policy")
    assert _hidden_cases(folder / "autograder" / "autograder.zip"), "the autograder has no hidden tests"


@pytest.mark.build
@pytest.mark.xdist_group("assignments")
@pytest.mark.parametrize("name", sorted(graded.ASSIGNMENTS))
def test_make_grade_gives_the_reference_full_marks_the_untouched_notebook_less_and_a_broken_file_its_reason(
        built, name, tmp_path):
    """What `make grade` runs, on a folder of three submissions: its table of grades, read as an instructor would."""
    folder = built[graded.DEFAULT_SEED] / name
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    shutil.copyfile(folder / "autograder" / f"{name}.ipynb", submissions / "ada.ipynb")  # the reference solution
    shutil.copyfile(folder / "student" / f"{name}.ipynb", submissions / "bob.ipynb")  # handed in untouched
    (submissions / "cy.zip").write_text("half an upload", encoding="utf-8")  # not a zip file
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade_assignments.py"), name, str(submissions),
                          "--assignments", str(built[graded.DEFAULT_SEED]), "--out", str(tmp_path / "grades")],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    with (tmp_path / "grades" / "final_grades.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    questions = [c for c in rows[0] if c not in ("file", "total_points_earned", "percent_correct", "grading_status")]
    assert list(rows[0]) == ["file", *questions, "total_points_earned", "percent_correct", "grading_status"]
    assert [row["file"] for row in rows] == ["points-per-question", "ada.ipynb", "bob.ipynb", "cy.zip"]
    worth, ada, bob, cy = rows
    possible = float(worth["total_points_earned"])
    assert len(questions) >= 3 and possible >= 8
    assert possible == sum(float(worth[q]) for q in questions)
    assert ada["grading_status"] == bob["grading_status"] == "Completed"
    assert [ada[q] for q in questions] == [worth[q] for q in questions], "the reference lost points"
    assert float(ada["total_points_earned"]) == possible and float(ada["percent_correct"]) == 1
    earned = float(bob["total_points_earned"])
    assert earned == sum(float(bob[q]) for q in questions) and earned < possible / 2
    assert float(bob["percent_correct"]) == pytest.approx(earned / possible, abs=1e-4)
    assert cy["grading_status"] == "otter run failed: BadZipFile: File is not a zip file"
    assert all(cy[c] == "" for c in [*questions, "total_points_earned", "percent_correct"]), "ungraded, with points"
    summary = run.stdout.splitlines()
    assert f"   graded 2 of 3: total points from {earned:g} to {possible:g} of {possible:g}, mean" in "\n".join(summary)
    assert "   could not grade 1, see grading_status: cy.zip" in summary
    assert sorted(p.name for p in (tmp_path / "grades" / "results").iterdir()) == ["ada.ipynb.json", "bob.ipynb.json"]


@pytest.mark.build
@pytest.mark.xdist_group("assignments")
@pytest.mark.parametrize("name", sorted(graded.ASSIGNMENTS))
def test_two_seeds_give_different_expected_answers(built, name):
    first, second = (_hidden_cases(built[seed] / name / "autograder" / "autograder.zip") for seed in SEEDS)
    assert first.keys() == second.keys()
    differing = [q for q in first if first[q] != second[q]]
    last = sorted(first)[-1]  # the decision the assignment ends with
    assert last in differing, f"seeds {SEEDS} expect the same answer to {last}: {first[last]}"


@pytest.mark.build
@pytest.mark.xdist_group("assignments")
def test_the_drift_reference_agrees_with_lab_1s_simulation(built):
    """The accuracies the hidden tests expect are the lab's own, for each period, in the term's world."""
    seed = graded.DEFAULT_SEED
    code = next(c for c in _hidden_cases(built[seed] / "drift_policy" / "autograder" / "autograder.zip")["q3"]
                if "accuracy_by_period" in c)
    expected = json.loads(code.strip().splitlines()[-1])
    lab = [round(drift.simulate(cadence=period, **graded.drift_lab_params(seed)).mean_accuracy, 3)
           for period in graded.PERIODS]
    assert expected == lab
