"""Practice scenarios for the exercises: short situations and their right answers, read from data.

Each set is ``data/scenarios/<set>.csv`` with columns ``id``, ``scenario``, one or more answer
columns, ``basis`` (the data or paper words that decide the answer) and ``section``. Every answer
must be a value of the data column :data:`SETS` names for it (a layer of ``stack_layers.csv``, an
anti-pattern of ``anti_patterns.csv`` ...) or one of the words of a :data:`VERDICTS`-like
vocabulary, so a typo stops everything with an error naming the file, row and column. The
scenarios of :data:`MADE_UP` sets are made up for practice and the chapters say so; ``v_trades``
paraphrases practices the paper describes.

>>> answers("stack_tools")["run-log"]
'Run Layer'
>>> pairs("v_trades")["standard-evaluation"]
('validation', 'velocity')
"""

from __future__ import annotations

import pandas as pd

from . import data
from .blocks import Block, table

#: What a claim's evidence can say about it: the answers of the sets that judge claims against data.
VERDICTS = ("supported", "contradicted", "cannot tell")
#: Per set, each answer column and the ``file.column`` of data/ whose values it must take (``?column=value``
#: keeps the rows with that value), or the tuple of words it must be one of (where the answer is a judgement,
#: not a name in the data).
SETS = {
    "participant_claims": {"answer": VERDICTS},
    "figure_quotes": {"answer": ("keeps the hedge", "drops the hedge", "credits the study")},
    "operations_tasks": {"answer": ("operations", "model building")},
    "method_steps": {"answer": "method.key"},
    "sample_claims": {"answer": VERDICTS},
    "coding_moves": {"answer": ("open coding", "axial coding", "convergence", "saturation")},
    "workflow_activities": {"answer": "workflow_tasks.name"},
    "rollout_claims": {"answer": VERDICTS},
    "citation_claims": {"answer": VERDICTS},
    "v_trades": {"gains": "three_vs.id", "costs": "three_vs.id"},
    "keep_alive": {"answer": "cards.title?group=old-school-engineering"},
    "retraining_claims": {"answer": VERDICTS},
    "incidents": {"answer": "data_error_spectrum.name"},
    "tool_opportunities": {"answer": "challenges.title"},
    "anti_patterns": {"answer": "anti_patterns.short_name"},
    "stack_tools": {"answer": "stack_layers.name"},
    "citation_reliance": {"answer": VERDICTS},
    "quote_attribution": {"answer": VERDICTS},
    "cross_chapter_claims": {"answer": VERDICTS},
}
#: The sets whose situations or statements are constructed for practice (each row's ``basis`` cites
#: the data and paper section that decide its answer).
MADE_UP = tuple(name for name in SETS if name != "v_trades")


class ScenarioFileError(ValueError):
    """A scenario file breaks its format; the message names the file, row and column."""


def load(name: str) -> pd.DataFrame:
    """The scenarios of one set, checked: every answer is a value of the data column it names.

    >>> load("incidents").columns.tolist()
    ['id', 'scenario', 'answer', 'basis', 'section']
    """
    if name not in SETS:
        raise KeyError(f"no scenario set {name!r}; known: {', '.join(SETS)}")
    path = data.data_dir() / "scenarios" / f"{name}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    expected = ["id", "scenario", *SETS[name], "basis", "section"]
    if frame.columns.tolist() != expected:
        raise ScenarioFileError(f"{path}: columns are {frame.columns.tolist()}; expected {expected}")
    sections = set(data.load("sections")["id"])
    for row, record in enumerate(frame.itertuples(index=False), start=2):  # row 1 is the header
        for column in expected:
            if not getattr(record, column).strip():
                raise ScenarioFileError(f"{path}, row {row}, column {column!r}: is empty")
        for column, target in SETS[name].items():
            allowed = _allowed(target)
            if getattr(record, column) not in allowed:
                what = "an answer of this set" if isinstance(target, tuple) else f"a {target}"
                raise ScenarioFileError(
                    f"{path}, row {row}, column {column!r}: {getattr(record, column)!r} is not {what} "
                    f"(one of {', '.join(map(repr, allowed))})"
                )
        if record.section not in sections:
            raise ScenarioFileError(f"{path}, row {row}, column 'section': {record.section!r} is not in sections.csv")
    if frame["id"].duplicated().any():
        raise ScenarioFileError(f"{path}: id {frame.loc[frame['id'].duplicated(), 'id'].iloc[0]!r} is used twice")
    return frame


def _allowed(target) -> list:
    """The values an answer column may take: its vocabulary, or the values of its ``file.column``."""
    if isinstance(target, tuple):
        return list(target)
    file, _, key = target.partition(".")
    key, _, where = key.partition("?")  # "cards.title?group=old-school-engineering": that group's titles only
    frame = data.load(file)
    if where:
        column, _, value = where.partition("=")
        frame = frame[frame[column] == value]
    return frame[key].tolist()


def vocabulary(name: str) -> tuple:
    """The words a set's answers are chosen from (every answer column's), in order: what a check names
    when a learner's word is outside them.

    >>> vocabulary("citation_claims")
    ('supported', 'contradicted', 'cannot tell')
    >>> vocabulary("v_trades")
    ('velocity', 'validation', 'versioning')
    """
    if name not in SETS:
        raise KeyError(f"no scenario set {name!r}; known: {', '.join(SETS)}")
    return tuple(dict.fromkeys(word for target in SETS[name].values() for word in _allowed(target)))


def answers(name: str) -> dict:
    """Each scenario's id with its one right answer."""
    frame = load(name)
    return dict(zip(frame["id"], frame["answer"], strict=False))


def pairs(name: str) -> dict:
    """Each scenario's id with its answers in column order, as a tuple (e.g. gains, costs)."""
    frame = load(name)
    columns = list(SETS[name])
    return {row["id"]: tuple(row[c] for c in columns) for _, row in frame.iterrows()}


def show(name: str) -> Block:
    """The scenarios of a set as a table of ids and situations, labelled made up where they are, folded
    behind a summary that counts them (a ``details.mlops-fold``: the exercise's prompt reads on, its data
    is one tap away; the print opens every fold). On a phone the table shows one short paragraph per
    scenario (:func:`mlops_book.blocks.table`'s ``listed``).

    >>> "Constructed for practice" in show("incidents").html, "paraphrased" in show("v_trades").html
    (True, True)
    >>> html = show("keep_alive").html
    >>> html.startswith('<details class="mlops-fold mlops-scenarios"><summary>Show the 5 situations')
    True
    >>> "mlops-table-list" in html
    True
    """
    made_up = name in MADE_UP
    kind = "Constructed for practice" if made_up else "Practices the paper describes, paraphrased"
    frame = load(name)
    shown = table(frame[["id", "scenario"]], caption=f"{kind} (data/scenarios/{name}.csv)", listed=True)
    summary = f"Show the {len(frame)} situations" + (" (made up for practice)" if made_up else "")
    return Block(f'<details class="mlops-fold mlops-scenarios"><summary>{summary}</summary>{shown.html}</details>')
