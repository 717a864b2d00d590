"""The bench's report (tools/bench.py) says what its measurements say: run on made-up timings, so
that a change to the report is checked without the half hour `make bench` takes."""

from __future__ import annotations

import pytest

import bench  # tools/bench.py: pyproject.toml puts tools/ on the tests' path

SIZES = {bench.RUNTIME: {"script": (406_000, 115_000), "all": (406_000, 115_000)},
         bench.STOCK: {"script": (1_600_000, 457_000), "all": (2_000_000, 612_000)}}
TIMES = {"cold": 50.0, "colds": [47.5, 50.0, 53.2], "noop": 4.0, "changed": 9.0,
         "executed": {"chapters/labs/01_drift": 3.0}}
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


@pytest.mark.parametrize(("stock_rendered", "verdict"), [(0.60, "**missed**"), (0.70, "met")])
def test_the_speed_up_is_the_ratio_of_medians_against_the_gain_it_keeps(stock_rendered, verdict):
    ours = [(0.50, 0.20), (0.60, 0.25), (0.55, 0.30)]  # medians: rendered 0.55, read 0.25
    stock = [(stock_rendered, 0.25)] * 3
    text = report(ours, stock)
    sooner = row(text, "| Widgets rendered sooner than with embed.js")
    assert f"{stock_rendered / 0.55:.2f}× (`lab.html`)" in sooner and sooner.endswith(f"| {verdict} (≥ 1.2×) |")
    own = row(text, "| The libraries' own part")
    assert f"{(stock_rendered - 0.25) / (0.55 - 0.25):.1f}× (`lab.html`)" in own and "not a target" in own
    page = row(text, "| `lab.html`")
    assert page.endswith(f"| 0.55 | {stock_rendered:.2f} | {stock_rendered / 0.55:.1f}× | 0.25 | 0.30 / "
                         f"{stock_rendered - 0.25:.2f} |")


def test_a_missed_speed_up_says_what_reading_the_page_leaves_the_runtime():
    text = report([(0.60, 0.30)] * 3, [(0.70, 0.30)] * 3)
    why = row(text, "- Widgets sooner than with embed.js")
    assert "took 0.30 s of the runtime's 0.60 s" in why
    # no time at all after the page is read: 0.70 / 0.30; 1.2 times sooner leaves 0.70 / 1.2 - 0.30
    assert "would be 2.3× sooner there" in why and "leaves the runtime 0.28 s to start" in why
    assert "- Widgets sooner" not in report([(0.30, 0.10)] * 3, [(0.80, 0.30)] * 3)


def test_median_of_takes_each_measure_on_its_own():
    timing = bench.median_of([(0.9, 0.1), (0.5, 0.4), (0.7, 0.2)])
    assert (timing.rendered, timing.read) == (0.7, 0.2)
    assert timing.after_read == pytest.approx(0.5)


def test_the_tiers_table_gives_each_step_and_the_whole_against_its_target():
    marks = [("start", 0.0, 0.1), ("make check", 1.0, 0.1), ("make book (cold)", 71.0, 1.2),
             ("make test-build", 111.0, 1.8), ("make test-browser", 400.0, 2.0), ("end", 800.0, 2.1)]
    tiers = {"commit": "abc1234", "test": {"marks": marks, "summaries": ["900 passed"]},
             "all": {"marks": [("start", 0.0, 2.0), ("end", 500.0, 2.0)], "summaries": ["300 passed"]}}
    text = bench.tiers_section(tiers)
    assert row(text, "| `make check`") == "| `make check` | 70 | 0.1 | **missed by 10.00 s** (70.00 s > 60 s, 1.2×) |"
    assert row(text, "| `make book (cold)`") == "| `make book (cold)` | 40 | 1.2 | met (40.00 s ≤ 45 s) |"
    assert row(text, "| `make test-browser`").startswith("| `make test-browser` | 400 | 2.0 | –")
    assert "| 800 | 0.1 | **missed by 80.00 s**" in row(text, "| **`make test`, all of it**")
    assert "900 passed; 300 passed" in text


def test_a_failed_sweep_is_reported_in_the_table_not_lost():
    marks = [("start", 0.0, 0.1), ("make check", 1.0, 0.1), ("end", 800.0, 2.1)]
    tiers = {"commit": "abc1234", "test": {"marks": marks, "summaries": ["900 passed"], "code": 0}}
    passed = dict(tiers, all={"marks": [("start", 0.0, 2.0), ("end", 500.0, 2.0)], "summaries": [], "code": 0})
    failed = dict(tiers, all={"marks": [("start", 0.0, 2.0), ("end", 500.0, 2.0)], "summaries": [], "code": 2})
    assert "**failed**" not in bench.tiers_section(passed)
    assert "**failed**" in row(bench.tiers_section(failed), "| The browser tier with every sweep whole")


def test_a_missed_labs_target_is_explained_not_hidden_under_every_target_met():
    lab_pages = sorted(f"{entry.chapter}.md" for entry in bench.INTERACTIVES if len(entry.controls) > 1)
    slow = {**TIMES, "cold": 40.0, "executed": {page: 6.0 for page in lab_pages}}
    why = bench.why_missed(slow, None, None, 0.5, (0.2, 0.3))
    assert why[0] == "Where a target is missed, and why:"
    assert f"{lab_pages[0]} 6.0 s" in row("\n".join(why), "- The labs' own execution")
    quick = {**slow, "executed": {page: 1.0 for page in lab_pages}}
    assert bench.why_missed(quick, None, None, 0.5, (0.2, 0.3)) == ["Every target is met."]


# --- Lighthouse: every page several times, judged on the median --------------------------------------

import lighthouse_scores  # noqa: E402  (tools/lighthouse_scores.py)

GOOD = {"first-contentful-paint": 1200.0, "largest-contentful-paint": 1800.0, "total-blocking-time": 50.0,
        "cumulative-layout-shift": 0.01, "speed-index": 1500.0}


def lighthouse_run(page: str, performance: int, seconds: float = 12.0, **metrics) -> dict:
    """One Lighthouse run of a page as tools/lighthouse/lighthouse-pages.mjs prints it."""
    return {"page": page, "scores": {"performance": performance, "accessibility": 100, "best-practices": 100,
                                     "seo": 100}, "metrics": {**GOOD, **metrics}, "failing": [], "blocking": [],
            "error": "", "seconds": seconds}


def test_a_page_is_judged_on_the_median_of_its_runs_and_shows_their_spread():
    # chapter 7's swing in issue 23: 82, 91, 96 is a median of 91, not its best or its last run
    runs = [lighthouse_run("a.html", 96), lighthouse_run("b.html", 97),
            lighthouse_run("a.html", 82, **{"largest-contentful-paint": 3500.0}), lighthouse_run("b.html", 96),
            lighthouse_run("a.html", 91), lighthouse_run("b.html", 98)]
    text = lighthouse_scores.report(runs)
    assert row(text, "| `a.html`").startswith("| `a.html` | **91** (**82**–96) | 100 | 100 | 100 | 1.2 | 1.8 |")
    assert row(text, "| `b.html`").startswith("| `b.html` | 97 (96–98) | 100 |")
    assert "3 runs of every page" in text
    assert "Pages at every target (on the median of their runs): 1/2." in text
    assert "Widest spread of performance between runs: 14 points (`a.html`, 82–96)." in text
    assert row(text, "- `a.html`") == "- `a.html`: Performance 91 < 95; slowest run 82 < 90"


def test_each_metric_is_the_median_of_the_runs_and_a_missed_limit_is_named():
    runs = [lighthouse_run("a.html", 96, **{"largest-contentful-paint": lcp, "total-blocking-time": tbt,
                                           "cumulative-layout-shift": cls})
            for lcp, tbt, cls in ((2300.0, 150.0, 0.01), (3500.0, 250.0, 0.2), (2700.0, 260.0, 0.06))]
    text = lighthouse_scores.report(runs)
    assert row(text, "| `a.html`") == ("| `a.html` | 96 (96–96) | 100 | 100 | 100 | 1.2 | **2.7** | **250** | "
                                       "**0.060** |")
    assert row(text, "- `a.html`") == ("- `a.html`: Largest contentful paint 2.7 > 2.5; "
                                       "Total blocking time 250 > 200; Layout shift 0.060 > 0.050")


def test_a_page_that_meets_every_target_on_its_median_is_counted_even_with_one_slow_run():
    runs = [lighthouse_run("a.html", p) for p in (90, 95, 99)]
    text = lighthouse_scores.report(runs)
    assert "Pages at every target (on the median of their runs): 1/1." in text and "miss a target" not in text
    assert row(text, "| `a.html`").startswith("| `a.html` | 95 (90–99) |")


def test_the_report_says_how_long_the_runs_took():
    runs = [lighthouse_run(page, 96, seconds) for page, seconds in (("a.html", 10.0), ("b.html", 14.0),
                                                                     ("a.html", 12.0), ("b.html", 20.0))]
    assert "One Lighthouse run took 13 s (median; 10–20 s), 0.9 minutes for all 4." in lighthouse_scores.report(runs)


def test_every_page_is_listed_once_per_run_in_rounds(monkeypatch, tmp_path):
    calls = []

    class Done:
        returncode, stderr = 0, ""
        stdout = "\n".join(__import__("json").dumps(lighthouse_run(p, 96)) for p in ["a.html", "b.html"] * 3)

    class Server:
        def shutdown(self):
            pass

    monkeypatch.setattr(lighthouse_scores, "TOOLS", tmp_path)
    (tmp_path / "node_modules" / "lighthouse").mkdir(parents=True)
    monkeypatch.setattr(lighthouse_scores, "serve", lambda html, gzipped: (Server(), "http://127.0.0.1:1"))
    monkeypatch.setattr(lighthouse_scores.subprocess, "run", lambda args, **kw: calls.append(args) or Done())
    results = lighthouse_scores.score_pages(tmp_path, ["a.html", "b.html"], runs=3)
    assert calls[0][-6:] == ["a.html", "b.html"] * 3 and len(results) == 6


def test_the_cold_build_is_judged_on_the_median_of_its_runs_and_shows_their_spread():
    cold = row(report([(0.5, 0.2)], [(0.8, 0.2)]), "| Cold build")
    assert "median of 3 | 50.0 s (47.5-53.2 s)" in cold and "**missed by 5.00 s**" in cold


def test_the_median_cold_build_and_its_own_log_are_reported(tmp_path, monkeypatch):
    runs = iter([(50.0, "second"), (44.0, "first"), (47.0, "median")])
    monkeypatch.setattr(bench, "timed_build", lambda book, out: next(runs))
    assert bench.cold_builds(tmp_path / "book", tmp_path / "out") == ([50.0, 44.0, 47.0], "median")
