"""The numbers the chapters' prose states, each computed from data/, and kept in the text as written words.

A number inside a sentence must read as a number in the built page and in JupyterLab alike, where
``{glue:text}`` shows only the glued name. So the prose carries the number itself, followed by an
HTML comment naming where it comes from: ``18<!-- participant_count -->``. Neither Sphinx nor
jupyterlab-myst shows the comment. :func:`fill` rewrites every such number from :data:`NUMBERS`
(``make normalise`` runs it, :mod:`mlops_book.notebook_form`), and a chapter whose number differs
from its data is not in its normal form, which a fast test reports: no number is typed by hand.

>>> fill("each of the 7<!-- participant_count --> interviewees", {"participant_count": lambda: 18})
'each of the 18<!-- participant_count --> interviewees'
>>> fill("{glue:text}`participant_count` of them", {"participant_count": lambda: 18})
'18<!-- participant_count --> of them'
>>> fill("<!-- no_such_number -->", {})
Traceback (most recent call last):
...
ValueError: <!-- no_such_number -->: mlops_book.prose_numbers.NUMBERS has no number named 'no_such_number'
"""

from __future__ import annotations

import re

from . import data, views

#: Each number the prose states, by the name its comment gives, as the data gives it.
NUMBERS = {
    "headline_industries": lambda: int(data.figure("industries")["low"]),
    "distinct_applications": views.distinct_applications,
    "participant_count": lambda: len(data.load("participants")),
}

#: A number with its source (``18<!-- participant_count -->``), or the glue role it replaces.
_NUMBER = re.compile(r"(?:(?:\d[\d,]*(?:\.\d+)?)?<!--\s*(?P<name>\w+)\s*-->|\{glue:text\}`(?P<glued>\w+)`)")


def fill(text: str, numbers: dict | None = None) -> str:
    """``text`` with every number that names its source rewritten as that source's value."""
    numbers = NUMBERS if numbers is None else numbers

    def value(match: re.Match) -> str:
        name = match["name"] or match["glued"]
        if name not in numbers:
            raise ValueError(f"{match.group(0)}: mlops_book.prose_numbers.NUMBERS has no number named {name!r}")
        return f"{numbers[name]()}<!-- {name} -->"

    return _NUMBER.sub(value, text)
