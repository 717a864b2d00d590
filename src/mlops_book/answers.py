"""How a learner's answer is compared with the right one: the forms accepted, and hints that teach.

The right answer's kind decides what counts as the same answer:

- a **number**: any number (``6``, ``6.0``, a numpy scalar, a one-element array or Series);
- a **name** (text): the same text, ignoring case and extra spaces;
- a **collection** (list, set, Index ...): the same items in any order and in any of the usual
  forms: list, tuple, set, numpy array, Series (its values), Index, one-column DataFrame;
- an **ordered pair** (tuple): the same items in the same order, as a tuple, list, array or Series;
- a **mapping** (dict, or a Series whose index names things): the same keys with the same values,
  as a dict or a Series.

When the form is wrong, the verdict says which form is expected; when the substance is wrong,
it says what is off where that helps without giving the answer away. Where the answers are words of a
fixed vocabulary (a verdict such as "supported", a stage or layer name), a word outside it is told the
accepted words. Whatever the answer's type,
the verdict is a message, never an exception: a learner's typo must not end in a traceback.

The labs' checks read their answers with :func:`one`, :func:`choice` and :func:`number`, which
raise :class:`WrongForm` with a hint when a value has the wrong type or lies outside what the lab allows.

>>> compare(["P1", "P3"], ("P3", "P1")).correct
True
>>> import numpy as np, pandas as pd
>>> compare({"P1", "P3"}, pd.DataFrame({"id": ["P1", "P3"]})).correct
True
>>> compare(10, np.int64(10)).correct, compare(10, np.array([10.0])).correct
(True, True)
>>> print(compare(10, "10%").message)
give a number, not the text '10%' (write 10 rather than '10%').
>>> print(compare(["P1", "P3"], "P1").message)
give a list of participant ids like ['P1', 'P3'], not a single text.
>>> print(compare(["P1", "P3"], ["P1", "P9"]).message)
1 item is not in the answer: 'P9'; 1 item is missing.
>>> print(compare({"P1", "P3"}, pd.Series([3, 3], index=["P1", "P3"])).message)
give a list of participant ids like ['P1', 'P3']; your Series holds them in its index: give its .index.
>>> print(compare("Pipeline Layer", "Pipeline").message)
close: 'Pipeline' is part of the name; give the name in full, as the data spells it.
>>> print(compare(["P1"], [["P1"]]).message)
1 item is not in the answer: ['P1']; 1 item is missing.
>>> verdicts = ("supported", "contradicted", "cannot tell")
>>> print(compare({"a": "supported"}, {"a": "yes"}, verdicts).message)
not yet right for 'a'; 'yes' (for 'a') is not one of the accepted answers: 'supported', 'contradicted', 'cannot tell'.
>>> choice(np.array([" weekly "]), ["Daily", "Weekly"], "a cadence")
'Weekly'
>>> number("4", "the threshold")
Traceback (most recent call last):
...
mlops_book.answers.WrongForm: the threshold as a number, like 4, not the text '4'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: What a participant id looks like, so the form hint can say "participant ids".
_PARTICIPANT = re.compile(r"P\d+")
#: A number written as text, with an optional percent sign: "10", "10%", " 2.5 ".
_NUMBER_TEXT = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*%?\s*")


@dataclass(frozen=True)
class Verdict:
    """Whether an answer is right, and what to tell the learner."""

    correct: bool
    message: str


class WrongForm(Exception):
    """The answer is not in a form the right answer can be compared with; the message says which is
    (it completes "give ...")."""



def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_collection(value) -> bool:
    return isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index, pd.DataFrame))


def _is_mapping(value) -> bool:
    """A dict, or a Series whose index names things (not the default 0, 1, 2 ...)."""
    if isinstance(value, dict):
        return True
    return isinstance(value, pd.Series) and not isinstance(value.index, pd.RangeIndex)


def _items(value) -> list:
    """The items of any accepted collection form, in order; a frame must have exactly one column."""
    if isinstance(value, pd.DataFrame):
        if value.shape[1] != 1:
            raise WrongForm(f"one column of values, not a table of {value.shape[1]} columns")
        value = value.iloc[:, 0]
    if isinstance(value, np.ndarray) and value.ndim > 1:
        raise WrongForm(f"a flat list of values, not an array of shape {value.shape}")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return [value.item()]
    if isinstance(value, (set, frozenset)):
        return list(value)
    return list(value.tolist() if hasattr(value, "tolist") else value)


def _text(value) -> str:
    return " ".join(str(value).split()).casefold()


def _scalar(value):
    """A plain Python value for a numpy scalar, or a one-element collection's only item."""
    if _is_collection(value) and not isinstance(value, (set, frozenset)) and len(_items(value)) == 1:
        value = _items(value)[0]
    return value.item() if isinstance(value, np.generic) else value


def _form_of(expected) -> str:
    """The expected form, in words, with an example that does not give the answer away."""
    if _is_mapping(expected):
        keys = list(expected.keys() if isinstance(expected, dict) else expected.index)
        per = "participant id" if _all_ids(keys) else "key"
        return f"a dict (or Series) with one entry per {per}, like {{'{keys[0]}': ...}}"
    if isinstance(expected, tuple):
        return f"{len(expected)} values in order, like ('velocity', 'validation')"
    if _is_collection(expected):
        return (
            "a list of participant ids like ['P1', 'P3']"
            if _all_ids(_items(expected))
            else "a list of names like ['…', '…']"
        )
    if _is_number(expected):
        return "a number"
    return "a name (text) like 'Velocity'"


def _all_ids(items) -> bool:
    return bool(items) and all(isinstance(i, str) and _PARTICIPANT.fullmatch(i) for i in items)


def _same(expected, answer) -> bool:
    """Whether ``answer`` means ``expected``; raises :class:`WrongForm` when it cannot."""
    if _is_mapping(expected):
        if not _is_mapping(answer):
            raise WrongForm(_form_of(expected))
        want, got = _as_dict(expected), _as_dict(answer)
        return want.keys() == got.keys() and all(_same(want[k], got[k]) for k in want)
    if isinstance(expected, tuple):
        if not _is_collection(answer) or isinstance(answer, (set, frozenset)):
            raise WrongForm(_form_of(expected))
        items = _items(answer)
        return len(items) == len(expected) and all(_same(e, a) for e, a in zip(expected, items, strict=False))
    if _is_collection(expected):
        if not _is_collection(answer) or isinstance(answer, dict):
            raise WrongForm(_form_of(expected) + (", not a single text" if isinstance(answer, str) else ""))
        want = {_key(i) for i in _items(expected)}
        if (
            isinstance(answer, pd.Series)
            and {_key(i) for i in answer.values} != want
            and {_key(i) for i in answer.index} == want
        ):
            raise WrongForm(_form_of(expected) + "; your Series holds them in its index: give its .index")
        return {_key(i) for i in _items(answer)} == want
    answer = _scalar(answer)
    if _is_number(expected):
        if isinstance(answer, str):
            raise WrongForm(f"a number, not the text {answer!r}" + _as_number_hint(answer))
        if not _is_number(answer):
            raise WrongForm(f"a number, not {type(answer).__name__}")
        return bool(np.isclose(float(answer), float(expected)))
    if not isinstance(answer, str):
        raise WrongForm(_form_of(expected) + f", not {type(answer).__name__} {answer!r}")
    return _text(answer) == _text(expected)


def _as_number_hint(text: str) -> str:
    found = _NUMBER_TEXT.fullmatch(text)
    return f" (write {found.group(1)} rather than {text!r})" if found else ""


def _as_dict(value) -> dict:
    pairs = value.items() if isinstance(value, (dict, pd.Series)) else ()
    return {_key(k): v for k, v in pairs}


def _key(value):
    """A hashable stand-in for an item: text without case, numbers as numbers."""
    value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        hash(value)
    except TypeError:  # a list or a dict inside the answer: compared by how it reads
        return repr(value)
    return value


def _quoted(items) -> str:
    return ", ".join(repr(i) for i in items)


def _close(wrong: str, right: str) -> bool:
    wrong, right = _text(wrong), _text(right)
    return bool(wrong) and (wrong in right or difflib.SequenceMatcher(None, wrong, right).ratio() >= 0.8)


def _outside(value, vocabulary) -> list:
    """The words in ``value`` (a text, or the texts in a tuple or list) that are not in ``vocabulary``.

    >>> _outside(("velocity", "Speed"), ("velocity", "validation"))
    ['Speed']
    """
    if not vocabulary:
        return []
    words = {_text(word) for word in vocabulary}
    try:
        values = _items(value) if _is_collection(value) and not isinstance(value, dict) else [_scalar(value)]
    except WrongForm:  # a table of several columns: no words to name
        return []
    return [v for v in values if isinstance(v, str) and _text(v) not in words]


def _vocabulary_hint(outside: list, vocabulary, where: str = "") -> str:
    """Name the accepted words for the words given outside them."""
    words = ", ".join(repr(word) for word in vocabulary)
    return f"{_quoted(outside)}{where} {'is' if len(outside) == 1 else 'are'} not one of the accepted answers: {words}"


def _hint(expected, answer, vocabulary=()) -> str:
    """What is off in a well-formed but wrong answer, where saying so does not give it away; a word outside
    ``vocabulary`` (when the answers are words of one) is told the accepted words."""
    if _is_mapping(expected):
        want, got = _as_dict(expected), _as_dict(answer)
        parts = []
        if extra := [k for k in got if k not in want]:
            parts.append(f"not asked for: {_quoted(extra)}")
        if missing := [k for k in want if k not in got]:
            parts.append(f"{len(missing)} {'entry is' if len(missing) == 1 else 'entries are'} missing")
        if off := [k for k in want if k in got and not _same_or_false(want[k], got[k])]:
            parts.append(f"not yet right for {_quoted(off)}")
            outside = {k: words for k in want if k in got and (words := _outside(got[k], vocabulary))}
            parts += [
                f"for {k!r}, {got[k]!r} is close: give the name in full, as the data spells it"
                for k in off
                if isinstance(want[k], str) and isinstance(got[k], str) and _close(got[k], want[k])
            ]
            parts += [_vocabulary_hint(words, vocabulary, f" (for {k!r})") for k, words in outside.items()]
        return "; ".join(parts) + "."
    if _is_collection(expected) and not isinstance(expected, tuple):
        want, given = {_key(i) for i in _items(expected)}, list({_key(i): i for i in _items(answer)}.values())
        extra = [i for i in given if _key(i) not in want]
        missing = len(want - {_key(i) for i in given})
        parts = []
        if extra:
            parts.append(
                f"{len(extra)} {'item is' if len(extra) == 1 else 'items are'} not in the answer: {_quoted(extra)}"
            )
        if missing:
            parts.append(f"{missing} {'item is' if missing == 1 else 'items are'} missing")
        return "; ".join(parts) + "."
    if isinstance(expected, str) and vocabulary and (outside := _outside(answer, vocabulary)):
        close = f" (check the spelling of {outside[0]!r})" if _close(outside[0], expected) else ""
        return _vocabulary_hint(outside, vocabulary) + close + "."
    if isinstance(expected, str) and isinstance(_scalar(answer), str) and _close(_scalar(answer), expected):
        answer = _scalar(answer)
        if _text(answer) in _text(expected):
            return f"close: {answer!r} is part of the name; give the name in full, as the data spells it."
        return f"close: check the spelling of {answer!r} against the data."
    return "that is not what the data says; try again or open the solution."


def _same_or_false(expected, answer) -> bool:
    try:
        return _same(expected, answer)
    except WrongForm:
        return False


def compare(expected, answer, vocabulary=()) -> Verdict:
    """Compare a learner's ``answer`` with the ``expected`` one (see the module for the forms); where the
    answers are words of a fixed ``vocabulary``, a word outside it is told the accepted words."""
    try:
        right = _same(expected, answer)
    except WrongForm as wrong_form:
        return Verdict(False, f"give {wrong_form}.")
    return Verdict(True, "that matches the data.") if right else Verdict(False, _hint(expected, answer, vocabulary))


# --- Reading one value of a lab's decision --------------------------------------------------------


def one(value, what: str):
    """The single value inside ``value``: itself, or the only item of a one-item list, tuple, set,
    array, Series, Index or DataFrame, as a plain Python value; :class:`WrongForm` for several.

    >>> one(np.array(["Weekly"]), "a cadence"), one(pd.DataFrame({"x": [3]}), "a number")
    ('Weekly', 3)
    """
    if isinstance(value, pd.DataFrame):
        value = value.to_numpy().ravel()
    if isinstance(value, np.ndarray):
        value = value.ravel()
    if isinstance(value, dict):
        raise WrongForm(f"{what}, not a dict")
    if _is_collection(value):
        items = list(value) if isinstance(value, (set, frozenset)) else _items(value)
        if len(items) != 1:
            raise WrongForm(f"one value, {what}, not {len(items)} values")
        value = items[0]
    return value.item() if isinstance(value, np.generic) else value


def choice(value, options, what: str) -> str:
    """The option ``value`` names, ignoring case and extra spaces; a hint naming the options otherwise."""
    value = one(value, what)
    if not isinstance(value, str):
        raise WrongForm(f"{what} as text, one of: {_quoted(options)}; not {type(value).__name__} {value!r}")
    by_text = {_text(option): option for option in options}
    if _text(value) in by_text:
        return by_text[_text(value)]
    near = difflib.get_close_matches(_text(value), list(by_text), n=1, cutoff=0.75)
    hint = f" ({by_text[near[0]]!r} is close)" if near else ""
    raise WrongForm(f"{what} from: {_quoted(options)}; {value!r} is not one of them{hint}")


def number(value, what: str, whole: bool = False, low: float | None = None, high: float | None = None,
           example: float = 4):
    """``value`` as a number (an int when ``whole``) between ``low`` and ``high``; a hint (with ``example``)
    otherwise.

    >>> number(7.0, "the days a stage", whole=True), number(np.float64(2.5), "the threshold")
    (7, 2.5)
    """
    value = one(value, what)
    if isinstance(value, str):
        raise WrongForm(f"{what} as a number, like {example:g}, not the text {value!r}")
    if not _is_number(value):
        raise WrongForm(f"{what} as a number, like {example:g}, not {type(value).__name__} {value!r}")
    if not np.isfinite(value):
        raise WrongForm(f"{what} as a finite number, not {value!r}")
    if whole:
        if not float(value).is_integer():
            raise WrongForm(f"{what} as a whole number, like {round(value)}, not {value!r}")
        value = int(value)
    if low is not None and value < low:
        raise WrongForm(f"{what} of at least {low:g}, not {value:g}")
    if high is not None and value > high:
        raise WrongForm(f"{what} of at most {high:g}, not {value:g}")
    return value

