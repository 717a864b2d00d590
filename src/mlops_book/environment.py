"""What the book runs on, read from the files that pin it: ``requirements.txt`` and ``runtime.txt``.

The same two files set up a reader's ``make book``, the CI runner and Binder,
so the versions a page reports are the versions that built it.

>>> pinned_versions(["jupyter-book"])["jupyter-book"].startswith("1.")
True
>>> python_version()
'3.11'
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .paths import BOOK_ROOT

#: The pieces of the pipeline a reader may want to know the version of, in pipeline order.
PIPELINE_PACKAGES = (
    "pandas",
    "matplotlib",
    "ipywidgets",
    "jupytext",
    "nbclient",
    "jupyter-cache",
    "myst-nb",
    "jupyter-book",
    "Sphinx",
    "sphinx-book-theme",
    "sphinx-exercise",
    "jupyterlab",
)

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)")


def _canonical(name: str) -> str:
    """Package names compare without case and with ``-``, ``_`` and ``.`` alike (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_versions(names=PIPELINE_PACKAGES, requirements: Path | None = None) -> dict:
    """The exact version ``requirements.txt`` pins for each of ``names``, in the order asked.

    A name that is not pinned exactly is an error, never a silent gap.

    >>> pinned_versions(["no-such-package"])
    Traceback (most recent call last):
    ...
    KeyError: "requirements.txt pins no version of 'no-such-package'"
    """
    path = Path(requirements or BOOK_ROOT / "requirements.txt")
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[_canonical(match.group(1))] = match.group(2)
    result = {}
    for name in names:
        if _canonical(name) not in pins:
            raise KeyError(f"{path.name} pins no version of {name!r}")
        result[name] = pins[_canonical(name)]
    return result


def python_version(runtime: Path | None = None) -> str:
    """The Python version ``runtime.txt`` asks Binder for (``python-3.11`` gives ``'3.11'``)."""
    path = Path(runtime or BOOK_ROOT / "runtime.txt")
    text = path.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    if not match:
        raise ValueError(f"{path.name} must say python-<major>.<minor>, not {text!r}")
    return match.group(1)


def versions_frame(names=PIPELINE_PACKAGES) -> pd.DataFrame:
    """Python and the pinned pipeline packages, as a two-column table."""
    pins = pinned_versions(names)
    return pd.DataFrame(
        {"Package": ["Python", *pins], "Version": [python_version(), *pins.values()]}
    )
