"""The landing page (mlops_book.landing, index.md): its figures come from data/, its tiles from the
chapter kits and _toc.yml, and the built page links every chapter and lab."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from mlops_book import data, kit, landing, links


def toc_part(root, caption: str) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [e["file"] for p in toc["parts"] if p["caption"] == caption for e in p["chapters"]]


def hrefs(block) -> list[str]:
    return re.findall(r'href="([^"]+)"', block.html)


def test_a_tile_for_every_chapter_and_lab_in_reading_order(root):
    assert hrefs(landing.chapter_tiles()) == [f"{p}.html" for p in toc_part(root, "The study")]
    assert hrefs(landing.lab_tiles()) == [f"{p}.html" for p in toc_part(root, "Labs")]


def test_tiles_show_each_chapters_own_title_and_time():
    html = landing.chapter_tiles().html
    for chapter in kit.chapters():
        assert f">{chapter.title}</a>" in html.replace("&#39;", "'"), chapter.title
        assert f"{chapter.kit.reading_minutes} min to read" in html


def test_opening_counts_the_participants_table(data_copy):
    """Drop a row from the participants table (P4, whom nothing else cites): the count follows the data."""
    people = pd.read_csv(data_copy / "participants.csv", dtype=str, keep_default_na=False)
    people[people["id"] != "P4"].to_csv(data_copy / "participants.csv", index=False)
    data.clear_cache()
    tiles = re.findall(r'font-size:2em[^>]*>([^<]+)<', landing.opening().html)
    assert tiles == [data.figure("interviews")["value"], data.figure("industries")["value"], str(len(people) - 1)]


def test_opening_shows_the_headline_figures_and_the_papers_questions():
    html = landing.opening().html
    for figure_id in landing.OPENING_FIGURES:
        assert f">{data.figure(figure_id)['value']}<" in html
    assert data.figure("question")["paper_note"].replace("'", "&#39;") in html
    assert "Not verifiable here" in html  # the industries figure carries its note (it rests on Table 1)


def test_ways_in_link_binder_and_the_guide():
    html = landing.ways_in().html
    assert links.binder_url(kit.chapters()[0].path).replace("&", "&amp;") in html
    assert f'href="{landing.GUIDE_PAGE}.html"' in html


def test_a_lab_without_its_glance_box_is_named(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "lab.md").write_text("# Lab 9: Nothing\n\nNo glance box.\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("root: index\nparts:\n- caption: Labs\n  chapters:\n  - file: chapters/lab\n")
    with pytest.raises(ValueError, match=r"lab\.md: a lab needs"):
        landing.lab_pages(tmp_path)


def test_built_landing_page_links_every_chapter_and_lab(book_html, root):
    page = (book_html / "index.html").read_text(encoding="utf-8")
    for path in toc_part(root, "The study") + toc_part(root, "Labs"):
        assert f'href="{path}.html"' in page, path
    assert 'class="mlops-landing-question"' in page
