"""HTML building blocks shared by chapters and widgets: quotes, cards, figure tiles, tables.

Every block is a :class:`Block` (an HTML string with ``_repr_html_``), so a
chapter cell that ends with a block shows it, in Jupyter and on the built page
alike, and a widget can put ``block.html`` inside an ``ipywidgets.HTML``.
Styles are inline and come from :mod:`mlops_book.style`, so a block looks the
same in the book and in a bare notebook. All text from data is escaped.

>>> print(quote("p5-gpus-warm").html[:28])
<figure class="mlops-quote" 
>>> "&lt;" in Block.escape("<b>")
True
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass

import pandas as pd

from . import data, style


@dataclass(frozen=True)
class Block:
    """A piece of HTML for a page or a widget."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    @staticmethod
    def escape(text) -> str:
        """Escape text from data before it becomes HTML (quotes included)."""
        return _html.escape(str(text), quote=True)


esc = Block.escape

CARD_STYLE = (
    f"border:1px solid {style.GRID};border-radius:8px;padding:.75em 1em;background:#fff;"
    f"color:{style.INK};min-width:0"
)
GRID_STYLE = "display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,15em),1fr));gap:.75em;margin:1em 0"


def attribution(quote_row: dict) -> str:
    """The line under a quote: the speaker, or a plain statement that the explainer names nobody."""
    if quote_row["attribution"]:
        return quote_row["attribution"]
    return "an interviewee (the explainer does not name the speaker)"


def quote(quote_id: str) -> Block:
    """A verbatim quote with its speaker, as a ``<figure>`` with ``<blockquote>``.

    >>> "P1, MLE Manager, Autonomous Vehicles" in quote("p1-paranoid").html
    True
    """
    q = data.quote(quote_id)
    return Block(
        f'<figure class="mlops-quote" data-quote-id="{esc(quote_id)}" '
        f'style="margin:1em 0;padding:.6em 1em;border-left:4px solid {style.BLUE};background:#F5F9FC">'
        f'<blockquote style="margin:0;font-size:1.05em;color:{style.INK}"><p style="margin:0">'
        f"“{esc(q['text'])}”</p></blockquote>"
        f'<figcaption style="margin-top:.4em;color:{style.MUTED}">— {esc(attribution(q))}</figcaption>'
        "</figure>"
    )


def quotes(quote_ids) -> Block:
    """Several quotes from a space-separated ``quote_ids`` cell (empty gives an empty block)."""
    return Block("".join(quote(q).html for q in str(quote_ids or "").split()))


def card(icon: str, title: str, text: str, extra: str = "") -> Block:
    """One card: an icon and title, a paragraph, and optional extra HTML (already safe)."""
    return Block(
        f'<div class="mlops-card" style="{CARD_STYLE}">'
        f'<p style="margin:0 0 .4em;font-weight:bold"><span aria-hidden="true">{esc(icon)}</span> {esc(title)}</p>'
        f'<p style="margin:0">{esc(text)}</p>{extra}</div>'
    )


def cards(group: str) -> Block:
    """The explainer's cards for one group (a finding or a challenge), each with its quotes.

    >>> cards("old-school-engineering").html.count('class="mlops-card"')
    6
    """
    rows = data.load("cards")
    rows = rows[rows["group"] == group].sort_values("order")
    if rows.empty:
        raise KeyError(f"no cards for group {group!r} in cards.csv")
    inner = "".join(card(r.icon, r.title, r.text, quotes(r.quote_ids).html).html for r in rows.itertuples())
    return Block(f'<div class="mlops-cards" style="{GRID_STYLE}">{inner}</div>')


def stat_tiles(figure_ids) -> Block:
    """Big-number tiles for headline figures, e.g. ``stat_tiles(["models-never-production"])``.

    >>> ">90%<" in stat_tiles(["models-never-production"]).html
    True
    """
    tiles = []
    for fid in figure_ids:
        f = data.figure(fid)
        tiles.append(
            f'<div class="mlops-stat" style="{CARD_STYLE};text-align:center">'
            f'<p style="margin:0;font-size:2em;font-weight:bold;color:{style.BLUE}">{esc(f["value"])}</p>'
            f'<p style="margin:0">{esc(f["label"])}</p></div>'
        )
    return Block(f'<div class="mlops-stats" style="{GRID_STYLE}">{"".join(tiles)}</div>')


def table(frame: pd.DataFrame, caption: str) -> Block:
    """An accessible HTML table with a caption.

    Cells that are a :class:`Block` (a link, a list) are kept as the HTML they
    already are; every other cell is escaped.

    >>> html = table(pd.DataFrame({"a": [Block("<em>x</em>")], "b": ["<y>"]}), "A caption").html
    >>> "<caption" in html, "<em>x</em>" in html, "&lt;y&gt;" in html
    (True, True, True)
    """

    def cell(value) -> str:
        inner = value.html if isinstance(value, Block) else esc(value)
        return f'<td style="padding:.3em .6em;border-top:1px solid {style.GRID};vertical-align:top">{inner}</td>'

    head = "".join(f'<th scope="col" style="text-align:left;padding:.3em .6em">{esc(c)}</th>' for c in frame.columns)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in frame.itertuples(index=False))
    return Block(
        '<div class="mlops-table" style="overflow-x:auto;max-width:100%">'
        f'<table style="border-collapse:collapse;margin:1em 0"><caption style="caption-side:top;text-align:left;'
        f'color:{style.MUTED};padding-bottom:.3em">{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def three_vs_cards() -> Block:
    """The Three Vs as cards: analogy, what it means, and who the explainer cites for it.

    >>> html = three_vs_cards().html
    >>> html.count('class="mlops-card"'), "Cited by: P6, P8, P10, P14, P15, P18" in html
    (3, True)
    """
    cited_by = data.vs_cited_by()
    inner = "".join(
        card(
            v.icon, v.name, v.description,
            f'<p style="margin:.5em 0 0"><em>Analogy:</em> {esc(v.analogy)}.</p>'
            f'<p style="margin:.5em 0 0;color:{style.MUTED}">Cited by: {esc(", ".join(cited_by[v.name]))}</p>',
        ).html
        for v in data.load("three_vs").sort_values("order").itertuples()
    )
    return Block(f'<div class="mlops-cards" style="{GRID_STYLE}">{inner}</div>')


def participants_table() -> Block:
    """The study's participants table (P9 is absent, as in the study)."""
    people = data.load("participants")
    sizes = data.load("company_sizes").set_index("size")["employees"]
    shown = pd.DataFrame(
        {
            "ID": people["id"],
            "Role": people["role"],
            "Company size": [f"{s} ({sizes[s]})" for s in people["company_size"]],
            "Application": people["application"],
        }
    )
    return table(shown, f"The {len(people)} interviewees. IDs run P1–P19; there is no P9.")


def ranked_list(frame: pd.DataFrame, title_column: str, text_column: str) -> Block:
    """A numbered list of ``title — text`` items, in the frame's order."""
    items = "".join(
        f"<li><strong>{esc(getattr(r, title_column))}</strong> — {esc(getattr(r, text_column))}</li>"
        for r in frame.itertuples()
    )
    return Block(f'<ol class="mlops-ranked" style="color:{style.INK}">{items}</ol>')


def tool_opportunity(challenge_id: str) -> Block:
    """A challenge's tool opportunity, from challenges.csv, in a box marked as such.

    >>> "Tool opportunity" in tool_opportunity("lab-vs-factory").html
    True
    """
    rows = data.load("challenges").set_index("id")
    if challenge_id not in rows.index:
        raise KeyError(f"no challenge {challenge_id!r} in challenges.csv; known: {', '.join(rows.index)}")
    text = rows.loc[challenge_id, "tool_opportunity"]
    return Block(
        f'<aside class="mlops-tool-opportunity" data-challenge="{esc(challenge_id)}" '
        f'style="margin:1em 0;padding:.6em 1em;border:2px solid {style.ORANGE};border-radius:8px;'
        f'background:#FFF8E6;color:{style.INK}">'
        f'<p style="margin:0 0 .3em;font-weight:bold"><span aria-hidden="true">💡</span> Tool opportunity</p>'
        f'<p style="margin:0">{esc(text)}</p></aside>'
    )


def derived_tile(value: str, label: str, basis: str) -> Block:
    """A big-number tile for a figure this book computes, marked "Derived" with how it was computed.

    >>> "Derived" in derived_tile("≈98", "segments", "1,766 ÷ 18").html
    True
    """
    return Block(
        f'<div class="mlops-stats" style="{GRID_STYLE}"><div class="mlops-stat mlops-derived" '
        f'style="{CARD_STYLE};text-align:center;border-style:dashed">'
        f'<p style="margin:0;font-size:2em;font-weight:bold;color:{style.INK}">{esc(value)}</p>'
        f'<p style="margin:0">{esc(label)}</p>'
        f'<p style="margin:.3em 0 0;color:{style.MUTED};font-size:.92em"><strong>Derived:</strong> {esc(basis)}</p>'
        "</div></div>"
    )


def stage_path(frame: pd.DataFrame, name_column: str, note_column: str) -> Block:
    """Steps in order as an arrowed path, each with its note where the data has one.

    >>> html = stage_path(data.load("deployment_stages"), "stage", "description").html
    >>> html.count('class="mlops-stage"')
    4
    """
    steps = []
    for i, row in enumerate(frame.itertuples(), start=1):
        note = getattr(row, note_column)
        note_html = f'<br><span style="color:{style.MUTED};font-size:.9em">{esc(note)}</span>' if note else ""
        steps.append(
            f'<li class="mlops-stage" style="{CARD_STYLE};list-style:none;flex:1 1 9em">'
            f"<strong>{i}. {esc(getattr(row, name_column))}</strong>{note_html}</li>"
        )
    arrow = f'<li aria-hidden="true" style="list-style:none;align-self:center;color:{style.MUTED}">→</li>'
    return Block(
        '<ol class="mlops-stage-path" style="display:flex;flex-wrap:wrap;gap:.5em;padding:0;margin:1em 0">'
        + arrow.join(steps) + "</ol>"
    )


def participants_share_tile(figure_id: str, label: str) -> Block:
    """A percentage headline figure turned into a number of people, marked as derived.

    >>> "≈4" in participants_share_tile("female-identifying", "female-identifying participants").html
    True
    """
    return derived_tile(
        f"≈{data.participants_in_share(figure_id)}",
        label,
        "the explainer's percentage applied to the participants table, rounded to whole people",
    )


def bug_reporters_table() -> Block:
    """The explainer's example bugs, each with the participants who reported it.

    >>> "P1, P3, P6, P11" in bug_reporters_table().html
    True
    """
    shown = data.bug_reporters().rename(columns={"bug": "Bug", "participants": "Reported by"})
    return table(shown, "Example bugs from the interviews and the participants who reported them.")


def uncited_participants_table() -> Block:
    """The participants the explainer names only in its table, computed from the citations in data/.

    >>> html = uncited_participants_table().html
    >>> "P4" in html and "P16" in html and "P1<" not in html
    True
    """
    shown = data.uncited_participants().drop(columns="section").rename(
        columns={"id": "ID", "role": "Role", "company_size": "Company size", "application": "Application"}
    )
    return table(
        shown,
        "Participants the explainer never cites beyond its participants table (computed from the citations in data/).",
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
    average = data.average_segments_per_transcript()
    where = "inside" if stated["low"] <= average <= stated["high"] else "outside"
    basis = (
        f"{segments['value']} coded segments ÷ {transcripts} transcripts (assuming one per interview) "
        f"= {average:.1f}, {where} the {stated['value']} range the explainer gives per transcript."
    )
    return derived_tile(f"≈{average:.0f}", "coded segments per transcript on average", basis)
