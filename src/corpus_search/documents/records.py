"""JSON Lines corpora: one document per line (BEIR ``corpus.jsonl`` and the like), maybe gzipped.

``iter_records`` streams a file line by line and yields a :class:`Document` per good record and a
:class:`Skipped` (``path`` = ``<file>:<line>``) per bad one, then carries on. Rules:

- Each line is a JSON object. Blank lines are ignored. Gzip is recognised by its magic bytes, so
  ``data.jsonl.gz``, ``data.json.gz`` and a misnamed file all work.
- The id (``id_key``, default ``_id``) must be a non-empty string or an integer with no whitespace
  (run files are whitespace-separated). It becomes ``doc_id``; the document key is
  ``<abs path>#<id>``.
- ``text`` may be missing or null (then empty) but must otherwise be a string; so must ``title``.
  A record whose title and text are both empty is skipped. A missing title falls back to the first
  words of the text, else the id.
- **Duplicate ids: the first record wins.** A later line with an id already seen is reported as
  ``Skipped`` ("duplicate id ..., first on line N"). The ids seen are kept in memory, the lines
  are not.
- ``size`` is the line's length in bytes and ``sha256`` the hash of the line (without its line
  end), so the incremental index can tell a changed record from an unchanged one. ``mtime`` is the
  file's.
- A file that cannot be opened or is corrupt (e.g. a truncated gzip stream) raises
  :class:`InputError`; the records already yielded stand.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast

from corpus_search.config import MAX_BODY_CHARS, quotations_enabled
from corpus_search.documents.quotations import find_quotations
from corpus_search.documents.versions import reader_signature
from corpus_search.errors import InputError
from corpus_search.models import Document, Skipped

RECORD_SUFFIXES: tuple[str, ...] = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")

_GZIP_MAGIC = b"\x1f\x8b"
_TITLE_WORDS = 12
_TITLE_CHARS = 80
_WHITESPACE = re.compile(r"\s")


def is_records_file(path: str | os.PathLike[str]) -> bool:
    """True if the name says JSON Lines: ``.jsonl``, ``.ndjson``, each maybe ``.gz``."""
    return os.fspath(path).lower().endswith(RECORD_SUFFIXES)


def open_maybe_gzip(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open ``path`` for binary reading, through gzip if it starts with the gzip magic bytes."""
    try:
        with open(path, "rb") as probe:
            magic = probe.read(2)
        if magic == _GZIP_MAGIC:
            return cast(IO[bytes], gzip.open(path, "rb"))
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"No such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from None


def iter_records(
    path: str | os.PathLike[str],
    *,
    id_key: str = "_id",
    title_key: str = "title",
    text_key: str = "text",
    author_key: str | None = None,
    date_key: str | None = None,
    tags_key: str | None = None,
) -> Iterator[Document | Skipped]:
    """Yield a Document for each good line of a JSON Lines file and a Skipped for each bad one.

    Streams: memory use does not grow with the file, apart from the set of ids seen.
    Example: ``for item in iter_records("corpus.jsonl.gz"): ...``
    """
    from corpus_search.documents.sanitize import (  # lazy: keeps import time low
        clean_line,
        clean_text,
    )

    # os.path.abspath, not resolve(): the same spelling as the directory walk, so keys match.
    abs_path = Path(os.path.abspath(os.fspath(path))).as_posix()
    try:
        mtime = os.stat(abs_path).st_mtime
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from None
    seen: dict[str, int] = {}
    first = True
    with open_maybe_gzip(abs_path) as stream:
        for lineno, raw in _numbered_lines(stream, abs_path):
            line = raw.rstrip(b"\r\n")
            if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            if first and line.lstrip().startswith(b"["):
                raise InputError(
                    f"{abs_path} looks like a JSON array, not JSON Lines (one object per line). "
                    "Convert it with: jq -c '.[]' FILE > FILE.jsonl"
                )
            first = False
            where = f"{abs_path}:{lineno}"
            try:
                fields = _parse_record(
                    line,
                    id_key=id_key,
                    title_key=title_key,
                    text_key=text_key,
                    author_key=author_key,
                    date_key=date_key,
                    tags_key=tags_key,
                )
            except _BadRecord as bad:
                yield Skipped(path=where, reason=str(bad))
                continue
            doc_id = fields.doc_id
            if doc_id in seen:
                yield Skipped(
                    path=where, reason=f"duplicate id {doc_id!r} (first on line {seen[doc_id]})"
                )
                continue
            seen[doc_id] = lineno
            text = clean_text(fields.text)
            title = clean_line(fields.title)
            if not text and not title:
                yield Skipped(path=where, reason=f"record {doc_id!r} has no text and no title")
                continue
            truncated = len(text) > MAX_BODY_CHARS
            if truncated:
                text = text[:MAX_BODY_CHARS]
            yield Document(
                key=f"{abs_path}#{doc_id}",
                title=title or _fallback_title(text, doc_id),
                text=text,
                path=abs_path,
                doc_id=doc_id,
                author=clean_line(fields.author) or None if fields.author else None,
                date=fields.date,
                date_source="record" if fields.date is not None else None,
                tags=fields.tags,
                size=len(line),
                mtime=mtime,
                sha256=hashlib.sha256(line).hexdigest(),
                encoding="utf-8",
                format="text",
                warnings=fields.warnings,
                truncated=truncated,
                quotations=find_quotations(text) if quotations_enabled() else (),
                reader=reader_signature("records"),
            )


def _numbered_lines(stream: IO[bytes], where: str) -> Iterator[tuple[int, bytes]]:
    """Lines numbered from 1; a corrupt or truncated stream becomes an InputError."""
    lineno = 0
    try:
        for lineno, raw in enumerate(stream, start=1):  # noqa: B007 - lineno is used in the handler
            yield lineno, raw
    except (EOFError, gzip.BadGzipFile, OSError, ValueError) as exc:
        raise InputError(
            f"{where} is corrupt after line {lineno}: {exc}. Re-download or re-compress it."
        ) from None


class _BadRecord(Exception):
    """A line that cannot become a document; the message is the reason."""


class _Fields:
    __slots__ = ("doc_id", "title", "text", "author", "date", "tags", "warnings")

    def __init__(
        self,
        doc_id: str,
        title: str,
        text: str,
        author: str | None,
        date: datetime | None,
        tags: tuple[str, ...],
        warnings: tuple[str, ...],
    ) -> None:
        self.doc_id = doc_id
        self.title = title
        self.text = text
        self.author = author
        self.date = date
        self.tags = tags
        self.warnings = warnings


def _parse_record(
    line: bytes,
    *,
    id_key: str,
    title_key: str,
    text_key: str,
    author_key: str | None,
    date_key: str | None,
    tags_key: str | None,
) -> _Fields:
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadRecord(f"not UTF-8 (byte {exc.start})") from None
    try:
        record: Any = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise _BadRecord(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise _BadRecord(f"expected a JSON object, got {_json_type(record)}")
    doc_id = _record_id(record, id_key)
    text = _optional_str(record, text_key)
    title = _optional_str(record, title_key)
    warnings: list[str] = []
    author = (_optional_str(record, author_key) or None) if author_key else None
    date = _record_date(record, date_key, warnings) if date_key else None
    tags = _record_tags(record, tags_key) if tags_key else ()
    return _Fields(doc_id, title, text, author, date, tags, tuple(warnings))


def _record_id(record: dict[str, Any], id_key: str) -> str:
    if id_key not in record:
        raise _BadRecord(f"no {id_key!r} key (set the id key with --id-key)")
    value = record[id_key]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _BadRecord(f"{id_key!r} must be a string or an integer, got {_json_type(value)}")
    doc_id = str(value).strip()
    if not doc_id:
        raise _BadRecord(f"{id_key!r} is empty")
    if _WHITESPACE.search(doc_id):
        raise _BadRecord(f"{id_key!r} {doc_id!r} contains whitespace")
    return doc_id


def _optional_str(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _BadRecord(f"{key!r} must be a string, got {_json_type(value)}")
    return value


def _record_date(record: dict[str, Any], key: str, warnings: list[str]) -> datetime | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        warnings.append(f"{key!r} is not a date string; ignored")
        return None
    from dateutil import parser as date_parser  # lazy: only when a date key is mapped

    try:
        return date_parser.parse(value)
    except (ValueError, OverflowError):
        warnings.append(f"{key!r} {value!r} is not a date; ignored")
        return None


def _record_tags(record: dict[str, Any], key: str) -> tuple[str, ...]:
    value = record.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
    else:
        raise _BadRecord(f"{key!r} must be a string or a list of strings")
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))


def _fallback_title(text: str, doc_id: str) -> str:
    """The first words of the text (up to about 80 characters), else the id."""
    words = text.split()[:_TITLE_WORDS]
    title = ""
    for word in words:
        candidate = f"{title} {word}" if title else word
        if len(candidate) > _TITLE_CHARS:
            break
        title = candidate
    if not title:
        return doc_id
    return title if len(title.split()) == len(text.split()) else title + "…"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
