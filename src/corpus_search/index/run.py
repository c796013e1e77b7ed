"""Bring an index in line with its files: an index run, started without Whoosh.

A run takes the index's write lock (:mod:`.format`), walks the files and compares them with the
manifest (:mod:`.scan`). When nothing changed and the manifest describes the index's latest
commit, that is the whole run: Whoosh, which costs a quarter of a second to import and open, is
never loaded, and nothing is written. Otherwise :mod:`.sync` carries on under the same lock, with
the same walk.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from corpus_search.config import (
    COMMIT_EVERY,
    DEFAULT_INCLUDE,
    DEFAULT_LOCK_TIMEOUT,
    UNSUPPORTED,
    resolve_index_dir,
)
from corpus_search.documents.sources import DEFAULT_RECORD_KEYS, RecordKeys
from corpus_search.models import IndexReport, ProgressCallback

from .format import write_lock
from .scan import scan as scan_files

__all__ = ["index_paths"]


def index_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    index_dir: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    follow_symlinks: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    jobs: int | None = None,
    record_keys: RecordKeys = DEFAULT_RECORD_KEYS,
    progress: ProgressCallback | None = None,
    commit_every: int = COMMIT_EVERY,
    cluster: str | None = None,
) -> IndexReport:
    """Bring the index in line with the files under ``paths``.

    New files are added, changed ones replaced, deleted ones dropped.

    Unchanged files (same size and mtime, or same content hash) are not parsed again. Files that
    cannot be read are skipped and reported; they never stop the run. Raises IndexLockedError when
    another run holds the lock for longer than ``lock_timeout`` seconds.

    ``cluster``: the address of a Dask scheduler (``tcp://HOST:PORT``); the files to index are
    then read and analysed on its workers (README "Scaling out"). Raises ClusterError when it
    cannot be used.
    """
    started = time.perf_counter()
    path = resolve_index_dir(index_dir)
    with ExitStack() as stack:
        client = None
        if cluster:  # connect first: an unreachable scheduler fails before anything is read
            from .cluster import connect

            client = connect(cluster)
            stack.callback(client.close)
        report = _index_locked(
            path,
            paths,
            rebuild=rebuild,
            include=include,
            exclude=exclude,
            follow_symlinks=follow_symlinks,
            lock_timeout=lock_timeout,
            jobs=jobs,
            record_keys=record_keys,
            progress=progress,
            commit_every=commit_every,
            client=client,
        )
    report.elapsed = time.perf_counter() - started
    return report


def _index_locked(
    path: Path,
    paths: Sequence[str | os.PathLike[str]],
    *,
    rebuild: bool,
    include: Sequence[str],
    exclude: Sequence[str],
    follow_symlinks: bool,
    lock_timeout: float,
    jobs: int | None,
    record_keys: RecordKeys,
    progress: ProgressCallback | None,
    commit_every: int,
    client: Any,
) -> IndexReport:
    with write_lock(path, timeout=lock_timeout):
        scan = None if rebuild else scan_files(path, paths, include, exclude, follow_symlinks)
        if scan is not None and not scan.changed and not scan.vanished:
            report = IndexReport(unchanged=scan.unchanged, skipped=scan.skipped)
        else:
            from .sync import sync  # Whoosh from here on

            report = sync(
                path,
                paths,
                scan=scan,
                rebuild=rebuild,
                include=include,
                exclude=exclude,
                follow_symlinks=follow_symlinks,
                jobs=jobs or os.cpu_count() or 1,
                record_keys=record_keys,
                progress=progress,
                commit_every=commit_every,
                cluster=client,
            )
    # Files in a format no extractor reads are counted apart from the files that failed.
    report.unsupported = [s for s in report.skipped if s.reason.startswith(UNSUPPORTED)]
    if report.unsupported:
        report.skipped = [s for s in report.skipped if not s.reason.startswith(UNSUPPORTED)]
    return report
