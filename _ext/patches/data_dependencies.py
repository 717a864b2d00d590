"""Re-run every chapter when the book's data or package changes.

Why: a chapter's outputs depend on ``data/`` and ``src/`` as much as on its own cells, but
Sphinx re-reads a page only when the page's own file changes, and myst-nb's execution cache
keys a notebook on its code alone. Without this, an edited data file would leave every
unchanged chapter showing numbers computed from the old data.

So: a fingerprint of every file under ``data/`` and ``src/`` is kept beside the execution
cache. When it differs from the current one, the cache is emptied and every page is read
again; when nothing changed, a rebuild stays a no-op.

Upstream: jupyter-book/jupyter-book#1633 (cached notebooks are re-executed only when their
code cells change; open, asks for a way to force it) and executablebooks/MyST-NB#621 (a
cell's ``:load:`` file changing does not invalidate the cache; open). Checked against
myst-nb 1.4.0 and jupyter-cache 1.0.1, the pinned versions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: The pinned versions this patch was checked against (tests/test_hygiene.py compares them
#: with requirements.txt, so a new version means re-checking the patch).
PATCHES = {"myst-nb": "1.4.0", "jupyter-cache": "1.0.1"}

INPUTS = ("data", "src")
STAMP = "book-inputs.sha256"


def fingerprint(root: Path) -> str:
    """A digest of the names and contents of every file the chapters compute from."""
    from mlops_book import paths

    return paths.digest(root, *INPUTS)


def check_inputs(app):
    cache = Path(app.env.mystnb_config.execution_cache_path)
    stamp = cache / STAMP
    current = fingerprint(Path(app.srcdir))
    previous = stamp.read_text(encoding="utf-8").strip() if stamp.exists() else None
    app.inputs_changed = previous != current
    if app.inputs_changed:
        if cache.exists():
            shutil.rmtree(cache)
        cache.mkdir(parents=True)
        stamp.write_text(current + "\n", encoding="utf-8")


def reread_all_when_inputs_changed(app, env, added, changed, removed):
    return sorted(env.found_docs - added - changed - removed) if app.inputs_changed else []


def setup(app):
    # after myst-nb's own builder-inited handler, which resolves the cache folder
    app.connect("builder-inited", check_inputs, priority=600)
    app.connect("env-get-outdated", reread_all_when_inputs_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
