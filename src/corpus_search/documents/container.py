"""Zip containers (DOCX, OpenDocument, EPUB) read within bounds, and their XML streamed.

A container is untrusted: a zip bomb declares gigabytes behind a few kilobytes, or holds a
million entries; an XML part may declare entities that expand a billion times. So:

- the entry count is read from the end-of-central-directory record *before* ``zipfile`` builds
  an object per entry, and over :data:`MAX_ENTRIES` the file is refused;
- a member is read only if its declared size is within :data:`MAX_MEMBER_BYTES`, and the
  members one file reads add up to at most :data:`MAX_TOTAL_BYTES` (``zipfile`` never returns
  more than the declared size, so declared sizes bound what is decompressed);
- a member whose size is more than :data:`MAX_RATIO` times its compressed size, and large, is
  refused as a bomb (real XML compresses 5-30 times);
- XML is parsed by lxml without entity expansion, DTDs or network access, in streaming mode
  (:func:`iter_units`), so memory holds one paragraph or table row at a time, not the tree.

Every refusal is a ``DocumentError`` whose message says why; the index run reports it and goes on.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any, cast

from corpus_search.errors import DocumentError

__all__ = ["MAX_ENTRIES", "MAX_MEMBER_BYTES", "MAX_RATIO", "MAX_TOTAL_BYTES", "Container"]

MAX_ENTRIES = 10_000
MAX_MEMBER_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
_RATIO_FROM = 8 * 1024 * 1024  # smaller members are never refused by their ratio
_EOCD = b"PK\x05\x06"
_ZIP64_EOCD = b"PK\x06\x06"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 1_000_000 else f"{size:,} bytes"


class Container:
    """A zip container's members, read within the limits above. ``kind`` names it in errors."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        entries = _declared_entries(data)
        if entries is not None and entries > MAX_ENTRIES:
            raise DocumentError(
                f"{kind} container has {entries:,} entries (limit {MAX_ENTRIES:,}): "
                "possible zip bomb; skipped"
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
            raise DocumentError(f"damaged {kind} container ({_why(e)})") from None
        if len(infos) > MAX_ENTRIES:
            raise DocumentError(
                f"{kind} container has {len(infos):,} entries (limit {MAX_ENTRIES:,}): "
                "possible zip bomb; skipped"
            )
        self._infos = {info.filename: info for info in infos}
        self._read = 0

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def open(self, name: str) -> IO[bytes]:
        """A stream of member ``name`` (checked against the limits first)."""
        info = self._infos.get(name)
        if info is None:
            raise DocumentError(f"damaged {self.kind} container (no {name})")
        size = info.file_size
        if size > MAX_MEMBER_BYTES:
            raise DocumentError(
                f"{name} in the {self.kind} would expand to {_mb(size)} "
                f"(limit {_mb(MAX_MEMBER_BYTES)}): possible zip bomb; skipped"
            )
        if size > _RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
            raise DocumentError(
                f"{name} in the {self.kind} would expand {size // max(info.compress_size, 1):,}"
                f" times, to {_mb(size)}: possible zip bomb; skipped"
            )
        if self._read + size > MAX_TOTAL_BYTES:
            raise DocumentError(
                f"the {self.kind}'s parts would expand to more than {_mb(MAX_TOTAL_BYTES)}: "
                "possible zip bomb; skipped"
            )
        self._read += size
        try:
            return cast(IO[bytes], _Guarded(self._zip.open(info), self.kind))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
            raise DocumentError(f"damaged {self.kind} container ({_why(e)})") from None

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()


class _Guarded(io.RawIOBase):
    """A member stream whose read errors (bad CRC, truncated data) become DocumentError."""

    def __init__(self, stream: IO[bytes], kind: str) -> None:
        self._stream = stream
        self._kind = kind

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
            raise DocumentError(f"damaged {self._kind} container ({_why(e)})") from None

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _why(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text[0].lower() + text[1:] if text else text


def _declared_entries(data: bytes) -> int | None:
    """The entry count the end-of-central-directory record declares (zip64 too), or None."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        return None
    entries = int.from_bytes(data[at + 10 : at + 12], "little")
    if entries != 0xFFFF:
        return entries
    z64 = data.rfind(_ZIP64_EOCD, max(0, at - 4096), at)
    if z64 < 0 or len(data) < z64 + 40:
        return None
    return int.from_bytes(data[z64 + 32 : z64 + 40], "little")


# XML -------------------------------------------------------------------------------------------


def xml_parser_options() -> dict[str, Any]:
    """lxml options for untrusted XML: no entities expanded, no DTD, no network, no huge trees."""
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }


def parse_small_xml(container: Container, name: str, limit: int = 8 * 1024 * 1024) -> Any:
    """A small part (metadata, a manifest) as an lxml tree; ``DocumentError`` if it is damaged."""
    from lxml import etree

    with container.open(name) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise DocumentError(f"{name} in the {container.kind} is over {_mb(limit)}; skipped")
    try:
        return etree.fromstring(data, etree.XMLParser(**xml_parser_options()))
    except etree.XMLSyntaxError as e:
        raise DocumentError(f"damaged {container.kind}: {name} is not XML ({e})") from None


def iter_units(
    stream: IO[bytes],
    *,
    units: frozenset[str],
    ends: frozenset[str] = frozenset(),
    skip: frozenset[str] = frozenset(),
    where: str,
) -> Iterator[tuple[bool, Any]]:
    """Stream an XML part: yield ``(True, element)`` for each complete outermost element whose
    tag is in ``units``, and ``(False, element)`` at the end of each element in ``ends`` that is
    not inside a unit (a table: the caller closes its paragraph). Elements in ``skip`` and all
    they hold are never yielded. Each unit is cleared once the caller is done with it, so memory
    holds one unit at a time. A parse error is a ``DocumentError`` naming ``where``."""
    from lxml import etree

    depth = 0  # inside this many units
    skipping = 0
    try:
        # Events only for the tags that matter: most elements (runs, text) are never looked at
        # one by one here.
        tags = sorted(units | ends | skip)
        options = xml_parser_options()
        for event, elem in etree.iterparse(stream, events=("start", "end"), tag=tags, **options):
            tag = elem.tag
            if tag in skip:
                skipping += 1 if event == "start" else -1
                if event == "end" and not skipping:
                    if depth:  # inside a unit: empty it, keep the text that follows it
                        elem.clear(keep_tail=True)
                    else:
                        _drop(elem)
                continue
            if skipping:
                continue
            if tag in units:
                if event == "start":
                    depth += 1
                    continue
                depth -= 1
                if depth == 0:
                    yield True, elem
                    _drop(elem)
            elif event == "end" and depth == 0 and tag in ends:
                yield False, elem
                _drop(elem)
    except etree.XMLSyntaxError as e:
        raise DocumentError(f"damaged {where} ({e})") from None


def _drop(elem: Any) -> None:
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def first_text(root: Any, tag: str) -> str | None:
    """The first non-empty text of an element ``tag`` in ``root``, its white space folded
    (a title or author in a container's metadata part)."""
    for node in root.iter(tag):
        text = " ".join("".join(node.itertext()).split())
        if text:
            return text
    return None
