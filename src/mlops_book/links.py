"""Where things are: the repository, Binder links and the table of contents.

The repository and launch settings are read from ``_config.yml``, the one
place a fork changes, and the pages from ``_toc.yml``, so a link here never
names an address of its own.

>>> binder_url("chapters/01_opening")
'https://mybinder.org/v2/gh/keeping-ml-alive/book/main?urlpath=lab/tree/chapters/01_opening.md'
>>> jupyterhub_url("chapters/01_opening", dict(repository_settings(), jupyterhub_url="https://hub.example.edu"))
'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/keeping-ml-alive/book&urlpath=lab/tree/book/chapters/01_opening.md&branch=main'
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import yaml

from .paths import BOOK_ROOT

#: Where each Jupyter interface opens a file, as Jupyter Book builds its launch links.
INTERFACE_PATHS = {"jupyterlab": "lab/tree", "classic": "tree"}


def repository_settings(root: Path = BOOK_ROOT) -> dict:
    """The repository and launch settings of ``_config.yml``: the one place a fork changes.

    >>> repository_settings()["branch"]
    'main'
    """
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))
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


def jupyterhub_url(path: str, settings: dict | None = None) -> str:
    """The nbgitpuller link that opens the chapter at ``path`` (no suffix) on the JupyterHub of
    ``launch_buttons.jupyterhub_url``, as Jupyter Book's JupyterHub button does: the hub clones (or
    updates) the repository into a folder named after it, then opens the chapter there.

    >>> jupyterhub_url("chapters/01_opening", dict(repository_settings(), jupyterhub_url=""))
    Traceback (most recent call last):
    ...
    ValueError: _config.yml: launch_buttons.jupyterhub_url is empty: no JupyterHub to link to
    """
    s = settings or repository_settings()
    if not s["jupyterhub_url"]:
        raise ValueError("_config.yml: launch_buttons.jupyterhub_url is empty: no JupyterHub to link to")
    in_repo = "/".join(p for p in (s["path_to_book"], f"{path}.md") if p)
    query = urlencode(
        {
            "repo": s["url"],
            "urlpath": f"{INTERFACE_PATHS[s['interface']]}/{s['repository']}/{in_repo}",
            "branch": s["branch"],
        },
        safe="/",  # as sphinx-book-theme encodes it: the slashes of paths stay readable
    )
    return f"{s['jupyterhub_url']}/hub/user-redirect/git-pull?{query}"


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
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
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
    return bool(front) and "kernelspec" in (yaml.safe_load(front.group(1)) or {})
