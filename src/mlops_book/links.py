"""Where things are: the repository, Binder links and the table of contents.

The repository and launch settings are read from ``_config.yml``, the one
place a fork changes, and the pages from ``_toc.yml``, so a link here never
names an address of its own.

>>> binder_url("chapters/01_opening")
'https://mybinder.org/v2/gh/keeping-ml-alive/book/main?urlpath=lab/tree/chapters/01_opening.md'
"""

from __future__ import annotations

import re
from pathlib import Path

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
