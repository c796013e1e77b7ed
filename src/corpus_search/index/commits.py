"""The writing half of an index run: one open writer, committed in batches, the manifest saved
with every commit, and Ctrl-C.

:class:`CommittingRun` is what :class:`~corpus_search.index.sync` builds its run on. Writes go to
one writer, committed every ``commit_every`` documents and at least every ``commit_seconds``
(plus segments that worker processes wrote), and the manifest is saved after each commit, so an
interrupted run keeps what it committed. A first Ctrl-C asks the run to stop at the next whole
document (:class:`Stop`); a second stops at once; a commit under way is always finished.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.writing import CLEAR

from corpus_search._whoosh import commit_with_segments
from corpus_search.config import COMMIT_SECONDS
from corpus_search.models import IndexReport

from .manifest import Manifest, save_manifest
from .segment import new_writer

__all__ = ["CommittingRun", "Stop"]


class CommittingRun:
    """An index run's writer, its commits and its Ctrl-C handling; the run itself (what to
    write) is the subclass's. ``self.manifest`` is set by the subclass."""

    manifest: Manifest

    def __init__(
        self,
        ix: Any,
        path: Path,
        *,
        rebuild: bool,
        commit_every: int,
        commit_seconds: float = COMMIT_SECONDS,
    ) -> None:
        self.ix = ix
        self.path = path
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self.last_commit = time.monotonic()
        self.stop_requested = False  # Ctrl-C: commit what is analysed, then stop
        self.catching_ctrl_c = False  # this run's SIGINT handler is installed
        self.in_commit = False
        self.report = IndexReport()
        self.clear_first = rebuild  # the first commit drops every old segment
        self.manifest_dirty = False
        self.walked: list[str] = []  # the order the manifest is saved in
        self.writer: Any = None
        self.pending = 0  # writes in the open writer
        self.spell_seen: set[str] = set()  # words the open writer put in the spell field
        self.committed_counts = (0, 0, 0, 0, 0, 0)  # report counts as of the last commit
        self.committed_dates: dict[str, int] = {}

    # Ctrl-C -------------------------------------------------------------------------------

    @contextmanager
    def _catch_ctrl_c(self) -> Iterator[None]:
        """While the run lasts (main thread only), a first Ctrl-C asks it to stop at the next
        whole document (``_check_stop``); a second one raises KeyboardInterrupt, except during
        a commit, which is always finished."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def on_sigint(signum: int, frame: Any) -> None:
            if self.stop_requested and not self.in_commit:
                raise KeyboardInterrupt
            self.stop_requested = True

        previous = signal.signal(signal.SIGINT, on_sigint)
        self.catching_ctrl_c = True
        try:
            yield
        finally:
            self.catching_ctrl_c = False
            signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)

    def _check_stop(self) -> None:
        if self.stop_requested:
            raise Stop

    def _counts(self) -> tuple[int, int, int, int, int, int]:
        r = self.report
        return r.added, r.updated, r.removed, r.unchanged, r.pruned, r.reread

    # Writers and commits ------------------------------------------------------------------

    def _write(self) -> Any:
        if self.writer is None:
            self.writer = new_writer(self.ix)
            self.spell_seen = set()
        return self.writer

    def _written(self) -> None:
        self.pending += 1
        if self.pending >= self.commit_every or self._commit_due():
            self._commit()

    def _commit_due(self) -> bool:
        """Whether the last commit is ``commit_seconds`` old: a long run commits at least that
        often, so an interruption loses little even when documents are slow to analyse."""
        return time.monotonic() - self.last_commit >= self.commit_seconds

    def _commit(self, new_segments: Sequence[Any] = ()) -> None:
        """Commit this process's writer, plus segments that worker processes wrote."""
        if self.catching_ctrl_c:  # this run's handler holds a second Ctrl-C during the commit
            self.in_commit = True
            try:
                self._commit_now(new_segments)
            finally:
                self.in_commit = False
        else:
            with _ctrl_c_after():
                self._commit_now(new_segments)

    def _commit_now(self, new_segments: Sequence[Any]) -> None:
        if self.writer is None:
            # A rebuild of an empty selection still empties the index.
            if self.clear_first or new_segments:
                self._write()
            else:
                return
        mergetype = CLEAR if self.clear_first else None
        if new_segments:
            commit_with_segments(self.writer, mergetype, list(new_segments))
        else:
            self.writer.commit(mergetype=mergetype)
        self.clear_first = False
        self.writer = None
        self.pending = 0
        self.last_commit = time.monotonic()
        self.committed_counts = self._counts()
        self.committed_dates = dict(self.report.dates)
        self.manifest.generation = self.ix.latest_generation()
        self._save_manifest()

    def _save_manifest(self) -> None:
        if self.manifest.generation != self.ix.latest_generation():
            return  # only ever describe a committed state
        try:
            save_manifest(self.path, self.manifest, order=self.walked)
        except OSError:
            pass  # a missing manifest is rebuilt from the index next time
        self.manifest_dirty = False

    def _cancel(self) -> None:
        if self.writer is not None:
            try:
                self.writer.cancel()
            except OSError:
                pass  # on a full or read-only disk closing the files fails too; they are orphans
            finally:
                self.writer = None


class Stop(Exception):
    """Ctrl-C was pressed: stop at this whole document and commit what was analysed."""


@contextmanager
def _ctrl_c_after() -> Iterator[None]:
    """Hold Ctrl-C until the block is done: a commit (TOC, writer state, manifest) is finished
    rather than left half-made; the interrupt then stops the run as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
    if pending:
        raise KeyboardInterrupt
