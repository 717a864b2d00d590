"""Colours are defined in mlops_book.style alone; stylesheets read them as CSS custom properties.

style.stylesheet() defines ``--mlops-<name>`` for every colour, _ext/colours.py writes it into
each build and links it from every page, and the book's own stylesheets, templates and
modules name colours only through it.
"""

from __future__ import annotations

import re

import pytest

from mlops_book import style
from support import pages

#: A colour written out: #rgb, #rgba, #rrggbb or #rrggbbaa (not an HTML entity such as &#39;).
HEX_COLOUR = re.compile(r"(?<![\w&-])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")
COLOUR_FUNCTION = re.compile(r"\b(?:rgba?|hsla?)\(")
CUSTOM_PROPERTY = re.compile(r"var\(\s*(--mlops-[\w-]+)")


def colours_in(text: str) -> list[str]:
    return HEX_COLOUR.findall(text) + COLOUR_FUNCTION.findall(text)


def test_the_colour_finder_finds_colours():
    assert colours_in("a { color: #fff; border: 1px solid #D9E2EC; background: rgb(0, 0, 0) }") == [
        "#fff", "#D9E2EC", "rgb(",
    ]
    assert colours_in("content: '&#39;'; color: var(--mlops-ink); /* see #12 */") == []


def test_stylesheets_name_no_colour_of_their_own(root):
    sheets = sorted((root / "_static").glob("*.css"))
    assert sheets, "no stylesheet in _static/"
    for sheet in sheets:
        found = colours_in(sheet.read_text(encoding="utf-8"))
        assert not found, f"{sheet.name} writes colours out ({found}); use var(--mlops-...) from mlops_book.style"


def test_only_style_py_defines_colours(root):
    package = root / "src" / "mlops_book"
    sources = [p for p in package.rglob("*") if p.suffix in (".py", ".html") and p.name != "style.py"]
    sources += sorted((root / "_templates").rglob("*.html")) + sorted((root / "_ext").glob("*.py"))
    for source in sources:
        found = colours_in(source.read_text(encoding="utf-8"))
        assert not found, f"{source.relative_to(root)} defines colours {found}; take them from mlops_book.style"


def test_every_custom_property_used_is_defined(root):
    used = {}
    for path in [*(root / "_static").glob("*.css"), *(root / "src" / "mlops_book" / "templates").glob("*.html")]:
        for name in CUSTOM_PROPERTY.findall(path.read_text(encoding="utf-8")):
            used.setdefault(name, path.name)
    assert used, "no stylesheet uses the book's colours"
    undefined = {name: where for name, where in used.items() if name not in style.CSS_COLOURS}
    assert not undefined, f"used but not defined by mlops_book.style: {undefined}"


def test_stylesheet_is_one_rule_of_the_colours():
    sheet = style.stylesheet()
    declared = dict(re.findall(r"^\s*(--mlops-[\w-]+):\s*(#[0-9A-F]{6});$", sheet, re.MULTILINE))
    assert declared == style.CSS_COLOURS
    assert declared["--mlops-ink"] == style.INK and declared["--mlops-link-hover"] == style.LINK_HOVER
    assert sheet.count("{") == sheet.count("}") == 1


@pytest.fixture(scope="module")
def built_stylesheet(book_html):
    return book_html / "_static" / "mlops-colours.css"


def test_built_book_has_the_colours_on_every_page(book_html, built_stylesheet):
    assert built_stylesheet.read_text(encoding="utf-8") == style.stylesheet()
    link = re.compile(r'<link [^>]*href="[./]*_static/mlops-colours\.css(\?v=[0-9a-f]+)?"')
    for page in pages(book_html):
        assert link.search((book_html / page).read_text(encoding="utf-8")), f"{page} does not link the colours"
