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
    numbers = re.findall(r'class="mlops-landing-number"[^>]*>([^<]+)<', landing.opening().html)
    assert numbers == [data.figure("interviews")["value"], data.figure("industries")["value"], "1"]
    counted = f"<strong>{len(people) - 1} engineers</strong> in the explainer's participants table"
    assert counted in landing.opening().html


def test_the_picture_draws_a_mark_per_interview_and_industry(data_copy):
    """The marks are counted from data/headline_figures.csv: change a figure and the picture follows."""
    def marks(figure_id):
        html = landing.opening().html
        panel = html.split(f'data-figure="{figure_id}"', 1)[1].split("</svg>", 1)[0]
        return len(re.findall(r"<(?:rect|path) ", panel))

    assert (marks("interviews"), marks("industries")) == (18, 12)
    figures = pd.read_csv(data_copy / "headline_figures.csv", dtype=str, keep_default_na=False)
    figures.loc[figures["id"] == "industries", ["value", "low", "high"]] = "9"
    figures.to_csv(data_copy / "headline_figures.csv", index=False)
    data.clear_cache()
    assert marks("industries") == 9
    assert re.search(r'class="mlops-landing-number"[^>]*>9<', landing.opening().html)


def outer_details(html: str, opening: str) -> str:
    """The element that starts with ``opening``, to its own ``</details>`` (each source note in it is a
    ``<details>`` of its own)."""
    start = html.index(opening)
    depth = 0
    for match in re.finditer(r"<details\b|</details>", html[start:]):
        depth += 1 if match.group().startswith("<details") else -1
        if depth == 0:
            return html[start:start + match.end()]
    raise AssertionError(f"{opening} is never closed")


def test_opening_shows_the_headline_figures_and_keeps_their_notes_folded():
    html = landing.opening().html
    for figure_id in landing.OPENING_FIGURES:
        assert f">{data.figure(figure_id)['value']}<" in html
    folded = outer_details(html, '<details class="mlops-landing-notes"')
    assert data.figure("question")["paper_note"].replace("'", "&#39;") in folded
    assert "Not verifiable here" in folded  # the industries figure carries its note (it rests on Table 1)
    for figure_id in landing.OPENING_FIGURES:
        note = data.figure(figure_id)["paper_note"].replace("'", "&#39;")
        assert note in folded and note not in html.replace(folded, ""), figure_id


def test_contents_list_every_chapter_and_lab_with_its_time(root):
    html = landing.contents().html
    assert hrefs(landing.contents()) == [f"{p}.html" for p in toc_part(root, "The study") + toc_part(root, "Labs")]
    for chapter in kit.chapters():
        assert f"{chapter.kit.page_minutes} min</span>" in html, chapter.title


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
