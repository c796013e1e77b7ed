"""A parsed query tested against one quotation at a time, directly (no index of quotations).

Words, phrases, wildcards and fuzzy words are checked against the quotation's analysed words
(wildcards and fuzzy words expanded over the index's ``quote`` field, which holds every quotation
word); fields of the document (``author:``, ``date:``, ...) against the documents the main index
finds for them. Matches are ranked by BM25 over the candidate quotations. A query node this module
does not know raises :class:`Unsupported`; the caller then uses an in-memory Whoosh index.
"""

from __future__ import annotations

from math import log
from typing import Any

from whoosh import query as wq

from corpus_search._whoosh import expanded_terms, is_null_query
from corpus_search.index.schema import text_characters

__all__ = ["Unsupported", "match_quotations"]

_K1, _B = 1.2, 0.75

Occurrences = dict[str, list[tuple[int, int, int]]]  # term -> [(position, start, end)]


class Unsupported(Exception):
    """The query has a node this evaluator does not handle."""


def match_quotations(
    q: Any, candidates: list[dict[str, Any]], searcher: Any
) -> list[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]:
    """The candidates (each with ``text`` and ``docnum``) that ``q`` matches, best first, each
    with the [start, end) spans of the words it matched in ``text``."""
    reader = searcher.reader()
    expansions: dict[int, set[str]] = {}
    doc_sets: dict[int, set[int]] = {}
    _prepare(q, reader, searcher, expansions, doc_sets)
    words = _positive_words(q, expansions)
    analysed = [text_characters(c["text"]) for c in candidates]
    found = [
        (c, occ)
        for c, occ in zip(candidates, analysed, strict=True)
        if _matches(q, occ, c["docnum"], expansions, doc_sets)
    ]
    if not found:
        return []
    lengths = [sum(len(v) for v in occ.values()) for _, occ in found]
    average = sum(lengths) / len(lengths) or 1.0
    frequency = {w: sum(1 for occ in analysed if w in occ) for w in words}
    n = len(analysed)
    scored = []
    for (c, occ), length in zip(found, lengths, strict=True):
        score = 0.0
        spans: list[tuple[int, int]] = []
        for w in words:
            hits = occ.get(w)
            if not hits:
                continue
            tf = len(hits)
            idf = log(1 + (n - frequency[w] + 0.5) / (frequency[w] + 0.5))
            score += idf * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * length / average))
            spans.extend((s, e) for _, s, e in hits)
        scored.append((-score, c["order"], c, tuple(sorted(spans))))
    scored.sort(key=lambda row: (row[0], row[1]))
    return [(c, spans) for _, _, c, spans in scored]


def _is_quote_leaf(node: Any) -> bool:
    return getattr(node, "fieldname", None) == "quote"


def _prepare(
    node: Any, reader: Any, searcher: Any, expansions: dict[int, set[str]], doc_sets: Any
) -> None:
    """Expand wildcard and fuzzy words, and find the documents of the document-field parts."""
    if isinstance(node, wq.Every) or is_null_query(node):
        return
    if isinstance(node, (wq.And, wq.Or, wq.Not, wq.AndNot, wq.AndMaybe, wq.Require)):
        for child in node.children():
            _prepare(child, reader, searcher, expansions, doc_sets)
        return
    if _is_quote_leaf(node):
        if isinstance(node, (wq.Term, wq.Phrase)):
            return
        if isinstance(node, wq.MultiTerm):
            expansions[id(node)] = {
                b.decode("utf-8") if isinstance(b, bytes) else str(b)
                for b in expanded_terms(node, reader)
            }
            return
        raise Unsupported(type(node).__name__)
    if node.is_leaf():
        doc_sets[id(node)] = set(searcher.docs_for_query(node))
        return
    raise Unsupported(type(node).__name__)


def _matches(
    node: Any, occ: Occurrences, docnum: int, expansions: dict[int, set[str]], doc_sets: Any
) -> bool:
    if isinstance(node, wq.Every):
        return True
    if is_null_query(node):
        return False
    if isinstance(node, wq.And) or isinstance(node, wq.Require):
        return all(_matches(c, occ, docnum, expansions, doc_sets) for c in node.children())
    if isinstance(node, wq.Or):
        return any(_matches(c, occ, docnum, expansions, doc_sets) for c in node.children())
    if isinstance(node, wq.Not):
        return not _matches(node.query, occ, docnum, expansions, doc_sets)
    if isinstance(node, wq.AndNot):
        return _matches(node.a, occ, docnum, expansions, doc_sets) and not _matches(
            node.b, occ, docnum, expansions, doc_sets
        )
    if isinstance(node, wq.AndMaybe):
        return _matches(node.a, occ, docnum, expansions, doc_sets)
    if id(node) in doc_sets:
        return docnum in doc_sets[id(node)]
    if isinstance(node, wq.Term):
        return str(node.text) in occ
    if isinstance(node, wq.Phrase):
        return _phrase(occ, [str(w) for w in node.words], max(1, node.slop))
    if id(node) in expansions:
        return any(w in occ for w in expansions[id(node)])
    raise Unsupported(type(node).__name__)


def _phrase(occ: Occurrences, words: list[str], slop: int) -> bool:
    """Each word follows the one before within ``slop`` positions (Whoosh's phrase rule)."""
    if any(w not in occ for w in words):
        return False
    starts = {p for p, _, _ in occ[words[0]]}
    ends = starts
    for w in words[1:]:
        positions = {p for p, _, _ in occ[w]}
        ends = {p for p in positions if any(0 < p - e <= slop for e in ends)}
        if not ends:
            return False
    return True


def _positive_words(q: Any, expansions: dict[int, set[str]]) -> list[str]:
    """The quotation words the query asks for (not under NOT), for ranking and highlighting."""
    found: dict[str, None] = {}

    def visit(node: Any) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            visit(node.a)
            return
        if _is_quote_leaf(node):
            if isinstance(node, wq.Term):
                found[str(node.text)] = None
            elif isinstance(node, wq.Phrase):
                found.update((str(w), None) for w in node.words)
            else:
                found.update((w, None) for w in sorted(expansions.get(id(node), ())))
        elif not node.is_leaf():
            for child in node.children():
                visit(child)

    visit(q)
    return list(found)
