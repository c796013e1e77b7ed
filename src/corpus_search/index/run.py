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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_search.config import (
    COMMIT_EVERY,
    COMMIT_SECONDS,
    DEFAULT_LOCK_TIMEOUT,
    UNSUPPORTED,
    resolve_index_dir,
)
from corpus_search.documents.sources import DEFAULT_RECORD_KEYS, RecordKeys
from corpus_search.errors import InputError
from corpus_search.models import IndexReport, ProgressCallback

from .format import META_NAME, write_lock
from .roots import Root, check_index_folder, load_roots, merge_roots, save_roots, split_missing
from .scan import Group
from .scan import scan as scan_files

__all__ = ["index_paths"]


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
    again, unless a reader of theirs has a new version since (``reread`` counts them). Files
    that cannot be read are skipped and reported; they never stop the run. Paths that do not
    exist are listed in ``missing`` (when none exists, nothing is read or written). Raises
    InputError when the index folder is one being indexed or holds other files, and
    IndexLockedError when another run holds the lock for longer than ``lock_timeout``.

    ``cluster``: the address of a Dask scheduler (``tcp://HOST:PORT``); the files to index are
    then read and analysed on its workers (README "Scaling out"). Raises ClusterError when it
    cannot be used.
    """
    started = time.perf_counter()
    path = resolve_index_dir(index_dir)
    plan = _plan(path, paths, include, exclude, rebuild=rebuild, prune=prune)
    if plan.missing and not plan.walk:  # no named path exists: nothing to do, nothing written
        return IndexReport(missing=plan.missing, elapsed=time.perf_counter() - started)
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
        try:
            scan = None if rebuild else scan_files(path, groups, follow_symlinks, prune)
        except KeyboardInterrupt:  # Ctrl-C during the walk: nothing written, not even the roots
            return IndexReport(interrupted=True)
        if scan is not None and not (scan.changed or scan.vanished or scan.pruned):
            report = IndexReport(
                unchanged=scan.unchanged,
                skipped=scan.skipped,
                unmatched=len(scan.unmatched),
                left_out=dict(scan.left_out.most_common()),
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


def _groups(roots: Sequence[Root]) -> list[Group]:
    by_patterns: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for r in roots:
        by_patterns.setdefault((r.include, r.exclude), []).append(r.path)
    return [(tuple(p), inc, exc) for (inc, exc), p in by_patterns.items()]
