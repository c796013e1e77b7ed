"""Warm top-10 search with snippets: corpus-search's offset-based snippets next to Whoosh's own
highlighters, on one corpus-search index, the same searcher and the same parsed queries.

    python scripts/bench_snippets.py INDEX_DIR QUERIES.json [--repeats 3]

QUERIES.json is a JSON list of query strings, or the --json output of scripts/bench.py (its first
corpus's 50 queries). Prints p50 and p95 per variant.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def variants(index_dir: Path) -> dict[str, Callable[[str], object]]:
    from whoosh import highlight

    from corpus_search import open_index, search
    from corpus_search.searching.query import parse_query
    from corpus_search.searching.ranking import DEFAULT_RANKING

    ix = open_index(index_dir)

    def whoosh_highlighter(fragmenter: Any) -> Callable[[str], object]:
        def run(text: str) -> None:
            with ix.searcher(weighting=DEFAULT_RANKING.weighting()) as searcher:
                results = searcher.search(parse_query(ix.schema, text), limit=10, terms=True)
                results.fragmenter = fragmenter
                for hit in results:
                    hit.highlights("body", top=3)

        return run

    return {
        "corpus-search (stored offsets)": lambda q: search(ix, q, limit=10),
        "corpus-search, no snippets": lambda q: search(ix, q, limit=10, fragments=0),
        "Whoosh ContextFragmenter (re-tokenises)": whoosh_highlighter(
            highlight.ContextFragmenter()
        ),
        "Whoosh PinpointFragmenter (stored offsets)": whoosh_highlighter(
            highlight.PinpointFragmenter(autotrim=True)
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("index_dir", type=Path)
    p.add_argument("queries", type=Path)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args(argv)
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    if isinstance(queries, dict):  # bench.py --json output
        queries = [q["query"] for q in queries["corpora"][0]["queries"]]
    for name, run in variants(args.index_dir).items():
        for q in queries:  # warm-up
            run(q)
        times = []
        for _ in range(args.repeats):
            for q in queries:
                start = time.perf_counter()
                run(q)
                times.append(time.perf_counter() - start)
        times.sort()
        p50 = statistics.median(times) * 1000
        p95 = times[round(0.95 * (len(times) - 1))] * 1000
        print(f"{name:45s} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
