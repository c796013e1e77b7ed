"""Subprocess workers for scripts/bench.py: one engine, one measurement, JSON on stdout.

    python scripts/bench_workers.py {naive,tantivy,corpus-search} {index,warm} ...

Each indexer runs in its own process so that its peak RSS (measured by the parent with wait4)
belongs to it alone. The cold one-query programs are the *_COLD strings: tiny scripts run with
`python -c`, as a user would, so that they do not pay for importing this module.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench_data import list_files

NAIVE_COLD = """
import sys
from whoosh import index
from whoosh.qparser import QueryParser
ix = index.open_dir(sys.argv[1])
with ix.searcher() as searcher:
    query = QueryParser("body", ix.schema).parse(sys.argv[2])
    for hit in searcher.search(query, limit=10):
        print(hit["path"])
        print(hit.highlights("body"))
"""

TANTIVY_COLD = """
import sys
import tantivy
ix = tantivy.Index.open(sys.argv[1])
searcher = ix.searcher()
query = ix.parse_query(sys.argv[2], ["title", "body"])
snippets = tantivy.SnippetGenerator.create(searcher, query, ix.schema, "body")
for _score, address in searcher.search(query, 10).hits:
    doc = searcher.doc(address)
    print(doc["path"][0])
    print(snippets.snippet_from_doc(doc).to_html())
"""

WALK_COLD = """
import os
import sys
stack = [sys.argv[1]]
while stack:
    with os.scandir(stack.pop()) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                entry.stat()
"""


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


# --- naive Whoosh: written the way a user would ----------------------------------------------


def naive_index(root: Path, index_dir: Path) -> dict[str, float]:
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    schema = Schema(
        path=ID(unique=True, stored=True),
        title=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        body=TEXT(stored=True, analyzer=StemmingAnalyzer()),
    )
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer()
    docs = size = 0
    for path in list_files(root):
        text = read(path)
        writer.add_document(path=str(path), title=text.split("\n", 1)[0].strip(), body=text)
        docs += 1
        size += path.stat().st_size
    writer.commit()
    return {"docs": docs, "bytes": size}


def naive_searcher(index_dir: Path) -> Callable[[str], int]:
    from whoosh import index
    from whoosh.qparser import QueryParser

    ix = index.open_dir(str(index_dir))
    searcher = ix.searcher()
    parser = QueryParser("body", ix.schema)

    def run(text: str) -> int:
        results = searcher.search(parser.parse(text), limit=10)
        for hit in results:
            hit.highlights("body")
        return results.scored_length()

    return run


# --- tantivy-py ------------------------------------------------------------------------------


def tantivy_index(root: Path, index_dir: Path) -> dict[str, float]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = tantivy.Index(builder.build(), path=str(index_dir))
    writer = ix.writer()
    docs = size = 0
    for path in list_files(root):
        text = read(path)
        title = text.split("\n", 1)[0].strip()
        writer.add_document(tantivy.Document(path=str(path), title=title, body=text))
        docs += 1
        size += path.stat().st_size
    writer.commit()
    writer.wait_merging_threads()
    return {"docs": docs, "bytes": size}


def tantivy_searcher(index_dir: Path) -> Callable[[str], int]:
    import tantivy

    ix = tantivy.Index.open(str(index_dir))
    searcher = ix.searcher()

    def run(text: str) -> int:
        query = ix.parse_query(text, ["title", "body"])
        snippets = tantivy.SnippetGenerator.create(searcher, query, ix.schema, "body")
        hits = searcher.search(query, 10).hits
        for _score, address in hits:
            snippets.snippet_from_doc(searcher.doc(address)).to_html()
        return len(hits)

    return run


# --- corpus-search library -------------------------------------------------------------------


def corpus_search_searcher(index_dir: Path) -> Callable[[str], int]:
    from corpus_search import open_index, search

    ix = open_index(index_dir)

    def run(text: str) -> int:
        result = search(ix, text, limit=10)
        for hit in result.hits:
            repr(hit)  # touch every field, snippets included
        return len(result.hits)

    return run


SEARCHERS: dict[str, Callable[[Path], Callable[[str], int]]] = {
    "naive": naive_searcher,
    "tantivy": tantivy_searcher,
    "corpus-search": corpus_search_searcher,
}
INDEXERS: dict[str, Callable[[Path, Path], dict[str, float]]] = {
    "naive": naive_index,
    "tantivy": tantivy_index,
}


def warm(engine: str, index_dir: Path, queries: Sequence[str], repeats: int) -> dict[str, object]:
    """Open once, run every query once to warm up, then time `repeats` rounds of all queries."""
    return warm_all({engine: index_dir}, queries, repeats)[engine]


def warm_all(
    indexes: dict[str, Path], queries: Sequence[str], repeats: int
) -> dict[str, dict[str, object]]:
    """``warm`` for several engines in one process, taking turns: each round runs every query on
    one engine, then on the next, so a busy minute on a shared machine slows them all alike while
    each engine still runs warm (query by query turns would also flush each other's caches)."""
    runs = {engine: SEARCHERS[engine](index_dir) for engine, index_dir in indexes.items()}
    out: dict[str, dict[str, object]] = {}
    for engine, run in runs.items():
        hits: list[int] = []
        errors: list[str] = []
        for text in queries:
            try:
                hits.append(run(text))
            except Exception as exc:  # noqa: BLE001 - a bad query is a result, not a crash
                hits.append(-1)
                errors.append(f"{text}: {type(exc).__name__}: {exc}")
        out[engine] = {"times": [], "hits": hits, "errors": errors}
    for _ in range(repeats):
        for engine, run in runs.items():
            result = out[engine]
            for i, text in enumerate(queries):
                if result["hits"][i] < 0:  # type: ignore[index]
                    continue
                start = time.perf_counter()
                run(text)
                result["times"].append(time.perf_counter() - start)  # type: ignore[attr-defined]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["warm-all"]:
        p = argparse.ArgumentParser(prog="bench_workers.py warm-all")
        p.add_argument("--engine", action="append", default=[], help="ENGINE=INDEX_DIR")
        p.add_argument("--queries", type=Path, required=True)
        p.add_argument("--repeats", type=int, default=3)
        a = p.parse_args(args_list[1:])
        indexes = {e.split("=", 1)[0]: Path(e.split("=", 1)[1]) for e in a.engine}
        queries = json.loads(a.queries.read_text(encoding="utf-8"))
        json.dump(warm_all(indexes, queries, a.repeats), sys.stdout)
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=sorted(SEARCHERS))
    parser.add_argument("action", choices=["index", "warm"])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--root", type=Path, help="corpus folder (index)")
    parser.add_argument("--queries", type=Path, help="JSON list of query strings (warm)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.action == "index":
        start = time.perf_counter()
        out: dict[str, object] = dict(INDEXERS[args.engine](args.root, args.index_dir))
        out["seconds"] = time.perf_counter() - start
    else:
        queries = json.loads(args.queries.read_text(encoding="utf-8"))
        out = warm(args.engine, args.index_dir, queries, args.repeats)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
