"""Load and validate the book's data, and look up single records: every fact comes through here.

Each CSV file in ``data/`` holds one kind of fact, and every record names the
section of the research explainer it comes from (its ``section`` column) and
where the paper says it and how far (``paper_section``, ``paper_support``, ``paper_note``;
see :mod:`mlops_book.paper`).
:func:`load` reads one file, checks it against its schema in
:data:`mlops_book.schema.SCHEMAS` and returns a :class:`pandas.DataFrame`. A
file that breaks its schema stops everything with one :class:`DataFileError`
naming the file, the row (the line of the file, the header being row 1) and the
column. Views computed from several records live in :mod:`mlops_book.views`.

>>> participants = load("participants")
>>> len(participants)
18
>>> "P9" in set(participants["id"])
False
>>> speaker_line("P1")
'P1, MLE Manager, Autonomous Vehicles'
"""

from __future__ import annotations

import csv
import os
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
import yaml

from . import paper
from .paths import DATA
from .schema import SCHEMAS, Column, ColumnKind, Schema

#: Where the data lives: ``data/`` at the top of the repository (or, installed from a wheel, the copy
#: of it inside the package: :data:`mlops_book.paths.DATA`), unless the environment variable
#: ``MLOPS_BOOK_DATA`` points elsewhere (tests use that).
DEFAULT_DATA_DIR = DATA


class DataFileError(ValueError):
    """A data file breaks its schema; the message names file, row and column."""

    def __init__(self, path, row, column, problem):
        self.path, self.row, self.column, self.problem = Path(path), row, column, problem
        where = f"{self.path}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}")


def data_dir() -> Path:
    """The folder the data is read from."""
    return Path(os.environ.get("MLOPS_BOOK_DATA", DEFAULT_DATA_DIR))


def load(name: str) -> pd.DataFrame:
    """Read ``data/<name>.csv``, validate it and return it as a DataFrame.

    Empty optional cells are empty strings; ``INT`` columns are integers and
    ``NUMBER`` columns floats (NaN where empty). Results are cached per folder.

    >>> load("three_vs")["name"].tolist()
    ['Velocity', 'Validation', 'Versioning']
    """
    return _load(str(data_dir()), name).copy()


def load_all() -> dict[str, pd.DataFrame]:
    """Every data file, validated, by name."""
    return {name: load(name) for name in SCHEMAS}


def clear_cache() -> None:
    """Forget loaded files (after the files or ``MLOPS_BOOK_DATA`` change)."""
    _load.cache_clear()


#: PyYAML's safe loader, in C where PyYAML was built with libyaml (its wheels are): the same documents,
#: parsed several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=512)
def parse_yaml(text: str, loader: type = SAFE_LOADER):
    """YAML text parsed with ``loader``, once per text: a build, and `make check`, read the same teaching
    notes, table of contents and settings hundreds of times. Keyed by the text itself, so an edited file is
    parsed again. The result is shared by every caller: read it, never change it.

    >>> parse_yaml("a: [1, 2]")
    {'a': [1, 2]}
    >>> parse_yaml("a: [1, 2]") is parse_yaml("a: [1, 2]")
    True
    """
    return yaml.load(text, Loader=loader)


#: The pandas type of each kind's column; every other kind is kept as text (``object``).
_DTYPES = {ColumnKind.INT: "int64", ColumnKind.NUMBER: "float64"}


@cache
def _load(folder: str, name: str) -> pd.DataFrame:
    if name not in SCHEMAS:
        raise KeyError(f"no data file called {name!r}; known: {', '.join(sorted(SCHEMAS))}")
    schema = SCHEMAS[name]
    path = Path(folder) / f"{name}.csv"
    records = _read_rows(path, schema)
    lookups = _lookups(folder, schema)
    unread = _unread_parts(folder) if schema.states_facts else set()
    for line, record in records:
        for col in schema.columns:
            record[col.name] = _check_cell(path, line, col, record[col.name], lookups)
        if schema.states_facts:
            try:
                paper.check_record(record["paper_support"], record["paper_section"], record["paper_note"], unread)
            except paper.PaperTrailError as bad:
                raise DataFileError(path, line, bad.column, str(bad)) from None
    _check_unique(path, schema, records)
    frame = pd.DataFrame([r for _, r in records], columns=schema.names)
    for col in schema.columns:
        frame[col.name] = frame[col.name].astype(_DTYPES.get(col.kind, object))
    return frame


def _unread_parts(folder: str) -> set:
    """The parts of the paper's outline that the transcription the book read does not contain."""
    outline = _load(folder, "paper_sections")
    return set(outline.loc[outline["in_transcription"] == "no", "id"])


def _read_rows(path: Path, schema: Schema):
    """The file's records as (line number, dict of stripped strings)."""
    if not path.exists():
        raise DataFileError(path, None, None, "file not found")
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise DataFileError(path, 1, None, "file is empty: expected a header row") from None
        except csv.Error as err:
            raise DataFileError(path, 1, None, f"not valid CSV ({err})") from None
        header = [h.strip() for h in header]
        missing = [c for c in schema.names if c not in header]
        if missing:
            raise DataFileError(
                path, 1, missing[0], f"missing column; the header must be: {','.join(schema.names)}"
            )
        extra = [h for h in header if h not in schema.names]
        if extra:
            raise DataFileError(path, 1, extra[0], f"unknown column; expected only: {','.join(schema.names)}")
        records = []
        line = 1  # the header's row
        try:
            for cells in reader:
                start, line = line + 1, reader.line_num
                if line > start:  # a record spanning rows: an unclosed quote or a line break in a cell
                    spans = [h for h, c in zip(header, cells, strict=False) if "\n" in c] or [None]
                    raise DataFileError(
                        path, start, spans[0],
                        f"a quoted cell opened in this row runs on to row {line}: close the quote, "
                        "and keep each record on one row",
                    )
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    raise DataFileError(
                        path, line, None, f"has {len(cells)} cells, the header has {len(header)}"
                    )
                records.append((line, {h: c.strip() for h, c in zip(header, cells, strict=False)}))
        except csv.Error as err:
            raise DataFileError(path, line + 1, None, f"not valid CSV ({err})") from None
    if not records:
        raise DataFileError(path, 2, None, "file has a header but no records")
    return records


def _lookups(folder: str, schema: Schema) -> dict[str, set]:
    """The allowed values of every column that names records of another file, by ``file.column``."""
    found = {}
    for col in schema.columns:
        if col.target:
            other, key = col.target.split(".")
            found[col.target] = set(_load(folder, other)[key])
    return found


class _BadCell(Exception):
    """A cell's value does not fit its column; the message says why."""


def _text(col: Column, value: str, allowed):
    return value


def _whole_number(col: Column, value: str, allowed):
    try:
        return int(value)
    except ValueError:
        raise _BadCell(f"{value!r} is not a whole number") from None


def _number(col: Column, value: str, allowed):
    try:
        return float(value)
    except ValueError:
        raise _BadCell(f"{value!r} is not a number") from None


def _one_of(problem: str):
    """A check that the value is among the allowed values, failing with ``problem``."""

    def check(col: Column, value: str, allowed):
        if value not in allowed:
            raise _BadCell(problem.format(value=value, col=col, allowed=", ".join(sorted(allowed))))
        return value

    return check


def _choice(col: Column, value: str, allowed):
    if value not in col.choices:
        raise _BadCell(f"{value!r} is not one of: {', '.join(col.choices)}")
    return value


def _quote_ids(col: Column, value: str, allowed):
    for qid in value.split():
        if qid not in allowed:
            raise _BadCell(f"quote {qid!r} is not in quotes.csv")
    return value


#: How a non-empty cell of each kind is checked and converted: ``check(column, value, allowed)``,
#: ``allowed`` being the values of the file the column refers to (None when it refers to none).
_CHECKS = {
    ColumnKind.TEXT: _text,
    ColumnKind.INT: _whole_number,
    ColumnKind.NUMBER: _number,
    ColumnKind.CHOICE: _choice,
    ColumnKind.REF: _one_of("{value!r} is not one of: {allowed} ({col.ref})"),
    ColumnKind.SECTION: _one_of("{value!r} is not a section of the explainer (see sections.csv)"),
    ColumnKind.PARTICIPANT: _one_of("participant {value!r} is not in participants.csv"),
    ColumnKind.QUOTES: _quote_ids,
    ColumnKind.PAPER_SECTIONS: paper.check_sections,
    ColumnKind.PAPER_SPEAKER: paper.check_speaker,
}


def _check_cell(path, line, col: Column, value: str, lookups: dict):
    """The cell's value, converted for its column's kind; a :class:`DataFileError` when it does not fit."""
    if value == "":
        if col.required:
            raise DataFileError(path, line, col.name, "is empty but required")
        return float("nan") if col.kind is ColumnKind.NUMBER else ""
    try:
        return _CHECKS[col.kind](col, value, lookups.get(col.target))
    except (_BadCell, paper.PaperTrailError) as bad:
        raise DataFileError(path, line, col.name, str(bad)) from None


def _check_unique(path, schema: Schema, records):
    """Stop at the first record whose key repeats an earlier record's."""
    if not schema.key:
        return
    seen = {}
    for line, record in records:
        key = tuple(record[k] for k in schema.key)
        if key in seen:
            shown = ", ".join(f"{k}={v!r}" for k, v in zip(schema.key, key, strict=False))
            raise DataFileError(
                path, line, schema.key[0], f"duplicate {shown} (first at row {seen[key]})"
            )
        seen[key] = line


# --- One record at a time -----------------------------------------------------


def speaker_line(participant: str) -> str:
    """How the book attributes a quote: ID, role and application.

    >>> speaker_line("P18")
    'P18, MLE, Recommender Systems'
    """
    row = load("participants").set_index("id").loc[participant]
    return f"{participant}, {row['role']}, {row['application']}"


def quote(quote_id: str) -> dict:
    """One quote with its attribution (``None`` where the explainer names nobody) and its paper columns.

    >>> quote("p5-gpus-warm")["attribution"]
    'P5, MLE Manager, Ads'
    >>> q = quote("lot-of-filters")
    >>> q["attribution"] is None, q["paper_speaker"], q["paper_section"]
    (True, 'P15', '4.5.3')
    """
    row = load("quotes").set_index("id").loc[quote_id]
    speaker = row["speaker"] or None
    return row.to_dict() | {
        "id": quote_id, "speaker": speaker, "attribution": speaker_line(speaker) if speaker else None
    }


def quotes_for(quote_ids: str) -> list[dict]:
    """The quotes named in a space-separated ``quote_ids`` cell, in order."""
    return [quote(q) for q in str(quote_ids).split()]


def figure(figure_id: str) -> dict:
    """One headline figure as a dict (value, label, low, high, unit, source, section).

    >>> figure("coded-segments")["value"]
    '1,766'
    """
    return load("headline_figures").set_index("id").loc[figure_id].to_dict() | {"id": figure_id}


def interactive_text(interactive: str, key: str) -> str:
    """The explainer's wording (or default state) for one of its interactives.

    >>> interactive_text("tension_slider", "default")
    'Balanced'
    """
    rows = load("interactive_text")
    match = rows[(rows["interactive"] == interactive) & (rows["key"] == key)]
    if match.empty:
        raise KeyError(f"interactive_text.csv has no row for {interactive!r}, {key!r}")
    return match["value"].iloc[0]
