#!/usr/bin/env python3
"""Unattended indexing for cron jobs and pipelines.

    scripts/index_corpus.py [DIR...] [--index DIR] [--rebuild] [--prune] [--jobs N] [--strict]

With no DIR, every folder the index remembers is refreshed (as ``corpus-search index``).

No prompts; a progress bar only when stderr is a terminal; log lines on stderr; exactly one JSON
line on stdout for every run: the summary (the keys of ``corpus-search index --json``), or
``{"index", "error"}`` when the run failed (bad arguments too; ``index`` is null when the
arguments could not be read). Exit status: 0 the run completed, 1 it completed but skipped files
and --strict was given, 2 it failed (bad arguments, index locked or unwritable) or a DIR does not
exist (the others are indexed and the summary lists it under "missing"), 130 interrupted
by Ctrl-C (SIGINT), 143 stopped by SIGTERM (what cron, ``timeout`` and systemd send): either way
the summary says ``"interrupted": true``, committed work is kept, and a run again resumes.
``CORPUS_SEARCH_COMMIT_EVERY`` sets the commit batch, as for ``corpus-search index``.
It calls the same library function as ``corpus-search index``.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import NoReturn

from corpus_search import CorpusSearchError, index_paths
from corpus_search.config import (
    COMMIT_EVERY,
    COMMIT_EVERY_ENV_VAR,
    DEFAULT_LOCK_TIMEOUT,
    resolve_index_dir,
)
from corpus_search.models import IndexReport, Progress
from corpus_search.render.machine import dumps, report_dict
from corpus_search.render.text import left_out_line, reread_line

log = logging.getLogger("index_corpus")

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143


class BadArguments(Exception):
    """The command line could not be read (argparse's message)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadArguments(message)


def _at_least(minimum: float, kind: Callable[[str], float]) -> Callable[[str], float]:
    def check(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} is not in the range x>={minimum:g}")
        return value

    return check


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "paths", nargs="*", help="files and folders to index (none: the remembered ones)"
    )
    parser.add_argument("--index", default=None, help="index folder (else $CORPUS_SEARCH_INDEX)")
    parser.add_argument("--rebuild", action="store_true", help="start the index over")
    parser.add_argument(
        "--prune", action="store_true", help="drop documents whose files are gone or unmatched"
    )
    parser.add_argument("--include", action="append", help="file name pattern (repeatable)")
    parser.add_argument("--exclude", action="append", help="pattern to leave out")
    parser.add_argument(
        "--jobs", type=_at_least(1, int), default=None, help="worker processes (at least 1)"
    )
    parser.add_argument("--lock-timeout", type=_at_least(0, float), default=DEFAULT_LOCK_TIMEOUT)
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


class _Termination:
    """SIGTERM handled as Ctrl-C: while the run is armed, it becomes a SIGINT, which the library
    turns into an interrupted run (a commit under way is finished first); before or after the
    run it is only recorded, so the one JSON line is still printed."""

    def __init__(self) -> None:
        self.received = False
        self.armed = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = True
        if self.armed:
            signal.raise_signal(signal.SIGINT)

    @contextmanager
    def arm(self) -> Iterator[None]:
        self.armed = True
        try:
            yield
        finally:
            self.armed = False


def _print_json(data: dict[str, object]) -> None:
    print(dumps(data), flush=True)


def main(argv: list[str] | None = None) -> int:
    termination = _Termination()
    signal.signal(signal.SIGTERM, termination.handle)
    try:
        args = parse_args(argv)
    except BadArguments as e:
        print(f"index_corpus.py: error: {e}", file=sys.stderr)
        _print_json({"index": None, "error": str(e)})
        return EXIT_ERROR
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    index_dir = resolve_index_dir(args.index)
    try:
        commit_every = _commit_every()
    except ValueError as e:
        log.error("%s", e)
        _print_json({"index": os.path.abspath(index_dir), "error": str(e)})
        return EXIT_ERROR
    log.info("indexing %s into %s", " ".join(args.paths) or "the remembered folders", index_dir)
    try:
        with termination.arm():
            report = _run_with_progress(args, index_dir, commit_every)
    except KeyboardInterrupt:  # before the library's run began writing: nothing was committed
        report = IndexReport(interrupted=True)
    except CorpusSearchError as e:
        log.error("%s", e)
        _print_json({"index": os.path.abspath(index_dir), "error": str(e)})
        return EXIT_ERROR
    except Exception as e:  # a bug: still one JSON line, and the traceback in the log
        log.exception("unexpected error")
        _print_json({"index": os.path.abspath(index_dir), "error": f"{type(e).__name__}: {e}"})
        return EXIT_ERROR
    for line in (reread_line(report), left_out_line(report.left_out)):
        if line:
            log.info("%s", line)
    for skipped in report.skipped:
        log.warning("skipped %s: %s", skipped.path, skipped.reason)
    for missing in report.missing:
        log.error("%s: no such file or directory", missing)
    _print_json(report_dict(report, str(index_dir.resolve())))
    if report.interrupted:
        log.warning("interrupted; committed work is kept, run again to resume")
        return EXIT_TERMINATED if termination.received else EXIT_INTERRUPTED
    if report.missing:
        return EXIT_ERROR
    return EXIT_SKIPPED if args.strict and report.skipped else EXIT_OK


def _commit_every() -> int:
    text = os.environ.get(COMMIT_EVERY_ENV_VAR)
    if not text:
        return COMMIT_EVERY
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"{COMMIT_EVERY_ENV_VAR}={text!r} is not a whole number of at least 1")
    return value


def _run_with_progress(args: argparse.Namespace, index_dir: Path, commit_every: int) -> IndexReport:
    if sys.stderr.isatty():
        from corpus_search.render import index_progress

        with index_progress(enabled=True) as bar:
            return _run(args, index_dir, bar, commit_every)
    return _run(args, index_dir, progress_logger(), commit_every)


def _run(
    args: argparse.Namespace,
    index_dir: Path,
    progress: Callable[[Progress], None] | None,
    commit_every: int,
) -> IndexReport:
    return index_paths(
        args.paths,
        index_dir=index_dir,
        rebuild=args.rebuild,
        include=args.include,
        exclude=args.exclude,
        prune=args.prune,
        jobs=args.jobs,
        lock_timeout=args.lock_timeout,
        progress=progress,
        commit_every=commit_every,
    )


if __name__ == "__main__":
    sys.exit(main())
