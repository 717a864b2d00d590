"""Load and validate the book's data: every fact in the book comes through here.

Each CSV file in ``data/`` holds one kind of fact, and every record names the
section of the research explainer it comes from (its ``section`` column).
:func:`load` reads one file, checks it against its schema in :data:`SCHEMAS`
and returns a :class:`pandas.DataFrame`. A file that breaks its schema stops
everything with one :class:`DataFileError` naming the file, the row (the line
of the file, the header being row 1) and the column.

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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import BOOK_ROOT

#: Where the data lives: ``data/`` at the top of the repository, unless the
#: environment variable ``MLOPS_BOOK_DATA`` points elsewhere (tests use that).
DEFAULT_DATA_DIR = BOOK_ROOT / "data"

ROLES = ("MLE", "MLE Manager")
LEVELS = ("strong", "moderate", "strained", "not stated")
STATE_KINDS = ("seed", "derived", "illustration")
VISIBILITIES = ("Obvious", "Hard to Spot", "Nearly Invisible")


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


@dataclass(frozen=True)
class Column:
    """One column of a schema.

    ``kind`` is one of: ``text``, ``int``, ``number`` (empty allowed when not
    required), ``participant`` (one ID from participants.csv), ``quotes`` (space-separated quote IDs), ``section``
    (an ID from sections.csv), ``choice`` (one of ``choices``), or ``ref``
    (a value of ``ref``'s key column, e.g. ``"three_vs.id"``).
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple = ()
    ref: str = ""


@dataclass(frozen=True)
class Schema:
    columns: tuple
    key: tuple = ()  # columns whose values, together, must be unique

    @property
    def names(self):
        return [c.name for c in self.columns]


def _cols(*specs):
    return tuple(c if isinstance(c, Column) else Column(c) for c in specs)


SECTION = Column("section", "section")

SCHEMAS: dict[str, Schema] = {
    "sections": Schema(
        _cols("id", Column("order", "int"), "label", "heading", "chapter"), key=("id",)
    ),
    "company_sizes": Schema(
        _cols("size", Column("order", "int"), "employees", SECTION), key=("size",)
    ),
    "participants": Schema(
        _cols(
            "id",
            Column("role", "choice", choices=ROLES),
            Column("company_size", "ref", ref="company_sizes.size"),
            "application",
            SECTION,
        ),
        key=("id",),
    ),
    "headline_figures": Schema(
        _cols(
            "id", "value", "label",
            Column("low", "number", required=False),
            Column("high", "number", required=False),
            Column("unit", required=False),
            Column("source", "participant", required=False),
            SECTION,
        ),
        key=("id",),
    ),
    "method": Schema(_cols("key", "value", SECTION), key=("key",)),
    "workflow_tasks": Schema(
        _cols(Column("order", "int"), "icon", "name", "description", "garden_analogy", SECTION),
        key=("name",),
    ),
    "three_vs": Schema(
        _cols("id", Column("order", "int"), "icon", "name", "analogy", "description", SECTION),
        key=("id",),
    ),
    "vs_citations": Schema(
        _cols(Column("v", "ref", ref="three_vs.id"), Column("participant", "participant"), SECTION),
        key=("v", "participant"),
    ),
    "ten_x_tools": Schema(
        _cols("tool", Column("v", "ref", ref="three_vs.id"), SECTION), key=("tool",)
    ),
    "quotes": Schema(
        _cols("id", Column("speaker", "participant", required=False), "text", "topic", SECTION),
        key=("id",),
    ),
    "findings": Schema(
        _cols(
            "id", Column("order", "int"), "title", "analogy", "summary",
            Column("quote_ids", "quotes", required=False), SECTION,
        ),
        key=("id",),
    ),
    "challenges": Schema(
        _cols(
            "id", Column("order", "int"), "icon", "title", "summary", "tool_opportunity",
            Column("quote_ids", "quotes", required=False), SECTION,
        ),
        key=("id",),
    ),
    "cards": Schema(
        _cols(
            "group", Column("order", "int"), "icon", "title", "text",
            Column("quote_ids", "quotes", required=False), SECTION,
        ),
        key=("group", "order"),
    ),
    "data_error_spectrum": Schema(
        _cols(
            Column("order", "int"), "name", Column("visibility", "choice", choices=VISIBILITIES),
            "examples", "description", SECTION,
        ),
        key=("name",),
    ),
    "data_issue_hierarchy": Schema(
        _cols(
            Column("rank", "int"), "name", "description",
            Column("quote_ids", "quotes", required=False), SECTION,
        ),
        key=("rank",),
    ),
    "bugs": Schema(
        _cols("bug", Column("participant", "participant"), SECTION), key=("bug", "participant")
    ),
    "deployment_stages": Schema(
        _cols(Column("order", "int"), "stage", Column("description", required=False), SECTION),
        key=("stage",),
    ),
    "retraining": Schema(
        _cols(
            Column("position", "int"), "cadence",
            Column("participant", "participant", required=False),
            Column("quote_ids", "quotes", required=False), SECTION,
        ),
        key=("position",),
    ),
    "anti_patterns": Schema(
        _cols(
            Column("order", "int"), "short_name", "icon", "title", "text",
            Column("quote_ids", "quotes", required=False), SECTION,
        ),
        key=("order",),
    ),
    "stack_layers": Schema(
        _cols(
            Column("order", "int"), "icon", "name", "role", "tools",
            Column("change_frequency", required=False), Column("note", required=False), SECTION,
        ),
        key=("name",),
    ),
    "takeaways": Schema(_cols(Column("order", "int"), "title", "text", SECTION), key=("order",)),
    # The explainer's own wording on its interactives, and the state each one opens in.
    "interactive_text": Schema(_cols("interactive", "key", "value", SECTION), key=("interactive", "key")),
    "tension_states": Schema(
        _cols(
            Column("position", "int"), "label", "text",
            Column("velocity", "choice", choices=LEVELS),
            Column("validation", "choice", choices=LEVELS),
            Column("versioning", "choice", choices=LEVELS),
            Column("kind", "choice", choices=STATE_KINDS),
            "basis", SECTION,
        ),
        key=("position",),
    ),
}


def data_dir() -> Path:
    """The folder the data is read from."""
    return Path(os.environ.get("MLOPS_BOOK_DATA", DEFAULT_DATA_DIR))


def load(name: str) -> pd.DataFrame:
    """Read ``data/<name>.csv``, validate it and return it as a DataFrame.

    Empty optional cells are empty strings; ``int`` columns are integers and
    ``number`` columns floats (NaN where empty). Results are cached per folder.

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


@lru_cache(maxsize=None)
def _load(folder: str, name: str) -> pd.DataFrame:
    if name not in SCHEMAS:
        raise KeyError(f"no data file called {name!r}; known: {', '.join(sorted(SCHEMAS))}")
    schema = SCHEMAS[name]
    path = Path(folder) / f"{name}.csv"
    records = _read_rows(path, schema)
    lookups = _lookups(folder, schema, name)
    for line, record in records:
        for col in schema.columns:
            record[col.name] = _check_cell(path, line, col, record[col.name], lookups)
    _check_unique(path, schema, records)
    frame = pd.DataFrame([r for _, r in records], columns=schema.names)
    for col in schema.columns:
        if col.kind == "int":
            frame[col.name] = frame[col.name].astype("int64")
        elif col.kind == "number":
            frame[col.name] = frame[col.name].astype("float64")
        else:
            frame[col.name] = frame[col.name].astype(object)
    return frame


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
                    spans = [h for h, c in zip(header, cells) if "\n" in c] or [None]
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
                records.append((line, {h: c.strip() for h, c in zip(header, cells)}))
        except csv.Error as err:
            raise DataFileError(path, line + 1, None, f"not valid CSV ({err})") from None
    if not records:
        raise DataFileError(path, 2, None, "file has a header but no records")
    return records


def _lookups(folder: str, schema: Schema, name: str) -> dict:
    """The allowed values of every column that refers to another file."""
    found = {}
    for col in schema.columns:
        if col.kind == "participant":
            found["participant"] = set(_load(folder, "participants")["id"])
        elif col.kind == "quotes":
            found["quotes"] = set(_load(folder, "quotes")["id"])
        elif col.kind == "section" and name != "sections":
            found["section"] = set(_load(folder, "sections")["id"])
        elif col.kind == "ref":
            other, key = col.ref.split(".")
            found[col.ref] = set(_load(folder, other)[key])
    return found


def _check_cell(path, line, col: Column, value: str, lookups: dict):
    def fail(problem):
        raise DataFileError(path, line, col.name, problem)

    if value == "":
        if col.required:
            fail("is empty but required")
        return float("nan") if col.kind == "number" else ""
    if col.kind == "int":
        try:
            return int(value)
        except ValueError:
            fail(f"{value!r} is not a whole number")
    if col.kind == "number":
        try:
            return float(value)
        except ValueError:
            fail(f"{value!r} is not a number")
    if col.kind == "choice" and value not in col.choices:
        fail(f"{value!r} is not one of: {', '.join(col.choices)}")
    if col.kind == "ref" and value not in lookups[col.ref]:
        fail(f"{value!r} is not one of: {', '.join(sorted(lookups[col.ref]))} ({col.ref})")
    if col.kind == "section" and "section" in lookups and value not in lookups["section"]:
        fail(f"{value!r} is not a section of the explainer (see sections.csv)")
    if col.kind == "participant" and value not in lookups["participant"]:
        fail(f"participant {value!r} is not in participants.csv")
    if col.kind == "quotes":
        for qid in value.split():
            if qid not in lookups["quotes"]:
                fail(f"quote {qid!r} is not in quotes.csv")
    return value


def _check_unique(path, schema: Schema, records):
    if not schema.key:
        return
    seen = {}
    for line, record in records:
        key = tuple(record[k] for k in schema.key)
        if key in seen:
            shown = ", ".join(f"{k}={v!r}" for k, v in zip(schema.key, key))
            raise DataFileError(
                path, line, schema.key[0], f"duplicate {shown} (first at row {seen[key]})"
            )
        seen[key] = line


# --- Derived views: small questions the chapters ask of the data -------------


def speaker_line(participant: str) -> str:
    """How the book attributes a quote: ID, role and application.

    >>> speaker_line("P18")
    'P18, MLE, Recommender Systems'
    """
    row = load("participants").set_index("id").loc[participant]
    return f"{participant}, {row['role']}, {row['application']}"


def quote(quote_id: str) -> dict:
    """One quote with its attribution (``None`` where the explainer names nobody).

    >>> quote("p5-gpus-warm")["attribution"]
    'P5, MLE Manager, Ads'
    >>> quote("lot-of-filters")["attribution"] is None
    True
    """
    row = load("quotes").set_index("id").loc[quote_id]
    speaker = row["speaker"] or None
    return {
        "id": quote_id,
        "text": row["text"],
        "speaker": speaker,
        "attribution": speaker_line(speaker) if speaker else None,
        "topic": row["topic"],
        "section": row["section"],
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


def company_size_counts() -> pd.Series:
    """How many participants work at companies of each size, smallest first.

    >>> company_size_counts().to_dict()
    {'Small': 6, 'Medium': 6, 'Large': 6}
    """
    sizes = load("company_sizes").sort_values("order")["size"]
    counts = load("participants")["company_size"].value_counts()
    return counts.reindex(sizes, fill_value=0).rename("participants")


def application_counts() -> pd.Series:
    """How many participants work on each application, most first, then by name."""
    counts = load("participants")["application"].value_counts()
    order = sorted(counts.index, key=lambda app: (-counts[app], app))
    return counts.reindex(order).rename("participants")


def participants_in_share(figure_id: str) -> int:
    """How many of the participants a percentage headline figure amounts to, rounded: derived.

    The explainer gives some shares of its sample only as percentages; the
    book turns them into people, and says that it did.

    >>> participants_in_share("female-identifying")  # 22% of 18 = 3.96
    4
    """
    share = figure(figure_id)
    if share["unit"] != "percent":
        raise ValueError(f"figure {figure_id!r} is in {share['unit'] or 'no unit'}, not percent")
    return round(share["low"] / 100 * len(load("participants")))


def vs_cited_by() -> dict[str, list[str]]:
    """For each of the Three Vs (by name, in order), the participants cited for it, in the explainer's order.

    >>> vs_cited_by()["Versioning"]
    ['P6', 'P8', 'P10', 'P14', 'P15', 'P18']
    """
    cited = load("vs_citations")
    return {
        v.name: cited.loc[cited["v"] == v.id, "participant"].tolist()
        for v in load("three_vs").sort_values("order").itertuples()
    }


def section_method(section: str) -> pd.DataFrame:
    """The study's method notes that one section of the explainer gives, as Aspect / Detail.

    >>> section_method("research")["Aspect"].iloc[0]
    'Interview style'
    """
    notes = load("method")
    notes = notes[notes["section"] == section]
    if notes.empty:
        raise KeyError(f"no method notes for section {section!r} in method.csv")
    return pd.DataFrame(
        {"Aspect": notes["key"].str.capitalize().tolist(), "Detail": notes["value"].tolist()}
    )


def citations() -> pd.DataFrame:
    """Every place the explainer cites a participant: one row per (participant, theme).

    Gathered only from the records in ``data/`` that name participants: the
    Three Vs citations, the example bugs, retraining cadences, attributed
    quotes and sourced headline figures. Columns: participant, theme, kind,
    section.

    >>> c = citations()
    >>> sorted(c[c["kind"] == "Three Vs"]["participant"].unique())[:3]
    ['P1', 'P10', 'P11']
    """
    rows = []
    vs_names = load("three_vs").set_index("id")["name"]
    for r in load("vs_citations").itertuples():
        rows.append((r.participant, vs_names[r.v], "Three Vs", r.section))
    for r in load("bugs").itertuples():
        rows.append((r.participant, r.bug, "Example bug", r.section))
    for r in load("retraining").itertuples():
        if r.participant:
            rows.append((r.participant, f"Retraining: {r.cadence.lower()}", "Retraining cadence", r.section))
    for r in load("quotes").itertuples():
        if r.speaker:
            rows.append((r.speaker, r.topic, "Quote", r.section))
    for r in load("headline_figures").itertuples():
        if r.source:
            rows.append((r.source, f"{r.value} {r.label}", "Headline figure", r.section))
    frame = pd.DataFrame(rows, columns=["participant", "theme", "kind", "section"])
    return frame.drop_duplicates(ignore_index=True)


def citation_counts() -> pd.DataFrame:
    """For each participant (all 18, in ID order), how many citations of each kind.

    >>> counts = citation_counts()
    >>> len(counts), "P9" in counts.index
    (18, False)
    >>> int(counts.loc["P18"].sum())
    8
    """
    ids = load("participants")["id"]
    table = pd.crosstab(citations()["participant"], citations()["kind"])
    return table.reindex(ids, fill_value=0)


def distinct_applications() -> int:
    """How many distinct applications the participants table lists.

    The explainer's headline says "12 industries"; its own table lists more
    distinct application labels. The book shows both.

    >>> distinct_applications()
    15
    """
    return load("participants")["application"].nunique()


def bug_reporters() -> pd.DataFrame:
    """The example bugs, one row per bug with the participants who reported it (file order).

    >>> bug_reporters().iloc[0].to_dict()
    {'bug': 'Accidentally flipping labels', 'participants': 'P1, P3, P6, P11'}
    """
    bugs = load("bugs")
    grouped = bugs.groupby("bug", sort=False)["participant"].agg(", ".join)
    return grouped.rename("participants").reset_index()


def uncited_participants() -> pd.DataFrame:
    """The participants the explainer names only in its participants table (no citation at all).

    >>> uncited_participants()["id"].tolist()
    ['P4', 'P16']
    """
    totals = citation_counts().sum(axis=1)
    people = load("participants")
    return people[people["id"].map(totals) == 0].reset_index(drop=True)


def average_segments_per_transcript() -> float:
    """Coded segments per transcript on average: a derived figure (1,766 segments / 18 transcripts).

    >>> round(average_segments_per_transcript(), 1)
    98.1
    """
    return figure("coded-segments")["low"] / len(load("participants"))


def ten_x_tools() -> pd.DataFrame:
    """The tools engineers credited with a "10x" gain, and which of the Three Vs each improves.

    >>> ten_x_tools().values.tolist()[0]
    ['Experiment trackers', 'Velocity']
    """
    names = load("three_vs").set_index("id")["name"]
    tools = load("ten_x_tools")
    return pd.DataFrame({"Tool": tools["tool"], "Improves": tools["v"].map(names)})
