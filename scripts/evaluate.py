#!/usr/bin/env python3
"""Rerun the README's evaluation table: index each test collection and score it, through the CLI.

    scripts/evaluate.py [--data-dir ../shared/data] [--work-dir DIR] [--only scifact|cranfield]

For each collection this runs exactly the commands the README lists (``corpus-search index`` then
``corpus-search eval --json``) with the default settings: nothing here is tuned per collection.
Cranfield's SMART-format documents are first converted to JSON Lines (``.I`` id, ``.T`` title,
``.W`` text) in the work directory; no data is copied into the repository. Prints a Markdown
table (collection, measure, ours, published BM25) on stdout and the commands on stderr.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "corpus_search"]

# Published BM25 figures (nDCG@10 unless noted); None: no standard published number.
PUBLISHED = {
    ("scifact", "nDCG@10"): "0.665 (BEIR paper); 0.679 (Anserini BM25 flat)",
    ("scifact", "R@100"): "0.908 (BEIR paper)",
    # No toolkit regression exists for Cranfield; the data's SOURCE.md measured bm25s (Porter,
    # Lucene stopwords, title + text, k1=1.2, b=0.75) for reference.
    ("cranfield", "nDCG@10"): "0.3672 (bm25s reference)",
    ("cranfield", "MAP"): "0.3064 (bm25s reference)",
    ("cranfield", "R@100"): "0.7376 (bm25s reference)",
}
MEASURES = ("nDCG@10", "MAP", "P@10", "R@100", "MRR")


def cranfield_to_jsonl(source: Path, target: Path) -> int:
    """cran.all.1400(.gz) -> one {"_id", "title", "text"} object per line; returns the count."""
    opener = gzip.open if source.suffix == ".gz" else open
    records: list[dict[str, str]] = []
    field = None
    with opener(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(".I"):
                records.append({"_id": line[2:].strip(), "title": "", "text": ""})
                field = None
            elif line[:2] in {".T", ".A", ".B", ".W"} and not line[2:].strip():
                field = {".T": "title", ".W": "text"}.get(line[:2])
            elif field and records:
                records[-1][field] += line
    with target.open("w", encoding="utf-8") as out:
        for record in records:
            record = {k: " ".join(v.split()) for k, v in record.items()}
            out.write(json.dumps(record) + "\n")
    return len(records)


def run(cmd: list[str]) -> str:
    shown = " ".join(shlex.quote(c) for c in ["corpus-search", *cmd[len(CLI) :]])
    print(f"$ {shown}", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def evaluate(name: str, corpus: Path, topics: Path, qrels: Path, work: Path) -> dict[str, float]:
    index = work / f"{name}.idx"
    run([*CLI, "index", str(corpus), "--index", str(index), "--rebuild", "--json"])
    out = run(
        [
            *CLI,
            "eval",
            "--topics",
            str(topics),
            "--qrels",
            str(qrels),
            "--index",
            str(index),
            "--run",
            str(work / f"{name}.run"),
            "--json",
        ]
    )
    data = json.loads(out)
    print(f"  {name}: {data['queries']} queries evaluated", file=sys.stderr)
    return {m: float(v) for m, v in data["overall"].items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--work-dir", type=Path, default=None, help="kept; default: a temp dir")
    parser.add_argument("--only", choices=["scifact", "cranfield"], default=None)
    args = parser.parse_args(argv)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="corpus-search-eval-"))
    work.mkdir(parents=True, exist_ok=True)
    data = args.data_dir
    results: dict[str, dict[str, float]] = {}
    try:
        if args.only in (None, "scifact"):
            scifact = data / "scifact"
            results["scifact"] = evaluate(
                "scifact",
                scifact / "corpus.jsonl.gz",
                scifact / "queries.jsonl.gz",
                scifact / "qrels" / "test.tsv",
                work,
            )
        if args.only in (None, "cranfield"):
            cran = data / "cranfield"
            corpus = work / "cranfield.jsonl"
            cranfield_to_jsonl(cran / "cran.all.1400.gz", corpus)
            results["cranfield"] = evaluate(
                "cranfield", corpus, cran / "cran.qry", cran / "cranqrel", work
            )
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    print("| collection | measure | ours | published BM25 |")
    print("| --- | --- | --- | --- |")
    for name, overall in results.items():
        for measure in MEASURES:
            published = PUBLISHED.get((name, measure), "–")
            print(f"| {name} | {measure} | {overall[measure]:.4f} | {published} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
