"""The package installed from the repository carries its data: ``pip install git+<repository>`` (and
``pip install .``, the same build) gives a package that loads every data file from any folder.

The repository here is a git repository made from a copy of the checkout (what a clone holds), committed,
and installed with ``pip install git+file://...`` into a folder of its own; a Python started in another
temporary folder, with that folder first on its path, loads every data file through the installed
package. tests/test_hub.py does the same with ``pip install .`` in the hub's fresh environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_binder import LEAKY_VARIABLES, copy_checkout, run

#: Loads every data file through the package it imports, and says which package and which folder.
LOAD_EVERY_FILE = """
import json
import mlops_book
from mlops_book import data, paths, pre_post, quizzes, scenarios, syllabus, teaching, written_tasks

loaded = {f"{name}.csv": len(frame) for name, frame in data.load_all().items()}
for path in sorted((paths.DATA / "scenarios").glob("*.csv")):
    loaded[f"scenarios/{path.name}"] = len(scenarios.load(path.stem))
for path in sorted((paths.DATA / "quizzes").glob("*.yml")):
    if path.stem != "pre-post":
        loaded[f"quizzes/{path.name}"] = len(quizzes.load_questions(path.stem))
loaded["quizzes/pre-post.yml"] = len(pre_post.load())
for path in sorted((paths.DATA / "teaching").glob("*.yml")):
    loaded[f"teaching/{path.name}"] = len(teaching.load(path.stem).plans)
tasks = written_tasks.load()
loaded["teaching/written/tasks.csv"] = len(tasks)
loaded["teaching/written/criteria.csv"] = sum(len(task.criteria) for task in tasks)
loaded["teaching/written/exemplars.csv"] = sum(len(task.exemplars) for task in tasks)
course = syllabus.load()
loaded["teaching/course/syllabus.yml"] = len(course.weeks)
loaded["teaching/course/readings.yml"] = len(course.readings)
print(json.dumps({"package": mlops_book.__file__, "data": str(paths.DATA), "loaded": loaded}))
"""


def data_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root / "data")) for p in (root / "data").rglob("*") if p.is_file())


def load_every_file(python, cwd: Path, env: dict) -> dict:
    return json.loads(run([str(python), "-c", LOAD_EVERY_FILE], cwd=cwd, env=env).stdout.splitlines()[-1])


def check_installed(found: dict, installed: Path, root: Path) -> None:
    """The package came from ``installed``, read its own copy of data/, loaded every file, and that copy is
    the repository's data/, file for file."""
    package, data = Path(found["package"]), Path(found["data"])
    assert package.is_relative_to(installed), f"the package came from {package}, not from the install"
    assert data == package.parent / "book_data", data
    assert sorted(found["loaded"]) == data_files(root), "not every data file was loaded"
    assert all(found["loaded"].values()), {k: v for k, v in found["loaded"].items() if not v}
    for name in data_files(root):
        assert (data / name).read_bytes() == (root / "data" / name).read_bytes(), f"{name} differs in the install"


@pytest.mark.build
def test_pip_install_git_carries_the_data(root, tmp_path):
    repository = tmp_path / "repository"
    copy_checkout(root, repository)
    git = ["git", "-C", str(repository), "-c", "user.name=test", "-c", "user.email=test@example.org"]
    run([*git, "init", "--quiet", "--initial-branch=main"])
    run([*git, "add", "--all"])
    run([*git, "commit", "--quiet", "-m", "a clone"])
    installed = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
    # --no-build-isolation: the test's environment has setuptools; the wheel is built as any pip builds it
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    run([*pip, "--target", str(installed), f"git+file://{repository}@main"], env=env)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # the test's environment has the package in place from the checkout: the installed copy must come first
    found = load_every_file(sys.executable, elsewhere, dict(env, PYTHONPATH=str(installed)))
    check_installed(found, installed, root)
    modules = {p.relative_to(root / "src") for p in (root / "src" / "mlops_book").rglob("*.py")}
    assert modules <= {p.relative_to(installed) for p in installed.rglob("*.py")}, "a module is missing from the wheel"


def test_the_checkout_reads_its_own_data(root):
    """Installed in place (make, Binder's postBuild), the package reads the checkout's data/: no copy."""
    found = subprocess.run(
        [sys.executable, "-c", "import mlops_book.paths as p; print(p.IN_CHECKOUT, p.DATA)"],
        capture_output=True, text=True, cwd="/", check=True,
    ).stdout.split()
    assert found == ["True", str(root / "data")]
