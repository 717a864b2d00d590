"""The data files: valid, with provenance, and true to the explainer they come from."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from mlops_book import data
from support import append_row, read_rows, set_cell

SEED_FILE = "sources/explainer.txt"

#: Columns whose every value is copied word for word from the explainer.
VERBATIM = {
    "quotes": ["text"],
    "cards": ["title", "text"],
    "headline_figures": ["value"],
    "three_vs": ["name", "analogy", "description"],
    "workflow_tasks": ["name", "description", "garden_analogy"],
    "findings": ["title", "analogy", "summary"],
    "challenges": ["title", "tool_opportunity"],
    "data_error_spectrum": ["visibility", "examples", "description"],
    "data_issue_hierarchy": ["name", "description"],
    "bugs": ["bug"],
    "anti_patterns": ["short_name", "title"],
    "stack_layers": ["name", "role", "change_frequency"],
    "takeaways": ["title", "text"],
    "sections": ["label", "heading"],
    "interactive_text": ["value"],
}
#: Columns made of the explainer's sentences, with its inline quotes left out (those are in quotes.csv).
SENTENCES = {"challenges": ["summary"], "anti_patterns": ["text"]}


@pytest.fixture(scope="module")
def seed(root):
    return (root / SEED_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables():
    return data.load_all()


def test_every_file_in_data_has_a_schema_and_loads(root, tables):
    on_disk = {p.stem for p in (root / "data").glob("*.csv")}
    assert on_disk == set(data.SCHEMAS), "a data file without a schema, or a schema without a file"
    for name, frame in tables.items():
        assert len(frame) > 0, name


def test_every_record_names_a_seed_section(tables):
    sections = set(tables["sections"]["id"])
    for name, frame in tables.items():
        if name == "sections":
            continue
        assert "section" in frame.columns, name
        assert set(frame["section"]) <= sections, name


def test_sections_follow_the_explainer_and_point_at_chapters(root, tables, seed):
    sections = tables["sections"].sort_values("order")
    positions = [seed.index(h) for h in sections["heading"]]
    assert positions == sorted(positions), "sections.csv is not in the explainer's order"
    for chapter in sections["chapter"]:
        assert (root / f"{chapter}.md").exists(), chapter


@pytest.mark.parametrize("name,columns", sorted(VERBATIM.items()))
def test_verbatim_columns_appear_word_for_word_in_the_explainer(tables, seed, name, columns):
    for column in columns:
        for value in tables[name][column]:
            if value:
                assert str(value) in seed, f"{name}.{column}: {value!r} is not in the explainer"


@pytest.mark.parametrize("name,columns", sorted(SENTENCES.items()))
def test_composed_texts_use_only_the_explainers_sentences(tables, seed, name, columns):
    for column in columns:
        for value in tables[name][column]:
            for sentence in re.split(r"(?<=[.?!])\s+", value):
                assert sentence.rstrip(".") in seed, f"{name}.{column}: {sentence!r}"


def test_participants_match_the_explainers_table(tables, seed):
    people = tables["participants"]
    sizes = tables["company_sizes"].set_index("size")["employees"]
    table_lines = [line for line in seed.splitlines() if re.match(r"^P\d+MLE", line)]
    assert len(table_lines) == len(people) == data.figure("interviews")["low"]
    for row, line in zip(people.itertuples(), table_lines, strict=True):
        assert line.startswith(f"{row.id}{row.role}"), line
        assert line.endswith(row.application), line
        assert row.company_size in line
    # The explainer spells out each size's range once, on its first use.
    for size, employees in sizes.items():
        assert f"{size} ({employees})" in seed
    assert "P9" not in set(people["id"])


def test_vs_citations_match_the_explainer(tables, seed):
    cited = tables["vs_citations"]
    for v in tables["three_vs"].itertuples():
        ids = cited[cited["v"] == v.id]["participant"].tolist()
        block = seed[seed.index(f"{v.icon} {v.name}"):]
        line = next(text for text in block.splitlines() if text.startswith("Cited by:"))
        assert line == "Cited by: " + ", ".join(ids)


def test_example_bugs_match_the_explainer(tables, seed):
    bugs = tables["bugs"]
    for bug, group in bugs.groupby("bug", sort=False):
        assert f"{bug} ({', '.join(group['participant'])})" in seed


def test_quote_speakers_are_named_next_to_their_quotes_in_the_explainer(tables, seed):
    for q in tables["quotes"].itertuples():
        at = seed.index(q.text)
        around = seed[max(0, at - 80): at + len(q.text) + 80]
        named = set(re.findall(r"\bP\d+\b", around))
        if q.speaker:
            assert q.speaker in named, f"{q.id}: {q.speaker} is not named beside the quote"
            if f"— {q.speaker}," in around:  # the full attribution line must match the participants table
                assert f"— {data.speaker_line(q.speaker)}" in around, q.id
        else:  # unattributed: no "— Pn" line or "said Pn" right after it
            after = seed[at + len(q.text): at + len(q.text) + 40]
            assert not re.match(r'^\W*(—\s*P\d|said P\d)', after), f"{q.id} is attributed: {after!r}"


def explainer_table(seed, sizes) -> list[tuple[str, str, str, str]]:
    """The explainer's participants table, read from its text: (id, role, size, application) per line,
    e.g. ``P1MLE ManagerLarge (1000+)Autonomous Vehicles`` or ``P4MLEMediumRetail``."""
    size = "|".join(map(re.escape, sizes))
    lines = re.findall(rf"^(P\d+)(MLE(?: Manager)?)({size})(?: \([^)]*\))?(.+)$", seed, re.M)
    assert lines, "no participants table found in the explainer"
    return lines


def test_participant_counts_are_those_of_the_explainers_table(tables, seed):
    """The views count what the explainer's own table shows (not what the data files say)."""
    in_size_order = tables["company_sizes"].sort_values("order")["size"].tolist()
    people = explainer_table(seed, in_size_order)
    assert len(people) == len(tables["participants"]), "the explainer's table and participants.csv differ in length"
    sizes = Counter(size for _, _, size, _ in people)
    assert list(data.company_size_counts().items()) == [(size, sizes[size]) for size in in_size_order]
    applications = Counter(application for *_, application in people)
    counted = data.application_counts()
    assert counted.to_dict() == dict(applications)
    assert counted.index.tolist() == sorted(applications, key=lambda app: (-applications[app], app))
    assert data.distinct_applications() == len(applications)


#: Each place a participant can be cited: the file, how to add one citation of participant ``pid``
#: to a copy of the data, and the kind the citation views call it.
CITATION_SOURCES = {
    "Three Vs": lambda folder, pid: append_row(folder / "vs_citations.csv", v="velocity", participant=pid,
                                               section="three-vs"),
    "Example bug": lambda folder, pid: append_row(folder / "bugs.csv", bug="A probe bug", participant=pid,
                                                  section="challenges"),
    "Retraining cadence": lambda folder, pid: set_cell(folder / "retraining.csv", 4, "participant", pid),
    "Quote": lambda folder, pid: append_row(folder / "quotes.csv", id="probe-quote", speaker=pid, text="A probe.",
                                            topic="Probe", section="findings"),
    "Headline figure": lambda folder, pid: set_cell(folder / "headline_figures.csv", 2, "source", pid),
}


@pytest.mark.parametrize("kind", CITATION_SOURCES)
def test_a_new_citation_is_counted_once_in_the_citation_views(data_copy, kind, root):
    """Naming someone the data cites nowhere, in any one file that cites participants, makes them cited
    exactly once, of that kind; they are no longer among the uncited."""
    named_elsewhere = {cell for path in (root / "data").glob("*.csv") if path.name != "participants.csv"
                       for row in read_rows(path) for cell in row}
    nobody = next(pid for pid in data.load("participants")["id"] if pid not in named_elsewhere)
    assert nobody in data.uncited_participants()["id"].tolist()
    CITATION_SOURCES[kind](data_copy, nobody)
    data.clear_cache()
    theirs = data.citations().query("participant == @nobody")
    assert theirs["kind"].tolist() == [kind], f"one {kind} citation of {nobody} was added; the views show {theirs}"
    assert data.citation_counts().loc[nobody].to_dict() == {k: int(k == kind) for k in data.citation_counts()}
    assert nobody not in data.uncited_participants()["id"].tolist()


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def stated_numbers(text: str) -> list[float]:
    """The numbers a text states, in order: digits (``1,766`` is one number) or number words."""
    found = re.findall(rf"\d[\d,]*(?:\.\d+)?|\b(?:{'|'.join(NUMBER_WORDS)})\b", text)
    return [NUMBER_WORDS[n] if n in NUMBER_WORDS else float(n.replace(",", "")) for n in found]


def test_headline_figure_ranges_are_what_their_text_states(tables):
    """low and high (which charts and exercises compute with) are the first and last numbers of the
    figure's text, copied from the explainer; "3+" has no high, "within a day" no number at all."""
    for figure in tables["headline_figures"].itertuples():
        numbers = stated_numbers(figure.value)
        stated = (numbers[0] if numbers else None, numbers[-1] if numbers and not figure.value.endswith("+") else None)
        recorded = tuple(None if pd.isna(n) else n for n in (figure.low, figure.high))
        assert recorded == stated, (
            f"headline_figures.csv, {figure.id}: {figure.value!r} states low, high = {stated}, the row has {recorded}"
        )


def test_retraining_cadences_name_whom_the_explainer_names(tables, seed):
    """A cadence names the participant the explainer gives for it, e.g. "hourly (P18)", and nobody if it gives none."""
    for row in tables["retraining"].itertuples():
        named = set(re.findall(rf"\b{re.escape(row.cadence)}\s*\((P\d+)\)", seed, re.I))
        recorded = {row.participant} if row.participant else set()
        assert recorded == named, f"retraining.csv, {row.cadence}: the explainer names {named or 'nobody'}"


def test_the_headline_industries_and_the_table_disagree_and_both_are_kept():
    # The book shows both numbers; if the data ever agreed, the chapter's note would be wrong.
    assert data.figure("industries")["low"] == 12
    assert data.distinct_applications() != 12
