"""OpenDocument (ODT text, ODS spreadsheets, ODP presentations) to text, from ``content.xml``,
with title, creator and date from ``meta.xml``.

Paragraphs and headings become paragraphs; a table row (and a spreadsheet row) becomes one line
with its cells separated by `` | ``; footnotes follow the paragraph that cites them. Deleted
tracked changes and comments are left out.
"""

from __future__ import annotations

from typing import Any

from corpus_search.documents.container import (
    Container,
    first_text,
    iter_units,
    parse_small_xml,
)
from corpus_search.documents.extracted import Extracted
from corpus_search.documents.metadata import parse_date
from corpus_search.errors import DocumentError

__all__ = ["extract_odp", "extract_ods", "extract_odt", "extract_opendocument"]

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"

_P, _H = f"{_TEXT}p", f"{_TEXT}h"
_ROW, _CELL, _TABLE_EL = f"{_TABLE}table-row", f"{_TABLE}table-cell", f"{_TABLE}table"
_SPACE, _TAB, _LINE_BREAK = f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"
_NOTE, _NOTE_BODY, _NOTE_CITATION = f"{_TEXT}note", f"{_TEXT}note-body", f"{_TEXT}note-citation"
_SKIP = frozenset({f"{_TEXT}tracked-changes", f"{_OFFICE}annotation", f"{_TEXT}deletion"})
_UNITS = frozenset({_P, _H, _ROW})
_ENDS = frozenset({_TABLE_EL})
_KINDS = {"odt": "ODT", "ods": "ODS", "odp": "ODP"}


def extract_opendocument(data: bytes, *, max_chars: int, kind: str = "odt") -> Extracted:
    """The text and metadata of an ODT, ODS or ODP file (``kind``). Raises ``DocumentError``
    when it is damaged or a zip bomb."""
    name = _KINDS.get(kind, "OpenDocument")
    box = Container(data, name)
    if not box.has("content.xml"):
        raise DocumentError(f"damaged {name} container (no content.xml)")
    paragraphs: list[str] = []
    heading: str | None = None
    size = 0
    rows: list[str] = []
    with box.open("content.xml") as stream:
        for is_unit, elem in iter_units(
            stream, units=_UNITS, ends=_ENDS, skip=_SKIP, where=f"{name} content.xml"
        ):
            if not is_unit:
                if rows:
                    paragraphs.append("\n".join(rows))
                    rows = []
                continue
            notes: list[str] = []
            if elem.tag == _ROW:
                cells = [_text(c, notes).replace("\n", " ").strip() for c in _cells(elem)]
                line = " | ".join(c for c in cells if c)
                if line:
                    rows.append(line)
                    size += len(line)
            else:
                text = _text(elem, notes).strip()
                if text:
                    paragraphs.append(text)
                    size += len(text)
                    if heading is None and elem.tag == _H:
                        heading = " ".join(text.split())
            paragraphs.extend(notes)
            size += sum(map(len, notes))
            if size > max_chars:
                break
    if rows:
        paragraphs.append("\n".join(rows))
    title, author, date, warnings = _meta(box, name)
    return Extracted(
        text="\n\n".join(paragraphs),
        format=kind,
        title=title or heading,
        author=author,
        date=date,
        warnings=tuple(warnings),
    )


def extract_odt(data: bytes, *, max_chars: int) -> Extracted:
    """An OpenDocument text (``.odt``)."""
    return extract_opendocument(data, max_chars=max_chars, kind="odt")


def extract_ods(data: bytes, *, max_chars: int) -> Extracted:
    """An OpenDocument spreadsheet (``.ods``): each row one line."""
    return extract_opendocument(data, max_chars=max_chars, kind="ods")


def extract_odp(data: bytes, *, max_chars: int) -> Extracted:
    """An OpenDocument presentation (``.odp``)."""
    return extract_opendocument(data, max_chars=max_chars, kind="odp")


def _cells(row: Any) -> list[Any]:
    return [c for c in row.iter(_CELL) if next(c.iterancestors(_CELL), None) is None]


def _text(elem: Any, notes: list[str]) -> str:
    """Mixed content in document order: ``text:s`` spaces, tabs, line breaks; nested paragraphs
    on lines of their own; a footnote's body appended to ``notes`` instead of inline."""
    parts: list[str] = []
    _walk(elem, parts, notes)
    return "".join(parts)


def _walk(elem: Any, parts: list[str], notes: list[str]) -> None:
    if elem.text:
        parts.append(elem.text)
    for child in elem:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            pass
        elif tag == _SPACE:
            parts.append(" " * min(_count(child), 1000))
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _LINE_BREAK:
            parts.append("\n")
        elif tag == _NOTE:
            body = child.find(_NOTE_BODY)
            if body is not None:
                note = _text(body, notes).strip()
                if note:
                    notes.append(note)
        elif tag in (_P, _H):
            if parts:
                parts.append("\n")
            _walk(child, parts, notes)
        else:
            _walk(child, parts, notes)
        if child.tail:
            parts.append(child.tail)


def _count(space: Any) -> int:
    try:
        return max(int(space.get(f"{_TEXT}c", "1")), 1)
    except ValueError:
        return 1


def _meta(box: Container, name: str) -> tuple[str | None, str | None, Any, list[str]]:
    warnings: list[str] = []
    if not box.has("meta.xml"):
        return None, None, None, warnings
    try:
        root = parse_small_xml(box, "meta.xml")
    except DocumentError as e:
        warnings.append(f"{e}; metadata ignored")
        return None, None, None, warnings
    title = first_text(root, f"{_DC}title")
    author = first_text(root, f"{_DC}creator") or first_text(root, f"{_META}initial-creator")
    raw = first_text(root, f"{_META}creation-date") or first_text(root, f"{_DC}date")
    date = None
    if raw:
        date, warning = parse_date(raw)
        if warning:
            warnings.append(warning)
    return title, author, date, warnings
