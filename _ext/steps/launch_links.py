"""The launch menu's JupyterHub and Colab links, made by :mod:`mlops_book.links`: one way to make each link.

sphinx-book-theme 1.3.0 builds the launch menu of a notebook page. Its JupyterHub button (shown when
``launch_buttons.jupyterhub_url`` is set) clones the book into a folder named after the repository
(``book``) and has no ``targetPath``; its Colab button links the page's source, a ``.md`` file that
Colab cannot open. So this step, run after the theme's (priority 502 > 501), points the JupyterHub
button at :func:`mlops_book.links.jupyterhub_url` (the folder named after the book) and adds a Colab
button for :func:`mlops_book.links.colab_url` (the page's generated ``colab/<page>.ipynb``, whose first
cell installs the package). The menu is the theme's ``header_buttons`` entry labelled
``launch-buttons``; its icons are the theme's own images.

Upstream: none found; sphinx-book-theme offers no ``targetPath`` for nbgitpuller, and its Colab button
assumes ``.ipynb`` sources.

>>> context = {"header_buttons": [{"label": "launch-buttons", "buttons": [
...     {"text": "Binder", "url": "b"}, {"text": "JupyterHub", "url": "theme's"}]}]}
>>> from mlops_book import links
>>> hub = dict(links.repository_settings(), jupyterhub_url="https://hub.example.edu")
>>> add_links("chapters/01_opening", context, hub)
>>> binder, jupyterhub, colab = context["header_buttons"][0]["buttons"]
>>> binder["url"], jupyterhub["url"] == links.jupyterhub_url("chapters/01_opening", hub)
('b', True)
>>> colab["text"], colab["url"] == links.colab_url("chapters/01_opening")
('Colab', True)
"""

from __future__ import annotations

from pathlib import Path

from mlops_book import links

#: The theme's launch menu (its header_buttons entry and button fields) is read as 1.3.0 builds it.
PATCHES = {"sphinx-book-theme": "1.3.0"}


def add_links(pagename: str, context: dict, settings: dict) -> None:
    """Point the launch menu's JupyterHub button at the book's link and add the Colab button."""
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        buttons = group["buttons"]
        for button in buttons:
            if button.get("text") == "JupyterHub":
                button["url"] = links.jupyterhub_url(pagename, settings)
        buttons.append(
            {
                "type": "link",
                "text": "Colab",
                "tooltip": "Launch on Colab (installs the book's package first)",
                "icon": "_static/images/logo_colab.png",
                "url": links.colab_url(pagename, settings),
            }
        )


def _on_page(app, pagename, templatename, context, doctree):
    add_links(pagename, context, links.repository_settings(Path(app.srcdir)))


def setup(app):
    app.connect("html-page-context", _on_page, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
