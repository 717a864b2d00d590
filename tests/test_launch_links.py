"""The launch links a class uses: nbgitpuller's two forms (a hub's own link, and the LTI launch a learning
platform sends) and Colab's, each parsed and its parameters checked; the Colab notebooks they open.

Expectations come from _config.yml through mlops_book.links and from nbgitpuller's documented parameters
(``repo``, ``branch``, ``targetPath``, ``urlpath``), never from the code under test's own formatting.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement

from mlops_book import colab, links

NOTEBOOK_PAGES = [path for path in links.toc_files() if links.is_notebook(path)]
HUB = "https://hub.example.edu/"


def _settings(root, branch="main"):
    return dict(links.repository_settings(), jupyterhub_url=HUB.rstrip("/"), branch=branch)


def _expected_pull(root, path, branch):
    """What nbgitpuller must receive: the repository and branch of _config.yml, a folder named after the book
    (its title), and the chapter inside that folder."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    folder = "-".join(config["title"].lower().split())
    return {
        "repo": [config["repository"]["url"]],
        "branch": [branch],
        "targetPath": [folder],
        "urlpath": [f"lab/tree/{folder}/{path}.md"],
    }


def test_the_clone_folder_is_named_after_the_book_not_the_repository(root):
    folder = links.repository_settings()["folder"]
    assert folder == "keeping-machine-learning-alive"
    assert folder != links.repository_settings()["repository"]


@pytest.mark.parametrize("branch", ["main", "teaching/2026"])
def test_nbgitpuller_links_are_well_formed(root, branch):
    settings = _settings(root, branch)
    for path in NOTEBOOK_PAGES:
        url = links.jupyterhub_url(path, settings)
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
        assert parse_qs(parts.query, strict_parsing=True) == _expected_pull(root, path, branch)
        assert "repo=https%3A//github.com/" in url, url  # the repository's URL is encoded, its slashes kept
        assert " " not in url and "://" not in parts.query


@pytest.mark.parametrize("branch", ["main", "teaching/2026"])
def test_lti_launch_links_carry_the_same_pull_url_encoded(root, branch):
    settings = _settings(root, branch)
    for path in NOTEBOOK_PAGES:
        url = links.lti_launch_url(path, settings)
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/lti/launch")
        # one parameter, its value wholly encoded: no bare & = / ? that a platform could split on
        assert "&" not in parts.query and parts.query.count("=") == 1 and not set("/?") & set(parts.query), url
        after_login = parse_qs(parts.query, strict_parsing=True)
        assert list(after_login) == ["next"]
        pull = urlsplit(after_login["next"][0])
        assert (pull.scheme, pull.netloc, pull.path) == ("", "", "/hub/user-redirect/git-pull")
        assert parse_qs(pull.query, strict_parsing=True) == _expected_pull(root, path, branch)
        assert unquote(unquote(url)).count("https://github.com/") == 1


def test_hub_links_come_from_the_configured_hub(root):
    for url in (links.jupyterhub_url("chapters/01_opening", _settings(root)),
                links.lti_launch_url("chapters/01_opening", _settings(root))):
        assert url.startswith("https://hub.example.edu/hub/") and "//hub/" not in url.removeprefix("https://")


def test_colab_links_open_the_notebook_form_on_github(root):
    settings = links.repository_settings()
    for path in NOTEBOOK_PAGES:
        parts = urlsplit(links.colab_url(path))
        assert (parts.scheme, parts.netloc) == ("https", "colab.research.google.com")
        owner, repository, blob, branch, *rest = parts.path.removeprefix("/github/").split("/")
        assert (owner, repository, blob, branch) == (settings["owner"], settings["repository"], "blob", "main")
        assert (root / "/".join(rest)) == colab.path_of(path), parts.path
        assert colab.path_of(path).is_file(), f"{path}: Colab would open nothing (run `make normalise`)"


def test_colab_notebooks_are_their_chapters():
    """colab/ is generated from the chapters: one file per notebook page, none other, none stale."""
    assert colab.main(["--check"]) == 0, "colab/ differs from the chapters: run `make normalise`"


@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_colab_notebook_installs_the_package_from_the_repository_first(root, path):
    notebook = nbformat.read(colab.path_of(path), as_version=4)
    nbformat.validate(notebook)
    note, install, *chapter = notebook.cells
    assert note.cell_type == "markdown" and links.binder_url(path) in note.source
    assert "Colab is not the book's own environment" in note.source  # the limitation, said
    assert install.cell_type == "code" and install.source.startswith("%pip install")
    requirement = Requirement(install.source.split('"')[1])
    settings = links.repository_settings()
    assert requirement.name == "mlops-book" and requirement.url == f"git+{settings['url']}@{settings['branch']}"
    first_code = next(c for c in chapter if c.cell_type == "code")
    assert "mlops_book" in first_code.source, f"{path}: the chapter's first code cell does not use the package"
    assert not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code")


def test_the_instructor_guide_lists_every_pages_links(root):
    guide = (root / "chapters" / "instructor_guide.md").read_text(encoding="utf-8")
    assert "{book-view} links.launch_table" in guide
    frame = links.launch_table(HUB)
    assert list(frame["Page"]) == [links.page_title(p) for p in NOTEBOOK_PAGES]
    for column, make in (("JupyterHub", links.jupyterhub_url), ("Learning platform (LTI)", links.lti_launch_url)):
        shown = [block.html for block in frame[column]]
        for html, path in zip(shown, NOTEBOOK_PAGES, strict=True):
            assert f'href="{make(path, _settings(root)).replace("&", "&amp;")}"' in html, html


@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_the_launch_menu_opens_the_page_in_colab(book_html, path):
    """The built page's launch menu links this page's Colab form (the theme's own would link the .md)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((book_html / f"{path}.html").read_text(encoding="utf-8"), "html.parser")
    menu = [a["href"] for a in page.select(".dropdown-launch-buttons a[href]")]
    colab_links = [href for href in menu if href.startswith(links.COLAB)]
    assert colab_links == [links.colab_url(path)], f"{path}: Colab links {colab_links} in the launch menu {menu}"
