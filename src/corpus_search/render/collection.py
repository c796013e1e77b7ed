"""Output of the collection commands (``duplicates``, ``watch``, ``search --batch``): their JSON
shapes (README "JSON output") and plain text for pipes. Rich versions: ``collection_human``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from ..models import BatchResult, DuplicateReport, Hit, Watch, WatchReport
from .text import display_path, safe, safe_line

# JSON ----------------------------------------------------------------------------------------


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def hit_dict(hit: Hit) -> dict[str, Any]:
    """One hit as in ``search --json``."""
    return {
        "rank": hit.rank,
        "key": hit.key,
        "path": hit.path,
        "title": hit.title,
        "author": hit.author,
        "date": _date(hit.date),
        "tags": list(hit.tags),
        "score": hit.score,
        "snippets": [
            {"text": s.text, "matches": [[a, b] for a, b in s.spans], "page": s.page}
            for s in hit.snippets
        ],
        "near_copies": hit.near_copies,
    }


def duplicates_dict(report: DuplicateReport) -> dict[str, Any]:
    return {
        "threshold": report.threshold,
        "documents": report.documents,
        "groups": [
            {
                "documents": [d.key for d in g.documents],
                "titles": [d.title for d in g.documents],
                "similarity": g.similarity,
            }
            for g in report.groups
        ],
    }


def watch_run_dict(reports: Sequence[WatchReport]) -> dict[str, Any]:
    return {
        "watches": [
            {
                "name": r.watch.name,
                "query": r.watch.query,
                "new": [{**hit_dict(n.hit), "reason": n.reason} for n in r.new],
            }
            for r in reports
        ]
    }


def watch_list_dict(watches: Sequence[Watch]) -> dict[str, Any]:
    return {
        "watches": [
            {
                "name": w.name,
                "query": w.query,
                "any": not w.match_all,
                "created": _date(w.created),
                "last_run": _date(w.last_run),
                "documents": w.documents,
            }
            for w in watches
        ]
    }


def batch_dict(results: Sequence[BatchResult]) -> dict[str, Any]:
    return {
        "queries": [
            {
                "query": r.query,
                "total": r.total,
                "hits": [hit_dict(h) for h in r.hits],
                "error": r.error,
            }
            for r in results
        ]
    }


def batch_csv_header(limit: int) -> str:
    return _csv_row(["query", "total", "error", *(f"top{i}" for i in range(1, limit + 1))])


def batch_csv_row(result: BatchResult, limit: int) -> str:
    """One query's CSV row: the query, its total, its error (empty if none) and the paths of its
    ``limit`` best documents (empty cells when fewer match)."""
    paths = [h.path for h in result.hits][:limit]
    paths += [""] * (limit - len(paths))
    return _csv_row([result.query, str(result.total), result.error or "", *paths])


def _csv_row(cells: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


# Plain text ----------------------------------------------------------------------------------


def duplicates_text(report: DuplicateReport) -> str:
    if not report.groups:
        return (
            f"No near-copies among {report.documents} documents "
            f"(similarity >= {report.threshold:g})."
        )
    copies = sum(len(g.documents) for g in report.groups)
    lines = [
        f"{len(report.groups)} groups of near-copies ({copies} documents of {report.documents}; "
        f"similarity >= {report.threshold:g})."
    ]
    for n, g in enumerate(report.groups, start=1):
        lines.append("")
        lines.append(f"{n}. {len(g.documents)} documents, similarity {g.similarity:.2f}")
        for d in g.documents:
            lines.append(f"   {safe_line(display_path(d.key))}  {safe_line(d.title)}")
    return "\n".join(lines)


def _hit_lines(hit: Hit, label: str) -> list[str]:
    meta = [display_path(hit.path)]
    if hit.date is not None:
        meta.append(hit.date.strftime("%Y-%m-%d"))
    if hit.author:
        meta.append(hit.author)
    lines = [f"{hit.rank}. [{label}] {safe_line(hit.title)}", "   " + safe_line(" · ".join(meta))]
    lines.extend("   " + safe(s.text) for s in hit.snippets)
    return lines


def watch_report_text(report: WatchReport) -> str:
    """One watch's news for a pipe; the empty string when nothing is new (so that cron, which
    mails any output, stays quiet)."""
    if not report.new:
        return ""
    w = report.watch
    lines = [f"{safe_line(w.name)} ({safe_line(w.query)}): {len(report.new)} new"]
    for n in report.new:
        lines.extend(_hit_lines(n.hit, n.reason))
    return "\n".join(lines) + "\n"


def watch_list_text(watches: Sequence[Watch]) -> str:
    if not watches:
        return "No watches. Add one with: corpus-search watch add NAME QUERY"
    lines = []
    for w in watches:
        last = w.last_run.strftime("%Y-%m-%d %H:%M") if w.last_run else "never"
        lines.append(
            f"{safe_line(w.name)}\t{safe_line(w.query)}\t{w.documents} documents\tlast run {last}"
        )
    return "\n".join(lines)


def batch_text_row(result: BatchResult) -> str:
    """One query's line for a pipe: query, TAB, total (or "error: ..."), TAB, top paths."""
    if result.error is not None:
        return f"{safe_line(result.query)}\terror: {safe_line(result.error)}"
    paths = " ".join(safe_line(display_path(h.path)) for h in result.hits)
    return f"{safe_line(result.query)}\t{result.total}\t{paths}".rstrip("\t")


def watch_run_text(reports: Sequence[WatchReport]) -> str:
    """Watch reports for a pipe, each followed by a blank line; "" when nothing is new."""
    return "\n".join(watch_report_text(r) for r in reports if r.new)


def batch_text(results: Sequence[BatchResult]) -> str:
    return "\n".join(batch_text_row(r) for r in results)


MACHINE_VIEWS: dict[str, Callable[..., Any]] = {
    "duplicates": duplicates_dict,
    "watch_run": watch_run_dict,
    "watch_list": watch_list_dict,
    "batch": batch_dict,
}
PLAIN_VIEWS: dict[str, Callable[..., str]] = {
    "duplicates": duplicates_text,
    "watch_run": watch_run_text,
    "watch_list": watch_list_text,
    "batch": batch_text,
}
