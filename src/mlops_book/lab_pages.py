"""What a lab page shows around its simulation: where the study's evidence comes from, and the live lab.

:func:`evidence` lists, from ``data/``, the quotes and figures a lab page shows as the study's
evidence: who said it and in which section of the explainer (and of the paper, where the data
names one). :func:`live` is the lab for a running kernel (Jupyter or Binder): the same
simulation with every parameter of its ``simulate()`` open to change; the static page cannot
run it and says so.

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

from . import blocks, data, lab_charts, lab_widgets
from .labs import alerts, drift, rollout, validation


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


def _show(state: lab_charts.LabState) -> HTML:
    """The state's view; ``interactive`` shows what its function returns, under the controls."""
    return HTML(str(lab_widgets.state_view(state)))


def _run(lab: str):
    """The function the live lab calls with every parameter: draw that state (one for all four labs)."""
    state = lab_charts.LABS[lab][1]

    def run(**values):
        return _show(state(**values))

    return run


def _ranges(lab: str) -> dict:
    """The range of each parameter of a live lab (ipywidgets' abbreviations)."""
    seed = (0, 99, 1)
    if lab == "drift":
        return {
            "cadence": drift.grid()["cadence"],
            "label_delay_weeks": (0, 12, 1),
            "seed": seed,
            "drift_degrees_per_week": (0.0, 10.0, 0.5),
            "shift_degrees": (0.0, 90.0, 5.0),
            "shift_day": (1, 181, 1),
            "noise": (0.0, 0.3, 0.01),
            "cost_per_retrain": (0.1, 10.0, 0.1),
            "target": (0.5, 0.95, 0.01),
        }
    if lab == "alerts":
        return {
            "threshold": (1.0, 10.0, 0.5),
            "rule": alerts.grid()["rule"],
            "seed": seed,
            "n_metrics": (5, 100, 5),
            "weeks": (2, 12, 1),
            "n_incidents": (1, 10, 1),
            "wander": (0.0, 0.2, 0.01),
            "bursts_per_week": (0.0, 20.0, 1.0),
        }
    if lab == "rollout":
        return {
            "plan": rollout.grid()["plan"],
            "stage_days": (1, 28, 1),
            "bug": [("none (a clean candidate)", None)] + [(b, b) for b in rollout.study_bugs()],
            "label_delay_days": (0, 28, 1),
            "seed": seed,
            "users_per_day": (1000, 100_000, 1000),
            "alpha": (0.0001, 0.05, 0.0001),
        }
    if lab == "validation":
        return {
            "checks": validation.grid()["checks"],
            "strictness": validation.grid()["strictness"],
            "seed": seed,
            "rows_per_day": (100, 2000, 100),
            "drift_years": (0.0, 15.0, 0.5),
            "weekend_years": (0.0, 6.0, 0.5),
            "hours_per_false_alarm": (0.5, 8.0, 0.5),
        }
    raise KeyError(f"no lab {lab!r}; the labs are: {', '.join(lab_charts.LABS)}")


def live(lab: str) -> w.interactive:
    """The lab with every parameter open, for a running kernel: change them, then press "Run".

    The two controls of the static page start at its default state, the others at their
    defaults in ``simulate()``.
    """
    ranges = _ranges(lab)
    simulate = inspect.signature(lab_charts.LABS[lab][0].simulate).parameters
    defaults = lab_widgets.default_state(lab)
    controls = {}
    for name, spec in ranges.items():
        default = defaults[name] if name in defaults else simulate[name].default
        control = w.interactive.widget_from_abbrev(spec, default)
        control.description = name.replace("_", " ")
        control.style = {"description_width": "initial"}
        controls[name] = control
    return w.interactive(_run(lab), {"manual": True, "manual_name": "Run the simulation"}, **controls)
