"""The built book's search page, as a reader uses it: the pages the words belong to first, snippets from their section.

Sphinx's search alone ranked chapter 7, where the study's data problems are laid out, seventh for
"drift", after pages that say the word once, with snippets from wherever the word first stood
(_ext/steps/search_ranking.py and search_scorer.js re-rank it). Here, searched as a reader does
(``search.html?q=...``, the theme's search box goes there): chapter 7 in the first three results for
"drift"; a page whose title holds the words before any page where they stand only in the text; one result
per page; each result's link going to where the words stand, and its snippet quoting them from there.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support import screenshot

RESULTS = "#search-results ul.search > li"
#: The text of the place a result links to in the served page (no script has run on it), as Sphinx's
#: search reads it for the snippet (a glossary term's: with its definition); null when there is no such place.
SECTION_TEXT = """async ([url, anchor]) => {
    const html = await (await fetch(url)).text();
    const page = new DOMParser().parseFromString(html, 'text/html');
    page.querySelectorAll('.headerlink, script, style').forEach(x => x.remove());
    const place = page.querySelector(`[role="main"] [id="${anchor}"]`);
    if (!place) return null;
    return place.tagName === 'DT' ? place.textContent + ' ' + place.nextElementSibling.textContent : place.textContent;
}"""


def search(page, book_url, query: str) -> list[dict]:
    """The results of ``query`` on the built search page, in order, once every snippet has arrived:
    each with its link (relative to the book), its title and its snippet."""
    page.goto(f"{book_url}/search.html?q={query}")
    expect(page.locator("#search-results .search-summary")).to_contain_text("found", timeout=15000)
    items = page.locator(RESULTS)
    count = items.count()
    expect(page.locator(f"{RESULTS} p.context")).to_have_count(count, timeout=15000)
    return [
        {
            "href": items.nth(i).locator("a").first.get_attribute("href"),
            "title": items.nth(i).locator("a").first.inner_text(),
            "snippet": items.nth(i).locator("p.context").inner_text(),
        }
        for i in range(count)
    ]


def test_drift_finds_chapter_7_in_the_first_three(page, book_url):
    results = search(page, book_url, "drift")
    screenshot(page, "search-drift")
    first = [r["href"].split("#")[0] for r in results[:3]]
    assert "chapters/07_challenges.html" in first, f"the first three results for drift: {first}"


@pytest.mark.parametrize("query", ["drift", "alert fatigue", "staged rollout", "velocity"])
def test_title_matches_first_one_result_a_page_snippets_from_the_section(page, book_url, query):
    results = search(page, book_url, query)
    assert results, f"{query}: no results"
    pages = [r["href"].split("#")[0] for r in results]
    assert len(pages) == len(set(pages)), f"{query}: a page is listed twice: {pages}"
    words = query.split()
    titled = [i for i, r in enumerate(results) if all(w in r["title"].split(" > ")[0].lower() for w in words)]
    if titled:
        assert titled[0] == 0, f"{query}: the first page whose title holds it is result {titled[0] + 1}: {pages}"
    for r in results[:5]:
        stem = words[-1][:5]
        assert stem in r["snippet"].lower(), f"{query}: the snippet of {r['href']} does not quote it: {r['snippet']!r}"
        if "#" in r["href"]:
            anchor = r["href"].split("#", 1)[1]
            text = page.evaluate(SECTION_TEXT, [f"{book_url}/{r['href'].split('#')[0]}", anchor])
            assert text is not None, f"{query}: {r['href']} goes to no place of its page"
            assert stem in text.lower(), f"{query}: {r['href']} goes where the words are not"
            snippet = re.sub(r"^\.\.\.|\.\.\.$", "", r["snippet"]).strip()[:60]
            quoted = " ".join(snippet.split()) in " ".join(text.split())
            assert quoted, f"{query}: {r['href']}'s snippet is not from there"
