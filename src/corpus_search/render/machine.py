"""Machine output: json.dumps of fixed, documented keys (README "JSON output"). Never Rich."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..models import (
    DATE_SOURCES,
    Document,
    IndexInfo,
    IndexReport,
    SearchResult,
    Snippet,
    page_at,
)
from . import views
from .collection import MACHINE_VIEWS, hit_dict
from .quotes import quotes_dict, speakers_dict
from .text import hit_path

if TYPE_CHECKING:  # evaluate is only needed by eval
    from ..evaluate import Comparison, EvalResult
    from ..searching.ranking import Ranking


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def snippet_dict(snippet: Snippet) -> dict[str, Any]:
    return {
        "text": snippet.text,
        "matches": [[s, e] for s, e in snippet.spans],
        "page": snippet.page,
    }


def search_dict(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "limit": result.limit,
        "hits": [hit_dict(hit) for hit in result.hits],
        "suggestion": result.suggestion,
    }


def document_dict(
    doc: Document, highlighted: Snippet | None = None, *, page: int | None = None
) -> dict[str, Any]:
    """``pages``: a PDF's page starts in ``text`` ([] for other documents); with ``page`` (show
    --page) ``text`` is that page alone and ``pages`` still counts all of them."""
    data: dict[str, Any] = {
        "key": doc.key,
        "path": doc.path,
        "title": doc.title,
        "author": doc.author,
        "date": _date(doc.date),
        "tags": list(doc.tags),
        "text": doc.text,
        "size": doc.size,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "format": doc.format,
        "truncated": doc.truncated,
        "warnings": list(doc.warnings),
        "attachments": list(doc.attachments),
        "pages": list(doc.pages),
        "page": page,
    }
    if highlighted is not None:
        data["matches"] = [[s, e] for s, e in highlighted.spans]
        data["match_pages"] = [
            page if page is not None else page_at(doc.pages, s) for s, _ in highlighted.spans
        ]
    return data


def info_dict(info: IndexInfo) -> dict[str, Any]:
    return {
        "index": info.index,
        "documents": info.documents,
        "size_bytes": info.size_bytes,
        "updated": _date(info.updated),
        "schema_version": info.schema_version,
        "fields": list(info.fields),
        "segments": info.segments,
        "roots": [
            {
                "path": r.path,
                "include": list(r.include),
                "exclude": list(r.exclude),
                "exists": r.exists,
            }
            for r in info.roots
        ],
    }


def report_dict(report: IndexReport, index: str) -> dict[str, Any]:
    return {
        "index": index,
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "warnings": [{"path": s.path, "reason": s.reason} for s in report.warnings],
        "truncated": list(report.truncated),
        "unsupported": [{"path": s.path, "reason": s.reason} for s in report.unsupported],
        "dates": {**dict.fromkeys(DATE_SOURCES, 0), **report.dates},
        "pruned": report.pruned,
        "unmatched": report.unmatched,
        "left_out": {"files": sum(report.left_out.values()), "extensions": dict(report.left_out)},
        "missing": list(report.missing),
        "vanished_roots": list(report.vanished_roots),
        "roots": list(report.roots),
        "elapsed_seconds": round(report.elapsed, 3),
        "interrupted": report.interrupted,
        "reread": {"files": report.reread, "readers": sorted(report.reread_readers)},
    }


def report_file_lines(report: IndexReport) -> Iterator[str]:
    """``index --report``: one JSON line per skipped, warned or truncated file."""
    rows = [{"path": s.path, "status": "skipped", "reason": s.reason} for s in report.skipped]
    rows += [{"path": s.path, "status": "warning", "reason": s.reason} for s in report.warnings]
    rows += [
        {"path": p, "status": "truncated", "reason": "longer than the size limit"}
        for p in report.truncated
    ]
    rows += [
        {"path": s.path, "status": "unsupported", "reason": s.reason} for s in report.unsupported
    ]
    return (dumps(row) for row in rows)


def dumps(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False)
    # A lone surrogate (an undecodable byte in a command-line argument or file name) cannot be
    # written as UTF-8; escaped as \udcff the output stays valid JSON.
    return json.dumps(data) if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")


def eval_context(index_path: str, ranking: Ranking, run_file: str | None) -> dict[str, Any]:
    """The keys describing one ``eval`` configuration: index, mode, ranking, run."""
    return {
        "index": index_path,
        "mode": "bag-of-words",
        "ranking": {"k1": ranking.k1, "b": ranking.b, "title_boost": ranking.title_boost},
        "run": run_file,
    }


def eval_dict(
    result: EvalResult,
    *,
    per_query: bool = False,
    context: dict[str, Any] | None = None,
    compared: tuple[EvalResult, Comparison, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """``eval --json``: the context keys (index, topics, qrels, mode, ranking, run), then
    ``EvalResult.to_dict``; with a comparison, ``compare`` holds B's context and result under
    ``result`` and the per-query wins and losses under ``comparison``."""
    data: dict[str, Any] = dict(context or {})
    data.update(result.to_dict(per_query=per_query))
    if compared is not None:
        other, comparison, other_context = compared
        data["compare"] = {
            **other_context,
            "result": other.to_dict(per_query=per_query),
            "comparison": comparison.to_dict(),
        }
    return data


def count_dict(result: SearchResult) -> dict[str, Any]:
    """``search --count``."""
    return {"query": result.query, "total": result.total}


def paths_dict(result: SearchResult) -> dict[str, Any]:
    """``search --files-with-matches``: each hit's path (``path#id`` for a JSON Lines record)."""
    return {
        "query": result.query,
        "total": result.total,
        "paths": [hit_path(h) for h in result.hits],
    }


def search_explained_dict(result: SearchResult, explanation: Any) -> dict[str, Any]:
    """``search --json --explain`` (and ``--json`` with no hits): ``search_dict`` plus
    ``"explain"`` (``views.explain_dict``)."""
    return {**search_dict(result), "explain": views.explain_dict(explanation)}


# View name -> JSON-ready dict, for render.emit.
VIEWS: dict[str, Callable[..., Any]] = {
    "search": search_dict,
    "search_explained": search_explained_dict,
    "kwic": views.kwic_dict,
    "timeline": views.timeline_dict,
    "terms": views.terms_dict,
    "count": count_dict,
    "paths": paths_dict,
    "document": document_dict,
    "info": info_dict,
    "report": report_dict,
    "eval": eval_dict,
    **MACHINE_VIEWS,
    "quotes": quotes_dict,
    "speakers": speakers_dict,
}

# View name -> CSV text (a header row, then one row per line, period or term), for render.emit.
CSV_VIEWS: dict[str, Callable[..., str]] = {
    "kwic": views.kwic_csv,
    "timeline": views.timeline_csv,
    "terms": views.terms_csv,
}
