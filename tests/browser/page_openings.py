"""Openings and slider labels as a reader meets them (issue 22), measured during each page's one visit.

test_every_page.py calls :func:`opening_problems` in its visit of every page at 1280 px and at 390 px,
and :func:`stop_label_problems` at 390 px, so no page is opened again for them.

A study chapter or a lab opens with its title, at most :data:`TITLE_LINES` lines tall on a phone (the
phone's title size is in ``_static/source-notes.css``), then its hook (a paragraph of prose), then its
kit ("Chapter at a glance", "Lab at a glance") folded: its title shows, its objectives do not until
the reader opens it. tests/test_learning_kit.py checks the same order in the chapters' files.

A slider's stop labels (``mlops_book.widgets.slider_stops``) wrap between words, never inside one:
each word is drawn on one line (the browser's line boxes of the word, read through a DOM Range),
no label's words overlap another label's, and none sticks out of its panel.
"""

from __future__ import annotations

import re

#: The most lines a chapter's or lab's title may take at a phone's width.
TITLE_LINES = 2
#: The pages with an opening: the study chapters and the labs.
OPENED_PAGE = re.compile(r"chapters/(?:labs/)?\d\d_\w+\.html")
#: The widest viewport counted as a phone.
PHONE = 390

#: The title's height in lines, what stands right after it, and the kit: where it stands, whether it is folded.
OPENING = """() => {
    const article = document.querySelector('article.bd-article');
    const title = article && article.querySelector('h1');
    if (!title) return null;
    const lines = title.getBoundingClientRect().height / parseFloat(getComputedStyle(title).lineHeight);
    const after = title.nextElementSibling;
    const kit = article.querySelector('.admonition.chapter-kit, .admonition.lab-kit');
    const drawn = el => el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden'
        && parseFloat(getComputedStyle(el).opacity) > 0;
    return {
        lines,
        after: after ? {tag: after.tagName.toLowerCase(), text: after.textContent.trim(), isKit: after === kit} : null,
        kit: kit ? {
            title: kit.querySelector('.admonition-title').textContent.trim(),
            afterHook: !!(kit.previousElementSibling && kit.previousElementSibling === after && after.tagName === 'P'),
            open: [...kit.children].slice(1).some(drawn),
        } : null,
    };
}"""


def opening_problems(page, page_path: str) -> list[str]:
    """What is wrong with the opening of ``page_path`` as loaded in ``page``: a title too tall on a phone,
    no hook before the kit, a kit open on load."""
    if not OPENED_PAGE.fullmatch(page_path):
        return []
    found = page.evaluate(OPENING)
    if found is None:
        return ["has no title"]
    problems = []
    width = page.viewport_size["width"]
    if width <= PHONE and round(found["lines"], 1) > TITLE_LINES:
        problems.append(f"its title takes {found['lines']:.1f} lines at {width} px (at most {TITLE_LINES})")
    after, kit = found["after"], found["kit"]
    if after is None or after["tag"] != "p" or len(after["text"]) < 40:
        problems.append(f"its title is not followed by its hook, a paragraph of prose, but by {after}")
    if kit is None:
        problems.append("has no kit (chapter-kit or lab-kit)")
    else:
        if not kit["afterHook"]:
            problems.append(f"its kit ({kit['title']!r}) does not follow the hook")
        if kit["open"]:
            problems.append(f"its kit ({kit['title']!r}) is open on load: it should be folded")
    return problems


#: For every slider's row of stops on screen: each word of each label, with its line boxes.
STOP_WORDS = """() => [...document.querySelectorAll('.mlops-slider-stops')]
    .filter(row => row.getClientRects().length)
    .map(row => {
        const panel = (row.closest('.mlops-widget') || row.parentElement).getBoundingClientRect();
        return {
            panel: {left: panel.left, right: panel.right},
            labels: [...row.querySelectorAll('.mlops-slider-stop')].map(label => {
                const words = [];
                const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
                for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                    for (const match of text.data.matchAll(/\\S+/g)) {
                        const range = document.createRange();
                        range.setStart(text, match.index);
                        range.setEnd(text, match.index + match[0].length);
                        const boxes = [...range.getClientRects()].filter(b => b.width > 0)
                            .map(b => ({left: b.left, right: b.right, top: b.top, bottom: b.bottom}));
                        words.push({word: match[0], boxes});
                    }
                }
                return {text: label.textContent.trim(), words};
            }),
        };
    })"""


def _lines(boxes: list[dict]) -> int:
    """How many lines a word's boxes stand on (a word broken across lines has a box on each)."""
    tops = sorted(box["top"] for box in boxes)
    return sum(1 for i, top in enumerate(tops) if i == 0 or top - tops[i - 1] > 1)


def _overlap(one: dict, other: dict) -> bool:
    return (min(one["right"], other["right"]) - max(one["left"], other["left"]) > 0.5
            and min(one["bottom"], other["bottom"]) - max(one["top"], other["top"]) > 0.5)


def stop_label_problems(page) -> list[str]:
    """What is wrong with the sliders' stop labels on ``page`` as drawn now: a word broken across lines,
    two labels drawn over each other, a label sticking out of its panel.

    >>> _lines([{"top": 10}, {"top": 10.4}]), _lines([{"top": 10}, {"top": 26}])
    (1, 2)
    """
    problems = []
    for row in page.evaluate(STOP_WORDS):
        labels = row["labels"]
        for label in labels:
            for word in label["words"]:
                if _lines(word["boxes"]) > 1:
                    problems.append(f"the word {word['word']!r} of the stop label {label['text']!r} "
                                    "breaks across lines")
                for box in word["boxes"]:
                    if box["left"] < row["panel"]["left"] - 0.5 or box["right"] > row["panel"]["right"] + 0.5:
                        problems.append(f"the stop label {label['text']!r} sticks out of its panel")
        for i, label in enumerate(labels):
            for other in labels[i + 1:]:
                if any(_overlap(a, b) for w in label["words"] for a in w["boxes"]
                       for v in other["words"] for b in v["boxes"]):
                    problems.append(f"the stop labels {label['text']!r} and {other['text']!r} overlap")
    return sorted(set(problems))
