"""DOCX (Word 2007 and later) to text: paragraphs, headings, tables, footnotes and endnotes, and
the core properties (title, creator, created date).

Read with the standard library's ``zipfile`` and lxml's streaming parser (both already needed),
through :mod:`~corpus_search.documents.container`'s limits; python-docx would add a dependency
that reads the whole tree into memory and has no footnotes. A table row becomes one line, its
cells separated by `` | ``; footnotes and endnotes follow the body, one paragraph each.
"""

from __future__ import annotations

import posixpath
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

__all__ = ["extract_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TR, _TC, _TBL = f"{_W}p", f"{_W}t", f"{_W}tr", f"{_W}tc", f"{_W}tbl"
_TAB, _BR, _CR = f"{_W}tab", f"{_W}br", f"{_W}cr"
# Equations (Office Math) keep their letters and numbers in m:t, as Word's own text export does.
_MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_NO_BREAK_HYPHEN, _SYM = f"{_W}noBreakHyphen", f"{_W}sym"
_P_STYLE, _VAL, _TYPE = f"{_W}pStyle", f"{_W}val", f"{_W}type"
_NOTES = (f"{_W}footnote", f"{_W}endnote")
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_CORE = "{http://purl.org/dc/elements/1.1/}"
_TERMS = "{http://purl.org/dc/terms/}"

_UNITS = frozenset({_P, _TR})
# A text box is stored twice: as DrawingML (mc:Choice) and as VML (mc:Fallback); read it once.
_SKIP = frozenset({"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"})
_TABLE_END = frozenset({_TBL})
# Text that is not part of the document as read: deleted revisions live in w:delText (never
# collected); field codes in w:instrText (never collected).


def extract_docx(data: bytes, *, max_chars: int) -> Extracted:
    """The text and core properties of a DOCX file. Raises ``DocumentError`` when it is damaged
    or a zip bomb."""
    box = Container(data, "DOCX")
    main = _main_part(box)
    paragraphs: list[str] = []
    heading: str | None = None
    size = 0
    truncated = False
    with box.open(main) as stream:
        row_lines: list[str] = []
        for is_unit, elem in iter_units(
            stream, units=_UNITS, ends=_TABLE_END, skip=_SKIP, where="DOCX"
        ):
            if not is_unit:  # a table ended: its rows make one paragraph
                if row_lines:
                    paragraphs.append("\n".join(row_lines))
                    row_lines = []
                continue
            if elem.tag == _TR:
                line = " | ".join(c for c in (_text(tc, " ") for tc in _cells(elem)) if c)
                if line:
                    row_lines.append(line)
                    size += len(line)
            else:
                text = _text(elem, "\n")
                if text.strip():
                    paragraphs.append(text)
                    size += len(text)
                    if heading is None and _is_heading(elem):
                        heading = " ".join(text.split())
            if size > max_chars:
                truncated = True
                break
        if row_lines:
            paragraphs.append("\n".join(row_lines))
    if not truncated:
        for name in _note_parts(box, main):
            paragraphs.extend(_notes(box, name))
    title, author, date, warnings = _core(box)
    return Extracted(
        text="\n\n".join(paragraphs),
        format="docx",
        title=title or heading,
        author=author,
        date=date,
        warnings=tuple(warnings),
    )


def _text(elem: Any, paragraph_sep: str) -> str:
    """The text of a paragraph or cell, in document order; nested paragraphs (text boxes, cells)
    are separated by ``paragraph_sep``."""
    parts: list[str] = []
    for node in elem.iter():
        tag = node.tag
        if tag == _T or tag == _MATH_T:
            parts.append(node.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _P and node is not elem and parts:
            parts.append(paragraph_sep)
    return "".join(parts).strip()


def _cells(row: Any) -> list[Any]:
    """A row's own cells (a table nested in a cell is part of that cell's text)."""
    return [tc for tc in row.iter(_TC) if next(tc.iterancestors(_TC), None) is None]


def _is_heading(paragraph: Any) -> bool:
    style = paragraph.find(f"{_W}pPr/{_P_STYLE}")
    value = (style.get(_VAL) or "").lower() if style is not None else ""
    return value == "title" or value in ("heading1", "heading 1")


def _main_part(box: Container) -> str:
    """The main document part, as the package relationships name it (``word/document.xml``)."""
    if box.has("_rels/.rels"):
        root = parse_small_xml(box, "_rels/.rels")
        for rel in root.iter(_REL):
            if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT):
                target = (rel.get("Target") or "").lstrip("/")
                if box.has(target):
                    return target
    if box.has("word/document.xml"):
        return "word/document.xml"
    raise DocumentError("damaged DOCX container (no main document part)")


def _note_parts(box: Container, main: str) -> list[str]:
    folder = posixpath.dirname(main)
    names = (posixpath.join(folder, "footnotes.xml"), posixpath.join(folder, "endnotes.xml"))
    return [name for name in names if box.has(name)]


def _notes(box: Container, name: str) -> list[str]:
    """Each real footnote (or endnote) as one paragraph; the separator notes Word adds skipped."""
    out: list[str] = []
    with box.open(name) as stream:
        for _, note in iter_units(stream, units=frozenset(_NOTES), where=f"DOCX {name}"):
            if note.get(_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = _text(note, " ")
            if text:
                out.append(text)
    return out


def _core(box: Container) -> tuple[str | None, str | None, Any, list[str]]:
    """Title, creator and created (else modified) date from ``docProps/core.xml``."""
    warnings: list[str] = []
    if not box.has("docProps/core.xml"):
        return None, None, None, warnings
    try:
        root = parse_small_xml(box, "docProps/core.xml")
    except DocumentError as e:
        warnings.append(f"{e}; metadata ignored")
        return None, None, None, warnings
    title = first_text(root, f"{_CORE}title")
    author = first_text(root, f"{_CORE}creator")
    raw = first_text(root, f"{_TERMS}created") or first_text(root, f"{_TERMS}modified")
    date = None
    if raw:
        date, warning = parse_date(raw)
        if warning:
            warnings.append(warning)
    return title, author, date, warnings
