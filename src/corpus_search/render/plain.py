"""Plain text for pipes and files: no colour, no Rich import (keeps piped searches fast)."""

from __future__ import annotations

from ..models import IndexInfo, IndexReport, SearchResult, Snippet, StoredDocument
from . import display_path, safe, safe_line


def _meta_line(path: str, date: object, author: str | None) -> str:
    parts = [display_path(path)]
    if date is not None:
        parts.append(_short_date(date))
    if author:
        parts.append(author)
    return safe_line(" | ".join(parts))


def _short_date(date: object) -> str:
    text = str(date)
    return text[:10] if text.endswith("00:00:00") else text[:16]


def search_text(result: SearchResult) -> str:
    if not result.hits:
        lines = [f"No documents match {safe_line(result.query)!r}."]
        if result.total:
            lines = [f"No hits on page {result.page} ({result.total} in all)."]
        if result.suggestion:
            lines.append(f"Did you mean: {safe_line(result.suggestion)}?")
        return "\n".join(lines)
    first, last = result.hits[0].rank, result.hits[-1].rank
    lines = [f"{result.total} documents match; showing {first}-{last}."]
    for hit in result.hits:
        lines.append("")
        lines.append(f"{hit.rank}. {safe_line(hit.title)}  (score {hit.score:.2f})")
        lines.append("   " + _meta_line(hit.path, hit.date, hit.author))
        for snippet in hit.snippets:
            lines.append("   " + safe(snippet.text))
    return "\n".join(lines)


def document_text(doc: StoredDocument, highlighted: Snippet | None = None) -> str:
    header = [f"Title:  {safe_line(doc.title)}", f"Path:   {safe_line(display_path(doc.path))}"]
    if doc.doc_id:
        header.append(f"Id:     {safe_line(doc.doc_id)}")
    if doc.author:
        header.append(f"Author: {safe_line(doc.author)}")
    if doc.date is not None:
        header.append(f"Date:   {_short_date(doc.date)}")
    if doc.tags:
        header.append(f"Tags:   {safe_line(', '.join(doc.tags))}")
    header.append(
        f"Format: {doc.format}, {doc.encoding}, {doc.size:,} bytes"
        + (" (truncated)" if doc.truncated else "")
    )
    return "\n".join(header) + "\n\n" + safe(doc.text)


def info_text(info: IndexInfo) -> str:
    updated = info.updated.strftime("%Y-%m-%d %H:%M:%S") if info.updated else "never"
    return "\n".join(
        [
            f"Index:     {info.index}",
            f"Documents: {info.documents:,}",
            f"Size:      {info.size_bytes:,} bytes ({info.segments} segments)",
            f"Updated:   {updated}",
            f"Schema:    version {info.schema_version}; fields {', '.join(info.fields)}",
        ]
    )


def report_text(report: IndexReport, index: str) -> str:
    lines = [
        f"Indexed into {index}: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged, {len(report.skipped)} skipped "
        f"({report.elapsed:.2f}s)."
    ]
    for s in report.skipped:
        lines.append(f"  skipped {safe_line(display_path(s.path))}: {safe_line(s.reason)}")
    for s in report.warnings:
        lines.append(f"  warning {safe_line(display_path(s.path))}: {safe_line(s.reason)}")
    for path in report.truncated:
        lines.append(f"  truncated {safe_line(display_path(path))}: longer than the size limit")
    if report.interrupted:
        lines.append(
            "Interrupted: what was committed is kept. Run the same command again to resume."
        )
    return "\n".join(lines)
