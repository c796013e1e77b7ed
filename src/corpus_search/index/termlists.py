"""Each document's body as the index analysed it, in its ``body_terms`` column (schema 6): the
distinct terms and the order they come in. The views that count words over every matching
document (``terms``: keyness and collocates) read these lists instead of unpickling and
re-analysing the stored text. No Whoosh here: the writer (segment.py) stores what ``encode``
returns, uncompressed (decompressing was a quarter of the time of ``terms``).

A value: ``HEADER`` (the bytes of one id: 1, 2 or 4; the position of the first term; the byte length
of the term list), the distinct terms in order of first occurrence joined by spaces (UTF-8; a
term never holds a space), then one id per word position, the index of its term in that list,
little-endian. Positions are the body postings' (stop words take none), so the word at position
``p`` is id number ``p - first``. An empty body has the empty value.
"""

from __future__ import annotations

import struct
import sys
from array import array
from typing import NamedTuple

COLUMN = "body_terms"  # the schema's field
HEADER = struct.Struct("<BII")
TYPECODES = {1: "B", 2: "H", 4: "I"}  # "I" is 4 bytes wherever Python runs


class TermList(NamedTuple):
    """One decoded value: ``terms`` (UTF-8, space-separated), ``ids`` (``width`` bytes each,
    little-endian) and the position of the first word."""

    terms: bytes
    ids: bytes
    width: int
    first: int


def encode(analysed: dict[str, list[tuple[int, int, int]]]) -> bytes:
    """The value for a body analysed by ``schema.text_characters`` (term -> its occurrences as
    (position, start char, end char), terms in order of first occurrence)."""
    if not analysed:
        return b""
    first = next(iter(analysed.values()))[0][0]
    ids = [0] * sum(map(len, analysed.values()))
    for number, occurrences in enumerate(analysed.values()):
        for position, _, _ in occurrences:
            ids[position - first] = number
    width = 1 if len(analysed) <= 0xFF else 2 if len(analysed) <= 0xFFFF else 4
    packed = array(TYPECODES[width], ids)
    if sys.byteorder == "big":
        packed.byteswap()
    terms = " ".join(analysed).encode("utf-8")
    return HEADER.pack(width, first, len(terms)) + terms + packed.tobytes()


def decode(value: bytes) -> TermList:
    """The parts of a value written by :func:`encode` (empty parts for an empty body)."""
    if len(value) < HEADER.size:
        return TermList(b"", b"", 2, 0)
    width, first, size = HEADER.unpack_from(value)
    start = HEADER.size
    return TermList(value[start : start + size], value[start + size :], width, first)
