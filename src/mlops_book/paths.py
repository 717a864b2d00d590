"""Where the book's files are: the repository's root folder, and the data the package reads.

The package runs in one of two ways. From a checkout (``pip install -e .``: ``make``, Binder's
``postBuild``), its root is two folders above ``src/mlops_book``, and everything that needs a file
of the book (``data/``, ``_config.yml``, ``chapters/``) starts from :data:`BOOK_ROOT`. Installed
from a wheel (``pip install .``, ``pip install git+<repository>``, a JupyterHub's image, Colab), it
has no checkout around it: the wheel carries a copy of ``data/`` inside the package (pyproject.toml
maps ``data/`` to ``mlops_book/book_data``), and :data:`DATA` is that copy. ``data/`` at the top of
the repository stays the one copy people edit; the wheel's is made from it at each install.

>>> (BOOK_ROOT / "_config.yml").exists(), IN_CHECKOUT, DATA == BOOK_ROOT / "data"
(True, True, True)
>>> digest(BOOK_ROOT, "data") == digest(BOOK_ROOT, "data") != digest(BOOK_ROOT, "data", "src")
True
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: The package's own folder.
PACKAGE = Path(__file__).resolve().parent
#: The top of the repository: the folder holding ``_config.yml``, ``data/`` and ``chapters/``
#: (when the package runs from a checkout; see :data:`IN_CHECKOUT`).
BOOK_ROOT = PACKAGE.parents[1]
#: Whether the package runs from a checkout of the book (installed in place) rather than from a wheel.
IN_CHECKOUT = (BOOK_ROOT / "_config.yml").is_file() and (BOOK_ROOT / "src" / "mlops_book").resolve() == PACKAGE
#: The data the package reads: the checkout's ``data/``, or the copy an installed wheel carries.
DATA = BOOK_ROOT / "data" if IN_CHECKOUT else PACKAGE / "book_data"


def digest(root: Path, *folders: str) -> str:
    """A digest of the names and contents of every file under ``folders`` of ``root`` (not Python's
    caches or build metadata): what the build steps compare to tell whether their inputs changed."""
    found = hashlib.sha256()
    for folder in folders:
        for path in sorted((Path(root) / folder).rglob("*")):
            generated = any(part == "__pycache__" or part.endswith(".egg-info") for part in path.parts)
            if path.is_file() and not generated:
                found.update(str(path.relative_to(root)).encode())
                found.update(path.read_bytes())
    return found.hexdigest()
