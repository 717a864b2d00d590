"""The static HTML a widget carries for where no widget can run: its default view.

An untrusted notebook (a downloaded ``.ipynb`` before the reader trusts it), a notebook viewer
or a notebook opened without the book's package cannot draw a widget; Jupyter then shows the
richest other representation of the output. :class:`StaticFallback` adds a ``text/html``
picture of the widget's default state to its display data, next to the widget view itself, and
a short ``text/plain``. Where the widget can run (the built book, a trusted notebook) the widget
view ranks first and the picture is never shown.

>>> import ipywidgets as w
>>> class Demo(StaticFallback, w.VBox):
...     pass
>>> stack = w.Stack([w.HTML("<p>A</p>"), w.HTML("<p>B</p>")], selected_index=1)
>>> demo = Demo([w.ToggleButtons(options=["a", "b"], index=1), stack])
>>> bundle = demo._repr_mimebundle_()
>>> sorted(bundle)
['application/vnd.jupyter.widget-view+json', 'text/html', 'text/plain']
>>> "<p>B</p>" in bundle["text/html"], "<p>A</p>" in bundle["text/html"]
(True, False)
"""

from __future__ import annotations

import base64
import re

import ipywidgets as w
from markupsafe import Markup

from .render import render

#: The controls the book uses: each has ``options`` and ``index`` (``None`` when nothing is chosen).
CONTROLS = (w.ToggleButtons, w.SelectionSlider, w.Dropdown, w.RadioButtons)

#: Said above every static picture: what it is and how to get the live interactive.
NOTE = (
    "A static picture of this interactive in its first state. To use it, trust the notebook and run it "
    "with the book's package installed (see the notebook's first cell), or open the chapter on Binder."
)
#: Said instead in the built book (_ext/steps/widget_fallbacks.py), where the picture shows only if the page's
#: widget script cannot run: blocked, failed, or JavaScript switched off.
PAGE_NOTE = (
    "This interactive needs a script, which did not run here (JavaScript is off, or the script did not load): "
    "below is a static picture of its first state."
)
#: A quiz's picture is no first state but its questions and answers, without their feedback: it says so.
QUIZ_NOTE = (
    "A static picture of this quiz: its questions and answers, without their feedback. To check your answers, "
    "trust the notebook and run it with the book's package installed, or open the chapter on Binder."
)
QUIZ_PAGE_NOTE = (
    "This quiz needs a script to check your answers, which did not run here (JavaScript is off, or the script "
    "did not load): below are its questions and answers, to think over, without their feedback."
)
#: Each note a notebook's picture may carry, and the one the built page shows in its place.
PAGE_NOTES = {NOTE: PAGE_NOTE, QUIZ_NOTE: QUIZ_PAGE_NOTE}


def diagram_of(widget: w.Widget) -> str:
    """The diagram a control draws (``drawings.diagram`` marks it ``mlops-diagram-<shape>``), or ``""``:
    its picture is then laid out as that diagram, so that the widget takes the same room when it replaces it.

    >>> diagram_of(w.ToggleButtons(options=["a"]))
    ''
    >>> diagram_of(w.ToggleButtons(options=["a"], _dom_classes=["mlops-diagram-cycle"]))
    'cycle'
    """
    prefix = "mlops-diagram-"
    return next((name.removeprefix(prefix) for name in widget._dom_classes if name.startswith(prefix)), "")


def default_view_html(widget: w.Widget) -> str:
    """The HTML of ``widget`` as it first shows: HTML as it is, a Stack's selected child, a box's children
    in order, a control as the list of its positions. Boxes and HTML are wrapped in ``div``s whose classes
    (``mlops-static-box``, ``mlops-static-html``) let the book's CSS lay them out as the widget does.

    >>> default_view_html(w.Dropdown(options=["x", "<y>"], index=1, description="Pick"))
    '<div class="mlops-static-control mlops-static-dropdown" ...<li><strong>&lt;y&gt; (shown)</strong></li></ul></div>'
    >>> default_view_html(w.Stack([w.HTML("<p>A</p>")], selected_index=None))
    ''
    """
    if isinstance(widget, w.HTML):
        return f'<div class="mlops-static-html">{widget.value}</div>'
    if isinstance(widget, w.Stack):
        index = widget.selected_index
        if index is None:
            return ""
        if STEADY in widget._dom_classes:
            return _steady_views(widget, index)
        return default_view_html(widget.children[index])
    if isinstance(widget, w.Box):
        parts = "".join(default_view_html(child) for child in widget.children)
        return f'<div class="mlops-static-box">{parts}</div>'
    if isinstance(widget, CONTROLS):
        labels = [option[0] if isinstance(option, tuple) else str(option) for option in widget.options]
        return str(render("static_control.html", description=widget.description, labels=labels,
                          selected=widget.index, kind=type(widget).__name__.lower(), diagram=diagram_of(widget)))
    raise TypeError(f"no static picture for a {type(widget).__name__}: add one to mlops_book.fallback")


#: The class of a Stack whose panel keeps the height of its tallest view (mlops_book.widgets.Explorer).
STEADY = "mlops-steady"
_ID = re.compile(r'\s(?:id|for|aria-labelledby|aria-describedby)="[^"]*"')


def _steady_views(stack: w.Stack, index: int) -> str:
    """A steady Stack's picture: its chosen view, with every other view laid out in the same place but
    unseen, so that the picture is as tall as its tallest view, as the widget that replaces it will be
    (``_static/widgets-steady.js``) and the page does not move. The unseen copies carry no ids.

    >>> stack = w.Stack([w.HTML("<p>A</p>"), w.HTML('<p id="b">B<br>B</p>')], selected_index=0)
    >>> stack.add_class(STEADY)  # doctest: +ELLIPSIS
    Stack(...)
    >>> html = default_view_html(stack)
    >>> html.count("grid-area:1/1"), 'visibility:hidden" aria-hidden="true"><div class="mlops-static-html"><p>B' in html
    (2, True)
    """
    layers = []
    for number, child in enumerate(stack.children):
        view = default_view_html(child)
        if number == index:
            layers.append(f'<div style="grid-area:1/1;min-width:0">{view}</div>')
        else:
            layers.append(f'<div style="grid-area:1/1;min-width:0;visibility:hidden" aria-hidden="true">'
                          f"{_ID.sub('', view)}</div>")
    return f'<div class="mlops-static-steady" style="display:grid">{"".join(layers)}</div>'


class StaticFallback:
    """Mixed into a widget class (before the ipywidgets base): its display data carries its default view
    as ``text/html`` and a one-line ``text/plain``, beside the widget view. A class whose first state is
    no fair picture of it (a quiz, whose first state shows no answer and offers buttons) overrides
    :meth:`static_html` and :attr:`static_note`."""

    #: Said above the picture (a key of :data:`PAGE_NOTES`: the built page says its value instead).
    static_note = NOTE

    def static_html(self) -> str:
        """The picture: the widget's default view (:func:`default_view_html`)."""
        return default_view_html(self)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        # the views are HTML rendered from the book's templates, which escaped the data they hold
        note = self.static_note
        bundle["text/html"] = str(render("static_widget.html", note=note, body=Markup(self.static_html())))
        bundle["text/plain"] = f"{type(self).__name__}: an interactive; {note}"
        return bundle



# --- Downloads --------------------------------------------------------------------------------

#: The widget view in an output's display data: a downloaded notebook has no widget models to draw it from.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_INLINE_SVG = re.compile(r"<svg\b(?P<attributes>[^>]*)>.*?</svg>", re.DOTALL)
_LABEL = re.compile(r'\baria-label="(?P<label>[^"]*)"')


def svg_as_image(html: str) -> str:
    """``html`` with each inline ``<svg>`` drawn as an ``<img>`` of the same SVG (a ``data:`` URL), with its
    ``aria-label`` as alt text. JupyterLab cleans an untrusted notebook's HTML of inline SVG, which leaves a
    chart's axis labels as one line of text; it keeps an image. The SVG's colours are the page's custom
    properties with the light colours as fallbacks (:func:`mlops_book.style.themed`): in an image, the fallbacks.

    >>> out = svg_as_image('<p>A</p><svg xmlns="http://www.w3.org/2000/svg" aria-label="A &amp; B"><g/></svg>')
    >>> out.startswith('<p>A</p><img class="mlops-chart-svg" alt="A &amp; B" src="data:image/svg+xml;base64,')
    True
    >>> "<svg" in out
    False
    """

    def image(match: re.Match) -> str:
        label = _LABEL.search(match["attributes"])
        alt = label["label"] if label else ""
        encoded = base64.b64encode(match.group(0).encode())
        return (
            f'<img class="mlops-chart-svg" alt="{alt}" src="data:image/svg+xml;base64,{encoded.decode("ascii")}" '
            'style="max-width:100%;height:auto" />'
        )

    return _INLINE_SVG.sub(image, html)


def for_download(notebook) -> None:
    """Make an executed notebook's outputs show as static pictures wherever it is opened: widget views
    removed (without the book's kernel their models are missing, and JupyterLab draws a broken-link icon
    where each would be; the picture beside each one shows instead) and every inline SVG an image, which an
    untrusted notebook still shows. Run again, the widgets are live once more."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            data.pop(WIDGET_VIEW, None)
            if "text/html" in data:
                html = data["text/html"]
                data["text/html"] = svg_as_image("".join(html) if isinstance(html, list) else html)
    notebook.metadata.pop("widgets", None)
