"""The scan of an index run, without Whoosh: walk the files and compare them with the manifest.

When nothing changed and the manifest describes the index's latest commit, that is the whole run
(:mod:`.run`); otherwise :mod:`.sync` applies what the scan found.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from corpus_search.documents.versions import current_signatures
from corpus_search.models import Skipped

from .format import has_current_schema, latest_generation
from .manifest import FileStat, Manifest, load_manifest

# Roots walked together: one walk per set of patterns.
Group = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # (paths, include, exclude)


@dataclass
class Scan:
    """The walk of an index run, compared with a manifest that matches the latest commit."""

    manifest: Manifest
    found: list[FileStat] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # paths the walk could not read
    # New, of a different size or mtime, or read by a reader that has a new version since.
    changed: list[FileStat] = field(default_factory=list)
    unchanged: int = 0  # documents of the unchanged files
    vanished: list[str] = field(default_factory=list)  # sources under the roots, now deleted
    unmatched: list[str] = field(default_factory=list)  # sources that exist, kept (no prune)
    pruned: list[str] = field(default_factory=list)  # sources --prune removes
    # Files in the walked folders that the include patterns left out, by extension ("": none).
    left_out: Counter[str] = field(default_factory=Counter)


def scan(
    index_dir: Path, groups: Sequence[Group], follow_symlinks: bool, prune: bool
) -> Scan | None:
    """Walk and compare, or None when the index must be opened anyway: it is missing or was
    written by another schema (sync.py creates it or says why not), or the manifest is
    missing, unreadable or older than the latest commit (sync.py rebuilds it from the index)."""
    generation = latest_generation(index_dir)
    if generation < 0 or not has_current_schema(index_dir):
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
    scan.found, scan.skipped = walk(index_dir, groups, follow_symlinks, scan.left_out)
    scan.changed, scan.unchanged = manifest.compare(scan.found)
    outdated = manifest.outdated(current_signatures())
    if outdated:  # their readers are newer now: read them again, in walk order
        changed = {f[0] for f in scan.changed}
        again = {f[0] for f in scan.found if f[0] in outdated and f[0] not in changed}
        scan.unchanged -= sum(outdated[path] for path in again)
        scan.changed = [f for f in scan.found if f[0] in changed or f[0] in again]
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
    index_dir: Path,
    groups: Sequence[Group],
    follow_symlinks: bool,
    left_out: Counter[str] | None = None,
) -> tuple[list[FileStat], list[Skipped]]:
    """The files under the roots as (path, size, mtime), and the paths that could not be walked:
    one walk per group of roots sharing their patterns (a file found twice is listed once).
    ``left_out`` counts the files the include patterns left out, by extension."""
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
            left_out=left_out,
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
