"""Where things are: the repository, the launch links (Binder, a JupyterHub, Colab) and the table of contents.

The repository and launch settings are read from ``_config.yml``, the one
place a fork changes, and the pages from ``_toc.yml``, so a link here never
names an address of its own.

>>> binder_url("chapters/01_opening")
'https://mybinder.org/v2/gh/keeping-ml-alive/book/main?urlpath=lab/tree/chapters/01_opening.md'
>>> hub = dict(repository_settings(), jupyterhub_url="https://hub.example.edu")
>>> print(jupyterhub_url("chapters/01_opening", hub).replace("&", "\\n&"))
https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/keeping-ml-alive/book
&branch=main
&targetPath=keeping-machine-learning-alive
&urlpath=lab/tree/keeping-machine-learning-alive/chapters/01_opening.md
>>> lti_launch_url("chapters/01_opening", hub)[:117]
'https://hub.example.edu/hub/lti/launch?next=%2Fhub%2Fuser-redirect%2Fgit-pull%3Frepo%3Dhttps%253A%252F%252Fgithub.com'
>>> colab_url("chapters/01_opening")
'https://colab.research.google.com/github/keeping-ml-alive/book/blob/main/colab/chapters/01_opening.ipynb'
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

from . import data
from .paths import BOOK_ROOT

#: Where each Jupyter interface opens a file, as Jupyter Book builds its launch links.
INTERFACE_PATHS = {"jupyterlab": "lab/tree", "classic": "tree"}


def repository_settings(root: Path = BOOK_ROOT) -> dict:
    """The repository and launch settings of ``_config.yml``: the one place a fork changes.

    >>> repository_settings()["branch"]
    'main'
    """
    config = data.parse_yaml((Path(root) / "_config.yml").read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    launch = config.get("launch_buttons") or {}
    url = str(repo.get("url", "")).rstrip("/")
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?", url)
    if not match:
        raise ValueError(f"_config.yml: repository.url must be https://github.com/<owner>/<repository>, not {url!r}")
    interface = launch.get("notebook_interface", "jupyterlab")
    if interface not in INTERFACE_PATHS:
        raise ValueError(f"_config.yml: launch_buttons.notebook_interface must be one of {sorted(INTERFACE_PATHS)}")
    return {
        "title": str(config.get("title") or match.group(2)),
        # The folder a JupyterHub clones the book into (nbgitpuller's targetPath): named after the book.
        "folder": folder_name(str(config.get("title") or match.group(2))),
        "url": url,
        "owner": match.group(1),
        "repository": match.group(2),
        "branch": repo.get("branch") or "master",  # Jupyter Book's own default when none is set
        "path_to_book": str(repo.get("path_to_book") or "").strip("/"),
        "binderhub_url": str(launch.get("binderhub_url", "https://mybinder.org")).rstrip("/"),
        # A campus JupyterHub with nbgitpuller; empty (the default) means no JupyterHub button.
        "jupyterhub_url": str(launch.get("jupyterhub_url") or "").strip("/"),
        "interface": interface,
    }


def binder_url(path: str, settings: dict | None = None) -> str:
    """The Binder link that opens the chapter at ``path`` (no suffix) as Jupyter Book's button does."""
    s = settings or repository_settings()
    in_repo = "/".join(p for p in (s["path_to_book"], f"{path}.md") if p)
    return (
        f"{s['binderhub_url']}/v2/gh/{s['owner']}/{s['repository']}/{s['branch']}"
        f"?urlpath={INTERFACE_PATHS[s['interface']]}/{in_repo}"
    )


def folder_name(title: str) -> str:
    """The folder a JupyterHub clones the book into: its title in lower case, words joined by hyphens
    (a folder named after the book, not after the repository, whose name may be as bare as ``book``).

    >>> folder_name("Keeping Machine Learning Alive")
    'keeping-machine-learning-alive'
    >>> folder_name("  MLOps: 2nd edition! ")
    'mlops-2nd-edition'
    """
    words = re.findall(r"[a-z0-9]+", title.lower())
    if not words:
        raise ValueError(f"_config.yml: the title {title!r} gives no folder name for a JupyterHub")
    return "-".join(words)


def _git_pull_query(path: str, s: dict) -> dict:
    """nbgitpuller's parameters for the chapter at ``path``: clone (or update) the repository's branch into
    the folder named after the book (``targetPath``), then open the chapter there (``urlpath``)."""
    in_repo = "/".join(p for p in (s["path_to_book"], f"{path}.md") if p)
    return {
        "repo": s["url"],
        "branch": s["branch"],
        "targetPath": s["folder"],
        "urlpath": f"{INTERFACE_PATHS[s['interface']]}/{s['folder']}/{in_repo}",
    }


def _hub(settings: dict | None) -> tuple[dict, str]:
    s = settings or repository_settings()
    if not s["jupyterhub_url"]:
        raise ValueError("_config.yml: launch_buttons.jupyterhub_url is empty: no JupyterHub to link to")
    return s, s["jupyterhub_url"]


def jupyterhub_url(path: str, settings: dict | None = None) -> str:
    """The nbgitpuller link that opens the chapter at ``path`` (no suffix) on the JupyterHub of
    ``launch_buttons.jupyterhub_url``: the hub clones (or updates) the repository into the folder
    named after the book (:func:`folder_name`), then opens the chapter there.

    >>> jupyterhub_url("chapters/01_opening", dict(repository_settings(), jupyterhub_url=""))
    Traceback (most recent call last):
    ...
    ValueError: _config.yml: launch_buttons.jupyterhub_url is empty: no JupyterHub to link to
    """
    s, hub = _hub(settings)
    # as sphinx-book-theme encodes it: the slashes of paths stay readable
    return f"{hub}/hub/user-redirect/git-pull?{urlencode(_git_pull_query(path, s), safe='/')}"


def lti_launch_url(path: str, settings: dict | None = None) -> str:
    """The same link in the form a learning platform's LTI tool launches (Canvas, Moodle, with the hub's
    LTI authenticator): ``hub/lti/launch?next=`` and the nbgitpuller link's path and query, URL-encoded,
    as nbgitpuller's own link generator writes it."""
    s, hub = _hub(settings)
    after_login = f"/hub/user-redirect/git-pull?{urlencode(_git_pull_query(path, s), quote_via=quote, safe='')}"
    return f"{hub}/hub/lti/launch?{urlencode({'next': after_login}, quote_via=quote, safe='')}"


#: Where Colab opens a notebook stored on GitHub.
COLAB = "https://colab.research.google.com/github"
#: The folder of the repository that holds each notebook page as the ``.ipynb`` Colab opens (:mod:`mlops_book.colab`).
COLAB_FOLDER = "colab"


def colab_url(path: str, settings: dict | None = None) -> str:
    """The link that opens the chapter at ``path`` (no suffix) in Google Colab: its ``.ipynb`` form in the
    repository's ``colab/`` folder, whose first code cell installs the package from the repository."""
    s = settings or repository_settings()
    in_repo = "/".join(p for p in (s["path_to_book"], COLAB_FOLDER, f"{path}.ipynb") if p)
    return f"{COLAB}/{s['owner']}/{s['repository']}/blob/{s['branch']}/{in_repo}"


def pip_requirement(settings: dict | None = None) -> str:
    """What ``pip install`` takes to install the book's package, with its data, from the repository.

    >>> pip_requirement()
    'mlops-book @ git+https://github.com/keeping-ml-alive/book@main'
    """
    s = settings or repository_settings()
    subdirectory = f"#subdirectory={s['path_to_book']}" if s["path_to_book"] else ""
    return f"mlops-book @ git+{s['url']}@{s['branch']}{subdirectory}"


#: The first cell of a downloaded chapter (Markdown); see :func:`download_note`.
DOWNLOAD_NOTE = """\
**Before you run this notebook.** It is a chapter of the book *Keeping Machine Learning Alive*, and its \
code cells call the book's Python package `mlops_book`, which reads the book's data: both live in the \
book's repository, not in this file.

- **Without installing anything:** open the chapter on Binder: <{binder}>.
- **On your machine:** get the repository, install its pinned environment and the package in place \
(it reads `data/` from the checkout):

  ```bash
  git clone {url}.git
  cd {folder}
  pip install -r requirements.txt
  pip install --no-deps --editable .
  ```

  then open `{chapter}` there (`make lab` opens every chapter in JupyterLab).

Each interactive and chart here is a static picture of its first state, trusted or not; run the \
notebook with the package installed and trust it (JupyterLab: *Trust Notebook* in the command palette), and \
each interactive is live."""


def download_note(path: str, settings: dict | None = None) -> str:
    """The first cell (Markdown) of the chapter at ``path`` downloaded as ``.ipynb``: what it needs to run
    (the book's package and data, from the repository) and how to get it.

    >>> note = download_note("chapters/05_three_vs")
    >>> binder_url("chapters/05_three_vs") in note, "pip install --no-deps --editable ." in note
    (True, True)
    """
    s = settings or repository_settings()
    chapter = "/".join(p for p in (s["path_to_book"], f"{path}.md") if p)
    return DOWNLOAD_NOTE.format(binder=binder_url(path, s), url=s["url"], folder=s["repository"], chapter=chapter)


def toc_files(root: Path = BOOK_ROOT) -> list[str]:
    """Every page ``_toc.yml`` lists, in reading order, as paths without suffix.

    >>> toc_files()[:2]
    ['index', 'chapters/01_opening']
    """
    toc = data.parse_yaml((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    found = [str(toc["root"])]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(str(entry["file"]).removesuffix(".md").removesuffix(".ipynb"))
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts") or [toc]:
        walk(part.get("chapters"))
    return found


def is_notebook(path: str, root: Path = BOOK_ROOT) -> bool:
    """Whether the page at ``path`` is a MyST Markdown notebook (front matter with a kernelspec).

    >>> is_notebook("chapters/01_opening"), is_notebook("no/such/page")
    (True, False)
    """
    source = Path(root) / f"{path}.md"
    if not source.exists():
        return False
    text = source.read_text(encoding="utf-8")
    front = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    return bool(front) and "kernelspec" in (data.parse_yaml(front.group(1)) or {})


#: The hub the instructor guide's table shows while ``launch_buttons.jupyterhub_url`` is empty.
EXAMPLE_HUB = "https://hub.example.edu"


def page_title(path: str, root: Path = BOOK_ROOT) -> str:
    """The first heading of the page at ``path`` (no suffix).

    >>> page_title("chapters/labs/01_drift")
    'Lab 1: Drift and Retraining Cadence'
    """
    text = (Path(root) / f"{path}.md").read_text(encoding="utf-8")
    heading = re.search(r"^# (.+)$", text, re.MULTILINE)
    return heading.group(1).strip() if heading else path


def launch_links(hub: str = "", root: Path = BOOK_ROOT) -> list[dict]:
    """Every notebook page's launch links on the JupyterHub at ``hub`` (default: ``launch_buttons.jupyterhub_url``,
    else :data:`EXAMPLE_HUB`): nbgitpuller's link, its LTI form, and Colab's.

    >>> first = launch_links("https://hub.school.edu/")[0]
    >>> first["page"], first["hub"].startswith("https://hub.school.edu/hub/user-redirect/git-pull?")
    ('chapters/01_opening', True)
    """
    s = repository_settings(root)
    s["jupyterhub_url"] = (hub or s["jupyterhub_url"] or EXAMPLE_HUB).rstrip("/")
    return [
        {
            "page": page,
            "title": page_title(page, root),
            "hub": jupyterhub_url(page, s),
            "lti": lti_launch_url(page, s),
            "colab": colab_url(page, s),
        }
        for page in toc_files(root)
        if is_notebook(page, root)
    ]


def launch_table(hub: str = ""):
    """:func:`launch_links` as a table for the instructor guide: each link under a short name (the address
    is the link's; copy it with the browser's "Copy link")."""
    import pandas as pd

    from .blocks import link

    rows = launch_links(hub)
    return pd.DataFrame(
        {
            "Page": [row["title"] for row in rows],
            "JupyterHub": [link(row["hub"], "nbgitpuller link") for row in rows],
            "Learning platform (LTI)": [link(row["lti"], "LTI launch link") for row in rows],
            "Colab": [link(row["colab"], "Open in Colab") for row in rows],
        }
    )


def main(argv: list[str]) -> int:
    """``python -m mlops_book.links [HUB]``: every notebook page's launch links, for your hub, one per line."""
    for row in launch_links(argv[0] if argv else ""):
        print(f"{row['page']}\n  hub:   {row['hub']}\n  lti:   {row['lti']}\n  colab: {row['colab']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
