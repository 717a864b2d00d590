"""Number each lab's exercises within the lab: "Lab exercise 3.1", not "Exercise 5" counted across all labs.

Why: the chapters are a numbered part of the table of contents, so their exercises read "Exercise 4.3"
(chapter 4, third exercise), names an assignment can use. The labs are not numbered (their titles say
"Lab 3" already), and Sphinx's figure numbering then counts their exercises across every unnumbered page:
lab 3's first exercise was "Exercise 5". This step rewrites, on each lab's page only, every
"Exercise <n>" that sphinx-exercise writes (the exercise's caption and its solution's title) as
"Lab exercise <lab>.<i>", where ``<lab>`` is the number in the lab's file name and ``<i>`` the exercise's
place on the page. :meth:`mlops_book.kit.Chapter.exercise_name` names them the same way for the instructor
pages. "Lab exercise" keeps them apart from the chapters' "Exercise 3.1".

It reads Sphinx's figure numbers (``env.toc_fignumbers``, the numbers sphinx-exercise's captions show) and
changes only the page's HTML as it is written (``html-page-context``), not the numbers Sphinx keeps, so a
rebuild sees nothing changed. Upstream: none; the book's own numbering. It depends on how Sphinx 7.4.7
stores figure numbers and on the markup of sphinx-exercise 1.2.1 (``<span class="caption-number">Exercise
5 </span>``, and "Solution to Exercise 5" in a link), hence the pins below.

>>> renumber('<span class="caption-number">Exercise 5 </span> ... Solution to<a href="#x"> Exercise 5</a>'
...          ' and Exercise 50', {5: "Lab exercise 3.1"})
... # doctest: +NORMALIZE_WHITESPACE
'<span class="caption-number">Lab exercise 3.1 </span> ... Solution to<a href="#x"> Lab exercise 3.1</a>
 and Exercise 50'
>>> lab_number("chapters/labs/03_rollout"), lab_number("chapters/03_research")
(3, None)
"""

from __future__ import annotations

import re

#: Sphinx's figure numbers and sphinx-exercise's captions, as this step reads them (tests/test_hygiene.py).
PATCHES = {"Sphinx": "7.4.7", "sphinx-exercise": "1.2.1"}

_LAB = re.compile(r"chapters/labs/(\d+)_\w+")
_EXERCISE = re.compile(r"(?<![\w-])Exercise (\d+)(?![\d.])")


def lab_number(docname: str) -> int | None:
    """The lab's number from its file name (``chapters/labs/03_rollout`` is lab 3), or None for other pages."""
    found = _LAB.fullmatch(docname)
    return int(found.group(1)) if found else None


def renumber(body: str, names: dict[int, str]) -> str:
    """``body`` with each "Exercise <n>" whose ``n`` is in ``names`` written as its new name."""
    return _EXERCISE.sub(lambda m: names.get(int(m.group(1)), m.group(0)), body)


def number_lab_exercises(app, pagename, templatename, context, doctree):
    lab = lab_number(pagename)
    if lab is None or "body" not in context:
        return
    numbers = app.env.toc_fignumbers.get(pagename, {}).get("exercise", {})
    in_page_order = sorted({n[-1] for n in numbers.values()})
    names = {n: f"Lab exercise {lab}.{i}" for i, n in enumerate(in_page_order, 1)}
    context["body"] = renumber(context["body"], names)


def setup(app):
    app.connect("html-page-context", number_lab_exercises)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
