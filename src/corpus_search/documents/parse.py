"""One file's bytes to a ``Document``: decode, front matter, format, clean, metadata, limits."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from corpus_search.config import (
    EMPTY_FILE,
    MAX_BODY_CHARS,
    MAX_FILE_BYTES,
    quotations_enabled,
)
from corpus_search.documents.dateline import dateline
from corpus_search.documents.decode import decode_bytes
from corpus_search.documents.extracted import Extracted
from corpus_search.documents.front_matter import split_front_matter
from corpus_search.documents.html import HtmlMeta, html_to_text, looks_like_html
from corpus_search.documents.markdown import (
    first_heading,
    has_markdown_name,
    looks_like_markdown,
    markdown_to_text,
)
from corpus_search.documents.metadata import (
    as_tags,
    as_text,
    heading_line,
    parse_date,
    short_sentence,
)
from corpus_search.documents.quotations import find_quotations
from corpus_search.documents.sanitize import clean_line, clean_text
from corpus_search.documents.sniff import detect_format, unsupported_format
from corpus_search.documents.versions import reader_signature
from corpus_search.errors import DocumentError, UnsupportedFormatError
from corpus_search.models import Document, FoundFile

__all__ = ["document_from_extracted", "parse_document", "read_document"]

# Formats read by an extractor module (imported only when a file of that format is read):
# format -> (module under corpus_search.documents, function).
EXTRACTORS: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "extract_pdf"),
    "docx": ("office", "extract_docx"),
    "odt": ("opendocument", "extract_odt"),
    "ods": ("opendocument", "extract_ods"),
    "odp": ("opendocument", "extract_odp"),
    "epub": ("epub", "extract_epub"),
    "email": ("mail", "extract_email"),
    "mbox": ("mail", "extract_mbox"),
}

_TAG_KEYS = ("tags", "keywords", "categories", "category", "tag")
_READ_FACTOR = 4  # decoded characters looked at per body character kept


def read_document(
    found: FoundFile | str | Path,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_BODY_CHARS,
) -> Document:
    """Read and parse one file. Files over ``max_bytes`` are parsed up to it and marked truncated.

    Raises ``DocumentError`` if the file vanished, cannot be read or cannot be parsed.
    """
    if isinstance(found, FoundFile):
        path = found.path
    else:
        path = Path(os.path.abspath(os.fspath(found))).as_posix()
    try:
        with open(path, "rb") as f:
            if isinstance(found, FoundFile):
                size, mtime = found.size, found.mtime  # the facts the index compares
            else:
                st = os.fstat(f.fileno())
                size, mtime = st.st_size, st.st_mtime
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise DocumentError("file vanished before it could be read") from None
    except PermissionError:
        raise DocumentError("permission denied") from None
    except IsADirectoryError:
        raise DocumentError("is a directory") from None
    except OSError as error:
        raise DocumentError(f"cannot read file: {(error.strerror or str(error)).lower()}") from None

    cut = len(data) > max_bytes
    if cut:
        data = _cut_bytes(data, max_bytes)
    doc = parse_document(
        data,
        key=path,
        path=path,
        size=size,
        mtime=mtime,
        name_hint=os.path.basename(path),
        max_chars=max_chars,
    )
    return dataclasses.replace(doc, truncated=True) if cut else doc


def _cut_bytes(data: bytes, limit: int) -> bytes:
    # Cut at the last ASCII whitespace so a multi-byte UTF-8 character is never split
    # (ASCII bytes never occur inside one).
    head = data[:limit]
    for index in range(len(head) - 1, max(len(head) - 4096, 0) - 1, -1):
        if head[index] in b" \t\n\r":
            return head[:index]
    return head


def parse_document(
    data: bytes,
    *,
    key: str,
    path: str = "",
    size: int | None = None,
    mtime: float = 0.0,
    name_hint: str = "",
    max_chars: int = MAX_BODY_CHARS,
) -> Document:
    """Parse a file's bytes into a ``Document``. Pure: safe to run in a worker process.

    The format ("text", "html" or "markdown") is chosen by content, with ``name_hint`` (a file
    name) only used to recognise Markdown. Metadata comes from, in order: YAML front matter; HTML
    ``<title>``/``<meta>``; the first Markdown heading; the first line if it reads like a heading;
    the first sentence; the file name. When no source gives a date, a dateline near the top of
    the body is used (see :mod:`corpus_search.documents.dateline`); ``date_source`` says which
    gave the date. Raises ``DocumentError`` for empty ("empty file"), binary or undecodable data,
    ``UnsupportedFormatError`` (a ``DocumentError``) for a known format no extractor reads.

    PDF, DOCX, OpenDocument, EPUB, e-mail and mbox are recognised by content too (whatever the
    name) and read by their extractor module (see ``EXTRACTORS``).
    """
    if not data:
        raise DocumentError(EMPTY_FILE)
    sha256 = hashlib.sha256(data).hexdigest()
    sniffed = detect_format(data)
    if sniffed is not None and sniffed in EXTRACTORS:
        module, function = EXTRACTORS[sniffed]
        extract = getattr(import_module(f"corpus_search.documents.{module}"), function)
        return document_from_extracted(
            extract(data, max_chars=max_chars),
            key=key,
            path=path,
            size=len(data) if size is None else size,
            mtime=mtime,
            sha256=sha256,
            name_hint=name_hint or key,
            max_chars=max_chars,
        )
    kind = unsupported_format(data)
    if kind is not None:
        raise UnsupportedFormatError(f"not a supported format ({kind})")
    text, encoding = decode_bytes(data)
    # Cleaning costs time in proportion to the input, so look at no more than a generous multiple
    # of the body limit (markup and whitespace shrink when cleaned); a longer text is flagged.
    read_limit = max_chars * _READ_FACTOR + 65_536
    cut_early = len(text) > read_limit
    if cut_early:
        text = text[:read_limit]
    # Normalise line ends and drop NULs (from UTF-16/32) before anything looks at the structure.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").lstrip("\ufeff")

    front, body, warnings = split_front_matter(text)
    html_meta = HtmlMeta()
    md_title: str | None = None
    if looks_like_html(body, document_only=has_markdown_name(name_hint)):
        fmt = "html"
        body, html_meta = html_to_text(body)
    elif looks_like_markdown(body, name_hint):
        fmt = "markdown"
        md_title = first_heading(body)
        body = markdown_to_text(body)
    else:
        fmt = "text"
    body = clean_text(body)

    truncated = cut_early or len(body) > max_chars
    if len(body) > max_chars:
        body = _cut_text(body, max_chars)

    title = _title(front, html_meta, md_title, body, name_hint or key, warnings)
    author = as_text(front.get("author") if front.get("author") is not None else html_meta.author)
    date, date_source = _date(front, html_meta, body, warnings)
    tag_values = [front[k] for k in _TAG_KEYS if front.get(k) is not None] + html_meta.keywords
    return Document(
        key=key,
        title=title,
        text=body,
        path=path,
        author=author,
        date=date,
        date_source=date_source,
        tags=as_tags(tag_values),
        size=len(data) if size is None else size,
        mtime=mtime,
        sha256=sha256,
        encoding=encoding,
        format=fmt,
        warnings=tuple(warnings),
        truncated=truncated,
        quotations=find_quotations(body) if quotations_enabled() else (),
        reader=reader_signature(fmt),
    )


def document_from_extracted(
    extracted: Extracted,
    *,
    key: str,
    path: str = "",
    doc_id: str = "",
    size: int,
    mtime: float,
    sha256: str,
    name_hint: str,
    max_chars: int = MAX_BODY_CHARS,
) -> Document:
    """A ``Document`` from what an extractor returned: the text cleaned and cut to ``max_chars``
    (then flagged truncated); the title, when the format has none, from the text as for plain
    text files; the date, when it has none, from a dateline in the text.

    Text with pages (a PDF) is already cleaned page by page by its extractor, so that the page
    starts are offsets into the final text: it is not cleaned again.
    """
    body = extracted.text if extracted.pages else clean_text(extracted.text)
    truncated = len(body) > max_chars
    if truncated:
        body = _cut_text(body, max_chars)
    pages = extracted.pages
    if truncated:  # pages that start past the cut were not indexed
        pages = tuple(p for p in pages if p < len(body) or p == 0)
    title = (
        clean_line(extracted.title or "")
        or heading_line(body)
        or short_sentence(body)
        or clean_line(os.path.basename(name_hint))
    )
    warnings = list(extracted.warnings)
    date, date_source = extracted.date, "properties"
    if date is None:
        date = dateline(body)
        date_source = "dateline"
    if not body:
        warnings.append(f"no text found in this {extracted.format} file")
    return Document(
        key=key,
        title=title,
        text=body,
        path=path,
        doc_id=doc_id,
        pages=pages,
        author=clean_line(extracted.author or "") or None,
        date=date,
        date_source=date_source if date is not None else None,
        size=size,
        mtime=mtime,
        sha256=sha256,
        encoding="utf-8",
        format=extracted.format,
        warnings=tuple(warnings),
        truncated=truncated,
        attachments=tuple(a for a in map(clean_line, extracted.attachments) if a),
        quotations=find_quotations(body) if quotations_enabled() else (),
        reader=reader_signature(extracted.format),
    )


def _cut_text(body: str, limit: int) -> str:
    head = body[:limit]
    boundary = max(head.rfind(" "), head.rfind("\n"))
    # Only back up to a space if one is reasonably near; a 10 MB word is cut where it is.
    return (head[:boundary] if boundary > max(limit - 1000, 0) else head).rstrip()


def _title(
    front: dict[str, Any],
    html_meta: HtmlMeta,
    md_title: str | None,
    body: str,
    fallback: str,
    warnings: list[str],
) -> str:
    value = front.get("title")
    if value is not None:
        if isinstance(value, str):
            title = clean_line(value)
        elif isinstance(value, (int, float, bool)) or hasattr(value, "isoformat"):
            title = clean_line(str(value))
            warnings.append(f"front matter title is a {type(value).__name__}; used it as text")
        else:
            title = ""
            warnings.append(f"front matter title is a {type(value).__name__}, not text; ignored it")
        if title:
            return title
    for candidate in (html_meta.title, html_meta.h1, md_title):
        if candidate and clean_line(candidate):
            return clean_line(candidate)
    return heading_line(body) or short_sentence(body) or clean_line(os.path.basename(fallback))


def _date(
    front: dict[str, Any], html_meta: HtmlMeta, body: str, warnings: list[str]
) -> tuple[datetime | None, str | None]:
    """The date and its source: "front_matter", "html_meta" or "dateline" (DATE_SOURCES)."""
    if front.get("date") is not None:
        raw, source = front["date"], "front_matter"
    else:
        raw, source = html_meta.date, "html_meta"
    if raw is not None:
        date, warning = parse_date(raw)
        if warning:
            warnings.append(warning)
        if date is not None:
            return date, source
    date = dateline(body)
    return date, "dateline" if date is not None else None
