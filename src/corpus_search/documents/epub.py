"""EPUB to text: the spine's XHTML documents in reading order, each through the HTML extractor,
with Dublin Core title, creator and date from the package document (the OPF)."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote, urldefrag

from corpus_search.documents.container import Container, parse_small_xml
from corpus_search.documents.extracted import Extracted
from corpus_search.documents.metadata import parse_date
from corpus_search.errors import DocumentError

__all__ = ["extract_epub"]

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_XHTML_TYPES = ("application/xhtml+xml", "text/html", "application/xml", "text/xml")


def extract_epub(data: bytes, *, max_chars: int) -> Extracted:
    """The text and metadata of an EPUB (2 or 3). Raises ``DocumentError`` when it is damaged
    or a zip bomb."""
    from corpus_search.documents.decode import decode_bytes
    from corpus_search.documents.html import html_to_text

    box = Container(data, "EPUB")
    opf_name = _package_path(box)
    opf = parse_small_xml(box, opf_name)
    folder = posixpath.dirname(opf_name)
    warnings: list[str] = []
    chapters: list[str] = []
    size = 0
    for href in _spine(opf, warnings):
        name = posixpath.normpath(posixpath.join(folder, href)) if folder else href
        if not box.has(name):
            warnings.append(f"spine item {href} is missing; left out")
            continue
        try:
            markup, _ = decode_bytes(box.read(name))
        except DocumentError as e:
            if "zip bomb" in str(e):
                raise
            warnings.append(f"spine item {href}: {e}; left out")
            continue
        text, _meta = html_to_text(markup)
        text = text.strip()
        if text:
            chapters.append(text)
            size += len(text)
        if size > max_chars:
            break
    if not chapters and not warnings:
        warnings.append("the EPUB's spine holds no text")
    title, author, date = _metadata(opf, warnings)
    return Extracted(
        text="\n\n".join(chapters),
        format="epub",
        title=title,
        author=author,
        date=date,
        warnings=tuple(warnings),
    )


def _package_path(box: Container) -> str:
    """The OPF's path, from ``META-INF/container.xml`` (else the first ``.opf`` in the zip)."""
    if box.has("META-INF/container.xml"):
        root = parse_small_xml(box, "META-INF/container.xml")
        for rootfile in root.iter(f"{_CONTAINER}rootfile"):
            path = unquote(rootfile.get("full-path") or "").lstrip("/")
            if box.has(path):
                return path
    for name in box.names():
        if name.lower().endswith(".opf"):
            return name
    raise DocumentError("damaged EPUB container (no package document)")


def _spine(opf: Any, warnings: list[str]) -> list[str]:
    """The hrefs of the spine's items, in reading order (XHTML only)."""
    items: dict[str, tuple[str, str]] = {}
    for item in opf.iter(f"{_OPF}item"):
        ident, href = item.get("id"), item.get("href")
        if ident and href:
            items[ident] = (unquote(urldefrag(href)[0]), item.get("media-type") or "")
    hrefs: list[str] = []
    for ref in opf.iter(f"{_OPF}itemref"):
        found = items.get(ref.get("idref") or "")
        if found is None:
            warnings.append(f"spine refers to unknown item {ref.get('idref')!r}; left out")
        elif found[1] in _XHTML_TYPES or found[0].lower().endswith((".xhtml", ".html", ".htm")):
            if found[0] not in hrefs:
                hrefs.append(found[0])
    return hrefs


def _metadata(opf: Any, warnings: list[str]) -> tuple[str | None, str | None, Any]:
    title = _first(opf, f"{_DC}title")
    creators = [_clean(node) for node in opf.iter(f"{_DC}creator")]
    author = ", ".join(dict.fromkeys(c for c in creators if c)) or None
    raw = _first(opf, f"{_DC}date")
    date = None
    if raw:
        date, warning = parse_date(raw)
        if warning:
            warnings.append(warning)
    return title, author, date


def _clean(node: Any) -> str:
    return " ".join("".join(node.itertext()).split())


def _first(root: Any, tag: str) -> str | None:
    for node in root.iter(tag):
        text = _clean(node)
        if text:
            return text
    return None
