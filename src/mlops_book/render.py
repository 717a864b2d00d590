"""Render the book's HTML from Jinja2 templates, escaping every value that is not already HTML.

The templates are ``mlops_book/templates/*.html`` (package data, so an installed package
finds them). Autoescaping is on for all of them: text from data is escaped where a template
places it, never by hand. A value that already is HTML says so with an ``__html__`` method
(what :func:`render` returns, a :class:`~mlops_book.blocks.Block`) and is placed as it is.
A variable that a template uses but the caller did not pass is an error, not an empty string.

Templates are written one element a line, for people; a line break and the indentation after
it are not part of the output, so the HTML stays compact (a space the output needs is written
on the line). ``templates/parts.html`` holds the small shared pieces (inline styles, a
paragraph, a heading, a badge, a card, the paper-trail note of a record); :func:`part` calls one
from Python.

>>> print(part("para", "<b>?</b>", label="Note:").split(">", 1)[1])
<strong>Note:</strong> &lt;b&gt;?&lt;/b&gt;</p>
>>> render("quote.html", id="q1", text="It works.", paper_text="")
Traceback (most recent call last):
...
jinja2.exceptions.UndefinedError: 'attribution' is undefined
"""

from __future__ import annotations

import re

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup, escape

from . import paper, style

_LINE_BREAK = re.compile(r"\n[ \t]*")


class _JoinLines(Extension):
    """Drop every line break of a template source, with the indentation that follows it."""

    def preprocess(self, source, name, filename=None):
        return _LINE_BREAK.sub("", source)


_ENVIRONMENT = Environment(
    loader=PackageLoader("mlops_book", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    extensions=[_JoinLines],
)
# the colours, as style.INK etc.: each names its custom property, so the HTML follows dark mode
_ENVIRONMENT.globals["style"] = style.THEMED
_ENVIRONMENT.globals["note_for"] = paper.note_for  # the paper-trail note of a record (parts.paper_note)


def render(template: str, **values) -> Markup:
    """The HTML of ``templates/<template>`` filled with ``values`` (escaped unless already HTML)."""
    return Markup(_ENVIRONMENT.get_template(template).render(**values))


def paper_trail(record, claim: str = ""):
    """Where a record stands in the paper, for a table cell: the source-note mark that opens its note
    when the paper does not fully support it (``parts.paper_note``), else the sections it cites.

    >>> paper_trail({"paper_section": "3.3", "paper_support": "supported", "paper_note": ""})
    '§3.3'
    >>> mark = paper_trail({"paper_section": "", "paper_support": "not-in-paper", "paper_note": "No."})
    >>> str(mark).startswith("<details")
    True
    """
    if paper.note_for(record) is None:
        return paper.sections_label(record.get("paper_section", "") if isinstance(record, dict)
                                    else getattr(record, "paper_section", ""))
    return part("paper_note", record, claim)


def part(name: str, *args, **kwargs) -> Markup:
    """The HTML of the macro ``name`` of ``templates/parts.html``, e.g. ``part("para", text)``."""
    return Markup(getattr(_ENVIRONMENT.get_template("parts.html").module, name)(*args, **kwargs))


def esc(text) -> str:
    """Text escaped exactly as the templates escape it (for HTML not yet in a template, and tests).

    >>> esc('"P1" <b> & \\'x\\'')
    '&#34;P1&#34; &lt;b&gt; &amp; &#39;x&#39;'
    """
    return str(escape(str(text)))
