"""Bring an index in line with its files: the start of every index run, without Whoosh.

A run takes the index's write lock, walks the files and compares them with the manifest. When
nothing changed and the manifest describes the index's latest commit, that is the whole run:
Whoosh, which costs a quarter of a second to import and open, is never loaded, and nothing is
written. Otherwise :mod:`.sync` carries on under the same lock, with the same walk.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_search.config import (
    COMMIT_EVERY,
    DEFAULT_INCLUDE,
    DEFAULT_LOCK_TIMEOUT,
    SCHEMA_VERSION,
    UNSUPPORTED,
    read_meta,
    resolve_index_dir,
)
from corpus_search.documents.sources import DEFAULT_RECORD_KEYS, RecordKeys
from corpus_search.errors import IndexLockedError, IndexWriteError
from corpus_search.models import IndexReport, Progress, Skipped

from .manifest import FileStat, Manifest, load_manifest

__all__ = ["index_paths"]

LOCK_NAME = "MAIN_WRITELOCK"  # what Whoosh's own ix.lock("WRITELOCK") uses
_TOC = re.compile(r"_MAIN_([0-9]+)\.toc")  # a commit's table of contents: Whoosh's TOC._pattern

ProgressCallback = Callable[[Progress], None]


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
        scan = None if rebuild else _scan(path, paths, include, exclude, follow_symlinks)
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


# The scan ---------------------------------------------------------------------------------


@dataclass
class Scan:
    """The walk of an index run, compared with a manifest that matches the latest commit."""

    manifest: Manifest
    found: list[FileStat] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # paths the walk could not read
    changed: list[FileStat] = field(default_factory=list)  # new, or a different size or mtime
    unchanged: int = 0  # documents of the unchanged files
    vanished: list[str] = field(default_factory=list)  # manifest sources the walk did not find


def _scan(
    index_dir: Path,
    roots: Sequence[str | os.PathLike[str]],
    include: Sequence[str],
    exclude: Sequence[str],
    follow_symlinks: bool,
) -> Scan | None:
    """Walk and compare, or None when the index must be opened anyway: it is missing or was
    written by another schema (sync.py creates it or says why not), or the manifest is
    missing, unreadable or older than the latest commit (sync.py rebuilds it from the index)."""
    generation = latest_generation(index_dir)
    if generation < 0 or read_meta(index_dir).get("schema_version") != SCHEMA_VERSION:
        return None
    with _no_gc():  # the walk and the comparison make 200,000 tuples: nothing to collect
        manifest = load_manifest(index_dir)
        if manifest.generation != generation:
            return None
        return compare(manifest, index_dir, roots, include, exclude, follow_symlinks)


def compare(
    manifest: Manifest,
    index_dir: Path,
    roots: Sequence[str | os.PathLike[str]],
    include: Sequence[str],
    exclude: Sequence[str],
    follow_symlinks: bool,
) -> Scan:
    """Walk ``roots`` and compare what is there with ``manifest``."""
    scan = Scan(manifest)
    scan.found, scan.skipped = walk(index_dir, roots, include, exclude, follow_symlinks)
    scan.changed, scan.unchanged = manifest.compare(scan.found)
    # Every file found unchanged, and as many as the manifest lists: none of them is missing.
    if scan.changed or len(scan.found) != len(manifest):
        scan.vanished = manifest.vanished(
            [os.path.abspath(r) for r in roots],
            present={f[0] for f in scan.found},
            unread={s.path for s in scan.skipped},  # unreadable folders keep their documents
        )
    return scan


def walk(
    index_dir: Path,
    roots: Sequence[str | os.PathLike[str]],
    include: Sequence[str],
    exclude: Sequence[str],
    follow_symlinks: bool,
) -> tuple[list[FileStat], list[Skipped]]:
    """The files under ``roots`` as (path, size, mtime), and the paths that could not be walked."""
    from corpus_search import documents  # looked up at call time: tests replace walk_files

    return documents.walk_files(
        [str(r) for r in roots],
        include=include,
        exclude=exclude,
        follow_symlinks=follow_symlinks,
        skip_dirs=[index_dir],
    )


@contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The index folder, without Whoosh ----------------------------------------------------------


def latest_generation(index_dir: Path) -> int:
    """The number of the index's latest commit (its newest table of contents), -1 if none."""
    try:
        names = os.listdir(index_dir)
    except OSError:
        return -1
    found = [int(m[1]) for m in map(_TOC.fullmatch, names) if m is not None]
    return max(found, default=-1)


# flock(2) belongs to the open file and so also to every process forked while it is held: a
# worker that outlived a killed run kept the index locked for good. Forked children close these
# descriptors at once (the lock then dies with the process holding it).
_HELD_LOCK_FDS: set[int] = set()


def _close_held_locks_in_child() -> None:
    for fd in _HELD_LOCK_FDS:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCK_FDS.clear()


os.register_at_fork(after_in_child=_close_held_locks_in_child)


@contextmanager
def write_lock(index_dir: Path, *, timeout: float) -> Iterator[None]:
    """Hold the index's write lock (creating the folder if needed), waiting up to ``timeout``
    seconds for another run to release it. The lock file and the kind of lock (flock) are
    Whoosh's ``FileStorage.lock``'s, so a Whoosh writer and older versions respect it too."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IndexWriteError(
            f"Cannot create the index folder {index_dir}: {e.strerror or e}"
        ) from e
    try:
        fd = os.open(index_dir / LOCK_NAME, os.O_CREAT | os.O_WRONLY)
        try:
            deadline = time.time() + timeout
            while not _try_lock(fd):
                if time.time() >= deadline:
                    raise IndexLockedError(
                        f"Another corpus-search run is updating the index at {index_dir}; gave "
                        f"up after {timeout:g}s. Try again when it finishes, or wait longer "
                        "with --lock-timeout."
                    )
                time.sleep(0.1)
        except BaseException:
            os.close(fd)
            raise
    except OSError as e:
        raise IndexWriteError(f"Cannot lock the index at {index_dir}: {e.strerror or e}") from e
    _HELD_LOCK_FDS.add(fd)
    try:
        yield
    finally:
        _HELD_LOCK_FDS.discard(fd)
        _unlock(fd)


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)  # for flock, closing the file is the release
