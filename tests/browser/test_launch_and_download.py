"""Every notebook page can be launched on Binder and downloaded as an executed notebook.

Pages are discovered from _toc.yml (the pages written as notebooks); expectations come from
_config.yml through mlops_book.links, never typed here. Every page's links are checked in its HTML;
the header's menus, the same on every page, are opened in the browser on a fixed sample of the pages
in `make test` and on every page in `make test-all`. That a chapter's exercise solutions stay folded
until a learner opens them is checked in each chapter's visit at 1280 px (test_every_page.py).
"""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

import nbformat
import pytest
from bs4 import BeautifulSoup

from mlops_book import kit, links
from support import sample

NOTEBOOK_PAGES = [path for path in links.toc_files() if links.is_notebook(path)]
#: The chapters (sections.csv), whose pages have exercises with solutions.
CHAPTER_PAGES = [c.path for c in kit.chapters()]


def _soup(book_html, path):
    page = book_html / f"{path}.html"
    assert page.exists(), f"{path} was not built: no {page}"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_there_are_notebook_pages():
    assert NOTEBOOK_PAGES and CHAPTER_PAGES


@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_binder_link_opens_this_page_on_main_in_jupyterlab(path, book_html):
    settings = links.repository_settings()
    launch_menu = _soup(book_html, path).select(".dropdown-launch-buttons a[href]")
    binder_links = [a["href"] for a in launch_menu if a["href"].startswith(settings["binderhub_url"])]
    assert binder_links, f"{path}: no Binder link in the page's launch menu"
    assert set(binder_links) == {links.binder_url(path, settings)}, f"{path}: Binder links {binder_links}"
    assert f"/{settings['branch']}?urlpath=lab/tree/{path}.md" in binder_links[0]


@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_ipynb_download_is_the_executed_notebook(path, book_html):
    link = _soup(book_html, path).select_one("a.btn-download-notebook-button")
    assert link is not None, f"{path}: the download menu offers no .ipynb"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link["href"]))
    assert target.endswith(".ipynb"), link["href"]
    notebook_file = book_html / target
    assert notebook_file.is_file(), f"{path}: the .ipynb link points at nothing ({target})"
    notebook = nbformat.read(notebook_file, as_version=4)
    nbformat.validate(notebook)
    # a lab's live cell is tagged skip-execution: it needs a learner at the controls, not the build
    code = [c for c in notebook.cells if c.cell_type == "code" and "skip-execution" not in c.metadata.get("tags", [])]
    assert code, f"{path}: the notebook has no code cells"
    assert all(c.get("execution_count") for c in code), f"{path}: the downloaded notebook was not executed"
    assert any(c.outputs for c in code), f"{path}: the downloaded notebook has no outputs"


@pytest.mark.parametrize("path", sample(NOTEBOOK_PAGES, 4))
def test_reader_finds_launch_and_download_in_the_header(path, page, book_url):
    page.goto(f"{book_url}/{path}.html")
    page.get_by_role("button", name="Download this page").click()
    download = page.locator("a.btn-download-notebook-button")
    download.wait_for(state="visible")
    response = page.request.get(urljoin(page.url, download.get_attribute("href")))
    assert response.ok
    nbformat.validate(nbformat.reads(response.text(), as_version=4))
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Launch interactive content").click()
    binder = page.locator(f'a[href="{links.binder_url(path)}"]')
    binder.wait_for(state="visible")
