"""The quizzes as a question bank for a learning platform: a Moodle XML file and a Canvas QTI package.

Both are written from the same files as the book's quizzes (:mod:`mlops_book.quizzes`), one
category (Moodle) or one quiz (Canvas) per chapter, every question with all its options, the
right answer and the feedback on each option. Each question is tagged with the chapter
objective it practises. ``make question-bank`` runs::

    python -m mlops_book.question_bank _build/question-bank

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
from html import escape
from pathlib import Path

from . import data, quizzes

MOODLE_FILE = "mlops-book-questions.moodle.xml"
CANVAS_FOLDER = "canvas"
CATEGORY_ROOT = "$course$/Keeping Machine Learning Alive"
#: Characters that Markdown (as text2qti reads it, with smart quotes) or text2qti's LaTeX ($) would interpret;
#: each can be escaped with a backslash. "<", ">" and "&" become HTML entities instead.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!\"'$])")


def _chapters() -> list[tuple[int, str, str]]:
    """(chapter number, section id, heading) for every section with a quiz, in reading order."""
    sections = data.load("sections").set_index("id")
    return [(int(sections.loc[s, "order"]), s, sections.loc[s, "heading"]) for s in quizzes.sections_with_quizzes()]


def _html(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = text
    return element


def _moodle_question(bank: ET.Element, question: quizzes.Question) -> None:
    """One ``multichoice`` question: one right answer (100%), the others 0%, feedback on each."""
    element = ET.SubElement(bank, "question", type="multichoice")
    _text(element, "name", question.id)
    prompt = ("Made-up scenario: " if question.scenario else "") + question.prompt
    _text(element, "questiontext", _html(prompt), format="html")
    _text(element, "generalfeedback", _html(f"Source: {question.source}"), format="html")
    for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"), ("single", "true"),
                       ("shuffleanswers", "true"), ("answernumbering", "abc")):
        ET.SubElement(element, tag).text = value
    for option in question.options:
        answer = _text(element, "answer", _html(option.text), fraction="100" if option.right else "0", format="html")
        _text(answer, "feedback", _html(option.feedback), format="html")
    tags = ET.SubElement(element, "tags")
    for tag in (question.section, question.tag):
        _text(tags, "tag", tag)


def moodle_xml() -> ET.Element:
    """Every chapter's questions as one Moodle XML ``<quiz>``, each chapter in its own category."""
    bank = ET.Element("quiz")
    for number, section, heading in _chapters():
        category = ET.SubElement(bank, "question", type="category")
        _text(category, "category", f"{CATEGORY_ROOT}/Chapter {number:02d} {section}")
        _text(category, "info", _html(heading), format="html")
        for question in quizzes.load_questions(section):
            _moodle_question(bank, question)
    return bank


def _plain(text: str) -> str:
    """Text on one line with every Markdown character escaped, so text2qti shows it as written.

    >>> _plain('A <b> & "10x" tools_1.')
    'A &lt;b&gt; &amp; \\\\"10x\\\\" tools\\\\_1\\\\.'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(" ".join(text.split()), quote=False))


def text2qti_source(section: str) -> str:
    """A chapter's quiz in text2qti's plain-text format (``*`` marks the right option, ``...`` feedback)."""
    number, _, heading = next(chapter for chapter in _chapters() if chapter[1] == section)
    lines = [f"Quiz title: Chapter {number}. {heading}",
             f"Quiz description: {_plain(f'Self-check questions for chapter {number}, from the book.')}", ""]
    for i, question in enumerate(quizzes.load_questions(section), 1):
        prompt = ("Made-up scenario: " if question.scenario else "") + question.prompt
        lines += [f"Title: {question.id}", f"{i}.  {_plain(prompt)}", f"... {_plain('Source: ' + question.source)}"]
        for letter, option in zip("abcdef", question.options, strict=False):  # at most six options (quizzes)
            lines += [f"{'*' if option.right else ''}{letter}) {_plain(option.text)}", f"... {_plain(option.feedback)}"]
        lines.append("")
    return "\n".join(lines)


def write_canvas(section: str, folder: Path) -> Path:
    """Write ``<folder>/<section>.zip``, a QTI package Canvas imports, and return its path."""
    from text2qti.config import Config  # only this function needs text2qti
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    # A bare Config: Config.load() would read, or create, ~/.text2qti.bespon in the user's home.
    quiz = Quiz(text2qti_source(section), config=Config(), source_name=f"{section}.txt")
    path = folder / f"{section}.zip"
    _write_if_changed(path, _dated(QTI(quiz).zip_bytes()))
    return path


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


def write(folder: Path) -> list[Path]:
    """Write the Moodle XML file and one Canvas QTI package per chapter into ``folder``."""
    canvas = folder / CANVAS_FOLDER
    canvas.mkdir(parents=True, exist_ok=True)
    bank = moodle_xml()
    ET.indent(bank)
    moodle = folder / MOODLE_FILE
    _write_if_changed(moodle, ET.tostring(bank, encoding="utf-8", xml_declaration=True))
    return [moodle] + [write_canvas(section, canvas) for section in quizzes.sections_with_quizzes()]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the question bank, e.g. _build/question-bank")
    for path in write(parser.parse_args(argv).folder):
        print(path)


if __name__ == "__main__":
    main()
