"""Give the widgets on each page ids that are the same in every build.

Why: every widget model is named by its comm id, a random ``uuid4().hex`` made in the
kernel, so two builds of the same book gave different pages (tests/test_build.py). The
ids only tie a page's ``widget-view`` scripts to its embedded widget state, so after
myst-nb has read a notebook this renames them, in the order the kernel created the
models, to ``md5("<docname>:<n>")``: the same 32 hex digits in every build.

Upstream: no issue found asking ipywidgets or myst-nb for reproducible model ids; the id is
``uuid.uuid4().hex`` in ``comm.base_comm.BaseComm`` (comm 0.2.3), used by ipywidgets 8.1.9,
and the renaming goes through ``NbMetadataCollector`` of myst-nb 1.4.0: the pinned versions.
"""

from __future__ import annotations

import hashlib
import json

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector

#: The pinned versions this patch was checked against (tests/test_hygiene.py compares them
#: with requirements.txt, so a new version means re-checking the patch).
PATCHES = {"myst-nb": "1.4.0", "ipywidgets": "8.1.9", "comm": "0.2.3"}

STATE_KEY = "ipywidgets_state"  # myst-nb's key for the page's embedded widget state


def _stable_id(docname: str, position: int) -> str:
    return hashlib.md5(f"{docname}:{position}".encode()).hexdigest()


def _rename(text: str, renames: dict[str, str]) -> str:
    for old, new in renames.items():
        text = text.replace(old, new)
    return text


def stabilise_widget_ids(app, doctree):
    env = app.env
    js_files = NbMetadataCollector.get_js_files(env, env.docname)
    if STATE_KEY not in js_files:
        return
    uri, attributes = js_files[STATE_KEY]
    body = attributes["body"]
    # The body is JSON with "</" escaped as "<\/", which json.loads reads back as "</".
    models = json.loads(body)["state"]
    stable = [_stable_id(env.docname, n) for n in range(len(models))]
    if sorted(models) == sorted(stable):  # named already, in the kernel's order (parallel_execution.py)
        return
    renames = {old: stable[n] for n, old in enumerate(models)}
    NbMetadataCollector.add_js_file(
        env, env.docname, STATE_KEY, uri, {**attributes, "body": _rename(body, renames)}
    )
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "widget-view+json" in text:
            renamed = nodes.raw(raw.rawsource, _rename(text, renames), **raw.attributes)
            raw.replace_self(renamed)


def setup(app):
    app.setup_extension("myst_nb")
    app.connect("doctree-read", stabilise_widget_ids)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
