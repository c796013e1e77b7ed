#!/usr/bin/env python3
"""Unattended indexing for cron jobs and pipelines.

    scripts/index_corpus.py DIR... [--index DIR] [--rebuild] [--jobs N] [--strict]

No prompts; a progress bar only when stderr is a terminal; log lines on stderr; exactly one JSON
summary line on stdout (the keys of ``corpus-search index --json``). Exit status: 0 the run
completed, 1 it completed but skipped files and --strict was given, 2 it failed (bad arguments,
index locked or unwritable), 130 interrupted (committed work is kept; run again to resume).
It calls the same library function as ``corpus-search index``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corpus_search import CorpusSearchError, index_paths
from corpus_search.config import DEFAULT_INCLUDE, DEFAULT_LOCK_TIMEOUT, resolve_index_dir
from corpus_search.models import IndexReport, Progress
from corpus_search.render.machine import dumps, report_dict

log = logging.getLogger("index_corpus")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="files and folders to index")
    parser.add_argument("--index", default=None, help="index folder (else $CORPUS_SEARCH_INDEX)")
    parser.add_argument("--rebuild", action="store_true", help="start the index over")
    parser.add_argument("--include", action="append", help="file name pattern (repeatable)")
    parser.add_argument("--exclude", action="append", default=[], help="pattern to leave out")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes")
    parser.add_argument("--lock-timeout", type=float, default=DEFAULT_LOCK_TIMEOUT)
    parser.add_argument("--strict", action="store_true", help="exit 1 when any file was skipped")
    parser.add_argument("--quiet", action="store_true", help="log warnings and errors only")
    return parser.parse_args(argv)


def progress_logger() -> Callable[[Progress], None]:
    """Log a line every 10 seconds instead of drawing a bar (stderr is not a terminal)."""
    last = [time.monotonic()]

    def report(p: Progress) -> None:
        now = time.monotonic()
        if now - last[0] >= 10 or p.files_done == p.files_total:
            last[0] = now
            log.info("%d/%d files, %.1f MB", p.files_done, p.files_total, p.bytes_done / 1e6)

    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    index_dir = resolve_index_dir(args.index)
    log.info("indexing %s into %s", " ".join(args.paths), index_dir)
    try:
        if sys.stderr.isatty():
            from corpus_search.render import index_progress

            with index_progress(enabled=True) as bar:
                report = _run(args, index_dir, bar)
        else:
            report = _run(args, index_dir, progress_logger())
    except CorpusSearchError as e:
        log.error("%s", e)
        print(dumps({"index": str(index_dir), "error": str(e)}))
        return 2
    for skipped in report.skipped:
        log.warning("skipped %s: %s", skipped.path, skipped.reason)
    print(dumps(report_dict(report, str(index_dir))))
    if report.interrupted:
        log.warning("interrupted; committed work is kept, run again to resume")
        return 130
    return 1 if args.strict and report.skipped else 0


def _run(
    args: argparse.Namespace, index_dir: Path, progress: Callable[[Progress], None] | None
) -> IndexReport:
    return index_paths(
        args.paths,
        index_dir=index_dir,
        rebuild=args.rebuild,
        include=args.include or DEFAULT_INCLUDE,
        exclude=args.exclude,
        jobs=args.jobs,
        lock_timeout=args.lock_timeout,
        progress=progress,
    )


if __name__ == "__main__":
    sys.exit(main())
