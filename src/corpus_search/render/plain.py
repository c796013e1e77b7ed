"""Plain text for pipes and files: no colour, no Rich import (keeps piped searches fast)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..models import Document, IndexInfo, IndexReport, SearchResult, Snippet
from . import views
from .collection import PLAIN_VIEWS
from .quotes import quotes_text, speakers_text
from .text import (
    INTERRUPTED_NOTE,
    dates_line,
    did_you_mean_line,
    display_path,
    eval_label,
    extremes,
    hit_path,
    match_pages,
    matching,
    meta_line,
    page_label,
    page_ranges,
    plural,
    report_notes,
    reread_line,
    root_line,
    safe,
    safe_line,
    short_date,
    unsupported_kinds,
)

if TYPE_CHECKING:  # evaluate is only needed by eval
    from ..evaluate import Comparison, EvalResult


def _copies(hit: Any) -> str:
    """search --collapse: "  +N near copies" when near-copies were folded into the hit."""
    n = hit.near_copies
    return f"  +{n} near {'copy' if n == 1 else 'copies'}" if n else ""


def search_text(result: SearchResult) -> str:
    if not result.hits:
        lines = [f"No documents match {safe_line(result.query)!r}."]
        if result.total:
            lines = [f"No hits on page {result.page} ({result.total:,} in all)."]
        if result.suggestion:
            lines.append(did_you_mean_line(result.suggestion))
        return "\n".join(lines)
    first, last = result.hits[0].rank, result.hits[-1].rank
    lines = [f"{matching(result.total)}; showing {first}-{last}."]
    if result.suggestion:
        lines.append(did_you_mean_line(result.suggestion))
    for hit in result.hits:
        lines.append("")
        # (no query, as with search --speaker NAME alone: every hit scores the same)
        score = f"  (score {hit.score:.2f})" if result.query.strip() else ""
        lines.append(f"{hit.rank}. {safe_line(hit.title)}{score}" + _copies(hit))
        lines.append("   " + meta_line(hit.path, hit.date, hit.author, " | "))
        for snippet in hit.snippets:
            label = page_label(snippet.page)
            lines.append("   " + (f"{label} | " if label else "") + safe(snippet.text))
    return "\n".join(lines)


def document_text(
    doc: Document, highlighted: Snippet | None = None, *, page: int | None = None
) -> str:
    """The metadata, then the text; a PDF's pages marked ``--- p. N ---`` (or only ``page``)."""
    header = [f"Title:  {safe_line(doc.title)}", f"Path:   {safe_line(display_path(doc.path))}"]
    if doc.doc_id:
        header.append(f"Id:     {safe_line(doc.doc_id)}")
    if doc.author:
        header.append(f"Author: {safe_line(doc.author)}")
    if doc.date is not None:
        header.append(f"Date:   {short_date(doc.date)}")
    if doc.tags:
        header.append(f"Tags:   {safe_line(', '.join(doc.tags))}")
    header.append(
        f"Format: {doc.format}, {doc.encoding}, {doc.size:,} bytes"
        + (" (truncated)" if doc.truncated else "")
    )
    if doc.attachments:
        header.append(f"Attachments: {safe_line(', '.join(doc.attachments))}")
    if doc.pages:
        count = len(doc.pages)
        header.append(f"Page:   {page} of {count}" if page else f"Pages:  {count}")
    where = match_pages(doc, highlighted) if page is None else ""
    if where:
        header.append(f"Found:  {where}")
    if doc.pages and page is None:
        body = "\n\n".join(
            f"--- p. {n} ---\n{safe(doc.text[start:end])}" for n, start, end in page_ranges(doc)
        )
    else:
        body = safe(doc.text)
    return "\n".join(header) + "\n\n" + body


def info_text(info: IndexInfo) -> str:
    updated = info.updated.strftime("%Y-%m-%d %H:%M:%S") if info.updated else "never"
    return "\n".join(
        [
            f"Index:     {info.index}",
            f"Documents: {info.documents:,}",
            f"Size:      {info.size_bytes:,} bytes ({plural(info.segments, 'segment')})",
            f"Updated:   {updated}",
            f"Schema:    version {info.schema_version}; fields {', '.join(info.fields)}",
        ]
        + [
            f"{'Folders:' if i == 0 else '':<11}{root_line(root)}"
            for i, root in enumerate(info.roots)
        ]
    )


def report_text(report: IndexReport, index: str) -> str:
    lines = [
        f"Indexed into {index}: {report.added:,} added, {report.updated:,} updated, "
        f"{report.removed:,} removed, {report.unchanged:,} unchanged, "
        f"{len(report.skipped):,} skipped"
        + (f", {report.pruned:,} pruned" if report.prune else "")
        + f" ({report.elapsed:.2f}s)."
    ]
    reread = reread_line(report)
    if reread:
        lines.append(reread)
    lines += report_notes(report)
    dates = dates_line(report.dates, report.indexed)
    if dates:
        lines.append(dates)
    for s in report.skipped:
        lines.append(f"  skipped {safe_line(display_path(s.path))}: {safe_line(s.reason)}")
    for s in report.warnings:
        lines.append(f"  warning {safe_line(display_path(s.path))}: {safe_line(s.reason)}")
    for path in report.truncated:
        lines.append(f"  truncated {safe_line(display_path(path))}: longer than the size limit")
    if report.unsupported:
        lines.append(
            f"  {len(report.unsupported)} not a supported format: "
            f"{safe_line(unsupported_kinds(report.unsupported))} (listed by --report)"
        )
    if report.interrupted:
        lines.append(INTERRUPTED_NOTE)
    return "\n".join(lines)


def _value(value: float) -> str:
    return f"{value:.4f}"


def eval_text(
    result: EvalResult,
    *,
    per_query: bool = False,
    context: dict[str, Any] | None = None,
    compared: tuple[EvalResult, Comparison, dict[str, Any]] | None = None,
    top: int = 10,
) -> str:
    """``eval`` for pipes: one line per measure (A, and B and the change when comparing), the
    counts, then per-query values (``per_query``) or the biggest wins and losses (comparing).
    ``context`` and B's are ``machine.eval_context``'s."""
    lines = [f"A: {eval_label(context)}"] if context else []
    lines.append(
        f"{result.queries} queries evaluated"
        + (
            f", {result.unjudged_topics} topics without judgments skipped"
            if result.unjudged_topics
            else ""
        )
        + (f", {len(result.no_results)} with no results" if result.no_results else "")
        + "."
    )
    if compared is None:
        for name in result.measures:
            lines.append(f"{name:<10} {_value(result.overall[name])}")
    else:
        other, comparison, other_context = compared
        lines.append(f"B: {eval_label(other_context)}")
        lines.append(f"{'measure':<10} {'A':>7} {'B':>7} {'B-A':>8}")
        for name, d in comparison.overall.items():
            lines.append(f"{name:<10} {_value(d.a):>7} {_value(d.b):>7} {d.delta:+8.4f}")
        lines.append(
            f"{comparison.measure}: B wins {len(comparison.wins)}, loses {len(comparison.losses)}, "
            f"ties {len(comparison.ties)}"
        )
        shown = comparison.per_query if per_query else extremes(comparison.per_query, top)
        if shown:
            lines.append(f"{'query':<12} {'A':>7} {'B':>7} {'B-A':>8}")
        for q in shown:
            lines.append(
                f"{safe_line(q.qid):<12} {_value(q.a):>7} {_value(q.b):>7} {q.delta:+8.4f}"
            )
        return "\n".join(lines)
    if per_query:
        lines.append("query        " + " ".join(f"{name:>8}" for name in result.measures))
        for qid, values in result.per_query.items():
            cells = " ".join(f"{_value(values[name]):>8}" for name in result.measures)
            lines.append(f"{safe_line(qid):<12} {cells}")
    for qid, message in result.failed.items():
        lines.append(f"query {safe_line(qid)} failed: {safe_line(message)}")
    return "\n".join(lines)


def count_text(result: SearchResult) -> str:
    """``search --count``: the number of matching documents."""
    return str(result.total)


def paths_text(result: SearchResult) -> str:
    """``search --files-with-matches``: one path a line (nothing when nothing matched)."""
    return "\n".join(safe_line(display_path(hit_path(hit))) for hit in result.hits)


def search_explained_text(result: SearchResult, explanation: Any) -> str:
    """``search --explain`` (and a search with no hits) for pipes: the hits, then how the
    query was read (``views.explain_text``)."""
    return search_text(result) + "\n\n" + views.explain_text(explanation)


# View name -> plain text, for render.emit.
VIEWS: dict[str, Callable[..., str]] = {
    "search": search_text,
    "search_explained": search_explained_text,
    "kwic": views.kwic_text,
    "timeline": views.timeline_text,
    "terms": views.terms_text,
    "count": count_text,
    "paths": paths_text,
    "document": document_text,
    "info": info_text,
    "report": report_text,
    "eval": eval_text,
    **PLAIN_VIEWS,
    "quotes": quotes_text,
    "speakers": speakers_text,
}
