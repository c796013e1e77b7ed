"""The manifest: what each indexed source file looked like when it was indexed.

It lets a no-op re-index cost one ``stat`` per file (compare size and mtime) instead of reading
and hashing every file. It is a cache of facts the index also stores: it records the index
generation it matches, and when that differs (a run was killed between the commit and the
manifest write) the index module rebuilds it from the stored fields.

It is stored as columns (every path, then every size, mtime and hash) rather than one object per
file, and loaded as such: parsing 100,000 small JSON arrays and making a ``SourceEntry`` of each
took 0.4 s, longer than the walk a no-op run compares it with. Entries are made when a run first
changes something (:attr:`Manifest.sources`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "corpus-search-manifest.json"
# 1: {"sources": {path: [size, mtime, sha256, keys]}}. 2: columns. Any other version (or a file
# that does not parse) loads as an empty manifest, which the index module rebuilds.
MANIFEST_VERSION = 2

FileStat = tuple[str, int, float]  # (path, size, mtime), as the walk yields it


@dataclass
class SourceEntry:
    """One source file: its stat facts, its content hash, and the documents it produced."""

    size: int
    mtime: float
    sha256: str
    # key -> document content hash; None means the usual single document keyed by the path.
    keys: dict[str, str] | None = None

    def doc_hashes(self, path: str) -> dict[str, str]:
        return dict(self.keys) if self.keys is not None else {path: self.sha256}


@dataclass
class _Columns:
    paths: list[str]
    sizes: list[int]
    mtimes: list[float]
    sha256: list[str]
    records: dict[str, dict[str, str]]  # JSON Lines sources only: path -> {key: hash}


class Manifest:
    """Source path -> :class:`SourceEntry`, and the index generation they describe."""

    def __init__(self, generation: int = -1, sources: dict[str, SourceEntry] | None = None) -> None:
        self.generation = generation
        self._sources = {} if sources is None else sources
        self._columns: _Columns | None = None  # as loaded, until sources is first asked for

    @property
    def sources(self) -> dict[str, SourceEntry]:
        if self._columns is not None:
            c, self._columns = self._columns, None
            records = c.records
            self._sources = {
                path: SourceEntry(size, mtime, sha, records.get(path))
                for path, size, mtime, sha in zip(c.paths, c.sizes, c.mtimes, c.sha256, strict=True)
            }
        return self._sources

    def __len__(self) -> int:
        return len(self._columns.paths) if self._columns is not None else len(self._sources)

    def paths(self) -> Iterable[str]:
        return self._columns.paths if self._columns is not None else self._sources.keys()

    def compare(self, files: Sequence[FileStat]) -> tuple[list[FileStat], int]:
        """Split ``files`` into those whose size or mtime differs from the manifest's (or that it
        lacks), and the number of documents the others hold. Makes no SourceEntry."""
        if self._columns is not None and files:
            in_order = self._compare_in_order(self._columns, files)
            if in_order is not None:
                return in_order
            c = self._columns
            known = dict(zip(c.paths, zip(c.paths, c.sizes, c.mtimes, strict=True), strict=True))
            records = {path: len(keys) for path, keys in c.records.items()}
        else:
            known = {path: (path, e.size, e.mtime) for path, e in self._sources.items()}
            records = {p: len(e.keys) for p, e in self._sources.items() if e.keys is not None}
        changed = []
        documents = 0
        for f in files:
            if known.get(f[0]) == f:
                documents += records.get(f[0], 1) if records else 1
            else:
                changed.append(f)
        return changed, documents

    @staticmethod
    def _compare_in_order(
        c: _Columns, files: Sequence[FileStat]
    ) -> tuple[list[FileStat], int] | None:
        """:meth:`compare` when ``files`` are a run of the manifest's sources in the same order
        (it is saved in the order of the walk that wrote it): then it compares lists, in C, and
        needs no dictionary of 100,000 entries. None when they are not."""
        paths = [f[0] for f in files]
        try:
            start = c.paths.index(paths[0])
        except ValueError:
            return None
        end = start + len(paths)
        if c.paths[start:end] != paths:
            return None
        sizes, mtimes = c.sizes[start:end], c.mtimes[start:end]
        if [f[1] for f in files] == sizes and [f[2] for f in files] == mtimes:
            changed = []
        else:
            changed = [
                f
                for f, size, mtime in zip(files, sizes, mtimes, strict=True)
                if f[1] != size or f[2] != mtime
            ]
        documents = len(files) - len(changed)
        if c.records:  # a JSON Lines file holds one document per record
            found, gone = set(paths), {f[0] for f in changed}
            for path, keys in c.records.items():
                if path in found and path not in gone:
                    documents += len(keys) - 1
        return changed, documents

    def vanished(
        self, roots: Iterable[str], *, present: Collection[str], unread: Collection[str]
    ) -> list[str]:
        """Sources under ``roots`` (absolute paths) that are not ``present``, in root order,
        except those at or inside an ``unread`` path: a folder that could not be read keeps its
        documents."""
        keep_under = tuple(p.rstrip("/") + "/" for p in unread)
        gone: dict[str, None] = {}
        for root in roots:
            for source in self.under(root):
                if source in present or source in unread or source.startswith(keep_under):
                    continue
                gone[source] = None
        return list(gone)

    def under(self, root: str) -> list[str]:
        """Source paths equal to ``root`` or inside the folder ``root``."""
        prefix = root.rstrip("/") + "/"
        return [p for p in self.paths() if p == root or p.startswith(prefix)]


def manifest_path(index_dir: Path) -> Path:
    return index_dir / MANIFEST_NAME


def load_manifest(index_dir: Path) -> Manifest:
    """The saved manifest, or an empty one (generation -1) when missing, unreadable or written
    in another version's format."""
    try:
        raw = json.loads(manifest_path(index_dir).read_bytes())
        if raw.get("version") != MANIFEST_VERSION:
            return Manifest()
        columns = _Columns(raw["paths"], raw["sizes"], raw["mtimes"], raw["sha256"], raw["records"])
        n = len(columns.paths)
        if not (
            len(columns.sizes) == len(columns.mtimes) == len(columns.sha256) == n
            and isinstance(columns.records, dict)
            and all(isinstance(k, dict) for k in columns.records.values())
        ):
            return Manifest()
        manifest = Manifest(generation=int(raw["generation"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Manifest()
    manifest._columns = columns
    return manifest


def save_manifest(index_dir: Path, manifest: Manifest, *, order: Iterable[str] = ()) -> None:
    """Write atomically (temp file + rename), so a crash leaves the old or the new manifest.

    Sources come in ``order`` (the walk's), then the others: the next run's walk then finds its
    files in the same order, and :meth:`Manifest.compare` compares lists."""
    sources = manifest.sources
    ordered = {path: sources[path] for path in order if path in sources}
    if len(ordered) < len(sources):
        ordered.update((path, e) for path, e in sources.items() if path not in ordered)
    data = {
        "version": MANIFEST_VERSION,
        "generation": manifest.generation,
        "paths": list(ordered),
        "sizes": [e.size for e in ordered.values()],
        "mtimes": [e.mtime for e in ordered.values()],
        "sha256": [e.sha256 for e in ordered.values()],
        "records": {path: e.keys for path, e in ordered.items() if e.keys is not None},
    }
    target = manifest_path(index_dir)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, target)
