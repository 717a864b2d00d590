"""Derived views of the data: counts and citation maps the chapters ask for.

Each view answers one small question by combining validated records from
:mod:`mlops_book.data`; none reads a file itself. Figures the book derives
(rather than finds in the explainer) say so in their docstrings, and the
chapters say so to the reader.

>>> company_size_counts().to_dict()
{'Small': 6, 'Medium': 6, 'Large': 6}
>>> participant_citations().columns.tolist()
['participant', 'theme', 'kind', 'section']
"""

from __future__ import annotations

import pandas as pd

from . import data, paper, render, schema


def company_size_counts() -> pd.Series:
    """How many participants work at companies of each size, smallest first.

    >>> company_size_counts().to_dict()
    {'Small': 6, 'Medium': 6, 'Large': 6}
    """
    sizes = data.load("company_sizes").sort_values("order")["size"]
    counts = data.load("participants")["company_size"].value_counts()
    return counts.reindex(sizes, fill_value=0).rename("participants")


def application_counts() -> pd.Series:
    """How many participants work on each application, most first, then by name."""
    counts = data.load("participants")["application"].value_counts()
    order = sorted(counts.index, key=lambda app: (-counts[app], app))
    return counts.reindex(order).rename("participants")


def participants_in_share(figure_id: str) -> int:
    """How many of the participants a percentage headline figure amounts to, rounded: derived.

    The explainer gives some shares of its sample only as percentages; the
    book turns them into people, and says that it did.

    >>> participants_in_share("female-identifying")  # 22% of 18 = 3.96
    4
    """
    share = data.figure(figure_id)
    if share["unit"] != "percent":
        raise ValueError(f"figure {figure_id!r} is in {share['unit'] or 'no unit'}, not percent")
    return round(share["low"] / 100 * len(data.load("participants")))


def vs_cited_by() -> dict[str, list[str]]:
    """For each of the Three Vs (by name, in order), the participants cited for it, in the explainer's order.

    >>> vs_cited_by()["Versioning"]
    ['P6', 'P8', 'P10', 'P14', 'P15', 'P18']
    """
    cited = data.load("vs_citations")
    return {
        v.name: cited.loc[cited["v"] == v.id, "participant"].tolist()
        for v in data.load("three_vs").sort_values("order").itertuples()
    }


def section_method(section: str) -> pd.DataFrame:
    """The study's method notes that one section of the explainer gives, as Aspect / Detail / In the paper.

    >>> method = section_method("research")
    >>> method["Aspect"].iloc[0], method["In the paper"].iloc[0]
    ('Interview style', 'Abstract; §3.2')
    """
    notes = data.load("method")
    notes = notes[notes["section"] == section]
    if notes.empty:
        raise KeyError(f"no method notes for section {section!r} in method.csv")
    return pd.DataFrame(
        {
            "Aspect": notes["key"].str.capitalize().tolist(),
            "Detail": notes["value"].tolist(),
            "In the paper": [render.paper_trail(r, r.key.capitalize()) for r in notes.itertuples()],
        }
    )


def participant_citations() -> pd.DataFrame:
    """Whom the study's explainer cites, and for what: one row per (participant, theme).

    Gathered only from the records in ``data/`` that name participants: the
    Three Vs citations, the example bugs, retraining cadences, attributed
    quotes and sourced headline figures. Columns: participant, theme, kind,
    section.

    >>> c = participant_citations()
    >>> sorted(c[c["kind"] == "Three Vs"]["participant"].unique())[:3]
    ['P1', 'P10', 'P11']
    """
    rows = []
    vs_names = data.load("three_vs").set_index("id")["name"]
    for r in data.load("vs_citations").itertuples():
        rows.append((r.participant, vs_names[r.v], "Three Vs", r.section))
    for r in data.load("bugs").itertuples():
        rows.append((r.participant, r.bug, "Example bug", r.section))
    for r in data.load("retraining").itertuples():
        if r.participant:
            rows.append((r.participant, f"Retraining: {r.cadence.lower()}", "Retraining cadence", r.section))
    for r in data.load("quotes").itertuples():
        if r.speaker:
            rows.append((r.speaker, r.topic, "Quote", r.section))
    for r in data.load("headline_figures").itertuples():
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
    ids = data.load("participants")["id"]
    cited = participant_citations()
    table = pd.crosstab(cited["participant"], cited["kind"])
    return table.reindex(ids, fill_value=0)


def distinct_applications() -> int:
    """How many distinct applications the participants table lists.

    The explainer's headline says "12 industries"; its own table lists more
    distinct application labels. The book shows both.

    >>> distinct_applications()
    15
    """
    return data.load("participants")["application"].nunique()


def bug_reporters() -> pd.DataFrame:
    """The example bugs, one row per bug with the participants who reported it (file order).

    >>> bug_reporters().iloc[0].to_dict()
    {'bug': 'Accidentally flipping labels', 'participants': 'P1, P3, P6, P11'}
    """
    bugs = data.load("bugs")
    grouped = bugs.groupby("bug", sort=False)["participant"].agg(", ".join)
    return grouped.rename("participants").reset_index()


def uncited_participants() -> pd.DataFrame:
    """The participants the explainer names only in its participants table (no citation at all).

    >>> uncited_participants()["id"].tolist()
    ['P4', 'P16']
    """
    totals = citation_counts().sum(axis=1)
    people = data.load("participants")
    return people[people["id"].map(totals) == 0].reset_index(drop=True)


def average_segments_per_transcript() -> float:
    """Coded segments per transcript on average: a derived figure (1,766 segments / 18 transcripts).

    >>> round(average_segments_per_transcript(), 1)
    98.1
    """
    return data.figure("coded-segments")["low"] / len(data.load("participants"))


def ten_x_tools() -> pd.DataFrame:
    """The tools engineers credited with a "10x" gain, which of the Three Vs each improves, and where
    in the paper that stands.

    >>> ten_x_tools().values.tolist()[0]
    ['Experiment trackers', 'Velocity', '§5.3']
    """
    names = data.load("three_vs").set_index("id")["name"]
    tools = data.load("ten_x_tools")
    return pd.DataFrame(
        {
            "Tool": tools["tool"],
            "Improves": tools["v"].map(names),
            "In the paper": [render.paper_trail(r, r.tool) for r in tools.itertuples()],
        }
    )


# --- The paper trail: where the explainer and the paper differ --------------------------------


def paper_differences(supports=(paper.NOT_IN_PAPER, paper.CONTRADICTED)) -> pd.DataFrame:
    """Every record whose status (``paper_support``) is one of ``supports``, file by file, in file order.

    Columns: file, record (its key), support, explainer (its words), paper (what the paper says,
    with the sections it cites), chapter (where the book shows it), book (what the book does), and
    the note's parts: label (the status in words), sections (the ``paper_section`` cell) and note.

    >>> unsupported = paper_differences()
    >>> sorted(set(unsupported["support"])), "rollout-steps" in set(unsupported["record"])
    (['not-in-paper'], True)
    >>> "industries" in set(paper_differences(("not-verifiable",))["record"])
    True
    """
    chapters = data.load("sections").set_index("id")
    rows = []
    for name, file_schema in schema.SCHEMAS.items():
        if not file_schema.states_facts:
            continue
        for r in data.load(name).itertuples(index=False):
            note = paper.note_for(r)
            if note is None or note["support"] not in supports:
                continue
            shown = chapters.loc[r.section]
            labelled = (
                " The slider also labels this state an illustration."
                if getattr(r, "kind", "") == "illustration"
                else ""
            )
            rows.append(
                {
                    "file": f"{name}.csv",
                    "record": ", ".join(str(getattr(r, k)) for k in file_schema.key),
                    "support": note["support"],
                    "explainer": " — ".join(str(getattr(r, c)) for c in paper.CLAIM_COLUMNS[name] if getattr(r, c)),
                    "paper": paper.where(r),
                    "chapter": shown["chapter"],
                    "book": f"Shown in chapter {shown['order']} ({shown['label']}) "
                    f"with the note “{note['label']}” beside it." + labelled,
                    "label": note["label"],
                    "sections": r.paper_section,
                    "note": note["text"],
                }
            )
    columns = ["file", "record", "support", "explainer", "paper", "chapter", "book", "label", "sections", "note"]
    return pd.DataFrame(rows, columns=columns)


def quote_wording_differences() -> pd.DataFrame:
    """The quotes whose wording in the paper differs from the explainer's: both wordings, and how.

    >>> "poked-around" in set(quote_wording_differences()["quote"])
    True
    """
    quotes = data.load("quotes")
    quotes = quotes[quotes["paper_text"] != ""]
    return pd.DataFrame(
        {
            "quote": quotes["id"],
            "explainer": quotes["text"],
            "paper": [f"{q.paper_text} ({paper.sections_label(q.paper_section)})" for q in quotes.itertuples()],
            "difference": quotes["paper_note"],
        }
    )


def paper_named_speakers() -> pd.DataFrame:
    """The quotes the explainer leaves anonymous whose speaker the paper names (or says are its authors).

    >>> named = paper_named_speakers().set_index("quote")["speaker"]
    >>> named["lot-of-filters"], named["limiting-reagent"]
    ('P15', 'authors')
    """
    quotes = data.load("quotes")
    quotes = quotes[quotes["paper_speaker"] != ""]
    return pd.DataFrame(
        {
            "quote": quotes["id"],
            "explainer": quotes["text"],
            "speaker": quotes["paper_speaker"],
            "section": [paper.sections_label(s) for s in quotes["paper_section"]],
        }
    )


def retraining_stops() -> pd.DataFrame:
    """The retraining explorer's stops: the cadences of ``data/retraining.csv`` that an interviewee is
    named for, fastest first (the explainer's weekly and monthly have no interview example, and the
    paper names neither, so a stop there would only say so).

    >>> retraining_stops()["cadence"].tolist()
    ['Hourly', 'Daily', 'Every few months']
    """
    cadences = data.load("retraining").sort_values("position", ignore_index=True)
    return cadences[cadences["participant"] != ""].reset_index(drop=True)
