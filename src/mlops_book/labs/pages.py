"""What a lab page shows around its static explorer: where its evidence comes from, and the live lab.

:func:`evidence` lists, from ``data/``, the quotes, figures and other records a lab page rests on:
who said it, in which section of the explainer, and where in the paper, with the status of every
row the paper does not fully support (so a row that is not the paper's is called what it is).
:func:`live` is the lab for a running kernel (Jupyter or Binder): the same simulation with every
parameter of its ``simulate()`` open to change (their ranges are in the lab's record,
:mod:`mlops_book.labs.catalogue`); the static page cannot run it and says so.

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

from .. import blocks, data, paper
from .catalogue import lab as lab_called


def _where(row) -> str:
    """The explainer section a row of data comes from, by its label and heading."""
    section = data.load("sections").set_index("id").loc[row["section"]]
    return f"{section['label']}: {section['heading']}"


def _row(evidence: str, who: str, record) -> dict:
    return {"Evidence": evidence, "Who": who, "Explainer section": _where(record), "In the paper": paper.where(record)}


def evidence(quote_ids=(), figure_ids=(), records=()) -> blocks.Block:
    """A table of the evidence from the book's data that a lab page shows: what, who, where in the
    explainer, and where in the paper, with the status and note of every row the paper does not fully support.

    Rows come from ``data/quotes.csv``, ``data/headline_figures.csv`` and, for ``records``, any
    fact file: ``(file, key column, key value)``, shown by the file's claim columns
    (:data:`mlops_book.paper.CLAIM_COLUMNS`).

    >>> html = evidence(figure_ids=["rollout-steps"], records=[("data_error_spectrum", "name", "Drift")]).html
    >>> "Not in the paper" in html, "Partly in the paper (§5.1.2)" in html
    (True, True)
    """
    quotes, figures = data.load("quotes").set_index("id"), data.load("headline_figures").set_index("id")
    rows = []
    for quote_id in quote_ids:
        q = quotes.loc[quote_id].to_dict() | {"id": quote_id}
        who = data.speaker_line(q["speaker"]) if q["speaker"] else "not named"
        rows.append(_row(f"Quote on {q['topic'].lower()}", who, q))
    for figure_id in figure_ids:
        f = figures.loc[figure_id].to_dict()
        rows.append(_row(f"Figure: {f['value']} {f['label']}", f["source"] or "not named", f))
    for name, column, value in records:
        frame = data.load(name)
        match = frame[frame[column] == value]
        if match.empty:
            raise KeyError(f"{name}.csv has no record with {column} = {value!r}")
        r = match.iloc[0].to_dict()
        claim = " — ".join(str(r[c]) for c in paper.CLAIM_COLUMNS[name] if r[c])
        rows.append(_row(claim, r.get("participant") or "not named", r))
    return blocks.table(
        pd.DataFrame(rows),
        "This page's evidence, from the book's data (not simulated): where each row stands in the explainer and "
        "in the paper; a row the paper does not fully support gives its status and note.",
    )


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
