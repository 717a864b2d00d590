"""The module's pre/post test: ten multiple-choice questions across the chapters and labs, for before and after.

The questions live in ``data/quizzes/pre-post.yml``, in a chapter quiz's format (:mod:`mlops_book.quizzes`),
except that each question's ``objective`` names whichever chapter or lab it tests (``three-vs:1``,
``lab-drift:3``), so the test spans the module. They are checked as a quiz's are (a broken file stops with
a :class:`~mlops_book.quizzes.QuizFileError` naming file, question, field and line) and shown in the order
of :func:`mlops_book.quizzes.on_page` (the right answer's position spread evenly, the same in every build).
The book shows them to no learner: the instructors' page lists them (:func:`questions_table`) with the key
(:func:`answer_key`), and :mod:`mlops_book.question_bank` writes them for a learning platform.

>>> questions = load()
>>> len(questions), questions[0].tag
(10, 'three-vs:1')
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from . import data, kit, quizzes
from .blocks import Block, table

#: The test's id: its file's name, its Canvas package's and its questions' tag.
ID = "pre-post"
TITLE = "Pre/post test for the module"


def path() -> Path:
    """Where the test's questions are: ``quizzes/pre-post.yml`` in the data folder."""
    return data.data_dir() / "quizzes" / f"{ID}.yml"


def load() -> tuple[quizzes.Question, ...]:
    """The test's questions, checked, each with the section of the chapter or lab its objective names.

    >>> sorted({q.section for q in load()})[:3]
    ['anti-patterns', 'challenges', 'findings']
    """
    source = path()
    if not source.exists():
        raise quizzes.QuizFileError(source, None, None, "there is no pre/post test file")
    try:
        document = data.parse_yaml(source.read_text(encoding="utf-8"), quizzes._Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise quizzes.QuizFileError(source, None, None, f"not valid YAML: {error}", mark and mark.line + 1) from None
    if not isinstance(document, dict) or set(document) != {"questions"} or not isinstance(document["questions"], list):
        raise quizzes.QuizFileError(source, None, None, "must hold one key, 'questions', with a list of questions")
    pages = kit.units()  # with their kits in a checkout, where the objectives are checked
    questions = []
    for number, item in enumerate(document["questions"], 1):
        section = str(item.get("objective", "")).partition(":")[0] if isinstance(item, dict) else ""
        if section not in pages:
            raise quizzes.QuizFileError(source, f"question {number}", "objective",
                                        f"{item.get('objective') if isinstance(item, dict) else item!r} does not "
                                        "name a chapter's or lab's objective like 'three-vs:1'",
                                        getattr(item, "line", None))
        question = quizzes._question(source, section, number, item)
        if pages[section].kit and not 1 <= question.objective <= len(pages[section].kit.objectives):
            raise quizzes.QuizFileError(source, f"question {number}", "objective",
                                        f"{section} has {len(pages[section].kit.objectives)} objectives, not "
                                        f"{question.objective}", item.line)
        questions.append(question)
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        twice = sorted(i for i in ids if ids.count(i) > 1)[0]
        raise quizzes.QuizFileError(source, None, "id", f"{twice!r} is used twice")
    return tuple(questions)


def _where(question: quizzes.Question) -> str:
    """The chapter or lab a question tests, as the book names it: "chapter 5", "lab 1"."""
    page = kit.units()[question.section]
    return f"{'lab' if page.is_lab else 'chapter'} {page.order}"


def questions_table() -> Block:
    """The test as a learner takes it: each question with its options, in the fixed shuffled order, no key."""
    shown = quizzes.on_page(load())
    frame = pd.DataFrame(
        [(i, ("Made-up scenario: " if q.scenario else "") + q.prompt,
          " / ".join(f"{'abcdef'[j]}) {o.text}" for j, o in enumerate(q.options)), _where(q))
         for i, q in enumerate(shown, 1)],
        columns=["#", "Question", "Options", "Tests"],
    )
    return table(frame, f"{TITLE}: {len(shown)} questions across the module, in the order a printed copy shows them")


def answer_key() -> Block:
    """The key: each question's right option (letters as :func:`questions_table` shows them) and why."""
    shown = quizzes.on_page(load())
    frame = pd.DataFrame(
        [(i, q.prompt, f"{'abcdef'[q.answer]}) {q.options[q.answer].text}", q.options[q.answer].feedback,
          f"{_where(q)}, objective {q.objective}")
         for i, q in enumerate(shown, 1)],
        columns=["#", "Question", "Right answer", "Why", "Objective"],
    )
    return table(frame, f"Answer key to the {TITLE.lower()}: {len(shown)} questions, letters as in the table above")
