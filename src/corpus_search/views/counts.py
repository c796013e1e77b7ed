"""Word counts over every matching document, from the index's term lists (``index/termlists.py``)
and each segment's document file (``index/frequencies.py``): what ``terms`` needs, counted with
numpy instead of re-analysing the stored text.

The matches' words become arrays: the id of each document's distinct words (``entries``,
document after document) and each word position's id (``tokens``). :class:`TableCounts` takes
the entries from the segments' document files (places in each segment's word table, matched up
across segments by key) and counts them with one ``bincount`` per segment;
:class:`TermListCounts`, for segments without those files, numbers the words of the term lists
itself. Keyness counts documents per word from the entries and two-word phrases from
neighbouring positions. Collocates (``window_counts``) only read the words around each match,
list by list."""

from __future__ import annotations

import itertools
import sys
from array import array
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from corpus_search.index import frequencies
from corpus_search.index.termlists import TYPECODES, TermList, decode

if TYPE_CHECKING:  # numpy.typing costs ~15 ms of every ``terms`` command's start
    import numpy.typing as npt

    Ids = npt.NDArray[np.integer[Any]]  # int32 or int64
_DTYPES = {1: "u1", 2: "<u2", 4: "<u4"}  # a term list's id widths
MOST_PAIRS = 1000  # two-word phrases handed back at most (keyness checks at most 20)


class Counts:
    """The matching documents' words as arrays, counted several ways: ``entries`` holds the id
    of each document's distinct words (document after document, document d's from
    ``entry_starts[d]``), ``tokens`` the id of each word position (document d's from
    ``token_starts[d]``); ``counts[i]`` is the number of matching documents holding word ``i``.
    Subclasses number the words. Ids and positions are int32: a cold ``terms`` spent more time
    having fresh memory mapped in than counting."""

    size: int
    counts: Ids
    entries: Ids
    entry_starts: Ids
    tokens: Ids
    token_starts: Ids

    def ids(self, terms: Collection[str]) -> list[int]:
        """The ids of those of ``terms`` found in the matches."""
        raise NotImplementedError

    def words(self, ids: Sequence[int]) -> list[str]:
        """The words with ``ids``."""
        raise NotImplementedError

    def ranked(self, at_least: float = 1) -> Iterator[tuple[str, int]]:
        """(word, matching documents holding it), most first, while at least ``at_least``:
        words are spelled out only as they are asked for (keyness stops after a few thousand)."""
        counts = self.counts
        order = np.argsort(-counts, kind="stable")
        order = order[: int(np.count_nonzero(counts >= at_least))]
        for start in range(0, len(order), 512):
            chunk = order[start : start + 512].tolist()
            yield from zip(self.words(chunk), counts[chunk].tolist(), strict=True)

    def pair_document_counts(
        self, key_words: Collection[str], skip: Collection[str], *, at_least: int = 1
    ) -> Counter[tuple[str, str]]:
        """How many matching documents hold each two-word phrase (neighbouring positions) that
        has one of ``key_words`` and none of ``skip``, for the ``MOST_PAIRS`` held by the most
        documents, ``at_least`` of them."""
        tokens = self.tokens
        size = self.size
        if len(tokens) < 2 or not size:
            return Counter()
        key = np.zeros(size, bool)
        key[self.ids(key_words)] = True
        allowed = np.ones(size, bool)
        allowed[self.ids(skip)] = False
        # The pairs (p, p + 1) around each position p of a key word: read only those.
        at_key = np.flatnonzero(key[tokens])
        starts = np.zeros(len(tokens), bool)
        starts[at_key] = True
        starts[at_key[at_key > 0] - 1] = True
        first = np.flatnonzero(starts[:-1])
        where = np.searchsorted(self.token_starts, first, "right") - 1
        ends = np.append(self.token_starts[1:], len(tokens))
        same = first + 1 < ends[where]  # p + 1 is in p's document
        x, y = tokens[first], tokens[first + 1]
        keep = same & allowed[x] & allowed[y]
        codes = x[keep].astype(np.int64) * size + y[keep]
        return self._pair_counts(where[keep].astype(np.int64), codes, at_least=at_least)

    def _pair_counts(self, docs: Ids, codes: Ids, *, at_least: int) -> Counter[tuple[str, str]]:
        """In how many documents each pair code (x * size + y) occurs, for the ``MOST_PAIRS``
        commonest found in ``at_least`` documents."""
        if not len(codes):
            return Counter()
        span = self.size * self.size
        if span * (int(docs[-1]) + 1) < 2**62:  # (document, pair) as one number: one sort
            # (np.sort, not np.unique: numpy 2's unique without counts hashes, 50x slower)
            combined = np.sort(docs * span + codes)
            first = np.ones(len(combined), bool)
            first[1:] = combined[1:] != combined[:-1]
            codes = combined[first] % span
        else:
            order = np.lexsort((codes, docs))
            docs, codes = docs[order], codes[order]
            first = np.ones(len(codes), bool)
            first[1:] = (docs[1:] != docs[:-1]) | (codes[1:] != codes[:-1])
            codes = codes[first]
        values, counts = np.unique(codes, return_counts=True)
        # Most pairs are rare: turning them all into strings cost more than counting them.
        common = counts >= at_least
        values, counts = values[common], counts[common]
        if len(counts) > MOST_PAIRS:
            top = np.argsort(-counts, kind="stable")[:MOST_PAIRS]
            values, counts = values[top], counts[top]
        xs, ys = np.divmod(values, self.size)
        held = sorted(set(xs.tolist()) | set(ys.tolist()))
        text = dict(zip(held, self.words(held), strict=True))
        out: Counter[tuple[str, str]] = Counter()
        for x, y, count in zip(xs.tolist(), ys.tolist(), counts.tolist(), strict=True):
            out[(text[x], text[y])] = count
        return out

    def first_documents(self, terms: Collection[str]) -> list[int]:
        """For each of ``terms`` found, the first matching document (its place in the lists)
        that holds it: where to read how the word is spelled."""
        ids = self.ids(terms)
        if not ids:
            return []
        wanted = np.zeros(self.size, bool)
        wanted[ids] = True
        held = np.flatnonzero(wanted[self.entries])
        # Entries run document after document: a word's first entry is in its first document.
        _, first = np.unique(self.entries[held], return_index=True)
        return sorted(set(self.documents_of(held[first]).tolist()))

    def documents_of(self, entries: Ids) -> Ids:
        """The document (its place in the lists) of each of ``entries`` (places in
        ``entries``)."""
        found: Ids = np.searchsorted(self.entry_starts, entries, "right") - 1
        return found

    def _number_tokens(self, parts: Sequence[TermList]) -> None:
        """``tokens``: each position's word id, from the term lists' ids (places in their own
        document's distinct words) and ``entries``."""
        local = [np.frombuffer(p.ids, _DTYPES[p.width]) for p in parts]
        lengths = np.fromiter(map(len, local), np.int64, len(local))
        self.token_starts = np.zeros(len(local), np.int32)
        np.cumsum(lengths[:-1], out=self.token_starts[1:])
        flat = np.concatenate(local, dtype=np.int32) if local else np.zeros(0, np.int32)
        flat += np.repeat(self.entry_starts, lengths)
        if len(flat) and int(flat.max()) >= len(self.entries):
            raise ValueError("a term list and its document's words disagree")
        self.tokens = self.entries[flat]


class TermListCounts(Counts):
    """The term lists of the matching documents, numbered here: a word's id is the place of its
    first entry (for an index whose segments have no document files, ``frequencies.py``)."""

    def __init__(self, lists: Sequence[bytes]) -> None:
        parts = [decode(value) for value in lists]
        joined = b" ".join(p.terms for p in parts if p.terms)
        entries = joined.split(b" ") if joined else []
        # Numbered in one pass, and counted by numpy, instead of a Counter and a second pass.
        number: dict[bytes, int] = {}
        self.size = max(1, len(entries))
        self.entries = np.fromiter(
            map(number.setdefault, entries, itertools.count()), np.int32, len(entries)
        )
        self._number = number
        ids = np.fromiter(number.values(), np.int32, len(number))
        self.vocabulary: dict[int, str] = {
            i: term.decode("utf-8") for term, i in zip(number, ids.tolist(), strict=True)
        }
        self.counts = np.bincount(self.entries, minlength=self.size)  # a list holds a word once
        sizes = np.array([p.terms.count(b" ") + 1 if p.terms else 0 for p in parts], np.int64)
        self.entry_starts = np.zeros(len(parts), np.int32)
        np.cumsum(sizes[:-1], out=self.entry_starts[1:])
        self._number_tokens(parts)

    def ids(self, terms: Collection[str]) -> list[int]:
        found = (self._number.get(t.encode("utf-8")) for t in terms)
        return [i for i in found if i is not None]

    def words(self, ids: Sequence[int]) -> list[str]:
        return [self.vocabulary[i] for i in ids]


class TableCounts(Counts):
    """The matching documents' words from their segments' document files and word tables
    (``index/frequencies.py``): each segment's entries are counted by one ``bincount`` over
    its table, and the segments' words are matched up by their keys; a word is spelled out
    (read from a term list holding it) only when asked for.

    ``segments``: per segment holding matches, its table, its document file and the matches'
    document numbers in it, in the order of ``lists`` (the matches' term lists)."""

    def __init__(
        self,
        lists: Sequence[bytes],
        segments: Sequence[tuple[frequencies.Table, frequencies.DocumentTerms, Ids]],
    ) -> None:
        keys, counts, places, per_segment, sizes = [], [], [], [], []
        for table, documents, local in segments:
            # int32 places while they fit (a segment of over 2**31 entries is far off)
            wide = np.int64 if len(documents.entries) >= 2**31 else np.int32
            starts = documents.offsets[local].astype(wide)
            lengths = documents.offsets[local + 1].astype(wide) - starts
            # Each match's rows of the file, gathered at once: row i of document d is at
            # starts[d] + (i - the rows of the documents before it).
            before = np.zeros(len(lengths), wide)
            np.cumsum(lengths[:-1], out=before[1:])
            at = np.arange(int(before[-1] + lengths[-1]), dtype=wide)
            at += np.repeat(starts - before, lengths)
            entries = documents.entries[at].astype(np.int32)
            if len(entries) and int(entries.max()) >= table.count:
                raise ValueError("a document file and its table disagree")
            held = np.bincount(entries, minlength=table.count)
            found = np.flatnonzero(held)
            keys.append(table.keys[found])
            counts.append(held[found])
            places.append(found)
            per_segment.append((table.count, entries))
            sizes.append(lengths)
        all_keys = np.concatenate(keys) if keys else np.zeros(0, np.uint64)
        self.keys, which = np.unique(all_keys, return_inverse=True)
        self.size = len(self.keys)
        weights = np.concatenate(counts).astype(np.float64) if counts else np.zeros(0)
        self.counts = np.bincount(which, weights=weights, minlength=self.size).astype(np.int64)
        numbered, done = [], 0
        for (count, entries), found in zip(per_segment, places, strict=True):
            to_id = np.zeros(count, np.int32)
            to_id[found] = which[done : done + len(found)]
            done += len(found)
            numbered.append(to_id[entries])
        self.entries = np.concatenate(numbered) if numbered else np.zeros(0, np.int32)
        every = np.concatenate(sizes) if sizes else np.zeros(0, np.int64)
        if len(every) != len(lists):
            raise ValueError("the term lists and the segments' documents disagree")
        self.entry_starts = np.zeros(len(every), np.int32)
        np.cumsum(every[:-1], out=self.entry_starts[1:])
        self._lists = lists
        self._number_tokens([decode(value) for value in lists])
        # Some entry of each word (any will do: it is the same word wherever it is).
        self._somewhere = np.zeros(self.size, np.int32)
        self._somewhere[self.entries] = np.arange(len(self.entries), dtype=np.int32)
        self._spelled: dict[int, str] = {}

    def ids(self, terms: Collection[str]) -> list[int]:
        words = list(terms)
        if not words or not self.size:
            return []
        keys = frequencies.keys_of(words)
        at = np.minimum(np.searchsorted(self.keys, keys), self.size - 1)
        found: list[int] = at[self.keys[at] == keys].tolist()
        return found

    def words(self, ids: Sequence[int]) -> list[str]:
        spelled = self._spelled
        wanted = [i for i in ids if i not in spelled]
        if wanted:
            entries = self._somewhere[wanted]
            where = self.documents_of(entries)
            documents = where.tolist()
            places = (entries - self.entry_starts[where]).tolist()
            split: dict[int, list[bytes]] = {}
            for i, document, place in zip(wanted, documents, places, strict=True):
                terms = split.get(document)
                if terms is None:
                    terms = split[document] = decode(self._lists[document]).terms.split(b" ")
                spelled[i] = terms[place].decode("utf-8")
        return [spelled[i] for i in ids]


def table_counts(
    folder: Path, lists: Sequence[bytes], segments: Sequence[tuple[str, Sequence[int]]]
) -> TableCounts | None:
    """:class:`TableCounts` of the matches when every segment holding one has its word table
    and document file (``segments``: (segment id, the matches' document numbers in it)), else
    None (count with :class:`TermListCounts`)."""
    loaded = []
    for segment_id, local in segments:
        table = frequencies.load(folder, segment_id)
        documents = frequencies.load_documents(folder, segment_id) if table else None
        numbers = np.asarray(local, np.int64)
        if table is None or documents is None or len(documents.offsets) <= int(numbers.max()) + 1:
            return None
        loaded.append((table, documents, numbers))
    try:
        return TableCounts(lists, loaded)
    except ValueError:
        return None


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
