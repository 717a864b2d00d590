"""Give the sidebar's expand/collapse toggles a name a screen reader can announce.

Why: pydata-sphinx-theme 0.17.1 (``toctree.py``, ``add_collapse_checkboxes``) puts, before the
sub-pages of a page that has some, a ``<summary>`` holding only a decorative chevron
(``role="presentation"``); it has no text, so axe reports ``summary-name`` (serious, WCAG 4.1.2)
on every page whose sidebar shows such a page (the instructor guide, with its pages per chapter).
This wraps the theme's ``generate_toctree_html`` for each page and puts a visually hidden
"Pages under <title>" inside every summary that has no text, the title being the link beside it.

Upstream: the same gap is patched downstream in pytorch/pytorch_sphinx_theme#234 (in the browser);
no fix in pydata-sphinx-theme 0.17.1, the pinned version, so a new version means re-checking this.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from markupsafe import Markup

#: The pinned versions this patch was checked against (tests/test_hygiene.py compares them
#: with requirements.txt, so a new version means re-checking the patch).
PATCHES = {"pydata-sphinx-theme": "0.17.1"}


def name_toggles(html: str) -> str:
    """The toctree HTML with a hidden name in each summary that has no text.

    >>> print(name_toggles('<li><a href="g.html">Guide</a><details><summary><span role="presentation">'
    ...                    '<i></i></span></summary><ul></ul></details></li>'))
    <li><a href="g.html">Guide</a><details><summary><span role="presentation"><i></i></span><span \
class="visually-hidden">Pages under Guide</span></summary><ul></ul></details></li>
    """
    soup = BeautifulSoup(str(html), "html.parser")
    for summary in soup.select("details > summary"):
        if summary.get_text(strip=True):
            continue
        link = summary.find_parent("details").find_previous_sibling("a")
        name = soup.new_tag("span", attrs={"class": "visually-hidden"})
        name.string = f"Pages under {link.get_text(strip=True)}" if link else "Pages in this section"
        summary.append(name)
    return str(soup)


def wrap_toctree(app, pagename, templatename, context, doctree):
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def named(*args, **kwargs):
        return Markup(name_toggles(generate(*args, **kwargs)))

    context["generate_toctree_html"] = named


def setup(app):
    # after pydata-sphinx-theme's own html-page-context handler, which puts the function there
    app.connect("html-page-context", wrap_toctree, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
