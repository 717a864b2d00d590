"""The book's search finds what its interactives, labs and quizzes say, on the page that shows it.

Sphinx's search reads ``searchindex.js``: each term (a stemmed word) names the pages holding it.
A widget's text lives in the page's embedded widget state, which Sphinx does not read;
_ext/steps/widget_fallbacks.py adds it. Every word of every state of every registered interactive
(the texts the registry expects of that state, not only the first one shown) and of every quiz
question, answer and feedback must lead to its page. The expected words come from the data.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from sphinx.search.en import SearchEnglish

from mlops_book import quizzes
from mlops_book.interactives import INTERACTIVES
from support import ROOT

QUIZ_CALL = re.compile(r'quizzes\.quiz\("([a-z0-9-]+)"\)')
ENGLISH = SearchEnglish({})


@pytest.fixture(scope="module")
def index(book_html) -> dict[str, set[str]]:
    """Each term of the built book's search index (a page's title words apart) and the pages
    (``chapters/x.html``) holding it."""
    text = (book_html / "searchindex.js").read_text(encoding="utf-8")
    found = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    pages = [f"{name}.html" for name in found["docnames"]]
    terms = defaultdict(set)
    for kind in ("terms", "titleterms"):
        for term, where in found[kind].items():
            terms[term] |= {pages[i] for i in (where if isinstance(where, list) else [where])}
    return terms


def unfound(index, text: str, page: str) -> list[str]:
    """The words of ``text`` that the search index, stemmed and filtered as Sphinx does, does not
    lead to ``page``."""
    missing = []
    for word in ENGLISH.split(text):
        # as sphinx.search.IndexBuilder.feed keys a word
        term = ENGLISH.stem(word).lower()
        if not ENGLISH.word_filter(term):
            if not ENGLISH.word_filter(word):
                continue  # a stop word: Sphinx indexes none
            term = word
        if page not in index.get(term, set()):
            missing.append(word)
    return missing


@pytest.mark.parametrize("entry", INTERACTIVES, ids=lambda entry: entry.name)
def test_every_state_of_every_interactive_is_searchable(index, entry):
    for number, texts in enumerate(entry.state_texts()):
        for text in texts:
            missing = unfound(index, text, entry.page)
            assert not missing, f"{entry.name} state {number}: searching {missing[:3]} does not find {entry.page}"


def quiz_pages() -> list[tuple[str, str]]:
    return [
        (section, source.relative_to(ROOT).with_suffix(".html").as_posix())
        for source in sorted((ROOT / "chapters").rglob("*.md"))
        for section in QUIZ_CALL.findall(source.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize(("section", "page"), quiz_pages())
def test_every_quiz_question_answer_and_feedback_is_searchable(index, section, page):
    for question in quizzes.load_questions(section):
        for text in [question.prompt, *(o.text for o in question.options), *(o.feedback for o in question.options)]:
            missing = unfound(index, text, page)
            assert not missing, f"quiz {section}, {question.id}: searching {missing[:3]} does not find {page}"
