"""Near-duplicates at query time (read only): groups of documents whose sketches say they are
near-copies, for ``corpus-search duplicates`` and ``search --collapse``.

Each indexed document has a sketch (``index/sketch.py``, written at indexing time into the
``sketch`` column). Banded locality-sensitive hashing proposes candidate pairs: the 128 values are
cut into bands, and two documents equal on a whole band are candidates. The bands are shaped for the
threshold so that a pair at the threshold is a candidate with probability >= 0.995. Each candidate's
similarity is then estimated from the two sketches (the fraction of equal values), pairs at or above
the threshold are joined, and a group is a connected set of joined pairs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from corpus_search.index.sketch import BINS, SKETCH_BYTES
from corpus_search.models import DocumentRef, DuplicateGroup, DuplicateReport

if TYPE_CHECKING:
    from corpus_search.index import Index

DEFAULT_THRESHOLD = 0.8
# Each document is paired with at most this many earlier members of a band bucket: a group stays
# connected, and a bucket of thousands of identical texts costs linear, not quadratic, work.
_BUCKET_NEIGHBOURS = 8


def band_shape(threshold: float) -> tuple[int, int]:
    """(bands, rows per band): the most rows per band (the fewest chance candidates) with which a
    pair at ``threshold`` still shares a band with probability at least 0.995."""
    best = (BINS, 1)
    for rows in range(1, BINS + 1):
        bands = BINS // rows
        if 1 - (1 - threshold**rows) ** bands >= 0.995:
            best = (bands, rows)
    return best


def group_sketches(
    sketches: Sequence[bytes], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[tuple[int, ...], float]]:
    """Groups of near-copies among ``sketches``: (indexes in ascending order, the lowest estimated
    similarity between two members), ordered by first index. Empty sketches join nothing."""
    usable = [i for i, s in enumerate(sketches) if len(s) == SKETCH_BYTES]
    if len(usable) < 2:
        return []
    import numpy as np

    sig = np.frombuffer(b"".join(sketches[i] for i in usable), dtype="<u4").reshape(-1, BINS)
    pairs = _candidates(sig, threshold)
    if len(pairs):
        agree = _agreement(sig, pairs)
        # Counts, not fractions: at 0.8, 102.4 of 128 values, so 103 or more.
        keep = agree >= threshold * BINS - 1e-9
        pairs, agree = pairs[keep], agree[keep]
    parent = list(range(len(usable)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs.tolist():
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    members: dict[int, list[int]] = {}
    for i in range(len(usable)):
        members.setdefault(root(i), []).append(i)
    found = []
    for group in members.values():
        if len(group) > 1:
            lowest = _lowest(sig, group, pairs, agree)
            found.append((tuple(usable[i] for i in group), lowest))
    return sorted(found)


def _candidates(sig: Any, threshold: float) -> Any:
    """(i, j) rows, i < j, of documents equal on every value of at least one band."""
    import numpy as np

    bands, rows = band_shape(threshold)
    wide = sig.astype(np.uint64)
    found = []
    for band in range(bands):
        # The band's values folded into one 64-bit key (a sort of integers is fast); a chance
        # collision only adds a candidate, which the verification then drops.
        key = np.zeros(len(sig), dtype=np.uint64)
        for column in range(band * rows, (band + 1) * rows):
            key = _mix(key * np.uint64(0x9E3779B97F4A7C15) + wide[:, column])
        order = np.argsort(key)
        ordered = key[order]
        for lag in range(1, _BUCKET_NEIGHBOURS + 1):
            same = np.flatnonzero(ordered[lag:] == ordered[:-lag])
            if len(same) == 0:
                break
            found.append(np.stack([order[same], order[same + lag]], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.intp)
    return np.unique(np.sort(np.concatenate(found), axis=1), axis=0)


def _mix(h: Any) -> Any:
    """SplitMix64's finaliser, element-wise on uint64 (wrapping arithmetic)."""
    import numpy as np

    h = (h ^ (h >> np.uint64(33))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(29))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(32))


def _agreement(sig: Any, pairs: Any) -> Any:
    """How many of the 128 values each pair shares (in slices: bounded memory)."""
    import numpy as np

    agree = np.zeros(len(pairs), dtype=np.int64)
    for start in range(0, len(pairs), 65_536):
        part = pairs[start : start + 65_536]
        agree[start : start + len(part)] = np.count_nonzero(
            sig[part[:, 0]] == sig[part[:, 1]], axis=1
        )
    return agree


def _lowest(sig: Any, group: list[int], pairs: Any, agree: Any) -> float:
    """The lowest estimated similarity between two members: over all pairs up to 200 members,
    else over the pairs that joined them."""
    import numpy as np

    if len(group) == 2:
        return float(np.count_nonzero(sig[group[0]] == sig[group[1]])) / BINS
    if len(group) <= 200:
        rows = sig[group]
        lowest = BINS
        for i in range(len(group) - 1):
            lowest = min(lowest, int((rows[i + 1 :] == rows[i]).sum(axis=1).min()))
        return lowest / BINS
    inside = np.isin(pairs[:, 0], group) & np.isin(pairs[:, 1], group)
    return float(agree[inside].min()) / BINS


# Reading the index ---------------------------------------------------------------------------


class SketchReader:
    """The sketch and key columns of a searcher's segments, read by global document number."""

    def __init__(self, searcher: Any) -> None:
        self._leaves = searcher.leaf_searchers()
        self._offsets = [offset for _, offset in self._leaves]
        self._columns: dict[int, Any] = {}

    def sketch(self, docnum: int) -> bytes:
        i = bisect_right(self._offsets, docnum) - 1
        if i not in self._columns:
            reader = self._leaves[i][0].reader()
            has = reader.has_column("sketch")
            self._columns[i] = reader.column_reader("sketch") if has else None
        column = self._columns[i]
        return bytes(column[docnum - self._offsets[i]]) if column is not None else b""

    def live_documents(self) -> list[int]:
        """Every document that is not deleted, by global number."""
        found: list[int] = []
        for sub, offset in self._leaves:
            found.extend(offset + local for local in sub.reader().all_doc_ids())
        return found


def find_duplicates(index: Index, *, threshold: float = DEFAULT_THRESHOLD) -> DuplicateReport:
    """Every group of near-copies in the index (estimated similarity >= ``threshold``), largest
    groups first; members in key order."""
    with index.searcher() as searcher:
        reader = SketchReader(searcher)
        docnums = reader.live_documents()
        sketches = [reader.sketch(d) for d in docnums]
        found = group_sketches(sketches, threshold)
        groups = []
        for members, similarity in found:
            refs = [_ref(searcher.stored_fields(docnums[i])) for i in members]
            groups.append(DuplicateGroup(tuple(sorted(refs, key=lambda r: r.key)), similarity))
    groups.sort(key=lambda g: (-len(g.documents), -g.similarity, g.documents[0].key))
    return DuplicateReport(threshold=threshold, documents=len(docnums), groups=tuple(groups))


def collapse_ranked(
    ranked: Sequence[tuple[int, Any]], reader: SketchReader, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, Any, int]]:
    """``ranked`` (document number, score), best first, with each group of near-copies folded
    into its best-ranked member: (document number, score, near copies folded into it)."""
    sketches = [reader.sketch(docnum) for docnum, _ in ranked]
    leader = list(range(len(ranked)))
    copies = [0] * len(ranked)
    for members, _ in group_sketches(sketches, threshold):
        first = members[0]  # indexes ascend, and ranked is best first
        copies[first] = len(members) - 1
        for i in members[1:]:
            leader[i] = first
    return [(d, s, copies[i]) for i, (d, s) in enumerate(ranked) if leader[i] == i]


def _ref(stored: dict[str, Any]) -> DocumentRef:
    return DocumentRef(
        key=stored["key"], path=stored.get("path") or stored["key"], title=stored.get("title", "")
    )
