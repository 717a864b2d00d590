"""The landing page's blocks: the explainer's opening figures and question, and a tile into each chapter and lab.

Nothing here is typed for the page: the figures come from ``data/headline_figures.csv`` and the
participants table, the chapters from their kits (:func:`mlops_book.kit.chapters`), the labs from
the "Labs" part of ``_toc.yml`` and each lab's own "Lab at a glance", the Binder link from
``_config.yml`` (:mod:`mlops_book.links`). Links are relative to the book's root, where the
landing page lives.

>>> html = opening().html
>>> ">18<" in html, "How does anyone actually do MLOps?" in html
(True, True)
>>> chapter_tiles().html.count('class="mlops-tile"') == len(kit.chapters())
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from . import data, kit, links
from .blocks import Block
from .paths import BOOK_ROOT
from .render import render

#: The explainer's opening strip, in its order: interviews, industries (then its question, shown on its own).
OPENING_FIGURES = ("interviews", "industries")
#: The part of ``_toc.yml`` that lists the labs, and the page that guides instructors.
LABS_PART = "Labs"
GUIDE_PAGE = "chapters/instructor_guide"

_MARKDOWN = MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)


@dataclass(frozen=True)
class LabPage:
    """A lab as its tile shows it: where it is, its title, its time line and its objectives."""

    path: str
    title: str
    time: str
    objectives: tuple


def _block(template: str, **values) -> Block:
    return Block(str(render(template, **values)))


def question() -> tuple[str, str]:
    """The study's question in the explainer's words, and what the explainer calls it (the question
    figure's value and its label, which holds both, split at its colon).

    >>> question()
    ('How does anyone actually do MLOps?', '1 massive question')
    """
    figure = data.figure("question")
    called, asked = figure["label"].split(":", 1)
    return asked.strip(), f"{figure['value']} {called.strip()}"


def opening() -> Block:
    """The explainer's opening: its headline figures, the question (with what the paper asks), and the
    number of people in its participants table, counted, beside the interviews it states."""
    people = data.load("participants")
    asked, called = question()
    return _block(
        "landing_opening.html",
        figures=[data.figure(f) for f in OPENING_FIGURES],
        question=asked,
        called=called,
        asked_in_paper=data.figure("question")["paper_note"],
        participants=len(people),
        first_id=people["id"].iloc[0],
        last_id=people["id"].iloc[-1],
    )


def _minutes(chapter: kit.Chapter) -> str:
    k = chapter.kit
    extras = [f"{k.interactive_minutes} for the interactive"] if k.interactive_minutes else []
    extras.append(f"{k.exercise_minutes} for the exercises")
    return f"{k.reading_minutes} min to read, {' and '.join(extras)}"


def chapter_tiles(root: Path = BOOK_ROOT) -> Block:
    """A tile per chapter, in reading order: its number, title, the explainer's section it follows,
    its time and its first learning objective."""
    sections = data.load("sections").set_index("id")["label"]
    tiles = [
        {
            "href": f"{c.path}.html",
            "kicker": f"Chapter {c.order} · the explainer's “{sections[c.id]}”",
            "title": c.title,
            "time": _minutes(c),
            "aim": c.kit.objectives[0].rstrip(";."),
        }
        for c in kit.chapters(root)
    ]
    return _block("landing_tiles.html", tiles=tiles, label="The book's chapters")


def lab_pages(root: Path = BOOK_ROOT) -> list[LabPage]:
    """The labs in the order ``_toc.yml`` lists them, each read from its page.

    >>> lab_pages()[0].title
    'Lab 1: Drift and Retraining Cadence'
    """
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    part = next((p for p in toc.get("parts") or [] if p.get("caption") == LABS_PART), None)
    if part is None:
        raise ValueError(f"_toc.yml: no part with the caption {LABS_PART!r}")
    return [_lab_page(root, str(entry["file"])) for entry in part["chapters"]]


def _lab_page(root: Path, path: str) -> LabPage:
    source = Path(root) / f"{path}.md"
    tokens = _MARKDOWN.parse(source.read_text(encoding="utf-8"))
    title = next(
        (tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"), ""
    )
    glance = next((t.content for t in tokens if t.type == "colon_fence" and ":class: lab-kit" in t.content), "")
    lines = [line.strip() for line in glance.splitlines()]
    time = next((line.removeprefix("**Time:**").strip() for line in lines if line.startswith("**Time:**")), "")
    objectives = tuple(line[2:].rstrip(";.") for line in lines if line.startswith("- "))
    if not (title and time and objectives):
        raise ValueError(f"{source}: a lab needs a '# Title' and a 'Lab at a glance' with **Time:** and objectives")
    return LabPage(path, title, time, objectives)


def lab_tiles(root: Path = BOOK_ROOT) -> Block:
    """A tile per lab: its title, its time and its first objective.

    >>> lab_tiles().html.count('class="mlops-tile"') == len(lab_pages())
    True
    """
    tiles = [
        {
            "href": f"{lab.path}.html",
            "kicker": "Lab · evidence from the book's data, then a labelled simulation",
            "title": lab.title,
            "time": lab.time,
            "aim": lab.objectives[0],
        }
        for lab in lab_pages(root)
    ]
    return _block("landing_tiles.html", tiles=tiles, label="The labs")


def ways_in(root: Path = BOOK_ROOT) -> Block:
    """A line for learners (the first chapter as a live notebook on Binder) and one for instructors (the guide)."""
    pages = links.toc_files(root)
    if GUIDE_PAGE not in pages:
        raise ValueError(f"_toc.yml: no page {GUIDE_PAGE!r} for the instructors' line")
    first = kit.chapters(root)[0]
    return _block(
        "landing_ways_in.html",
        binder=links.binder_url(first.path),
        first=first.title,
        guide=f"{GUIDE_PAGE}.html",
    )
