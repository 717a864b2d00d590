#!/usr/bin/env python3
"""Benchmark the book (a script, not a test): build times, page weight, widget render time.

Runs on a copy of the book in a temporary folder, so the real book is not touched:

1. cold build from a fresh cache, 2. no-op rebuild, 3. rebuild after changing one
chapter's code (and which notebooks re-executed: only that one should), 4. bytes per
page, raw and gzipped, of everything the page loads in headless chromium, 5. time from
navigation to all widgets rendered, median of 5 runs per widget page, on 127.0.0.1. Which
pages show which interactives comes from the registry, mlops_book.interactives.

Writes bench/results.md, which chapters/appendix_benchmark.md includes. `make bench`.
"""

from __future__ import annotations

import datetime
import gzip
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from mlops_book.paths import BOOK_ROOT as ROOT

sys.path.insert(0, str(ROOT / "tests"))
from book_build import build, copy_book, html_of  # noqa: E402
from mlops_book.interactives import INTERACTIVES  # noqa: E402
from support import ALL_WIDGETS_RENDERED, CHROMIUM, LAUNCH_ARGS, WIDGET_VIEW, pages, serve  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
RUNS = 5
GZIP_LEVEL = 6  # what web servers commonly use
MB = 1_000_000
TARGETS = {  # name: (limit, unit)
    "cold build": (60.0, "s"),
    "no-op rebuild": (5.0, "s"),
    "widget page, gzipped": (2.0, "MB"),
    "text page, gzipped": (0.8, "MB"),
    "widgets rendered": (1.0, "s"),
}
EXECUTED = re.compile(r"(\S+\.(?:md|ipynb)): Executed notebook in ([\d.]+) seconds")


def timed_build(book: Path, out: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = build(book, out)
    seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{log[-3000:]}")
    return seconds, log


def executed(log: str) -> dict[str, float]:
    return {Path(path).name: float(seconds) for path, seconds in EXECUTED.findall(log)}


def change_one_chapter(book: Path) -> str:
    """Add a comment to the first code cell of the first chapter that has one: its
    notebook's hash changes, so jupyter-cache must run it again, and only it."""
    toc = (book / "_toc.yml").read_text(encoding="utf-8")
    for name in re.findall(r"file:\s*(\S+)", toc):
        path = book / f"{name}.md"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if "```{code-cell}" in text:
            head, cell = text.split("```{code-cell}", 1)
            first_line, rest = cell.split("\n", 1)
            lines = rest.split("\n")
            # after the cell's :option: lines, if any
            at = next(i for i, line in enumerate(lines) if not line.startswith(":"))
            lines.insert(at, "# benchmark: this cell changed")
            path.write_text(head + "```{code-cell}" + first_line + "\n" + "\n".join(lines), encoding="utf-8")
            return path.name
    raise SystemExit("no chapter with a code cell in _toc.yml")


def interactives_on(html: Path, page_path: str) -> list[str]:
    """The interactives a page shows, from the registry; a page embedding widgets it does not
    list would be weighed and timed as a text page, so that stops the benchmark."""
    shown = [entry.name for entry in INTERACTIVES if entry.page == page_path]
    if not shown and WIDGET_VIEW in (html / page_path).read_text(encoding="utf-8"):
        raise SystemExit(f"{page_path} shows widgets that mlops_book.interactives does not list")
    return shown


def measure_pages(html: Path) -> tuple[list[dict], dict[str, list[float]]]:
    """Per page: the files it loads (raw and gzipped bytes); per widget page: render times."""
    from playwright.sync_api import sync_playwright

    server, base = serve(html)
    weights, render_times = [], {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            for page_path in pages(html):
                shown = interactives_on(html, page_path)
                runs = RUNS if shown else 1
                for run in range(runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    loaded = []
                    page.on("requestfinished", lambda request, loaded=loaded: loaded.append(request.url))
                    page.goto(f"{base}/{page_path}")
                    if shown:
                        page.wait_for_function(ALL_WIDGETS_RENDERED, polling="raf", timeout=30000)
                        render_times.setdefault(page_path, []).append(page.evaluate("performance.now()") / 1000)
                    page.wait_for_load_state("networkidle")
                    if run == 0:
                        weights.append(page_weight(html, page_path, loaded, shown))
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return weights, render_times


def page_weight(html: Path, page_path: str, urls: list[str], shown: list[str]) -> dict:
    files = {}
    for url in urls:
        local = html / urlsplit(url).path.lstrip("/")
        if local.is_file():
            raw = local.read_bytes()
            files[local.relative_to(html).as_posix()] = (len(raw), len(gzip.compress(raw, GZIP_LEVEL, mtime=0)))
    return {
        "page": page_path,
        "widgets": shown,
        "raw": sum(r for r, _ in files.values()),
        "gzip": sum(g for _, g in files.values()),
        "files": files,
    }


# --- the report ---------------------------------------------------------------------


def verdict(name: str, value: float) -> str:
    limit, unit = TARGETS[name]
    if value <= limit:
        return f"met ({value:.2f} {unit} ≤ {limit:g} {unit})"
    return f"**missed by {value - limit:.2f} {unit}** ({value:.2f} {unit} > {limit:g} {unit}, {value / limit:.1f}×)"


def why_missed(times, worst_text, worst_widget, slowest_render, load) -> list[str]:
    """For each missed target, what the measurements say dominates it."""
    notes = []
    busy = f"the machine's load average was {max(load):.1f} on {os.cpu_count()} cores"
    slow = sorted(times["executed"].items(), key=lambda item: -item[1])[:3]
    if times["cold"] > TARGETS["cold build"][0]:
        notes.append(
            f"- Cold build: executing the notebooks took {sum(times['executed'].values()):.0f} s of it "
            f"(slowest: {', '.join(f'{n} {s:.1f} s' for n, s in slow)}); {busy}."
        )
    if times["noop"] > TARGETS["no-op rebuild"][0]:
        notes.append(f"- No-op rebuild: nothing re-executes, so this is Sphinx start-up and checks; {busy}.")
    for label, worst in (("text page, gzipped", worst_text), ("widget page, gzipped", worst_widget)):
        if worst and worst["gzip"] / MB > TARGETS[label][0]:
            name, (raw, packed) = max(worst["files"].items(), key=lambda item: item[1][1])
            notes.append(f"- {label.capitalize()}: the largest file is `{name}`, {packed / MB:.2f} MB gzipped.")
    if slowest_render > TARGETS["widgets rendered"][0]:
        embed = worst_widget["files"].get("widgets/embed.js") if worst_widget else None
        size = f" ({embed[0] / MB:.1f} MB unpacked)" if embed else ""
        notes.append(
            f"- Widgets rendered: the browser must parse and run the widget library `widgets/embed.js`{size} "
            f"before the first widget appears, then build every widget of the page; {busy}, and the "
            "browser shares the two cores with the local server."
        )
    return ["Where a target is missed, and why:", "", *notes] if notes else ["Every target is met."]


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def report(times: dict, changed: str, reran: dict, weights: list[dict], renders: dict, load: tuple) -> str:
    text_pages = [w for w in weights if not w["widgets"]]
    widget_pages = [w for w in weights if w["widgets"]]
    worst_text = max(text_pages, key=lambda w: w["gzip"])
    worst_widget = max(widget_pages, key=lambda w: w["gzip"]) if widget_pages else None
    medians = {page: statistics.median(values) for page, values in renders.items()}
    slowest_render = max(medians.values()) if medians else 0.0
    lines = [
        f"Measured {datetime.date.today().isoformat()} by `make bench` (tools/bench.py) on a copy of the book.",
        "",
        f"Machine: {os.cpu_count()} cores ({cpu_name()}), "
        f"Python {platform.python_version()}, {platform.system()}; load average "
        f"{load[0]:.1f} before and {load[1]:.1f} after the run (other work on the machine slows the builds).",
        "",
        "| Measure | Result | Target |",
        "|---|---|---|",
        f"| Cold build (fresh cache) | {times['cold']:.1f} s | {verdict('cold build', times['cold'])} |",
        f"| No-op rebuild | {times['noop']:.1f} s | {verdict('no-op rebuild', times['noop'])} |",
        f"| Rebuild after changing `{changed}` | {times['changed']:.1f} s; re-executed: "
        f"{', '.join(sorted(reran)) or 'nothing'} | only `{changed}` re-executes: "
        f"{'met' if set(reran) == {changed} else '**missed**'} |",
        f"| Heaviest text page, gzipped | {worst_text['gzip'] / MB:.2f} MB (`{worst_text['page']}`) "
        f"| {verdict('text page, gzipped', worst_text['gzip'] / MB)} |",
    ]
    if worst_widget:
        lines.append(
            f"| Heaviest widget page, gzipped | {worst_widget['gzip'] / MB:.2f} MB (`{worst_widget['page']}`) "
            f"| {verdict('widget page, gzipped', worst_widget['gzip'] / MB)} |"
        )
        lines.append(
            f"| Widgets rendered, slowest page (median of {RUNS}) | {slowest_render:.2f} s "
            f"| {verdict('widgets rendered', slowest_render)} |"
        )
    lines += ["", *why_missed(times, worst_text, worst_widget, slowest_render, load)]
    lines += ["", "Every page: everything it loads (HTML, scripts, styles, fonts, images), once, no browser cache.", ""]
    lines += ["| Page | Interactives | Raw MB | Gzipped MB | Widgets rendered (median, s) |", "|---|---|---|---|---|"]
    for w in weights:
        render = f"{medians[w['page']]:.2f}" if w["page"] in medians else "–"
        lines.append(
            f"| `{w['page']}` | {', '.join(w['widgets']) or '–'} "
            f"| {w['raw'] / MB:.2f} | {w['gzip'] / MB:.2f} | {render} |"
        )
    for label, group in (("text pages", text_pages), ("widget pages", widget_pages)):
        if group:
            lines.append(
                f"\nSummary, {len(group)} {label}: "
                f"gzipped median {statistics.median(w['gzip'] for w in group) / MB:.2f} MB, "
                f"largest {max(w['gzip'] for w in group) / MB:.2f} MB; raw median "
                f"{statistics.median(w['raw'] for w in group) / MB:.2f} MB."
            )
    heaviest = worst_widget or worst_text
    lines += ["", f"What `{heaviest['page']}` loads, largest first (gzipped):", ""]
    lines += ["| File | Raw KB | Gzipped KB |", "|---|---|---|"]
    for name, (raw, packed) in sorted(heaviest["files"].items(), key=lambda item: -item[1][1])[:8]:
        lines.append(f"| `{name}` | {raw / 1000:.0f} | {packed / 1000:.0f} |")
    lines += ["", "Notebook execution in the cold build, slowest first:", ""]
    lines += ["| Notebook | Seconds |", "|---|---|"]
    slowest_first = sorted(times["executed"].items(), key=lambda item: -item[1])
    lines += [f"| `{name}` | {seconds:.1f} |" for name, seconds in slowest_first]
    return "\n".join(lines) + "\n"


def main() -> int:
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        book, out = copy_book(Path(tmp) / "book"), Path(tmp) / "out"
        print("cold build ...", flush=True)
        cold, cold_log = timed_build(book, out)
        print(f"  {cold:.1f} s; no-op rebuild ...", flush=True)
        noop, _ = timed_build(book, out)
        changed = change_one_chapter(book)
        print(f"  {noop:.1f} s; rebuild after changing {changed} ...", flush=True)
        after_change, change_log = timed_build(book, out)
        reran = executed(change_log)
        print(f"  {after_change:.1f} s, re-executed {sorted(reran)}; pages in chromium ...", flush=True)
        weights, renders = measure_pages(html_of(out))
    times = {"cold": cold, "noop": noop, "changed": after_change, "executed": executed(cold_log)}
    RESULTS.parent.mkdir(exist_ok=True)
    loads = (load_before, os.getloadavg()[0])
    RESULTS.write_text(report(times, changed, reran, weights, renders, loads), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
