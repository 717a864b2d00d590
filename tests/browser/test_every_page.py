"""Every built page in a real browser, one visit per page and width with all its checks.

At 1280 px: it loads cleanly (no page error, console error or request leaving 127.0.0.1: the
``page`` fixture), its widgets render, it has a title and the header's icons are drawn; axe-core
finds no serious or critical WCAG 2 A/AA problem; every icon a stylesheet puts in a ::before or
::after is drawn by its trimmed Font Awesome font (_ext/steps/icon_font_subset.py), with the states the
extension knows of on (a search highlight, "On this page" folded), the web fonts downloaded are
the subsets and the theme's stylesheet kept the rule of every icon class a page uses. At 390 px:
nothing scrolls sideways and every widget is on screen, full width: every chapter and lab and the
landing page in `make test`, with a fixed sample of the other pages (every page in `make test-all`). A
reader whose system prefers dark mode gets the dark page: a sample of the pages in `make test`, every
page in `make test-all`.
At both widths a study chapter shows "explainer" at most 12 times on load, and each study chapter and
lab is at most its cap of phone screens long at 390 px (story_first.py; chapter 6: 22, the issue's
target), and a chapter or lab opens with its hook, then its kit folded, its title at most two lines at
390 px, where no slider's stop label breaks a word (page_openings.py). At 1280 px a chapter's exercise
solutions stay folded until a learner opens one.

Each visit gathers every problem before it fails, so one failure shows them all. The pages are
discovered from the built HTML (tests/support.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme

from axe_core import BLOCKING, LUMINANCE, RUN_AXE, WCAG_TAGS, describe
from mlops_book import kit
from page_openings import opening_problems, stop_label_problems
from story_first import story_problems
from support import BOOK_HTML, open_page, pages, parametrize_pages, sample, show_page

#: Pages the dark-mode reader's check visits in `make test` (every page in `make test-all`).
DARK_SAMPLE = 6
#: Pages visited at 390 px in `make test` whatever the sample: the landing page, every chapter (the capstone
#: too) and every lab: the pages a learner reads on a phone, and the only ones with widgets, a story or an
#: opening to check (story_first.py, page_openings.py).
ALWAYS_ON_A_PHONE = re.compile(r"index\.html|chapters/(labs/)?(\d\d_\w+|capstone)\.html")
#: Of the other pages (the instructors' and reference pages, the general index, search, the pages about the
#: book), how many `make test` visits at 390 px: a fixed sample (tests/support.py), every one in `make test-all`.
PHONE_SAMPLE = 6


def phone_pages(every: list[str]) -> list[str]:
    """The pages visited at 390 px: those of :data:`ALWAYS_ON_A_PHONE`, and a fixed sample of the others
    (all of them under `make test-all`), in the book's order."""
    always = [p for p in every if ALWAYS_ON_A_PHONE.fullmatch(p)]
    sampled = set(sample([p for p in every if p not in always], PHONE_SAMPLE))
    return [p for p in every if p in always or p in sampled]


def pytest_generate_tests(metafunc):
    every = (BOOK_HTML.is_dir() and pages()) or ["index.html"]
    if metafunc.function.__name__ == "test_page_at_390_px":
        metafunc.parametrize("page_path", phone_pages(every))
    else:
        parametrize_pages(metafunc)
    if "dark_page" in metafunc.fixturenames:
        metafunc.parametrize("dark_page", sample(every, DARK_SAMPLE))


# --- The header's icons, the trimmed icon fonts --------------------------------------------------

ORIGINALS = (
    Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor"
    / "fontawesome" / "webfonts"
)
#: The icon classes the theme's whole stylesheet draws (``.fa-github:before{content:...}``).
THEME_CSS = ORIGINALS.parents[2] / "styles" / "pydata-sphinx-theme.css"
ICON_CLASSES = sorted(set(re.findall(r"\.(fa-[a-z0-9-]+)::?before", THEME_CSS.read_text(encoding="utf-8"))))

#: Icons the theme draws with Font Awesome's web font (the book drops fontawesome.js, which
#: only swapped them for SVG copies; _templates/static/webpack-macros.html) and lack a glyph.
HEADER_ICONS_WITHOUT_GLYPH = """() => [...document.querySelectorAll('.bd-header-article i[class*="fa-"]')]
    .filter(icon => {
        const glyph = getComputedStyle(icon, '::before');
        return !glyph.fontFamily.includes('Font Awesome') || ['none', 'normal', '""'].includes(glyph.content);
    }).map(icon => icon.className)"""

#: The states of a page the icon extension knows of: the search page's highlight (sphinx_highlight.js
#: adds its "Hide Search Matches" link, as a visit with ?highlight=the would) and "On this page" folded.
ICON_STATES = """async () => {
    localStorage.setItem('sphinx_highlight_terms', 'the');
    SphinxHighlight.highlightSearchWords();
    document.querySelectorAll('.bd-sidebar-secondary').forEach(s => s.classList.add('hide'));
    await new Promise(done => setTimeout(done, 50));  // the highlight is drawn after 10 ms
}"""

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


def icon_problems(page, page_path: str) -> list[str]:
    """What is wrong with the page's icons, in the states the icon extension knows of."""
    problems = []
    if page.evaluate(HEADER_ICONS_WITHOUT_GLYPH):
        problems.append(f"header icons without a glyph: {page.evaluate(HEADER_ICONS_WITHOUT_GLYPH)}")
    if page.locator('.bd-header-article i[class*="fa-"]').count() == 0:
        problems.append("the page header has no icons")
    page.evaluate(ICON_STATES)
    icons = page.evaluate(ICONS)
    if not any(i["family"].startswith("Font Awesome") for i in icons):
        problems.append("no Font Awesome icon found")
    missing = page.evaluate(NOT_DRAWN, icons)
    if missing:
        problems.append("icons not in their font: " + "; ".join(
            f"U+{ord(i['ch']):04X} ({i['family']} {i['weight']}) at {i['where']}" for i in missing))
    loaded = page.evaluate(FONTS_LOADED)
    if not loaded:
        problems.append("no Font Awesome font was downloaded")
    for font in loaded:
        whole = (ORIGINALS / font["name"]).stat().st_size
        if font["size"] >= whole / 10:
            problems.append(f"downloaded the whole {font['name']} ({font['size']} bytes; the theme's is {whole})")
    blank = page.evaluate(BLANK_ICONS, ICON_CLASSES)
    if blank:
        problems.append(f"icon elements without their icon (the trimmed stylesheet dropped their rule): {blank}")
    return problems


# --- A chapter's solutions -----------------------------------------------------------------------

#: The chapters' pages (sections.csv), whose exercises have solutions.
CHAPTER_PAGES = {f"{c.path}.html" for c in kit.chapters()}


def solution_problems(page, page_path: str) -> list[str]:
    """A chapter's exercise solutions stay folded until a learner opens one (by its title)."""
    if page_path not in CHAPTER_PAGES:
        return []
    solutions = page.locator("div.solution")
    if solutions.count() < 2:
        return [f"{solutions.count()} solutions on the page, fewer than two"]
    first = solutions.first
    body = first.locator(":scope > :not(.admonition-title)").first
    if body.is_visible():
        return ["a solution is open before the learner opens it"]
    first.locator(".admonition-title").click()
    body.wait_for(state="visible")
    return []


# --- At a phone's width ---------------------------------------------------------------------------

#: Elements sticking out to the right of the viewport, to say what makes a page scroll sideways.
WIDER_THAN_VIEWPORT = """() => {
    const width = document.scrollingElement.clientWidth;
    return [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .filter(el => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
        .slice(0, 5)
        .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
                   + `(right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
}"""


def phone_problems(page) -> list[str]:
    """What sticks out at a phone's width: a page that scrolls sideways, a widget off screen."""
    problems = []
    scroll_width, client_width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    if scroll_width > client_width:
        wide = page.evaluate(WIDER_THAN_VIEWPORT)
        problems.append(f"scrolls sideways ({scroll_width} > {client_width}); too wide: {wide}")
    widgets = page.locator(".widget-subarea > .jupyter-widgets")
    for i in range(widgets.count()):
        widget = widgets.nth(i)
        widget.scroll_into_view_if_needed()
        box = widget.bounding_box()
        if not (widget.is_visible() and box and box["width"] > 0 and box["height"] > 0):
            problems.append(f"widget {i + 1} is not visible")
        elif box["x"] < 0 or box["x"] + box["width"] > client_width + 1:
            problems.append(f"widget {i + 1} sticks out of the screen: {box}")
    return problems


# --- The visits -----------------------------------------------------------------------------------


def test_page_at_1280_px(page, book_url, book_html, page_path, axe_source):
    show_page(page, book_url, book_html, page_path)
    problems = [] if page.title() else ["no title"]
    page.add_script_tag(content=axe_source)
    blocking = [v for v in page.evaluate(RUN_AXE, WCAG_TAGS) if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"breaks WCAG 2 A/AA:\n{describe(blocking)}")
    problems += story_problems(page, page_path)  # the story first: source notes folded (story_first.py)
    problems += opening_problems(page, page_path)  # hook, then the kit folded (page_openings.py)
    problems += solution_problems(page, page_path)  # it opens a solution: after the checks of the page as loaded
    problems += icon_problems(page, page_path)  # last: it changes the page (a highlight, a folded sidebar)
    assert not problems, f"{page_path} at 1280 px:\n- " + "\n- ".join(problems)


def test_page_at_390_px(phone_page, book_url, book_html, page_path):
    show_page(phone_page, book_url, book_html, page_path)
    problems = phone_problems(phone_page) + story_problems(phone_page, page_path)
    problems += opening_problems(phone_page, page_path) + stop_label_problems(phone_page)  # page_openings.py
    assert not problems, f"{page_path} at 390 px:\n- " + "\n- ".join(problems)


def test_dark_mode_reader_gets_the_dark_page(browser, book_url, book_html, dark_page):
    """The book's default mode is the theme's "auto": a browser that prefers dark gets the dark
    theme, light text on a dark background, and a switch to choose another mode."""
    page, problems, context = open_page(browser, color_scheme="dark")
    try:
        show_page(page, book_url, book_html, dark_page)
        assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == "dark", f"{dark_page}: a dark-mode reader gets data-theme={theme!r}"
        assert page.locator(".theme-switch-button").count() >= 1, "the page offers no light/dark switch"
        background, text = page.evaluate(
            """() => { const s = getComputedStyle(document.body);
                       return [s.backgroundColor, s.color]; }"""
        )
        dark, bright = page.evaluate(LUMINANCE, background), page.evaluate(LUMINANCE, text)
        contrast = (bright + 0.05) / (dark + 0.05)
        assert dark < 0.05 and contrast >= 7, (
            f"{dark_page} in dark mode: text {text} on {background} ({contrast:.1f}:1)"
        )
    finally:
        context.close()
    problems.assert_clean()
