"""Indexing and searching on a Dask cluster against local worker processes, in one run.

    python scripts/bench_cluster.py                  # 20newsgroups: local 1/2 vs 1/2 workers
    python scripts/bench_cluster.py --corpora 20newsgroups,generated --docs 100000
    python scripts/bench_cluster.py --cluster tcp://HOST:8786  # also an existing cluster

For each corpus: a full index with local `--jobs 1` and `--jobs 2`, then on a scheduler with one
and with two one-thread workers started here on 127.0.0.1 (and on `--cluster ADDRESS` as it is),
each in its own process (`corpus-search index ... --rebuild`); then the median of searches of a few
queries, local against `--cluster`; and the cluster's per-task overhead (a task that does nothing,
and what one batch's segment costs to send back). Reported as docs/s and ratios of the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench import Config, prepare
from bench_data import DATA_DIR, list_files
from dask_local import local_cluster

QUERIES = ["god", "space shuttle", '"hard disk"', "windows AND dos", "graphics OR image"]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "corpus_search", *args]


def timed(cmd: Sequence[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def index_seconds(corpus: Path, index: Path, *extra: str) -> float:
    return timed(cli("index", str(corpus), "--index", str(index), "--rebuild", *extra))


def search_ms(index: Path, *extra: str, repeats: int) -> float:
    times = [
        timed(cli("search", q, "--index", str(index), *extra)) * 1000
        for _ in range(repeats)
        for q in QUERIES
    ]
    return statistics.median(times)


def task_overhead(address: str) -> dict[str, float]:
    """Median round trip of a task that does nothing, from an open client (ms)."""
    from distributed import Client

    with Client(address, timeout=30) as client:
        times = []
        for i in range(50):
            started = time.perf_counter()
            client.submit(int, i, pure=False).result()
            times.append((time.perf_counter() - started) * 1000)
    return {"empty_task_ms": statistics.median(times)}


def measure(name: str, work: Path, cfg: Config, address: str | None, repeats: int) -> dict:
    corpus = prepare(name, work, cfg)
    docs = len(list_files(corpus))
    row: dict[str, object] = {"corpus": name, "docs": docs}
    index = work / f"{name}.idx"
    for jobs in (1, 2):
        row[f"local_jobs{jobs}_s"] = index_seconds(corpus, index, "--jobs", str(jobs))
    for workers in (1, 2):
        with local_cluster(work / f"dask{workers}", workers=workers) as cluster:
            row[f"cluster{workers}_s"] = index_seconds(corpus, index, "--cluster", cluster.address)
            if workers == 2:
                row.update(task_overhead(cluster.address))
                row["search_local_ms"] = search_ms(index, repeats=repeats)
                row["search_cluster_ms"] = search_ms(
                    index, "--cluster", cluster.address, repeats=repeats
                )
    if address:
        row["given_cluster_s"] = index_seconds(corpus, index, "--cluster", address)
    row["index_mb"] = sum(f.stat().st_size for f in index.iterdir()) / 1e6
    for key in [k for k in row if k.endswith("_s")]:
        row[key.removesuffix("_s") + "_docs_per_s"] = docs / float(row[key])  # type: ignore[arg-type]
    row["cluster2_vs_local_jobs2"] = float(row["local_jobs2_s"]) / float(row["cluster2_s"])  # type: ignore[arg-type]
    row["cluster2_vs_cluster1"] = float(row["cluster1_s"]) / float(row["cluster2_s"])  # type: ignore[arg-type]
    return row


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--corpora", default="20newsgroups")
    p.add_argument("--cluster", help="also measure this scheduler's cluster as it is")
    p.add_argument("--docs", type=int, default=100_000, help="size of the generated corpus")
    p.add_argument("--limit", type=int, help="at most this many docs per news corpus")
    p.add_argument("--repeats", type=int, default=3, help="rounds of the search queries")
    p.add_argument("--data-dir", type=Path, default=DATA_DIR)
    p.add_argument("--json", type=Path, help="write the results here")
    args = p.parse_args(argv)
    cfg = Config(
        quick=False, n_queries=0, repeats=0, cold_repeats=0, limit=args.limit,
        gen_docs=args.docs, seed=42, index_only=True, engines=set(), data_dir=args.data_dir,
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        for name in args.corpora.split(","):
            rows.append(measure(name, Path(tmp), cfg, args.cluster, args.repeats))
            print(json.dumps(rows[-1], indent=1), flush=True)
    print("\ncorpus | docs | local j1 | local j2 | 1 worker | 2 workers | 2w/j2 | 2w/1w")
    for r in rows:
        print(
            f"{r['corpus']} | {r['docs']} | {r['local_jobs1_docs_per_s']:.0f} | "
            f"{r['local_jobs2_docs_per_s']:.0f} | {r['cluster1_docs_per_s']:.0f} | "
            f"{r['cluster2_docs_per_s']:.0f} | {r['cluster2_vs_local_jobs2']:.2f} | "
            f"{r['cluster2_vs_cluster1']:.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
