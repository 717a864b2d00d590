"""Make every notebook page's ``.ipynb`` download the executed notebook, cached or not.

Why: myst-nb 1.4.0 writes each page's notebook to ``_build/jupyter_execute``, from which
sphinx-book-theme copies the ``.ipynb`` a reader downloads. When a page is executed, the notebook
written carries its outputs; but when its outputs come from the execution cache (every rebuild of
an unchanged chapter), myst-nb merges them into a copy and writes the original, so the download
has no outputs. After reading, this puts the cached outputs back into those notebooks.

Upstream: no issue found in executablebooks/MyST-NB or jupyter-book/jupyter-book for this
(executablebooks/MyST-NB#617, cached outputs not restored for jupytext ``.py`` notebooks, is
a different case). Checked against myst-nb 1.4.0, jupyter-cache 1.0.1 and
sphinx-book-theme 1.3.0, the pinned versions.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from jupyter_cache import get_cache

#: The pinned versions this patch was checked against (tests/test_hygiene.py compares them
#: with requirements.txt, so a new version means re-checking the patch).
PATCHES = {"myst-nb": "1.4.0", "jupyter-cache": "1.0.1", "sphinx-book-theme": "1.3.0"}


def _unexecuted(notebook) -> bool:
    return any(c.cell_type == "code" and not c.get("execution_count") for c in notebook.cells)


def restore_cached_outputs(app, env):
    config = env.mystnb_config  # myst-nb's settings, with the folders it resolved for this build
    if config.execution_mode != "cache":
        return
    folder = Path(config.output_folder)
    cache = get_cache(config.execution_cache_path)
    for docname in sorted(env.found_docs):
        path = folder / f"{docname}.ipynb"
        if not path.exists():
            continue
        notebook = nbformat.read(path, as_version=4)
        if not _unexecuted(notebook):
            continue
        try:
            _, merged = cache.merge_match_into_notebook(notebook)
        except KeyError:  # not in the cache: the page was not executed at all; leave it as it is
            continue
        nbformat.write(merged, path)


def setup(app):
    app.connect("env-updated", restore_cached_outputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
