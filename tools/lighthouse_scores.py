#!/usr/bin/env python3
"""Score every page of a built book with Lighthouse, served with gzip as a static host serves it.

Lighthouse is pinned in ``tools/lighthouse/package.json`` (for the bench only, never shipped) and runs
against Debian's Chromium with its default mobile profile (a phone's screen, simulated slow 4G,
a 4x slower CPU). The pages are served from 127.0.0.1 by :func:`mlops_book.site.serve`: text files
gzipped as GitHub Pages and most static hosts send them, with a short cache lifetime, so the
transfer sizes Lighthouse sees are the ones a reader's browser downloads.

``tools/bench.py`` calls :func:`lighthouse_section` for ``make bench``; run alone, this script
scores an existing build and replaces the Lighthouse section of ``bench/results.md``::

    PYTHONPATH=src python tools/lighthouse_scores.py _build/html
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
#: The issue's targets: performance at least 90 on every page, the other three 100.
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
#: Seconds one page may take (Lighthouse loads it several times); a whole run is pages × this at most.
PER_PAGE = 180


def score_pages(html: Path, page_paths: list[str] | None = None) -> list[dict]:
    """Lighthouse's result for each page (scores, metrics, failing audits), in page order."""
    page_paths = page_paths or pages(html)
    if not (TOOLS / "node_modules" / "lighthouse").is_dir():
        raise SystemExit("no Lighthouse in tools/lighthouse/node_modules: run `cd tools/lighthouse && npm ci`")
    server, base = serve(html, gzipped=True)
    try:
        run = subprocess.run(
            ["node", str(SCRIPT), CHROMIUM, base, *page_paths],
            cwd=TOOLS,
            capture_output=True,
            text=True,
            timeout=PER_PAGE * len(page_paths),
        )
    finally:
        server.shutdown()
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or len(results) != len(page_paths):
        raise SystemExit(f"Lighthouse failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
    return results


def _cell(category: str, score) -> str:
    if score is None:
        return "–"
    return str(score) if score >= TARGETS[category] else f"**{score}**"


def report(results: list[dict], load: tuple[float, float] | None = None) -> str:
    """The section of bench/results.md: each page's four scores, what holds the low ones back, and the
    machine's load average before and after the run (Lighthouse times the page's work on this CPU)."""
    lines = [
        HEADING,
        "",
        "Lighthouse (tools/lighthouse/package.json), Debian's Chromium, mobile profile "
        "(simulated slow 4G, 4x slower CPU); "
        "the book served gzipped from 127.0.0.1 by tools/lighthouse_scores.py. Targets: performance ≥ 90, "
        "the others 100; a score below its target is in bold.",
        "",
        *(
            [f"Load average {load[0]:.1f} before and {load[1]:.1f} after the run, on {os.cpu_count()} cores.", ""]
            if load
            else []
        ),
        "| Page | " + " | ".join(CATEGORIES.values()) + " | First contentful paint (s) | Total blocking time (ms) |",
        "|---|" + "---|" * (len(CATEGORIES) + 2),
    ]
    for r in results:
        scores = " | ".join(_cell(c, r["scores"][c]) for c in CATEGORIES)
        m = r["metrics"]
        lines.append(
            f"| `{r['page']}` | {scores} | {m['first-contentful-paint'] / 1000:.1f} | {m['total-blocking-time']:.0f} |"
        )
    met = {c: sum(1 for r in results if (r["scores"][c] or 0) >= TARGETS[c]) for c in CATEGORIES}
    lines += ["", "Pages at target: " + ", ".join(f"{CATEGORIES[c]} {met[c]}/{len(results)}" for c in CATEGORIES) + "."]
    failing = {}
    for r in results:
        for audit in r["failing"]:
            failing.setdefault((audit["category"], audit["title"]), []).append(r["page"])
    if failing:
        lines += ["", "Audits that did not pass (score below 0.9), with how many pages:", ""]
        for (category, title), where in sorted(failing.items(), key=lambda item: (item[0][0], -len(item[1]))):
            lines.append(f"- {CATEGORIES[category]}: {title} ({len(where)} pages, e.g. `{where[0]}`)")
    blocking = {}
    for r in results:
        for item in r["blocking"]:
            blocking.setdefault(item["url"].split("/", 3)[-1].split("?")[0], []).append(item["ms"])
    if blocking:
        lines += [
            "",
            "Render-blocking files Lighthouse names (estimated saving, median over the pages that load them):",
            "",
        ]
        for name, ms in sorted(blocking.items(), key=lambda item: -sorted(item[1])[len(item[1]) // 2]):
            lines.append(f"- `{name}`: {sorted(ms)[len(ms) // 2]:.0f} ms on {len(ms)} pages")
    return "\n".join(lines) + "\n"


def lighthouse_section(html: Path, page_paths: list[str] | None = None) -> str:
    """Score the pages and return the report's Lighthouse section (for tools/bench.py)."""
    before = os.getloadavg()[0]
    results = score_pages(html, page_paths)
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


def main(argv: list[str]) -> int:
    html = Path(argv[0] if argv else ROOT / "_build" / "html").resolve()
    section = lighthouse_section(html, argv[1:] or None)
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    RESULTS.write_text(replace_section(old, section), encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
