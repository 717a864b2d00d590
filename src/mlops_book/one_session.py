"""The instructor guide's one-session plan: reading before, a 90-minute active session, homework after.

A session cannot be the book read aloud: reading goes home before it, and the time in class is for what
needs a room. So the session is assembled from what the book already has, and every minute comes from it:

- the **pre-reading** is each page the session uses, with its kit's "Time to read" (:mod:`mlops_book.kit`);
- each **step** in class is a step of a chapter's or lab's own session plan (``data/teaching/<id>.yml``,
  :mod:`mlops_book.teaching`), with its minutes, activity, talk outline and, for a live step, what to do
  without a kernel (:func:`mlops_book.instructor_notes.without_kernel`); or a chapter's self-check quiz
  (:data:`QUIZ_MINUTES_PER_QUESTION`), or a written task as the exit task (:data:`WRITING_WORDS_PER_MINUTE`);
- the **homework** is each page's exercises (their kit time) and its written tasks other than the exit task.

The two rates are planning allowances of this book, not findings of the study; the page says so. The
session's total is summed from the steps, and a test holds it to :data:`SESSION_MINUTES`.

>>> [s.phase for s in steps()][:3]
['check', 'talk', 'interactive']
>>> sum(s.minutes for s in steps()) == SESSION_MINUTES
True
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import quizzes, teaching, written_tasks
from .blocks import Block, link, plan_step, table
from .kit import Chapter, chapters, labs
from .plans import clock_time

#: The session's length in minutes, which its steps must add up to.
SESSION_MINUTES = 90
#: In-class reading the plan allows at most (the reading itself goes home before the session).
MAX_READING_IN_CLASS = 20
#: A planning allowance: minutes per multiple-choice question of a self-check quiz done in class.
QUIZ_MINUTES_PER_QUESTION = 1
#: A planning allowance: words per minute for a considered written answer, planned and written in class.
WRITING_WORDS_PER_MINUTE = 10

#: The session, in order. ``("plan", section, length, phase)`` takes that step of a page's session plan;
#: ``("quiz", section)`` the page's self-check quiz; ``("exit", task id)`` a written task as the exit task.
SESSION = (
    ("quiz", "workflow"),
    ("plan", "workflow", 60, "talk"),
    ("plan", "lab-drift", 60, "interactive"),
    ("plan", "lab-drift", 90, "lab"),
    ("plan", "lab-drift", 60, "exercise"),
    ("plan", "challenges", 60, "discussion"),
    ("plan", "challenges", 60, "wrap-up"),
    ("exit", "challenges-ml-bugs"),
)


@dataclass(frozen=True)
class SessionStep:
    """One step in class: its phase, the page it uses (a book path, ``chapters/04_workflow``), its minutes,
    what happens (with a talk's outline and a live step's fallback) and whether it runs a kernel."""

    phase: str
    page: str
    minutes: int
    activity: str
    outline: tuple = ()
    fallback: str = ""
    live: bool = False


def _page(section: str) -> Chapter:
    for c in chapters() + labs():
        if c.id == section:
            return c
    raise KeyError(f"one-session plan: no chapter or lab {section!r} in sections.csv")


def _plan_step(section: str, length: int, phase: str) -> SessionStep:
    from .instructor_notes import _exercise_names, without_kernel  # instructor_notes imports plans

    c = _page(section)
    found = [s for s in teaching.load(section).plans[length].steps if s.phase == phase]
    if not found:
        raise KeyError(f"one-session plan: the {length}-minute plan of {section!r} has no {phase!r} step")
    step = found[0]
    uses = [f"discussion questions {', '.join(map(str, step.questions))}"] if step.questions else []
    uses += [_exercise_names(c).get(step.exercise, step.exercise)] if step.exercise else []
    activity = step.activity + (f" (Uses {'; '.join(uses)}.)" if uses else "")
    fallback = without_kernel(c, step.exercise) if step.uses_kernel else ""
    return SessionStep(phase, c.path, step.minutes, activity, step.outline, fallback, step.uses_kernel)


def _quiz_step(section: str) -> SessionStep:
    c, count = _page(section), len(quizzes.load_questions(section))
    return SessionStep(
        "check", c.path, count * QUIZ_MINUTES_PER_QUESTION,
        f"Check the pre-reading: learners answer the {count} questions of the chapter's \"Check yourself\" "
        "quiz on the page, alone; it works without a kernel. Go over the ones most got wrong.",
    )


def _exit_step(task_id: str) -> SessionStep:
    task = next((t for t in written_tasks.load() if t.id == task_id), None)
    if task is None:
        raise KeyError(f"one-session plan: no written task {task_id!r} in data/teaching/written/tasks.csv")
    c = _page(task.section)
    minutes = -(-task.words // WRITING_WORDS_PER_MINUTE)
    return SessionStep(
        "exit", c.path, minutes,
        f"Exit task, on paper, handed in: {task.name}, about {task.words} words: \"{task.prompt}\" "
        f"Mark it later with its rubric ({task.total} points) on the chapter's teaching page.",
    )


def steps() -> tuple[SessionStep, ...]:
    """The session's steps in class, in order, each read from the page or data it uses."""
    make = {"plan": _plan_step, "quiz": _quiz_step, "exit": _exit_step}
    return tuple(make[kind](*args) for kind, *args in SESSION)


def pages_used() -> list[Chapter]:
    """The chapters and labs the session uses, in the book's order (chapters, then labs)."""
    used = {s.page for s in steps()}
    return [c for c in chapters() + labs() if c.path in used]


def _link(c: Chapter) -> Block:
    # the plan is shown on chapters/instructor_guide, so pages are linked from chapters/
    return link(c.path.removeprefix("chapters/") + ".html", _short(c))


def _short(c: Chapter) -> str:
    """How the table names a page in its narrow column: 'Chapter 4', 'Lab 1'."""
    return f"{'Lab' if c.is_lab else 'Chapter'} {c.order}"


def session_frame() -> pd.DataFrame:
    """The plan's rows: the pre-reading, each step in class with its start time, page and minutes, and the
    homework."""
    by_path = {c.path: c for c in chapters() + labs()}
    exit_tasks = {args[0] for kind, *args in SESSION if kind == "exit"}
    rows = [("before", "reading", _link(c), c.kit.page_minutes,
             f"Read \u201c{c.title}\u201d before the session, interactives included (its kit's \"Time to read\").")
            for c in pages_used()]
    if any(s.live for s in steps()):
        from .instructor_notes import LAUNCH_BEFORE_CLASS

        rows.append(("before", "launch", _link(by_path[next(s.page for s in steps() if s.live)]), "",
                     LAUNCH_BEFORE_CLASS))
    clock = 0
    for s in steps():
        rows.append((clock_time(clock), s.phase, _link(by_path[s.page]), s.minutes,
                     plan_step(s.activity, s.outline, s.fallback)))
        clock += s.minutes
    rows.append((clock_time(clock), "end", "", 0, "End of the session."))
    for c in pages_used():
        others = [t.name for t in written_tasks.tasks_for(c.id) if t.id not in exit_tasks]
        work = f"The {len(c.kit.exercises)} exercises (the kit's time for all of them; skip any done in class)"
        rows.append(("after", "homework", _link(c), c.kit.exercise_minutes,
                     work + (f", and {', '.join(others)} (written)" if others else "") + "."))
    return pd.DataFrame(rows, columns=["When", "Phase", "Page", "Minutes", "What happens"])


def reading_in_class() -> int:
    """Minutes of the session spent reading a page in class (the reading belongs before it)."""
    return sum(s.minutes for s in steps() if s.phase == "reading")


def session_plan() -> Block:
    """The plan as the instructor guide shows it, under a caption whose totals are summed from its rows."""
    frame = session_frame()
    before = frame[(frame["When"] == "before") & (frame["Phase"] == "reading")]["Minutes"].sum()
    during = sum(s.minutes for s in steps())
    after = frame[frame["Phase"] == "homework"]["Minutes"].sum()
    written = sum(len(written_tasks.tasks_for(c.id)) for c in pages_used()) - sum(k == "exit" for k, *_ in SESSION)
    return table(
        frame,
        f"One session: {before} minutes of reading before it ({len(pages_used())} pages), {during} minutes in "
        f"class in {len(steps())} steps ({reading_in_class()} of them reading), then {after} minutes of "
        f"exercises and {written} written tasks as homework.",
    )
