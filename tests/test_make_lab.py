"""`make lab` serves the repository's root, as Binder does, so Binder's paths (chapters/..., relative to
the root) open; it runs as root too (it adds --allow-root), and pages without code name their kernel.

The test runs `make lab` itself (without a browser, on a free port, with its own runtime folder), asks
the server for the paths a Binder link opens and for a page without code as a notebook, then stops it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import jupytext
import pytest

from mlops_book import links

TOKEN = "make-lab-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture(scope="module")
def lab_server(root, tmp_path_factory):
    port = _free_port()
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "BROWSER": "true"}
    args = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={TOKEN}"
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"], cwd=root, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                pytest.fail(f"make lab stopped ({server.returncode}):\n{server.stdout.read()[-3000:]}")
            try:
                _get(f"{base}/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail("make lab's server did not answer within 120 s")
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_make_lab_serves_the_root_that_binders_links_are_relative_to(lab_server):
    status, listing = _get(f"{lab_server}/api/contents/")
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert {"chapters", "data", "src", "_toc.yml"} <= names, names
    # a Binder link's path: lab/tree/chapters/labs/01_drift.md, and the file behind it, opened as a notebook
    assert _get(f"{lab_server}/lab/tree/chapters/labs/01_drift.md")[0] == 200
    status, chapter = _get(f"{lab_server}/api/contents/chapters/labs/01_drift.md?type=notebook&content=1")
    notebook = json.loads(chapter)
    assert notebook["type"] == "notebook" and notebook["content"]["metadata"]["kernelspec"]["name"] == "python3"


def test_make_lab_opens_pages_without_code_with_the_kernel_named(lab_server):
    """A page without code (the glossary) opens as a jupytext notebook like the chapters: without a
    kernelspec JupyterLab asked "Select Kernel"; its header names the chapters' kernel."""
    _, glossary = _get(f"{lab_server}/api/contents/chapters/glossary.md?type=notebook&content=1")
    assert json.loads(glossary)["content"]["metadata"]["kernelspec"]["name"] == "python3"


#: The pages of the book that are not notebooks: no code, shown by the build as plain MyST.
PLAIN_PAGES = [page for page in links.toc_files() if not links.is_notebook(page)]


@pytest.mark.parametrize("page", PLAIN_PAGES)
def test_a_page_without_code_opens_with_a_kernel_and_stays_a_plain_page(root, page):
    """What jupytext hands JupyterLab names the kernel (no prompt); myst-nb still sees no notebook."""
    from myst_nb.core.read import is_myst_markdown_notebook

    text = (root / f"{page}.md").read_text(encoding="utf-8")
    assert jupytext.reads(text, fmt="md").metadata.get("kernelspec", {}).get("name") == "python3", page
    assert not is_myst_markdown_notebook(text), f"{page}: the build would run it as a notebook"


def test_there_are_plain_pages():
    assert {"chapters/glossary", "chapters/references", "chapters/prerequisites"} <= set(PLAIN_PAGES)
