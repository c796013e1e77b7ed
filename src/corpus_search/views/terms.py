"""``corpus-search terms``: what is over-represented in the matching documents.

Keyness (the default): every word and two-word phrase of the matching documents is compared with
the rest of the corpus by document counts, scored by log-likelihood G2 (Dunning 1993, as
AntConc's keyword list) on the 2x2 table of documents with and without it, inside and outside
the matches, with Hardie's Log Ratio (log2 of the ratio of the two document shares) as the
effect size. Corpus counts are the index's document frequencies (from each segment's word
table, ``index/frequencies.py``; for phrases, a phrase query's count); counts inside the matches
come from every matching document's words (``views/counts.py``: the segments' document files or
the term lists), or, in an index built before term lists were kept (schema 5), from the stored
text of a seeded random sample of ``sample`` matching documents. The query's own words (and
its phrases' words) are left out, alone and in phrases: every match holds them by construction.

Collocates (``collocates=N``): the words within N word positions of each match (stop words do
not count, as in the index's positions), ranked by log-Dice (Rychlý 2008):
14 + log2(2 f(xy) / (f(x) + f(y))), with f(xy) the co-occurrences, f(x) the matches and f(y) the
word's occurrences in the whole index. MI (Church and Hanks, for the same window) is given too.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from math import log, log2
from typing import Literal

from corpus_search.index import Index
from corpus_search.searching.matches import (
    HitTermLists,
    body_tokens,
    document_frequencies,
    has_term_lists,
    hit_term_lists,
    hit_texts,
    matched_documents,
    phrase_document_frequency,
    stored_bodies,
    term_frequencies,
)
from corpus_search.searching.suggest import suggest_for

from .counts import Counts, TermListCounts, table_counts, window_counts
from .words import TextCounts, Words, text_window_counts

Measure = Literal["g2", "log-dice"]
# G2 critical values (one degree of freedom): 3.84 p < 0.05, 6.63 p < 0.01, 10.83 p < 0.001.
SIGNIFICANT_G2 = 6.63
DEFAULT_SAMPLE = 500  # matching documents read for keyness in a schema-5 index (README "terms")
PHRASE_CANDIDATES = 20  # two-word phrases whose corpus count is looked up, at most
# Documents phrase queries may check in all (a phrase costs about its rarer word's documents,
# outside the matches when they were all counted): ~0.1 s on 20newsgroups.
PHRASE_BUDGET = 8_000
KEY_WORDS = 20  # the best words a counted phrase must hold one of (and the document
# frequencies looked up stop sooner: each is a lookup in every segment)
SPELLING_TEXTS = 200  # documents whose spellings are counted, to show a stem as a word
PairCounts = Callable[..., Counter[tuple[str, str]]]  # (key words, skip, *, at_least)
Spellings = Callable[[Collection[str]], dict[str, str]]


@dataclass(frozen=True)
class TermRow:
    """One word or phrase. Keyness: ``score`` is G2, ``effect`` Log Ratio; ``hit_documents``
    and ``corpus_documents`` count documents (matching ones; all, matches included).
    Collocates: ``score`` is log-Dice, ``effect`` MI, and ``cooccurrences`` f(xy)."""

    term: str
    hit_documents: int
    corpus_documents: int
    score: float
    effect: float
    stems: tuple[str, ...] = ()
    cooccurrences: int = 0
    corpus_frequency: int = 0


@dataclass(frozen=True)
class TermsResult:
    """Terms of a query's matches, best first."""

    query: str
    measure: Measure
    hit_documents: int
    corpus_documents: int
    rows: tuple[TermRow, ...]
    sampled: int | None = None  # documents read when a sample was read
    window: int = 0  # collocates: positions each side
    matches: int = 0  # collocates: f(x), the matches
    suggestion: str | None = None  # "Did you mean", when nothing matched


def _xlogx(observed: float, expected: float) -> float:
    return observed * log(observed / expected) if observed > 0 and expected > 0 else 0.0


def g2(a: float, b: float, c: float, d: float) -> float:
    """Log-likelihood G2 of ``a`` of ``c`` matching documents holding a word against ``b`` of the
    other ``d`` documents (the 2x2 table of documents with and without it)."""
    n = c + d
    with_word = a + b
    if n <= 0 or c <= 0 or d <= 0:
        return 0.0
    cells = (
        (a, c * with_word / n),
        (c - a, c * (n - with_word) / n),
        (b, d * with_word / n),
        (d - b, d * (n - with_word) / n),
    )
    return 2.0 * sum(_xlogx(o, e) for o, e in cells)


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """Hardie's Log Ratio: log2 of (a / c) / (b / d), a zero count taken as 0.5."""
    if c <= 0 or d <= 0:
        return 0.0
    return log2((max(a, 0.5) / c) / (max(b, 0.5) / d))


def log_dice(fxy: float, fx: float, fy: float) -> float:
    """Rychlý's log-Dice: 14 for a perfect collocation, falling by 1 for each halving."""
    return 14.0 + log2(2.0 * fxy / (fx + fy)) if fxy > 0 and fx + fy > 0 else float("-inf")


def mutual_information(fxy: float, fx: float, fy: float, tokens: float, span: int) -> float:
    """Pointwise MI of a collocation found ``fxy`` times within ``span`` positions of ``fx``
    nodes, for a word occurring ``fy`` times in ``tokens``."""
    if fxy <= 0 or fx <= 0 or fy <= 0 or tokens <= 0:
        return float("-inf")
    return log2(fxy * tokens / (fx * fy * max(1, span)))


@dataclass(frozen=True)
class _Counted:
    """What keyness counts in the matches, from either source: documents per word, documents
    per phrase (a function of the key words and the words to leave out), and spellings."""

    ranked: Callable[[float], Iterable[tuple[str, int]]]  # (word, documents), most first
    pairs: PairCounts
    spellings: Spellings
    read: int  # matching documents counted
    hit_documents: int
    corpus_documents: int
    query_terms: tuple[str, ...]
    hits: tuple[int, ...] = ()  # the matches, when every one was counted (else a sample was)


def _counted(index: Index, query: str, match_all: bool, sample: int | None) -> _Counted:
    if has_term_lists(index):
        lists = hit_term_lists(index, query, match_all=match_all)
        # Segments without document files (index/frequencies.py) number the words here.
        counts = table_counts(index.path, lists.lists, lists.segments) or TermListCounts(
            lists.lists
        )
        return _Counted(
            ranked=counts.ranked,
            pairs=counts.pair_document_counts,
            spellings=lambda terms: _spellings(index, lists, counts, terms),
            read=lists.hit_documents,
            hit_documents=lists.hit_documents,
            corpus_documents=lists.corpus_documents,
            query_terms=lists.query_terms,
            hits=lists.docnums,
        )
    found = hit_texts(index, query, match_all=match_all, sample=sample)
    text = TextCounts(found.texts, spell=SPELLING_TEXTS)
    return _Counted(
        ranked=lambda at_least: (
            (t, n) for t, n in text.document_counts.most_common() if n >= at_least
        ),
        pairs=text.pair_document_counts,
        spellings=text.words.spellings,
        read=len(found.texts),
        hit_documents=found.hit_documents,
        corpus_documents=found.corpus_documents,
        query_terms=found.query_terms,
    )


def _spellings(
    index: Index, lists: HitTermLists, counts: Counts, terms: Collection[str]
) -> dict[str, str]:
    """How each stem of ``terms`` is written: the commonest spelling in the first matching
    document holding it (a few stored texts, read only for the rows shown)."""
    where = counts.first_documents(terms)
    return _spelled(index, [lists.docnums[i] for i in where], terms)


def _spelled(index: Index, docnums: list[int], terms: Collection[str]) -> dict[str, str]:
    """The commonest spelling of each stem of ``terms`` in the stored text of ``docnums``."""
    words = Words()
    words.document_terms(stored_bodies(index, docnums), spell=len(docnums))
    return words.spellings(terms)


def keyness(
    index: Index,
    query: str,
    *,
    limit: int = 20,
    sample: int | None = DEFAULT_SAMPLE,
    phrases: bool = True,
    min_documents: int = 2,
    match_all: bool = True,
) -> TermsResult:
    """The words (and two-word phrases) most over-represented in ``query``'s matches, by G2,
    keeping those significant at p < 0.01 (G2 >= 6.63). Every match is counted; ``sample``
    only applies to an index built before term lists were kept (schema 5)."""
    found = _counted(index, query, match_all, sample)
    c = found.hit_documents
    d = found.corpus_documents - c
    scale = c / found.read if found.read else 0.0
    floor = max(1, min_documents)
    # The query's own words are in every match by construction: a row for them says nothing.
    asked = set(found.query_terms)

    def corpus_counts(batch: list[str]) -> dict[str, int]:
        return document_frequencies(index, batch)

    # Words first, with room for more than are shown: phrases are looked for around them.
    rows = _best(
        (
            (t, n * scale)
            for t, n in found.ranked(floor / scale if scale else 1)
            if _shown(t) and t not in asked
        ),
        corpus_counts,
        c,
        d,
        max(limit, KEY_WORDS),
    )
    if phrases and d > 0:
        rows += _key_phrases(index, found, rows, scale, floor, c, d, limit)
    rows.sort(key=lambda row: (-row[0], _parts(row[1])))
    shown_terms = {t for _, key, _, _, _ in rows[:limit] for t in _parts(key)}
    spelled = found.spellings(shown_terms)
    result = tuple(
        TermRow(
            term=" ".join(spelled.get(t, t) for t in _parts(key)),
            hit_documents=round(a),
            corpus_documents=df,
            score=round(score, 3),
            effect=round(effect, 3),
            stems=_parts(key),
        )
        for score, key, a, df, effect in rows[:limit]
    )
    return TermsResult(
        query=query,
        measure="g2",
        hit_documents=c,
        corpus_documents=found.corpus_documents,
        rows=result,
        sampled=found.read if found.read < c else None,
        suggestion=None if c else suggest_for(index, query),
    )


def _key_phrases(
    index: Index,
    found: _Counted,
    words: list[_Row],
    scale: float,
    floor: int,
    c: int,
    d: int,
    limit: int,
) -> list[_Row]:
    """Key two-word phrases. A phrase's corpus count is a phrase query, whose cost grows with
    its rarer word's postings, so only phrases holding a key word are counted, and not those
    holding a query word (all of their occurrences are among the matches by construction:
    kwic --sort right shows them). When every match was counted, a phrase query only reads the
    other documents."""
    query_terms = found.query_terms
    key_words = {key for _, key, _, _, _ in words if isinstance(key, str)}
    key_words.difference_update(query_terms)
    pairs = found.pairs(key_words, set(query_terms), at_least=floor)
    # Documents holding each key word: all of them, or (when every match was counted and a
    # phrase query skips the matches) those outside the matches.
    known = {
        key: df - (round(a) if found.hits else 0)
        for _, key, a, df, _ in words
        if isinstance(key, str)
    }
    budget = PHRASE_BUDGET
    candidates: list[tuple[_Key, float]] = []
    for pair, n in pairs.most_common():
        if n * scale < floor or len(candidates) == PHRASE_CANDIDATES:
            break
        if not (_shown(pair[0]) and _shown(pair[1])):
            continue
        # What a phrase query reads: the documents with its rarer word (outside the matches,
        # when every match was counted: the phrase's count among them is known already).
        cost = min(known.get(pair[0], budget + 1), known.get(pair[1], budget + 1))
        if cost <= budget:
            budget -= cost
            candidates.append((pair, n * scale))

    def phrase_counts(batch: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        if not found.hits:
            return {p: phrase_document_frequency(index, p) for p in batch}
        return {
            p: pairs[p] + phrase_document_frequency(index, p, excluded=found.hits) for p in batch
        }

    scores = sorted((row[0] for row in words), reverse=True)
    beat = scores[limit - 1] if len(scores) >= limit else SIGNIFICANT_G2
    return _best(iter(candidates), phrase_counts, c, d, limit, beat=beat)


def _parts(key: str | tuple[str, str]) -> tuple[str, ...]:
    return (key,) if isinstance(key, str) else key


_Key = str | tuple[str, str]
_Row = tuple[float, _Key, float, int, float]  # (G2, key, a, corpus documents, log ratio)


def _best(
    candidates: Iterator[tuple[_Key, float]],
    corpus_counts: Callable[[list], dict],  # type: ignore[type-arg]
    c: int,
    d: int,
    limit: int,
    *,
    beat: float = SIGNIFICANT_G2,
) -> list[_Row]:
    """The ``limit`` best over-represented candidates by G2 above ``beat`` (significant ones).

    Candidates come in decreasing ``a`` (documents among the matches). G2 cannot exceed its value
    for a word found nowhere else, which grows with ``a``: once that bound falls below the
    ``limit``-th best score so far, no later candidate can enter and the corpus counts of the
    rest are never read.
    """
    best: list[tuple[float, int, _Row]] = []  # a min-heap of the kept rows
    batch: list[tuple[_Key, float]] = []
    order = 0

    def flush() -> None:
        nonlocal order
        counts = corpus_counts([key for key, _ in batch])
        for key, a in batch:
            df = max(counts.get(key, 0), round(a))  # a sampled estimate may pass the truth
            b = max(0, df - a)
            if d == 0 or a / c <= b / d:
                continue
            score = g2(a, b, c, d)
            if score < beat:
                continue
            row: _Row = (score, key, a, df, log_ratio(a, b, c, d))
            order += 1
            if len(best) < limit:
                heapq.heappush(best, (score, -order, row))
            elif score > best[0][0]:
                heapq.heapreplace(best, (score, -order, row))
        batch.clear()

    for key, a in candidates:
        bound = g2(a, 0, c, d)
        if bound < beat or (len(best) >= limit and bound <= best[0][0]):
            break
        batch.append((key, a))
        if len(batch) >= 256:
            flush()
    if batch:
        flush()
    return [row for _, _, row in best]


def _shown(term: str) -> bool:
    """A term worth a row: not one character ("s", the tail of "Labour's", made "labour s")."""
    return len(term) > 1


def _best_collocates(
    index: Index, together: Counter[str], nodes: int, at_least: int, limit: int
) -> tuple[list[tuple[float, str]], dict[str, int]]:
    """The ``limit`` best (log-Dice, word) of the words near the matches, and the corpus
    frequencies looked up. A word's log-Dice is at most its value for a word found nowhere else
    (f(y) = f(xy)), which falls with f(xy): words come by decreasing f(xy), and once that bound
    is below the ``limit``-th score the frequencies of the rest are never looked up."""
    frequencies: dict[str, int] = {}
    best: list[tuple[float, str]] = []
    ranked = [(t, n) for t, n in together.most_common() if n >= max(1, at_least) and _shown(t)]
    for start in range(0, len(ranked), 64):
        batch = ranked[start : start + 64]
        if len(best) >= limit and log_dice(batch[0][1], nodes, batch[0][1]) < best[limit - 1][0]:
            break
        found = term_frequencies(index, [t for t, _ in batch])
        frequencies.update(found)
        best.extend((log_dice(n, nodes, found[t]), t) for t, n in batch if found.get(t))
        best.sort(key=lambda st: (-st[0], st[1]))
        del best[limit:]
    return best, frequencies


def collocates(
    index: Index,
    query: str,
    *,
    window: int = 5,
    limit: int = 20,
    min_cooccurrences: int = 2,
    match_all: bool = True,
) -> TermsResult:
    """The words within ``window`` positions of ``query``'s body matches, by log-Dice."""
    spellings: Spellings
    if has_term_lists(index):
        lists = hit_term_lists(index, query, match_all=match_all, positions=True)
        together, in_documents, nodes, first_seen = window_counts(
            lists.lists, lists.positions, window
        )
        hit_documents, corpus_documents = lists.hit_documents, lists.corpus_documents

        def spellings(terms: Collection[str]) -> dict[str, str]:
            where = sorted({first_seen[t] for t in terms if t in first_seen})
            return _spelled(index, [lists.docnums[i] for i in where], terms)

    else:
        found = matched_documents(index, query, match_all=match_all)
        together, in_documents, nodes, words = text_window_counts(found.documents, window)
        hit_documents, corpus_documents = len(found.documents), found.corpus_documents
        spellings = words.spellings
    scored, frequencies = _best_collocates(index, together, nodes, min_cooccurrences, limit)
    dfs = document_frequencies(index, [t for _, t in scored])
    tokens = body_tokens(index)
    spelled = spellings([t for _, t in scored])
    rows = tuple(
        TermRow(
            term=spelled.get(t, t),
            hit_documents=in_documents[t],
            corpus_documents=dfs[t],
            score=round(score, 3),
            effect=round(
                mutual_information(together[t], nodes, frequencies[t], tokens, 2 * window), 3
            ),
            stems=(t,),
            cooccurrences=together[t],
            corpus_frequency=frequencies[t],
        )
        for score, t in scored
    )
    return TermsResult(
        query=query,
        measure="log-dice",
        hit_documents=hit_documents,
        corpus_documents=corpus_documents,
        rows=rows,
        window=window,
        matches=nodes,
        suggestion=None if hit_documents else suggest_for(index, query),
    )
