"""The package behind the book *Keeping Machine Learning Alive*.

Modules speak the book's vocabulary: :mod:`~mlops_book.data` loads and validates
the facts, :mod:`~mlops_book.charts` draws them, :mod:`~mlops_book.widgets`
builds interactives that work with or without a kernel, and
:mod:`~mlops_book.style` holds the one palette they share.
"""

__version__ = "1.0.0"
