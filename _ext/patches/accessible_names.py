"""Accessible names that contain the visible text (WCAG 2.5.3, axe `label-content-name-mismatch`).

myst-nb writes ``<summary aria-label="Toggle hidden content">`` around every hidden code
cell, while the reader sees "Show code cell source"; a speech-input user saying what they
see cannot press it. Rendering the same summary without the ``aria-label`` makes its
visible text its name. (The theme's search button gets the same fix in
``_templates/search-button-field.html``.)

Upstream: no issue found in executablebooks/MyST-NB for this; the label is hard-coded in
``myst_nb.sphinx_.visit_HideCellInput`` of myst-nb 1.4.0, the pinned version, whose
rendering this copies.
"""

from __future__ import annotations

from html import escape

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

#: The pinned versions this patch was checked against (tests/test_hygiene.py compares them
#: with requirements.txt, so a new version means re-checking the patch).
PATCHES = {"myst-nb": "1.4.0"}


def visit_hidden_cell(self, node):
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def setup(app):
    app.setup_extension("myst_nb")
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
