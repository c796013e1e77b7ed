"""Bytes to text: UTF-8 first, BOM-marked UTF-16/32, then a detected legacy encoding."""

from __future__ import annotations

import codecs
import re
from typing import Any

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

# Western text that is mostly ASCII with a few high bytes (a "£", an "é", curly quotes) is
# overwhelmingly cp1252 (a superset of Latin-1's printable characters). A detector looking at a
# handful of bytes finds other code pages just as "plausible": BBC sport/199.txt, ASCII plus one
# Latin-1 "£", came out as cp932 ("｣15.8m"), and similar text as cp1250 ("Ł15.8m"). So cp1252 is
# the answer unless another encoding has strong evidence: an East Asian multi-byte code page in
# which the high bytes make at least _MIN_EVIDENCE ideographs, kana or hangul; or a single-byte
# one that gives at least _MIN_EVIDENCE characters other than cp1252's and whose text is less
# garbled (charset-normalizer's chaos) or reads clearly more like a language (its coherence,
# _COHERENCE_MARGIN higher, and no more chaos). Text whose bytes are mostly high (Cyrillic, Greek,
# CJK) is left to the detector.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_MOSTLY_ASCII = 0.3  # the largest share of high bytes in "mostly ASCII" text
_COHERENCE_MARGIN = 0.05
_MIN_EVIDENCE = 3
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


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
    western = _western(data)
    if best is None:
        if western is not None:
            return western, "cp1252"
        raise DocumentError("cannot decode text (not UTF-8 and no other encoding fits)")
    if western is None:
        return str(best), best.encoding
    if _is_western(best):  # the same text as cp1252 (charset-normalizer names one of several)
        return western, "cp1252"
    western_match = next((m for m in results if _is_western(m)), None)
    if _strong_evidence(best, western_match, western):
        return str(best), best.encoding
    return western, "cp1252"


def _western(data: bytes) -> str | None:
    """The text as cp1252, if it decodes and is mostly ASCII; else None."""
    high = sum(1 for byte in data if byte >= 0x80)
    if high > _MOSTLY_ASCII * len(data):
        return None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are not cp1252
        return None


def _is_western(match: Any) -> bool:
    return bool(set(match.could_be_from_charset) & set(_WESTERN))


def _strong_evidence(best: Any, western: Any, western_text: str) -> bool:
    """Whether ``best`` (a charset-normalizer match) beats cp1252 (``western``, its match or
    None when the detector ruled cp1252 out) on more than a few bytes' worth of evidence."""
    from charset_normalizer.utils import is_multi_byte_encoding

    text = str(best)
    if is_multi_byte_encoding(best.encoding):  # pairs of high bytes must make real characters
        return len(_CJK.findall(text)) >= _MIN_EVIDENCE
    differing = sum(1 for a, b in zip(text, western_text, strict=False) if a != b)
    if differing < _MIN_EVIDENCE:
        return False
    if western is None:
        return True
    # Another Latin, Cyrillic or Greek code page: its text must read less garbled, or clearly
    # more like a language and no more garbled (Czech in cp1250; Turkish in cp1254).
    return bool(
        best.chaos < western.chaos
        or (best.coherence >= western.coherence + _COHERENCE_MARGIN and best.chaos <= western.chaos)
    )
