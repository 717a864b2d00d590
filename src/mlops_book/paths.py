"""Where the book's files are: the one definition of the repository's root folder.

The package is installed in place (``pip install -e .``) from the repository, so the
root is two folders above ``src/mlops_book``. Everything else that needs a file of the
book (``data/``, ``_config.yml``, ``chapters/``) starts from :data:`BOOK_ROOT`.

>>> (BOOK_ROOT / "_config.yml").exists()
True
>>> digest(BOOK_ROOT, "data") == digest(BOOK_ROOT, "data") != digest(BOOK_ROOT, "data", "src")
True
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: The top of the repository: the folder holding ``_config.yml``, ``data/`` and ``chapters/``.
BOOK_ROOT = Path(__file__).resolve().parents[2]


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
