"""The views a page can show without a kernel: the registry the ``{book-view}`` directive reads.

Pages that only show what the package computes (the landing page, the instructor pages, "Where the
explainer and the paper differ", the instructor guide, "How this book is built") are plain MyST Markdown, not
notebooks: the build step ``_ext/steps/book_views.py`` calls the view a ``{book-view}`` directive
names while Sphinx reads the page, and puts the HTML it returns (made by the package's Jinja2
templates, which escape every text from the data) where a notebook cell's output would be. No
kernel starts for them, which saves about three seconds a page in a cold build.

A page can name only the views listed in :data:`VIEWS`, each with the types of its arguments, so a
page runs no code of its own. A view that returns a table of values (a ``DataFrame``) needs a
caption, which the page gives as the directive's ``:caption:`` option::

    ```{book-view} instructor_notes.session_plan three-vs 60
    ```

    ```{book-view} plans.week_plan 3
    :caption: Three weeks, in chapter order
    ```

>>> show("instructor_notes.session_plan", ["workflow", "60"]).startswith('<div class="mlops-table"')
True
>>> show("os.system", ["echo hello"])
Traceback (most recent call last):
...
mlops_book.page_views.ViewError: no view 'os.system': a page can show instructor_notes.session_plan, ...
>>> show("instructor_notes.session_plan", ["workflow", "sixty"])
Traceback (most recent call last):
...
mlops_book.page_views.ViewError: instructor_notes.session_plan: argument 2 must be a whole number (int), not 'sixty'
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from .paths import BOOK_ROOT


class ViewError(ValueError):
    """A ``{book-view}`` that cannot be shown: an unknown view, wrong arguments, or the view failed."""


@dataclass(frozen=True)
class View:
    """A registered view: the types of its arguments, and whether it returns a table of values
    (a ``DataFrame``, shown by :func:`mlops_book.blocks.table` with the page's caption)."""

    arguments: tuple[type, ...] = ()
    frame: bool = False


#: Every view a page can name, as ``module.function`` of the package.
VIEWS: dict[str, View] = {
    "instructor_notes.session_plan": View((str, int)),
    "instructor_notes.discussion_notes": View((str,)),
    "instructor_notes.rubrics": View((str,)),
    "instructor_notes.misconceptions": View((str,)),
    "instructor_notes.answer_key": View((str,)),
    "written_tasks.rubrics": View((str,)),
    "pre_post.questions_table": View(),
    "pre_post.answer_key": View(),
    "differences.unsupported": View(),
    "differences.not_verifiable": View(),
    "differences.partly_supported": View(),
    "differences.rules": View(),
    "differences.quote_wordings": View(),
    "differences.named_speakers": View(),
    "plans.chapter_table": View(),
    "one_session.session_plan": View(),
    "plans.week_plan": View((int,), frame=True),
    "plans.objectives_map": View(),
    "syllabus.week_table": View(),
    "syllabus.readings_table": View(),
    "blocks.citation_block": View(),
    "environment.versions_frame": View(frame=True),
    "links.launch_table": View(frame=True),
    "landing.opening": View(),
    "landing.contents": View(),
    "landing.ways_in": View(),
    "landing.chapter_tiles": View(),
    "landing.lab_tiles": View(),
}

_TYPE_NAMES = {str: "text", int: "a whole number (int)"}


def _arguments(name: str, view: View, args: list[str]) -> list:
    if len(args) != len(view.arguments):
        wanted = ", ".join(t.__name__ for t in view.arguments) or "none"
        raise ViewError(f"{name} takes {len(view.arguments)} argument(s) ({wanted}), not {len(args)}: {args}")
    converted = []
    for position, (kind, text) in enumerate(zip(view.arguments, args, strict=True), start=1):
        try:
            converted.append(kind(text))
        except ValueError:
            raise ViewError(f"{name}: argument {position} must be {_TYPE_NAMES[kind]}, not {text!r}") from None
    return converted


def show(name: str, args: list[str], caption: str | None = None) -> str:
    """The HTML of the registered view ``name`` called with ``args`` (text, converted to the view's
    argument types); a table view is shown under ``caption``. Any failure is a :class:`ViewError`
    naming the view and what is wrong."""
    view = VIEWS.get(name)
    if view is None:
        raise ViewError(f"no view {name!r}: a page can show {', '.join(VIEWS)} (mlops_book.page_views.VIEWS)")
    values = _arguments(name, view, args)
    if view.frame and not caption:
        raise ViewError(f"{name} returns a table of values: give it a :caption:")
    if caption and not view.frame:
        raise ViewError(f"{name} carries its own caption: drop the :caption: option")
    module, function = name.split(".")
    call = f"{name}({', '.join(map(repr, values))})"
    try:
        result = getattr(importlib.import_module(f"{__package__}.{module}"), function)(*values)
        if view.frame:
            from .blocks import table

            result = table(result, caption)
    except Exception as error:  # a data problem or a wrong argument value: say which view and why
        raise ViewError(f"{call} failed: {type(error).__name__}: {error}") from error
    if not hasattr(result, "_repr_html_"):
        raise ViewError(f"{call} returned {type(result).__name__}, which has no HTML (_repr_html_)")
    return result._repr_html_()


def inputs(root: Path = BOOK_ROOT) -> list[Path]:
    """The files outside ``data/`` and ``src/`` that views read (the pages of ``_toc.yml``, whose kits,
    questions and tiles they show, and the book's settings, pins and citation): a page that shows a view
    is read again when one of them changes (a change in ``data/`` or ``src/`` re-reads every page already).

    >>> [p.name for p in inputs()][:6]
    ['_toc.yml', '_config.yml', 'requirements.txt', 'runtime.txt', 'CITATION.cff', 'index.md']
    """
    from .links import toc_files

    files = [root / name for name in ("_toc.yml", "_config.yml", "requirements.txt", "runtime.txt", "CITATION.cff")]
    return files + [root / f"{page}.md" for page in toc_files(root)]
