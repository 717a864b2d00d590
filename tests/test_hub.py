"""A class hub, simulated: hub/Dockerfile's Python steps in a fresh environment, and a learner's first click.

No Docker here: the test runs what the image's Python layer runs, ``hub/install.sh dependencies`` then
``hub/install.sh book`` (the Dockerfile's two RUN steps that install Python packages), in a new virtual
environment, as tests/test_binder.py builds Binder's. Like Binder's, the environment with the locked
dependencies is kept between runs (keyed by requirements.txt, hub/requirements.txt, runtime.txt and the
Python); the package is installed afresh each run from a copy of the checkout, which is then deleted, as
the image's build deletes its copy.

Then a learner's first click: nbgitpuller's clone of the book (a fresh copy of what a clone holds) in a
folder named after the book inside an empty home folder elsewhere; a chapter and a lab (every notebook
page under `make test-all`) run there from their own folder with that environment's Python, and the
package they import is the installed one, with its own data, not the clone's ``src/``.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from mlops_book import links
from support import EVERYTHING
from test_binder import (
    CACHE,
    EXECUTE,
    LEAKY_VARIABLES,
    RUNTIME_PYTHON,
    cached_environment,
    copy_checkout,
    environment_key,
    run,
)
from test_package import check_installed, load_every_file

HUB_CACHE = CACHE.with_name("hub")
LOCK_FILES = ("requirements.txt", "hub/requirements.txt", "runtime.txt")
#: The pages a learner opens first: the first chapter and the first lab, run on the hub in `make test`;
#: `make test-all` runs every notebook page there (each already runs in Binder's environment, test_binder.py).
FIRST_PAGES = ["chapters/01_opening", "chapters/labs/01_drift"]
HUB_PAGES = [path for path in links.toc_files() if links.is_notebook(path)] if EVERYTHING else FIRST_PAGES


def dockerfile_steps(root: Path) -> list[str]:
    """The Dockerfile's RUN steps that call hub/install.sh, as ``(step, checkout)``."""
    text = (root / "hub" / "Dockerfile").read_text(encoding="utf-8")
    return re.findall(r"^RUN bash /tmp/book/hub/install\.sh (\w+) /tmp/book\b", text, re.MULTILINE)


@pytest.fixture(scope="session")
def hub(root, tmp_path_factory):
    """The image's Python environment (dependencies cached, the package installed this run) and a
    learner's empty home folder holding the book as nbgitpuller clones it."""
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
    python = shutil.which(RUNTIME_PYTHON) or sys.executable
    venv = HUB_CACHE / environment_key(root, python, LOCK_FILES)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
    image_build = tmp_path_factory.mktemp("image-build")
    copy_checkout(root, image_build)
    HUB_CACHE.mkdir(parents=True, exist_ok=True)
    with open(HUB_CACHE / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)

        def install_dependencies(_):
            run(["bash", str(image_build / "hub" / "install.sh"), "dependencies", str(image_build)], env=env)

        hub_python = cached_environment(venv, python, install_dependencies)
        run(["bash", str(image_build / "hub" / "install.sh"), "book", str(image_build)], env=env)
    shutil.rmtree(image_build)  # as the image's build removes /tmp/book: nothing may read it later
    home = tmp_path_factory.mktemp("home")
    clone = home / links.repository_settings()["folder"]
    copy_checkout(root, clone)
    # The learner's server: their own home, Jupyter's settings only from the image.
    env.update(HOME=str(home))
    env.pop("JUPYTER_CONFIG_DIR", None)
    return {"python": hub_python, "venv": venv, "home": home, "clone": clone, "env": env}


def test_dockerfile_runs_the_tested_steps_in_order(root):
    assert dockerfile_steps(root) == ["dependencies", "book"]
    text = (root / "hub" / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11[-\w.]*$", text, re.MULTILINE), "the image's Python is not runtime.txt's"
    assert "jupyterhub-singleuser" in text


def test_binder_never_sees_a_dockerfile(root):
    """repo2docker builds a Dockerfile at the top or in binder/ instead of requirements.txt and postBuild."""
    for place in ("Dockerfile", "binder/Dockerfile", ".binder/Dockerfile"):
        assert not (root / place).exists(), f"{place} would replace Binder's environment"


def test_hub_requirements_pin_exactly_and_leave_the_book_pins_alone(root):
    book = {ln.split("==")[0].lower() for ln in (root / "requirements.txt").read_text().splitlines() if "==" in ln}
    for line in (root / "hub" / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9._-]+==[\w.]+", line), f"hub/requirements.txt must pin exactly: {line}"
            assert line.split("==")[0].lower() not in book, f"{line} is pinned in requirements.txt already"


PACKAGE_IN_USE = """
import mlops_book, mlops_book.paths as p
print(mlops_book.__file__); print(p.IN_CHECKOUT); print(p.DATA)
"""


def test_the_clone_uses_the_installed_package(hub):
    found = run([str(hub["python"]), "-c", PACKAGE_IN_USE], cwd=hub["clone"] / "chapters", env=hub["env"])
    package, in_checkout, data = found.stdout.split("\n")[:3]
    assert Path(package).is_relative_to(hub["venv"]), package
    assert in_checkout == "False" and Path(data).is_relative_to(hub["venv"]), (in_checkout, data)


#: The contents manager a learner's Jupyter server would use, read from its configuration as it reads it.
SERVER_CONFIG = """
from jupyter_server.serverapp import ServerApp
app = ServerApp()
app.load_config_file()
print(app.contents_manager_class.__module__ + "." + app.contents_manager_class.__name__)
"""


def test_the_installed_package_loads_every_data_file_from_anywhere(hub, root, tmp_path):
    """``pip install .`` (the image's install step) carries data/: every file loads from a folder outside both."""
    check_installed(load_every_file(hub["python"], tmp_path, hub["env"]), hub["venv"], root)


def test_every_learner_opens_chapters_as_notebooks(hub):
    """The settings are in the environment, not in a home folder that the hub replaces."""
    shown = run([str(hub["python"]), "-c", SERVER_CONFIG], cwd=hub["home"], env=hub["env"]).stdout.split()
    assert shown[-1] == "mlops_book.lab_contents.ChapterContentsManager", shown
    overrides = hub["venv"] / "etc" / "jupyter" / "labconfig" / "default_setting_overrides.json"
    viewers = json.loads(overrides.read_text())["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"
    assert not (hub["home"] / ".jupyter").exists(), "settings written into the learner's home"


def test_nbgitpuller_and_the_single_user_server_are_there(hub):
    extensions = run([str(hub["venv"] / "bin" / "jupyter"), "server", "extension", "list"], env=hub["env"])
    listed = re.sub(r"\x1b\[[0-9;]*m", "", extensions.stdout + extensions.stderr)  # without its colours
    assert re.search(r"^\s*nbgitpuller enabled", listed, re.MULTILINE), listed
    assert (hub["venv"] / "bin" / "jupyterhub-singleuser").exists()


@pytest.mark.parametrize("path", HUB_PAGES)
def test_a_chapter_runs_on_the_first_click(hub, path):
    source = hub["clone"] / f"{path}.md"
    result = run([str(hub["python"]), "-c", EXECUTE, str(source)], cwd=source.parent, env=hub["env"])
    cells, executed = map(int, result.stdout.split()[-2:])
    assert cells and executed == cells, f"{path}: {executed} of {cells} code cells ran"
