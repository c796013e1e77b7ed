"""Bytes to text: UTF-8 first, BOM-marked UTF-16/32, then a detected legacy encoding."""

from __future__ import annotations

import codecs

from corpus_search.errors import DocumentError

__all__ = ["decode_bytes"]

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Short Western text is equally plausible in a dozen 8-bit code pages; when the detector cannot
# tell them apart, prefer the one such files are overwhelmingly written in.
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``, or raise ``DocumentError`` saying why the file is skipped."""
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as error:
                raise DocumentError(f"invalid {name} text (byte {error.start})") from None
    if b"\x00" in data:
        raise DocumentError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        # A file read up to a byte limit can end inside a character; that is still UTF-8.
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8"), "utf-8"
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise DocumentError("cannot decode text (not UTF-8 and no other encoding fits)")
    tied = [m for m in results if m.chaos <= best.chaos and m.coherence >= best.coherence]
    for match in tied:
        if match.encoding in _PREFERRED_LEGACY:
            best = match
            break
    return str(best), best.encoding
