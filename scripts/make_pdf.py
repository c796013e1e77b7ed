"""A small PDF writer for tests and benchmarks: pages of text at known places, metadata, XMP,
image-only pages, RC4 password protection and decompression bombs. Standard library only.

Text is set in the standard Helvetica font (WinAnsi, so Latin-1 characters only), one text
object per line, so that what each page says, and in which order, is known exactly.

    python scripts/make_pdf.py out.pdf "first page text" "second page text"
"""

from __future__ import annotations

import hashlib
import struct
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Line", "Page", "bomb_page", "layout", "make_pdf", "pdf_date"]

PAGE_WIDTH, PAGE_HEIGHT = 612, 792
_PAD = bytes.fromhex(
    "28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A"
)  # the password padding string of the PDF standard security handler


@dataclass(frozen=True)
class Line:
    """One line of text drawn with its left end at (x, y), y counted from the page's bottom."""

    x: float
    y: float
    text: str
    size: float = 11.0


@dataclass(frozen=True)
class Page:
    """A page: its lines of text, and optionally a grey image covering it (a "scan")."""

    lines: tuple[Line, ...] = ()
    image: bool = False
    raw_content: bytes | None = None  # a content stream to use instead of the lines
    deflated: bytes | None = None  # an already compressed content stream (bombs)


@dataclass
class _Writer:
    compress: bool = True
    key: bytes | None = None
    objects: list[bytes] = field(default_factory=list)

    def reserve(self) -> int:
        self.objects.append(b"")
        return len(self.objects)

    def put(self, number: int, body: bytes) -> None:
        self.objects[number - 1] = body

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def seal(self, number: int, data: bytes) -> bytes:
        """Encrypt a string or stream of object ``number`` (RC4, algorithm 1), if encrypting."""
        if self.key is None:
            return data
        digest = hashlib.md5(self.key + struct.pack("<I", number)[:3] + b"\x00\x00").digest()
        return _rc4(digest[: min(len(self.key) + 5, 16)], data)

    def string(self, number: int, text: str) -> bytes:
        data = self.seal(number, _text_bytes(text))
        return b"<" + data.hex().encode() + b">"

    def stream(
        self,
        number: int,
        data: bytes,
        extra: bytes = b"",
        *,
        compress: bool | None = None,
        deflated: bool = False,
    ) -> bytes:
        filters = b" /Filter /FlateDecode" if deflated else b""
        if not deflated and (self.compress if compress is None else compress):
            data = zlib.compress(data, 9)
            filters = b" /Filter /FlateDecode"
        data = self.seal(number, data)
        head = b"<< /Length %d%s %s>>" % (len(data), filters, extra)
        return head + b"\nstream\n" + data + b"\nendstream"


def _text_bytes(text: str) -> bytes:
    """A PDF text string: PDFDocEncoding (Latin-1 here) if it fits, else UTF-16BE with a BOM."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return b"\xfe\xff" + text.encode("utf-16-be")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray(len(data))
    i = j = 0
    for n, byte in enumerate(data):
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out[n] = byte ^ s[(s[i] + s[j]) & 0xFF]
    return bytes(out)


def pdf_date(when: datetime) -> str:
    """``D:YYYYMMDDHHmmSS`` plus the offset (``+01'00'``) when ``when`` has a time zone."""
    text = when.strftime("D:%Y%m%d%H%M%S")
    offset = when.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{text}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(page: Page) -> bytes:
    if page.raw_content is not None:
        return page.raw_content
    parts = []
    if page.image:
        parts.append(b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (PAGE_WIDTH, PAGE_HEIGHT))
    for line in page.lines:
        parts.append(
            b"BT /F1 %g Tf %g %g Td (%s) Tj ET" % (line.size, line.x, line.y, _escape(line.text))
        )
    return b"\n".join(parts)


def layout(
    paragraphs: Sequence[str],
    *,
    width: int = 70,
    columns: int = 1,
    hyphenate: Sequence[str] = (),
    top: float = 720,
    leading: float = 14,
) -> Page:
    """One page of ``paragraphs``, wrapped at ``width`` characters, in one or two columns.

    A word in ``hyphenate`` that meets a line's end is split there with a hyphen ("docu-" /
    "ment"), as typesetters do. Paragraphs are separated by an empty line.
    """
    rows: list[str] = []
    for paragraph in paragraphs:
        row = ""
        for word in paragraph.split():
            candidate = f"{row} {word}" if row else word
            if len(candidate) <= width:
                row = candidate
                continue
            if word in hyphenate and len(word) > 4:
                room = width - len(row) - 2  # the space and the hyphen
                if room >= 2:
                    row, word = f"{row} {word[:room]}-", word[room:]
            rows.append(row)
            row = word
        rows.append(row)
        rows.append("")
    rows.pop()
    per_column = max(1, -(-len(rows) // columns))
    lines = []
    gutter = (PAGE_WIDTH - 72) / columns
    for index, text in enumerate(rows):
        column, row_number = divmod(index, per_column)
        if text:
            lines.append(Line(72 + column * gutter, top - row_number * leading, text))
    return Page(tuple(lines))


def make_pdf(
    pages: Sequence[Page | str],
    *,
    title: str | None = None,
    author: str | None = None,
    created: datetime | None = None,
    xmp: dict[str, str] | None = None,
    compress: bool = True,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    """A complete PDF. A ``str`` page is laid out with :func:`layout`.

    ``xmp`` maps Dublin Core names ("title", "creator", "date") to values for an XMP packet.
    With ``owner_password`` (and ``user_password``, default empty) the file is encrypted with the
    40-bit RC4 standard security handler: an empty user password opens without asking.
    """
    w = _Writer(compress=compress)
    file_id = hashlib.md5(repr((title, author, len(pages))).encode()).digest()
    encrypt = b""
    if owner_password is not None or user_password is not None:
        user = _padded(user_password or "")
        owner_key = hashlib.md5(_padded(owner_password or user_password or "")).digest()[:5]
        o_value = _rc4(owner_key, user)
        permissions = -44  # printing and copying allowed, no changes: a typical "owner-only" PDF
        w.key = hashlib.md5(user + o_value + struct.pack("<i", permissions) + file_id).digest()[:5]
        u_value = _rc4(w.key, _PAD)
        encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            o_value.hex().encode(),
            u_value.hex().encode(),
            permissions,
        )

    catalog, pages_number, font = w.reserve(), w.reserve(), w.reserve()
    w.put(
        font, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    image = None
    kids = []
    for page in pages:
        page = layout([page]) if isinstance(page, str) else page
        resources = b"/Font << /F1 %d 0 R >>" % font
        if page.image:
            if image is None:
                image = w.reserve()
                pixels = bytes((x * 7 + y * 3) & 0xFF for y in range(64) for x in range(64))
                w.put(
                    image,
                    w.stream(
                        image,
                        pixels,
                        b"/Type /XObject /Subtype /Image /Width 64 /Height 64 "
                        b"/ColorSpace /DeviceGray /BitsPerComponent 8 ",
                    ),
                )
            resources += b" /XObject << /Im1 %d 0 R >>" % image
        content = w.reserve()
        if page.deflated is not None:
            w.put(content, w.stream(content, page.deflated, deflated=True))
        else:
            w.put(content, w.stream(content, _content(page)))
        kids.append(
            w.add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << %s >> "
                b"/Contents %d 0 R >>" % (pages_number, PAGE_WIDTH, PAGE_HEIGHT, resources, content)
            )
        )
    w.put(
        pages_number,
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)),
    )
    extra = b""
    if xmp:
        metadata = w.reserve()
        w.put(
            metadata,
            w.stream(metadata, _xmp(xmp), b"/Type /Metadata /Subtype /XML ", compress=False),
        )
        extra = b" /Metadata %d 0 R" % metadata
    w.put(catalog, b"<< /Type /Catalog /Pages %d 0 R%s >>" % (pages_number, extra))

    info_fields = []
    info = w.reserve()
    for name, value in (
        ("Title", title),
        ("Author", author),
        ("CreationDate", pdf_date(created) if created else None),
        ("Producer", "corpus-search make_pdf"),
    ):
        if value is not None:
            info_fields.append(b"/%s %s" % (name.encode(), w.string(info, value)))
    w.put(info, b"<< " + b" ".join(info_fields) + b" >>")
    encrypt_ref = b""
    if encrypt:
        saved, w.key = w.key, None
        encrypt_ref = b" /Encrypt %d 0 R" % w.add(encrypt)
        w.key = saved

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(w.objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(w.objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R%s /ID [<%s> <%s>] >>\n" % (
        len(w.objects) + 1,
        catalog,
        info,
        encrypt_ref,
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def _xmp(values: dict[str, str]) -> bytes:
    from xml.sax.saxutils import escape

    parts = []
    for name, value in values.items():
        if name in ("title", "description"):
            parts.append(
                f"<dc:{name}><rdf:Alt><rdf:li xml:lang='x-default'>{escape(value)}</rdf:li>"
                f"</rdf:Alt></dc:{name}>"
            )
        elif name == "creator":
            parts.append(
                f"<dc:creator><rdf:Seq><rdf:li>{escape(value)}</rdf:li></rdf:Seq></dc:creator>"
            )
        elif name == "date":
            parts.append(f"<dc:date><rdf:Seq><rdf:li>{escape(value)}</rdf:li></rdf:Seq></dc:date>")
        else:
            parts.append(f"<xmp:{name}>{escape(value)}</xmp:{name}>")
    return (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
        "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' "
        "xmlns:xmp='http://ns.adobe.com/xap/1.0/'>"
        + "".join(parts)
        + "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    ).encode("utf-8")


def bomb_page(decompressed_bytes: int, *, word: str = "bomb") -> Page:
    """A page whose content stream inflates to ``decompressed_bytes`` of spaces after one line of
    text: about 1 KB on disk per MB in memory."""
    packer = zlib.compressobj(9)
    parts = [packer.compress(b"BT /F1 11 Tf 72 720 Td (%s) Tj ET\n" % _escape(word))]
    chunk = b" " * (1 << 20)
    left = decompressed_bytes
    while left > 0:
        parts.append(packer.compress(chunk[: min(left, len(chunk))]))
        left -= len(chunk)
    parts.append(packer.flush())
    return Page(deflated=b"".join(parts))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: make_pdf.py OUT.pdf TEXT [TEXT ...]  (one TEXT per page)")
    with open(sys.argv[1], "wb") as f:
        f.write(make_pdf(sys.argv[2:]))
