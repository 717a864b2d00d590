"""HTML building blocks shared by chapters and widgets: quotes, cards, figure tiles, tables.

Every block is a :class:`Block` (an HTML string with ``_repr_html_``), so a
chapter cell that ends with a block shows it, in Jupyter and on the built page
alike, and a widget can put ``block.html`` inside an ``ipywidgets.HTML``.
Each block is rendered from its template in ``templates/`` (see
:mod:`mlops_book.render`), which escapes all text from data; styles are inline
and their colours come from :mod:`mlops_book.style`, so a block looks the
same in the book and in a bare notebook.

>>> quote("p5-gpus-warm").html.startswith('<figure class="mlops-quote"')
True
>>> "&lt;b&gt;" in table(pd.DataFrame({"a": ["<b>"]}), "Escaped").html
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import data, paper, views
from .citation import how_to_cite
from .paths import BOOK_ROOT
from .render import part, render
from .schema import AUTHORS


@dataclass(frozen=True)
class Block:
    """A piece of HTML for a page or a widget; a template places it as it is (``__html__``)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __html__(self) -> str:
        return self.html


def _block(template: str, **values) -> Block:
    return Block(str(render(template, **values)))


def attribution(quote_row: dict) -> str:
    """The line under a quote: the speaker the explainer names, else the one the paper names, else the
    authors (whose words they are), else a plain "an interviewee". Where the name comes from is
    :func:`speaker_note`'s, in the quote's source note.

    >>> attribution(data.quote("lot-of-filters"))
    'P15, MLE, Fintech'
    >>> attribution(data.quote("limiting-reagent"))
    "the study's authors, in their own takeaway: not an interviewee's words"
    """
    if quote_row["attribution"]:
        return quote_row["attribution"]
    if quote_row["paper_speaker"] == AUTHORS:
        return "the study's authors, in their own takeaway: not an interviewee's words"
    if quote_row["paper_speaker"]:
        return data.speaker_line(quote_row["paper_speaker"])
    return "an interviewee"


def speaker_note(quote_row: dict) -> str:
    """Who names a quote's speaker, when the explainer does not: said in the quote's source note.

    >>> speaker_note(data.quote("lot-of-filters"))
    'The name comes from the paper; the explainer does not name the speaker.'
    >>> speaker_note(data.quote("p5-gpus-warm"))
    ''
    """
    if quote_row["attribution"] or quote_row["paper_speaker"] == AUTHORS:
        return ""
    if quote_row["paper_speaker"]:
        return "The name comes from the paper; the explainer does not name the speaker."
    return "The explainer does not name the speaker."


def wording_summary(quote_row: dict) -> str:
    """The mark of a quote's source note: what the note says, in a few words.

    >>> wording_summary(data.quote("lot-of-filters")), wording_summary(data.quote("poked-around"))
    ('Source: speaker named by the paper', 'Source: the wording differs; speaker named by the paper')
    """
    parts = []
    if quote_row["paper_text"]:
        parts.append("the wording differs")
    if speaker_note(quote_row):
        parts.append("speaker named by the paper" if quote_row["paper_speaker"] else "speaker unnamed")
    return "Source: " + ("; ".join(parts) or "the paper's note")


def quote(quote_id: str) -> Block:
    """A quote with its speaker, as a ``<figure>`` with ``<blockquote>``: the paper's wording where it
    differs from the explainer's (whose version is in the quote's source note), with where in the
    paper it stands.

    >>> "P1, MLE Manager, Autonomous Vehicles" in quote("p1-paranoid").html
    True
    >>> html = quote("poked-around").html
    >>> "sort of poked around" in html, "The explainer's version:" in html, '<details class="mlops-source-note' in html
    (True, True, True)
    """
    q = data.quote(quote_id)
    return _block(
        "quote.html", id=quote_id, text=q["text"], paper_text=q["paper_text"], attribution=attribution(q),
        speaker_note=speaker_note(q), wording_summary=wording_summary(q),
        sections=paper.sections_label(q["paper_section"]), record=q,
    )


def quotes(quote_ids) -> Block:
    """Several quotes from a space-separated ``quote_ids`` cell (empty gives an empty block)."""
    return Block("".join(quote(q).html for q in str(quote_ids or "").split()))


def cards(group: str, quotes_folded: bool = False) -> Block:
    """The explainer's cards for one group (a finding or a challenge), each with its quotes; with
    ``quotes_folded`` each card's quotes are folded under "In the interviewee's words", one tap away (an overview whose
    story below shows them: a quote is read once a page, and the paper trail keeps every one).

    >>> cards("old-school-engineering").html.count('class="mlops-card"')
    6
    >>> group = "old-school-engineering"
    >>> folded = cards(group, quotes_folded=True).html
    >>> "lot of filters" in folded, folded.index("lot of filters") > folded.index("<details")
    (True, True)
    """
    rows = data.load("cards")
    rows = rows[rows["group"] == group].sort_values("order")
    if rows.empty:
        raise KeyError(f"no cards for group {group!r} in cards.csv")
    shown = [{"row": r, "quotes": quotes(r.quote_ids)} for r in rows.itertuples()]
    return _block("cards.html", cards=shown, folded=quotes_folded)


def stat_tiles(figure_ids) -> Block:
    """Big-number tiles for headline figures, e.g. ``stat_tiles(["models-never-production"])``.

    >>> ">90%<" in stat_tiles(["models-never-production"]).html
    True
    """
    return _block("stat_tiles.html", figures=[data.figure(fid) for fid in figure_ids])


def table(frame: pd.DataFrame, caption: str, listed: bool = False) -> Block:
    """An accessible HTML table with a caption.

    Cells that are a :class:`Block` (a link, a list) are kept as the HTML they
    already are; every other cell is escaped. On a phone a table shows one card per row, each value
    under its column's name; a ``listed`` table of two columns (a name and its text, as the exercises'
    scenarios) shows instead one short paragraph per row, the name in bold before its text
    (``mlops-table-list`` in ``_static/theme-fixes.css``).

    >>> html = table(pd.DataFrame({"a": [Block("<em>x</em>")], "b": ["<y>"]}), "A caption").html
    >>> "<caption" in html, "<em>x</em>" in html, "&lt;y&gt;" in html
    (True, True, True)
    """
    return _block("table.html", columns=list(frame.columns), rows=frame.itertuples(index=False), caption=caption,
                  listed=listed)


def three_vs_cards() -> Block:
    """The Three Vs as cards: analogy, what it means, and who the explainer cites for it.

    >>> html = three_vs_cards().html
    >>> html.count('class="mlops-card"'), "Cited by: P6, P8, P10, P14, P15, P18" in html
    (3, True)
    """
    vs = data.load("three_vs").sort_values("order")
    return _block("three_vs_cards.html", vs=vs.itertuples(), cited_by=views.vs_cited_by())


def participants_table() -> Block:
    """The study's participants table (P9 is absent, as in the study): each row with a source-note mark
    that opens where it stands in the paper, what every row shares (Table 1, which the transcription
    lacks) said once in the caption, and the note on the company-size bands under it.

    >>> html = participants_table().html
    >>> html.count('data-paper-support="not-verifiable"'), html.count("mlops-source-note-text")
    (19, 19)
    >>> html.count("rendering of Table 1") - html.count("mlops-source-note-text")  # once more, in the caption
    1
    """
    people = data.load("participants")
    sizes = data.load("company_sizes")
    bands = sizes.set_index("size")["employees"]
    shown = pd.DataFrame(
        {
            "ID": people["id"],
            "Role": people["role"],
            "Company size": [f"{s} ({bands[s]})" for s in people["company_size"]],
            "Application": people["application"],
            "In the paper": [Block(str(part("paper_note", r, r.id))) for r in people.itertuples(index=False)],
        }
    )
    caption = (
        f"The {len(people)} interviewees. IDs run P1–P19; there is no P9. Roles, company sizes and applications "
        "are the explainer's rendering of Table 1 of the paper, which this book could not check; each row's "
        "mark opens its note."
    )
    shown_table = table(shown, caption)
    # the bands' notes, each distinct note once (the three bands share theirs)
    notes = list({(r.paper_support, r.paper_note): r for r in sizes.itertuples(index=False)}.values())
    return Block(shown_table.html + _block("paper_notes.html", records=notes).html)


def ranked_list(frame: pd.DataFrame, title_column: str, text_column: str) -> Block:
    """A numbered list of ``title — text`` items, in the frame's order, each with its paper-trail note.

    >>> html = ranked_list(data.load("takeaways").sort_values("order"), "title", "text").html
    >>> html.count("<li>"), html.count('class="mlops-source-note mlops-paper-note"')
    (5, 4)
    """
    return _block("ranked_list.html", items=zip(frame[title_column], frame[text_column], _records(frame), strict=True))


def _records(frame: pd.DataFrame) -> list:
    """The frame's rows as records for :func:`mlops_book.paper.note_for` (a frame without the paper
    columns, e.g. one a reader made, gets no notes)."""
    if "paper_section" not in frame.columns:
        return [{"paper_section": "", "paper_support": "", "paper_note": ""}] * len(frame)
    return list(frame.itertuples(index=False))


def tool_opportunity(challenge_id: str) -> Block:
    """A challenge's tool opportunity, from challenges.csv, in a box marked as such.

    >>> "Tool opportunity" in tool_opportunity("lab-vs-factory").html
    True
    """
    rows = data.load("challenges").set_index("id")
    if challenge_id not in rows.index:
        raise KeyError(f"no challenge {challenge_id!r} in challenges.csv; known: {', '.join(rows.index)}")
    row = rows.loc[challenge_id]
    return _block("tool_opportunity.html", challenge=challenge_id, text=row["tool_opportunity"], record=row.to_dict())


def derived_tile(value: str, label: str, basis: str, rests_on=()) -> Block:
    """A big-number tile for a figure this book computes, marked "Derived" with how it was computed,
    and the paper-trail notes of the records it ``rests_on`` (headline figures, as dicts).

    >>> "Derived" in derived_tile("≈98", "segments", "1,766 ÷ 18").html
    True
    """
    return _block("derived_tile.html", value=value, label=label, basis=basis, rests_on=list(rests_on))


def stage_path(frame: pd.DataFrame, name_column: str, note_column: str) -> Block:
    """Steps in order as an arrowed path, each with its note where the data has one.

    >>> html = stage_path(data.load("deployment_stages"), "stage", "description").html
    >>> html.count('class="mlops-stage"')
    4
    """
    return _block("stage_path.html", steps=zip(frame[name_column], frame[note_column], _records(frame), strict=True))


def participants_share_tile(figure_id: str, label: str) -> Block:
    """A percentage headline figure turned into a number of people, marked as derived.

    >>> "≈4" in participants_share_tile("female-identifying", "female-identifying participants").html
    True
    """
    return derived_tile(
        f"≈{views.participants_in_share(figure_id)}",
        label,
        "the explainer's percentage applied to the participants table, rounded to whole people",
        rests_on=[data.figure(figure_id)],
    )


def bug_reporters_table() -> Block:
    """The explainer's example bugs, each with the participants who reported it.

    >>> "P1, P3, P6, P11" in bug_reporters_table().html
    True
    """
    shown = views.bug_reporters().rename(columns={"bug": "Bug", "participants": "Reported by"})
    return table(shown, "Example bugs from the interviews and the participants who reported them.")


def uncited_participants_table() -> Block:
    """The participants the explainer names only in its table, computed from the citations in data/.

    >>> html = uncited_participants_table().html
    >>> "P4" in html and "P16" in html and "P1<" not in html
    True
    >>> [column for column in ("section", "paper_section", "paper_note") if f">{column}<" in html]
    []
    """
    # the columns a reader reads, by name: the file's bookkeeping (its section, its paper trail) stays out
    columns = {"id": "ID", "role": "Role", "company_size": "Company size", "application": "Application"}
    shown = views.uncited_participants()[list(columns)].rename(columns=columns)
    return table(
        shown,
        "Participants cited nowhere beyond the participants table (computed from the citations in data/).",
    )


def segments_average_tile() -> Block:
    """The average number of coded segments per transcript, derived and checked against the stated range.

    >>> html = segments_average_tile().html
    >>> "≈98" in html and "inside the 40–160 range" in html
    True
    """
    segments = data.figure("coded-segments")
    stated = data.figure("segments-per-transcript")
    transcripts = len(data.load("participants"))
    average = views.average_segments_per_transcript()
    where = "inside" if stated["low"] <= average <= stated["high"] else "outside"
    basis = (
        f"{segments['value']} coded segments ÷ {transcripts} transcripts (assuming one per interview) "
        f"= {average:.1f}, {where} the {stated['value']} range stated per transcript."
    )
    return derived_tile(f"≈{average:.0f}", "coded segments per transcript on average", basis, [segments, stated])


# --- Links, lists and citations: the instructor guide's building blocks ---------------------


def link(href: str, text: str) -> Block:
    """A link whose address and text are escaped.

    >>> link("a.html?x=1&y=2", "<A>").html
    '<a href="a.html?x=1&amp;y=2">&lt;A&gt;</a>'
    """
    return _block("link.html", href=href, text=text)


def bullet_list(items) -> Block:
    """A compact bulleted list of escaped items."""
    return _block("bullet_list.html", items=list(items))


def plan_step(activity: str, outline=(), fallback: str = "") -> Block:
    """One step of a session plan, escaped: what happens, a talk's outline (points with the section each is
    drawn from) and what to do without a kernel."""
    return _block("plan_step.html", activity=activity, outline=list(outline), fallback=fallback)


def citation_block(root: Path = BOOK_ROOT) -> Block:
    """The two citations (the book's and the study's), ready for a page."""
    return _block("citations.html", **how_to_cite(root))
