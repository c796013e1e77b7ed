"""Open an index and describe it: the reading side, and all a search imports.

Writing is in :mod:`.sync`, which :func:`.run.index_paths` calls
when a run has something to write.
"""

from __future__ import annotations

import mmap
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.matching import ListMatcher

from corpus_search.config import SCHEMA_VERSION, read_meta, resolve_index_dir
from corpus_search.errors import IndexCorruptError, IndexNotFoundError
from corpus_search.index import schema
from corpus_search.models import IndexInfo

# Indexes written before the stage packages (#10) pickled their analyzer's stemmer as
# corpus_search.schema.stem_english: that name still resolves, so they open without a rebuild.
sys.modules.setdefault("corpus_search.schema", schema)

__all__ = ["Index", "check_schema_version", "index_info", "open_index"]


def _inlined_values_as_bytes(matcher_class: Any) -> None:
    """Inlined posting lists are read back through a ListMatcher, whose value for a posting
    without one is "" (Python 2's bytes), and merging segments asserts bytes: the first merge of
    small segments failed with "AssertionError: vbytes=''". Answer b"" instead."""
    value, all_items = matcher_class.value, matcher_class.all_items

    def bytes_value(self: Any) -> Any:
        v = value(self)
        return b"" if isinstance(v, str) else v

    def bytes_items(self: Any) -> Any:
        if not self._values:  # zip with an empty tuple would drop every posting
            return ((i, b"") for i in self._ids)
        return all_items(self)

    matcher_class.value, matcher_class.all_items = bytes_value, bytes_items


_inlined_values_as_bytes(ListMatcher)


class _MappedFile(StructFile):  # type: ignore[misc]
    """An index file read through a memory map. A search reads many small pieces at scattered
    offsets (term entries, block headers, posting blocks): through a buffered file each is a
    seek and a read, often a system call; from a map it is one slice (warm searches ~20% faster).
    """

    def __init__(self, mapped: mmap.mmap, name: str, **kwargs: Any) -> None:
        super().__init__(mapped, name=name, **kwargs)  # a map reads, seeks and closes like a file
        self.is_real = False  # so arrays are read with read(), not array.fromfile

    def get(self, position: int, length: int) -> bytes:
        return self.file[position : position + length]  # type: ignore[no-any-return]


class _MappedStorage(FileStorage):  # type: ignore[misc]
    """Whoosh's FileStorage, opening files for reading as memory maps where it can. Segment files
    never change once written, and on POSIX a commit may delete a mapped file safely."""

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if os.name == "posix":
            with open(self._fpath(name), "rb") as f:
                try:
                    mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                except ValueError:  # an empty file cannot be mapped
                    mapped = None
            if mapped is not None:
                return _MappedFile(mapped, name, **kwargs)
        return super().open_file(name, **kwargs)


class Index:
    """An open index: get one from :func:`open_index`, search it with :func:`search`."""

    def __init__(self, path: Path, whoosh_index: Any) -> None:
        self.path = path
        self._ix = whoosh_index
        self._reader: Any = None
        self._schema: Any = None
        # When set (a cluster worker's share, README "Scaling out"): searches score only these
        # segments, with the whole index's statistics (document count, frequencies, lengths).
        self.segments: frozenset[str] | None = None

    @property
    def whoosh(self) -> Any:
        """The underlying Whoosh index, for the index/search layer only."""
        return self._ix

    @property
    def schema(self) -> Any:
        """The Whoosh schema (read once: Whoosh's own ``schema`` property re-reads the TOC)."""
        if self._schema is None:
            self._schema = self._ix.schema
        return self._schema

    def searcher(self, **kwargs: Any) -> Any:
        """A Whoosh searcher on the latest commit. Its reader stays open between searches and is
        reopened only when a run committed since: opening one reads the table of contents and
        opens every segment's files, a third of a warm search. Closing the searcher leaves it."""
        from whoosh.searching import Searcher

        reader = self._reader
        if reader is None or reader.generation() != self._ix.latest_generation():
            # Not reader(reuse=...): Whoosh then also keeps the segments the commit merged away.
            self._reader = self._ix.reader()
            if reader is not None:
                reader.close()
        searcher = Searcher(self._reader, closereader=False, fromindex=self._ix, **kwargs)
        if self.segments is not None:
            only_segments(searcher, self.segments)
        return searcher

    def segment_sizes(self) -> list[tuple[str, int]]:
        """The latest commit's segments: (segment id, documents), in index order."""
        return [(seg.segid, seg.doc_count()) for seg in self._ix._segments()]

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._ix.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r})"


def only_segments(searcher: Any, segments: frozenset[str]) -> None:
    """Make ``searcher`` match and score only the documents of ``segments``, keeping the whole
    index's statistics: its leaves (what collectors and the term-at-a-time scorer walk) are cut
    down, while document counts, frequencies and field lengths still come from its full reader."""
    if searcher.is_atomic():
        return  # a one-segment index is always one task's whole share
    searcher.subsearchers = [
        (leaf, offset)
        for leaf, offset in searcher.subsearchers
        if leaf.reader().segment().segid in segments
    ]


def open_index(index_dir: str | os.PathLike[str] | None = None) -> Index:
    """Open an existing index (``index_dir``, else $CORPUS_SEARCH_INDEX, else ./.corpus-search)."""
    path = resolve_index_dir(index_dir)
    for attempt in range(3):
        try:
            # A commit in another process writes a new table of contents and then deletes the
            # old one: between Whoosh listing the folder and opening the file it can vanish.
            exists = windex.exists_in(str(path))
            break
        except FileNotFoundError:
            if attempt == 2:
                raise
    if not exists:
        raise IndexNotFoundError(f"No index at {path}. Build one with: corpus-search index PATH")
    check_schema_version(path)
    try:
        return Index(path, _open_dir(path))
    except Exception as e:  # Whoosh raises many types for a damaged index
        raise IndexCorruptError(
            f"Cannot read the index at {path} ({type(e).__name__}: {e}). "
            "Rebuild it with: corpus-search index --rebuild PATH"
        ) from e


def _open_dir(path: Path) -> Any:
    for attempt in range(3):
        try:
            return _MappedStorage(str(path)).open_index()
        except FileNotFoundError:  # the table of contents was replaced as it was read
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def check_schema_version(path: Path) -> None:
    """Raise IndexCorruptError, with the rebuild hint, unless this version wrote the index."""
    version = read_meta(path).get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexCorruptError(
            f"The index at {path} was built by a different corpus-search (schema {version}, "
            f"this version reads {SCHEMA_VERSION}). "
            "Rebuild it with: corpus-search index --rebuild PATH"
        )


def index_info(index: Index) -> IndexInfo:
    """Counts, size and freshness of an open index."""
    ix = index.whoosh
    size = sum(entry.stat().st_size for entry in os.scandir(index.path) if entry.is_file())
    with ix.reader() as reader:
        documents = reader.doc_count()
    return IndexInfo(
        index=str(index.path.resolve()),
        documents=documents,
        size_bytes=size,
        updated=datetime.fromtimestamp(ix.last_modified()),
        schema_version=SCHEMA_VERSION,
        fields=tuple(ix.schema.names()),
        segments=len(ix._segments()),
    )
