"""Binder, simulated: every notebook page runs in a fresh environment made only from what Binder installs.

repo2docker (Binder's builder) installs requirements.txt (in a cached layer, since pyproject.toml
has no [build-system] table and so is not treated as a package to install), then runs postBuild,
which installs the package editable. This test does the same in
a new virtual environment, on a copy of the working tree (what a clone holds: git's tracked and
unignored files), then converts each notebook page of _toc.yml with jupytext and executes it with
nbclient from the page's own folder, inside that environment: in `make test` every lab and a fixed
sample of the chapters, in `make test-all` every notebook page.

Like Binder's own cached layer, the environment with requirements.txt installed is kept between runs
(under ~/.cache/mlops-book/binder, one folder per content of requirements.txt and runtime.txt and per
Python): making it takes minutes, reusing it seconds. The checkout is copied and postBuild run afresh
every time. Pytest's workers share it (a file lock: the first makes it, the others wait).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from mlops_book import links, paths
from support import sample

NOTEBOOK_PAGES = [path for path in links.toc_files() if links.is_notebook(path)]
#: How many chapters `make test` runs in Binder besides every lab (whose live cells, which the book's build
#: skips, run only here and on the simulated hub): a fixed sample; every notebook page in `make test-all`.
CHAPTER_SAMPLE = 3
_SAMPLED = sample([p for p in NOTEBOOK_PAGES if not p.startswith("chapters/labs/")], CHAPTER_SAMPLE)
BINDER_PAGES = [p for p in NOTEBOOK_PAGES if p.startswith("chapters/labs/") or p in _SAMPLED]
LEAKY_VARIABLES = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "MLOPS_BOOK_DATA"}
#: The Python that Binder would use, per runtime.txt (the venv is made with it when it is on PATH).
RUNTIME_PYTHON = f"python{paths.BOOK_ROOT.joinpath('runtime.txt').read_text().strip().removeprefix('python-')}"


def run(command, **kwargs):
    """Run a command; on failure, fail the test with its output (never a bare CalledProcessError)."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        output = f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        pytest.fail(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{output}")
    return result


#: Where Binder's environments are kept between runs.
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mlops-book" / "binder"
#: Marks an environment whose requirements.txt install finished (one cut short is made again).
COMPLETE = "requirements-installed"


def environment_key(root: Path, python: str, files=("requirements.txt", "runtime.txt")) -> str:
    """What Binder's dependency layer depends on: the lock file, the runtime and the Python that runs
    (another environment names its own lock files in ``files``)."""
    version = run([python, "-c", "import sys; print(sys.version)"]).stdout
    digest = hashlib.sha256(version.encode())
    for name in files:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


def cached_environment(venv: Path, python: str, install) -> Path:
    """The virtual environment at ``venv``, made with ``python`` and filled by ``install(venv)`` when it is
    missing or was cut short; the caller holds the cache's lock. Returns its Python."""
    if not (venv / COMPLETE).exists():
        shutil.rmtree(venv, ignore_errors=True)
        run([python, "-m", "venv", str(venv)])
        install(venv)
        (venv / COMPLETE).touch()
    return venv / "bin" / "python"


def copy_checkout(root: Path, checkout: Path) -> None:
    """What a clone holds: git's tracked and unignored files."""
    files = run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=root).stdout
    for name in filter(None, files.split("\0")):
        if (root / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, checkout / name)


@pytest.fixture(scope="session")
def binder(root):
    """A checkout and a virtual environment built the way Binder builds them: the environment with
    requirements.txt from the cache (made when missing), the checkout copied and postBuild run once
    per test run, under a lock that pytest's workers share."""
    # The caller's environment (pip's settings and cache included), minus anything that would let the
    # test's own environment leak in.
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
    python = shutil.which(RUNTIME_PYTHON) or sys.executable
    venv = CACHE / environment_key(root, python)
    # One test run, all its workers: pytest-xdist gives them one id.
    this_run = CACHE / "runs" / os.environ.get("PYTEST_XDIST_TESTRUNUID", f"pid-{os.getpid()}")
    checkout, config = this_run / "repo", this_run / "jupyter-config"
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}", JUPYTER_CONFIG_DIR=str(config)
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        cached_environment(venv, python, lambda _: run([*pip, "-r", str(root / "requirements.txt")], env=env))
        if not (this_run / "ready").exists():
            shutil.rmtree(this_run.parent, ignore_errors=True)  # earlier runs' checkouts
            copy_checkout(root, checkout)
            run(["bash", "./postBuild"], cwd=checkout, env=env)
            (this_run / "ready").touch()
    return {"checkout": checkout, "python": venv / "bin" / "python", "env": env, "config": config}


def test_pyproject_keeps_binders_dependency_layer_cached(root):
    """With [project] and [build-system], repo2docker installs requirements.txt only after copying the
    whole repository (no cache across commits); without [build-system] pip still builds the package."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "project" in pyproject and "build-system" not in pyproject
    assert "pip install --no-deps --editable ." in (root / "postBuild").read_text(encoding="utf-8")


def test_requirements_have_no_local_references(root):
    """A local reference (`-e .`, `.`, `-r file`) makes repo2docker install requirements after copying
    the whole repository, so every commit rebuilds the dependencies: postBuild installs the package."""
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            local = line.startswith(("-e", "-r", "-c", ".", "/", "file:"))
            assert not local, f"local reference in requirements.txt: {line}"
            assert "==" in line, f"requirements.txt must pin exactly: {line}"


def test_runtime_pins_python_3_11(root):
    assert (root / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"


def test_there_are_notebook_pages():
    assert NOTEBOOK_PAGES, "_toc.yml lists no notebook page"


def test_the_package_runs_from_the_checkout(binder):
    """postBuild's editable install makes the package read the checkout's data/ and chapters/."""
    found = run(
        [str(binder["python"]), "-c", "import mlops_book.paths as p; print(p.BOOK_ROOT)"],
        cwd=binder["checkout"] / "chapters", env=binder["env"],
    ).stdout.strip()
    assert Path(found) == binder["checkout"]


def test_jupyterlab_opens_markdown_as_a_notebook(binder):
    """postBuild set jupytext's notebook viewer as the default for Markdown and MyST files."""
    settings = json.loads((binder["config"] / "labconfig" / "default_setting_overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"


#: What every virtual environment (and Binder's) starts with, from Python's ensurepip: `make lock` leaves them out.
SEEDED = {"pip", "setuptools"}


def test_requirements_pin_everything_the_pinned_distributions_require(root):
    """`pip freeze` left out wheel (sphinx-togglebutton requires it): every requirement of a pinned
    distribution, as installed from requirements.txt, must be pinned too, but what a new environment
    already holds."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lines = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pinned = {canonicalize_name(ln.split("==")[0]) for ln in lines if "==" in ln and not ln.startswith("#")}
    unpinned = {}
    for name in sorted(pinned):
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue  # an extra, or another platform's
            if canonicalize_name(requirement.name) in SEEDED:
                continue
            if canonicalize_name(requirement.name) not in pinned:
                unpinned.setdefault(requirement.name, []).append(name)
    assert not unpinned, f"required but not pinned in requirements.txt: {unpinned}"


def test_jupyterlab_renders_myst_in_binder(binder):
    """requirements.txt brings jupyterlab-myst, enabled: Markdown cells render MyST as on the page."""
    jupyter = binder["python"].with_name("jupyter")
    listing = run([str(jupyter), "labextension", "list"], cwd=binder["checkout"], env=binder["env"])
    lines = (listing.stdout + listing.stderr).splitlines()
    assert any(ln.strip().startswith("jupyterlab-myst ") and "enabled" in ln for ln in lines), lines


EXECUTE = textwrap.dedent(
    r"""
    import json
    import re
    import sys
    from pathlib import Path
    import jupytext
    from nbclient import NotebookClient

    source = Path(sys.argv[1])
    notebook = jupytext.read(source)
    # every cell, as a learner's Run All does: the labs' live cells too, which the book's build skips
    NotebookClient(notebook, timeout=300, kernel_name="python3", skip_cells_with_tag="-",
                   resources={"metadata": {"path": str(source.parent)}}).execute()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    # what a solution cell shows after Run All (JupyterLab unfolds a cell's outputs when it runs):
    # nothing printed, and only a closed <details> (exercises.solution)
    shown = [
        (output.get("name") or next(iter(output.get("data", {})), ""), output.get("text", "")[:80])
        for cell in code if cell.metadata.get("jupyter", {}).get("source_hidden")
        for output in cell.get("outputs", [])
        if not re.match(r"\s*<details(?![^>]*\bopen\b)", output.get("data", {}).get("text/html", ""))
    ]
    print(json.dumps(shown))
    print(len(code), sum(1 for c in code if c.get("execution_count")))
    """
)


@pytest.mark.parametrize("path", BINDER_PAGES)
def test_page_runs_in_binder(binder, path):
    source = binder["checkout"] / f"{path}.md"
    result = run([str(binder["python"]), "-c", EXECUTE, str(source)], cwd=source.parent, env=binder["env"])
    cells, executed = map(int, result.stdout.split()[-2:])
    assert executed == cells, f"{path}: {executed} of {cells} code cells ran"
    shown = json.loads(result.stdout.splitlines()[-2])
    assert not shown, f"{path}: solution cells show their results after Run All: {shown}"
