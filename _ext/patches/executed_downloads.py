"""Make every notebook page's ``.ipynb`` download the executed notebook, cached or not, with a first
cell saying what it needs.

Why: myst-nb 1.4.0 writes each page's notebook to ``_build/jupyter_execute``, from which
sphinx-book-theme copies the ``.ipynb`` a reader downloads. When a page is executed, the notebook
written carries its outputs; but when its outputs come from the execution cache (every rebuild of
an unchanged chapter), myst-nb merges them into a copy and writes the original, so the download
has no outputs. After reading, this puts the cached outputs back into those notebooks. A downloaded
notebook is also cut off from the book's package and data: its first cell
(:func:`mlops_book.links.download_note`) says how to get them, and its outputs show as static
pictures, trusted or not (:func:`mlops_book.fallback.for_download`).

Upstream: no issue found in executablebooks/MyST-NB or jupyter-book/jupyter-book for this
(executablebooks/MyST-NB#617, cached outputs not restored for jupytext ``.py`` notebooks, is
a different case). Checked against myst-nb 1.4.0, jupyter-cache 1.0.1 and
sphinx-book-theme 1.3.0, the pinned versions.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from jupyter_cache import get_cache

from mlops_book import fallback, links

#: Marks the first cell this adds, so that a notebook already given one is not given another.
NOTE_TAG = "mlops-book-download-note"

#: The pinned versions this patch was checked against (tests/test_hygiene.py compares them
#: with requirements.txt, so a new version means re-checking the patch).
PATCHES = {"myst-nb": "1.4.0", "jupyter-cache": "1.0.1", "sphinx-book-theme": "1.3.0"}


def _unexecuted(notebook) -> bool:
    """Whether a cell the build runs has no outputs yet (a skip-execution cell never has)."""
    return any(
        c.cell_type == "code" and not c.get("execution_count") and "skip-execution" not in c.metadata.get("tags", [])
        for c in notebook.cells
    )


def _with_cached_outputs(notebook, cache):
    """The notebook with its outputs from the execution cache, when it has none and the cache has them."""
    if cache is None or not _unexecuted(notebook):
        return notebook
    try:
        _, merged = cache.merge_match_into_notebook(notebook)
    except KeyError:  # not in the cache: the page was not executed at all; leave it as it is
        return notebook
    return merged


def _has_note(notebook) -> bool:
    return any(NOTE_TAG in c.get("metadata", {}).get("tags", []) for c in notebook.cells[:1])


def _with_note(notebook, docname: str):
    """The notebook with the download note as its first cell (once)."""
    if not _has_note(notebook):
        note = nbformat.v4.new_markdown_cell(links.download_note(docname), metadata={"tags": [NOTE_TAG]})
        notebook.cells.insert(0, note)
    return notebook


def prepare_downloads(app, env):
    config = env.mystnb_config  # myst-nb's settings, with the folders it resolved for this build
    folder = Path(config.output_folder)
    cache = get_cache(config.execution_cache_path) if config.execution_mode == "cache" else None
    for docname in sorted(env.found_docs):
        path = folder / f"{docname}.ipynb"
        if not path.exists():
            continue
        notebook = nbformat.read(path, as_version=4)
        if _has_note(notebook) and not _unexecuted(notebook):
            continue  # prepared by an earlier build, and not written again since
        prepared = _with_note(_with_cached_outputs(notebook, cache), docname)
        fallback.for_download(prepared)
        nbformat.write(prepared, path)


def setup(app):
    app.connect("env-updated", prepare_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
