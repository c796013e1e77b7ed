"""Recognise a file's format by its first bytes, never by its name.

:func:`detect_format` names the formats an extractor reads; :func:`unsupported_format` names
common binary formats that no extractor reads (a Word 97 ``.doc``, an image, an archive), so that
the index run can count them as "not a supported format" rather than fail to decode them.
Standard library only, and cheap: it looks at the first few kilobytes and, for a zip container,
at its table of contents.
"""

from __future__ import annotations

import io
import re
import zipfile

__all__ = ["detect_format", "unsupported_format"]

# "%PDF-1.x" usually at 0; PDF readers accept junk (a MacBinary or mail header) before it in the
# first 1,024 bytes. It must start a line there, so a text that mentions "%PDF-1.4" is still text.
_PDF_HEADER = re.compile(rb"(?:\A|[\r\n\x00])%PDF-\d")
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"

# The ``mimetype`` entry that OpenDocument and EPUB containers store first, uncompressed.
_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.text-template": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.spreadsheet-template": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.presentation-template": "odp",
    b"application/epub+zip": "epub",
}

# An RFC 822 header line ("Name: value") and a folded continuation line.
_HEADER = re.compile(rb"[!-9;-~]+:[^\n]*|[ \t][^\n]*")
_MAIL_NAMES = frozenset({b"subject", b"date", b"to", b"message-id", b"newsgroups", b"cc"})
_HEAD_BYTES = 16384


def detect_format(data: bytes) -> str | None:
    """The format an extractor reads: ``pdf``, ``docx``, ``odt``, ``ods``, ``odp``, ``epub``,
    ``email`` (RFC 822 headers) or ``mbox`` (``From `` separator lines); None for anything else
    (text, HTML and Markdown are told apart later, from the decoded text)."""
    if _PDF_HEADER.search(data, 0, 1024):
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return _zip_format(data)
    if data.startswith(b"From "):
        first, _, rest = data[:_HEAD_BYTES].partition(b"\n")
        return "mbox" if _is_mail_head(rest) else None
    return "email" if _is_mail_head(data[:_HEAD_BYTES]) else None


def _zip_format(data: bytes) -> str | None:
    mimetype = _stored_mimetype(data)
    if mimetype is not None:
        return _MIMETYPES.get(mimetype)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist()[:10_000])
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # No readable table of contents (a truncated download): go by the first entry's name,
        # so that the extractor reports the damage rather than "not a supported format".
        return "docx" if _first_name(data).startswith(_DOCX_FIRST) else None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "mimetype" in names:  # not stored first: read it the long way
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return _MIMETYPES.get(zf.read("mimetype")[:100].strip())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return None
    return None


_DOCX_FIRST = ("[Content_Types].xml", "_rels/", "word/", "docProps/")


def _first_name(data: bytes) -> str:
    name_len = int.from_bytes(data[26:28], "little")
    return data[30 : 30 + name_len].decode("cp437", "replace")


def _stored_mimetype(data: bytes) -> bytes | None:
    """The content of a first zip entry named ``mimetype`` stored without compression."""
    if len(data) < 30 or data[8:10] != b"\x00\x00":  # method 0: stored
        return None
    name_len = int.from_bytes(data[26:28], "little")
    extra_len = int.from_bytes(data[28:30], "little")
    size = int.from_bytes(data[18:22], "little")
    if data[30 : 30 + name_len] != b"mimetype" or size > 200:
        return None
    start = 30 + name_len + extra_len
    return data[start : start + size].strip()


def _is_mail_head(head: bytes) -> bool:
    """True when ``head`` opens with a block of RFC 822 headers: two or more header lines up to
    a blank line (or the end of what was read), among them ``From:`` and one of ``Subject:``,
    ``Date:``, ``To:``, ``Message-ID:``, ``Newsgroups:`` or ``Cc:``."""
    names: set[bytes] = set()
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    complete = len(head) < _HEAD_BYTES
    if not complete:
        lines.pop()  # the last line may be cut
    for number, line in enumerate(lines):
        if not line:
            break
        if _HEADER.fullmatch(line) is None:
            return False
        if line[:1] in b" \t":
            if number == 0:
                return False
            continue
        names.add(line.split(b":", 1)[0].strip().lower())
    else:
        if complete:
            return False  # headers with no body after them: not a message
    return b"from" in names and bool(names & _MAIL_NAMES) and len(names) >= 2


# Other formats people keep in document folders, by their magic bytes: counted, not read.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office file (.doc/.xls/.ppt)"),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"BM", "BMP image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"AT&TFORM", "DjVu document"),
    (b"%!PS", "PostScript document"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
_OOXML_OTHER = (("xl/", "Excel workbook (.xlsx)"), ("ppt/", "PowerPoint presentation (.pptx)"))


def unsupported_format(data: bytes) -> str | None:
    """A name for a known binary format that no extractor reads, or None.

    Call it only after :func:`detect_format` returned None: a zip container it did not recognise
    is named here ("Excel workbook (.xlsx)", "zip archive").
    """
    if data.startswith(_ZIP_MAGIC) or data.startswith(_EMPTY_ZIP):
        return _zip_kind(data)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"BM" and len(data) > 14 and data[6:10] != b"\x00\x00\x00\x00":
                continue  # "BM" starts ordinary words too; a BMP has reserved zero bytes
            if magic == b"MZ" and b"\x00" not in data[:64]:
                continue
            return kind
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if data[257:262] == b"ustar":
        return "tar archive"
    return None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()[:10_000]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "damaged zip archive"
    if "[Content_Types].xml" in names:
        for prefix, kind in _OOXML_OTHER:
            if any(name.startswith(prefix) for name in names):
                return kind
    return "zip archive"
