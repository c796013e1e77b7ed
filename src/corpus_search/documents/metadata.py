"""Metadata values from loose sources: titles, dates, authors and tags, each cleaned to one line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from corpus_search.documents.sanitize import clean_line

__all__ = ["as_tags", "as_text", "heading_line", "parse_date", "short_sentence"]

_HEADING_MAX_CHARS = 120
_HEADING_MAX_WORDS = 15
_SENTENCE_MAX_CHARS = 80
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def as_text(value: object) -> str | None:
    """A metadata value as one clean line: strings as they are, lists joined with ", "."""
    if isinstance(value, dict):  # e.g. author: {name: ..., email: ...}
        value = value.get("name")
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        text = ", ".join(clean_line(str(v)) for v in value if v is not None)
    else:
        text = clean_line(str(value))
    return text or None


def as_tags(values: Iterable[object]) -> tuple[str, ...]:
    """Tags from lists or comma-separated strings: cleaned, lowercased, de-duplicated, in order."""
    tags: dict[str, None] = {}
    for value in values:
        items = value if isinstance(value, (list, tuple, set)) else str(value).split(",")
        for item in items:
            if not isinstance(item, (str, int, float)):
                continue  # nested lists or mappings are not tags
            tag = clean_line(str(item)).lower()
            if tag:
                tags[tag] = None
    return tuple(tags)


def parse_date(value: object) -> tuple[dt.datetime | None, str | None]:
    """Return ``(datetime, warning)``: naive (UTC if the source had a zone), or None and a warning.

    Accepts datetime/date objects (YAML makes them) and anything python-dateutil reads, such as
    "Feb 2, 2017 9:50 am" or ISO 8601. A date without a year is rejected rather than guessed.
    """
    if isinstance(value, dt.datetime):
        return _naive(value), None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), None
    text = clean_line(str(value))
    if not text:
        return None, None
    from dateutil import parser

    try:
        # Two defaults that differ in year: if the results differ, the text had no year in it.
        first = parser.parse(text, default=dt.datetime(1904, 1, 1))
        second = parser.parse(text, default=dt.datetime(1908, 1, 1))
    except (ValueError, OverflowError):
        return None, f"unrecognised date {text[:60]!r}; left the date empty"
    if first.year != second.year:
        return None, f"date {text[:60]!r} has no year; left the date empty"
    return _naive(first), None


def _naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=None)
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None)


def heading_line(body: str) -> str | None:
    """The first line, if it reads like a heading: short, few words, no closing full stop."""
    first, _, _rest = body.partition("\n")
    line = clean_line(first)
    if not line or not any(c.isalpha() for c in line):
        return None
    if len(line) > _HEADING_MAX_CHARS or len(line.split()) > _HEADING_MAX_WORDS:
        return None
    if line.endswith((".", ",", ";")) and not line.endswith("..."):
        return None
    return line


def short_sentence(body: str) -> str | None:
    """The first sentence, cut at a word boundary with "…" when longer than 80 characters."""
    text = clean_line(body[:2000])
    if not text:
        return None
    end = _SENTENCE_END.search(text)
    sentence = text[: end.start() + 1] if end else text
    if len(sentence) <= _SENTENCE_MAX_CHARS:
        return sentence
    cut = sentence[: _SENTENCE_MAX_CHARS - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-—–") + "…"
