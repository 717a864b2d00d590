"""The package behind the book *Keeping Machine Learning Alive*.

Modules speak the book's vocabulary: :mod:`~mlops_book.data` loads and validates
the facts, :mod:`~mlops_book.charts` draws them, :mod:`~mlops_book.blocks` and
:mod:`~mlops_book.widgets` show them as HTML blocks and as interactives that work
with or without a kernel (with the pictures of :mod:`~mlops_book.drawings`, all
rendered from templates by :mod:`~mlops_book.render`), and :mod:`~mlops_book.style`
holds the one palette they share.
"""

__version__ = "1.0.0"
