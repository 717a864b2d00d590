"""The registry of interactives agrees with the chapters, the widgets module and the catalogue of labs.

Each registered interactive is built exactly once, by a code cell of the chapter the registry
names; no chapter builds an interactive the registry does not list; every public builder in
widgets.py and every lab of the catalogue is registered; the registry is in reading order (the
table of contents').
"""

from __future__ import annotations

import inspect
import re

import pytest
from markdown_it import MarkdownIt

from mlops_book import widgets
from mlops_book.interactives import INTERACTIVES, Interactive, interactive, rows
from mlops_book.labs import catalogue

#: A call of something in a widgets module, as chapters write it: ``widgets.<name>(...)``, e.g.
#: ``widgets.tension_slider()`` or a lab's ``widgets.explorer("drift")`` (mlops_book.labs.widgets).
WIDGET_CALL = re.compile(r"\bwidgets\s*\.\s*\w+\s*\([^()]*\)")


def normalised(call: str) -> str:
    """A call without its spaces and with double quotes, as the registry writes it (``Interactive.call``)."""
    return re.sub(r"\s+", "", call).replace("'", '"')


def code_cells(text: str) -> list[str]:
    """The code of a MyST notebook's ``{code-cell}`` blocks."""
    tokens = MarkdownIt("commonmark").parse(text)
    return [t.content for t in tokens if t.type == "fence" and t.info.strip().startswith("{code-cell}")]


def widget_calls(path) -> list[str]:
    """The calls ``widgets.<name>(...)`` in a chapter's code cells, once per call, normalised."""
    return [normalised(call) for cell in code_cells(path.read_text(encoding="utf-8"))
            for call in WIDGET_CALL.findall(cell)]


@pytest.fixture(scope="module")
def calls(root) -> dict[str, list[str]]:
    """Chapter (path without suffix, as the registry writes it) -> the widget calls in it."""
    chapters = sorted((root / "chapters").rglob("*.md"))
    return {path.relative_to(root).with_suffix("").as_posix(): widget_calls(path) for path in chapters}


def test_the_call_finder_sees_calls_in_code_cells_only():
    text = (
        "Prose naming `widgets.stack_explorer()` is not a call.\n\n"
        "```{code-cell} ipython3\n:tags: [remove-input]\nwidgets.tension_slider()\n```\n\n"
        "```python\nwidgets.findings_tabs()\n```\n"
    )
    cells = code_cells(text)
    assert len(cells) == 1 and WIDGET_CALL.findall(cells[0]) == ["widgets.tension_slider()"]
    assert normalised("widgets.explorer( 'drift' )") == 'widgets.explorer("drift")' == interactive("drift_lab").call


@pytest.mark.parametrize("entry", INTERACTIVES, ids=lambda entry: entry.name)
def test_each_interactive_is_built_once_by_its_chapter(entry, calls):
    assert entry.source.exists(), f"{entry.name}: the registry names {entry.chapter}, which does not exist"
    where = {chapter: found.count(entry.call) for chapter, found in calls.items() if entry.call in found}
    assert where == {entry.chapter: 1}, (
        f"{entry.call} should be called once, in {entry.chapter}; it is called in {where or 'no chapter'}"
    )


def test_chapters_show_only_registered_interactives(calls):
    registered = {entry.call for entry in INTERACTIVES}
    unregistered = sorted(
        f"{chapter}: {call}" for chapter, found in calls.items() for call in found if call not in registered
    )
    assert not unregistered, f"chapters build interactives the registry does not list: {unregistered}"


def test_every_public_function_of_widgets_and_every_lab_is_registered():
    """A public function of no arguments defined in widgets.py is a builder, and each lab of the
    catalogue has its explorer: the registry must list them all, and nothing else."""
    builders = {
        name
        for name, fn in inspect.getmembers(widgets, inspect.isfunction)
        if not name.startswith("_")
        and fn.__module__ == widgets.__name__
        and all(p.default is not p.empty for p in inspect.signature(fn).parameters.values())
    }
    assert builders, "widgets.py has no public builders"
    labs = {lab.widget_name for lab in catalogue.LABS}
    assert builders | labs == {entry.name for entry in INTERACTIVES}
    for lab in catalogue.LABS:
        entry = interactive(lab.widget_name)
        assert (entry.chapter, entry.controls) == (lab.chapter, lab.control_kinds)


def test_registry_is_in_reading_order(root):
    toc = re.findall(r"file:\s*(\S+)", (root / "_toc.yml").read_text(encoding="utf-8"))
    chapters = [entry.chapter for entry in INTERACTIVES]
    assert all(chapter in toc for chapter in chapters), f"a registered chapter is not in _toc.yml: {chapters}"
    assert chapters == sorted(chapters, key=toc.index)


def test_names_are_unique():
    names = [entry.name for entry in INTERACTIVES]
    assert len(names) == len(set(names))


def test_an_unknown_name_or_control_kind_is_a_clear_error():
    with pytest.raises(KeyError, match="no interactive 'stack'; registered: workflow_cycle"):
        interactive("stack")
    with pytest.raises(ValueError, match="controls must be some of"):
        Interactive(widgets.stack_explorer, "chapters/09_stack", ("knob",), rows("stack_layers"), lambda row: [])
