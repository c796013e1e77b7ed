"""Documents: find files, read and decode them, strip markup and front matter, extract metadata.

Importing this package is cheap: bs4, lxml, yaml, dateutil and charset_normalizer are imported
only by the functions that need them.
"""

from __future__ import annotations

from corpus_search.documents.parse import parse_document, read_document
from corpus_search.documents.walk import find_files, walk_files

__all__ = ["find_files", "parse_document", "read_document", "walk_files"]
