"""Run the notebooks that must be executed a few at a time, before Sphinx reads them one by one.

Why: myst-nb 1.4.0 executes a notebook when Sphinx reads its page, so the book's notebooks run one
after another; each spends a good part of its time starting a kernel and importing the package,
and a cold build on two cores left one core idle for most of a minute. At builder-inited (after
``data_dependencies`` has emptied a stale cache) this reads every notebook page of the project the
way myst-nb reads it (its own reader and configuration), leaves out those the execution cache
already holds, and executes the others, :data:`WORKERS` at a time (the first as soon as a second is
found: reading the pages takes seconds a core would otherwise spend idle), with the same call myst-nb makes
(jupyter-cache's ``single_nb_execution``, in the page's own folder, with the configured timeout and
``allow_errors``). Each success goes into the jupyter-cache as myst-nb would put it there, so when
Sphinx reads the page myst-nb finds it cached. A notebook that fails here is not cached: myst-nb
runs it again when it reads the page and reports the failure as always (the strict build stops).
With fewer than two notebooks to run (a rebuild after one chapter changed) it does nothing.

Widget models are named by random ids, which ``stable_widget_ids`` renames in the order the kernel
made them; the cache stores a notebook's widget state sorted by id, which loses that order, so the
models of each notebook run here get their stable names (:func:`stable_widget_ids._stable_id`) before
it is cached, in the kernel's order, and ``stable_widget_ids`` keeps names that are stable already:
two clean builds give the same pages.

The log keeps myst-nb's wording ("<page>: Executing notebook", "<page>: Executed notebook in N
seconds"), which tests/test_build.py and tools/bench.py read; with notebooks running side by side
the seconds of each add up to more than the wall time.

Upstream: jupyter-book/jupyter-book#1735 (open: ``jupyter-book build`` has no ``-j``, so myst-nb's
own parallel execution under ``sphinx-build -j`` is out of reach) and executablebooks/jupyter-cache#37
(parallel execution, open). Checked against jupyter-book 1.0.4.post1, myst-nb 1.4.0 and
jupyter-cache 1.0.1, the pinned versions: it relies on myst-nb's reader (``create_nb_reader``) and
on the cache matching a notebook by its code and kernelspec alone.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import create_nb_reader
from sphinx.util import logging
from stable_widget_ids import _stable_id

#: The pinned versions this patch was checked against (tests/test_hygiene.py compares them
#: with requirements.txt, so a new version means re-checking the patch).
PATCHES = {"jupyter-book": "1.0.4.post1", "myst-nb": "1.4.0", "jupyter-cache": "1.0.1"}

#: Notebooks run at once: one per core (kernels are busy on the CPU), at most four.
WORKERS = max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4))

#: Where nbclient keeps an executed notebook's widget models (``metadata.widgets``).
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

logger = logging.getLogger(__name__)


def _notebooks(app):
    """(docname, path, notebook as myst-nb reads it, its read format) of every notebook page of the project,
    each as soon as it is read."""
    env = app.env
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix not in (".md", ".ipynb"):
            continue
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
        if reader is None:  # plain Markdown: nothing to run
            continue
        notebook = reader.read(text)
        if "kernelspec" in notebook.metadata:
            yield docname, path, notebook, reader.read_fmt


def with_stable_widget_ids(notebook, docname: str):
    """The executed notebook with its widget models renamed as ``stable_widget_ids`` names them, in
    the order the kernel made them (the order of its widget state)."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if not state:
        return notebook
    text = nbformat.writes(notebook)
    for n, old in enumerate(state):
        text = text.replace(old, _stable_id(docname, n))
    return nbformat.reads(text, as_version=4)


def _execute(item, config):
    docname, path, notebook, _ = item
    logger.info(f"{path}: Executing notebook ({WORKERS} at a time)")
    result = single_nb_execution(
        notebook,
        cwd=str(path.parent),
        allow_errors=config.execution_allow_errors,
        timeout=config.execution_timeout,
        meta_override=True,
    )
    return item, result


def _cache(cache, item, result) -> None:
    """Put an executed notebook into the jupyter-cache as myst-nb would (a failed one is left out)."""
    docname, path, notebook, read_fmt = item
    if result.err is not None:  # myst-nb runs it again when it reads the page, and reports it
        logger.info(f"{path}: failed ({type(result.err).__name__}); it runs again when its page is read")
        return
    stage = cache.add_nb_to_project(str(path), read_data=read_fmt) if read_fmt else cache.add_nb_to_project(str(path))
    cache.cache_notebook_bundle(
        CacheBundleIn(with_stable_widget_ids(notebook, docname), stage.uri, data={"execution_seconds": result.time}),
        check_validity=False,
        overwrite=True,
    )
    logger.info(f"{path}: Executed notebook in {result.time:.2f} seconds")


def pre_execute(app):
    config = app.env.mystnb_config
    if config.execution_mode != "cache" or WORKERS < 2:
        return
    app.env.find_files(app.config, app.builder)  # the project's pages, as Sphinx will read them
    cache = get_cache(config.execution_cache_path)
    held, running = [], []
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for item in _notebooks(app):
            try:
                cache.match_cache_notebook(item[2])
            except KeyError:  # not executed yet
                held.append(item)
            if len(held) + len(running) >= 2:  # two or more to run: worth running here, so start them
                running += [pool.submit(_execute, waiting, config) for waiting in held]
                held = []
        if running:
            logger.info(f"executing {len(running)} notebooks, {WORKERS} at a time")
        for future in running:  # in the order they were found: the cache's ids stay those of a serial build
            _cache(cache, *future.result())


def setup(app):
    # after myst-nb's builder-inited handler (which resolves the cache folder) and after
    # data_dependencies (priority 600), which empties the cache when data/ or src/ changed
    app.connect("builder-inited", pre_execute, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
