"""Every match of a query, for the views over all hits (``corpus_search.views``): read only.

``search`` scores and returns one page; the views need all matching documents, their dates,
their stored text with the character offsets of each match (read from the body's postings, which
store them: nothing is re-tokenised), and document frequencies from the index. This module reads
them and hands out plain data; no Whoosh object leaves it.
"""

from __future__ import annotations

import random
import struct
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from whoosh import query as wq

from corpus_search._whoosh import fixed_column_bytes
from corpus_search.index import Index, termlists

from .highlight import match_positions, match_spans, targets_for, title_spans
from .query import check_expansions, parse_query, query_words
from .ranking import DEFAULT_RANKING
from .scoring import term_at_a_time, top_documents

Values = Literal["author", "tag"]
_DAY_USECS = 86_400_000_000  # the date column holds microseconds since 0001-01-01 (ordinal 1)
_LATEST = datetime(9999, 12, 31).toordinal() * _DAY_USECS  # the "no date" default is later
_BODY = "body"


@dataclass(frozen=True)
class DatedMatches:
    """Day ordinals (``date.toordinal``; None when undated) of every matching document and of
    every document in the index; with ``values``, each match's authors or tags."""

    hit_days: tuple[int | None, ...]
    corpus_days: tuple[int | None, ...]
    hit_values: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class MatchedDocument:
    """One matching document's stored text and the [start, end) offsets of its body matches;
    for a document matching only in its title, ``title_spans``, the offsets in its title."""

    key: str
    path: str
    title: str
    date: datetime | None
    text: str
    spans: tuple[tuple[int, int], ...]
    title_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class MatchedDocuments:
    """Every matching document (``documents``), in index order, with its matches, and the number
    of documents in the index."""

    documents: tuple[MatchedDocument, ...]
    corpus_documents: int = 0


@dataclass(frozen=True)
class HitTexts:
    """The stored bodies of the matching documents (a random sample of ``sample`` of them when
    there are more), and the counts a keyness test needs."""

    texts: tuple[str, ...]
    hit_documents: int
    corpus_documents: int
    query_terms: tuple[str, ...] = ()  # the query's analysed body words


def _matching(
    searcher: Any, q: Any, decoded: dict[Any, Any] | None = None, excluded: Sequence[int] = ()
) -> list[int]:
    """The global document numbers of every live document matching ``q``, in index order
    (leaving out ``excluded``, sorted document numbers)."""
    if term_at_a_time(q):
        found = top_documents(
            searcher, q, searcher.doc_count_all(), DEFAULT_RANKING, decoded=decoded,
            excluded=excluded,
        )  # fmt: skip
        if found is not None:
            return sorted(docnum for docnum, _ in found[1])
    return sorted(set(searcher.docs_for_query(q)).difference(excluded))


def count_matching(searcher: Any, q: Any) -> int:
    """How many live documents match the Whoosh query ``q`` (for the index-reading modules)."""
    return len(_matching(searcher, q))


def _parsed(index: Index, searcher: Any, query: str, match_all: bool) -> Any:
    q = parse_query(index.schema, query, match_all=match_all)
    check_expansions(q, searcher.reader())
    return q


def matching_documents(index: Index, query: str, *, match_all: bool = True) -> list[int]:
    """The index's numbers of the documents matching ``query`` (QueryError if it cannot run)."""
    with index.searcher() as searcher:
        return _matching(searcher, _parsed(index, searcher, query, match_all))


def dated_matches(
    index: Index, query: str, *, match_all: bool = True, values: Values | None = None
) -> DatedMatches:
    """Dates of every match and of every document, read from the date column."""
    with index.searcher() as searcher:
        hits = _matching(searcher, _parsed(index, searcher, query, match_all))
        days: list[int | None] = []
        live: list[bool] = []
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            days.extend(_days(reader))
            count = reader.doc_count_all()
            deleted = reader.deleted_docs_set if reader.has_deletions() else ()
            live.extend(i not in deleted for i in range(count))
        hit_values: tuple[tuple[str, ...], ...] = ()
        if values is not None:
            stored = (searcher.stored_fields(docnum) for docnum in hits)
            hit_values = tuple(_values(fields, values) for fields in stored)
    return DatedMatches(
        hit_days=tuple(days[d] for d in hits),
        corpus_days=tuple(d for d, alive in zip(days, live, strict=True) if alive),
        hit_values=hit_values,
    )


def _values(fields: dict[str, Any], kind: Values) -> tuple[str, ...]:
    if kind == "author":
        author = str(fields.get("author") or "").strip()
        return (author,) if author else ()
    return tuple(t for t in str(fields.get("tags") or "").split(",") if t)


def _days(reader: Any) -> list[int | None]:
    """Each document's day ordinal in one segment (None: no date), the column read in one piece."""
    count = reader.doc_count_all()
    if not count or not reader.has_column("date"):
        return [None] * count
    column = reader.column_reader("date", translate=False)
    try:  # a fixed-width column of big-endian unsigned 64-bit numbers; the tail may be left out
        stored, raw = fixed_column_bytes(column, 8)
        numbers: Sequence[int] = struct.unpack(f"!{stored}Q", raw)
    except (AttributeError, struct.error):
        numbers = [int(v) for v in column]
        stored = len(numbers)
    days: list[int | None] = [
        None if value >= _LATEST else value // _DAY_USECS + 1 for value in numbers
    ]
    days.extend([None] * (count - stored))
    return days


def matched_documents(index: Index, query: str, *, match_all: bool = True) -> MatchedDocuments:
    """Every matching document with its stored text and the offsets of its body matches (what a
    wildcard, fuzzy word or phrase actually matched), from the postings' stored offsets."""
    with index.searcher() as searcher:
        q = _parsed(index, searcher, query, match_all)
        decoded: dict[Any, Any] = {}
        hits = _matching(searcher, q, decoded)
        targets = targets_for(q, searcher.reader())
        leaves = searcher.leaf_searchers()
        documents = []
        for docnum in hits:
            reader, local = _leaf(leaves, docnum)
            spans = match_spans(reader, local, targets, decoded) if targets else []
            fields = searcher.stored_fields(docnum)
            date = fields.get("date")
            title = fields.get("title", "")
            in_title = title_spans(title, targets) if targets and not spans and title else []
            documents.append(
                MatchedDocument(
                    key=fields["key"],
                    path=fields.get("path") or fields["key"],
                    title=title,
                    date=date if isinstance(date, datetime) else None,
                    text=fields.get(_BODY, ""),
                    spans=tuple((s, e) for s, e, _ in spans),
                    title_spans=tuple(in_title),
                )
            )
        corpus = searcher.doc_count()
    return MatchedDocuments(tuple(documents), corpus)


def _leaf(leaves: list[tuple[Any, int]], docnum: int) -> tuple[Any, int]:
    for sub, offset in reversed(leaves):
        if docnum >= offset:
            return sub.reader(), docnum - offset
    raise LookupError(docnum)


def hit_texts(
    index: Index, query: str, *, match_all: bool = True, sample: int | None = None, seed: int = 0
) -> HitTexts:
    """The stored bodies of the matches (a seeded random ``sample`` of them, if fewer)."""
    with index.searcher() as searcher:
        q = _parsed(index, searcher, query, match_all)
        hits = _matching(searcher, q)
        chosen = hits
        if sample is not None and len(hits) > sample:
            chosen = sorted(random.Random(seed).sample(hits, sample))
        texts = tuple(str(searcher.stored_fields(d).get(_BODY, "")) for d in chosen)
        words = tuple(dict.fromkeys(query_words(q, fieldnames=(_BODY,))))
        return HitTexts(texts, len(hits), searcher.doc_count(), words)


@dataclass(frozen=True)
class HitTermLists:
    """The body term lists (``index/termlists.py``) of every matching document, in index order
    (``docnums``), with each match's (first, last) word positions when asked for, and the
    counts a keyness test needs."""

    lists: tuple[bytes, ...]
    docnums: tuple[int, ...]
    hit_documents: int
    corpus_documents: int
    query_terms: tuple[str, ...] = ()  # the query's analysed body words
    positions: tuple[tuple[tuple[int, int], ...], ...] = ()  # per document, with ``positions``
    # (segment id, the matches' document numbers in it) per segment holding matches, in order
    segments: tuple[tuple[str, tuple[int, ...]], ...] = ()


def has_term_lists(index: Index) -> bool:
    """Whether the index keeps its bodies' term lists (built with schema 6 or later)."""
    return termlists.COLUMN in index.schema


def hit_term_lists(
    index: Index, query: str, *, match_all: bool = True, positions: bool = False
) -> HitTermLists:
    """The term lists of every match (empty lists for an index without them: see
    :func:`has_term_lists`) and, with ``positions``, where in them each match is."""
    with index.searcher() as searcher:
        q = _parsed(index, searcher, query, match_all)
        decoded: dict[Any, Any] = {}
        hits = _matching(searcher, q, decoded)
        targets = targets_for(q, searcher.reader()) if positions else None
        lists: list[bytes] = []
        spots: list[tuple[tuple[int, int], ...]] = []
        segments: list[tuple[str, tuple[int, ...]]] = []
        for reader, locals_ in _by_leaf(searcher, hits):
            segment = reader.segment() if hasattr(reader, "segment") else None
            if segment is not None:
                segments.append((segment.segment_id(), tuple(locals_)))
            column = (
                reader.column_reader(termlists.COLUMN, translate=False)
                if reader.has_column(termlists.COLUMN)
                else None
            )
            for local in locals_:
                lists.append(bytes(column[local]) if column is not None else b"")
                if targets:
                    spots.append(tuple(match_positions(reader, local, targets, decoded)))
        words = tuple(dict.fromkeys(query_words(q, fieldnames=(_BODY,))))
        return HitTermLists(
            lists=tuple(lists),
            docnums=tuple(hits),
            hit_documents=len(hits),
            corpus_documents=searcher.doc_count(),
            query_terms=words,
            positions=tuple(spots) if positions else (),
            segments=tuple(segments),
        )


def _by_leaf(searcher: Any, docnums: list[int]) -> Iterator[tuple[Any, list[int]]]:
    """The sorted global ``docnums`` grouped by segment: (leaf reader, local numbers)."""
    i = 0
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        i = bisect_left(docnums, offset, lo=i)
        j = bisect_left(docnums, offset + reader.doc_count_all(), lo=i)
        if j > i:
            yield reader, [d - offset for d in docnums[i:j]]
        i = j


def stored_bodies(index: Index, docnums: Iterable[int]) -> list[str]:
    """The stored body text of each of ``docnums`` (the index's document numbers)."""
    with index.searcher() as searcher:
        return [str(searcher.stored_fields(d).get(_BODY, "")) for d in docnums]


def document_frequencies(index: Index, terms: Iterable[str]) -> dict[str, int]:
    """How many documents hold each analysed body term (0 for a term not in the index), as
    Whoosh counts them (a deleted document counts until its segment is merged)."""
    words = list(terms)
    return dict(zip(words, _body_frequencies(index, words)[0], strict=True))


def term_frequencies(index: Index, terms: Iterable[str]) -> dict[str, int]:
    """How often each analysed body term occurs in the whole index (0 if never)."""
    words = list(terms)
    return dict(zip(words, _body_frequencies(index, words)[1], strict=True))


def _body_frequencies(index: Index, words: list[str]) -> tuple[list[int], list[int]]:
    """(document frequencies, total frequencies) of ``words`` in the body, summed over every
    segment of the index: from the segment's frequency table (``index/frequencies.py``), one
    numpy lookup for all the words, or through Whoosh for a segment without one."""
    from corpus_search.index import frequencies

    dfs = [0] * len(words)
    freqs = [0] * len(words)
    if not words:
        return dfs, freqs
    keys = None
    with index.searcher() as searcher:
        # The full reader's leaves: a cluster share's searcher scores fewer segments, but the
        # frequencies are the whole index's.
        for reader, _ in searcher.reader().leaf_readers():
            if not reader.doc_count_all():
                continue
            segment = reader.segment() if hasattr(reader, "segment") else None
            table = frequencies.load(index.path, segment.segment_id()) if segment else None
            if table is None:
                for i, word in enumerate(words):
                    dfs[i] += int(reader.doc_frequency(_BODY, word))
                    freqs[i] += int(reader.frequency(_BODY, word))
                continue
            if keys is None:
                keys = frequencies.keys_of(words)
            found_dfs, found_freqs = table.lookup(keys)
            dfs = [a + b for a, b in zip(dfs, found_dfs.tolist(), strict=True)]
            freqs = [a + b for a, b in zip(freqs, found_freqs.tolist(), strict=True)]
    return dfs, freqs


def body_tokens(index: Index) -> int:
    """The number of (kept, analysed) word occurrences in every body of the index."""
    with index.searcher() as searcher:
        return int(searcher.reader().field_length(_BODY))


def phrase_document_frequency(
    index: Index, words: Sequence[str], *, excluded: Sequence[int] = ()
) -> int:
    """How many live documents hold the analysed ``words`` next to each other in the body,
    leaving out ``excluded`` (sorted document numbers, say the matches, counted already)."""
    with index.searcher() as searcher:
        return len(_matching(searcher, wq.Phrase(_BODY, list(words)), excluded=excluded))


__all__ = [
    "DatedMatches",
    "HitTermLists",
    "HitTexts",
    "MatchedDocument",
    "MatchedDocuments",
    "body_tokens",
    "count_matching",
    "dated_matches",
    "document_frequencies",
    "has_term_lists",
    "hit_term_lists",
    "hit_texts",
    "matched_documents",
    "matching_documents",
    "phrase_document_frequency",
    "stored_bodies",
    "term_frequencies",
]
