"""Print the built book as handouts with Debian's chromium: students' handouts and book, and the instructors' pack.

Usage: python tools/print_pdf.py [_build/html] [_build/pdf]   (what `make pdf` runs)

What it writes into the output folder (every name made from the page's whole path, so that no two pages
share a file; :func:`plan` checks it):

- ``handouts/``: one PDF per chapter and lab (``chapter-05-three-vs.pdf``, ``lab-03-rollout.pdf``) and per
  reference page (``glossary.pdf``), for students: the reading text, the figures, each interactive in its
  first view and each exercise's prompt, with its made-up data. Left out: the solutions, the code and its
  toggle bars, the cells where a learner types an answer (``answer = ...``) and their checks, the live
  section of a lab (it needs a kernel), the self-check quiz (a form that only works on screen),
  the navigation and the buttons.
- ``student-book.pdf``: the landing page, the chapters, the labs and the reference pages, in the order of
  ``_toc.yml``, with nothing an instructor keeps back.
- ``instructors/``: one PDF per instructors' page (``chapter-05-three-vs.pdf``, the guide as
  ``instructor-guide.pdf``), and ``instructor-pack.pdf``: the guide and every instructors' page, with the
  session plans, notes, model answers, rubrics and the quizzes' answer keys. Not for students.

The pages about the book itself ("How this book is built", the benchmark) are in neither.

Each page is served on 127.0.0.1 (nothing is fetched from elsewhere), opened in headless chromium, left as
it first shows (every widget in its first state, rendered from the page's saved state), then marked for
print by :data:`MARK_FOR_PRINT` and printed with :data:`PRINT_CSS`. The collections are joined with
pdfunite (Debian's poppler-utils).
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from mlops_book import site
from mlops_book.paths import BOOK_ROOT

STUDENT_BOOK = "student-book.pdf"
INSTRUCTOR_PACK = "instructor-pack.pdf"
HANDOUTS = "handouts"
INSTRUCTORS = "instructors"
#: The toc part whose pages are about the book itself; of them only the instructors' pages are printed.
ABOUT_PART = "About this book"
#: A numbered page: a chapter (``chapters/05_three_vs``) or a lab (``chapters/labs/03_rollout``).
_NUMBERED = re.compile(r"(?:chapters/)?(?:instructors/)?(labs/)?(\d+)_(\w+)")

#: What a printed page leaves out, and how it is laid out on A4 (the classes come from the marking below,
#: the theme (pydata-sphinx-theme, sphinx-book-theme) and myst-nb's cells).
PRINT_CSS = """
@media print {
  /* the book's navigation and buttons, which do nothing on paper, and the theme's printed contents list */
  .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer,
  .bd-footer-article, .prev-next-area, .header-article-items, .skip-link, #pst-back-to-top,
  .copybtn, .headerlink, .bd-search, .bd-toc, nav.bd-links, .sidebar-toggle, #jb-print-docs-body {
    display: none !important; }
  /* the page's own numbered title instead (sphinx-book-theme hides it in print for its contents list) */
  .bd-main .bd-content .bd-article h1:first-of-type { display: block !important; margin-top: 0 !important; }
  .bd-main .bd-content .bd-article-container, .bd-page-width, .bd-main, .bd-main .bd-content, .bd-article {
    max-width: 100% !important; width: 100% !important; padding: 0 !important; margin: 0 !important; }
  /* a handout shows what the code makes, never the code or the bar that unfolds it */
  .cell_input, details.hide > summary { display: none !important; }
  details.hide { border: none !important; box-shadow: none !important; padding: 0 !important; margin: 0 !important; }
  /* the solutions, the cells a learner answers in, the live part of a lab, the on-screen quiz */
  .solution, .mlops-print-omit { display: none !important; }
  /* no heading at the foot of a page; a box, a row, a picture kept whole; long tables may break between rows */
  h1, h2, h3, h4 { break-after: avoid-page; }
  figure, .mlops-stat, tr, img, svg { break-inside: avoid-page; }
  /* a box or card too tall for what is left of a page goes on over the page instead of leaving it half blank
     (chapter 7's "Code Quality Gaps" card left 58% of a page empty): its paragraphs, lists and quotes stay
     whole, a table in it breaks between rows, and its title stays with what follows */
  .mlops-card, .admonition { break-inside: auto !important; }
  .mlops-card > p, .mlops-card > ul, .mlops-card > ol, .mlops-card blockquote, .admonition > p, .admonition > ul,
  .admonition > ol, .admonition blockquote { break-inside: avoid-page; }
  .admonition-title, .mlops-card > :first-child { break-after: avoid-page; }
  .bd-main .bd-content table { break-inside: auto; }
  /* a box that scrolls on screen is one unbreakable block in chromium's print: let it flow instead */
  .mlops-table, .cell_output, .output, .bd-article-container, .table-wrapper { overflow: visible !important; }
  /* a lab's chart at a size that leaves room for its controls and its numbers on the same page */
  .mlops-widget img { max-height: 9cm; width: auto !important; max-width: 100%; }
  /* a chart no taller than about a third of the page, so it fits under the text that leads into it */
  .mlops-chart svg { max-height: 10cm; width: auto !important; max-width: 100%; }
  /* cards one under another: a long quote in a third of A4 is a column of single words taller than a page */
  .mlops-cards { grid-template-columns: 1fr !important; }
  body { font-size: 11pt; }
}
"""

#: Run in the page before printing: marks what :data:`PRINT_CSS` leaves out that no class names.
#: A cell whose code a learner edits or runs to answer (``answer = ...``, ``exercises.check(...)``), with the
#: short lead-in paragraph just above it ("A wrong answer is told why:"); a section with a kernel-only cell
#: (``pages.live(...)``); a section holding the quiz; a decorative emoji. Returns how many elements it marked.
MARK_FOR_PRINT = r"""() => {
  const omit = (element) => element.classList.add('mlops-print-omit');
  let count = 0;
  for (const cell of document.querySelectorAll('.cell')) {
    const code = (cell.querySelector('.cell_input') || {}).textContent || '';
    if (/pages\.live\(/.test(code)) {
      omit(cell.closest('section') || cell); count++;
    } else if (/\banswer\s*=|exercises\.check\(/.test(code)) {
      omit(cell); count++;
      const before = cell.previousElementSibling;
      if (before && before.tagName === 'P' && before.textContent.trim().endsWith(':')
          && before.textContent.length < 200) { omit(before); count++; }
    }
  }
  // a fold (written tasks, discussion questions) is one tap away on screen; on paper it is open
  for (const fold of document.querySelectorAll('details.mlops-fold')) { fold.open = true; }
  for (const quiz of document.querySelectorAll('.mlops-quiz')) {
    omit(quiz.closest('section') || quiz); count++;
  }
  // decorative emoji (hidden from screen readers already): the print has no colour emoji font, only empty boxes
  for (const icon of document.querySelectorAll('span[aria-hidden="true"]')) {
    if (!icon.children.length && /^\s*\p{Extended_Pictographic}/u.test(icon.textContent)) { omit(icon); count++; }
  }
  return count;
}"""


@dataclass(frozen=True)
class Printed:
    """One page to print: its path in ``_toc.yml``, who it is for (``student`` or ``instructor``) and its
    own PDF's path inside the output folder."""

    path: str
    audience: str
    file: str


def pdf_name(path: str) -> str:
    """A page's PDF name, made from its whole path so that a chapter and its instructors' page differ.

    >>> pdf_name("chapters/05_three_vs"), pdf_name("chapters/instructors/05_three_vs")
    ('chapter-05-three-vs.pdf', 'chapter-05-three-vs.pdf')
    >>> pdf_name("chapters/labs/03_rollout"), pdf_name("chapters/paper_differences")
    ('lab-03-rollout.pdf', 'paper-differences.pdf')
    """
    numbered = _NUMBERED.fullmatch(path)
    if numbered:
        kind = "lab" if numbered.group(1) else "chapter"
        return f"{kind}-{numbered.group(2)}-{numbered.group(3).replace('_', '-')}.pdf"
    return f"{path.rsplit('/', 1)[-1].replace('_', '-')}.pdf"


def _is_instructors(path: str) -> bool:
    return path == "chapters/instructor_guide" or path.startswith("chapters/instructors/")


def plan(root: Path = BOOK_ROOT) -> list[Printed]:
    """Every page to print, in the order of ``_toc.yml``, each with its audience and file.

    >>> pages = {p.path: p for p in plan()}
    >>> pages["chapters/05_three_vs"].file, pages["chapters/instructors/05_three_vs"].file
    ('handouts/chapter-05-three-vs.pdf', 'instructors/chapter-05-three-vs.pdf')
    >>> "chapters/how_this_book_is_built" in pages, pages["index"].audience
    (False, 'student')
    """
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    pages: list[tuple[str, str | None]] = [(str(toc["root"]), None)]

    def walk(entries, caption):
        for entry in entries or []:
            if "file" in entry:
                pages.append((str(entry["file"]).removesuffix(".md"), caption))
            walk(entry.get("sections"), caption)

    for part in toc.get("parts") or [toc]:
        walk(part.get("chapters"), part.get("caption"))
    printed = []
    for path, caption in pages:
        if _is_instructors(path):
            printed.append(Printed(path, "instructor", f"{INSTRUCTORS}/{pdf_name(path)}"))
        elif caption != ABOUT_PART:
            printed.append(Printed(path, "student", f"{HANDOUTS}/{pdf_name(path)}"))
    files = [p.file for p in printed]
    clashes = sorted({f for f in files if files.count(f) > 1})
    if clashes:
        raise ValueError(f"two pages would print to the same file: {clashes}")
    return printed


def print_book(html: Path, out: Path, root: Path = BOOK_ROOT) -> list[Path]:
    """Print every page of :func:`plan` from ``html`` into ``out`` and join the student book and the
    instructor pack; returns the per-page PDFs in reading order."""
    if not (html / "index.html").exists():
        sys.exit(f"No built book at {html}: run `make book` first.")
    pages = plan(root)
    for folder in (HANDOUTS, INSTRUCTORS):
        (out / folder).mkdir(parents=True, exist_ok=True)
    server, base = site.serve(html)
    try:
        with sync_playwright() as p:
            browser = site.launch(p)
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.emulate_media(color_scheme="light")
            # the book is self-contained: anything from another origin is refused, not awaited
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                       or route.request.url.startswith("data:") else route.abort())
            for printed in pages:
                page.goto(f"{base}/{printed.path}.html", wait_until="load")
                site.wait_for_fonts(page)
                if page.locator(".mlops-widget-views, .cell_output script[type*='widget-view']").count():
                    # widgets render from their saved state on the load event; wait until they have
                    page.wait_for_selector(".widget-stack, .jupyter-widgets", state="attached", timeout=30_000)
                    # each widget renders hidden over its static picture, then takes its place
                    page.wait_for_selector(".mlops-widget-fallback", state="detached", timeout=30_000)
                page.evaluate(MARK_FOR_PRINT)
                page.add_style_tag(content=PRINT_CSS)
                page.pdf(path=str(out / printed.file), format="A4", print_background=True,
                         margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
            browser.close()
    finally:
        server.shutdown()
    for name, audience in ((STUDENT_BOOK, "student"), (INSTRUCTOR_PACK, "instructor")):
        parts = [str(out / p.file) for p in pages if p.audience == audience]
        subprocess.run(["pdfunite", *parts, str(out / name)], check=True)
    return [out / p.file for p in pages]


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    html = args[0] if args else Path("_build/html")
    out = args[1] if len(args) > 1 else Path("_build/pdf")
    printed = print_book(html, out)
    print(f"{len(printed)} pages printed to {out}: handouts in {out / HANDOUTS}, {out / STUDENT_BOOK}; "
          f"for instructors only: {out / INSTRUCTORS}, {out / INSTRUCTOR_PACK}")
