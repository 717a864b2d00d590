"""The bench's report (tools/bench.py) says what its measurements say: run on made-up timings, so
that a change to the report is checked without the half hour `make bench` takes."""

from __future__ import annotations

import pytest

import bench  # tools/bench.py: pyproject.toml puts tools/ on the tests' path

SIZES = {bench.RUNTIME: {"script": (406_000, 115_000), "all": (406_000, 115_000)},
         bench.STOCK: {"script": (1_600_000, 457_000), "all": (2_000_000, 612_000)}}
TIMES = {"cold": 50.0, "noop": 4.0, "changed": 9.0, "executed": {"chapters/labs/01_drift": 3.0}}
WEIGHTS = [
    {"page": "lab.html", "widgets": ["drift_lab"], "raw": 1.6e6, "gzip": 0.31e6,
     "files": {"widgets/runtime.js": (406_000, 115_000)}},
    {"page": "text.html", "widgets": [], "raw": 0.8e6, "gzip": 0.18e6, "files": {"text.html": (90_000, 20_000)}},
]


def report(ours, stock) -> str:
    """The report for one widget page whose runs gave these (rendered, page read) seconds."""
    renders = {"lab.html": {bench.RUNTIME: ours, bench.STOCK: stock}}
    return bench.report(TIMES, "chapters/01.md", {"chapters/01.md": 1}, WEIGHTS, renders, SIZES, (0.2, 0.3))


def row(text: str, starts: str) -> str:
    [found] = [line for line in text.splitlines() if line.startswith(starts)]
    return found


@pytest.mark.parametrize(("stock_rendered", "verdict"), [(1.00, "**missed**"), (1.25, "met")])
def test_the_speed_up_is_the_ratio_of_medians_against_two(stock_rendered, verdict):
    ours = [(0.50, 0.20), (0.60, 0.25), (0.55, 0.30)]  # medians: rendered 0.55, read 0.25
    stock = [(stock_rendered, 0.25)] * 3
    text = report(ours, stock)
    sooner = row(text, "| Widgets rendered sooner than with embed.js")
    assert f"{stock_rendered / 0.55:.1f}× (`lab.html`)" in sooner and sooner.endswith(f"| {verdict} (≥ 2×) |")
    own = row(text, "| The libraries' own part")
    assert f"{(stock_rendered - 0.25) / (0.55 - 0.25):.1f}× (`lab.html`)" in own and "not a target" in own
    page = row(text, "| `lab.html`")
    assert page.endswith(f"| 0.55 | {stock_rendered:.2f} | {stock_rendered / 0.55:.1f}× | 0.25 | 0.30 / "
                         f"{stock_rendered - 0.25:.2f} |")


def test_a_missed_speed_up_says_what_reading_the_page_leaves_the_runtime():
    text = report([(0.60, 0.30)] * 3, [(0.80, 0.30)] * 3)
    why = row(text, "- Widgets sooner than with embed.js")
    assert "took 0.30 s of the runtime's 0.60 s" in why
    # no time at all after the page is read: 0.80 / 0.30; two times sooner leaves 0.40 - 0.30
    assert "would be 2.7× sooner there" in why and "leaves the runtime 0.10 s to start" in why
    assert "- Widgets sooner" not in report([(0.30, 0.10)] * 3, [(0.80, 0.30)] * 3)


def test_median_of_takes_each_measure_on_its_own():
    timing = bench.median_of([(0.9, 0.1), (0.5, 0.4), (0.7, 0.2)])
    assert (timing.rendered, timing.read) == (0.7, 0.2)
    assert timing.after_read == pytest.approx(0.5)
