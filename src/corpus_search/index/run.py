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
    COMMIT_SECONDS,
    DEFAULT_LOCK_TIMEOUT,
    META_NAME,
    SCHEMA_VERSION,
    UNSUPPORTED,
    read_meta,
    resolve_index_dir,
)
from corpus_search.documents.sources import DEFAULT_RECORD_KEYS, RecordKeys
from corpus_search.errors import IndexLockedError, IndexWriteError, InputError
from corpus_search.models import IndexReport, Progress, Skipped

from .manifest import FileStat, Manifest, load_manifest
from .roots import Root, check_index_folder, load_roots, merge_roots, save_roots, split_missing

__all__ = ["index_paths"]

LOCK_NAME = "MAIN_WRITELOCK"  # what Whoosh's own ix.lock("WRITELOCK") uses
_TOC = re.compile(r"_MAIN_([0-9]+)\.toc")  # a commit's table of contents: Whoosh's TOC._pattern

ProgressCallback = Callable[[Progress], None]


def index_paths(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    index_dir: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    prune: bool = False,
    follow_symlinks: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    jobs: int | None = None,
    record_keys: RecordKeys = DEFAULT_RECORD_KEYS,
    progress: ProgressCallback | None = None,
    commit_every: int = COMMIT_EVERY,
    commit_seconds: float = COMMIT_SECONDS,
    cluster: str | None = None,
) -> IndexReport:
    """Bring the index in line with the files under ``paths``, or, with no paths, under every
    folder and file the index remembers (each with the patterns it was last indexed with).

    New files are added, changed ones replaced, deleted ones dropped. ``include``/``exclude``
    (None: the remembered patterns, else the defaults) become the remembered patterns of
    ``paths``. A file that still exists but no longer matches the patterns keeps its document
    (counted in ``unmatched``); ``prune`` removes those, and the documents of files that no
    longer exist anywhere (a remembered folder that was moved away), and forgets vanished folders.

    Documents are committed every ``commit_every`` documents and at least every
    ``commit_seconds``; Ctrl-C commits what was analysed and returns a report marked
    ``interrupted``. Unchanged files (same size and mtime, or same content hash) are not parsed
    again. Files that cannot be read are skipped and reported; they never stop the run. Paths
    that do not exist are listed in ``missing`` (InputError if none exists: nothing is
    written). Raises InputError when the index folder is one being indexed or holds other files,
    and IndexLockedError when another run holds the lock for longer than ``lock_timeout``.

    ``cluster``: the address of a Dask scheduler (``tcp://HOST:PORT``); the files to index are
    then read and analysed on its workers (README "Scaling out"). Raises ClusterError when it
    cannot be used.
    """
    started = time.perf_counter()
    path = resolve_index_dir(index_dir)
    plan = _plan(path, paths, include, exclude, rebuild=rebuild, prune=prune)
    check_index_folder(path, [r.path for r in plan.walk])
    with ExitStack() as stack:
        client = None
        if cluster:  # connect first: an unreachable scheduler fails before anything is read
            from .cluster import connect

            client = connect(cluster)
            stack.callback(client.close)
        report = _index_locked(
            path,
            plan,
            rebuild=rebuild,
            prune=prune,
            follow_symlinks=follow_symlinks,
            lock_timeout=lock_timeout,
            jobs=jobs,
            record_keys=record_keys,
            progress=progress,
            commit_every=commit_every,
            commit_seconds=commit_seconds,
            client=client,
        )
    report.prune = prune
    report.missing = plan.missing
    report.vanished_roots = plan.vanished
    report.roots = [r.path for r in plan.walk]
    report.elapsed = time.perf_counter() - started
    return report


def _index_locked(
    path: Path,
    plan: _Plan,
    *,
    rebuild: bool,
    prune: bool,
    follow_symlinks: bool,
    lock_timeout: float,
    jobs: int | None,
    record_keys: RecordKeys,
    progress: ProgressCallback | None,
    commit_every: int,
    commit_seconds: float,
    client: Any,
) -> IndexReport:
    with write_lock(path, timeout=lock_timeout):
        groups = _groups(plan.walk)
        scan = None if rebuild else _scan(path, groups, follow_symlinks, prune)
        if scan is not None and not (scan.changed or scan.vanished or scan.pruned):
            report = IndexReport(
                unchanged=scan.unchanged, skipped=scan.skipped, unmatched=len(scan.unmatched)
            )
        else:
            from .sync import sync  # Whoosh from here on

            report = sync(
                path,
                groups,
                scan=scan,
                rebuild=rebuild,
                prune=prune,
                follow_symlinks=follow_symlinks,
                jobs=jobs or os.cpu_count() or 1,
                record_keys=record_keys,
                progress=progress,
                commit_every=commit_every,
                commit_seconds=commit_seconds,
                cluster=client,
            )
        try:
            if plan.remember != plan.remembered or not (path / META_NAME).exists():
                save_roots(path, plan.remember)  # a no-op run writes nothing
        except OSError:
            pass  # the documents are indexed; only the list of roots is not updated
    # Files in a format no extractor reads are counted apart from the files that failed.
    report.unsupported = [s for s in report.skipped if s.reason.startswith(UNSUPPORTED)]
    if report.unsupported:
        report.skipped = [s for s in report.skipped if not s.reason.startswith(UNSUPPORTED)]
    return report


@dataclass
class _Plan:
    walk: list[Root]  # the roots this run walks (they exist)
    remember: list[Root]  # the roots the index remembers after it
    missing: list[str]  # named paths that do not exist
    vanished: list[str]  # remembered roots that no longer exist
    remembered: list[Root]  # the roots the index remembered before


def _plan(
    index_dir: Path,
    paths: Sequence[str | os.PathLike[str]],
    include: Sequence[str] | None,
    exclude: Sequence[str] | None,
    *,
    rebuild: bool,
    prune: bool,
) -> _Plan:
    """Which roots to walk, with which patterns, and which to remember afterwards."""
    remembered = load_roots(index_dir)
    known = {r.path: r for r in remembered}

    def root(p: str) -> Root:
        old = known.get(p, Root(p))
        return Root(
            p,
            tuple(include) if include is not None else old.include,
            tuple(exclude) if exclude is not None else old.exclude,
        )

    named = list(dict.fromkeys(os.path.abspath(os.fspath(p)) for p in paths))
    if named:
        present, missing = split_missing(named)
        if not present:
            raise InputError(f"No such file or directory: {', '.join(missing)}")
        walk = [root(p) for p in present]
        others = [r for r in remembered if r.path not in named]
    else:
        if not remembered:
            raise InputError(
                f"No PATH given, and the index at {index_dir} remembers no folders to refresh. "
                "Give one: corpus-search index PATH"
            )
        missing = []
        walk = [root(r.path) for r in remembered if os.path.exists(r.path)]
        others = [r for r in remembered if not os.path.exists(r.path)]
        if rebuild and not walk:
            raise InputError(
                "Every folder the index remembers has vanished; --rebuild would empty it: "
                + ", ".join(r.path for r in others)
            )
    vanished = [r.path for r in others if not os.path.exists(r.path)]
    if rebuild and named:
        remember = walk  # starting over with these
    else:
        gone = set(vanished) | set(missing) if prune else set()
        remember = merge_roots([r for r in remembered if r.path not in gone], walk)
    return _Plan(walk, remember, missing, vanished, remembered)


# Roots walked together: one walk per set of patterns.
Group = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # (paths, include, exclude)


def _groups(roots: Sequence[Root]) -> list[Group]:
    by_patterns: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for r in roots:
        by_patterns.setdefault((r.include, r.exclude), []).append(r.path)
    return [(tuple(p), inc, exc) for (inc, exc), p in by_patterns.items()]


# The scan ---------------------------------------------------------------------------------


@dataclass
class Scan:
    """The walk of an index run, compared with a manifest that matches the latest commit."""

    manifest: Manifest
    found: list[FileStat] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # paths the walk could not read
    changed: list[FileStat] = field(default_factory=list)  # new, or a different size or mtime
    unchanged: int = 0  # documents of the unchanged files
    vanished: list[str] = field(default_factory=list)  # sources under the roots, now deleted
    unmatched: list[str] = field(default_factory=list)  # sources that exist, kept (no prune)
    pruned: list[str] = field(default_factory=list)  # sources --prune removes


def _scan(
    index_dir: Path, groups: Sequence[Group], follow_symlinks: bool, prune: bool
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
        return compare(manifest, index_dir, groups, follow_symlinks, prune)


def compare(
    manifest: Manifest,
    index_dir: Path,
    groups: Sequence[Group],
    follow_symlinks: bool,
    prune: bool,
) -> Scan:
    """Walk the roots in ``groups`` and compare what is there with ``manifest``.

    A source under the roots that the walk did not find is ``vanished`` (its documents are
    removed) when its file is gone, and ``unmatched`` (kept, and counted) when the file is still
    there: the patterns changed, or it is excluded now. With ``prune``, unmatched sources, and
    sources outside the roots whose files are gone, are ``pruned`` instead.
    """
    scan = Scan(manifest)
    scan.found, scan.skipped = walk(index_dir, groups, follow_symlinks)
    scan.changed, scan.unchanged = manifest.compare(scan.found)
    roots = [r for paths, _, _ in groups for r in paths]
    # Every file found unchanged, and as many as the manifest lists: none of them is missing.
    if scan.changed or len(scan.found) != len(manifest):
        absent = manifest.vanished(
            roots,
            present={f[0] for f in scan.found},
            unread={s.path for s in scan.skipped},  # unreadable folders keep their documents
        )
        for source in absent:
            (scan.unmatched if os.path.isfile(source) else scan.vanished).append(source)
    if prune:
        scan.pruned, scan.unmatched = scan.unmatched, []
        inside = tuple(r.rstrip("/") + "/" for r in roots)
        scan.pruned += [
            p
            for p in manifest.paths()
            if p not in roots and not p.startswith(inside) and not os.path.isfile(p)
        ]
    return scan


def walk(
    index_dir: Path, groups: Sequence[Group], follow_symlinks: bool
) -> tuple[list[FileStat], list[Skipped]]:
    """The files under the roots as (path, size, mtime), and the paths that could not be walked:
    one walk per group of roots sharing their patterns (a file found twice is listed once)."""
    from corpus_search import documents  # looked up at call time: tests replace walk_files

    found: list[FileStat] = []
    skipped: list[Skipped] = []
    for paths, include, exclude in groups:
        more_found, more_skipped = documents.walk_files(
            list(paths),
            include=include,
            exclude=exclude,
            follow_symlinks=follow_symlinks,
            skip_dirs=[index_dir],
        )
        found += more_found
        skipped += more_skipped
    if len(groups) > 1:
        seen: set[str] = set()
        found = [f for f in found if not (f[0] in seen or seen.add(f[0]))]  # type: ignore[func-returns-value]
    return found, skipped


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
