"""The views over all matches (``kwic``, ``timeline``, ``terms``, ``search --explain``) as JSON
dicts, CSV and plain aligned text for pipes. No Rich here (``views_human`` draws terminals);
keys and columns are documented in the README."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .text import did_you_mean_line, display_path, plural, safe_line

if TYPE_CHECKING:  # the views are only loaded by their commands
    from ..searching.clauses import Clause
    from ..views import Concordance, Explanation, TermsResult, Timeline

KWIC_COLUMNS = ("path", "title", "date", "left", "match", "right", "start", "end", "field")
BAR = 40  # characters of the longest bar in plain text


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """RFC 4180 CSV (quoted where needed), without a trailing newline."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


# --- kwic -------------------------------------------------------------------------------------


def kwic_dict(result: Concordance) -> dict[str, Any]:
    return {
        "query": result.query,
        "suggestion": result.suggestion,
        "total": result.total,
        "documents": result.documents,
        "sort": result.sort,
        "width": result.width,
        "title_only": result.title_only,
        "lines": [
            {
                "path": line.path,
                "title": line.title,
                "date": _date(line.date),
                "left": line.left,
                "match": line.match,
                "right": line.right,
                "start": line.start,
                "end": line.end,
                "field": line.field,
            }
            for line in result.lines
        ],
    }


def nothing_matched(query: str, *, in_text: bool = False) -> str:
    """A view's one line when no document matches ``query``."""
    if in_text:
        return f"No matches of {safe_line(query)!r} in the text of any document."
    return f"No documents match {safe_line(query)!r}."


def nothing_text(message: str, suggestion: str | None) -> str:
    """``message`` and, when a spelling is known, "Did you mean" under it (as ``search``)."""
    return message + ("\n" + did_you_mean_line(suggestion) if suggestion else "")


def kwic_csv(result: Concordance) -> str:
    rows = kwic_dict(result)["lines"]
    return csv_text(KWIC_COLUMNS, ([row[c] for c in KWIC_COLUMNS] for row in rows))


def kwic_text(result: Concordance) -> str:
    """One line per match: the left context right-aligned, the match, the right context, the
    document; matches are padded to one width so every column lines up."""
    if not result.lines:
        return nothing_text(nothing_matched(result.query, in_text=True), result.suggestion)
    width = result.width
    match_width = max(len(line.match) for line in result.lines)
    out = []
    for line in result.lines:
        left = safe_line(line.left).rjust(width)
        right = safe_line(line.right).ljust(width)
        match = safe_line(line.match).ljust(match_width)
        where = " (title)" if line.field == "title" else ""
        out.append(f"{left}  {match}  {right}  {safe_line(display_path(line.path))}{where}")
    out.append(kwic_summary(result))
    return "\n".join(out)


def kwic_summary(result: Concordance) -> str:
    shown = len(result.lines)
    more = f"; showing {shown}" if shown < result.total else ""
    titles = (
        f" ({result.title_only} only in the title: lines marked (title))"
        if result.title_only
        else ""
    )
    matches = plural(result.total, "match", "matches")
    return f"{matches} in {plural(result.documents, 'document')}{titles}{more}."


# --- timeline ---------------------------------------------------------------------------------


def timeline_dict(result: Timeline, *, normalise: bool = False) -> dict[str, Any]:
    """``normalise`` changes nothing here: every bin has its ``share``."""
    data: dict[str, Any] = {
        "query": result.query,
        "suggestion": result.suggestion,
        "by": result.by,
        "total": result.total,
        "bins": [
            {
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "documents": b.documents,
                "corpus_documents": b.corpus_documents,
                "share": None if b.share is None else round(b.share, 6),
            }
            for b in result.bins
        ],
        "undated": result.undated,
        "corpus_undated": result.corpus_undated,
    }
    if result.split is not None:
        data["split"] = result.split
        data["series"] = [
            {
                "name": s.name,
                "documents": s.documents,
                "undated": s.undated,
                "counts": list(s.counts),
            }
            for s in result.series
        ]
    return data


def timeline_csv(result: Timeline, *, normalise: bool = False) -> str:
    """``normalise`` changes nothing here: every row has its ``share``."""
    names = [s.name for s in result.series]
    header = ["start", "end", "documents", "corpus_documents", "share", *names]
    rows = [
        [
            b.start.isoformat(),
            b.end.isoformat(),
            b.documents,
            b.corpus_documents,
            "" if b.share is None else round(b.share, 6),
            *(s.counts[i] for s in result.series),
        ]
        for i, b in enumerate(result.bins)
    ]
    rows.append(
        [
            "undated",
            "",
            result.undated,
            result.corpus_undated,
            "",
            *(s.undated for s in result.series),
        ]
    )
    return csv_text(header, rows)


def timeline_text(result: Timeline, *, normalise: bool = False) -> str:
    """One line per period: label, matches, corpus documents, share, a bar of '#'."""
    from ..views.timeline import period_label

    if not result.total:
        return nothing_text(nothing_matched(result.query), result.suggestion)
    lines = [f"{result.total} matching documents by {result.by}; {result.undated} undated."]
    values = [bar_value(b.documents, b.corpus_documents, normalise) for b in result.bins]
    top = max(values, default=0) or 1
    names = [safe_line(s.name) for s in result.series]
    head = f"{'period':<10} {'matches':>8} {'corpus':>8} {'share':>7}"
    lines.append(head + "".join(f"  {n[:16]:>16}" for n in names))
    for i, (b, value) in enumerate(zip(result.bins, values, strict=True)):
        share = "" if b.share is None else f"{b.share:.1%}"
        bar = "#" * round(BAR * value / top)
        extra = "".join(f"  {s.counts[i]:>16}" for s in result.series)
        label = period_label(b.start, result.by)
        lines.append(
            f"{label:<10} {b.documents:>8} {b.corpus_documents:>8} {share:>7}{extra}  {bar}"
        )
    extra = "".join(f"  {s.undated:>16}" for s in result.series)
    lines.append(f"{'undated':<10} {result.undated:>8} {result.corpus_undated:>8} {'':>7}{extra}")
    return "\n".join(line.rstrip() for line in lines)


def bar_value(documents: int, corpus: int, normalise: bool) -> float:
    if not normalise:
        return float(documents)
    return documents / corpus if corpus else 0.0


# --- terms ------------------------------------------------------------------------------------


def terms_dict(result: TermsResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "query": result.query,
        "suggestion": result.suggestion,
        "measure": result.measure,
        "hit_documents": result.hit_documents,
        "corpus_documents": result.corpus_documents,
    }
    if result.measure == "g2":
        data["sampled"] = result.sampled
        data["rows"] = [
            {
                "term": r.term,
                "hit_documents": r.hit_documents,
                "corpus_documents": r.corpus_documents,
                "score": r.score,
                "log_ratio": r.effect,
            }
            for r in result.rows
        ]
    else:
        data["window"] = result.window
        data["matches"] = result.matches
        data["rows"] = [
            {
                "term": r.term,
                "hit_documents": r.hit_documents,
                "corpus_documents": r.corpus_documents,
                "score": r.score,
                "cooccurrences": r.cooccurrences,
                "corpus_frequency": r.corpus_frequency,
                "mi": r.effect,
            }
            for r in result.rows
        ]
    return data


def terms_csv(result: TermsResult) -> str:
    rows = terms_dict(result)["rows"]
    header = list(rows[0]) if rows else ["term", "hit_documents", "corpus_documents", "score"]
    return csv_text(header, ([row[c] for c in header] for row in rows))


def terms_text(result: TermsResult) -> str:
    if not result.hit_documents:
        return nothing_text(nothing_matched(result.query), result.suggestion)
    if result.measure == "g2":
        sampled = f" (word counts from a sample of {result.sampled})" if result.sampled else ""
        lines = [
            f"Over-represented in {result.hit_documents} of {result.corpus_documents} documents"
            f"{sampled}, by log-likelihood G2; effect: log ratio.",
            f"{'term':<28} {'matching':>9} {'corpus':>9} {'G2':>10} {'log ratio':>9}",
        ]
        lines += [
            f"{safe_line(r.term)[:28]:<28} {r.hit_documents:>9} {r.corpus_documents:>9} "
            f"{r.score:>10.1f} {r.effect:>9.2f}"
            for r in result.rows
        ]
    else:
        lines = [
            f"Words within {result.window} of {result.matches} matches in {result.hit_documents} "
            "documents, by log-Dice (MI beside it).",
            f"{'term':<28} {'together':>9} {'documents':>9} {'corpus':>9} "
            f"{'log-Dice':>8} {'MI':>6}",
        ]
        lines += [
            f"{safe_line(r.term)[:28]:<28} {r.cooccurrences:>9} {r.hit_documents:>9} "
            f"{r.corpus_frequency:>9} {r.score:>8.2f} {r.effect:>6.2f}"
            for r in result.rows
        ]
    if not result.rows:
        lines.append("(none significant)")
    return "\n".join(lines)


# --- explain ----------------------------------------------------------------------------------


def clause_dicts(root: Clause) -> list[dict[str, Any]]:
    from ..views.explain import describe, typed, walk

    return [
        {
            "clause": describe(clause),
            "kind": clause.kind,
            "fields": list(clause.fields),
            "documents": clause.documents,
            "depth": depth,
            "expansions": [{"word": w, "documents": n} for w, n in clause.expansions],
            "expansion_count": clause.expansion_count,
            "typed": typed(clause),
        }
        for depth, clause in walk(root)
    ]


def explain_dict(result: Explanation) -> dict[str, Any]:
    from ..views.explain import describe, typed

    return {
        "parsed": result.parsed,
        "documents": result.documents,
        "clauses": clause_dicts(result.root),
        "emptied_by": describe(result.emptied_by) if result.emptied_by else None,
        "reason": result.reason or None,
        "suggestions": list(result.suggestions),
        "emptied_by_typed": typed(result.emptied_by) if result.emptied_by else None,
    }


def explain_text(result: Explanation) -> str:
    from ..views.explain import label, walk

    lines = [f"The query is read as: {safe_line(result.parsed)}"]
    for depth, clause in walk(result.root):
        lines.append("  " * (depth + 1) + _clause_line(clause, label(clause)))
        shown = ", ".join(f"{safe_line(w)} ({n:,})" for w, n in clause.expansions)
        if shown:
            more = clause.expansion_count - len(clause.expansions)
            lines.append(
                "  " * (depth + 2) + "= " + shown + (f" and {more:,} more" if more else "")
            )
    if result.emptied_by is not None:
        lines.append(
            f"No results because of {safe_line(label(result.emptied_by))}: "
            f"{safe_line(result.reason)}."
        )
    for suggestion in result.suggestions:
        lines.append(f"Try: {safe_line(suggestion)}")
    return "\n".join(lines)


def _clause_line(clause: Clause, text: str) -> str:
    where = f" in {'/'.join(clause.fields)}" if clause.fields and clause.kind != "range" else ""
    return f"{safe_line(text)}{where}: {clause.documents:,} documents"
