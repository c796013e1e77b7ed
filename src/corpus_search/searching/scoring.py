"""BM25F scoring a term at a time, for queries made only of words, phrases, AND and OR.

Whoosh scores a document at a time: a tree of matcher objects advances posting by posting, with
several Python method calls per posting and query node. For the commonest queries (words and
phrases in the title and body, AND, OR) this module reads each word's posting list a block at a
time and adds up the same BM25F formula in plain loops: the same hits, scores and order, with one
term lookup per word and segment, and the body postings it read handed on to the snippets (README
"Performance"). An AND or a phrase reads its rarest word first and skips the other words' blocks
that hold no candidate; a phrase then checks word positions in the candidates alone.
Anything else (wildcards, fuzzy words, NOT, dates, other fields) goes through Whoosh's matchers.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, TypeVar

from whoosh import query as wq
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from corpus_search._whoosh import block_postings, length_bytes, postings_matcher, term_infos
from corpus_search.index.schema import DEFAULT_FIELDS

from .highlight import HIGHLIGHT_FIELD, DecodedPostings, decoded_key
from .ranking import Ranking, bm25_idf

_FIELDS = frozenset(DEFAULT_FIELDS)
_Scores = dict[int, float]  # segment document number -> score
_Word = tuple[str, str]  # (field name, analysed text)
_Part = TypeVar("_Part")
_Found = TypeVar("_Found")


def term_at_a_time(q: Any) -> bool:
    """Whether ``q`` is only words and phrases in the title or body, combined with AND and OR."""
    kind = type(q)
    if kind is wq.Term:
        return q.fieldname in _FIELDS and isinstance(q.text, str)
    if kind is wq.And:
        return q.boost == 1.0 and all(term_at_a_time(s) for s in q.subqueries)
    if kind is wq.Or:
        plain = q.boost == 1.0 and not q.minmatch and q.scale is None
        return plain and all(term_at_a_time(s) for s in q.subqueries)
    if kind is wq.Phrase:
        return q.fieldname in _FIELDS and bool(q.words) and all(isinstance(w, str) for w in q.words)
    return False


def top_documents(
    searcher: Any,
    q: Any,
    limit: int,
    ranking: Ranking,
    *,
    decoded: dict[Any, Any] | None = None,
    excluded: Sequence[int] = (),
) -> tuple[int, list[tuple[int, float]]] | None:
    """(number of matching documents, the best ``limit`` as (document number, score)), or None
    for a reader this module cannot read (then use Whoosh's matchers). Documents in ``excluded``
    (sorted global numbers) are neither read nor counted.

    ``q`` must pass ``term_at_a_time``. Ties go to the lower document number, as in Whoosh.
    ``decoded``, if given, receives the body postings read, for ``highlight.match_spans``.
    """
    words = sorted({(t.fieldname, t.text) for t in _terms(q)})
    segments = []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if not reader.doc_count_all():
            continue  # an empty index's EmptyReader, or an empty segment
        if not isinstance(reader, SegmentReader):
            return None
        segments.append(_Segment(reader, offset, words))
    doc_count = searcher.doc_count_all()
    if len(searcher.leaf_searchers()) < len(searcher.reader().leaf_readers()):
        # Scoring a share of the segments (a cluster task): frequencies are the whole index's.
        reader = searcher.reader()
        idf = {w: bm25_idf(reader.doc_frequency(*w), doc_count) for w in words}
    else:
        idf = {w: bm25_idf(sum(s.doc_frequency(w) for s in segments), doc_count) for w in words}
    stats = _Statistics(searcher, idf, k1=ranking.k1, b=ranking.b)
    total = 0
    best: list[tuple[int, float]] = []
    for segment in segments:
        within = _outside(segment, excluded) if excluded else None
        scores = segment.evaluate(q, stats, decoded, within)
        if within is not None:
            scores = {doc: score for doc, score in scores.items() if doc in within}
        total += len(scores)
        offset = segment.offset
        best.extend((offset + doc, score) for doc, score in _best(scores, limit))
    best.sort(key=_by_score_then_docnum)
    return total, best[:limit]


def _outside(segment: _Segment, excluded: Sequence[int]) -> set[int]:
    """The segment's documents (local numbers) not in ``excluded`` (sorted global numbers)."""
    offset, count = segment.offset, segment.reader.doc_count_all()
    start, end = bisect_left(excluded, offset), bisect_left(excluded, offset + count)
    return set(range(count)).difference(d - offset for d in excluded[start:end])


def _best(scores: _Scores, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` highest scores, and every other document tied with the lowest of them."""
    if len(scores) <= limit:
        return list(scores.items())
    lowest = heapq.nlargest(limit, scores.values())[-1]
    return [(doc, score) for doc, score in scores.items() if score >= lowest]


def _by_score_then_docnum(hit: tuple[int, float]) -> tuple[float, int]:
    return (-hit[1], hit[0])


def _terms(q: Any) -> Iterator[Any]:
    if type(q) is wq.Term:
        yield q
    elif type(q) is wq.Phrase:
        for word in q.words:
            yield wq.Term(q.fieldname, word)
    else:
        for sub in q.subqueries:
            yield from _terms(sub)


class _Statistics:
    """Index-wide BM25 figures (idf, average field length), as Whoosh's BM25FScorer takes them."""

    def __init__(self, searcher: Any, idf: dict[_Word, float], *, k1: float, b: float) -> None:
        self.searcher = searcher
        self.idf = idf
        self.k1 = k1
        self.b = b
        self._norms: dict[str, list[float]] = {}

    def norms(self, fieldname: str) -> list[float]:
        """BM25's length normalisation for each of the 256 encoded field lengths."""
        norms = self._norms.get(fieldname)
        if norms is None:
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            k1, b = self.k1, self.b
            norms = [k1 * ((1 - b) + b * byte_to_length(i) / avgfl) for i in range(256)]
            self._norms[fieldname] = norms
        return norms


class _Segment:
    """One segment: each query word's term info, looked up once."""

    def __init__(self, reader: Any, offset: int, words: Sequence[_Word]) -> None:
        self.reader = reader
        self.offset = offset
        self.infos: dict[_Word, Any] = {}
        self._lengths: dict[str, bytes] = {}  # field -> each document's length byte
        terms = term_infos(reader)
        schema = reader.schema
        for fieldname, text in words:
            try:
                info = terms.term_info(fieldname, schema[fieldname].to_bytes(text))
            except TermNotFound:
                continue
            self.infos[(fieldname, text)] = info

    def doc_frequency(self, word: _Word) -> int:
        info = self.infos.get(word)
        return int(info.doc_frequency()) if info is not None else 0

    def estimate(self, q: Any) -> int:
        """At most how many documents of this segment ``q`` matches (deleted ones included)."""
        if type(q) is wq.Term:
            return self.doc_frequency((q.fieldname, q.text))
        if type(q) is wq.Phrase:
            return min(self.doc_frequency((q.fieldname, w)) for w in q.words)
        sizes = [self.estimate(s) for s in q.subqueries]
        return (sum(sizes) if type(q) is wq.Or else min(sizes)) if sizes else 0

    def evaluate(
        self,
        q: Any,
        stats: _Statistics,
        decoded: dict[Any, Any] | None,
        within: Collection[int] | None = None,
    ) -> _Scores:
        """Each matching document's score. ``within``: only these documents need scoring (the
        others an enclosing AND would drop anyway); some others may be left in."""
        if type(q) is wq.Term:
            return self.term(q.fieldname, q.text, q.boost, stats, decoded, within)
        if type(q) is wq.Phrase:
            return self.phrase(q, stats, decoded, within)
        if type(q) is wq.Or:
            return _union([self.evaluate(s, stats, decoded, within) for s in q.subqueries])

        def scores(sub: Any, docs: Collection[int] | None) -> _Scores:
            return self.evaluate(sub, stats, decoded, docs)

        narrowed = _rarest_first(q.subqueries, self.estimate, scores, within)
        if narrowed is None:
            return {}
        children, matched = narrowed
        # Whoosh adds an AND's scores in a tree ordered by word frequency: the same sum but for
        # the last bits, which tests allow for.
        return {doc: sum(c[doc] for c in children) for doc in sorted(matched)}

    def term(
        self,
        fieldname: str,
        text: str,
        boost: float,
        stats: _Statistics,
        decoded: dict[Any, Any] | None,
        within: Collection[int] | None,
    ) -> _Scores:
        ids, weights, _ = self._read(fieldname, text, decoded, within, positions=False)
        idf, k1p1, norms, lengths = self._bm25(fieldname, text, stats)
        # Whoosh: bm25(idf, tf, fl, avgfl, B, K1) * boost, the same operations in the same order.
        scores = {
            doc: idf * ((tf * k1p1) / (tf + norms[lengths[doc]]))
            for doc, tf in zip(ids, weights, strict=True)
        }
        if boost != 1.0:
            scores = {doc: score * boost for doc, score in scores.items()}
        return scores

    def phrase(
        self,
        q: Any,
        stats: _Statistics,
        decoded: dict[Any, Any] | None,
        within: Collection[int] | None,
    ) -> _Scores:
        """Whoosh's Phrase: documents with the words in order, each at most ``slop`` positions
        after the one before, scored as the AND of the words (a binary tree of sums) * boost."""
        fieldname, words = q.fieldname, q.words

        def occurrences(word: str, docs: Collection[int] | None) -> dict[int, tuple[float, Any]]:
            """doc -> (term frequency, encoded positions)"""
            ids, weights, values = self._read(fieldname, word, decoded, docs, positions=True)
            return dict(zip(ids, zip(weights, values, strict=True), strict=True))

        narrowed = _rarest_first(
            words, lambda w: self.doc_frequency((fieldname, w)), occurrences, within
        )
        if narrowed is None:
            return {}
        found, matched = narrowed
        positions = self.reader.schema[fieldname].format.decoder("positions")
        bm25 = [self._bm25(fieldname, word, stats) for word in words]
        scores: _Scores = {}
        for doc in sorted(matched):
            if not _in_order([list(positions(per_word[doc][1])) for per_word in found], q.slop):
                continue
            word_scores = []
            for (idf, k1p1, norms, lengths), per_word in zip(bm25, found, strict=True):
                tf = per_word[doc][0]
                word_scores.append(idf * ((tf * k1p1) / (tf + norms[lengths[doc]])))
            score = _tree_sum(word_scores)  # Whoosh's phrase is a binary tree of intersections
            scores[doc] = score * q.boost if q.boost != 1.0 else score
        return scores

    def _read(
        self,
        fieldname: str,
        text: str,
        decoded: dict[Any, Any] | None,
        within: Collection[int] | None,
        *,
        positions: bool,
    ) -> tuple[list[int], list[float], list[Any]]:
        """``_postings`` of a word, its body postings handed on in ``decoded`` for snippets."""
        info = self.infos.get((fieldname, text))
        if info is None:
            return [], [], []
        for_snippets = decoded is not None and fieldname == HIGHLIGHT_FIELD
        ids, weights, values = self._postings(fieldname, info, positions or for_snippets, within)
        if for_snippets and decoded is not None:
            decode = self.reader.schema[fieldname].format.decoder("characters")
            key = decoded_key(self.reader, text)
            if key not in decoded or within is None:  # a word read twice: the full list wins
                decoded[key] = DecodedPostings(ids, values, decode, complete=within is None)
        return ids, weights, values

    def _bm25(
        self, fieldname: str, text: str, stats: _Statistics
    ) -> tuple[float, float, list[float], bytes]:
        """What one word's BM25 needs besides the term frequency: idf, k1 + 1, the length
        normalisation of each length byte, and each document's length byte."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = self._lengths[fieldname] = length_bytes(self.reader, fieldname)
        return stats.idf[(fieldname, text)], stats.k1 + 1, stats.norms(fieldname), lengths

    def _postings(
        self, fieldname: str, info: Any, keep_values: bool, within: Collection[int] | None
    ) -> tuple[list[int], list[float], list[Any]]:
        """Document numbers, term frequencies (and values) of one word; deleted ones left out,
        and with ``within``, blocks holding none of those documents skipped unread."""
        reader = self.reader
        fmt = reader.schema[fieldname].format
        m = postings_matcher(reader, info, fmt)
        read = block_postings(m, within, keep_values)
        if read is not None:
            ids, weights, values = read
        else:  # postings inlined in the term info
            ids, weights, values = [], [], []
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                if keep_values:
                    values.append(m.value())
                m.next()
        deleted = reader.deleted_docs_set if reader.has_deletions() else ()
        if deleted or within is not None:
            kept = [
                i
                for i, doc in enumerate(ids)
                if doc not in deleted and (within is None or doc in within)
            ]
            ids = [ids[i] for i in kept]
            weights = [weights[i] for i in kept]
            values = [values[i] for i in kept] if keep_values else values
        return ids, weights, values


def _union(children: Sequence[_Scores]) -> _Scores:
    if not children:
        return {}
    # Copy the largest (a word's body postings, not its title's) and add the others to it.
    largest = max(children, key=len)
    total = dict(largest)
    for scores in children:
        if scores is largest:
            continue
        get = total.get
        for doc, score in scores.items():
            previous = get(doc)
            total[doc] = score if previous is None else previous + score
    return total


def _rarest_first(
    parts: Sequence[_Part],
    size: Callable[[_Part], int],
    read: Callable[[_Part, Collection[int] | None], dict[int, _Found]],
    within: Collection[int] | None,
) -> tuple[list[dict[int, _Found]], Collection[int]] | None:
    """An AND of ``parts``: ``read(part, docs)`` for each, the smallest ``size`` first, each given
    the documents every part read before matched, so a common word's blocks without a candidate
    are never unpickled. Returns what each part read (in ``parts`` order) and the documents all of
    them matched, or None as soon as one matches nothing."""
    found: list[dict[int, _Found]] = [{} for _ in parts]
    for i in sorted(range(len(parts)), key=lambda i: size(parts[i])):
        found[i] = read(parts[i], within)
        if not found[i]:
            return None
        within = found[i].keys() if within is None else found[i].keys() & within
    return (found, within) if within is not None else None


def _in_order(per_word: list[list[int]], slop: int) -> bool:
    """Whether each word occurs 1 to ``slop`` positions after an occurrence of the word before
    it, in a chain (Whoosh's SpanNear2(ordered=True, mindist=1), which Phrase matches with)."""
    ends = set(per_word[0])
    for positions in per_word[1:]:
        ends = {
            p
            for end in ends
            for p in positions[bisect_right(positions, end) : bisect_right(positions, end + slop)]
        }
        if not ends:
            return False
    return bool(ends)


def _tree_sum(values: list[float]) -> float:
    """The sum in Whoosh's order for an AND of matchers (``make_binary_tree``): halves first."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])
