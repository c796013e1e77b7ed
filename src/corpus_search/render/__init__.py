"""Renderers: ``machine`` (JSON), ``plain`` (pipes) and ``human`` (Rich, terminals only)."""

from __future__ import annotations

import os
import re
from collections import Counter

from ..models import Document, Snippet, page_at, page_span

# Characters that can move the cursor, change colours or reorder text on a terminal. Ingest already
# strips them; renderers neutralise them again one-for-one, so match offsets still line up.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Replace terminal control and bidi-override characters with U+FFFD, keeping the length."""
    return _UNSAFE.sub("\ufffd", text)


def safe_line(text: str) -> str:
    """``safe`` for one-line metadata: newlines and tabs become spaces too."""
    return safe(text.replace("\n", " ").replace("\t", " "))


def display_path(path: str) -> str:
    """A path relative to the working directory when it is inside it, else as stored."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 document``, ``2,226 documents``: the count with thousands separators, and the word."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


_DATE_SOURCE_NAMES = {
    "front_matter": "front matter",
    "html_meta": "HTML meta",
    "dateline": "datelines",
    "record": "record fields",
}


def dates_line(dates: dict[str, int], written: int) -> str | None:
    """``Dates: 3 from front matter, 0 from HTML meta, 12 from datelines, 5 undated.`` for the
    documents a run wrote, or None when it wrote none."""
    if not written:
        return None
    parts = [
        f"{dates.get(source, 0):,} from {name}"
        for source, name in _DATE_SOURCE_NAMES.items()
        if source != "record" or dates.get(source)
    ]
    parts += [f"{n:,} from {s}" for s, n in dates.items() if s not in _DATE_SOURCE_NAMES]
    undated = max(written - sum(dates.values()), 0)
    return f"Dates: {', '.join(parts)}, {undated:,} undated."


def page_label(page: int | None) -> str:
    """``p. N`` for a PDF snippet's page, "" for other documents."""
    return f"p. {page}" if page is not None else ""


def match_pages(doc: Document, highlighted: Snippet | None) -> str:
    """ "p. 1 (2), p. 3" : the pages of a PDF's matches (with counts above one), or ""."""
    if highlighted is None or not doc.pages:
        return ""
    counts = Counter(page_at(doc.pages, start) for start, _ in highlighted.spans)
    return ", ".join(
        f"p. {page}" + (f" ({n})" if n > 1 else "") for page, n in sorted(counts.items()) if page
    )


def page_ranges(doc: Document) -> list[tuple[int, int, int]]:
    """(page, start, end) of each non-empty page of a PDF shown whole; [] for other documents."""
    out = []
    for page in range(1, len(doc.pages) + 1):
        start, end = page_span(doc.pages, page, doc.text)
        if end > start:
            out.append((page, start, end))
    return out
