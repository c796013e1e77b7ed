"""How often "Did you mean" proposes the right word, on a typo set made from real text.

    corpus-search index bbc --index /tmp/bbc.idx        # the BBC News articles, unpacked
    python scripts/spelling_accuracy.py /tmp/bbc.idx [scripts/data/typos_bbc.tsv] [--misses]

Each line of the typo set (scripts/make_typos.py) is searched as a query; a suggestion counts as
right when it equals the answer exactly (case included; the accuracy ignoring case is shown too).
Prints the accuracy per kind of typo and overall, how many got no suggestion, and the time of a
zero-hit search (the ones that look for a suggestion; p50 and p95 of each query's best of
``--repeats`` warm runs).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

DEFAULT_TYPOS = Path(__file__).parent / "data" / "typos_bbc.tsv"


def load(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typo, answer, kind = line.split("\t")
            rows.append((typo, answer, kind))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("index_dir", type=Path)
    p.add_argument("typos", type=Path, nargs="?", default=DEFAULT_TYPOS)
    p.add_argument("--misses", action="store_true", help="List every wrong or missing suggestion.")
    p.add_argument("--json", action="store_true", help="Print the figures as one JSON object.")
    p.add_argument("--repeats", type=int, default=3, help="Runs per query; the fastest counts.")
    args = p.parse_args(argv)

    from corpus_search import open_index, search

    rows = load(args.typos)
    right: dict[str, list[bool]] = defaultdict(list)
    right_folded: dict[str, list[bool]] = defaultdict(list)
    missing = 0
    times: list[float] = []
    misses = []
    with open_index(args.index_dir) as ix:
        search(ix, rows[0][0], limit=1)  # warm: files mapped, parser built
        for typo, answer, kind in rows:
            elapsed = []
            for _ in range(max(1, args.repeats)):
                start = time.perf_counter()
                result = search(ix, typo, limit=10)
                elapsed.append(time.perf_counter() - start)
            if result.total == 0:
                times.append(min(elapsed))
            if result.suggestion is None:
                missing += 1
            ok = result.suggestion == answer
            right[kind].append(ok)
            right["all"].append(ok)
            folded = (result.suggestion or "").lower() == answer.lower()
            right_folded[kind].append(folded)
            right_folded["all"].append(folded)
            if not ok:
                misses.append((typo, answer, result.suggestion, result.total))
    figures = {
        "typos": len(rows),
        "accuracy": {k: round(sum(v) / len(v), 3) for k, v in right.items()},
        "right": {k: sum(v) for k, v in right.items()},
        "accuracy_ignoring_case": {k: round(sum(v) / len(v), 3) for k, v in right_folded.items()},
        "no_suggestion": missing,
        "zero_hit_search_ms_p50": round(statistics.median(times) * 1000, 1) if times else None,
        "zero_hit_search_ms_p95": (
            round(statistics.quantiles(times, n=20)[-1] * 1000, 1) if len(times) > 1 else None
        ),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for kind, values in right.items():
            n, folded = len(values), sum(right_folded[kind])
            print(
                f"{kind:10} {sum(values):3}/{n:<3} right ({sum(values) / n:.0%}); "
                f"ignoring case {folded:3}/{n:<3} ({folded / n:.0%})"
            )
        print(f"no suggestion: {missing}")
        print(
            f"zero-hit search ({len(times)} queries): p50 {figures['zero_hit_search_ms_p50']} ms, "
            f"p95 {figures['zero_hit_search_ms_p95']} ms"
        )
    if args.misses:
        for typo, answer, got, total in misses:
            print(f"  {typo!r}: expected {answer!r}, got {got!r} ({total} hits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
