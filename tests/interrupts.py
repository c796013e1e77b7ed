"""Pressing Ctrl-C part way through an indexing run, for the interrupt tests."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from typing import Any

from corpus_search.models import Progress


def ctrl_c_after(files: int) -> Callable[[Progress], None]:
    """A progress callback that presses Ctrl-C once ``files`` files are done."""

    def progress(p: Progress) -> None:
        if p.files_done == files:
            signal.raise_signal(signal.SIGINT)

    return progress


def ctrl_c_at_record(
    real: Callable[..., Iterator[Any]], record: int
) -> Callable[..., Iterator[Any]]:
    """``real`` (a record reader) pressing Ctrl-C as its ``record``-th record is read (that
    record is still handed on: it is indexed, then the run stops)."""

    def pressing_ctrl_c(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for n, item in enumerate(real(*args, **kwargs), start=1):
            if n == record:
                signal.raise_signal(signal.SIGINT)
            yield item

    return pressing_ctrl_c
