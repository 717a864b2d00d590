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


def participants_per_size() -> int:
    """How many participants work at companies of each size, the same for every size (the prose says
    "at each company size"): an uneven table stops ``make normalise`` rather than print a false sentence.

    >>> participants_per_size()
    6
    """
    counts = data.load("participants")["company_size"].value_counts()
    if counts.nunique() != 1:
        raise ValueError(f"participants per company size differ ({counts.to_dict()}): the prose says "
                         "'at each company size'")
    return int(counts.iloc[0])


def _role_count(role: str) -> int:
    return int((data.load("participants")["role"] == role).sum())


def _cited_for(v: str) -> int:
    return len(views.vs_cited_by()[v])


#: Each number the prose states, by the name its comment gives, as the data gives it.
NUMBERS = {
    "headline_industries": lambda: int(data.figure("industries")["low"]),
    "distinct_applications": views.distinct_applications,
    "participant_count": lambda: len(data.load("participants")),
    "participants_per_size": participants_per_size,
    "mle_count": lambda: _role_count("MLE"),
    "mle_manager_count": lambda: _role_count("MLE Manager"),
    "applications_listed_twice": lambda: int((data.load("participants")["application"].value_counts() == 2).sum()),
    "velocity_participants": lambda: _cited_for("Velocity"),
    "validation_participants": lambda: _cited_for("Validation"),
    "versioning_participants": lambda: _cited_for("Versioning"),
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
