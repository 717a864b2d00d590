"""Build the graded assignments for one term with otter-grader: what `make assignments` runs.

Usage: python tools/build_assignments.py [OUT] [--seed N]   (OUT: _build/assignments; N: the term seed)

For each assignment in ``assignments/<name>/`` (a master notebook ``<name>.md`` in otter's format, stored as
MyST Markdown), in a scratch folder:

1. write the term's simulated data, drawn from the seed (:func:`mlops_book.graded.write_term`), and the
   assignment's ``requirements.txt`` (the book's pins of what the notebook imports, for ``otter grade``'s image);
2. run the master notebook on that data (nbclient), so its test cells hold this term's outputs: otter's
   tests compare a learner's outputs with them, so the hidden tests' expected values come from the seed;
3. run ``otter assign``, which writes ``OUT/<name>/student/`` (the notebook learners get, with the data and the
   public tests) and ``OUT/<name>/autograder/`` (the solutions notebook and ``autograder.zip``, with the hidden
   tests), and checks that the solutions notebook gets full marks.

``OUT/<name>`` is emptied first, so nothing stale stays. Nothing here is committed (``_build/`` is ignored):
a public repository holds the method, never a term's expected answers.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mlops_book import graded
from mlops_book.paths import BOOK_ROOT

#: Where the master notebooks are, one folder per assignment.
ASSIGNMENTS = BOOK_ROOT / "assignments"
#: The distributions an assignment's notebook imports (pinned for the grading image from requirements.txt).
IMPORTS = ("numpy", "pandas", "scipy", "scikit-learn", "river")


def pins(names=IMPORTS, requirements: Path = BOOK_ROOT / "requirements.txt") -> list[str]:
    """The book's exact pins of ``names``, as requirement lines.

    >>> [line.split("==")[0] for line in pins(("pandas", "river"))]
    ['pandas', 'river']
    """
    pinned = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pinned[re.sub(r"[-_.]+", "-", match[1]).lower()] = line.strip()
    missing = [name for name in names if name not in pinned]
    if missing:
        raise ValueError(f"{requirements}: no exact pin for {', '.join(missing)}")
    return [pinned[name] for name in names]


def names() -> list[str]:
    """The assignments, by folder: each holds ``<folder>.md`` and has a world in :data:`graded.ASSIGNMENTS`.

    >>> names() == sorted(graded.ASSIGNMENTS)
    True
    """
    found = sorted(p.parent.name for p in ASSIGNMENTS.glob("*/*.md") if p.stem == p.parent.name)
    unknown = sorted(set(found) ^ set(graded.ASSIGNMENTS))
    if unknown:
        raise ValueError(f"assignments/ and mlops_book.graded.ASSIGNMENTS disagree about {unknown}")
    return found


def build(name: str, seed: int, out: Path, check: bool = True) -> Path:
    """Build assignment ``name`` for term ``seed`` into ``out/<name>`` (student/ and autograder/); return it.

    ``check=False`` skips otter's grading of the solutions notebook (a second build of the same notebooks)."""
    import jupytext
    from nbclient import NotebookClient

    target = Path(out).resolve() / name
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"assignment-{name}-") as scratch:
        stage = Path(scratch)
        graded.write_term(name, seed, stage)
        (stage / "requirements.txt").write_text("\n".join(pins()) + "\n", encoding="utf-8")
        notebook = jupytext.read(ASSIGNMENTS / name / f"{name}.md")
        notebook.metadata.pop("jupytext", None)
        NotebookClient(notebook, timeout=900, kernel_name="python3",
                       resources={"metadata": {"path": str(stage)}}).execute()
        master = stage / f"{name}.ipynb"
        jupytext.write(notebook, master, fmt="ipynb")
        otter = Path(sys.executable).with_name("otter")
        subprocess.run([str(otter), "assign", str(master), str(target), *([] if check else ["--no-run-tests"])],
                       check=True)
    # otter names the zip after the assignment and the time (drift_policy-autograder_2026_...zip): one stable name
    made = sorted((target / "autograder").glob(f"{name}-autograder_*.zip"))
    if len(made) != 1:
        raise RuntimeError(f"otter assign wrote {len(made)} autograder zip files for {name}, not one: {made}")
    made[0].rename(target / "autograder" / "autograder.zip")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(BOOK_ROOT / "_build" / "assignments"), type=Path)
    parser.add_argument("--seed", type=int, default=graded.DEFAULT_SEED,
                        help=f"the term seed (default {graded.DEFAULT_SEED})")
    parser.add_argument("--no-check", action="store_true",
                        help="skip otter's check that the solutions get full marks")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error("--seed must be a whole number >= 0")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in names():
        print(f"== {name}: term seed {args.seed}", flush=True)
        target = build(name, args.seed, args.out, check=not args.no_check)
        print(f"   learners get {target / 'student'}; grade with {target / 'autograder' / 'autograder.zip'}")
    (args.out / "term-seed.txt").write_text(
        f"{args.seed}\nThe term seed these assignments were built with: keep it from learners.\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
