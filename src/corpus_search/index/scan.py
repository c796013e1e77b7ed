"""The scan of an index run, without Whoosh: walk the files and compare them with the manifest.

When nothing changed and the manifest describes the index's latest commit, that is the whole run
(:mod:`.run`); otherwise :mod:`.sync` applies what the scan found.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from corpus_search.models import Skipped

from .format import has_current_schema, latest_generation
from .manifest import FileStat, Manifest, load_manifest


@dataclass
class Scan:
    """The walk of an index run, compared with a manifest that matches the latest commit."""

    manifest: Manifest
    found: list[FileStat] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # paths the walk could not read
    changed: list[FileStat] = field(default_factory=list)  # new, or a different size or mtime
    unchanged: int = 0  # documents of the unchanged files
    vanished: list[str] = field(default_factory=list)  # manifest sources the walk did not find


def scan(
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
    if generation < 0 or not has_current_schema(index_dir):
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
    found = Scan(manifest)
    found.found, found.skipped = walk(index_dir, roots, include, exclude, follow_symlinks)
    found.changed, found.unchanged = manifest.compare(found.found)
    # Every file found unchanged, and as many as the manifest lists: none of them is missing.
    if found.changed or len(found.found) != len(manifest):
        found.vanished = manifest.vanished(
            [os.path.abspath(r) for r in roots],
            present={f[0] for f in found.found},
            unread={s.path for s in found.skipped},  # unreadable folders keep their documents
        )
    return found


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
