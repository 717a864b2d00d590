"""Make ``[words](page.md#anchor)`` resolve to a page's labels and glossary terms, as in JupyterLab.

The chapters cross-reference with Markdown links to the page's ``.md`` file
(:mod:`mlops_book.cross_references`), because jupyterlab-myst, which renders them on Binder,
does not know Sphinx's roles. MyST's Sphinx parser resolves ``page.md`` to the page, but it
resolves ``page.md#anchor`` only to the anchors of headings it slugged itself (its
``myst_slugs``, kept in the page's metadata), and warns about any other, which stops the strict
build. This step adds to each page's slugs the ids a reader's link needs: every label written
``(label)=`` and every glossary term (``term-<Term>``, Sphinx's own id for it), each with the
words a link without its own words would show. A link to an anchor that is neither still stops
the build.

Upstream: executablebooks/MyST-Parser issue 839 (anchor links to explicit targets in other Markdown files
warn "local id not found"; open) and issue 1151 (the same for ``[text](other.md#target)``, open). Checked
against myst-parser 3.0.1, the pinned version.

>>> from docutils import nodes, utils
>>> doctree = utils.new_document("page")
>>> section = nodes.section("", nodes.title("", "Twelve or fifteen?"), ids=["opening-note"], names=["opening-note"])
>>> doctree += section
>>> doctree.note_explicit_target(section)
>>> doctree += nodes.definition_list("", nodes.definition_list_item("", nodes.term("", "drift", ids=["term-drift"])))
>>> anchors(doctree)
{'opening-note': ('opening-note', 'Twelve or fifteen?'), 'term-drift': ('term-drift', 'drift')}
"""

from __future__ import annotations

from docutils import nodes

#: Reads and extends the page metadata myst-parser keeps its heading slugs in (``myst_slugs``:
#: slug -> (line, id, words)), which its reference resolver looks anchors up in.
PATCHES = {"myst-parser": "3.0.1"}


def anchors(doctree: nodes.document) -> dict:
    """The page's labels and glossary terms: ``{anchor: (id, words a link to it shows)}``."""
    found = {}
    for name, explicit in doctree.nametypes.items():
        node_id = doctree.nameids.get(name)
        if explicit and node_id:
            node = doctree.ids[node_id]
            title = node.next_node(nodes.title) if isinstance(node, nodes.section) else None
            found[name] = (node_id, title.astext() if title is not None else name)
    for term in doctree.findall(nodes.term):
        for node_id in term["ids"]:
            found[node_id] = (node_id, term.astext())
    return found


def register_anchors(app, doctree: nodes.document) -> None:
    slugs = app.env.metadata[app.env.docname].setdefault("myst_slugs", {})
    for anchor, (node_id, words) in anchors(doctree).items():
        slugs.setdefault(anchor, (0, node_id, words))


def setup(app):
    app.connect("doctree-read", register_anchors)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
