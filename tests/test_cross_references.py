"""Cross-references as links to the pages' files, which Sphinx and JupyterLab both follow, and numbers
in the prose written from the data (mlops_book.cross_references, mlops_book.prose_numbers)."""

from __future__ import annotations

import re

import pytest

from mlops_book import cross_references, prose_numbers

LEARNER_PAGES = cross_references.learner_pages()
#: A Markdown link to a file of the book: ``[words](path.md)`` or ``[words](path.md#anchor)``.
FILE_LINK = re.compile(r"\]\((?P<path>[\w./-]+\.md)(?:#(?P<anchor>[\w.-]+))?\)")


def test_learner_pages_are_the_notebooks_and_the_reference_pages():
    assert {"chapters/01_opening", "chapters/labs/01_drift", "chapters/glossary", "chapters/references"} <= set(
        LEARNER_PAGES
    )
    assert not [p for p in LEARNER_PAGES if "instructor" in p or p == "index"]


@pytest.mark.parametrize("page", LEARNER_PAGES)
def test_no_role_jupyterlab_cannot_follow(root, page):
    text = (root / f"{page}.md").read_text(encoding="utf-8")
    roles = cross_references.ROLE.findall(text) + re.findall(r"\{glue:text\}", text)
    assert not roles, f"{page}.md still has {len(roles)} roles: run `make normalise`"


@pytest.mark.parametrize("page", LEARNER_PAGES)
def test_every_link_to_a_page_reaches_its_file_and_anchor(root, page):
    """What the strict build checks, here in the fast tier: each link's file exists, and its anchor is a
    label on that page or a glossary term."""
    labels = cross_references.targets()
    terms = {cross_references.term_anchor(t) for t in cross_references.glossary_terms().values()}
    text = (root / f"{page}.md").read_text(encoding="utf-8")
    for match in FILE_LINK.finditer(text):
        target = (root / page).parent / match["path"]
        assert target.is_file(), f"{page}.md links {match['path']}, which does not exist"
        anchor = match["anchor"]
        if anchor:
            linked = target.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
            on_page = anchor in labels and labels[anchor].page == linked
            assert on_page or (anchor in terms and linked == cross_references.GLOSSARY), (
                f"{page}.md links {match.group(0)}: no such label or term there"
            )


def test_links_are_many_and_numbers_come_from_the_data(root):
    """Not vacuous: the pages hold links of every kind, and every number of prose_numbers with its source
    (chapter 1 its three headline counts)."""
    text = "".join((root / f"{page}.md").read_text(encoding="utf-8") for page in LEARNER_PAGES)
    assert len(FILE_LINK.findall(text)) >= 200
    assert "glossary.md#term-" in text and "01_opening.md#opening-industries-note" in text
    for name, value in prose_numbers.NUMBERS.items():
        assert f"{value()}<!-- {name} -->" in text, f"no page states {name}"
    opening = (root / "chapters/01_opening.md").read_text(encoding="utf-8")
    for name in ("headline_industries", "distinct_applications", "participant_count"):
        assert f"{prose_numbers.NUMBERS[name]()}<!-- {name} -->" in opening


def test_a_role_to_nowhere_is_an_error():
    with pytest.raises(ValueError, match="no-such-label"):
        cross_references.to_links("{ref}`no-such-label`", "chapters/x")
    with pytest.raises(ValueError, match="not in the glossary"):
        cross_references.to_links("{term}`no such term`", "chapters/x")
