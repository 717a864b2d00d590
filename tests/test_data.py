"""The data files: valid, with provenance, and true to the explainer they come from."""

from __future__ import annotations

import re

import pytest

from mlops_book import data, schema, views

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
    assert on_disk == set(schema.SCHEMAS), "a data file without a schema, or a schema without a file"
    for name, frame in tables.items():
        assert len(frame) > 0, name


def test_every_record_names_a_seed_section(tables):
    sections = set(tables["sections"]["id"])
    for name, frame in tables.items():
        if name in schema.OUTLINES:
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
    for row, line in zip(people.itertuples(), table_lines, strict=False):
        # ID, role, size (its range spelt out on first use) and application, run together.
        cells = [re.escape(c) for c in (row.id, row.role, row.company_size, row.application)]
        assert re.fullmatch(r"{}{}{}(?: \([^)]*\))?{}".format(*cells), line), (
            f"participants.csv, {row.id}: role {row.role!r}, company size {row.company_size!r} and "
            f"application {row.application!r}, but the explainer's table row reads {line!r}"
        )
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


def attributed_to(seed: str, text: str) -> str:
    """Whom the explainer attributes a quote to: "— Pn, ..." or "said Pn" right after it, or a
    participant named before it on its line ("As P11 put it:", "Daily (P14):"); "" for nobody."""
    at = seed.index(text)
    after = re.match(r"\W*(?:—\s*|said )(P\d+)\b", seed[at + len(text): at + len(text) + 40])
    if after:
        return after.group(1)
    before = re.findall(r"\bP\d+\b", seed[seed.rfind("\n", 0, at) + 1: at])
    return before[-1] if before else ""


def test_quote_speakers_are_the_participants_the_explainer_attributes_them_to(tables, seed):
    for q in tables["quotes"].itertuples():
        said = attributed_to(seed, q.text)
        assert q.speaker == said, (
            f"quotes.csv, quote {q.id!r}: speaker is {q.speaker or 'nobody'}, "
            f"but the explainer attributes it to {said or 'nobody'}"
        )
        at = seed.index(q.text)
        after = seed[at + len(q.text): at + len(q.text) + 80]
        if f"— {q.speaker}," in after:  # the full attribution line must match the participants table
            assert f"— {data.speaker_line(q.speaker)}" in after, f"quotes.csv, quote {q.id!r}: {after!r}"


def test_retraining_cadences_name_the_participants_the_explainer_names(tables, seed):
    for row in tables["retraining"].itertuples():
        named = set(re.findall(rf"\b{re.escape(row.cadence)} \((P\d+)\)", seed, flags=re.IGNORECASE))
        assert named == ({row.participant} if row.participant else set()), (
            f"retraining.csv, cadence {row.cadence!r}: participant {row.participant or 'none'}, "
            f"but the explainer names {', '.join(sorted(named)) or 'none'} for it"
        )


#: Numbers the explainer spells out in words inside a figure's value.
def test_the_headline_industries_and_the_table_disagree_and_both_are_kept():
    # The book shows both numbers; if the data ever agreed, the chapter's note would be wrong.
    assert data.figure("industries")["low"] == 12
    assert views.distinct_applications() != 12


def test_every_fact_record_is_traced_to_the_paper(tables):
    """Every file but the two outlines has the paper columns; each record has a status, cites parts of the
    paper's outline, and has a note unless the paper supports it fully."""
    from mlops_book import paper

    outline = set(tables["paper_sections"]["id"])
    for name, frame in tables.items():
        if name in schema.OUTLINES:
            assert not schema.SCHEMAS[name].states_facts, f"{name} is an outline, not a file of facts"
            continue
        assert schema.SCHEMAS[name].states_facts, f"{name}.csv has no paper_section"
        for row in frame.itertuples():
            assert row.paper_support in paper.STATUSES, f"{name}: {row.paper_support!r}"
            assert set(paper.cited_sections(row.paper_section)) <= outline, f"{name}: {row.paper_section}"
            if row.paper_support != paper.SUPPORTED:
                assert row.paper_note, f"{name}: a {row.paper_support} record without a note"
            if row.paper_support in (paper.SUPPORTED, paper.PARTLY, paper.NOT_VERIFIABLE):
                assert paper.cited_sections(row.paper_section), f"{name}: no section cited"


def test_the_explainers_text_is_never_the_papers_text_twice(tables):
    """A quote's paper_text is kept only where it differs from the explainer's text."""
    for q in tables["quotes"].itertuples():
        assert q.paper_text != q.text, f"{q.id}: paper_text repeats the explainer's text"
        if q.paper_speaker:
            assert not q.speaker, f"{q.id}: paper_speaker is for quotes the explainer leaves anonymous"
