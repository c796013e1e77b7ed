"""Documents: find files, read and decode them, strip markup and front matter, extract metadata.

Importing this package is cheap: bs4, lxml, yaml, dateutil and charset_normalizer are imported
only by the functions that need them, and the reading and parsing modules only when first used
(PEP 562): a no-op index run only walks.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["find_files", "parse_document", "read_document", "walk_files"]

_WHERE = {
    "find_files": "walk",
    "walk_files": "walk",
    "parse_document": "parse",
    "read_document": "parse",
}

if TYPE_CHECKING:
    from corpus_search.documents.parse import parse_document, read_document
    from corpus_search.documents.walk import find_files, walk_files


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'corpus_search.documents' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
