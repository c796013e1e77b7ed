"""What finding quotations costs at indexing time (issue 15: at most 10% on 20newsgroups).

Indexes one corpus from scratch with quotation extraction off (CORPUS_SEARCH_QUOTATIONS=0) and
on, alternating run by run so that a busy minute on a shared machine slows both alike, and
reports the median seconds of each and their ratio: wall clock, and CPU time (the index process
and its workers, user + system), which a machine busy with other jobs disturbs much less. Run by
itself or as `scripts/bench.py --quotations-cost`.

    .venv/bin/python scripts/bench_quotes.py [--corpus 20newsgroups] [--rounds 3]
    .venv/bin/python scripts/bench_quotes.py --alone     # find_quotations by itself, no index
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_data import DATA_DIR, NEWS, unpack_news

HERE = Path(__file__).resolve().parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for descendants: workers too
    return usage.ru_utime + usage.ru_stime


def index_seconds(
    cli: list[str], root: Path, idx: Path, *, quotations: bool
) -> tuple[float, float]:
    """One full index of ``root`` into a fresh ``idx``: (wall seconds, CPU seconds)."""
    shutil.rmtree(idx, ignore_errors=True)
    env = {**os.environ, "CORPUS_SEARCH_QUOTATIONS": "1" if quotations else "0"}
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [*cli, "index", str(root), "--index", str(idx)], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"index failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return seconds, _children_cpu() - cpu


def measure(cli: list[str], root: Path, work: Path, rounds: int) -> dict[str, float]:
    """Median wall and CPU seconds of a full index without and with quotations, and ratios."""
    idx = work / "idx-quotes"
    runs: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for _ in range(rounds):
        for quotations in (False, True):
            runs[quotations].append(index_seconds(cli, root, idx, quotations=quotations))
    shutil.rmtree(idx, ignore_errors=True)
    out = {}
    for name, i in (("wall", 0), ("cpu", 1)):
        without = statistics.median(r[i] for r in runs[False])
        with_ = statistics.median(r[i] for r in runs[True])
        out[f"{name}_without_s"], out[f"{name}_with_s"] = without, with_
        out[f"{name}_ratio"] = with_ / without
    return out


def extraction_alone(root: Path, rounds: int) -> tuple[int, int, float]:
    """(texts, quotations, best CPU seconds) of ``find_quotations`` alone over every file of
    ``root``, parsed once beforehand (not timed)."""
    from corpus_search.documents.parse import parse_document
    from corpus_search.documents.quotations import find_quotations

    paths = sorted(p for p in root.rglob("*") if p.is_file())
    texts = [parse_document(p.read_bytes(), key=str(p)).text for p in paths]
    best = float("inf")
    found = 0
    for _ in range(rounds):
        start = time.process_time()
        found = sum(len(find_quotations(text)) for text in texts)
        best = min(best, time.process_time() - start)
    return len(texts), found, best


def report(name: str, docs: int, result: dict[str, float]) -> str:
    lines = [
        f"quotation extraction on {name} ({docs:,} files), median of the runs:",
        "| index | without quotations | with | ratio | target <= 1.10 met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, key in (("wall clock", "wall"), ("CPU (all processes)", "cpu")):
        ratio = result[f"{key}_ratio"]
        lines.append(
            f"| {label} | {result[f'{key}_without_s']:.1f} s | {result[f'{key}_with_s']:.1f} s "
            f"| {ratio:.3f} | {'yes' if ratio <= 1.10 else 'NO'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="20newsgroups", choices=NEWS)
    parser.add_argument("--rounds", type=int, default=3, help="runs with and without (3)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument(
        "--alone",
        action="store_true",
        help="time find_quotations by itself over the parsed texts (best of the rounds), no index",
    )
    args = parser.parse_args(argv)
    beside = Path(sys.executable).parent / "corpus-search"
    cli = [str(beside)] if beside.exists() else [sys.executable, "-m", "corpus_search"]
    with tempfile.TemporaryDirectory(prefix="bench-quotes-", dir=args.workdir) as tmp:
        root = unpack_news(args.corpus, Path(tmp) / "corpora", data_dir=args.data_dir)
        if args.alone:
            texts, found, seconds = extraction_alone(root, args.rounds)
            print(
                f"find_quotations on {args.corpus}: {texts:,} texts, {found:,} quotations, "
                f"{seconds:.2f} s CPU (best of {args.rounds})"
            )
            return 0
        docs = sum(1 for p in root.rglob("*") if p.is_file())
        result = measure(cli, root, Path(tmp), args.rounds)
    print(report(args.corpus, docs, result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
