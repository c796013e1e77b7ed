"""Open an index and describe it: the reading side, and all a search imports.

Writing is in :mod:`.sync`, which :func:`.run.index_paths` calls
when a run has something to write.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as windex

from corpus_search._whoosh import MappedStorage, segments
from corpus_search.config import resolve_index_dir
from corpus_search.errors import IndexCorruptError, IndexNotFoundError
from corpus_search.models import IndexedRoot, IndexInfo

from .format import SCHEMA_VERSION, alias_pickled_modules, check_schema_version, read_meta
from .roots import load_roots

alias_pickled_modules()

__all__ = ["Index", "index_info", "open_index"]


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
        return [(seg.segid, seg.doc_count()) for seg in segments(self._ix)]

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
            return MappedStorage(str(path)).open_index()
        except FileNotFoundError:  # the table of contents was replaced as it was read
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


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
        schema_version=int(read_meta(index.path).get("schema_version", SCHEMA_VERSION)),
        fields=tuple(ix.schema.names()),
        segments=len(segments(ix)),
        roots=tuple(
            IndexedRoot(r.path, r.include, r.exclude, os.path.exists(r.path))
            for r in load_roots(index.path)
        ),
    )
