"""axe-core in the browser tests: the pinned script, the WCAG criteria it checks and how its
findings are told (the ``axe_source`` fixture is in conftest.py). Every page is checked with it in
test_every_page.py, pages in dark mode in test_dark_mode.py.

axe-core is pinned in tools/package.json and installed by `make test` (npm ci in tools/).
"""

from __future__ import annotations

from support import ROOT

AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"critical", "serious"}

RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


def describe(violations) -> str:
    """axe's violations, one line each and a line per element (eight at most)."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    at {node['target']}: {node['summary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


#: Relative luminance of a computed CSS colour "rgb(r, g, b)" or "rgba(r, g, b, a)".
LUMINANCE = """(css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map(c => {
        c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""
