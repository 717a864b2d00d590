"""The schema refuses a column it could not check: a wrong kind, a choice without choices, a dangling reference."""

from __future__ import annotations

import pytest

from mlops_book.schema import SCHEMAS, Column, ColumnKind, Schema


@pytest.mark.parametrize("kind", ["partcipant", "participant", "int", None, 3])
def test_a_kind_that_is_not_a_column_kind_is_refused_at_definition(kind):
    # The right name as a plain string is refused too: only the Enum's members are kinds.
    with pytest.raises(TypeError, match=rf"column 'speaker': kind {kind!r} is not a ColumnKind"):
        Column("speaker", kind)


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": ColumnKind.CHOICE},  # a choice among nothing
        {"kind": ColumnKind.TEXT, "choices": ("a", "b")},  # choices nobody checks
        {"kind": ColumnKind.REF},  # a reference to nowhere
        {"kind": ColumnKind.REF, "ref": "three_vs"},  # a file without its column
        {"kind": ColumnKind.TEXT, "ref": "three_vs.id"},  # a reference nobody checks
    ],
)
def test_choices_and_references_belong_to_their_kinds(spec):
    with pytest.raises(ValueError, match="column 'v'"):
        Column("v", **spec)


def test_a_key_names_columns_of_its_schema():
    with pytest.raises(ValueError, match="key column 'ID'"):
        Schema((Column("id"),), key=("ID",))


def test_every_reference_names_the_key_of_a_data_file():
    references = [(name, col) for name, schema in SCHEMAS.items() for col in schema.columns if col.target]
    assert {col.kind for _, col in references} >= {ColumnKind.REF, ColumnKind.PARTICIPANT}
    for name, col in references:
        other, key = col.target.split(".")
        assert other in SCHEMAS, f"{name}.{col.name} refers to {other}.csv, which has no schema"
        assert SCHEMAS[other].key == (key,), f"{name}.{col.name} refers to {col.target}, not a key"
