"""Print the built book to PDF with Debian's chromium: one PDF per page of _toc.yml and the whole book.

Usage: python tools/print_pdf.py [_build/html] [_build/pdf]   (what `make pdf` runs)

Each page is served on 127.0.0.1 (nothing is fetched from elsewhere), opened in headless chromium,
left as it first shows (every widget in its default state), and printed with a print stylesheet
that hides the navigation, the header buttons and the footer, and leaves each solution's body out. The pages
are printed in the order of _toc.yml and joined with pdfunite (Debian's poppler-utils) into
``book.pdf``; each page's own PDF is ``<file>.pdf`` (e.g. ``05_three_vs.pdf``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from mlops_book import links, site

#: What a printed page leaves out: the book's navigation and buttons, which do nothing on paper.
PRINT_CSS = """
@media print {
  .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer,
  .bd-footer-article, .prev-next-area, .header-article-items, .skip-link, #pst-back-to-top,
  .copybtn, .headerlink, .bd-search { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  .bd-page-width { max-width: 100% !important; }
  /* a handout leaves the solutions out (sphinx-togglebutton unfolds them for print): only their title stays */
  .solution.dropdown > :not(.admonition-title), .solution.dropdown .toggle-button { display: none !important; }
  .solution.dropdown > .admonition-title::after { content: " (left out of this handout: see the book)"; }
}
"""


def print_book(html: Path, out: Path) -> list[Path]:
    """Print every page of _toc.yml from ``html`` into ``out``; returns the per-page PDFs in reading order."""
    if not (html / "index.html").exists():
        sys.exit(f"No built book at {html}: run `make book` first.")
    out.mkdir(parents=True, exist_ok=True)
    server, base = site.serve(html)
    printed = []
    try:
        with sync_playwright() as p:
            browser = site.launch(p)
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            # the book is self-contained: anything from another origin is refused, not awaited
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                       or route.request.url.startswith("data:") else route.abort())
            for path in links.toc_files():
                page.goto(f"{base}/{path}.html", wait_until="load")
                page.wait_for_load_state("networkidle")
                if page.locator(".mlops-widget-views, .cell_output script[type*='widget-view']").count():
                    # widgets render from their saved state on the load event; wait until they have
                    page.wait_for_selector(".widget-stack, .jupyter-widgets", state="attached", timeout=30_000)
                    # each widget renders hidden over its static picture, then takes its place
                    page.wait_for_selector(".mlops-widget-fallback", state="detached", timeout=30_000)
                page.add_style_tag(content=PRINT_CSS)
                target = out / f"{Path(path).name}.pdf"
                page.pdf(path=str(target), format="A4", print_background=True,
                         margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
                printed.append(target)
            browser.close()
    finally:
        server.shutdown()
    subprocess.run(["pdfunite", *map(str, printed), str(out / "book.pdf")], check=True)
    return printed


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    html = args[0] if args else Path("_build/html")
    out = args[1] if len(args) > 1 else Path("_build/pdf")
    pages = print_book(html, out)
    print(f"{len(pages)} pages printed to {out}; the whole book is {out / 'book.pdf'}")
