"""The built book as a site: build a copy of it, list its pages, serve it on 127.0.0.1, open it in chromium.

One home for what the tests (``tests/``) and the tools (``tools/bench.py``, ``tools/lighthouse_scores.py``,
``tools/print_pdf.py``) both do with a built book, so neither imports the other's files.

>>> import tempfile
>>> copy = copy_book(Path(tempfile.mkdtemp()) / "book")
>>> (copy / "_config.yml").exists(), (copy / "tests").exists()
(True, False)
>>> html_of(Path("/tmp/out")).as_posix()
'/tmp/out/_build/html'
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from .paths import BOOK_ROOT

#: Folders of the output that hold assets, not pages.
ASSET_FOLDERS = {"_static", "_sources", "_images", "widgets", "_downloads"}
#: How myst-nb marks a place where a widget is displayed.
WIDGET_VIEW = 'type="application/vnd.jupyter.widget-view+json"'

# --- Building a copy ---------------------------------------------------------------------------

#: What a build of a copy does not need: not .git, .venv, outputs, the tests or the tools.
NOT_NEEDED = (
    ".git", ".venv", ".lockenv", "_build", "_build.log", "node_modules", "test-artifacts",
    ".pytest_cache", "__pycache__", "*.egg-info", ".ipynb_checkpoints", "tests", "tools",
)


def copy_book(dest: Path) -> Path:
    """Copy the book's sources to ``dest`` (which must not exist) and return it."""
    shutil.copytree(BOOK_ROOT, dest, ignore=shutil.ignore_patterns(*NOT_NEEDED))
    return dest


def build(book: Path, out: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    """Build ``book`` into ``out``/_build/html the way `make book` does (strict), from ``out``'s cache.

    The build imports the copy's own ``mlops_book`` (``book/src``) and reads the copy's own ``data/``,
    so a broken data file or chapter in the copy never touches the real book."""
    env = {k: v for k, v in os.environ.items() if k not in ("MLOPS_BOOK_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = str(book / "src")
    env["MLOPS_BOOK_DATA"] = str(book / "data")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run(
        [str(jupyter_book), "build", "-W", "-n", "--keep-going", "--path-output", str(out), str(book)],
        capture_output=True, text=True, env=env, timeout=timeout,
    )


def html_of(out: Path) -> Path:
    """Where :func:`build` put the HTML of a build into ``out``."""
    return out / "_build" / "html"


# --- Its pages ---------------------------------------------------------------------------------


def pages(html: Path) -> list[str]:
    """Every HTML page of a built book, as paths relative to ``html``, found in the HTML (never
    listed by hand, since chapters come and go)."""
    found = [
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not ASSET_FOLDERS & set(p.relative_to(html).parts[:-1])
    ]
    return sorted(found)


# --- Serving it --------------------------------------------------------------------------------

#: What static hosts compress (fonts and images are compressed already).
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".txt", ".map", ".ipynb", ".md"}
GZIP_LEVEL = 6  # what web servers commonly use


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request."""

    def log_message(self, *args):
        pass


class _GzipHandler(_QuietHandler):
    """Static files, text gzipped when the browser accepts it, with GitHub Pages' cache lifetime."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """The file-like object ``SimpleHTTPRequestHandler`` copies to the socket and closes."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size=-1):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(html: Path, gzipped: bool = False) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a built book on an ephemeral port of 127.0.0.1; returns the server and its URL.

    ``gzipped``: send text gzipped, as GitHub Pages and most static hosts do (for page weights and
    Lighthouse). Stop the server with ``server.shutdown()``."""
    handler = _GzipHandler if gzipped else _QuietHandler
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# --- Opening it in chromium --------------------------------------------------------------------

#: Debian's chromium, which the browser tests and tools drive through playwright.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: As root, in a sandbox, with no network but 127.0.0.1: chromium's own background requests would
#: each be refused (and logged) by the closed network.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: True once the page is parsed and every widget view on it has rendered: the widget runtime
#: (vendor/widgets/runtime.js), like html-manager before it, renders each view into a
#: .widget-subarea it inserts just before the view's <script> tag. Never true on a page that has
#: not been parsed yet or has no widget view (where "every view" would hold vacuously).
VIEWS_RENDERED = """() => {
    const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
    return document.readyState !== 'loading' && views.length > 0 && views.every(view => {
        const area = view.previousElementSibling;
        return area && area.classList.contains('widget-subarea') && area.children.length > 0;
    });
}"""
#: VIEWS_RENDERED, and shown: the book's runtime renders each view hidden beside the static picture
#: the page shows in its place (_ext/steps/widget_fallbacks.py), then swaps it in; no picture is left.
ALL_WIDGETS_RENDERED = f"""() => ({VIEWS_RENDERED})() && document.querySelector('.mlops-widget-fallback') === null"""


#: Run before the page's own scripts (playwright's add_init_script): records Chromium's layout shifts.
#: CUMULATIVE_SHIFT then gives Chromium's cumulative layout shift: the largest session window of
#: shifts (each within 1 s of the last, 5 s at most) not caused by input, as web-vitals computes it,
#: and the shifted elements.
OBSERVE_SHIFTS = """() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            window.__shifts.push({value: entry.value, time: entry.startTime,
                sources: entry.sources.map((s) => s.node ? (s.node.className || s.node.nodeName) + '' : '?')});
        }
    }).observe({type: 'layout-shift', buffered: true});
}"""
CUMULATIVE_SHIFT = """() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
    let best = 0, window_ = 0, first = 0, last = 0, sources = [];
    for (const shift of window.__shifts) {
        if (window_ && shift.time - last < 1000 && shift.time - first < 5000) window_ += shift.value;
        else { window_ = shift.value; first = shift.time; }
        last = shift.time;
        best = Math.max(best, window_);
        sources.push(...shift.sources.map((s) => `${s} (${shift.value.toFixed(3)})`));
    }
    resolve([best, sources.slice(0, 8)]);
})))"""

#: The widget runtime's script, whatever query string the page adds to its address.
RUNTIME_SCRIPT = re.compile(r"/widgets/runtime\.js(\?.*)?$")
#: Scroll so that the first static picture's lower edge is mid-screen: the text below it in view.
SHOW_TEXT_BELOW_FIRST_PICTURE = """() => {
    const box = document.querySelector('.mlops-widget-fallback').getBoundingClientRect();
    window.scrollBy(0, box.bottom - window.innerHeight / 2);
}"""
AFTER_A_PAINT = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def layout_shift_when_widgets_arrive_late(page, url: str) -> tuple[float, list[str]]:
    """Chromium's cumulative layout shift of a widget page whose widget script arrives only after the
    page has been painted and scrolled to the text below its first interactive: the worst case of a
    slow network, made certain by holding the script's request until then. Returns the shift and the
    shifted elements."""
    held = []
    page.route(RUNTIME_SCRIPT, lambda route: held.append(route))
    page.add_init_script(f"({OBSERVE_SHIFTS})()")
    page.goto(url, wait_until="commit")
    page.locator(".mlops-widget-fallback").first.wait_for(state="visible")
    page.evaluate(SHOW_TEXT_BELOW_FIRST_PICTURE)
    page.evaluate(AFTER_A_PAINT)
    # The deferred script's request may be issued only after the paint; on a loaded machine it can come
    # late, so give playwright up to 10 s to hand it to the route handler (each wait lets it dispatch).
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(50)
    if len(held) != 1:
        raise AssertionError(f"{url}: expected to hold one request for the widget runtime, held {len(held)}")
    held[0].continue_()
    wait_for_all_widgets(page)
    return tuple(page.evaluate(CUMULATIVE_SHIFT))


def wait_for_fonts(page) -> None:
    """Wait until the page's web fonts have loaded. After its load event a built page asks for nothing
    more but its icon, so this, not the network being idle (half a second a page), says it is ready."""
    page.evaluate("() => document.fonts.ready.then(() => null)")


def wait_for_all_widgets(page, timeout=15000):
    """Wait until every widget view on the page has rendered, none with an error."""
    page.wait_for_function(ALL_WIDGETS_RENDERED, timeout=timeout)
    if page.locator("text=Error displaying widget").count():
        raise AssertionError("a widget failed to display")


def launch(playwright):
    """Debian's chromium, headless, through playwright; a clear error when it is not installed."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"No browser at {CHROMIUM}: `sudo apt-get install chromium` (make test does as root)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
