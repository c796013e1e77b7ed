"""Each segment's body-word frequency table: what ``terms`` looks up for every candidate word.

Keyness needs the corpus document frequency of ~1,400 candidate words; through Whoosh each is a
term lookup in every segment, ~10 microseconds of Python apiece (a third of ``terms`` at 100,000
documents). This table answers them all with one numpy ``searchsorted`` per segment.

A segment's table is a file of its own, ``<segment id>.bdf``, written by the segment's writer
(``segment.py``) right after the segment's files and before any table of contents names it, so
it is committed with the segment, deleted with it (Whoosh's ``clean_files`` removes every file of
a segment no longer listed) and never changes: a merge writes a new segment and a new table. A
deletion leaves the table as it is, as it leaves the segment's own term information: the numbers
are exactly what Whoosh's ``doc_frequency`` and ``frequency`` report. A segment without a table
(written before tables were kept, or whose table is damaged) is looked up through Whoosh.

Beside it, in an index that keeps term lists (schema 6), ``<segment id>.bdt``: each document's
distinct body words (the words of its term list, ``termlists.py``, in that order) as their
places in the segment's table, so that ``terms`` counts the words of 13,000 matching documents
with numpy (one ``bincount`` per segment) instead of numbering 2.5 million words in Python.
It is written in the same step, from the term lists the segment holds (a merged segment's too).

The table: ``HEADER`` (magic, number of words), then the words' keys (the first 8 bytes of their
BLAKE2b digest, little-endian unsigned, sorted), their document frequencies and their total
frequencies (4-byte little-endian unsigned each), in key order. Words are found by key: two words
of one segment with the same key (about 1 in 10^10 for a segment's 60,000 words) leave the
segment without a table. The document file: ``DOCUMENTS_HEADER`` (magic, documents, entries,
bytes per entry: 2 or 4), the offset of each document's first entry and one past the last
(4-byte little-endian unsigned, documents + 1 of them), then the entries (places in the table).
"""

from __future__ import annotations

import mmap
import struct
import sys
from array import array
from collections.abc import Iterable, Sequence
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import termlists

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

EXTENSION = ".bdf"
HEADER = struct.Struct("<4sI")
MAGIC = b"CSF1"
DOCUMENTS_EXTENSION = ".bdt"
DOCUMENTS_HEADER = struct.Struct("<4sIII")
DOCUMENTS_MAGIC = b"CST1"
_LIMIT = 0xFFFFFFFF


def word_key(word: bytes) -> int:
    """The key a word is found by in a table."""
    return int.from_bytes(blake2b(word, digest_size=8).digest(), "little")


def encode(
    words: Sequence[bytes], dfs: Sequence[int], freqs: Sequence[int]
) -> tuple[list[Any], list[bytes]] | None:
    """The table of ``words`` with their document and total frequencies, as pieces to write one
    after the other (no copy of the whole), and its words in table order; None if two words
    share a key. Kept lean: a merge writes one for its new segment inside the index run."""
    unsorted = [word_key(word) for word in words]
    order = sorted(range(len(words)), key=unsorted.__getitem__)
    keys = array("Q", [unsorted[i] for i in order])
    del unsorted
    if any(a == b for a, b in zip(keys, keys[1:], strict=False)):
        return None
    columns = [
        keys,
        array("I", [min(dfs[i], _LIMIT) for i in order]),
        array("I", [min(freqs[i], _LIMIT) for i in order]),
    ]
    if sys.byteorder == "big":
        for column in columns:
            column.byteswap()
    pieces: list[Any] = [HEADER.pack(MAGIC, len(keys)), *columns]
    return pieces, [words[i] for i in order]


def encode_documents(term_lists: Iterable[bytes], words: Sequence[bytes]) -> list[Any] | None:
    """The document file for a segment's term lists (one per document, in order) and its table's
    ``words`` (in table order), as pieces to write; None if a term list holds a word the table
    has not."""
    place = {word: i for i, word in enumerate(words)}
    width = 2 if len(words) <= 0x10000 else 4
    offsets = array("I", [0])
    entries = array("H" if width == 2 else "I")
    try:
        for value in term_lists:
            terms = termlists.decode(value).terms
            if terms:
                entries.extend(map(place.__getitem__, terms.split(b" ")))
            offsets.append(len(entries))
    except KeyError:
        return None
    if sys.byteorder == "big":
        offsets.byteswap()
        entries.byteswap()
    header = DOCUMENTS_HEADER.pack(DOCUMENTS_MAGIC, len(offsets) - 1, len(entries), width)
    return [header, offsets, entries]


class Table:
    """One segment's table, read through a memory map (a lookup touches a few pages)."""

    def __init__(self, data: Any, count: int) -> None:
        import numpy as np

        self.count = count
        start = HEADER.size
        self.keys = np.frombuffer(data, "<u8", count, start)
        self.dfs = np.frombuffer(data, "<u4", count, start + 8 * count)
        self.freqs = np.frombuffer(data, "<u4", count, start + 12 * count)

    def lookup(self, keys: npt.NDArray[np.uint64]) -> tuple[Any, Any]:
        """(document frequencies, total frequencies) of the words with ``keys``, 0 for absent."""
        import numpy as np

        if not len(self.keys):
            zeros = np.zeros(len(keys), np.int64)
            return zeros, zeros
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[at] == keys
        return (
            np.where(found, self.dfs[at], 0).astype(np.int64),
            np.where(found, self.freqs[at], 0).astype(np.int64),
        )


class DocumentTerms:
    """One segment's document file: ``entries[offsets[d]:offsets[d + 1]]`` are the table places
    of document ``d``'s distinct words, in its term list's order."""

    def __init__(self, data: Any, documents: int, entries: int, width: int) -> None:
        import numpy as np

        start = DOCUMENTS_HEADER.size
        self.offsets = np.frombuffer(data, "<u4", documents + 1, start)
        self.entries = np.frombuffer(
            data, "<u2" if width == 2 else "<u4", entries, start + 4 * (documents + 1)
        )


def _mapped(path: Path) -> Any:
    try:
        with open(path, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty (an empty file cannot be mapped)
        return None


def load(folder: Path, segment_id: str) -> Table | None:
    """The table of the segment ``segment_id`` (``Segment.segment_id()``) in the index
    ``folder``, or None when it has none or it is damaged (look the words up in Whoosh)."""
    data = _mapped(folder / f"{segment_id}{EXTENSION}")
    if data is None or len(data) < HEADER.size:
        return None
    magic, count = HEADER.unpack_from(data)
    if magic != MAGIC or len(data) != HEADER.size + 16 * count:
        return None
    return Table(data, count)


def load_documents(folder: Path, segment_id: str) -> DocumentTerms | None:
    """The document file of the segment ``segment_id``, or None when it has none or it is
    damaged (count the words of its term lists instead)."""
    data = _mapped(folder / f"{segment_id}{DOCUMENTS_EXTENSION}")
    if data is None or len(data) < DOCUMENTS_HEADER.size:
        return None
    magic, documents, entries, width = DOCUMENTS_HEADER.unpack_from(data)
    size = DOCUMENTS_HEADER.size + 4 * (documents + 1) + width * entries
    if magic != DOCUMENTS_MAGIC or width not in (2, 4) or len(data) != size:
        return None
    return DocumentTerms(data, documents, entries, width)


def keys_of(words: Sequence[str]) -> npt.NDArray[np.uint64]:
    import numpy as np

    return np.fromiter((word_key(w.encode("utf-8")) for w in words), np.uint64, len(words))
