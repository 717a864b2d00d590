"""Reading plans for instructors, computed from the chapter kits.

Every number comes from a chapter's own "Time to read" line and exercise
labels (see :mod:`mlops_book.kit`), so the plans never go stale.
"""

from __future__ import annotations

import pandas as pd

from . import written_tasks
from .blocks import Block, bullet_list, link, table
from .kit import Chapter, chapters
from .links import binder_url, repository_settings


def _minutes(n: int) -> str:
    """Minutes as the plans show them.

    >>> _minutes(45), _minutes(75)
    ('45 min', '1 h 15 min')
    """
    return f"{n // 60} h {n % 60:02d} min" if n >= 60 else f"{n} min"


def chapter_frame(chapter_list: list[Chapter] | None = None) -> pd.DataFrame:
    """One row per chapter: order, title, label, page, Binder link and minutes.

    ``reading_minutes`` is the time on the page, interactives included.
    """
    chapter_list = chapters() if chapter_list is None else chapter_list
    settings = repository_settings()
    return pd.DataFrame(
        {
            "order": [c.order for c in chapter_list],
            "title": [c.title for c in chapter_list],
            "label": [c.label for c in chapter_list],
            "page": [f"{c.path}.html" for c in chapter_list],
            "binder": [binder_url(c.path, settings) for c in chapter_list],
            "reading_minutes": [c.kit.page_minutes for c in chapter_list],
            "exercise_minutes": [c.kit.exercise_minutes for c in chapter_list],
            "exercises": [len(c.kit.exercises) for c in chapter_list],
        }
    )


def chapter_table(from_page: str = "chapters/instructor_guide") -> Block:
    """The table an instructor assigns from: each chapter's page, label, Binder link and time."""
    frame = chapter_frame()
    depth = from_page.count("/")
    prefix = "../" * depth
    shown = pd.DataFrame(
        {
            "#": frame["order"],
            "Chapter": [link(prefix + p, t) for p, t in zip(frame["page"], frame["title"], strict=False)],
            "Label for {ref}": frame["label"],
            "Open in Binder": [
                link(b, f"Binder: {p.removeprefix('chapters/').removesuffix('.html')}")
                for b, p in zip(frame["binder"], frame["page"], strict=False)
            ],
            "Reading": [f"{m} min" for m in frame["reading_minutes"]],
            "Exercises": [
                f"{n} ({m} min)" for n, m in zip(frame["exercises"], frame["exercise_minutes"], strict=False)
            ],
            # chapters/instructors/ holds one page of teaching notes per chapter (see mlops_book.teaching)
            "Teaching notes": [
                link(prefix + p.replace("chapters/", "chapters/instructors/", 1), "Plans, answers, rubrics")
                for p in frame["page"]
            ],
        }
    )
    total_read, total_ex = int(frame["reading_minutes"].sum()), int(frame["exercise_minutes"].sum())
    return table(
        shown,
        f"The {len(frame)} chapters: {_minutes(total_read)} of reading (interactives included) and "
        f"{_minutes(total_ex)} of exercises, from each chapter's own 'Time to read' line.",
    )


def clock_time(minutes: int) -> str:
    """Minutes into the session, as h:mm.

    >>> clock_time(75)
    '1:15'
    """
    return f"{minutes // 60}:{minutes % 60:02d}"


def split_evenly(loads: list[int], parts: int) -> list[list[int]]:
    """Split ``loads`` (in order) into ``parts`` consecutive groups so the heaviest group is as light as possible.

    >>> split_evenly([10, 10, 10, 30, 10, 10], 3)
    [[0, 1, 2], [3], [4, 5]]
    >>> split_evenly([5], 3)
    Traceback (most recent call last):
    ...
    ValueError: cannot split 1 chapters into 3 non-empty weeks
    """
    n = len(loads)
    if parts < 1 or n < parts:
        raise ValueError(f"cannot split {n} chapters into {parts} non-empty weeks")
    prefix = [0]
    for x in loads:
        prefix.append(prefix[-1] + x)
    # best[k][i]: the lightest possible heaviest group when the first i loads form k groups
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0
    for k in range(1, parts + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                heaviest = max(best[k - 1][j], prefix[i] - prefix[j])
                if heaviest < best[k][i]:
                    best[k][i], cut[k][i] = heaviest, j
    groups, i = [], n
    for k in range(parts, 0, -1):
        j = cut[k][i]
        groups.append(list(range(j, i)))
        i = j
    return groups[::-1]


def week_plan(weeks: int = 3, chapter_list: list[Chapter] | None = None) -> pd.DataFrame:
    """Chapters in order over ``weeks`` weeks, balanced by reading plus exercise time."""
    chapter_list = chapters() if chapter_list is None else chapter_list
    loads = [c.kit.page_minutes + c.kit.exercise_minutes for c in chapter_list]
    rows = []
    for week, members in enumerate(split_evenly(loads, weeks), start=1):
        group = [chapter_list[i] for i in members]
        reading = sum(c.kit.page_minutes for c in group)
        practice = sum(c.kit.exercise_minutes for c in group)
        rows.append(
            {
                "Week": week,
                "Chapters": ", ".join(f"{c.order}. {c.title}" for c in group),
                "Reading (min)": reading,
                "Exercises (min)": practice,
                "Total": _minutes(reading + practice),
            }
        )
    return pd.DataFrame(rows)


def objectives_map(chapter_list: list[Chapter] | None = None) -> Block:
    """For each chapter, its learning objectives beside the exercises (and checks) that practise them."""
    chapter_list = chapters() if chapter_list is None else chapter_list
    shown = pd.DataFrame(
        {
            "Chapter": [f"{c.order}. {c.title}" for c in chapter_list],
            "Objectives": [bullet_list(c.kit.objectives) for c in chapter_list],
            "Exercises": [
                bullet_list(f"{e.label}: {e.title}" if e.title else e.label for e in c.kit.exercises)
                for c in chapter_list
            ],
            "Checked answers": [", ".join(c.kit.check_ids) or "none (discussion only)" for c in chapter_list],
            "Written tasks": [
                bullet_list(f"{t.name}: objective{'s' if len(t.objectives) > 1 else ''} "
                            f"{' and '.join(map(str, t.objectives))}" for t in written_tasks.tasks_for(c.id))
                for c in chapter_list
            ],
        }
    )
    return table(
        shown,
        f"{sum(len(c.kit.objectives) for c in chapter_list)} objectives and "
        f"{sum(len(c.kit.exercises) for c in chapter_list)} exercises, "
        "read from each chapter's kit and exercise labels.",
    )
