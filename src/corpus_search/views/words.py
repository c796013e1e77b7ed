"""The index's words of a piece of stored text: its terms (stemmed, stop words out), in order.

``terms`` and ``collocates`` count words of the matching documents; these are the body field's
terms exactly as the index holds them (tests/test_views.py compares them with the indexing
analyser), so counts line up with the index's document and term frequencies.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from corpus_search.index.schema import word_terms
from corpus_search.searching.matches import MatchedDocument

# The indexing tokenizer's pattern ([\w*]+ runs joined by single dots) written without its
# ambiguous "\.?", which made the regex backtrack: the same tokens, several times faster.
TOKEN = re.compile(r"[\w\*]+(?:\.[\w\*]+)*")


class Words:
    """Token -> term, remembered (stemming is most of the cost of analysing text), and how many
    texts used each spelling, to show a stem as the word people wrote."""

    def __init__(self) -> None:
        self._terms: dict[str, str | None] = {}
        self._spellings: Counter[str] = Counter()

    def terms(self, tokens: list[str]) -> list[str]:
        """The terms of ``tokens`` in order (stop words dropped)."""
        cache = self._terms
        new = list(set(tokens).difference(cache))
        if new:
            cache.update(zip(new, word_terms(new), strict=True))
        return [t for t in map(cache.__getitem__, tokens) if t is not None]

    def document_terms(self, texts: list[str], *, spell: int = 0) -> list[list[str]]:
        """The terms of each text in order; the spellings of the first ``spell`` are counted."""
        tokens = [TOKEN.findall(text) for text in texts]
        for some in tokens[:spell]:
            self._spellings.update(set(some))
        cache = self._terms
        new = list(set().union(*tokens).difference(cache))
        if new:
            cache.update(zip(new, word_terms(new), strict=True))
        return [[t for t in map(cache.__getitem__, some) if t is not None] for some in tokens]

    def window(self, text: str, *, cut_start: bool = False, cut_end: bool = False) -> list[str]:
        """The terms of a piece cut out of a longer text, in order; a word the cut went through
        (at its start with ``cut_start``, at its end with ``cut_end``) is left out."""
        found = list(TOKEN.finditer(text))
        if found and cut_start and found[0].start() == 0:
            found = found[1:]
        if found and cut_end and found[-1].end() == len(text):
            found = found[:-1]
        tokens = [m[0] for m in found]
        self._spellings.update(tokens)
        return self.terms(tokens)

    def spellings(self, terms: Iterable[str]) -> dict[str, str]:
        """The commonest lower-case spelling seen of each of ``terms`` (else the term itself)."""
        wanted = set(terms)
        counts: dict[str, Counter[str]] = {}
        for raw, n in self._spellings.items():
            term = self._terms.get(raw)
            if term in wanted:
                counts.setdefault(term, Counter())[raw.lower()] += n
        return {
            term: min(counts[term].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if term in counts
            else term
            for term in wanted
        }


class TextCounts:
    """What ``terms`` counts, from stored texts (for an index without term lists, schema 5):
    the terms of each text in order, and documents per word."""

    def __init__(self, texts: Sequence[str], *, spell: int = 0) -> None:
        self.words = Words()
        self.documents = self.words.document_terms(list(texts), spell=spell)
        self.document_counts: Counter[str] = Counter()
        for terms in self.documents:
            self.document_counts.update(set(terms))

    def pair_document_counts(
        self, key_words: Collection[str], skip: Collection[str], *, at_least: int = 1
    ) -> Counter[tuple[str, str]]:
        """Documents per two-word phrase holding one of ``key_words`` and none of ``skip``."""
        pairs: Counter[tuple[str, str]] = Counter()
        for terms in self.documents:
            pairs.update(
                {
                    (x, y)
                    for x, y in zip(terms, terms[1:], strict=False)
                    if (x in key_words or y in key_words) and x not in skip and y not in skip
                }
            )
        return pairs


def text_window_counts(
    documents: Iterable[MatchedDocument], window: int
) -> tuple[Counter[str], Counter[str], int, Words]:
    """The words within ``window`` positions of each match in the stored texts: how often, in
    how many documents, the number of matches, and the Words that read them (for spellings)."""
    words = Words()
    together: Counter[str] = Counter()
    in_documents: Counter[str] = Counter()
    nodes = 0
    reach = 40 * window + 80  # characters read each side: enough for ``window`` long words
    for doc in documents:
        text = doc.text
        near: set[str] = set()
        for start, end in doc.spans:
            nodes += 1
            lo, hi = max(0, start - reach), min(len(text), end + reach)
            left = words.window(text[lo:start], cut_start=lo > 0)[-window:]
            right = words.window(text[end:hi], cut_end=hi < len(text))[:window]
            together.update(left)
            together.update(right)
            near.update(left)
            near.update(right)
        in_documents.update(near)
    return together, in_documents, nodes, words
