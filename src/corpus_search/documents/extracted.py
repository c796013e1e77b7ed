"""The one interface of every binary format's extractor: bytes in, text + metadata + pages out.

Each format lives in its own module (``pdf``, ``office``, ``opendocument``, ``epub``, ``mail``)
with one function ``extract_X(data: bytes, *, max_chars: int) -> Extracted``; ``parse`` calls it
when :func:`~corpus_search.documents.sniff.detect_format` recognises the bytes. An extractor may
stop reading once its text is longer than ``max_chars`` (``parse`` then cuts it and flags the
document truncated); it raises ``DocumentError`` with a reason a user can act on when the file
cannot be read at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["Extracted"]


@dataclass(frozen=True)
class Extracted:
    """What a binary format's extractor returns: bytes in, text + metadata + page offsets out."""

    text: str  # plain text, paragraphs separated by blank lines
    format: str  # "pdf", "docx", "odt", "epub", "email", ...
    title: str | None = None
    author: str | None = None
    date: datetime | None = None
    pages: tuple[int, ...] = ()  # character offset in `text` where each page starts (PDF); ()
    warnings: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
