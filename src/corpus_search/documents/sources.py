"""Turn one found source file into documents: read, hash, and parse only when the content changed.

Runs in worker processes during indexing, so everything here takes and returns picklable values.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from corpus_search.config import EMPTY_FILE, MAX_FILE_BYTES
from corpus_search.errors import DocumentError, InputError
from corpus_search.models import Document, FoundFile, Skipped

from . import deadline
from .records import is_records_file
from .versions import reader_signature


@dataclass(frozen=True)
class RecordKeys:
    """Which JSON keys of a JSON Lines record hold the id, title and text (BEIR's by default)."""

    id_key: str = "_id"
    title_key: str = "title"
    text_key: str = "text"


DEFAULT_RECORD_KEYS = RecordKeys()


@dataclass
class LoadedSource:
    """The outcome of loading one source file."""

    found: FoundFile
    sha256: str = ""
    unchanged: bool = False  # same content hash as last time: nothing to re-index
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # the file itself, or bad records
    is_records: bool = False  # JSON Lines or mbox: the caller streams it with iter_record_source
    written: bool = False  # documents already written to an index segment (text dropped)
    reader: str = ""  # the reader signature of its documents (documents.versions)


# Files that hold many documents, each compared on its own on re-runs: JSON Lines records and
# the messages of an mbox.
MBOX_SUFFIXES = (".mbox",)


def holds_many_documents(path: str) -> bool:
    """JSON Lines (records) or an mbox (messages): streamed, and compared document by document."""
    return is_records_file(path) or path.lower().endswith(MBOX_SUFFIXES)


def many_documents_reader(path: str) -> str:
    """The reader signature of the documents of a file that holds many (records or messages)."""
    return reader_signature("email" if path.lower().endswith(MBOX_SUFFIXES) else "records")


def load_source(
    found: FoundFile, known_sha256: str | None, record_keys: RecordKeys
) -> LoadedSource:
    """Read ``found``; when its hash equals ``known_sha256`` report it unchanged without parsing."""
    result = LoadedSource(found, is_records=holds_many_documents(found.path))
    try:
        if result.is_records:
            data = b""
            result.sha256 = _hash_file(found.path)
        else:
            with open(found.path, "rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
            result.sha256 = hashlib.sha256(data).hexdigest()
    except OSError as e:
        result.skipped.append(Skipped(found.path, f"cannot read: {e.strerror or e}"))
        return result
    if result.is_records and result.sha256 == _EMPTY_SHA256:
        # As parse_document says of every other empty file; no hash: nothing is recorded.
        result.skipped.append(Skipped(found.path, EMPTY_FILE))
        result.sha256 = ""
        return result
    if result.sha256 == known_sha256:
        result.unchanged = True
    if result.is_records:
        result.reader = many_documents_reader(found.path)
    if result.unchanged or result.is_records:
        return result
    from corpus_search.documents import parse_document

    try:
        with deadline.time_limit(deadline.MAX_PARSE_SECONDS):
            doc = parse_document(
                data[:MAX_FILE_BYTES],
                key=found.path,
                path=found.path,
                size=found.size,
                mtime=found.mtime,
                name_hint=found.path,
            )
    except deadline.ParseTimeout as e:
        result.skipped.append(Skipped(found.path, f"{e}: skipped (a parser bug: please report)"))
        return result
    except DocumentError as e:
        result.skipped.append(Skipped(found.path, str(e)))
        return result
    except Exception as e:  # a parser bug on one hostile file must not stop the run
        result.skipped.append(Skipped(found.path, f"cannot parse: {type(e).__name__}: {e}"))
        return result
    if len(data) > MAX_FILE_BYTES and not doc.truncated:
        doc = _mark_truncated(doc)
    result.documents.append(doc)
    result.reader = doc.reader
    return result


_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _mark_truncated(doc: Document) -> Document:
    from dataclasses import replace

    return replace(doc, truncated=True)


def _hash_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def iter_record_source(found: FoundFile, record_keys: RecordKeys) -> Iterator[Document | Skipped]:
    """Stream a JSON Lines file's records or an mbox's messages (never all in memory); a read
    failure is one Skipped."""
    from .records import iter_records

    try:
        if found.path.lower().endswith(MBOX_SUFFIXES):
            from .mail import iter_mbox

            yield from _each_in_time(iter_mbox(found.path))
            return
        yield from _each_in_time(
            iter_records(
                found.path,
                id_key=record_keys.id_key,
                title_key=record_keys.title_key,
                text_key=record_keys.text_key,
            )
        )
    except deadline.ParseTimeout as e:
        # The interrupted generator cannot go on: the records before stand, the rest are skipped.
        yield Skipped(found.path, f"a record {e}: the rest of the file skipped (a parser bug)")
    except (DocumentError, InputError, OSError, EOFError) as e:
        # The records already yielded stand; the caller keeps the rest of what it had indexed.
        yield Skipped(found.path, f"cannot read records: {e}")


def _each_in_time(items: Iterator[Document | Skipped]) -> Iterator[Document | Skipped]:
    """``items``, each read within the time limit (the caller's loop is not timed)."""
    while True:
        with deadline.time_limit(deadline.MAX_PARSE_SECONDS):
            item = next(items, None)
        if item is None:
            return
        yield item
