"""Colours are defined in mlops_book.style alone; stylesheets read them as CSS custom properties.

style.stylesheet() defines ``--mlops-<name>`` for every colour (and its dark-mode value under
``html[data-theme="dark"]``), _ext/steps/colours.py writes it into
each build and every page carries it (_ext/steps/page_stylesheets.py), and the book's own stylesheets, templates and
modules name colours only through it.
"""

from __future__ import annotations

import re

import pytest

from mlops_book import style
from support import contrast, pages

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
    sources += sorted((root / "_templates").rglob("*.html")) + sorted((root / "_ext").rglob("*.py"))
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


def test_stylesheet_is_a_rule_of_the_colours_and_one_of_their_dark_values():
    sheet = style.stylesheet()
    light, dark = re.findall(r"^(?::root|html\[data-theme=\"dark\"\]) \{\n(.*?)^\}", sheet, re.MULTILINE | re.DOTALL)
    declared = dict(re.findall(r"^\s*(--mlops-[\w-]+):\s*(#[0-9A-F]{6});$", light, re.MULTILINE))
    assert declared == style.CSS_COLOURS
    assert declared["--mlops-ink"] == style.INK and declared["--mlops-link-hover"] == style.LINK_HOVER
    in_dark = dict(re.findall(r"^\s*(--mlops-[\w-]+):\s*(#[0-9A-F]{6});$", dark, re.MULTILINE))
    assert in_dark["--mlops-ink"] == style.DARK["INK"] and in_dark["--mlops-paper"] == style.DARK_PAGE
    assert len(in_dark) == len(style.DARK) and set(in_dark) <= set(style.CSS_COLOURS)
    assert sheet.count("{") == sheet.count("}") == 2


def in_dark(name: str) -> str:
    return style.DARK.get(name, getattr(style, name))


def test_contrast_is_wcags():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#0072B2", "#0072B2") == pytest.approx(1)


#: What text is drawn on in dark mode: the page, the panels (PAPER) and the two tints.
DARK_GROUNDS = ("PAPER", "BLUE_TINT", "ORANGE_TINT")


@pytest.mark.parametrize("name", ["INK", "MUTED", "LINK", "LINK_HOVER", "CORRECT", "NOT_YET"])
def test_dark_mode_text_reads_on_every_dark_ground(name):
    """WCAG AA for text, 4.5:1, on the dark page and on each tint the book puts text on."""
    assert style.DARK["PAPER"] == style.DARK_PAGE
    for ground in DARK_GROUNDS:
        ratio = contrast(in_dark(name), in_dark(ground))
        assert ratio >= 4.5, f"dark {name} on dark {ground}: {ratio:.2f}:1"


@pytest.mark.parametrize("name", ["BLUE", "GREEN", "VERMILLION", "ORANGE", "SKY", "PURPLE", "INK", "MUTED"])
def test_dark_mode_series_stand_out_from_the_dark_page(name):
    """A bar, line or border next to the dark page: WCAG's 3:1 for graphics."""
    ratio = contrast(in_dark(name), style.DARK_PAGE)
    assert ratio >= 3, f"dark {name} on the dark page: {ratio:.2f}:1"


def test_the_page_colour_reads_on_blue_in_both_modes():
    """The chosen floor, an active toggle button and the hierarchy's rungs write PAPER on BLUE."""
    assert contrast(style.PAPER, style.BLUE) >= 4.5
    assert contrast(in_dark("PAPER"), in_dark("BLUE")) >= 4.5


def test_dark_values_keep_the_series_apart():
    """Small and Medium companies are SKY and BLUE: two colours in dark mode as in light."""
    assert in_dark("SKY") != in_dark("BLUE") and contrast(in_dark("SKY"), in_dark("BLUE")) >= 1.5


@pytest.fixture(scope="module")
def built_stylesheet(book_html):
    return book_html / "_static" / "mlops-colours.css"


def test_built_book_has_the_colours_on_every_page(book_html, built_stylesheet):
    """Every page paints with the colours: its first-paint CSS, inline in its <head>
    (_ext/steps/page_stylesheets.py), defines each of them in light and dark mode."""
    assert built_stylesheet.read_text(encoding="utf-8") == style.stylesheet()
    declarations = re.findall(r"--mlops-[\w-]+:\s*[^;]+;", style.stylesheet())
    assert len(declarations) > 10
    first_paint = re.compile(r"<style data-sheets=[^>]*>(.*?)</style>", re.DOTALL)
    for page in pages(book_html):
        css = "".join(first_paint.findall((book_html / page).read_text(encoding="utf-8")))
        missing = [d for d in declarations if d not in css]
        assert not missing, f"{page} paints without the colours {missing[:3]}"
