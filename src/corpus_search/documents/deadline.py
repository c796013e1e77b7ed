"""A time limit on reading one file, so that a parser that never returns cannot stop a run.

Every parser here is meant to take time in proportion to its input, and the PDF reader has a
limit of its own; this is the net under them all. It caught a real case: a regular expression
that backtracked exponentially over a banner line of asterisks kept an index run busy for good.
CPython checks for signals while a regular expression runs, so a timer signal interrupts one.

Only in a process's main thread (the local worker processes and a one-process run); elsewhere
(a Dask worker's task thread) there is no limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["MAX_PARSE_SECONDS", "ParseTimeout", "time_limit"]

# Far above any file's honest reading time (a 500-page PDF takes a few seconds; the PDF reader
# stops itself at 60 s), so it only ever fires on a parser bug.
MAX_PARSE_SECONDS = 120.0


class ParseTimeout(Exception):
    """Reading one file took longer than the limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``ParseTimeout`` inside the block after ``seconds`` (where a timer signal can)."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise ParseTimeout(f"took more than {seconds:g} s to read")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
