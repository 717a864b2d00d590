"""Solutions keep their answers folded after "Run All", and no worked example gives an answer away.

In JupyterLab, running a cell unfolds its output, so a solution cell folded by its metadata alone
showed its answer ("Weekly", "shadow → 100%, 14", ['P16', 'P4']) after "Run All". Each solution cell
now prints nothing and ends with ``exercises.solution(...)``, whose output is a closed ``<details>``:
this file checks the chapters' sources and runs every solution cell; ``tests/test_binder.py`` reads the
outputs of every solution cell after running each notebook top to bottom, as "Run All" does.
"""

from __future__ import annotations

import ast
import re

import jupytext
import pytest

from mlops_book import exercises, notebook_form
from mlops_book.paths import BOOK_ROOT

PAGES = notebook_form.chapter_files()
#: An output that shows a solution's result folded: a <details> element without the `open` attribute.
FOLDED = re.compile(r"\s*<details(?![^>]*\bopen\b)[^>]*>")


def _cells(path):
    """Each code cell of a chapter, and whether it is part of a solution (as notebook_form marks it)."""
    notebook = jupytext.read(path)
    notebook_form.collapse_solutions(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    return [(c.source, bool(c.metadata.get("jupyter", {}).get("source_hidden"))) for c in code]


def _namespace(path) -> dict:
    """What a chapter's cells run in: its own imports (the cells that import), from its folder."""
    namespace: dict = {}
    for source, _ in _cells(path):
        if source.lstrip().startswith(("from ", "import ")):
            exec(source, namespace)
    return namespace


def _last_call(source: str) -> str | None:
    last = ast.parse(source).body[-1]
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        return ast.unparse(last.value.func)
    return None


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_solution_cells_print_nothing_and_end_folded(path):
    solutions = [source for source, hidden in _cells(path) if hidden]
    for source in solutions:
        assert "print(" not in source, f"{path.name}: a solution prints:\n{source}"
        assert _last_call(source) == "exercises.solution", f"{path.name}: a solution ends otherwise:\n{source}"


@pytest.mark.parametrize("path", [p for p in PAGES if any(hidden for _, hidden in _cells(p))], ids=lambda p: p.stem)
def test_every_solution_shows_a_folded_correct_check(path):
    namespace = _namespace(path)
    for source, hidden in _cells(path):
        if not hidden:
            continue
        *body, last = ast.parse(source).body
        exec(compile(ast.Module(body, []), path.name, "exec"), namespace)
        shown = eval(compile(ast.Expression(last.value), path.name, "eval"), namespace)
        html = shown._repr_html_()
        assert FOLDED.match(html), f"{path.name}: a solution's output is not folded: {html[:200]}"
        assert shown.feedback.correct and "✔ Correct" in html, f"{path.name}: {shown.feedback}"
        assert html.count("<details") == 1 and html.rstrip().endswith("</details>")


def test_a_solution_escapes_its_working_and_shows_it_as_printed():
    import pandas as pd

    frame = pd.DataFrame({"company_size": [3]}, index=["P1"])
    shown = exercises.solution("research-data-uncited", 0, "<b>bold</b>", frame, {"a": [1]})
    html = shown._repr_html_()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<table" not in html and f"<pre>{frame}</pre>" in html and "{&#39;a&#39;: [1]}" in html
    assert "✘ Not yet" in html and not shown
    assert "folded" in repr(shown) and "Not yet" in str(shown)


def _examples(path):
    """The cells outside solutions that check a written-out answer (a worked example), e.g.
    ``exercises.check("lab-drift-cheapest-cadence", "Hourly")``."""
    for source, hidden in _cells(path):
        call = re.fullmatch(r'exercises\.check\("([^"]+)", (.+)\)', source.strip())
        if not hidden and call and call.group(2) not in ("answer", "...", "None"):
            yield call.group(1), call.group(2)


def _parts(value) -> list[str]:
    values = value if isinstance(value, tuple) else (value,)
    return [f"{v:g}" if isinstance(v, float) else str(v) for v in values]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_no_worked_example_gives_the_answer_away(path):
    namespace = _namespace(path)
    for exercise_id, written in _examples(path):
        example = eval(written, namespace)
        message = exercises.check(exercise_id, example).message
        own = " ".join(_parts(example))
        hidden = [part for part in _parts(exercises.expected(exercise_id)) if part not in own]
        assert not hidden or not all(part in message for part in hidden), (
            f"{path.name}: the example {written} shows the answer: {message}"
        )


def test_the_examples_are_found():
    found = [example for path in PAGES for example in _examples(path)]
    assert ("lab-drift-cheapest-cadence", '"Hourly"') in found and len(found) >= 4, found
    assert BOOK_ROOT / "chapters" / "labs" / "01_drift.md" in PAGES
