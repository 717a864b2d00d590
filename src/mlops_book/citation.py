"""How to cite the book and the study, read from CITATION.cff.

``CITATION.cff`` is the one source: GitHub's "Cite this repository" button
reads it too, so the instructor guide and the button never disagree.
"""

from __future__ import annotations

from pathlib import Path

from . import data
from .paths import BOOK_ROOT


def how_to_cite(root: Path = BOOK_ROOT) -> dict:
    """How to cite the book and the study, read from ``CITATION.cff`` (its one source).

    >>> print(how_to_cite()["study"])  # doctest: +NORMALIZE_WHITESPACE
    Shreya Shankar, Rolando Garcia, Joseph M. Hellerstein and Aditya G. Parameswaran (2022).
    Operationalizing Machine Learning: An Interview Study. arXiv:2209.09125.
    """
    cff = data.parse_yaml((Path(root) / "CITATION.cff").read_text(encoding="utf-8"))

    def people(authors) -> str:
        names = [a.get("name") or f"{a['given-names']} {a['family-names']}" for a in authors]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    study = cff["references"][0]
    identifier = next(i["value"] for i in study["identifiers"] if str(i["value"]).startswith("arXiv:"))
    return {
        "book": f"{people(cff['authors'])}. {cff['title']} (version {cff['version']}).",
        "study": f"{people(study['authors'])} ({study['year']}). {study['title']}. {identifier}.",
    }
