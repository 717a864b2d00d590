"""Self-check quizzes that work without a kernel: each chapter's questions, read from data and shown as radio buttons.

The questions live in ``data/quizzes/<section>.yml``, one file per study chapter (``<section>``
is the chapter's id in ``data/sections.csv``)::

    questions:
      - id: challenges-a-few-nulls       # unique across all the files
        objective: challenges:2          # the chapter's objective it practises, by number
        scenario: true                   # the question describes a made-up situation (default false)
        source: data/data_error_spectrum.csv; paper §5.1.2   # where its facts come from
        prompt: For some customers two features arrive empty...
        options:                         # two to six, exactly one right
          - text: A soft error
            right: true
            feedback: Right. The paper's example of a soft error is...   # every option explains itself

:func:`load_questions` reads and validates one file; a file that breaks these rules stops
everything with a :class:`QuizFileError` naming the file, the question, the field and the
line. :func:`quiz` builds the chapter's :class:`Quiz`: per question a ``RadioButtons`` with
no answer chosen and a ``Stack`` of precomputed feedback, one view per option, tied together
by ``jsdlink`` so that the static page needs no kernel and Jupyter behaves the same. The questions
show one at a time, paged by a row of numbered buttons (``ToggleButtons``): a phone reader meets one
question, not seven screens of them.

The quiz keeps one height whichever question shows and whatever answer is chosen, with no script of
the page's (so in Jupyter too): every question is drawn, all in one cell of a CSS grid, so the tallest
sets the height, and the quiz's own stylesheet (``templates/quiz_head.html``) shows the one whose number
is pressed and hides the others with ``visibility: hidden``, which keeps them in the layout (and out of
sight, of the keyboard and of screen readers). A ``Stack`` would not do: ipywidgets draws only its
chosen child. Under each question's answers, in one grid cell too, the feedback ``Stack`` lies over an
unseen copy of every one of its feedback views (:attr:`QuestionView.room`), so the tallest feedback
has its room before any answer is chosen.

The files list the right option first or wherever the author put it; the page shows each question's
options in the order of :func:`on_page`, a shuffle seeded by the questions' ids that spreads the right
answer evenly over the positions and stays the same from build to build (and in the answer keys of
the instructor pages).

>>> questions = load_questions("challenges")
>>> questions[0].tag, questions[0].options[questions[0].answer].text
('challenges:2', 'A hard error')
>>> shown = quiz("challenges").questions[0]
>>> shown.choices.index is None, shown.feedback.selected_index is None
(True, True)
>>> quiz("challenges").pager.options[:2], quiz("challenges").pager.index
((('1', 0), ('2', 1)), 0)
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

import ipywidgets as w
import yaml

from . import data, kit
from .fallback import QUIZ_NOTE, StaticFallback
from .render import render

KEYS = "Keyboard: Enter or the arrow keys on a number; Tab to the answers, Space to choose."
QUESTION_KEYS = ("id", "objective", "scenario", "source", "prompt", "options")
OPTION_KEYS = ("text", "right", "feedback")
MIN_OPTIONS, MAX_OPTIONS = 2, 6
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: Part of every question's shuffle seed; changing it reorders every quiz's options at once.
SHUFFLE_SALT = "mlops-book"


class QuizFileError(ValueError):
    """A quiz file breaks its format; the message names the file, question, field and line.

    >>> str(QuizFileError("q.yml", "question 2 ('q-two')", "options[3].feedback", "must be text", 41))
    "q.yml, question 2 ('q-two'), field 'options[3].feedback' (line 41): must be text"
    """

    def __init__(self, path, question, field, problem, line=None):
        self.path, self.question, self.field, self.line = Path(path), question, field, line
        where = str(self.path)
        if question:
            where += f", {question}"
        if field:
            where += f", field '{field}'"
        if line:
            where += f" (line {line})"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Option:
    """One answer to a question, with the feedback that explains it."""

    text: str
    feedback: str
    right: bool = False


@dataclass(frozen=True)
class Question:
    """A multiple-choice question of one chapter, tagged with the chapter objective it practises."""

    id: str
    section: str
    objective: int
    prompt: str
    source: str
    options: tuple[Option, ...]
    scenario: bool = False

    @property
    def answer(self) -> int:
        """The position of the right option."""
        return next(i for i, option in enumerate(self.options) if option.right)

    @property
    def tag(self) -> str:
        """The objective as ``<section>:<number>``, e.g. ``three-vs:2``."""
        return f"{self.section}:{self.objective}"

    def arranged(self, position: int) -> Question:
        """The question with its right option at ``position`` and the others in an order seeded by its id.

        >>> question = load_questions("challenges")[0]
        >>> question.arranged(2).answer, question.arranged(2) == question.arranged(2)
        (2, True)
        """
        others = [option for option in self.options if not option.right]
        random.Random(_digest(self.id)).shuffle(others)
        others.insert(position, self.options[self.answer])
        return replace(self, options=tuple(others))


def _digest(text: str) -> int:
    """A number from text that is the same in every run (unlike Python's ``hash``), salted by :data:`SHUFFLE_SALT`."""
    return int.from_bytes(hashlib.sha256(f"{SHUFFLE_SALT}:{text}".encode()).digest()[:8], "big")


def on_page(questions: tuple[Question, ...]) -> tuple[Question, ...]:
    """A chapter's questions with their options in the order the page shows them.

    A seeded shuffle that is also fair: the questions with the same number of options are put in the
    order of a digest of their ids, and the right answer's position steps through the positions along
    that order (from a start seeded by the chapter). So within a chapter no position holds the right
    answer more than once more than another, nothing depends on the order of the file, and every
    build, notebook and printed answer key shows the same order.

    >>> shown = on_page(load_questions("challenges"))
    >>> sorted(q.answer for q in shown if len(q.options) == 3)
    [0, 0, 1, 2]
    >>> shown == on_page(load_questions("challenges"))
    True
    """
    positions = {}
    for count in sorted({len(q.options) for q in questions}):
        group = sorted((q for q in questions if len(q.options) == count), key=lambda q: _digest(q.id))
        start = _digest(f"{group[0].section}:{count}") % count
        positions.update({q.id: (start + i) % count for i, q in enumerate(group)})
    return tuple(q.arranged(positions[q.id]) for q in questions)


# --- Reading and checking the files -------------------------------------------


class _Lined(dict):
    """A YAML mapping that remembers the line it starts on."""

    line = None


class _Loader(data.SAFE_LOADER):
    """PyYAML's safe loader, keeping each mapping's line for error messages."""


def _mapping(loader, node):
    mapping = _Lined(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def quiz_path(section: str) -> Path:
    """Where a chapter's questions are: ``data/quizzes/<section>.yml`` in the data folder."""
    return data.data_dir() / "quizzes" / f"{section}.yml"


def sections_with_quizzes() -> list[str]:
    """The ids of the sections that have a quiz file, in reading order."""
    sections = data.load("sections").sort_values("order")
    return [s for s in sections["id"] if quiz_path(s).exists()]


def labs_with_quizzes() -> list[str]:
    """The ids of the labs (``lab-<name>``, :func:`mlops_book.kit.labs`) that have a quiz file, in order.

    A lab's questions are not shown on its page (the lab is its own practice); they go to the question
    bank, so that a course can check the lab on its learning platform.

    >>> labs_with_quizzes()
    ['lab-drift', 'lab-alerts', 'lab-rollout', 'lab-validation']
    """
    return [lab.id for lab in kit.labs() if quiz_path(lab.id).exists()]


def _lab_ids() -> set[str]:
    """Every lab's id (``lab-<name>``), from the labs' catalogue: the package's own record of its labs,
    which an installed package has too (:func:`mlops_book.kit.labs` reads the chapters of a checkout).

    >>> sorted(_lab_ids()) == sorted(lab.id for lab in kit.labs())
    True
    """
    from .labs import catalogue  # the labs' simulations load only for a lab's questions

    return {f"lab-{lab.name}" for lab in catalogue.LABS}


def load_questions(section: str) -> tuple[Question, ...]:
    """Read ``data/quizzes/<section>.yml`` and check every question and option in it.

    >>> [q.tag for q in load_questions("opening")]
    ['opening:1', 'opening:2', 'opening:3', 'opening:3']
    """
    path = quiz_path(section)
    if section not in set(data.load("sections")["id"]) and section not in _lab_ids():
        raise QuizFileError(path, None, None, f"{section!r} is not a section id of sections.csv nor a lab's id")
    if not path.exists():
        raise QuizFileError(path, None, None, f"there is no quiz file for section {section!r}")
    try:
        document = data.parse_yaml(path.read_text(encoding="utf-8"), _Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise QuizFileError(path, None, None, f"not valid YAML: {error}", mark and mark.line + 1) from None
    if not isinstance(document, dict) or set(document) != {"questions"}:
        raise QuizFileError(path, None, None, "must hold one key, 'questions', with a list of questions")
    items = document["questions"]
    if not isinstance(items, list) or not items:
        raise QuizFileError(path, None, "questions", "must be a non-empty list of questions", document.line)
    questions = tuple(_question(path, section, i, item) for i, item in enumerate(items, 1))
    ids = [q.id for q in questions]
    for i, item in enumerate(items, 1):
        if ids[i - 1] in ids[: i - 1]:
            raise QuizFileError(path, f"question {i}", "id", f"{ids[i - 1]!r} is used twice", item.line)
    return questions


def _question(path: Path, section: str, number: int, item) -> Question:
    if not isinstance(item, dict):
        raise QuizFileError(path, f"question {number}", None, "must be a mapping of fields")
    name = f"question {number}" + (f" ({item['id']!r})" if isinstance(item.get("id"), str) else "")

    def fail(field, problem, line=item.line):
        raise QuizFileError(path, name, field, problem, line)

    _check_keys(item, QUESTION_KEYS, ("id", "objective", "source", "prompt", "options"), fail)
    if not isinstance(item["id"], str) or not ID_PATTERN.fullmatch(item["id"]):
        fail("id", "must be lower-case words joined by hyphens, e.g. 'challenges-a-few-nulls'")
    objective = re.fullmatch(rf"{re.escape(section)}:([1-9][0-9]*)", str(item["objective"]))
    if not objective:
        fail("objective", f"must be '{section}:<number>', the number of an objective of this chapter")
    scenario = item.get("scenario", False)
    if not isinstance(scenario, bool):
        fail("scenario", "must be true or false")
    options = item["options"]
    if not isinstance(options, list) or not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        fail("options", f"must be a list of {MIN_OPTIONS} to {MAX_OPTIONS} options")
    parsed = tuple(_option(i, option, fail) for i, option in enumerate(options, 1))
    if sum(option.right for option in parsed) != 1:
        fail("options", "exactly one option must have 'right: true'")
    texts = [option.text for option in parsed]
    for i, text in enumerate(texts, 1):
        if text in texts[: i - 1]:
            fail(f"options[{i}].text", "two options have the same text", options[i - 1].line)
    return Question(
        id=item["id"],
        section=section,
        objective=int(objective.group(1)),
        prompt=_text(item, "prompt", fail),
        source=_text(item, "source", fail),
        options=parsed,
        scenario=scenario,
    )


def _option(number: int, item, fail) -> Option:
    field = f"options[{number}]"
    if not isinstance(item, dict):
        fail(field, "must be a mapping with 'text' and 'feedback'")

    def fail_here(key, problem, line=item.line):
        fail(f"{field}.{key}" if key else field, problem, line)

    _check_keys(item, OPTION_KEYS, ("text", "feedback"), fail_here)
    right = item.get("right", False)
    if not isinstance(right, bool):
        fail_here("right", "must be true or false")
    return Option(_text(item, "text", fail_here), _text(item, "feedback", fail_here), right)


def _check_keys(item: dict, allowed, required, fail) -> None:
    """Unknown keys (a typo such as ``feedbak``) and missing ones are errors, not silent gaps."""
    for key in item:
        if key not in allowed:
            fail(str(key), f"unknown field; the fields are {', '.join(allowed)}")
    for key in required:
        if key not in item:
            fail(key, "is missing")


def _text(item: dict, key: str, fail) -> str:
    """A field's text with its whitespace collapsed; anything else (a number, ``yes``, nothing) is an error."""
    value = item[key]
    if not isinstance(value, str) or not value.strip():
        fail(key, f"must be non-empty text, not {value!r} (quote it if YAML reads it as something else)")
    return " ".join(value.split())


# --- Showing a quiz -------------------------------------------------------------


class QuestionView(w.VBox):
    """One question: its text, radio buttons with no answer chosen, and one feedback view per option.

    ``question`` is shown as given: :func:`quiz` passes it in page order (:func:`on_page`).
    ``choices.index`` is linked on the front end to ``feedback.selected_index``, so choosing an
    option shows its precomputed feedback with no kernel; until then a neutral prompt shows. The
    feedback ``Stack`` and :attr:`room` (the prompt over an unseen copy of every feedback view) share
    one grid cell (``mlops-quiz-answer-area``), so the question is as tall before an answer as after
    any of them.
    """

    def __init__(self, question: Question, number: int, total: int):
        prompt_id = f"mlops-quiz-{question.id}"
        head = w.HTML(render("quiz_question.html", number=number, total=total, prompt_id=prompt_id,
                              scenario=question.scenario, prompt=question.prompt))
        self.choices = w.RadioButtons(
            options=[(option.text, i) for i, option in enumerate(question.options)],
            index=None,
        )
        self.choices.add_class("mlops-quiz-choices")
        views = [render("quiz_feedback.html", right=o.right, feedback=o.feedback) for o in question.options]
        self.feedback = w.Stack([w.HTML(view) for view in views], selected_index=None)
        self.feedback.add_class("mlops-quiz-feedback")
        self.room = w.HTML(render("quiz_prompt.html", feedback=views))
        self.room.add_class("mlops-quiz-room")
        area = w.GridBox([self.feedback, self.room])
        area.add_class("mlops-quiz-answer-area")
        super().__init__([head, self.choices, area])
        self.add_class("mlops-quiz-question")
        self.question = question
        self.link = w.jsdlink((self.choices, "index"), (self.feedback, "selected_index"))


class Quiz(StaticFallback, w.VBox):
    """A chapter's self-check: a title, a note on how to use it, and one :class:`QuestionView` per question,
    shown one at a time: ``pager`` (a numbered button per question, the first chosen) picks the view of
    ``pages`` (a ``GridBox`` of every view in one cell) that shows, by the quiz's stylesheet alone, so
    paging needs no kernel and no script, and the quiz is as tall as its tallest question whichever shows.

    Where it cannot run (scripts off on the page, an untrusted notebook) its static picture is no first
    state, which would offer answers to pick and feedback that never comes, but its questions and their
    answers, lettered, under a note that the quiz needs scripts (:data:`mlops_book.fallback.QUIZ_NOTE`).
    """

    static_note = QUIZ_NOTE

    def __init__(self, section: str, questions: tuple[Question, ...]):
        head = w.HTML(render("quiz_head.html", title="Check yourself", count=len(questions), keys=KEYS))
        self.questions = [QuestionView(q, i, len(questions)) for i, q in enumerate(questions, 1)]
        self.pager = w.ToggleButtons(
            options=[(str(i), i - 1) for i in range(1, len(questions) + 1)],
            index=0,
            description="Question",
            tooltips=[f"Question {i} of {len(questions)}" for i in range(1, len(questions) + 1)],
            style={"button_width": "auto"},
        )
        self.pager.add_class("mlops-quiz-pager")
        self.pages = w.GridBox(self.questions)
        self.pages.add_class("mlops-quiz-pages")
        super().__init__([head, self.pager, self.pages])
        self.add_class("mlops-widget")
        self.add_class("mlops-quiz")
        self.section = section

    def static_html(self) -> str:
        """The questions and their answers in page order, without feedback (``templates/quiz_static.html``).

        >>> html = quiz("opening").static_html()
        >>> "Pick one" in html, html.count("Question "), html.count('class="mlops-quiz-answers"')
        (False, 4, 4)
        """
        questions = [view.question for view in self.questions]
        return str(render("quiz_static.html", title="Check yourself", count=len(questions), questions=questions,
                          keys=KEYS))


def quiz(section: str) -> Quiz:
    """The self-check quiz of a chapter, by its section id (e.g. ``"three-vs"``).

    >>> checks = quiz("three-vs")
    >>> len(checks.questions), checks._dom_classes
    (7, ('mlops-widget', 'mlops-quiz'))
    """
    return Quiz(section, on_page(load_questions(section)))
