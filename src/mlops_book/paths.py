"""Where the book's files are: the one definition of the repository's root folder.

The package is installed in place (``pip install -e .``) from the repository, so the
root is two folders above ``src/mlops_book``. Everything else that needs a file of the
book (``data/``, ``_config.yml``, ``chapters/``) starts from :data:`BOOK_ROOT`.

>>> (BOOK_ROOT / "_config.yml").exists()
True
"""

from __future__ import annotations

from pathlib import Path

#: The top of the repository: the folder holding ``_config.yml``, ``data/`` and ``chapters/``.
BOOK_ROOT = Path(__file__).resolve().parents[2]
