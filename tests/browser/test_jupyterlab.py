"""The chapters in JupyterLab as a Binder learner meets them: they read like the page and save unchanged.

Binder's set-up, as tests/test_binder.py makes it (the environment from requirements.txt, cached, and
postBuild run on a copy of the checkout), with a home and Jupyter folders of the test's own; JupyterLab
on a free port of 127.0.0.1, driven in Debian's chromium. A chapter and a lab are opened: each shows
its kit folded, as the page does (opening it shows the objectives), their rendered prose shows no bare
label, no raw role and no glued name, their cross-references are links that open the linked page in
JupyterLab, and no tab is marked modified. Then Run All and save: the ``.md``
on disk is what it was, byte for byte (autosave saves the same way, so it is off here: a save of its own
would clear the modified mark before the test could see it). A downloaded ``.ipynb``, opened untrusted,
shows its charts.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time

import pytest

import support
from mlops_book import cross_references, prose_numbers
from test_binder import binder  # noqa: F401 (the fixture: Binder's environment and checkout)

#: One worker runs them all, with one JupyterLab (pytest-xdist's loadgroup).
pytestmark = pytest.mark.xdist_group("jupyterlab")

#: One chapter with cross-references of every kind and numbers from the data, and one lab; chapter 4
#: has solutions, whose code cells open collapsed.
PAGES = ["chapters/01_opening", "chapters/04_workflow", "chapters/labs/01_drift"]
#: Every other page a learner may open (chapters, labs, glossary, prerequisites, references): opened,
#: not run. A fixed-seed sample under `make test`, all of them under `make test-all`.
OTHER_PAGES = support.sample(sorted(set(cross_references.learner_pages()) - set(PAGES)), 2)
#: Settings of the test's own (the learner's settings folder, not Binder's defaults): no autosave, which
#: would hide a modified mark by saving, no news prompt over the notebook, and every cell rendered, not
#: only those scrolled into view.
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
#: What must never show in rendered prose: a role, a label (from the book's pages) or a glued name.
RAW_ROLE = re.compile(r"\{(ref|term|doc|glue:text|numref)\}")
LABELS = sorted(cross_references.targets())
GLUED_NAMES = sorted(prose_numbers.NUMBERS)
#: A ``{term}`` role's raw text as JupyterLab would show it: "config files <config-driven development>"
#: (a glossary term in angle brackets, so prose that mentions a ``<script>`` element is not one).
RAW_TERM = re.compile(r"\w <(?:" + "|".join(map(re.escape, cross_references.glossary_terms())) + r")>", re.IGNORECASE)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(binder, tmp_path_factory):  # noqa: F811
    """JupyterLab serving a copy of Binder's checkout, with a home of its own; yields its base URL,
    token and checkout, and stops it afterwards."""
    home = tmp_path_factory.mktemp("lab-home")
    checkout = home / "repo"
    shutil.copytree(binder["checkout"], checkout)
    settings = home / "lab-settings"
    for name, values in USER_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    env = dict(
        binder["env"],
        HOME=str(home),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        IPYTHONDIR=str(home / "ipython"),
    )
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        str(binder["python"].with_name("jupyter")), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={checkout}",
        "--LabApp.expose_app_in_browser=True",  # the test runs JupyterLab's own commands (Run All, Save)
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=checkout, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab stopped:\n{(home / 'lab.log').read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    else:
        pytest.fail(f"JupyterLab did not start:\n{(home / 'lab.log').read_text()[-3000:]}")
    yield {"base": base, "token": token, "checkout": checkout}
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture
def lab_page(browser):
    """A 1280 px page that may reach 127.0.0.1 only; uncaught page errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    support.OPEN_PAGES.append(page)
    problems = support.PageProblems()
    page.on("pageerror", lambda err: problems.errors.append(f"pageerror: {err}"))

    def route(r):
        if support._local(r.request.url):
            r.continue_()
        else:
            problems.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    yield page
    context.close()
    problems.assert_clean()


#: The notebook panel of the open chapter, once JupyterLab has rendered its Markdown with jupyterlab-myst.
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
KERNEL_IDLE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return kernel && kernel.status === 'idle';
}"""
LANGUAGE_KNOWN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    return !!(panel && panel.model && panel.model.getMetadata('language_info'));
}"""
ALL_RUN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets.filter((c) => c.model.type === 'code');
    return cells.every((c) => c.model.executionCount !== null)
        && panel.sessionContext.session.kernel.status === 'idle';
}"""
DIRTY = "() => window.jupyterapp.shell.currentWidget.context.model.dirty"
#: The modified mark once the file has loaded (while JupyterLab fills the model from the file it is set
#: for an instant, and cleared once loaded; no tab ever shows that).
DIRTY_ONCE_LOADED = """(path) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const context = panel && panel.context;
    return !!(context && context.path === path && context.isReady && context.model.dirty);
}"""


#: jupyterlab-myst's rendering of a Markdown cell.
PROSE = f"{NOTEBOOK} .jp-MarkdownCell .myst"


def open_in_lab(page, lab, path) -> bool:
    """Open the file at ``path`` as Binder's link does (lab/tree/<path>) and wait for its kernel and its
    prose; returns whether the tab was marked modified at any moment (polled every 100 ms)."""
    page.goto(f"{lab['base']}/lab/tree/{path}?token={lab['token']}")
    page.locator(f"{NOTEBOOK} .jp-Cell").first.wait_for(timeout=60000)
    ever_dirty = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ever_dirty |= page.evaluate(DIRTY_ONCE_LOADED, path)
        if page.evaluate(KERNEL_IDLE):
            break
        page.wait_for_timeout(100)
    page.wait_for_function(PROSE_RENDERED, timeout=30000)
    after_language = 0
    for _ in range(30):  # and until the kernel's language, which arrives after it starts, is in the
        # notebook's metadata (where it could mark the file modified), and a second more; 3 s at most
        ever_dirty |= page.evaluate(DIRTY_ONCE_LOADED, path)
        after_language += page.evaluate(LANGUAGE_KNOWN)
        if after_language > 10:
            break
        page.wait_for_timeout(100)
    return ever_dirty


#: Every Markdown cell of the open notebook rendered by jupyterlab-myst.
PROSE_RENDERED = f"""() => {{
    const cells = [...document.querySelectorAll('{NOTEBOOK} .jp-MarkdownCell')];
    return cells.length > 0 && cells.every((cell) => cell.querySelector('.myst'));
}}"""


#: A kit's title and what shows only once it is open: a chapter's (``:class: chapter-kit dropdown``) and a
#: lab's (``:class: lab-kit dropdown``), each after the page's hook.
KITS = {"chapter": ("Chapter at a glance", "Learning objectives"), "lab": ("Lab at a glance", "After this lab you can")}


def open_the_kit(page, kind="chapter") -> bool:
    """Open a chapter's or a lab's kit (a dropdown admonition; jupyterlab-myst folds it as the page does) by its
    title; returns whether its objectives then show."""
    title, inside = KITS[kind]
    kit = page.locator(PROSE).locator("details", has_text=title).first
    if not kit.count():
        return False
    kit.locator("summary").first.click()
    page.wait_for_timeout(500)
    return inside in kit.inner_text()


def prose_of(page) -> str:
    """The rendered text of every Markdown cell of the open notebook."""
    return "\n".join(page.locator(PROSE).all_inner_texts())


@pytest.mark.parametrize("path", PAGES)
def test_chapter_reads_like_the_page_and_saves_unchanged(lab_page, lab, path):
    page = lab_page
    source = lab["checkout"] / f"{path}.md"
    before = source.read_bytes()
    ever_dirty = open_in_lab(page, lab, f"{path}.md")
    prose = prose_of(page)
    # the kit is folded, as on the page (it used to show open, objectives first): its title shows, and
    # opening it shows the objectives
    kind = "lab" if "/labs/" in path else "chapter"
    title, inside = KITS[kind]
    assert title in prose and inside not in prose, f"{path}: the {kind}'s kit is not folded: {prose[:500]}"
    assert open_the_kit(page, kind), f"{path}: opening the kit does not show its objectives"
    assert_reads_like_the_page(path, prose_of(page))
    support.screenshot(page, f"jupyterlab-{path.replace('/', '-')}")
    assert not ever_dirty and not page.locator(".lm-TabBar-tab.jp-mod-dirty").count(), (
        f"{path}: JupyterLab marks the chapter modified on opening"
    )
    assert source.read_bytes() == before, f"{path}: opening it rewrote the file"

    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RUN, timeout=240000, polling=500)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(f"() => !({DIRTY})()", timeout=30000)
    page.wait_for_timeout(1000)
    after = source.read_bytes()
    changed = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=1)
    assert after == before, f"{path}: Run All then save changed the file:\n" + "\n".join(list(changed)[:40])


def assert_reads_like_the_page(path: str, prose: str) -> None:
    """No raw role, bare label, glued name or term's raw text in a page's rendered prose."""
    assert not RAW_ROLE.search(prose), f"{path}: a raw role shows: {RAW_ROLE.search(prose).group(0)}"
    bare = [label for label in LABELS if re.search(rf"(?<![\w/#-]){re.escape(label)}(?![\w-])", prose)]
    assert not bare, f"{path}: bare labels show: {bare}"
    glued = [name for name in GLUED_NAMES if name in prose]
    assert not glued, f"{path}: glued names show instead of numbers: {glued}"
    assert not RAW_TERM.search(prose), f"{path}: a term's raw text shows: {RAW_TERM.search(prose).group(0)}"


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_every_learner_page_opens_unmodified_and_reads_like_the_page(lab_page, lab, path):
    """The pages not run above, opened as Binder's link opens them: rendered, with no kernel prompt
    (a jupytext header names the kernel on pages without code), and not marked modified."""
    page = lab_page
    source = lab["checkout"] / f"{path}.md"
    before = source.read_bytes()
    ever_dirty = open_in_lab(page, lab, f"{path}.md")
    assert not page.locator(".jp-Dialog").count(), f"{path}: a dialog (kernel prompt?) opened with the page"
    prose = prose_of(page)
    assert len(prose) > 200, f"{path}: its prose did not render: {prose[:200]!r}"
    assert_reads_like_the_page(path, prose)
    assert not ever_dirty and not page.locator(".lm-TabBar-tab.jp-mod-dirty").count(), (
        f"{path}: JupyterLab marks the page modified on opening"
    )
    assert source.read_bytes() == before, f"{path}: opening it rewrote the file"


def test_a_link_opens_the_linked_page_in_jupyterlab(lab_page, lab):
    """A cross-reference is a link to the page's file, which JupyterLab opens as a notebook in a new tab."""
    page = lab_page
    open_in_lab(page, lab, "chapters/labs/01_drift.md")
    # the first link shown: the one in the lab's kit is folded with the kit
    link = page.locator(f"{PROSE} a:visible", has_text="What the Interviews Revealed").first
    link.click()
    # the current tab (an earlier test may have left 06_findings.md open in another)
    page.locator(".lm-TabBar-tab.jp-mod-current", has_text="06_findings.md").wait_for(timeout=30000)
    page.locator(f"{NOTEBOOK} .jp-MarkdownCell .myst", has_text="What the Interviews Revealed").first.wait_for()


def test_a_downloaded_notebook_shows_its_charts_untrusted(lab_page, lab, book_html):
    """The executed .ipynb the book offers, opened in JupyterLab as a download is (untrusted): each chart
    shows as an image, each interactive as its static picture, and no widget is drawn broken."""
    page = lab_page
    downloaded = lab["checkout"] / "downloads" / "01_drift.ipynb"
    downloaded.parent.mkdir(exist_ok=True)
    shutil.copy(book_html / "_sources" / "chapters" / "labs" / "01_drift.ipynb", downloaded)
    open_in_lab(page, lab, "downloads/01_drift.ipynb")
    outputs = page.locator(f"{NOTEBOOK} .jp-OutputArea-output")
    outputs.first.wait_for(timeout=30000)
    charts = page.locator(f'{NOTEBOOK} .jp-OutputArea-output img[src^="data:image/svg+xml"]')
    assert charts.count() >= 1, "no chart shows in the untrusted download"
    box = charts.first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100, f"the chart is not drawn: {box}"
    assert page.locator(f"{NOTEBOOK} .mlops-static-widget").count() >= 1, "no interactive's picture shows"
    widgets = page.locator(f"{NOTEBOOK} .jp-OutputArea-output .jupyter-widgets").count()
    assert not widgets, f"{widgets} widgets drawn without their models (a broken-link icon each, once trusted)"
    charts.first.scroll_into_view_if_needed()
    support.screenshot(page, "jupyterlab-downloaded-lab-untrusted")
