#!/usr/bin/env python3
"""Score every page of a built book with Lighthouse, served with gzip as a static host serves it.

Lighthouse is pinned in ``tools/lighthouse/package.json`` (for the bench only, never shipped) and runs
against Debian's Chromium with its default mobile profile (a phone's screen, simulated slow 4G,
a 4x slower CPU). The pages are served from 127.0.0.1 by :func:`mlops_book.site.serve`: text files
gzipped as GitHub Pages and most static hosts send them, with a short cache lifetime, so the
transfer sizes Lighthouse sees are the ones a reader's browser downloads. Every page is scored
:data:`RUNS` times (``MLOPS_LIGHTHOUSE_RUNS`` sets another number) and judged on the median of its
runs, with the spread of its performance score beside it (:func:`per_page`, :func:`report`).

``tools/bench.py`` calls :func:`lighthouse_section` for ``make bench``; run alone, this script
scores an existing build and replaces the Lighthouse section of ``bench/results.md``::

    PYTHONPATH=src python tools/lighthouse_scores.py _build/html [page ...]
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from mlops_book.paths import BOOK_ROOT as ROOT
from mlops_book.site import CHROMIUM, pages, serve

TOOLS = ROOT / "tools" / "lighthouse"  # bench-only: `make bench` runs npm ci there
SCRIPT = TOOLS / "lighthouse-pages.mjs"
RESULTS = ROOT / "bench" / "results.md"
HEADING = "## Lighthouse"
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
#: Lighthouse runs per page: its scores swing between runs (a page scored 82 and 92 on the same quiet
#: machine), so the report judges each page on the median of several runs and shows their spread.
RUNS = int(os.environ.get("MLOPS_LIGHTHOUSE_RUNS", "3"))
#: The targets, on a page's median run: performance at least 95, the other three 100.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
#: Performance on a page's slowest run at least this.
SLOWEST_RUN = 90
#: The metrics the report shows, each as (heading, how to show a value, target on the median or None).
METRICS = {
    "first-contentful-paint": ("First contentful paint (s)", lambda v: f"{v / 1000:.1f}", None),
    "largest-contentful-paint": ("Largest contentful paint (s)", lambda v: f"{v / 1000:.1f}", 2500),
    "total-blocking-time": ("Total blocking time (ms)", lambda v: f"{v:.0f}", 200),
    "cumulative-layout-shift": ("Layout shift", lambda v: f"{v:.3f}", 0.05),
}
#: Seconds one page may take (Lighthouse loads it several times); a whole run is pages × runs × this at most.
PER_PAGE = 180


def score_pages(html: Path, page_paths: list[str] | None = None, runs: int = RUNS) -> list[dict]:
    """Lighthouse's result for each run of each page (scores, metrics, failing audits, seconds): every
    page once, then every page again, ``runs`` times, so that a slow minute of the machine falls on
    one run of several pages rather than on every run of one. Never two at once: Lighthouse times the
    page's work on this CPU."""
    page_paths = page_paths or pages(html)
    if not (TOOLS / "node_modules" / "lighthouse").is_dir():
        raise SystemExit("no Lighthouse in tools/lighthouse/node_modules: run `cd tools/lighthouse && npm ci`")
    server, base = serve(html, gzipped=True)
    try:
        run = subprocess.run(
            ["node", str(SCRIPT), CHROMIUM, base, *(page_paths * runs)],
            cwd=TOOLS,
            capture_output=True,
            text=True,
            timeout=PER_PAGE * len(page_paths) * runs,
        )
    finally:
        server.shutdown()
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or len(results) != len(page_paths) * runs:
        raise SystemExit(f"Lighthouse failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
    return results


class PageRuns(NamedTuple):
    """One page's runs: the median of each score and metric, and its performance on its slowest and fastest run."""

    page: str
    runs: int
    scores: dict  # category -> median score (None if Lighthouse gave none)
    metrics: dict  # metric -> median value
    slowest: int  # the lowest performance score of its runs
    fastest: int  # the highest

    @property
    def misses(self) -> list[str]:
        """The targets this page misses, in words (none: it meets them all)."""
        missed = [f"{CATEGORIES[c]} {self.scores[c]} < {t}" for c, t in TARGETS.items()
                  if self.scores[c] is not None and self.scores[c] < t]
        if self.slowest < SLOWEST_RUN:
            missed.append(f"slowest run {self.slowest} < {SLOWEST_RUN}")
        for m, (heading, shown, limit) in METRICS.items():
            if limit is not None and self.metrics[m] > limit:
                missed.append(f"{heading.split(' (')[0]} {shown(self.metrics[m])} > {shown(limit)}")
        return missed


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def per_page(results: list[dict]) -> list[PageRuns]:
    """Each page's runs summed up, in the order the pages were first scored.

    >>> runs = [{"page": "a.html", "scores": {"performance": p, "accessibility": 100, "best-practices": 100,
    ...          "seo": 100}, "metrics": {m: v for m in METRICS}} for p, v in ((86, 3), (96, 1), (93, 2))]
    >>> a = per_page(runs)[0]
    >>> a.scores["performance"], a.slowest, a.fastest, a.metrics["total-blocking-time"]
    (93, 86, 96, 2)
    """
    grouped: dict[str, list[dict]] = {}
    for r in results:
        grouped.setdefault(r["page"], []).append(r)
    summed = []
    for page, runs in grouped.items():
        performance = [r["scores"]["performance"] for r in runs if r["scores"]["performance"] is not None]
        summed.append(PageRuns(
            page=page,
            runs=len(runs),
            scores={c: _median(r["scores"][c] for r in runs) for c in CATEGORIES},
            metrics={m: _median(r["metrics"][m] for r in runs) for m in METRICS},
            slowest=min(performance, default=0),
            fastest=max(performance, default=0),
        ))
    return summed


def _cell(category: str, score) -> str:
    if score is None:
        return "–"
    shown = f"{score:g}"
    return shown if score >= TARGETS[category] else f"**{shown}**"


def _metric(metric: str, value) -> str:
    _, shown, limit = METRICS[metric]
    if value is None:
        return "–"
    return f"**{shown(value)}**" if limit is not None and value > limit else shown(value)


def report(results: list[dict], load: tuple[float, float] | None = None) -> str:
    """The section of bench/results.md: each page's median scores and metrics over its runs and the
    spread of its performance score, the pages at each target, what holds the low ones back, and the
    machine's load average before and after (Lighthouse times the page's work on this CPU)."""
    pages_run = per_page(results)
    runs = max((p.runs for p in pages_run), default=0)
    seconds = [r["seconds"] for r in results if r.get("seconds")]
    lines = [
        HEADING,
        "",
        "Lighthouse (tools/lighthouse/package.json), Debian's Chromium, mobile profile "
        "(simulated slow 4G, 4x slower CPU); "
        f"the book served gzipped from 127.0.0.1 by tools/lighthouse_scores.py, {runs} runs of every page "
        "(every page once, then again), one at a time. Each page is judged on the median of its runs: "
        f"performance ≥ {TARGETS['performance']} and ≥ {SLOWEST_RUN} on its slowest run, largest contentful "
        f"paint ≤ {METRICS['largest-contentful-paint'][2] / 1000:g} s, total blocking time ≤ "
        f"{METRICS['total-blocking-time'][2]} ms, layout shift ≤ {METRICS['cumulative-layout-shift'][2]}, "
        "the other three scores 100; a value that misses its target is in bold. Performance shows the median "
        "and, in brackets, the slowest and the fastest run.",
        "",
        *([f"Load average {load[0]:.1f} before and {load[1]:.1f} after the run, on {os.cpu_count()} cores."]
          if load else []),
        *([f"One Lighthouse run took {statistics.median(seconds):.0f} s (median; {min(seconds):.0f}–"
           f"{max(seconds):.0f} s), {sum(seconds) / 60:.1f} minutes for all {len(seconds)}."] if seconds else []),
        "",
        "| Page | Performance (slowest–fastest) | " + " | ".join(list(CATEGORIES.values())[1:]) + " | "
        + " | ".join(heading for heading, _, _ in METRICS.values()) + " |",
        "|---|" + "---|" * (len(CATEGORIES) + len(METRICS)),
    ]
    for p in pages_run:
        performance = _cell("performance", p.scores["performance"])
        if p.slowest < SLOWEST_RUN:
            spread = f"(**{p.slowest}**–{p.fastest})"
        else:
            spread = f"({p.slowest}–{p.fastest})"
        others = " | ".join(_cell(c, p.scores[c]) for c in list(CATEGORIES)[1:])
        metrics = " | ".join(_metric(m, p.metrics[m]) for m in METRICS)
        lines.append(f"| `{p.page}` | {performance} {spread} | {others} | {metrics} |")
    total = len(pages_run)
    met = sum(1 for p in pages_run if not p.misses)
    widest = max(pages_run, key=lambda p: p.fastest - p.slowest, default=None)
    lines += ["", f"Pages at every target (on the median of their runs): {met}/{total}."]
    if widest is not None:
        lines.append(f"Widest spread of performance between runs: {widest.fastest - widest.slowest} points "
                     f"(`{widest.page}`, {widest.slowest}–{widest.fastest}).")
    missing = [p for p in pages_run if p.misses]
    if missing:
        lines += ["", "Pages that miss a target:", ""]
        lines += [f"- `{p.page}`: " + "; ".join(p.misses) for p in missing]
    failing = {}
    for r in results:
        for audit in r["failing"]:
            failing.setdefault((audit["category"], audit["title"]), set()).add(r["page"])
    if failing:
        lines += ["", f"Audits that did not pass (score below 0.9) on at least one of {runs} runs, "
                  "with how many pages:", ""]
        for (category, title), where in sorted(failing.items(), key=lambda item: (item[0][0], -len(item[1]))):
            lines.append(f"- {CATEGORIES[category]}: {title} ({len(where)} pages, e.g. `{sorted(where)[0]}`)")
    blocking = {}
    for r in results:
        for item in r["blocking"]:
            blocking.setdefault(item["url"].split("/", 3)[-1].split("?")[0], []).append(item["ms"])
    if blocking:
        lines += [
            "",
            "Render-blocking files Lighthouse names (estimated saving, median over the runs that load them):",
            "",
        ]
        for name, ms in sorted(blocking.items(), key=lambda item: -statistics.median(item[1])):
            lines.append(f"- `{name}`: {statistics.median(ms):.0f} ms in {len(ms)} runs")
    return "\n".join(lines) + "\n"


def lighthouse_section(html: Path, page_paths: list[str] | None = None, runs: int = RUNS) -> str:
    """Score the pages ``runs`` times and return the report's Lighthouse section (for tools/bench.py)."""
    before = os.getloadavg()[0]
    results = score_pages(html, page_paths, runs)
    return report(results, (before, os.getloadavg()[0]))


def replace_section(results_text: str, section: str) -> str:
    """``results_text`` with its Lighthouse section replaced by ``section`` (added at the end if it has none).

    >>> replace_section("# A\\n\\n## Lighthouse\\n\\nold\\n\\n## B\\n", "## Lighthouse\\n\\nnew\\n")
    '# A\\n\\n## Lighthouse\\n\\nnew\\n\\n## B\\n'
    >>> replace_section("# A\\n", "## Lighthouse\\n")
    '# A\\n\\n## Lighthouse\\n'
    """
    head, found, rest = results_text.partition(HEADING + "\n")
    if not found:
        return results_text.rstrip("\n") + "\n\n" + section
    _, next_heading, tail = rest.partition("\n## ")
    return head + section + ("\n## " + tail if next_heading else "")


def scored_alone(section: str, when: str, commit: str) -> str:
    """``section`` with a line saying it was scored on its own, apart from the `make bench` run above it.

    >>> lines = scored_alone("## Lighthouse\\n\\nLighthouse ...\\n", "2026-12-07", "abc1234").splitlines()
    >>> lines[0], lines[2][:62], lines[4]
    ('## Lighthouse', 'Scored on its own (`tools/lighthouse_scores.py`) on 2026-12-07', 'Lighthouse ...')
    """
    head, _, rest = section.partition("\n\n")
    return (f"{head}\n\nScored on its own (`tools/lighthouse_scores.py`) on {when}, on the build of `{commit}`; "
            f"the sections above come from an earlier `make bench` run.\n\n{rest}")


def main(argv: list[str]) -> int:
    html = Path(argv[0] if argv else ROOT / "_build" / "html").resolve()
    section = lighthouse_section(html, argv[1:] or None)
    commit = subprocess.run(["git", "-C", str(html), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    section = scored_alone(section, datetime.date.today().isoformat(), commit.stdout.strip() or "an unknown commit")
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    RESULTS.write_text(replace_section(old, section), encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
