"""PDF to text, page by page, with PDFium (pypdfium2): chosen by measurement (README "PDF").

Each page's text is extracted in reading order, cleaned on its own, and the pages are joined with
a blank line between them; ``Extracted.pages`` holds the offset in the text where each page
starts, so an offset found by a search maps back to its page. The metadata comes from the
document information dictionary (``/Title``, ``/Author``, ``/CreationDate``), and from the XMP
packet for what that lacks. pypdfium2 is imported only when a PDF is read.

Bad files raise ``DocumentError`` with the reason: a password ("encrypted: needs a password"),
no text on any page ("no text layer: needs OCR"), a damaged file PDFium cannot repair, or a
decompression bomb (found by :func:`check_streams` before PDFium inflates anything).
"""

from __future__ import annotations

import html
import re
import time
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from corpus_search.documents.extracted import Extracted
from corpus_search.documents.metadata import parse_date
from corpus_search.documents.sanitize import clean_line, clean_text
from corpus_search.errors import DocumentError

__all__ = ["MAX_INFLATED_BYTES", "MAX_SECONDS", "MAX_STREAM_BYTES", "check_streams", "extract_pdf"]

# A PDF with a compressed stream that inflates to more than MAX_STREAM_BYTES, or streams that
# inflate to more than MAX_INFLATED_BYTES in all, is refused as a decompression bomb: PDFium
# holds a page's whole content stream in memory (a 1 GB stream: 21 s and 2 GB), and nothing in
# its API stops it. Images are not counted (text extraction never decodes them). Real documents
# stay far below: the 2,415-page R reference manual inflates to 22 MB in all.
MAX_STREAM_BYTES = 128 * 1024 * 1024
MAX_INFLATED_BYTES = 512 * 1024 * 1024
# Stop reading pages after this long (a warning says where): bounds a file of many huge pages.
MAX_SECONDS = 60.0

# PDFium marks a hyphen that it took out at a line's end ("docu-" + "ment") with U+FFFE and
# joins the word; U+FFFF/U+0002 are other non-characters it can leave. Ligatures become letters
# so that "ﬁle" is found by "file".
_PDFIUM_MARKS = str.maketrans(
    {
        "\ufffe": "",
        "\uffff": "",
        "\x02": "",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
_PAGE_BREAK = "\n\n"

_PDF_DATE = re.compile(
    r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?"
)
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_ZLIB_HEADS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_IN_PIECE, _OUT_PIECE = 65536, 1 << 20


def extract_pdf(data: bytes, *, max_chars: int) -> Extracted:
    """Text per page, title, author and date of a PDF. Reads pages until the text is longer than
    ``max_chars`` (the caller cuts it and flags the document truncated) or ``MAX_SECONDS`` pass.

    Raises ``DocumentError`` for an encrypted, damaged, image-only (no text layer) or bomb PDF.
    """
    check_streams(data)
    import pypdfium2 as pdfium

    warnings: list[str] = []
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        repaired = _with_trailer(data) if code == _format_error() else None
        if repaired is None:
            raise DocumentError(_load_error(code, data)) from None
        try:
            doc = pdfium.PdfDocument(repaired)
        except pdfium.PdfiumError:
            raise DocumentError(_load_error(code, data)) from None
        warnings.append("damaged PDF (no trailer: truncated?): read what could be recovered")
    try:
        return _extract(doc, data, max_chars, warnings)
    finally:
        doc.close()


def _format_error() -> int:
    import pypdfium2.raw as pdfium_c

    return int(pdfium_c.FPDF_ERR_FORMAT)


# The last object that says it is the catalog (a later one replaces an earlier one).
_CATALOG = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*<<(?:(?!>>).){0,400}?/Type\s*/Catalog\b", re.S)


def _with_trailer(data: bytes) -> bytes | None:
    """A truncated PDF lost its cross-reference table and trailer at the end. If its catalog
    survived (in the clear, not in an object stream), append a trailer naming it: PDFium then
    rebuilds the table by scanning the objects that are left."""
    catalogs = list(_CATALOG.finditer(data, max(0, len(data) - 64 * 1024 * 1024)))
    if not catalogs:
        return None
    found = catalogs[-1]
    return data + b"\ntrailer\n<< /Root %s %s R >>\n%%%%EOF\n" % (found.group(1), found.group(2))


def _load_error(code: int | None, data: bytes) -> str:
    import pypdfium2.raw as pdfium_c

    truncated = b"%%EOF" not in data[-2048:]
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "encrypted: needs a password"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "encrypted with an unsupported security handler"
    if code == pdfium_c.FPDF_ERR_SUCCESS:
        return "PDF has no pages"
    return "damaged PDF: cannot be read" + (" (truncated: no %EOF at its end)" if truncated else "")


def _extract(doc: Any, data: bytes, max_chars: int, warnings: list[str]) -> Extracted:
    texts: list[str] = []
    starts: list[int] = []
    length = 0
    total = len(doc)
    deadline = time.monotonic() + MAX_SECONDS
    broken = 0
    for index in range(total):
        if length > max_chars:
            warnings.append(f"read {index} of {total} pages (body size limit)")
            break
        if time.monotonic() > deadline:
            warnings.append(f"read {index} of {total} pages (time limit of {MAX_SECONDS:g} s)")
            break
        try:
            text = _page_text(doc, index)
        except Exception:  # noqa: BLE001 - PdfiumError or a ctypes failure: one page is lost
            broken += 1
            text = ""
        starts.append(length + (len(_PAGE_BREAK) if texts else 0))
        if text:
            if texts:
                length += len(_PAGE_BREAK)
            texts.append(text)
            length += len(text)
    if broken:
        warnings.append(f"{broken} of {total} pages could not be read")
    if not texts:
        if broken:
            raise DocumentError(_load_error(None, data))
        raise DocumentError("no text layer: needs OCR")
    text = _PAGE_BREAK.join(texts)
    # A page with no text starts where the next text starts (or at the end): clamp.
    pages = tuple(min(s, len(text)) for s in starts)
    title, author, date = _metadata(doc, data, warnings)
    return Extracted(
        text=text,
        format="pdf",
        title=title,
        author=author,
        date=date,
        pages=pages,
        warnings=tuple(warnings),
    )


def _page_text(doc: Any, index: int) -> str:
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            raw: str = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    # Clean each page on its own (no repeated-paragraph dropping across pages): the offsets of
    # the joined text are then final, and a running header stays on every page it is printed on.
    return clean_text(raw.translate(_PDFIUM_MARKS), dedupe=False)


def _metadata(
    doc: Any, data: bytes, warnings: list[str]
) -> tuple[str | None, str | None, datetime | None]:
    try:
        info = doc.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - a damaged information dictionary: fall back to XMP
        info = {}
    xmp = _xmp(data)
    title = clean_line(info.get("Title", "")) or xmp.get("title")
    author = clean_line(info.get("Author", "")) or xmp.get("creator")
    date = None
    raw_date = info.get("CreationDate", "")
    if raw_date:
        date = pdf_date(raw_date)
        if date is None:
            warnings.append(f"unrecognised PDF date {raw_date[:40]!r}")
    if date is None and xmp.get("date"):
        date, warning = parse_date(xmp["date"])
        if warning:
            warnings.append(warning)
    return title or None, author or None, date


def pdf_date(text: str) -> datetime | None:
    """A PDF date (``D:YYYYMMDDHHmmSS+HH'mm'``, most parts optional) as naive UTC, or None."""
    match = _PDF_DATE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        value = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None
    if sign in ("+", "-"):
        offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
        zone = timezone(offset if sign == "+" else -offset)
        value = value.replace(tzinfo=zone).astimezone(timezone.utc).replace(tzinfo=None)
    return value


# XMP: the last packet in the file is the newest (an incremental update appends one). Packets
# are read by scanning, as the XMP specification allows; a compressed or encrypted one is not seen.
_XMP_PACKET = re.compile(rb"<x:xmpmeta\b.*?</x:xmpmeta>", re.S)
_XMP_FIELDS = {
    "title": re.compile(r"<dc:title\b[^>]*>.*?<rdf:li\b[^>]*>(.*?)</rdf:li>", re.S),
    "creator": re.compile(r"<dc:creator\b[^>]*>.*?<rdf:li\b[^>]*>(.*?)</rdf:li>", re.S),
}
_XMP_DATES = (
    re.compile(r"<xmp:CreateDate>([^<]*)</xmp:CreateDate>"),
    re.compile(r"\bxmp:CreateDate=[\"']([^\"']*)[\"']"),
    re.compile(r"<dc:date\b[^>]*>.*?<rdf:li\b[^>]*>(.*?)</rdf:li>", re.S),
)


def _xmp(data: bytes) -> dict[str, str]:
    packets = _XMP_PACKET.findall(data, 0, 64 * 1024 * 1024)
    if not packets:
        return {}
    packet = packets[-1][:1_000_000].decode("utf-8", "replace")
    found: dict[str, str] = {}
    for name, pattern in _XMP_FIELDS.items():
        match = pattern.search(packet)
        if match:
            value = clean_line(html.unescape(match.group(1)))
            if value:
                found[name] = value
    for pattern in _XMP_DATES:
        match = pattern.search(packet)
        if match and match.group(1).strip():
            found["date"] = html.unescape(match.group(1)).strip()
            break
    return found


def check_streams(
    data: bytes, *, stream_limit: int | None = None, total_limit: int | None = None
) -> None:
    """Raise ``DocumentError`` if one deflated stream of the PDF inflates to more than
    ``stream_limit`` bytes, or all of them to more than ``total_limit`` (a stream deflated twice
    is followed into its second layer). Images are not counted: text extraction never decodes
    them. Inflates in bounded pieces, so neither time nor memory grows past the limits.
    The limits default to ``MAX_STREAM_BYTES`` and ``MAX_INFLATED_BYTES``."""
    stream_limit = MAX_STREAM_BYTES if stream_limit is None else stream_limit
    total_limit = MAX_INFLATED_BYTES if total_limit is None else total_limit
    view = memoryview(data)
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        if data[start : start + 2] not in _ZLIB_HEADS:
            continue
        if _IMAGE.search(data, max(match.start() - 512, 0), match.start()):
            continue
        size = 0
        for piece in _inflated_sizes(view, start):
            size += piece
            if size > stream_limit or total + size > total_limit:
                limit = stream_limit if size > stream_limit else total_limit
                raise DocumentError(
                    f"PDF bomb: its streams inflate to more than {limit // (1024 * 1024)} MB; "
                    "not read"
                )
        total += size


def _inflated_sizes(data: memoryview, start: int) -> Iterator[int]:
    """Sizes of the pieces one zlib stream at ``start`` inflates to, in order (and of a second
    zlib layer inside it). Stops at the stream's end or at the first corrupt byte."""
    outer = zlib.decompressobj()
    inner: Any = None
    position = start
    try:
        while not outer.eof and position < len(data):
            chunk = outer.decompress(data[position : position + _IN_PIECE], _OUT_PIECE)
            position += _IN_PIECE
            while True:
                yield len(chunk)
                if inner is None and len(chunk) >= 2:
                    inner = zlib.decompressobj() if chunk[:2] in _ZLIB_HEADS else False
                if inner:
                    yield from _layer(inner, chunk)
                if not outer.unconsumed_tail or outer.eof:
                    break
                chunk = outer.decompress(outer.unconsumed_tail, _OUT_PIECE)
    except zlib.error:
        return


def _layer(inner: Any, chunk: bytes) -> Iterator[int]:
    if inner.eof:
        return
    try:
        out = inner.decompress(chunk, _OUT_PIECE)
        yield len(out)
        while inner.unconsumed_tail and not inner.eof:
            out = inner.decompress(inner.unconsumed_tail, _OUT_PIECE)
            yield len(out)
    except zlib.error:
        return
