"""The chapters as notebooks: they open in JupyterLab unchanged and read like the page, and a downloaded
``.ipynb`` says what it needs and shows each interactive without a trusted widget manager.

Chapters and pages come from ``_toc.yml`` (through :mod:`mlops_book.links`), the repository and
hub from ``_config.yml``; nothing here names a chapter or an address of its own.
"""

from __future__ import annotations

import copy
import functools
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from book_build import NOTEBOOK_HEADER
from mlops_book import cross_references, links, notebook_form

CHAPTER_FILES = notebook_form.chapter_files()
LEARNER_PAGES = cross_references.learner_pages()
NOTEBOOK_PAGES = [path for path in links.toc_files() if links.is_notebook(path)]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
JUPYTER = Path(sys.executable).with_name("jupyter")


# --- JupyterLab renders MyST ------------------------------------------------------------------


def _pin(root, name):
    found = re.search(
        rf"^{re.escape(name)}==(\S+)$", (root / "requirements.txt").read_text(encoding="utf-8"), re.MULTILINE
    )
    assert found, f"requirements.txt does not pin {name} exactly"
    return found.group(1)


@functools.cache
def labextensions() -> str:
    """What ``jupyter labextension list`` says in this environment, colours dropped (asked once: it
    takes seconds)."""
    listing = subprocess.run([str(JUPYTER), "labextension", "list"], capture_output=True, text=True, check=True)
    return re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)


@pytest.mark.xdist_group("labextensions")  # one worker asks once for both tests
def test_jupyterlab_myst_is_installed_and_enabled(root):
    """The extension that renders MyST (admonitions, exercises, solutions) in JupyterLab's Markdown cells,
    at the pinned version, enabled in this environment (the one `make lab` and Binder make)."""
    text = labextensions()
    line = next((ln for ln in text.splitlines() if ln.strip().startswith("jupyterlab-myst ")), None)
    assert line, f"jupyterlab-myst is not installed:\n{text}"
    assert f"v{_pin(root, 'jupyterlab-myst')} enabled" in line, line
    assert f"JupyterLab v{_pin(root, 'jupyterlab')}" in text


def _conflicts(text: str) -> set:
    """The packages ``jupyter labextension list`` says jupyterlab-myst conflicts on (none when it is OK)."""
    block = text.split('"jupyterlab-myst@', 1)[1].split("\n\n", 1)[0] if '"jupyterlab-myst@' in text else ""
    return set(re.findall(r"(@[\w-]+/[\w.-]+)\s*$", block, re.MULTILINE))


@pytest.mark.xdist_group("labextensions")
def test_jupyterlab_myst_flag_names_only_a_package_its_bundle_never_loads():
    """Why the pinned pair (JupyterLab 4.6.6, jupyterlab-myst 2.7.0) is listed "X" and still renders.

    jupyterlab-myst 2.7.0, the newest release, declares ``@jupyter/ydoc ^3``; JupyterLab 4.6 ships
    ydoc 4 (JupyterLab 4.5.11 still ships ydoc 3: that pair is not flagged, but is a minor line older).
    The flag compares declared ranges only: a prebuilt extension gets a shared package at run time
    only if its ``remoteEntry`` asks for it, and this one asks for JupyterLab's notebook, cells and
    rendermime but never for ydoc. This fails if the flag names any other package, or the bundle
    starts to load a flagged one: then the pair must change.
    """
    conflicts = _conflicts(labextensions())
    assert conflicts <= {"@jupyter/ydoc"}, f"jupyterlab-myst now conflicts on {conflicts}"
    folder = JUPYTER.parent.parent / "share" / "jupyter" / "labextensions" / "jupyterlab-myst"
    manifest = (folder / "package.json").read_text(encoding="utf-8")
    entry = (folder / re.search(r'"load":\s*"([^"]+)"', manifest).group(1)).read_text(encoding="utf-8")
    assert '"@jupyterlab/notebook"' in entry and '"@jupyterlab/rendermime"' in entry  # how a shared package shows
    loaded = [package for package in conflicts if f'"{package}"' in entry]
    assert not loaded, f"jupyterlab-myst's bundle loads {loaded}, which the pinned JupyterLab ships in another version"


# --- Stored as JupyterLab saves them ------------------------------------------------------------


def test_there_are_chapter_files():
    assert len(CHAPTER_FILES) >= 11, CHAPTER_FILES


@pytest.mark.parametrize("page", LEARNER_PAGES)
def test_page_is_stored_in_its_normal_form(root, page):
    """Opening a chapter in JupyterLab changes no file: the stored text is what jupytext writes back,
    byte for byte, and its prose is what JupyterLab can render: cross-references as links, numbers from
    the data (`make normalise` puts every page a learner may open in that form)."""
    text = (root / f"{page}.md").read_text(encoding="utf-8")
    assert notebook_form.stored_form(page) == text, f"{page}.md is not in its stored form: run `make normalise`"


SOLUTIONS = NOTEBOOK_HEADER + """
```{exercise}
:label: ex-a
```

```{code-cell} ipython3
answer = None
```

```{solution-start} ex-a
```

```{code-cell} ipython3
answer = 1
```

Text between two cells of one solution.

```{code-cell} ipython3
answer = 2
```

```{solution-end}
```

````{solution-start} ex-b
```{solution-end}
```
````

```{code-cell} ipython3
after = True
```
"""


def test_only_solution_code_cells_are_collapsed():
    notebook = nbformat_from(notebook_form.normal_form(SOLUTIONS))
    code = [c for c in notebook.cells if c.cell_type == "code"]
    collapsed = [c.metadata.get("jupyter", {}) == notebook_form.COLLAPSED for c in code]
    assert collapsed == [False, True, True, False], [c.source for c in code]


def test_normal_form_is_stable():
    once = notebook_form.normal_form(SOLUTIONS)
    assert notebook_form.normal_form(once) == once
    assert "display_name: Python 3 (ipykernel)" in once and "jupytext_version:" in once


def nbformat_from(text):
    import jupytext

    return jupytext.reads(text, fmt=notebook_form.FORMAT)


@pytest.mark.parametrize("path", CHAPTER_FILES, ids=lambda p: p.stem)
def test_solution_code_is_collapsed_in_jupyter(path):
    """Every code cell of a solution carries the metadata JupyterLab honours to show it collapsed."""
    notebook = nbformat_from(path.read_text(encoding="utf-8"))
    before = copy.deepcopy(notebook)
    notebook_form.collapse_solutions(notebook)
    assert notebook.cells == before.cells, f"{path.name}: a solution's code cell is not collapsed: run `make normalise`"


# --- JupyterHub links (their forms: tests/test_launch_links.py) -----------------------------------


def test_jupyterhub_is_off_by_default_and_named_in_the_docs(root):
    assert links.repository_settings()["jupyterhub_url"] == ""
    with pytest.raises(ValueError, match="jupyterhub_url is empty"):
        links.jupyterhub_url(NOTEBOOK_PAGES[0])
    for doc in ("README.md", "chapters/instructor_guide.md"):
        assert "jupyterhub_url" in (root / doc).read_text(encoding="utf-8"), f"{doc} does not document the hub"


# --- The downloaded notebook --------------------------------------------------------------------


def _downloaded(book_html, path):
    notebook_file = book_html / "_sources" / f"{path}.ipynb"
    assert notebook_file.is_file(), f"{path}: no downloadable notebook at {notebook_file}"
    return nbformat.read(notebook_file, as_version=4)


@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_downloaded_notebook_says_what_it_needs(book_html, path):
    first = _downloaded(book_html, path).cells[0]
    assert first.cell_type == "markdown"
    assert first.source == links.download_note(path)
    assert links.binder_url(path) in first.source and "pip install" in first.source


def _html_outputs(book_html, path) -> list:
    notebook = _downloaded(book_html, path)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not any(WIDGET_VIEW in o.get("data", {}) for o in outputs), f"{path}: a widget view in the download"
    assert "widgets" not in notebook.metadata, f"{path}: widget state in the download, with no widget to use it"
    return [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]


@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_downloaded_notebook_shows_each_interactive_and_chart_as_a_picture(book_html, path):
    """A downloaded notebook has no widget models (no kernel ran it there): where the page shows a widget,
    the download holds only its static picture (text/html), so a trusted notebook shows no broken widget;
    and each chart is an image of its SVG, which JupyterLab keeps in an untrusted notebook's HTML (it
    strips inline SVG). The page shows the widgets, with those pictures in their place until the runtime
    replaces them (_ext/steps/widget_fallbacks.py), each in its wrapper."""
    html = _html_outputs(book_html, path)
    assert not [h for h in html if "<svg" in h], f"{path}: an inline SVG in the download"
    pictures = sum(h.count('class="mlops-static-widget"') for h in html)
    page = (book_html / f"{path}.html").read_text(encoding="utf-8")
    views = page.count(WIDGET_VIEW)
    assert views >= pictures, f"{path}: the page shows {views} widgets for {pictures} pictures in the download"
    wrapped = page.count('<div class="mlops-widget-fallback"><div class="mlops-static-widget"')
    # counted by their class attribute: the page's inline <style> names the class too
    shown = page.count('class="mlops-static-widget"')
    assert wrapped == shown == views, f"{path}: {views} widgets, {shown} pictures, {wrapped} in their place"


def test_downloaded_chapters_have_pictures_and_charts(book_html):
    """The check above is not vacuous: the downloads hold interactives' pictures and charts as images."""
    html = [h for path in NOTEBOOK_PAGES for h in _html_outputs(book_html, path)]
    assert sum(h.count('class="mlops-static-widget"') for h in html) >= 11
    assert sum(h.count('src="data:image/svg+xml;base64,') for h in html) >= 10


def test_plain_markdown_pages_offer_no_launch_and_no_notebook(book_html):
    """A page that is not a notebook (its tables computed by {book-view}, or prose alone) offers no
    Binder launch and no .ipynb download: there is nothing to run. Its source (.md) stays downloadable."""
    plain = [path for path in links.toc_files() if not links.is_notebook(path)]
    assert "chapters/paper_differences" in plain and "chapters/instructors/01_opening" in plain
    for path in plain:
        page = (book_html / f"{path}.html").read_text(encoding="utf-8")
        assert "dropdown-launch-buttons" not in page, f"{path}: a launch menu on a page with nothing to run"
        assert "btn-download-notebook-button" not in page and f"_sources/{path}.ipynb" not in page, f"{path}: an .ipynb"
        assert f"_sources/{path}.md" in page, f"{path}: its source is not offered"
