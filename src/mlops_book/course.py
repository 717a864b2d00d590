"""The book as a course: its chapters, their Binder links, reading plans and exercise map.

Everything here is read from the book's own files, so the instructor guide
never goes stale: the chapter list and order from ``data/sections.csv``, each
chapter's title, objectives, time to read and exercises from the chapter file
(its "Chapter at a glance" kit), and the Binder links from the repository
settings in ``_config.yml``. A chapter that breaks the chapter format stops
everything with one :class:`ChapterFormatError` naming the file.

>>> kit = parse_kit('''(ch-demo)=
... # A demo
...
... :::{admonition} Chapter at a glance
... :class: chapter-kit
...
... **Learning objectives.** After this chapter you can:
... - name the three Vs;
... - read a chart.
...
... **Prerequisites.** None.
...
... **Time to read:** 12 minutes, plus 8 for the exercises.
... :::
... ''', "demo.md")
>>> kit.title, kit.objectives, kit.reading_minutes, kit.exercise_minutes
('A demo', ('name the three Vs;', 'read a chart.'), 12, 8)
>>> binder_url("chapters/01_opening")
'https://mybinder.org/v2/gh/keeping-ml-alive/book/main?urlpath=lab/tree/chapters/01_opening.md'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from . import data, style
from .blocks import Block, esc, table
from .paths import BOOK_ROOT


#: Where each Jupyter interface opens a file, as Jupyter Book builds its launch links.
INTERFACE_PATHS = {"jupyterlab": "lab/tree", "classic": "tree"}


class ChapterFormatError(ValueError):
    """A chapter file breaks the chapter format; the message names the file and what is missing."""

    def __init__(self, path, problem):
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class Exercise:
    """One ``{exercise}`` directive of a chapter: its label and title (the directive's, or its bold lead-in)."""

    label: str
    title: str


@dataclass(frozen=True)
class Kit:
    """What a chapter file says about itself: title, objectives, time and exercises."""

    label: str
    title: str
    objectives: tuple
    reading_minutes: int
    exercise_minutes: int
    exercises: tuple
    check_ids: tuple
    interactive_minutes: int = 0

    @property
    def page_minutes(self) -> int:
        """Time on the page: reading plus any interactive the time line names."""
        return self.reading_minutes + self.interactive_minutes


@dataclass(frozen=True)
class Chapter:
    """A chapter of the book: where it lives (``path`` has no suffix, as in ``_toc.yml``) and its kit."""

    id: str
    order: int
    path: str
    kit: Kit

    @property
    def title(self) -> str:
        return self.kit.title

    @property
    def label(self) -> str:
        return f"ch-{self.id}"


_LABEL = re.compile(r"^\((ch-[\w-]+)\)=\s*$", re.M)
_TITLE = re.compile(r"^# (.+?)\s*$", re.M)
_KIT = re.compile(r"^(:{3,}|`{3,})\{admonition\}[^\n]*\n:class:[^\n]*\bchapter-kit\b[^\n]*\n(.*?)^\1\s*$", re.M | re.S)
_OBJECTIVES = re.compile(r"\*\*Learning objectives\.?\*\*[^\n]*\n((?:[ \t]*[-*] .+\n?)+)")
_TIME = re.compile(r"\*\*Time to read:?\*\*:?\s*(\d+)\s*minutes?([^\n]*)", re.I)
#: The extras of the time line: "plus 3 for the interactive and 10 for the exercises".
_TIME_EXTRA = re.compile(r"(\d+)\s*(?:minutes?\s*)?for the (\w+)", re.I)
#: An exercise directive and its options; the gated form (exercise-start ... exercise-end) too.
_EXERCISE = re.compile(r"^(:{3,}|`{3,})\{exercise(-start)?\}[ \t]*([^\n]*)\n((?::[\w-]+:[^\n]*\n)*)", re.M)
_LEAD_IN = re.compile(r"^\s*\*\*(.+?)\*\*")
_EXERCISE_LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
_CHECK = re.compile(r"exercises\.check\(\s*[\"']([\w-]+)[\"']")


def parse_kit(text: str, path="chapter") -> Kit:
    """Read the chapter label, title, kit admonition and exercises from a chapter's text.

    >>> parse_kit("# No kit here", "x.md")
    Traceback (most recent call last):
    ...
    mlops_book.course.ChapterFormatError: x.md: no chapter label like '(ch-<section-id>)=' above the title
    """
    label = _LABEL.search(text)
    if not label:
        raise ChapterFormatError(path, "no chapter label like '(ch-<section-id>)=' above the title")
    title = _TITLE.search(text, label.end())
    if not title:
        raise ChapterFormatError(path, "no '# <Title>' heading after the chapter label")
    kit = _KIT.search(text)
    if not kit:
        raise ChapterFormatError(path, "no 'Chapter at a glance' admonition with ':class: chapter-kit'")
    body = kit.group(2)
    objectives = _OBJECTIVES.search(body)
    if not objectives:
        raise ChapterFormatError(path, "the chapter kit lists no '**Learning objectives.**' bullets")
    time = _TIME.search(body)
    if not time:
        raise ChapterFormatError(path, "the chapter kit has no '**Time to read:** <N> minutes' line")
    extras = _TIME_EXTRA.findall(time.group(2))
    exercises = []
    for match in _EXERCISE.finditer(text):
        fence, gated, heading, options = match.group(1), match.group(2), match.group(3).strip(), match.group(4)
        body = text[match.end():]
        if gated:  # the text follows the directive's own closing fence
            body = re.sub(rf"^\s*{re.escape(fence)}[ \t]*\n", "", body, count=1)
        found = _EXERCISE_LABEL.search(options)
        if not found:
            raise ChapterFormatError(path, f"an exercise ({heading or body.strip()[:40]!r}) has no ':label:'")
        lead_in = _LEAD_IN.match(body)
        exercises.append(Exercise(found.group(1), heading or (lead_in.group(1).rstrip(".") if lead_in else "")))
    return Kit(
        label=label.group(1),
        title=title.group(1),
        objectives=tuple(re.sub(r"^\s*[-*]\s+", "", line).strip() for line in objectives.group(1).splitlines() if line.strip()),
        reading_minutes=int(time.group(1)),
        exercise_minutes=sum(int(n) for n, what in extras if what.lower().startswith("exercise")),
        interactive_minutes=sum(int(n) for n, what in extras if not what.lower().startswith("exercise")),
        exercises=tuple(exercises),
        check_ids=tuple(dict.fromkeys(_CHECK.findall(text))),
    )


def chapters(root: Path = BOOK_ROOT) -> list[Chapter]:
    """Every chapter in reading order, as ``data/sections.csv`` lists them, each with its kit.

    The chapter's label must name its own section (``(ch-<section-id>)=``), so
    links to a chapter stay stable when files are renamed.
    """
    root = Path(root)
    result = []
    for row in data.load("sections").sort_values("order").itertuples():
        source = root / f"{row.chapter}.md"
        if not source.exists():
            raise ChapterFormatError(source, f"sections.csv lists chapter {row.id!r} here, but there is no such file")
        kit = parse_kit(source.read_text(encoding="utf-8"), source.relative_to(root))
        if kit.label != f"ch-{row.id}":
            raise ChapterFormatError(source, f"the chapter label is {kit.label!r}; expected 'ch-{row.id}'")
        result.append(Chapter(id=row.id, order=int(row.order), path=row.chapter, kit=kit))
    return result


def repository_settings(root: Path = BOOK_ROOT) -> dict:
    """The repository and launch settings of ``_config.yml``: the one place a fork changes.

    >>> repository_settings()["branch"]
    'main'
    """
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    launch = config.get("launch_buttons") or {}
    url = str(repo.get("url", "")).rstrip("/")
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?", url)
    if not match:
        raise ValueError(f"_config.yml: repository.url must be https://github.com/<owner>/<repository>, not {url!r}")
    interface = launch.get("notebook_interface", "jupyterlab")
    if interface not in INTERFACE_PATHS:
        raise ValueError(f"_config.yml: launch_buttons.notebook_interface must be one of {sorted(INTERFACE_PATHS)}")
    return {
        "url": url,
        "owner": match.group(1),
        "repository": match.group(2),
        "branch": repo.get("branch") or "master",  # Jupyter Book's own default when none is set
        "path_to_book": str(repo.get("path_to_book") or "").strip("/"),
        "binderhub_url": str(launch.get("binderhub_url", "https://mybinder.org")).rstrip("/"),
        "interface": interface,
    }


def binder_url(path: str, settings: dict | None = None) -> str:
    """The Binder link that opens the chapter at ``path`` (no suffix) as Jupyter Book's button does."""
    s = settings or repository_settings()
    in_repo = "/".join(p for p in (s["path_to_book"], f"{path}.md") if p)
    return (
        f"{s['binderhub_url']}/v2/gh/{s['owner']}/{s['repository']}/{s['branch']}"
        f"?urlpath={INTERFACE_PATHS[s['interface']]}/{in_repo}"
    )


def pages_url(settings: dict | None = None) -> str:
    """Where GitHub Pages publishes this repository's book by default.

    >>> pages_url()
    'https://keeping-ml-alive.github.io/book/'
    """
    s = settings or repository_settings()
    return f"https://{s['owner'].lower()}.github.io/{s['repository']}/"


def _minutes(n: int) -> str:
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


def link(href: str, text: str) -> Block:
    """A link whose address and text are escaped."""
    return Block(f'<a href="{esc(href)}">{esc(text)}</a>')


def bullet_list(items) -> Block:
    """A compact bulleted list of escaped items."""
    return Block('<ul style="margin:0;padding-left:1.2em">' + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")


def chapter_table(from_page: str = "chapters/instructor_guide") -> Block:
    """The table an instructor assigns from: each chapter's page, label, Binder link and time."""
    frame = chapter_frame()
    depth = from_page.count("/")
    prefix = "../" * depth
    shown = pd.DataFrame(
        {
            "#": frame["order"],
            "Chapter": [link(prefix + p, t) for p, t in zip(frame["page"], frame["title"])],
            "Label for {ref}": frame["label"],
            "Open in Binder": [link(b, f"Binder: {p.removeprefix('chapters/').removesuffix('.html')}") for b, p in zip(frame["binder"], frame["page"])],
            "Reading": [f"{m} min" for m in frame["reading_minutes"]],
            "Exercises": [f"{n} ({m} min)" for n, m in zip(frame["exercises"], frame["exercise_minutes"])],
        }
    )
    total_read, total_ex = int(frame["reading_minutes"].sum()), int(frame["exercise_minutes"].sum())
    return table(
        shown,
        f"The {len(frame)} chapters: {_minutes(total_read)} of reading (interactives included) and "
        f"{_minutes(total_ex)} of exercises, from each chapter's own 'Time to read' line.",
    )


def session_plan(chapter_list: list[Chapter] | None = None) -> pd.DataFrame:
    """One long session: every chapter read in order, with the clock time each one starts.

    The exercises go home with the learners; the last row says how long they take.
    """
    chapter_list = chapters() if chapter_list is None else chapter_list
    rows, clock = [], 0
    for c in chapter_list:
        rows.append({"Starts at": _clock(clock), "Chapter": f"{c.order}. {c.title}", "Minutes": c.kit.page_minutes})
        clock += c.kit.page_minutes
    rows.append({"Starts at": _clock(clock), "Chapter": "End of the session", "Minutes": 0})
    rows.append(
        {
            "Starts at": "after",
            "Chapter": "Exercises, as homework",
            "Minutes": sum(c.kit.exercise_minutes for c in chapter_list),
        }
    )
    return pd.DataFrame(rows)


def _clock(minutes: int) -> str:
    """Minutes into the session, as h:mm.

    >>> _clock(75)
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
            "Exercises": [bullet_list(f"{e.label}: {e.title}" if e.title else e.label for e in c.kit.exercises) for c in chapter_list],
            "Checked answers": [", ".join(c.kit.check_ids) or "none (discussion only)" for c in chapter_list],
        }
    )
    return table(
        shown,
        f"{sum(len(c.kit.objectives) for c in chapter_list)} objectives and "
        f"{sum(len(c.kit.exercises) for c in chapter_list)} exercises, read from each chapter's kit and exercise labels.",
    )


def toc_files(root: Path = BOOK_ROOT) -> list[str]:
    """Every page ``_toc.yml`` lists, in reading order, as paths without suffix.

    >>> toc_files()[:2]
    ['index', 'chapters/01_opening']
    """
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    found = [str(toc["root"])]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(str(entry["file"]).removesuffix(".md").removesuffix(".ipynb"))
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts") or [toc]:
        walk(part.get("chapters"))
    return found


def is_notebook(path: str, root: Path = BOOK_ROOT) -> bool:
    """Whether the page at ``path`` is a MyST Markdown notebook (front matter with a kernelspec).

    >>> is_notebook("chapters/01_opening"), is_notebook("no/such/page")
    (True, False)
    """
    source = Path(root) / f"{path}.md"
    if not source.exists():
        return False
    text = source.read_text(encoding="utf-8")
    front = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return bool(front) and "kernelspec" in (yaml.safe_load(front.group(1)) or {})


def citations(root: Path = BOOK_ROOT) -> dict:
    """How to cite the book and the study, read from ``CITATION.cff`` (its one source).

    >>> citations()["study"]
    'Shreya Shankar, Rolando Garcia, Joseph M. Hellerstein and Aditya G. Parameswaran (2022). Operationalizing Machine Learning: An Interview Study. arXiv:2209.09125.'
    """
    cff = yaml.safe_load((Path(root) / "CITATION.cff").read_text(encoding="utf-8"))

    def people(authors) -> str:
        names = [a.get("name") or f"{a['given-names']} {a['family-names']}" for a in authors]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    study = cff["references"][0]
    identifier = next(i["value"] for i in study["identifiers"] if str(i["value"]).startswith("arXiv:"))
    return {
        "book": f"{people(cff['authors'])}. {cff['title']} (version {cff['version']}).",
        "study": f"{people(study['authors'])} ({study['year']}). {study['title']}. {identifier}.",
    }


def citation_block(root: Path = BOOK_ROOT) -> Block:
    """The two citations, ready for a page."""
    cited = citations(root)
    return Block(
        f'<div class="mlops-citations" style="color:{style.INK}">'
        f"<p><strong>The book:</strong> {esc(cited['book'])}</p>"
        f"<p><strong>The study:</strong> {esc(cited['study'])}</p></div>"
    )
