// Score pages with Lighthouse (pinned in package.json), one Chromium for all of them; for tools/lighthouse_scores.py.
//
//   node lighthouse-pages.mjs <chromium> <base URL> <page> [<page> ...]
//
// A page listed several times is scored once per listing, in the order given (tools/lighthouse_scores.py
// lists every page once per run), one at a time.
// Lighthouse's default settings: the mobile profile (a phone's screen, simulated slow 4G and a 4x
// slower CPU). Prints one JSON line per page: its four category scores (0-100), its metrics, and
// the audits of those categories that did not pass, for the report to say what holds a score back, and
// the seconds the run took.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

const [chromium, base, ...pages] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: chromium,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  for (const page of pages) {
    const started = Date.now();
    const result = await lighthouse(`${base}/${page}`, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES });
    const { categories, audits, runtimeError } = result.lhr;
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, categories[c].score === null ? null : Math.round(categories[c].score * 100)]));
    const metrics = Object.fromEntries(METRICS.map((m) => [m, audits[m].numericValue]));
    const failing = [];
    for (const c of CATEGORIES) {
      for (const ref of categories[c].auditRefs) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) {
          failing.push({ category: c, id: ref.id, title: audit.title, score: audit.score, display: audit.displayValue || "" });
        }
      }
    }
    const blocking = (audits["render-blocking-resources"].details?.items || []).map((i) => ({ url: i.url, ms: i.wastedMs }));
    console.log(JSON.stringify({ page, scores, metrics, failing, blocking, error: runtimeError?.message || "", seconds: (Date.now() - started) / 1000 }));
  }
} finally {
  await chrome.kill();
}
