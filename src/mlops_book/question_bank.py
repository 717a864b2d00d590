"""The quizzes as a question bank for a learning platform: a Moodle XML file and a Canvas QTI package.

Both are written from the same files as the book's quizzes (:mod:`mlops_book.quizzes`), one
category (Moodle) or one quiz (Canvas) per chapter and per lab (a lab's questions are in the bank only),
and the module's pre/post test (:mod:`mlops_book.pre_post`) as a Moodle file and a Canvas package of its own,
every question with all its options, the right answer and the feedback on each option. Each question
is tagged with the objective it practises and names its source as a learner can look it up (the
study's sections, the book's chapter or lab), never as a file of the book's repository. The platform shuffles each
question's options for each learner (Moodle's ``shuffleanswers``, Canvas's "Shuffle answers").
A Canvas package imports as a practice quiz, which learners may take as often as they like;
``--graded`` writes graded quizzes (one attempt) instead. Every package carries the text's
licence, CC BY 4.0 (``LICENSE-prose``), in its manifest. ``make question-bank`` runs::

    python -m mlops_book.question_bank _build/question-bank [--graded]

and the book's build does the same (``_ext/steps/question_bank_files.py``), so the instructor guide can
link the files. The output is byte-reproducible (the zip entries carry a fixed date), and a file
whose bytes have not changed is not rewritten.

The Moodle file is built with :mod:`xml.etree.ElementTree`, which escapes the text. The
Canvas package is written by ``text2qti`` (pinned in requirements.txt) through its Python
interface, from a plain-text quiz in which every character Markdown would read is escaped.

>>> bank = moodle_xml()
>>> [q.get("type") for q in bank.findall("question")][:2]
['category', 'multichoice']
>>> text2qti_source("opening").splitlines()[0]
'Quiz title: Chapter 1. The Hidden Work of Keeping AI Running'
"""

from __future__ import annotations

import argparse
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from . import data, kit, pre_post, quizzes

MOODLE_FILE = "mlops-book-questions.moodle.xml"
#: The pre/post test's own Moodle file (its Canvas package is ``canvas/pre-post.zip``).
PRE_POST_MOODLE_FILE = "mlops-book-pre-post-test.moodle.xml"
CANVAS_FOLDER = "canvas"
CATEGORY_ROOT = "$course$/Keeping Machine Learning Alive"
BOOK = "Keeping Machine Learning Alive"
STUDY = "Shankar, Garcia, Hellerstein & Parameswaran (2022), Operationalizing Machine Learning: An Interview Study"
#: The licence of the book's text (LICENSE-prose), as a Canvas manifest states its rights.
LICENCE = "CC BY 4.0 - https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = f"after {STUDY}, arXiv:2209.09125"
CREDIT = f"From the book {BOOK} (text under {LICENCE}), {ATTRIBUTION}."
#: A file of the book's repository named in a quiz's ``source`` (with what it picks out), which a learner cannot open.
_DATA_FILE = re.compile(r"data/[\w./-]+\.csv(\s*\([^)]*\))?")
#: Characters that Markdown (as text2qti reads it, with smart quotes) or text2qti's LaTeX ($) would interpret;
#: each can be escaped with a backslash. "<", ">" and "&" become HTML entities instead.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!\"'$])")


@dataclass(frozen=True)
class Unit:
    """A chapter or lab with a quiz: its number, id, heading and how the book names it ("chapter 5", "lab 3")."""

    number: int
    id: str
    heading: str
    kind: str  # "chapter", "lab" or "test" (the module's pre/post test)

    @property
    def title(self) -> str:
        """The quiz's title: "Chapter 5. The Three Vs ...", "Lab 3: Staged Rollout"."""
        return f"Chapter {self.number}. {self.heading}" if self.kind == "chapter" else self.heading

    @property
    def category(self) -> str:
        if self.kind == "test":
            return f"{CATEGORY_ROOT}/{self.heading}"
        return f"{CATEGORY_ROOT}/{self.kind.capitalize()} {self.number:02d} {self.id}"

    @property
    def questions(self) -> tuple:
        """The unit's questions, from its quiz file (the pre/post test's from :mod:`mlops_book.pre_post`)."""
        return pre_post.load() if self.kind == "test" else quizzes.load_questions(self.id)

    def source(self, question: quizzes.Question) -> str:
        """:func:`source` of one of its questions; a pre/post question names the chapter or lab it tests."""
        if self.kind != "test":
            return source(question, self.number, self.kind)
        page = kit.units()[question.section]
        return source(question, page.order, "lab" if page.is_lab else "chapter")


#: The module's pre/post test as a unit of the bank.
PRE_POST = Unit(0, pre_post.ID, pre_post.TITLE, "test")


def _chapters() -> list[Unit]:
    """Every chapter with a quiz, in reading order, then every lab with one."""
    sections = data.load("sections").set_index("id")
    units = [Unit(int(sections.loc[s, "order"]), s, sections.loc[s, "heading"], "chapter")
             for s in quizzes.sections_with_quizzes()]
    labs = {lab.id: lab for lab in kit.labs()}
    return units + [Unit(labs[i].order, i, labs[i].title, "lab") for i in quizzes.labs_with_quizzes()]


def _html(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = text
    return element


def source(question: quizzes.Question, chapter: int, kind: str = "chapter") -> str:
    """Where a question's facts come from, as a learner can look it up: the study's sections and the book's chapter.

    >>> from dataclasses import replace
    >>> one = quizzes.load_questions("challenges")[0]
    >>> source(replace(one, source="data/anti_patterns.csv, data/quotes.csv (p1-backfit); paper §5.2.3"), 8)
    'Source: the paper §5.2.3; the book, chapter 8.'
    >>> source(replace(one, source="data/participants.csv (the explainer's Table 1)"), 3)
    'Source: the book, chapter 3.'
    """
    parts, book = [], f"the book, {kind} {chapter}"
    for part in _DATA_FILE.sub("", question.source).split(";"):
        part = re.sub(r"^[\s,]+|[\s,]+$", "", re.sub(r",(\s*,)+", ",", part))
        part = re.sub(r"^[Pp]aper\b", "the paper", re.sub(r"^[Cc]hapter\b", "the book, chapter", part))
        if re.match(rf"{book}\b", part):
            book = part  # the quiz's own chapter, perhaps with what in it
        elif part:
            parts.append(part)
    return "Source: " + "; ".join([*parts, book]) + "."


def _moodle_question(bank: ET.Element, question: quizzes.Question, unit: Unit) -> None:
    """One ``multichoice`` question: one right answer (100%), the others 0%, feedback on each."""
    element = ET.SubElement(bank, "question", type="multichoice")
    _text(element, "name", question.id)
    prompt = ("Made-up scenario: " if question.scenario else "") + question.prompt
    _text(element, "questiontext", _html(prompt), format="html")
    _text(element, "generalfeedback", _html(unit.source(question)), format="html")
    for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"), ("single", "true"),
                       ("shuffleanswers", "true"), ("answernumbering", "abc")):
        ET.SubElement(element, tag).text = value
    for option in question.options:
        answer = _text(element, "answer", _html(option.text), fraction="100" if option.right else "0", format="html")
        _text(answer, "feedback", _html(option.feedback), format="html")
    tags = ET.SubElement(element, "tags")
    for tag in (question.section, question.tag):
        _text(tags, "tag", tag)


def moodle_xml(units: list[Unit] | None = None) -> ET.Element:
    """Every chapter's questions (or ``units``') as one Moodle XML ``<quiz>``, each chapter in its own category."""
    bank = ET.Element("quiz")
    for unit in _chapters() if units is None else units:
        category = ET.SubElement(bank, "question", type="category")
        _text(category, "category", unit.category)
        _text(category, "info", _html(f"{unit.heading}. {CREDIT}"), format="html")
        for question in unit.questions:
            _moodle_question(bank, question, unit)
    return bank


def _plain(text: str) -> str:
    """Text on one line with every Markdown character escaped, so text2qti shows it as written.

    >>> _plain('A <b> & "10x" tools_1.')
    'A &lt;b&gt; &amp; \\\\"10x\\\\" tools\\\\_1\\\\.'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(" ".join(text.split()), quote=False))


def text2qti_source(section: str) -> str:
    """A chapter's quiz in text2qti's plain-text format (``*`` marks the right option, ``...`` feedback)."""
    unit = next(unit for unit in [*_chapters(), PRE_POST] if unit.id == section)
    description = (f"The same questions before the first session and after the last. {CREDIT}" if unit.kind == "test"
                   else f"Self-check questions for {unit.kind} {unit.number}. {CREDIT}")
    lines = [f"Quiz title: {unit.title}", f"Quiz description: {_plain(description)}", "Shuffle answers: true", ""]
    for i, question in enumerate(unit.questions, 1):
        prompt = ("Made-up scenario: " if question.scenario else "") + question.prompt
        lines += [f"Title: {question.id}", f"{i}.  {_plain(prompt)}",
                  f"... {_plain(unit.source(question))}"]
        for letter, option in zip("abcdef", question.options, strict=False):  # at most six options (quizzes)
            lines += [f"{'*' if option.right else ''}{letter}) {_plain(option.text)}", f"... {_plain(option.feedback)}"]
        lines.append("")
    return "\n".join(lines)


def write_canvas(section: str, folder: Path, graded: bool = False) -> Path:
    """Write ``<folder>/<section>.zip``, a QTI package Canvas imports (a practice quiz unless ``graded``)."""
    from text2qti.config import Config  # only this function needs text2qti
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    # A bare Config: Config.load() would read, or create, ~/.text2qti.bespon in the user's home.
    quiz = Quiz(text2qti_source(section), config=Config(), source_name=f"{section}.txt")
    path = folder / f"{section}.zip"
    _write_if_changed(path, _dated(_for_the_course(QTI(quiz).zip_bytes(), graded)))
    return path


def _for_the_course(package: bytes, graded: bool) -> bytes:
    """text2qti's package with the book's licence in its manifest (text2qti 0.8.0 writes "Private
    (Copyrighted)" and the day's date) and, unless ``graded``, its quiz made a practice quiz with
    unlimited attempts (text2qti writes a graded assignment with one attempt); the XML it writes is
    fixed text, so the replacements are checked to have matched."""

    def swap(text: str, old: str, new: str) -> str:
        if old not in text:
            raise ValueError(f"text2qti's package no longer holds {old!r}: check question_bank against its version")
        return text.replace(old, new)

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "imsmanifest.xml":
                text = swap(content.decode("utf-8"), "Private (Copyrighted) - http://en.wikipedia.org/wiki/Copyright",
                            escape(f"{LICENCE} - {BOOK}, {ATTRIBUTION}"))
                text = swap(text, "QTI assessment generated by text2qti", escape(BOOK))
                dated = "<imsmd:dateTime>2022-09-19</imsmd:dateTime>"  # the study's date, not the day of the build
                content = re.sub(r"<imsmd:dateTime>[^<]*</imsmd:dateTime>", dated, text).encode("utf-8")
            elif entry.filename.endswith("/assessment_meta.xml") and not graded:
                text = swap(content.decode("utf-8"), "<quiz_type>assignment</quiz_type>",
                            "<quiz_type>practice_quiz</quiz_type>")
                text = swap(text, "<allowed_attempts>1</allowed_attempts>", "<allowed_attempts>-1</allowed_attempts>")
                # a practice quiz has no assignment in the gradebook
                text = re.sub(r"\s*<assignment identifier=.*?</assignment>\s*<assignment_group_identifierref>[^<]*"
                              r"</assignment_group_identifierref>", "", text, flags=re.S)
                content = text.encode("utf-8")
            target.writestr(entry, content)
    return out.getvalue()


def _dated(package: bytes) -> bytes:
    """The zip with every entry dated 1980-01-01 (text2qti stamps the time of writing), so a rebuild is byte-identical.

    >>> one = io.BytesIO()
    >>> with zipfile.ZipFile(one, "w") as z:
    ...     z.writestr("a.xml", "<a/>")
    >>> zipfile.ZipFile(io.BytesIO(_dated(one.getvalue()))).infolist()[0].date_time
    (1980, 1, 1, 0, 0, 0)
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = entry.compress_type, entry.external_attr
            target.writestr(fixed, source.read(entry))
    return out.getvalue()


def _write_if_changed(path: Path, content: bytes) -> None:
    """Write ``content`` unless the file holds it already (Sphinx re-reads a page whose download is newer)."""
    if not path.exists() or path.read_bytes() != content:
        path.write_bytes(content)


def write(folder: Path, graded: bool = False) -> list[Path]:
    """Write the Moodle XML file and one Canvas QTI package per chapter into ``folder`` (graded Canvas quizzes
    if ``graded``, else practice quizzes), and the pre/post test's Moodle file and Canvas package."""
    canvas = folder / CANVAS_FOLDER
    canvas.mkdir(parents=True, exist_ok=True)
    written = []
    for name, units in ((MOODLE_FILE, None), (PRE_POST_MOODLE_FILE, [PRE_POST])):
        bank = moodle_xml(units)
        ET.indent(bank)
        written.append(folder / name)
        _write_if_changed(written[-1], ET.tostring(bank, encoding="utf-8", xml_declaration=True))
    units = [*_chapters(), PRE_POST]
    return written[:1] + [write_canvas(unit.id, canvas, graded) for unit in units] + written[1:]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the question bank, e.g. _build/question-bank")
    parser.add_argument("--graded", action="store_true", help="Canvas quizzes graded, one attempt (default: practice)")
    arguments = parser.parse_args(argv)
    for path in write(arguments.folder, arguments.graded):
        print(path)


if __name__ == "__main__":
    main()
