"""What a lab page shows around its static explorer: where the study's evidence comes from, and the live lab.

:func:`evidence` lists, from ``data/``, the quotes and figures a lab page shows as the study's
evidence: who said it and in which section of the explainer (and of the paper, where the data
names one). :func:`live` is the lab for a running kernel (Jupyter or Binder): the same
simulation with every parameter of its ``simulate()`` open to change (their ranges are in the
lab's record, :mod:`mlops_book.labs.catalogue`); the static page cannot run it and says so.

>>> "P18, MLE, Recommender Systems" in evidence(["p18-ignore-alerts"]).html
True
>>> lab = live("alerts")
>>> {c.description: c.value for c in lab.kwargs_widgets[:2]}
{'threshold': 4.0, 'rule': 'static'}
"""

from __future__ import annotations

import inspect

import ipywidgets as w
import pandas as pd
from IPython.display import HTML

from .. import blocks, data
from .catalogue import lab as lab_called


def _where(row) -> str:
    """The explainer section a row of data comes from, by its label and heading."""
    section = data.load("sections").set_index("id").loc[row["section"]]
    return f"{section['label']}: {section['heading']}"


def evidence(quote_ids=(), figure_ids=()) -> blocks.Block:
    """A table of the study's evidence a lab page shows: what, who, and where in the explainer.

    Rows come from ``data/quotes.csv`` and ``data/headline_figures.csv``; a ``paper_section``
    column, where the data has one, becomes an "In the paper" column.
    """
    quotes, figures = data.load("quotes").set_index("id"), data.load("headline_figures").set_index("id")
    rows = []
    for quote_id in quote_ids:
        q = quotes.loc[quote_id]
        rows.append(
            {
                "Evidence": f"Quote on {q['topic'].lower()}",
                "Who": data.speaker_line(q["speaker"]) if q["speaker"] else "not named",
                "Explainer section": _where(q),
                "paper": q.get("paper_section"),
            }
        )
    for figure_id in figure_ids:
        f = figures.loc[figure_id]
        rows.append(
            {
                "Evidence": f"Figure: {f['value']} {f['label']}",
                "Who": f["source"] or "not named",
                "Explainer section": _where(f),
                "paper": f.get("paper_section"),
            }
        )
    frame = pd.DataFrame(rows)
    if frame["paper"].isna().all():
        frame = frame.drop(columns="paper")
    frame = frame.rename(columns={"paper": "In the paper (§)"})
    return blocks.table(frame, "The study's evidence on this page, as recorded in the book's data (not simulated).")


def live(name: str) -> w.interactive:
    """The lab called ``name`` with every parameter open, for a running kernel: change them, then press "Run
    the simulation", and the state's chart and its numbers in words appear under the controls.

    The two controls of the static page start at its default state, the others at their
    defaults in ``simulate()``.
    """
    lab = lab_called(name)
    simulate = inspect.signature(lab.simulation.simulate).parameters
    defaults = lab.default_state()
    controls = {}
    for parameter, spec in lab.live_ranges().items():
        default = defaults[parameter] if parameter in defaults else simulate[parameter].default
        control = w.interactive.widget_from_abbrev(spec, default)
        control.description = parameter.replace("_", " ")
        control.style = {"description_width": "initial"}
        controls[parameter] = control

    def run(**values) -> HTML:
        """Simulate and draw the state the controls give; ``interactive`` shows it under them."""
        return HTML(str(lab.state(**values).html))

    # auto_display: the result goes into the interactive's output area (``interactive`` alone only keeps it in
    # ``.result``, and the learner's "Run" showed nothing); tests/test_live_labs.py presses the button in a kernel.
    options = {"manual": True, "manual_name": "Run the simulation", "auto_display": True}
    return w.interactive(run, options, **controls)
