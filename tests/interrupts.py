"""Pressing Ctrl-C part way through an indexing run, for the interrupt tests."""

from __future__ import annotations

import signal
from collections.abc import Callable

from corpus_search.models import Progress


def ctrl_c_after(files: int) -> Callable[[Progress], None]:
    """A progress callback that presses Ctrl-C once ``files`` files are done."""

    def progress(p: Progress) -> None:
        if p.files_done == files:
            signal.raise_signal(signal.SIGINT)

    return progress
