"""The interactives' precomputed states, checked against the data they are built from.

Each builder returns a control linked on the front end to a Stack with one view per state;
these tests check that link, the number of states, the default state, and that every state
shows its row's facts (escaped). Which interactives there are, their states and the texts each
state must show come from the registry (mlops_book.interactives). The browser tests
(tests/browser/test_widgets.py) check the same widgets on the built pages; this file has another
name because pytest's default import mode needs test files with distinct basenames.
"""

from __future__ import annotations

import math
import re

import ipywidgets
import pytest
from ipywidgets.widgets.widget_link import DirectionalLink

from mlops_book import blocks, data, drawings, style, widgets
from mlops_book.interactives import INTERACTIVES, interactive
from mlops_book.labs import catalogue
from mlops_book.render import esc
from mlops_book.views import participant_citations
from support import ROOT, edit_column, text_of

#: The ipywidgets class of each kind of control the registry names.
CONTROL_CLASSES = {
    "buttons": ipywidgets.ToggleButtons,
    "diagram": ipywidgets.ToggleButtons,
    "slider": ipywidgets.SelectionSlider,
    "dropdown": ipywidgets.Dropdown,
}
NAMES = [entry.name for entry in INTERACTIVES]
#: The labs: simulations over a grid of two controls, showing no text from data/.
LABS = [lab.widget_name for lab in catalogue.LABS]


def build(name):
    return interactive(name).build()


def rows(name):
    return interactive(name).states()


def views(explorer) -> list[str]:
    """Every state's HTML, in state order (a lab's grid in row-major order)."""
    return [child.value for child in explorer.state_views]


def whole(explorer) -> str:
    """Every piece of HTML the widget holds: its title, notes and all its views."""
    parts = [c.value for c in explorer.children if isinstance(c, ipywidgets.HTML)]
    return "".join(parts + views(explorer))


def shown_text(markup: str) -> str:
    """The text of some HTML as the browser tests read it (the views' innerText): an SVG picture's
    labels are not part of it."""
    return text_of(re.sub(r"<svg.*?</svg>", "", markup, flags=re.DOTALL))


@pytest.mark.parametrize("name", NAMES)
def test_builder_links_its_controls_to_one_view_per_state(name):
    explorer = build(name)
    assert interactive(name).css_class in explorer._dom_classes and "mlops-widget" in explorer._dom_classes
    assert isinstance(explorer.views, ipywidgets.Stack)
    assert all(c in explorer.children for c in explorer.controls) and explorer.views in explorer.children
    sizes = [len(c.options) for c in explorer.controls]
    assert len(views(explorer)) == math.prod(sizes) == len(rows(name))
    if len(sizes) == 1:
        (control,), stacks, links = explorer.controls, [explorer.views], list(explorer.links)
    else:  # a lab: the first control picks an inner Stack, the second the view inside every inner Stack
        (first, control), stacks, links = explorer.controls, list(explorer.views.children), list(explorer.links)
        assert len(stacks) == sizes[0] and all(isinstance(s, ipywidgets.Stack) for s in stacks)
        outer = links.pop(0)
        assert isinstance(outer, DirectionalLink), "a front-end link (jsdlink) is what works without a kernel"
        assert (outer.source, outer.target) == ((first, "index"), (explorer.views, "selected_index"))
        assert first.index == explorer.views.selected_index
    assert all(isinstance(v, ipywidgets.HTML) for stack in stacks for v in stack.children)
    assert len(links) == len(stacks), "one link per stack the last control selects in"
    for link, stack in zip(links, stacks, strict=True):
        assert isinstance(link, DirectionalLink), "a front-end link (jsdlink) is what works without a kernel"
        assert link.source == (control, "index")
        assert link.target == (stack, "selected_index")
        assert len(stack.children) == sizes[-1] and control.index == stack.selected_index


@pytest.mark.parametrize("name", NAMES)
def test_controls_have_visible_labels(name):
    for control in build(name).controls:
        assert control.description.strip(), "every control needs a visible label"


@pytest.mark.parametrize("name", NAMES)
def test_controls_are_the_kinds_the_registry_says(name):
    kinds = interactive(name).controls
    found = build(name).controls
    assert len(found) == len(kinds)
    for control, kind in zip(found, kinds, strict=True):
        assert type(control) is CONTROL_CLASSES[kind]
        # widgets.css draws a diagram, and widgets-a11y.js gives it arrow keys, by this class alone
        is_diagram = "mlops-diagram" in control._dom_classes
        assert is_diagram == (kind == "diagram"), f"{name}: the registry says {kind}; drawn as a diagram: {is_diagram}"
        if is_diagram:
            shapes = [c.removeprefix("mlops-diagram-") for c in control._dom_classes if c.startswith("mlops-diagram-")]
            assert len(shapes) == 1 and shapes[0] in drawings.DIAGRAM_PARTS
            # its styles travel with it, so that Jupyter, which loads no book stylesheet, draws it too
            assert str(drawings.diagram_styles(shapes[0])) in whole(build(name))


@pytest.mark.parametrize("name", NAMES)
def test_each_view_shows_its_states_texts_and_no_other_states(name):
    """The texts the registry names for each state (what the browser tests look for) are in
    that state's view, and the longer ones of other states are not."""
    texts = interactive(name).state_texts()
    shown = [shown_text(view) for view in views(build(name))]
    assert len(shown) == len(texts)
    for index, (view, own) in enumerate(zip(shown, texts, strict=False)):
        assert own, f"{name} state {index}: the registry names no text it must show"
        missing = [t for t in own if " ".join(t.split()) not in view]
        assert not missing, f"{name} state {index} does not show {missing[:2]}"
        others = {t for i, ts in enumerate(texts) if i != index for t in ts} - set(own)
        leaked = [t for t in others if len(t) > 20 and " ".join(t.split()) in view]
        assert not leaked, f"{name} state {index} also shows another state's text: {leaked[:2]}"


@pytest.mark.parametrize("name", NAMES)
def test_two_builds_are_identical(name):
    first, second = build(name), build(name)
    assert whole(first) == whole(second)
    assert [c.options for c in first.controls] == [c.options for c in second.controls]


def diagram_parts(explorer, shape: str) -> list[str]:
    """The labels of a diagram's parts, in order, after checking the control is drawn as ``shape``."""
    assert f"mlops-diagram-{shape}" in explorer.controls[0]._dom_classes, f"the control is not drawn as a {shape}"
    return [option[0] for option in explorer.controls[0].options]


def test_workflow_cycle_is_a_cycle_of_the_tasks_in_order():
    tasks = rows("workflow_cycle")
    explorer = widgets.workflow_cycle()
    assert explorer.controls[0].index == 0
    assert diagram_parts(explorer, "cycle") == [f"{t.order}. {t.name}" for t in tasks.itertuples()]
    for i, (task, view) in enumerate(zip(tasks.itertuples(), views(explorer), strict=True)):
        for text in (f"{i + 1}. {task.name}", task.description, task.garden_analogy):
            assert esc(text) in view
    assert "leads back to the first" in whole(explorer), "a reader who cannot see the ring is told it is a cycle"
    assert esc(data.interactive_text("workflow_cycle", "note")) in whole(explorer)


def test_tension_slider_defaults_to_the_explainers_own_state():
    states = rows("tension_slider")
    explorer = widgets.tension_slider()
    seed_rows = states.index[states["kind"] == "seed"].tolist()
    assert explorer.controls[0].index == seed_rows[0]
    assert explorer.controls[0].label == states.loc[seed_rows[0], "label"]
    assert isinstance(explorer.controls[0], ipywidgets.SelectionSlider)


def test_tension_states_show_text_levels_and_what_they_rest_on():
    states = rows("tension_slider")
    vs = data.load("three_vs").sort_values("order")
    for state, view in zip(states.itertuples(), views(widgets.tension_slider()), strict=True):
        assert esc(state.label) in view and esc(state.text) in view
        levels = re.search(r'<ul class="mlops-levels".*?</ul>', view).group(0)
        for v in vs.itertuples():
            level = getattr(state, v.id)
            length, colour = style.LEVEL_STYLE[level]
            assert '<span class="mlops-level"' in levels
            colour = re.escape(style.var(colour))
            bar = rf"{re.escape(esc(v.name))}</span>.*?width:{length * 100:.0f}%;background:{colour}([^\"]*)\""
            outline = re.search(bar, levels).group(1)
            # a bar that shows stands out 3:1 from the page whatever its colour (orange is 2.3:1 on white)
            assert (f"border:1px solid {style.var(style.INK)}" in outline) == (length > 0), (level, outline)
            assert f">{esc(level)}</span>" in levels
        assert not re.search(r"\d", text_of(levels)), "levels are qualitative: no numbers"
        badge = esc(widgets.TENSION_BADGES[state.kind].split(": ")[0])
        assert badge in view
        if state.kind == "derived":
            assert esc(state.basis) in view


def test_findings_tabs_hold_summary_analogy_and_cards_with_their_quotes_one_tap_away():
    """The panel is the chapter's overview: a card's quote is folded in the card's source note and a
    finding's own quote is in its section of chapter 6, so each is read once on the page, none lost."""
    findings = rows("findings_tabs")
    explorer = widgets.findings_tabs()
    assert explorer.controls[0].index == 0
    assert [o[0] for o in explorer.controls[0].options] == findings["title"].tolist()
    chapter = (ROOT / "chapters" / "06_findings.md").read_text(encoding="utf-8")
    for finding, view in zip(findings.itertuples(), views(explorer), strict=True):
        assert esc(finding.title) in view and esc(finding.summary) in view and esc(finding.analogy) in view
        assert blocks.cards(finding.id, quotes_folded=True).html in view
        for quote in data.quotes_for(finding.quote_ids):
            shown = esc(quote["paper_text"] or quote["text"])
            assert shown not in view, f"{finding.id}: the panel repeats {quote['id']}"
            assert f'blocks.quote("{quote["id"]}")' in chapter, f"{finding.id}: {quote['id']} is in neither"
        cards = data.load("cards")
        for quote in data.quotes_for(" ".join(cards.loc[cards["group"] == finding.id, "quote_ids"])):
            at = view.index(esc(quote["paper_text"] or quote["text"]))
            assert view[:at].count("<details") > view[:at].count("</details>"), (
                f"{finding.id}: the card quote {quote['id']} is not folded")


def test_retraining_explorer_defaults_to_the_cadence_with_a_quote():
    cadences = rows("retraining_explorer")
    explorer = widgets.retraining_explorer()
    quoted = cadences.index[cadences["quote_ids"] != ""].tolist()
    assert explorer.controls[0].index == quoted[0]
    default_view = views(explorer)[quoted[0]]
    for quote in data.quotes_for(cadences.loc[quoted[0], "quote_ids"]):
        assert esc(quote["text"]) in default_view and esc(quote["attribution"]) in default_view


def test_retraining_states_invent_nothing():
    cadences, stops = data.load("retraining"), rows("retraining_explorer")
    explorer = widgets.retraining_explorer()
    quotes = data.load("quotes")
    assert stops["cadence"].tolist() == cadences.loc[cadences["participant"] != "", "cadence"].tolist()
    for row, view in zip(stops.itertuples(), views(explorer), strict=True):
        assert esc(row.cadence) in view and esc(data.speaker_line(row.participant)) in view
        # every stop shows an interviewee's words: about cadence, or else labelled as said elsewhere
        shown = re.findall(r"<blockquote.*?</blockquote>", view, flags=re.DOTALL)
        assert shown, f"the stop {row.cadence!r} shows no quote"
        if row.quote_ids:
            assert "Elsewhere in the interviews" not in view
        else:
            assert "no quote" in view and f"Elsewhere in the interviews, {row.participant} said:" in view
            for quote in quotes[quotes["speaker"] == row.participant].itertuples():
                assert esc(quote.text) in view
        speakers = set(re.findall(r"\bP\d+\b", text_of("".join(shown))))
        assert speakers <= {row.participant}, f"{row.cadence}: quotes from {speakers - {row.participant}} too"
    for row in cadences[cadences["participant"] == ""].itertuples():
        assert esc(row.cadence.lower()) in whole(explorer) and "no interview example" in whole(explorer)
    cards = data.load("cards")
    fact = cards.loc[cards["title"] == "Frequent Retraining", "text"].iloc[0]
    assert "scientific procedure" in fact and esc(fact) in whole(explorer)


def test_data_error_spectrum_steps_run_from_obvious_to_nearly_invisible():
    kinds = rows("data_error_spectrum")
    explorer = widgets.data_error_spectrum()
    assert explorer.controls[0].index == 0
    assert diagram_parts(explorer, "spectrum") == [f"{k.visibility}: {k.name}" for k in kinds.itertuples()]
    assert "from obvious to nearly invisible" in explorer.controls[0].description
    for kind, view in zip(kinds.itertuples(), views(explorer), strict=True):
        for text in (kind.name, kind.visibility, kind.examples, kind.description):
            assert esc(text) in view


def test_anti_pattern_tabs_hold_text_and_quotes_with_speakers():
    patterns = rows("anti_pattern_tabs")
    explorer = widgets.anti_pattern_tabs()
    assert explorer.controls[0].index == 0
    assert [o[0] for o in explorer.controls[0].options] == [f"{r.order} {r.short_name}" for r in patterns.itertuples()]
    for pattern, view in zip(patterns.itertuples(), views(explorer), strict=True):
        assert esc(pattern.icon) in view and esc(pattern.title) in view and esc(pattern.text) in view
        quotes = data.quotes_for(pattern.quote_ids)
        assert quotes, "each anti-pattern has quotes in the data"
        for quote in quotes:
            assert esc(quote["text"]) in view and esc(blocks.attribution(quote)) in view


def test_stack_explorer_is_a_building_of_the_layers_and_shows_each_layers_facts():
    layers = rows("stack_explorer")
    explorer = widgets.stack_explorer()
    assert explorer.controls[0].index == 0
    assert diagram_parts(explorer, "building") == layers["name"].tolist(), "top floor first"
    # the captions sit right above and right below the floors
    at = explorer.children.index(explorer.controls[0])
    above, below = explorer.children[at - 1].value, explorer.children[at + 1].value
    assert esc(data.interactive_text("stack_explorer", "top")) in above
    assert esc(data.interactive_text("stack_explorer", "bottom")) in below
    for layer, view in zip(layers.itertuples(), views(explorer), strict=True):
        assert esc(layer.name) in view and esc(layer.role) in view
        for tool in layer.tools.split(";"):
            assert f"<li>{esc(tool.strip())}</li>" in view
        frequency = layer.change_frequency or "The explainer gives no change frequency for this layer."
        assert esc(frequency) in view
        if layer.note:
            assert esc(layer.note) in view


def test_participant_explorer_shows_everything_the_book_says_of_each_person():
    people = rows("participant_explorer")
    sizes = data.load("company_sizes").set_index("size")["employees"]
    citations, quotes = participant_citations(), data.load("quotes")
    explorer = widgets.participant_explorer()
    assert isinstance(explorer.controls[0], ipywidgets.Dropdown)
    assert explorer.controls[0].index == people.index[people["id"] == "P1"][0]
    for person, view in zip(people.itertuples(), views(explorer), strict=True):
        assert esc(data.speaker_line(person.id)) in view
        assert esc(person.role) in view and esc(person.application) in view
        assert esc(f"{person.company_size} ({sizes[person.company_size]} employees)") in view
        own = citations[citations["participant"] == person.id]
        said = quotes[quotes["speaker"] == person.id]
        for theme in own["theme"]:
            assert f"<li>{esc(theme)}</li>" in view
        for kind in own["kind"]:
            assert f"<strong>{esc(kind)}</strong>" in view
        for text in said["text"]:
            assert esc(text) in view
        nothing = "only in its participants table" in view
        assert nothing == (own.empty and said.empty)


def test_participant_explorer_says_so_for_someone_cited_for_nothing():
    cited = set(participant_citations()["participant"]) | set(data.load("quotes")["speaker"])
    uncited = [p for p in data.load("participants")["id"] if p not in cited]
    explorer = widgets.participant_explorer()
    ids = data.load("participants")["id"].tolist()
    for pid in uncited:
        assert "only in its participants table" in views(explorer)[ids.index(pid)]


# --- Text from the data is escaped; bad data gives a clear error ---------------

#: One free-text cell per file that the widgets show: (file, column).
INJECTED = [
    ("workflow_tasks", "description"),
    ("tension_states", "text"),
    ("findings", "summary"),
    ("retraining", "cadence"),
    ("data_error_spectrum", "examples"),
    ("anti_patterns", "text"),
    ("stack_layers", "role"),
    ("participants", "application"),
    ("quotes", "text"),
]
SCRIPT = '<script>alert("x")</script>'


def test_script_in_data_comes_out_escaped(data_copy):
    defaults = {
        data.interactive_text("retraining_explorer", "default"),
        data.interactive_text("tension_slider", "default"),
        widgets.DEFAULT_PARTICIPANT,
    }
    for file, column in INJECTED:
        # the default states are found by name, so their names stay as they are
        edit_column(data_copy / f"{file}.csv", column, lambda text: text if text in defaults else f"{text} {SCRIPT}")
    data.clear_cache()
    for name in sorted(set(NAMES) - set(LABS)):  # the labs show simulations, no text from data/
        markup = whole(build(name))
        assert "<script" not in markup, name
        assert esc(SCRIPT) in markup, f"{name} shows none of the injected text"


def test_missing_default_state_is_a_clear_error(data_copy):
    edit_column(data_copy / "tension_states.csv", "label", lambda label: label.replace("Balanced", "Even"))
    data.clear_cache()
    with pytest.raises(KeyError, match="label = 'Balanced'"):
        widgets.tension_slider()


def test_repeated_control_labels_are_a_clear_error():
    with pytest.raises(ValueError, match="labels repeat"):
        widgets.Explorer("demo", "Demo", [ipywidgets.ToggleButtons(options=[("a", 0), ("a", 1)])], ["x", "y"], [0])
