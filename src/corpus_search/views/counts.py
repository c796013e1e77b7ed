"""Word counts over every matching document, from the index's term lists (``index/termlists.py``):
what ``terms`` needs, counted with numpy instead of re-analysing the stored text.

The matches' term lists become three arrays: the vocabulary id of each document's distinct terms
(``entries``, document after document), each word position's vocabulary id (``tokens``) and the
document each position belongs to. Keyness counts documents per word from the first and
two-word phrases from neighbouring positions. Collocates (``window_counts``) only read the words
around each match, list by list.
"""

from __future__ import annotations

import itertools
import sys
from array import array
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np
import numpy.typing as npt

from corpus_search.index.termlists import TYPECODES, decode

Ids = npt.NDArray[np.int64]
_DTYPES = {1: "u1", 2: "<u2", 4: "<u4"}  # a term list's id widths
MOST_PAIRS = 1000  # two-word phrases handed back at most (keyness checks at most 20)


class TermListCounts:
    """The term lists of the matching documents, as arrays (built once, counted several ways)."""

    def __init__(self, lists: Sequence[bytes]) -> None:
        parts = [decode(value) for value in lists]
        joined = b" ".join(p.terms for p in parts if p.terms)
        entries = joined.split(b" ") if joined else []
        # A word's id is the place of its first entry (ids are sparse, below ``size``): numbered
        # in one pass, and counted by numpy, instead of a Counter and a second pass.
        number: dict[bytes, int] = {}
        self.size = max(1, len(entries))
        self.entries: Ids = np.fromiter(
            map(number.setdefault, entries, itertools.count()), np.int64, len(entries)
        )
        self._number = number
        ids = np.fromiter(number.values(), np.int64, len(number))
        self.vocabulary: dict[int, str] = {
            i: term.decode("utf-8") for term, i in zip(number, ids.tolist(), strict=True)
        }
        held = np.bincount(self.entries, minlength=self.size)[ids]  # each list holds a word once
        self.document_counts: Counter[str] = Counter(
            dict(zip(self.vocabulary.values(), held.tolist(), strict=True))
        )
        sizes = np.array([p.terms.count(b" ") + 1 if p.terms else 0 for p in parts], np.int64)
        self.entry_documents: Ids = np.repeat(np.arange(len(parts), dtype=np.int64), sizes)
        starts = np.zeros(len(parts), np.int64)
        np.cumsum(sizes[:-1], out=starts[1:])
        local = [np.frombuffer(p.ids, _DTYPES[p.width]) for p in parts]
        lengths = np.array([len(ids) for ids in local], np.int64)
        offsets = np.repeat(starts, lengths)
        flat = np.concatenate(local).astype(np.int64) if local else np.zeros(0, np.int64)
        self.tokens: Ids = self.entries[flat + offsets] if len(flat) else flat
        self.token_documents: Ids = np.repeat(np.arange(len(parts), dtype=np.int64), lengths)

    def ids(self, terms: Collection[str]) -> list[int]:
        """The vocabulary ids of those of ``terms`` found in the matches."""
        found = (self._number.get(t.encode("utf-8")) for t in terms)
        return [i for i in found if i is not None]

    def pair_document_counts(
        self, key_words: Collection[str], skip: Collection[str], *, at_least: int = 1
    ) -> Counter[tuple[str, str]]:
        """How many matching documents hold each two-word phrase (neighbouring positions) that
        has one of ``key_words`` and none of ``skip``, for the ``MOST_PAIRS`` held by the most
        documents, ``at_least`` of them."""
        tokens, docs = self.tokens, self.token_documents
        size = self.size
        if len(tokens) < 2 or not self.vocabulary:
            return Counter()
        key = np.zeros(size, bool)
        key[self.ids(key_words)] = True
        allowed = np.ones(size, bool)
        allowed[self.ids(skip)] = False
        x, y = tokens[:-1], tokens[1:]
        keep = (docs[:-1] == docs[1:]) & (key[x] | key[y]) & allowed[x] & allowed[y]
        return self._pair_counts(docs[:-1][keep], x[keep] * size + y[keep], at_least=at_least)

    def _pair_counts(self, docs: Ids, codes: Ids, *, at_least: int) -> Counter[tuple[str, str]]:
        """In how many documents each pair code (x * size + y) occurs, for the ``MOST_PAIRS``
        commonest found in ``at_least`` documents."""
        if not len(codes):
            return Counter()
        order = np.lexsort((codes, docs))
        docs, codes = docs[order], codes[order]
        first = np.ones(len(codes), bool)
        first[1:] = (docs[1:] != docs[:-1]) | (codes[1:] != codes[:-1])
        values, counts = np.unique(codes[first], return_counts=True)
        # Most pairs are rare: turning them all into strings cost more than counting them.
        common = counts >= at_least
        values, counts = values[common], counts[common]
        if len(counts) > MOST_PAIRS:
            top = np.argsort(-counts, kind="stable")[:MOST_PAIRS]
            values, counts = values[top], counts[top]
        text = self.vocabulary
        out: Counter[tuple[str, str]] = Counter()
        for value, count in zip(values.tolist(), counts.tolist(), strict=True):
            x, y = divmod(value, self.size)
            out[(text[x], text[y])] = count
        return out

    def first_documents(self, terms: Collection[str]) -> list[int]:
        """For each of ``terms`` found, the first matching document (its place in the lists)
        that holds it: where to read how the word is spelled."""
        ids = self.ids(terms)
        if not ids:
            return []
        held = np.isin(self.entries, ids)
        # Entries run document after document: a word's first entry is in its first document.
        _, first = np.unique(self.entries[held], return_index=True)
        return sorted(set(self.entry_documents[held][first].tolist()))


def window_counts(
    lists: Sequence[bytes], matches: Sequence[Sequence[tuple[int, int]]], window: int
) -> tuple[Counter[str], Counter[str], int, dict[str, int]]:
    """Around each match (``matches[d]``: the (first, last) word positions of the matches in
    the document of ``lists[d]``): how often each word is within ``window`` positions, in how
    many documents, the number of matches, and the first document each word was near one in.
    A match's own words do not count; another match near it does. Only the words in the windows
    are looked at (no arrays of every word, as keyness needs)."""
    together: Counter[bytes] = Counter()
    documents: Counter[bytes] = Counter()
    first_seen: dict[bytes, int] = {}
    nodes = 0
    for number, (value, spans) in enumerate(zip(lists, matches, strict=True)):
        if not spans:
            continue
        part = decode(value)
        terms = part.terms.split(b" ")
        ids = array(TYPECODES[part.width], part.ids)
        if sys.byteorder == "big":
            ids.byteswap()
        near: list[bytes] = []
        for first, last in spans:
            i, j = first - part.first, last - part.first
            near += [terms[k] for k in ids[max(0, i - window) : max(0, i)]]
            near += [terms[k] for k in ids[j + 1 : j + 1 + window]]
        nodes += len(spans)
        together.update(near)
        held = set(near)
        documents.update(held)
        for word in held.difference(first_seen):
            first_seen[word] = number
    text = {word: word.decode("utf-8") for word in together}
    return (
        Counter({text[w]: n for w, n in together.items()}),
        Counter({text[w]: n for w, n in documents.items()}),
        nodes,
        {text[w]: n for w, n in first_seen.items()},
    )
