"""The views over all matches (kwic, timeline, terms) against a 10-hit search, for bench.py.

Targets (issue 13): ``kwic`` of a word in 1% of the documents, ``timeline`` and ``terms`` of a
query matching 10% of them, each within 5x the time of ``search`` for the same query with 10
hits, and under 2 s at 100,000 documents. Measured as the commands a user runs (a new process
each, output piped; the median of ``repeats`` rounds, the commands taking turns in each round)
and, for reference, warm in one process (the library calls, median of ``repeats``).
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_WORD = re.compile(r"[a-z]{4,14}")
SHARES = {"1%": 0.01, "10%": 0.10}
# Each view and the 10-hit search of the same word it is compared with, and its row's label.
VIEW_ROWS = (
    ("kwic_1pct", "search_1pct"),
    ("timeline_10pct", "search_10pct"),
    ("timeline_split_10pct", "search_10pct"),
    ("terms_10pct", "search_10pct"),
    ("collocates_10pct", "search_10pct"),
)
VIEW_LABELS = {
    "kwic_1pct": "kwic (1% word)",
    "timeline_10pct": "timeline (10% word)",
    "timeline_split_10pct": "timeline --split author",
    "terms_10pct": "terms (keyness, 10% word)",
    "collocates_10pct": "terms --collocates 5",
}

# Warm timings in one process: argv = index, query at 1%, query at 10%, repeats.
_WARM = """
import json, statistics, sys, time
from corpus_search import open_index
from corpus_search.searching.results import search
from corpus_search.views import collocates, kwic, keyness, timeline
ix = open_index(sys.argv[1])
one, ten, repeats = sys.argv[2], sys.argv[3], int(sys.argv[4])
calls = {
    "search_1pct": lambda: search(ix, one, limit=10),
    "kwic_1pct": lambda: kwic(ix, one, width=40),
    "search_10pct": lambda: search(ix, ten, limit=10),
    "timeline_10pct": lambda: timeline(ix, ten, by="month"),
    "timeline_split_10pct": lambda: timeline(ix, ten, by="month", split="author"),
    "terms_10pct": lambda: keyness(ix, ten),
    "collocates_10pct": lambda: collocates(ix, ten, window=5),
}
out = {}
for name, call in calls.items():
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    out[name] = statistics.median(times)
print(json.dumps(out))
"""


def pick_words(files: Sequence[Path], seed: int) -> dict[str, str]:
    """Words whose share of documents (in a sample of 2,000) is nearest 1% and 10%."""
    rng = random.Random(seed)
    sample = rng.sample(list(files), min(len(files), 2000))
    df: Counter[str] = Counter()
    for path in sample:
        df.update(set(_WORD.findall(path.read_text(encoding="utf-8", errors="replace").lower())))
    n = len(sample)
    return {
        label: min(sorted(df), key=lambda w: abs(df[w] / n - share))
        for label, share in SHARES.items()
    }


def _timed(cmd: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode, done.stdout


def measure_views(
    cli: list[str], idx: Path, files: Sequence[Path], *, seed: int, repeats: int
) -> dict[str, Any]:
    """Cold commands (median seconds) and warm library calls for the two chosen words."""
    words = pick_words(files, seed)
    one, ten = words["1%"], words["10%"]
    at = ["--index", str(idx)]
    commands: dict[str, list[str]] = {
        "search_1pct": [*cli, "search", one, *at, "--limit", "10"],
        "kwic_1pct": [*cli, "kwic", one, *at],
        "search_10pct": [*cli, "search", ten, *at, "--limit", "10"],
        "timeline_10pct": [*cli, "timeline", ten, *at],
        "timeline_split_10pct": [*cli, "timeline", ten, "--split", "author", *at],
        "terms_10pct": [*cli, "terms", ten, *at],
        "collocates_10pct": [*cli, "terms", ten, "--collocates", "5", *at],
    }
    totals = {}
    for label, word in words.items():
        _, _, out = _timed([*cli, "search", word, *at, "--json", "--limit", "1"])
        totals[label] = json.loads(out)["total"] if out.strip() else None
    times: dict[str, list[float]] = {name: [] for name in commands}
    codes: dict[str, int] = {}
    for _ in range(repeats):
        for name, cmd in commands.items():
            seconds, code, _ = _timed(cmd)
            times[name].append(seconds)
            codes[name] = code
    warm = subprocess.run(
        [sys.executable, "-c", _WARM, str(idx), one, ten, str(repeats)],
        capture_output=True,
        text=True,
    )
    return {
        "words": words,
        "matching_documents": totals,
        "documents": len(files),
        "cold_s": {name: statistics.median(t) for name, t in times.items()},
        "returncodes": codes,
        "warm_s": json.loads(warm.stdout)
        if warm.returncode == 0
        else {"error": warm.stderr[-300:]},
    }


def views_rows(views: dict[str, Any], fmt: Callable[[object], str]) -> list[str]:
    """The report's lines: each view against its search, cold and warm, with the verdicts."""
    if not views:
        return []
    cold, warm = views["cold_s"], views.get("warm_s", {})
    at_scale = views["documents"] >= 100_000
    lines = [
        f"views: '{views['words']['1%']}' in {views['matching_documents']['1%']} documents, "
        f"'{views['words']['10%']}' in {views['matching_documents']['10%']} "
        f"(of {views['documents']:,})",
        "  cold: the command in a new process, piped (median); warm: the library call in one"
        " process (median); ratio: the view over the search of the same word with 10 hits",
        f"  {'view':<26} {'cold s':>7} {'search s':>8} {'ratio':>6} {'<=5x':>5} {'<2s':>5}"
        f" {'warm ms':>8} {'search ms':>9} {'ratio':>6}",
    ]
    for view, base in VIEW_ROWS:
        if view not in cold:  # a report written before this view was timed
            continue
        ratio = cold[view] / cold[base]
        under = ("yes" if cold[view] < 2 else "NO") if at_scale else "-"
        w, wb = warm.get(view), warm.get(base)
        warm_cells = (
            f" {w * 1000:>8.1f} {wb * 1000:>9.1f} {w / wb:>6.1f}"
            if isinstance(w, float) and isinstance(wb, float)
            else ""
        )
        lines.append(
            f"  {VIEW_LABELS[view]:<26} {fmt(cold[view]):>7} {fmt(cold[base]):>8} {ratio:>6.2f}"
            f" {'yes' if ratio <= 5 else 'NO':>5} {under:>5}{warm_cells}"
        )
    return lines
