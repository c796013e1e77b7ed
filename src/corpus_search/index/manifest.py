"""The manifest: what each indexed source file looked like when it was indexed.

It lets a no-op re-index cost one ``stat`` per file (compare size and mtime) instead of reading
and hashing every file. It is a cache of facts the index also stores: it records the index
generation it matches, and when that differs (a run was killed between the commit and the
manifest write) the index module rebuilds it from the stored fields.

A no-op run loads it and compares it with the walk, so both are made for speed: it is a
``marshal`` file (three times faster to load than the same data as JSON; JSON with one object per
file took 0.4 s with its ``SourceEntry`` objects, longer than the walk) behind a checksum, holding
the walk's own ``(path, size, mtime)`` tuples in the walk's order, so that comparing is comparing
two lists. ``SourceEntry`` objects are made when a run first changes something
(:attr:`Manifest.sources`). A file that is missing, of another version or damaged (the checksum
catches that before ``marshal`` reads it) loads as an empty manifest, which the index module
rebuilds. marshal trusts its input no more than Whoosh's own table of contents, a pickle.

Each file's reader signature (:mod:`corpus_search.documents.versions`) says which readers made its
documents; a run re-reads the files whose signature this code's readers no longer give
(:meth:`Manifest.outdated`). A version 3 manifest, written before signatures were kept, loads
with none: its files are re-read once.
"""

from __future__ import annotations

import marshal
import os
import struct
import zlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_search.documents.walk import (
    FileStat as FileStat,  # the walk's tuples, which the manifest holds
)

from .format import MANIFEST_NAME, OLD_MANIFEST_NAME

# 1 and 2 were JSON files, OLD_MANIFEST_NAME (deleted when this one is written); 3 had no
# reader signatures (still read: its files are re-read once).
MANIFEST_VERSION = 4
_READ_VERSIONS = (3, 4)
_MAGIC = b"CSMF"
_HEADER = struct.Struct("<4sII")  # magic, version, crc32 of the marshalled payload


@dataclass
class SourceEntry:
    """One source file: its stat facts, its content hash, and the documents it produced."""

    size: int
    mtime: float
    sha256: str
    # key -> document content hash; None means the usual single document keyed by the path.
    keys: dict[str, str] | None = None
    reader: str = ""  # the reader signature of its documents; "" when not known

    def doc_hashes(self, path: str) -> dict[str, str]:
        return dict(self.keys) if self.keys is not None else {path: self.sha256}


@dataclass
class _Columns:
    stats: list[FileStat]  # in the order of the walk that saved them
    sha256: list[str]
    records: dict[str, dict[str, str]]  # JSON Lines sources only: path -> {key: hash}
    readers: list[str]  # reader signatures, one per file


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
                path: SourceEntry(size, mtime, sha, records.get(path), reader)
                for (path, size, mtime), sha, reader in zip(
                    c.stats, c.sha256, c.readers, strict=True
                )
            }
        return self._sources

    def __len__(self) -> int:
        return len(self._columns.stats) if self._columns is not None else len(self._sources)

    def paths(self) -> Iterable[str]:
        if self._columns is not None:
            return [stat[0] for stat in self._columns.stats]
        return self._sources.keys()

    def compare(self, files: Sequence[FileStat]) -> tuple[list[FileStat], int]:
        """Split ``files`` into those whose size or mtime differs from the manifest's (or that it
        lacks), and the number of documents the others hold. Makes no SourceEntry."""
        if self._columns is not None:
            c = self._columns
            if files and _same_run(c.stats, files):  # the usual no-op: one list comparison
                documents = len(files)
                if c.records:  # a JSON Lines file holds one document per record
                    paths = {f[0] for f in files}
                    documents += sum(len(k) - 1 for p, k in c.records.items() if p in paths)
                return [], documents
            known = {stat[0]: stat for stat in c.stats}
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

    def outdated(self, current: Collection[str]) -> dict[str, int]:
        """Sources whose reader signature is not one of ``current`` (this code's), with the
        number of documents each holds. When none is, costs one set of the signatures."""
        if self._columns is not None:
            c = self._columns
            old = set(c.readers).difference(current)
            if not old:
                return {}
            return {
                stat[0]: len(c.records[stat[0]]) if stat[0] in c.records else 1
                for stat, reader in zip(c.stats, c.readers, strict=True)
                if reader in old
            }
        return {
            path: len(e.keys) if e.keys is not None else 1
            for path, e in self._sources.items()
            if e.reader not in current
        }

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


def _same_run(stats: list[FileStat], files: Sequence[FileStat]) -> bool:
    """Whether ``files`` appear in ``stats`` unchanged, together and in the same order."""
    try:
        start = stats.index(files[0])
    except ValueError:
        return False
    return stats[start : start + len(files)] == files


def manifest_path(index_dir: Path) -> Path:
    return index_dir / MANIFEST_NAME


def load_manifest(index_dir: Path) -> Manifest:
    """The saved manifest, or an empty one (generation -1) when missing, damaged or written in
    another version's format."""
    try:
        data = manifest_path(index_dir).read_bytes()
        magic, version, crc = _HEADER.unpack_from(data)
        payload = memoryview(data)[_HEADER.size :]
        if magic != _MAGIC or version not in _READ_VERSIONS or zlib.crc32(payload) != crc:
            return Manifest()
        columns = marshal.loads(payload)
        if version == 3:  # no reader signatures: unknown, so each file is re-read once
            columns = (*columns, [""] * len(columns[1]))
        generation, stats, sha256, records, readers = columns
        if not (
            isinstance(generation, int)
            and isinstance(stats, list)
            and isinstance(sha256, list)
            and len(sha256) == len(stats)
            and isinstance(records, dict)
            and isinstance(readers, list)
            and len(readers) == len(stats)
        ):
            return Manifest()
    except (OSError, ValueError, EOFError, TypeError, struct.error):
        return Manifest()
    manifest = Manifest(generation=generation)
    manifest._columns = _Columns(stats, sha256, records, readers)
    return manifest


def save_manifest(index_dir: Path, manifest: Manifest, *, order: Iterable[str] = ()) -> None:
    """Write atomically (temp file + rename), so a crash leaves the old or the new manifest.

    Sources come in ``order`` (the walk's), then the others: the next run's walk then finds its
    files in the same order, and :meth:`Manifest.compare` compares lists."""
    sources = manifest.sources
    ordered = {path: sources[path] for path in order if path in sources}
    if len(ordered) < len(sources):
        ordered.update((path, e) for path, e in sources.items() if path not in ordered)
    payload = marshal.dumps(
        (
            manifest.generation,
            [(path, e.size, e.mtime) for path, e in ordered.items()],
            [e.sha256 for e in ordered.values()],
            {path: e.keys for path, e in ordered.items() if e.keys is not None},
            [e.reader for e in ordered.values()],
        ),
        4,  # the format every Python 3 since 3.4 reads
    )
    target = manifest_path(index_dir)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(_HEADER.pack(_MAGIC, MANIFEST_VERSION, zlib.crc32(payload)))
        f.write(payload)
    os.replace(tmp, target)
    try:
        os.unlink(index_dir / OLD_MANIFEST_NAME)  # the JSON of versions 1 and 2, stale from now on
    except OSError:
        pass


def manifest_from_index(ix: Any) -> Manifest:
    """Rebuild the manifest from stored fields (after a run died between commit and save)."""
    from .schema import stored_meta  # Whoosh: only when the manifest must be rebuilt

    manifest = Manifest(generation=ix.latest_generation())
    with ix.reader() as reader:
        for stored in reader.all_stored_fields():
            meta = stored_meta(stored)
            key, path = stored["key"], stored.get("path") or stored["key"]
            entry = manifest.sources.get(path)
            reader = meta.get("reader", "")  # not stored before reader versions: unknown
            if key == path:
                size, mtime = meta.get("size", -1), meta.get("mtime", -1.0)
                manifest.sources[path] = SourceEntry(
                    size, mtime, meta.get("sha256", ""), None, reader
                )
            else:  # a record: the file hash is unknown; the file is re-read, compared by record
                if entry is None:
                    entry = manifest.sources[path] = SourceEntry(-1, -1.0, "", {}, reader)
                elif entry.reader != reader:  # read part-way by a newer reader: read it again
                    entry.reader = ""
                assert entry.keys is not None
                entry.keys[key] = meta.get("sha256", "")
    return manifest
