"""The landing page's blocks: the explainer's opening as a picture, every chapter and lab in a list, a tile into each.

The page opens as the explainer does: its headline figures drawn (a person per interview, a tile per
industry, the question), the question itself, and, one tap away, where each figure stands in the paper.
Right under it, :func:`contents` lists every chapter and lab, so that a phone reader meets a way into
each within the first screens (a browser test measures it).

Nothing here is typed for the page: the figures come from ``data/headline_figures.csv`` and the
participants table, the chapters from their kits (:func:`mlops_book.kit.chapters`), the labs from
the "Labs" part of ``_toc.yml`` and each lab's own "Lab at a glance", the Binder link from
``_config.yml`` (:mod:`mlops_book.links`). Links are relative to the book's root, where the
landing page lives. The picture is inline SVG in the page's colours (dark mode included) and needs
no script.

>>> html = opening().html
>>> ">18<" in html, "How does anyone actually do MLOps?" in html
(True, True)
>>> chapter_tiles().html.count('class="mlops-tile"') == len(kit.chapters())
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from . import data, kit, links
from .blocks import Block
from .paths import BOOK_ROOT
from .render import render

#: The explainer's opening strip, in its order: interviews, industries (then its question, drawn and asked below).
OPENING_FIGURES = ("interviews", "industries")
#: How the picture draws each figure: a mark per unit, in so many columns. The question is one mark.
MARKS = {"interviews": ("person", 6), "industries": ("tile", 4), "question": ("question", 1)}
#: The side of one mark's cell in the picture, in SVG units (and CSS px at the picture's full size).
CELL = 16
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


def _panel(figure_id: str, value: str, label: str) -> dict:
    """One figure of the picture: its marks (as many as its value counts), its number and its label."""
    shape, columns = MARKS[figure_id]
    count = int(data.figure(figure_id)["high"])
    rows = -(-count // columns)
    marks = [{"x": (i % columns) * CELL, "y": (i // columns) * CELL} for i in range(count)]
    # at least three cells each way, so the three figures share a height and the question mark has room
    return {"id": figure_id, "shape": shape, "marks": marks, "width": max(columns, 3) * CELL,
            "height": max(rows, 3) * CELL, "value": value, "label": label}


def picture_panels() -> list[dict]:
    """The picture's three figures, in the explainer's order: a person per interview, a tile per
    industry, one mark for the question; each drawn from its value in ``data/headline_figures.csv``.

    >>> [(p["id"], p["value"], len(p["marks"])) for p in picture_panels()]
    [('interviews', '18', 18), ('industries', '12', 12), ('question', '1', 1)]
    """
    panels = [_panel(f, data.figure(f)["value"], data.figure(f)["label"]) for f in OPENING_FIGURES]
    value, label = question()[1].split(" ", 1)
    return [*panels, _panel("question", value, label)]


def opening() -> Block:
    """The explainer's opening: its headline figures as a picture, the question in its words, and, folded
    (one tap away), what the paper says of each figure and the number of people in the participants table,
    counted, beside the interviews it states."""
    people = data.load("participants")
    return _block(
        "landing_opening.html",
        panels=picture_panels(),
        cell=CELL,
        figures=[data.figure(f) for f in OPENING_FIGURES],
        question=question()[0],
        asked_in_paper=data.figure("question")["paper_note"],
        participants=len(people),
        first_id=people["id"].iloc[0],
        last_id=people["id"].iloc[-1],
    )


def contents(root: Path = BOOK_ROOT) -> Block:
    """Every chapter and lab in two short numbered lists, a link and its time each: the way in that a
    phone reader meets right under the picture.

    >>> html = contents().html
    >>> html.count("<li") == len(kit.chapters()) + len(lab_pages())
    True
    """
    chapters = [{"href": f"{c.path}.html", "title": c.title, "time": f"{c.kit.page_minutes} min"}
                for c in kit.chapters(root)]
    labs = [{"href": f"{lab.path}.html", "title": lab.title.split(": ", 1)[-1], "time": _short_time(lab.time)}
            for lab in lab_pages(root)]
    return _block("landing_contents.html", chapters=chapters, labs=labs)


def _short_time(time: str) -> str:
    """A lab's time line cut to its total: ``"25 minutes: 5 to read, ..."`` gives ``"25 min"``.

    >>> _short_time("25 minutes: 5 to read, 10 for the explorer, 10 for the exercises.")
    '25 min'
    """
    return time.split(":", 1)[0].replace("minutes", "min").strip()


def _minutes(chapter: kit.Chapter) -> str:
    k = chapter.kit
    extras = [f"{k.interactive_minutes} for the interactive"] if k.interactive_minutes else []
    extras.append(f"{k.exercise_minutes} for the exercises")
    return f"{k.reading_minutes} min to read, {' and '.join(extras)}"


def chapter_tiles(root: Path = BOOK_ROOT) -> Block:
    """A tile per chapter, in reading order: its number, title, its time and its first learning objective."""
    tiles = [
        {
            "href": f"{c.path}.html",
            "kicker": f"Chapter {c.order}",
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
    toc = data.parse_yaml((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
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
