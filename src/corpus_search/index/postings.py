"""Postings of a TEXT_ANALYZER field in one pass: the analysis and the encoding that
:class:`~corpus_search.index.segment.FastSegmentWriter` uses instead of Whoosh's chain of
generators (``schema.text_positions`` / ``text_characters``), giving the same terms, positions,
character offsets, weights and field lengths (tests/test_segment.py)."""

from __future__ import annotations

from collections.abc import Callable
from pickle import dumps
from typing import Any

from whoosh import formats, system

from .schema import TEXT_ANALYZER, text_characters, text_positions

__all__ = ["POSTING_BYTES", "OnePass", "one_pass", "post_text"]

pack_uint: Callable[[int], bytes] = system.pack_uint
_ONE = pack_uint(1)
# Rough bytes per posting held in memory (tuple, list slot, value bytes), as PostingPool counts.
POSTING_BYTES = 120


def _encode_positions(positions: list[int]) -> bytes:
    """``formats.Positions.encode``, with a shortcut for a term found once (most terms): calling
    Whoosh's own costs ~10% more posting time."""
    if len(positions) == 1:
        return _ONE + dumps(positions, 2)
    deltas = []
    base = 0
    for pos in positions:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + dumps(deltas, 2)


def _encode_characters(occurrences: list[tuple[int, int, int]]) -> bytes:
    """``formats.Characters.encode``, with the same shortcut as :func:`_encode_positions`."""
    if len(occurrences) == 1:
        pos, start, end = occurrences[0]
        return _ONE + dumps([(pos, start, end - start)], 2)
    deltas = []
    posbase = charbase = 0
    for pos, start, end in occurrences:
        deltas.append((pos - posbase, start - charbase, end - start))
        posbase, charbase = pos, end
    return pack_uint(len(deltas)) + dumps(deltas, 2)


# A field format's one-pass analysis and the encoding of one term's occurrences.
OnePass = tuple[Callable[[str], dict[str, Any]], Callable[[Any], bytes]]
_ONE_PASS: dict[type, OnePass] = {
    formats.Characters: (text_characters, _encode_characters),
    formats.Positions: (text_positions, _encode_positions),
}


def post_text(
    terms: dict[bytes, list[tuple[int, float, bytes | None]]],
    docnum: int,
    text: str,
    analysis: OnePass,
    fieldboost: float,
) -> tuple[int, int, dict[str, Any]]:
    """Add ``text``'s postings (a TEXT_ANALYZER field) to ``terms``, as ``field.index`` and
    ``add_document`` would; return the field length, the bytes the postings take and the
    analysis (term -> occurrences)."""
    analyse, encode = analysis
    analysed = analyse(text)
    length = size = 0
    for term, occurrences in analysed.items():
        n = len(occurrences)
        vbytes = encode(occurrences)
        tbytes = term.encode("utf-8")
        posting = (docnum, float(n) * fieldboost, vbytes)
        found = terms.get(tbytes)
        if found is None:
            terms[tbytes] = [posting]
        else:
            found.append(posting)
        length += n
        size += len(tbytes) + len(vbytes)
    return length, size + POSTING_BYTES * len(analysed), analysed


def _is_text_analyzer(analyzer: Any) -> bool:
    """``analyzer`` is ``TEXT_ANALYZER`` (as unpickled from an index's schema), settings and all:
    Whoosh's ``==`` ignores a few of them."""
    if analyzer != TEXT_ANALYZER:
        return False
    tokenizer, *_, stop, stem = analyzer.items
    return (
        not tokenizer.gaps
        and tokenizer.expression.flags == TEXT_ANALYZER.items[0].expression.flags
        and stop.max is None
        and stem.lang is None
        and not stem.ignore
    )


def one_pass(field: Any) -> OnePass | None:
    """The one-pass analysis ``field`` can take, or None for Whoosh's own."""
    if not field.indexed or not field.scorable or field.format.field_boost != 1.0:
        return None
    if not _is_text_analyzer(field.analyzer):
        return None
    return _ONE_PASS.get(type(field.format))
