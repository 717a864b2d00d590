"""Icons are drawn from the trimmed Font Awesome fonts (_ext/steps/icon_font_subset.py).

On every page, every icon a stylesheet puts in a ::before or ::after (Font Awesome's own
classes and the theme's admonition, link and sidebar icons) is drawn by its font: painted
on a canvas with the icon font it differs from that font's empty box (.notdef) and from the
same character in the fallback font, as it would not if the subset had dropped the glyph. The script states the
extension knows of are on (a search highlight, "On this page" folded), and the web fonts
the page downloaded are the subsets, not the theme's whole fonts. The theme's stylesheet keeps
the icon rule of every Font Awesome class a page uses (the extension drops the others).
"""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme

from support import parametrize_pages

ORIGINALS = (
    Path(pydata_sphinx_theme.__file__).parent
    / "theme"
    / "pydata_sphinx_theme"
    / "static"
    / "vendor"
    / "fontawesome"
    / "webfonts"
)

#: The icon classes the theme's whole stylesheet draws (``.fa-github:before{content:...}``).
THEME_CSS = ORIGINALS.parents[2] / "styles" / "pydata-sphinx-theme.css"
ICON_CLASSES = sorted(set(re.findall(r"\.(fa-[a-z0-9-]+)::?before", THEME_CSS.read_text(encoding="utf-8"))))

#: The elements with an icon class whose ::before draws nothing.
BLANK_ICONS = """(classes) => [...document.querySelectorAll(classes.map(c => '.' + c).join(','))]
    .filter(el => ['none', 'normal', ''].includes(getComputedStyle(el, '::before').content))
    .map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))"""

#: Every icon character of the page's ::before/::after, with the font meant to draw it.
ICONS = """() => {
    const found = new Map();
    for (const el of document.querySelectorAll('body *')) {
        for (const pseudo of ['::before', '::after']) {
            const style = getComputedStyle(el, pseudo);
            const content = style.content;
            if (!content || content === 'none' || content === 'normal') continue;
            for (const ch of content.replace(/^"|"$/g, '')) {
                const code = ch.codePointAt(0);
                if (code < 0xE000 || code > 0xF8FF) continue;  // Font Awesome: Private Use Area
                const family = style.fontFamily.split(',')[0].trim().replace(/^"|"$/g, '');
                const key = `${family}|${style.fontWeight}|${code.toString(16)}`;
                if (!found.has(key)) found.set(key, {family, weight: style.fontWeight, ch,
                    where: el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + pseudo});
            }
        }
    }
    return [...found.values()];
}"""

#: Icons whose glyph is missing from their font: painted with it, they look like the fallback.
NOT_DRAWN = """async (icons) => {
    const missing = [];
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const g = canvas.getContext('2d', {willReadFrequently: true});
    const paint = (font, ch) => {
        g.clearRect(0, 0, 64, 64);
        g.font = font;
        g.fillText(ch, 8, 48);
        return g.getImageData(0, 0, 64, 64).data.join();
    };
    for (const icon of icons) {
        const font = `${icon.weight} 40px "${icon.family}"`;
        await document.fonts.load(font, icon.ch);
        const drawn = paint(font, icon.ch);
        // What a missing glyph looks like: the font's empty box (.notdef), as for a character no
        // font has, or the character in another font.
        const notdef = paint(font, String.fromCodePoint(0x10FFFD));
        const fallback = paint(`${icon.weight} 40px "no such font, the fallback"`, icon.ch);
        if (drawn === notdef || drawn === fallback || !/[1-9]/.test(drawn)) missing.push(icon);
    }
    return missing;
}"""

FONTS_LOADED = """() => performance.getEntriesByType('resource')
    .filter(e => /\\.(woff2?|ttf)(\\?|$)/.test(e.name) && e.name.includes('fontawesome'))
    .map(e => ({name: e.name.split('/').pop().split('?')[0], size: e.decodedBodySize}))"""


def pytest_generate_tests(metafunc):
    parametrize_pages(metafunc)


def test_every_icon_is_drawn_from_the_trimmed_fonts(page, book_url, page_path):
    page.goto(f"{book_url}/{page_path}?highlight=the")  # sphinx_highlight.js adds its "hide matches" link
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.querySelectorAll('.bd-sidebar-secondary').forEach(s => s.classList.add('hide'))")
    icons = page.evaluate(ICONS)
    assert any(i["family"].startswith("Font Awesome") for i in icons), f"{page_path}: no icon found"
    missing = page.evaluate(NOT_DRAWN, icons)
    assert not missing, f"{page_path}: icons not in their font: " + "; ".join(
        f"U+{ord(i['ch']):04X} ({i['family']} {i['weight']}) at {i['where']}" for i in missing
    )
    loaded = page.evaluate(FONTS_LOADED)
    assert loaded, f"{page_path}: no Font Awesome font was downloaded"
    for font in loaded:
        whole = (ORIGINALS / font["name"]).stat().st_size
        assert font["size"] < whole / 10, (
            f"{page_path} downloaded the whole {font['name']} ({font['size']} bytes; the theme's is {whole})"
        )


def test_every_icon_class_still_has_its_rule(page, book_url, page_path):
    """An element with a Font Awesome icon class draws its icon: the trimmed stylesheet kept the rule."""
    assert len(ICON_CLASSES) > 1000, f"read only {len(ICON_CLASSES)} icon classes from {THEME_CSS}"
    page.goto(f"{book_url}/{page_path}")
    page.wait_for_load_state("networkidle")
    blank = page.evaluate(BLANK_ICONS, ICON_CLASSES)
    assert not blank, f"{page_path}: icon elements without their icon: {blank}"
