"""Near-duplicate sketches: MinHash over word shingles, computed when a document is indexed.

A document's sketch is a one-permutation MinHash (Li, Owen & Zhang 2012) of the set of its words
(1-word shingles, ``SHINGLE_WORDS``): each shingle is hashed once to 64 bits, the top 7 bits pick
one of 128 bins, and each bin keeps the smallest low 32 bits of the shingles that fell into it.
Empty bins (documents of fewer than a few hundred words leave some) borrow the value of the first
non-empty bin in a fixed pseudo-random order of their own ("optimal densification", Shrivastava
2017), so that for two documents A and B every bin is equal with probability J(A, B), the Jaccard
similarity of their shingle sets, as in classic MinHash with 128 permutations. The estimate is the
fraction of equal bins (standard error about 0.035 at J = 0.8).

Why words and not word pairs or triples: a copy with 5% of its words changed and a new headline
keeps ~0.86 of its word set but only ~0.80 of its pairs and ~0.73 of its triples, so at the
default threshold 0.8 pairs found half of the planted copies in BBC News and words 96%, with the
same precision (README "Near-duplicates"). Why not datasketch's MinHash: it applies 128
permutations to every shingle (n x 128 work), this hashes each shingle once: ~0.1 ms a document
against ~0.8 ms, with the same accuracy (``scripts/bench_duplicates.py --datasketch``).

Words are runs of ASCII letters (lower-cased), digits and non-ASCII characters, so markup
left-overs, punctuation and spacing do not change a sketch. numpy is imported on first use, not
at import time (a search never needs it).

Finding the near-copies among many sketches is the reading side's job (``searching/duplicates.py``).
"""

from __future__ import annotations

import os
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

BINS = 128  # values in a sketch; a sketch is BINS * 4 bytes (little-endian uint32)
SHINGLE_WORDS = 1
SKETCH_BYTES = BINS * 4
# Benchmarks only (scripts/bench.py, "sketch cost"): index without computing sketches.
NO_SKETCHES_ENV_VAR = "CORPUS_SEARCH_NO_SKETCHES"

# bytes.translate table: ASCII letters lower-cased, ASCII digits and every non-ASCII byte (parts
# of UTF-8 characters) kept, every other ASCII byte (punctuation, spacing, controls) a space.
_WORD_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 or c >= 128 else 32
    for c in range(256)
)
_EMPTY = 1 << 32  # a bin no shingle fell into (values are < 2**32)


class _Constants:
    """numpy arrays and scalars, built on first use (numpy is imported lazily)."""

    def __init__(self) -> None:
        import numpy as np

        u64 = np.uint64
        self.np = np
        self.c1, self.c2 = u64(0xBF58476D1CE4E5B9), u64(0x94D049BB133111EB)
        self.golden = u64(0x9E3779B97F4A7C15)
        self.s29, self.s32, self.s33 = u64(29), u64(32), u64(33)
        self.bin_shift = u64(64 - (BINS.bit_length() - 1))
        self.low = u64(0xFFFFFFFF)
        # Row i: bin i, then every bin in a fixed pseudo-random order (densification's order).
        rng = np.random.default_rng(0x5EED5EED)
        self.order = np.array(
            [np.concatenate(([i], rng.permutation(BINS))) for i in range(BINS)], dtype=np.intp
        )

    def mix(self, h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
        """SplitMix64's finaliser, element-wise (uint64 arithmetic wraps, as intended)."""
        h = (h ^ (h >> self.s33)) * self.c1
        h = (h ^ (h >> self.s29)) * self.c2
        out: npt.NDArray[np.uint64] = h ^ (h >> self.s32)
        return out


_constants: _Constants | None = None


def _k() -> _Constants:
    global _constants
    if _constants is None:
        _constants = _Constants()
    return _constants


def sketches_disabled() -> bool:
    return os.environ.get(NO_SKETCHES_ENV_VAR, "") not in ("", "0")


def words(text: str) -> list[bytes]:
    """The words a sketch is made of (see the module docstring)."""
    return text.encode("utf-8", "replace").translate(_WORD_BYTES).split()


def sketch(text: str) -> bytes:
    """The sketch of ``text``: ``SKETCH_BYTES`` bytes, or b"" for a text without words."""
    tokens = words(text)
    n = len(tokens)
    if n == 0:
        return b""
    k = _k()
    np = k.np
    word_hashes = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint64, count=n)
    if n >= SHINGLE_WORDS:
        m = n - SHINGLE_WORDS + 1
        h = word_hashes[:m].copy()
        for j in range(1, SHINGLE_WORDS):
            h = k.mix(h * k.golden + word_hashes[j : m + j])
        h = k.mix(h + k.golden)
    else:  # fewer words than a shingle: each word is one
        h = k.mix(word_hashes + k.golden)
    values = np.full(BINS, _EMPTY, dtype=np.uint64)
    np.minimum.at(values, (h >> k.bin_shift).astype(np.intp), h & k.low)
    empty = np.flatnonzero(values == _EMPTY)
    if len(empty):
        rows = k.order[empty]
        first = np.argmax(values[rows] != _EMPTY, axis=1)
        values[empty] = values[rows[np.arange(len(empty)), first]]
    return bytes(values.astype("<u4").tobytes())


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two documents' words, from their sketches."""
    if len(a) != SKETCH_BYTES or len(b) != SKETCH_BYTES:
        return 0.0
    np = _k().np
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(x == y)) / BINS
