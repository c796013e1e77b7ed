"""Every Whoosh monkey patch and private-attribute use, in one place: what to check on the next
Whoosh upgrade.

- Patches, applied when this module is imported (by every module that opens an index): inlined
  posting lists read back as bytes, and the renamed ``W3TermInfo.set_inline`` restored.
- Memory-mapped reading (:class:`MappedStorage`: ``FileStorage._fpath``, ``StructFile.is_real``).
- Writer internals for committing segments written by worker processes
  (:func:`commit_with_segments`, :func:`finish_segment`, :func:`has_documents`,
  :func:`clean_unreferenced_files`).
- Reader internals for term-at-a-time scoring, suggestions and frequency tables
  (:func:`postings_matcher`, :func:`block_postings`, :func:`length_bytes`,
  :func:`fixed_column_bytes`, :func:`words_with_prefix`, :func:`field_term_records`), query
  internals (:func:`expanded_terms`, :func:`is_null_query`),
  and the record layouts ``ROW_LENGTHS`` and ``TERMINFO_STRUCT``.

Besides this module, ``index/segment.py`` (and its ``codec.py``) subclass Whoosh's writer internals
(``SegmentWriter``, ``W3PostingsWriter``, ``W3FieldWriter``): check it too (tests/test_segment.py
compares its segments with Whoosh's own, byte for byte). ``_imports.py`` trims what Whoosh
imports at start-up; it must run before Whoosh is imported, so it lives apart.
"""

from __future__ import annotations

import mmap
import os
from bisect import bisect_right
from collections.abc import Collection, Iterator
from itertools import accumulate
from typing import Any

from whoosh import index as windex
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3TermInfo, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashReader, _lengths
from whoosh.filedb.structfile import StructFile
from whoosh.matching import ListMatcher
from whoosh.query.qcore import _NullQuery

# The index name in every file name of an index folder (index/format.py's INDEX_NAME: tested).
DEFAULT_INDEX_NAME: str = windex._DEF_INDEX_NAME
# (key length, value length) before each record of a hash file; a term's W3TermInfo record.
ROW_LENGTHS: Any = _lengths
TERMINFO_STRUCT: Any = W3TermInfo._struct


# Patches ------------------------------------------------------------------------------------


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

# Whoosh writes every term's postings as a pickled, compressed block, even a term found in one
# document (most terms): ~40% of a commit. Its codec can store short posting lists inside the
# term's entry instead ("inlinelimit"), but the write path calls a method renamed to set_inlined;
# restore the name. Readers need nothing: the inlined form is part of the format they read.
if not hasattr(W3TermInfo, "set_inline"):
    W3TermInfo.set_inline = W3TermInfo.set_inlined


# Reading through memory maps ------------------------------------------------------------------


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


class MappedStorage(FileStorage):  # type: ignore[misc]
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


# Writing --------------------------------------------------------------------------------------


def segments(ix: Any) -> list[Any]:
    """The segments of the index's latest commit."""
    return list(ix._segments())


def commit_with_segments(writer: Any, mergetype: Any, new_segments: list[Any]) -> None:
    """Commit ``writer`` together with segments other writers finished (worker processes): what
    ``MpWriter(multisegment=True)`` does: merge policy, the writer's own segment, then one TOC."""
    final = writer._merge_segments(mergetype, None, None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc([*final, *new_segments])
    writer._finish()


def has_documents(writer: Any) -> bool:
    """Whether ``writer`` has added a document since it was opened."""
    return bool(writer._added)


def finish_segment(writer: Any) -> Any:
    """Close ``writer`` without a commit and return its finished segment (None if it wrote no
    document), for another process to commit with :func:`commit_with_segments`."""
    segment = writer._finalize_segment() if writer._added else None
    writer._finish()
    return segment


def clean_unreferenced_files(ix: Any) -> None:
    """Delete segment files no table of contents refers to (the caller holds the write lock)."""
    windex.clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())


# Reading --------------------------------------------------------------------------------------


def is_null_query(q: Any) -> bool:
    """True for Whoosh's ``NullQuery`` (what a query of only stop words parses to)."""
    return isinstance(q, _NullQuery)


def expanded_terms(q: Any, reader: Any) -> Iterator[Any]:
    """The index terms a wildcard or fuzzy query (``MultiTerm``) stands for."""
    return q._btexts(reader)  # type: ignore[no-any-return]


def term_infos(reader: Any) -> Any:
    """A segment reader's term table: ``term_info(fieldname, btext)`` without the reader's
    per-call checks."""
    return reader._terms


def postings_matcher(reader: Any, info: Any, fmt: Any) -> Any:
    """A matcher over one term's postings in a segment, from its term info."""
    return reader._codec.postings_reader(reader._terms._postfile, info, fmt)


def block_postings(
    m: Any, within: Collection[int] | None, keep_values: bool
) -> tuple[list[int], list[float], list[Any]] | None:
    """Document numbers, weights (and values) of a ``W3LeafMatcher``'s postings, a block at a
    time; with ``within``, blocks holding none of those documents are skipped unread (the block
    header has its last document). None when ``m`` is not a block matcher (postings inlined in
    the term info: read them through the matcher's public methods)."""
    if not isinstance(m, W3LeafMatcher):
        return None
    ids: list[int] = []
    weights: list[float] = []
    values: list[Any] = []
    wanted = sorted(within) if within is not None else None
    j = 0  # wanted[j] is the first wanted document past the blocks already read
    while m.is_active():
        if wanted is not None:
            if j == len(wanted):
                break
            if wanted[j] > m._maxid:  # in the block header: no need to unpickle
                m._next_block()
                continue
            j = bisect_right(wanted, m._maxid, j)
        if m._data is None:
            m._read_data()
        # Whoosh's _read_ids, with the delta decoding in C instead of a generator.
        ids.extend(accumulate(m._data[0]))
        if m._weights is None:
            m._read_weights()
        weights.extend(m._weights)
        if keep_values:
            if m._values is None:
                m._read_values()
            values.extend(m._values)
        m._next_block()
    return ids, weights, values


def fixed_column_bytes(column: Any, width: int) -> tuple[int, bytes]:
    """A fixed-width column reader's stored values in one read: (how many, their bytes). Raises
    AttributeError when ``column`` is not a plain fixed-width column (read it value by value)."""
    stored = column._count
    return stored, bytes(column._dbfile.get(column._basepos, stored * width))


def length_bytes(reader: Any, fieldname: str) -> bytes:
    """The segment's encoded field length of every document, one byte each, in one read."""
    doc_count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(doc_count)
    stored = bytes(column._dbfile.get(column._basepos, column._count))
    return stored + bytes(max(0, doc_count - len(stored)))


def words_with_prefix(
    leaf: Any, fieldname: str, prefix: bytes, shortest: int, longest: int
) -> Iterator[bytes]:
    """Each word of ``fieldname`` starting with ``prefix`` in a segment, ``shortest`` to
    ``longest`` bytes long, as ``leaf.expand_prefix`` gives them, read from the term file in one
    piece.

    The term file holds (key length, value length, key, value) records in key order, where a key
    is the field's number then the word. The words with the prefix are the records from the first
    key >= field + prefix to the first key >= the next prefix; Whoosh reads them a record at a time.
    """
    terms = getattr(leaf, "_terms", None)
    tindex = getattr(terms, "_tindex", None)
    if terms is None or not isinstance(tindex, OrderedHashReader):
        for btext in leaf.expand_prefix(fieldname, prefix):
            if shortest <= len(btext) <= longest:
                yield btext
        return
    found = _prefix_records(terms, fieldname, prefix)
    if found is None:
        return
    records, first = found
    unpack, size = _lengths.unpack_from, _lengths.size
    skip = len(first) - len(prefix)  # the field number
    shortest, longest = shortest + skip, longest + skip
    pos, stop = 0, len(records)
    while pos < stop:
        keylen, datalen = unpack(records, pos)
        if shortest <= keylen <= longest:
            key = records[pos + size : pos + size + keylen]
            if not key.startswith(first):  # past the prefix (the last records of the file)
                return
            yield key[skip:]
        pos += size + keylen + datalen


def field_term_records(terms: Any, fieldname: str) -> Iterator[tuple[bytes, bytes]]:
    """Each (term, term info bytes) of ``fieldname`` in a segment's term table (a
    ``W3TermsReader``, as ``codec.terms_reader`` opens it), in term order, read in one piece as
    :func:`words_with_prefix` does. Raises AttributeError for a table of another kind."""
    tindex = terms._tindex
    if not isinstance(tindex, OrderedHashReader):
        raise AttributeError("not an ordered hash table")
    found = _prefix_records(terms, fieldname, b"")
    if found is None:
        return
    records, first = found
    unpack, size = _lengths.unpack_from, _lengths.size
    skip = len(first)
    pos, stop = 0, len(records)
    while pos < stop:
        keylen, datalen = unpack(records, pos)
        key = records[pos + size : pos + size + keylen]
        if not key.startswith(first):
            return
        start = pos + size + keylen
        yield key[skip:], records[start : start + datalen]
        pos = start + datalen


def _prefix_records(terms: Any, fieldname: str, prefix: bytes) -> tuple[bytes, bytes] | None:
    """The term file's records whose keys start with ``fieldname`` + ``prefix`` (maybe a few
    more at the end: callers stop at the first key without that start), in one read, and that
    key start; None when the field or the prefix has no record."""
    tindex = terms._tindex
    if fieldname not in terms._fieldmap:
        return None
    first = terms._keycoder(fieldname, prefix)
    begin = tindex.closest_key_pos(first)
    if begin is None:
        return None
    after = _next_key(first)
    end = tindex.closest_key_pos(after) if after is not None else None
    records = tindex.dbfile.get(begin, (tindex.endofdata if end is None else end) - begin)
    return records, first


def _next_key(key: bytes) -> bytes | None:
    """The smallest byte string greater than every string starting with ``key``, if any."""
    stripped = key.rstrip(b"\xff")
    if not stripped:
        return None
    return stripped[:-1] + bytes([stripped[-1] + 1])
