"""Near-duplicate sketches, measured: speed per document and precision/recall on planted copies.

    python scripts/bench_duplicates.py                        # bbc, 300 planted copies
    python scripts/bench_duplicates.py --corpus 20newsgroups --planted 500
    python scripts/bench_duplicates.py --datasketch           # also datasketch's MinHash

A planted copy is a real article with a new headline (another article's) and 5% of its words
replaced by random words of the collection. Recall: planted pairs found in one group. Precision:
reported pairs (two documents of one group) that are copies: planted, or sharing at least half
of their word triples (exact Jaccard similarity of 3-word shingles >= 0.5, whatever shingles the
sketches use; the collections hold near-copies of their own: BBC tech/260 and tech/297 are
identical). "joining unrelated" counts groups holding two documents that share less than a
quarter of their word triples.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bench_data import DATA_DIR, load_sources  # noqa: E402

from corpus_search.index import sketch as sk  # noqa: E402
from corpus_search.searching.duplicates import group_sketches  # noqa: E402


def plant(
    texts: list[str], titles: list[str], n: int, change: float, seed: int
) -> list[tuple[int, str]]:
    """``n`` near-copies of random texts: a new headline and ``change`` of the words replaced."""
    rng = random.Random(seed)
    vocabulary = sorted({w for t in texts[:500] for w in t.split()})
    copies = []
    for i in rng.sample(range(len(texts)), n):
        body = texts[i].split("\n", 1)[1] if "\n" in texts[i] else texts[i]
        parts = body.split(" ")
        for j in rng.sample(range(len(parts)), max(1, round(change * len(parts)))):
            parts[j] = rng.choice(vocabulary)
        copies.append((i, rng.choice(titles) + "\n" + " ".join(parts)))
    return copies


def shingles(text: str, k: int = 0) -> set[bytes]:
    words = sk.words(text)
    k = k or sk.SHINGLE_WORDS
    return {b" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def exact(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def datasketch_sketch(text: str) -> bytes:
    import numpy as np
    from datasketch import MinHash

    found = shingles(text)
    if not found:
        return b""
    m = MinHash(num_perm=sk.BINS)
    m.update_batch(found)
    return np.asarray(m.hashvalues, dtype="<u4").tobytes()


def speed(fn: Callable[[str], bytes], texts: list[str]) -> float:
    fn(texts[0])  # imports
    start = time.process_time()
    for text in texts:
        fn(text)
    return (time.process_time() - start) / len(texts) * 1e6


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--corpus", default="bbc", choices=["bbc", "20newsgroups", "reuters"])
    p.add_argument("--planted", type=int, default=300)
    p.add_argument("--change", type=float, default=0.05)
    p.add_argument("--threshold", type=float, default=0.8)
    p.add_argument("--shingle", type=int, default=sk.SHINGLE_WORDS, help="words per shingle")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--datasketch", action="store_true", help="also measure datasketch's MinHash")
    p.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = p.parse_args()
    sk.SHINGLE_WORDS = args.shingle

    sources = load_sources(args.corpus, args.data_dir)
    texts = [f"{s.title}\n{s.body}" for s in sources]
    copies = plant(texts, [s.title for s in sources], args.planted, args.change, args.seed)
    collection = texts + [c for _, c in copies]
    planted = {(i, len(texts) + n) for n, (i, _) in enumerate(copies)}
    sets = [shingles(t) for t in collection]
    triples = [shingles(t, 3) for t in collection]
    planted_exact = [exact(sets[i], sets[j]) for i, j in planted]
    print(
        f"{args.corpus}: {len(texts)} documents + {len(copies)} planted copies "
        f"({args.change:.0%} of words changed, new headline; {args.shingle}-word shingles); "
        f"exact similarity of planted pairs: mean {statistics.mean(planted_exact):.3f}, "
        f"min {min(planted_exact):.3f}"
    )
    methods: list[tuple[str, Callable[[str], bytes]]] = [("corpus-search", sk.sketch)]
    if args.datasketch:
        methods.append(("datasketch", datasketch_sketch))
    for name, fn in methods:
        us = speed(fn, collection[:3000])
        start = time.perf_counter()
        sketches = [fn(t) for t in collection]
        sketch_s = time.perf_counter() - start
        start = time.perf_counter()
        found = group_sketches(sketches, args.threshold)
        group_s = time.perf_counter() - start
        pairs = {pair for members, _ in found for pair in combinations(members, 2)}
        correct = [
            pr for pr in pairs if pr in planted or exact(triples[pr[0]], triples[pr[1]]) >= 0.5
        ]
        recall = len(pairs & planted) / len(planted)
        precision = len(correct) / len(pairs) if pairs else 1.0
        unrelated = sum(
            1
            for members, _ in found
            if any(exact(triples[a], triples[b]) < 0.25 for a, b in combinations(members, 2))
        )
        errors = [
            abs(sk.similarity(sketches[i], sketches[j]) - e)
            for (i, j), e in zip(
                sorted(planted), [exact(sets[i], sets[j]) for i, j in sorted(planted)], strict=True
            )
        ]
        print(
            f"  {name:<13} {us:6.0f} us/document (CPU, first 3,000); sketches {sketch_s:.1f} s, "
            f"groups {group_s:.2f} s at threshold {args.threshold}: {len(found)} groups, "
            f"{len(pairs)} pairs; planted recall {recall:.3f}, pair precision {precision:.3f}, "
            f"groups joining unrelated documents {unrelated}; "
            f"mean |estimate - exact| on planted pairs {statistics.mean(errors):.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
