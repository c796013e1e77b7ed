"""Quotations and speakers for scripts (JSON) and pipes (plain text); Rich is in quotes_human."""

from __future__ import annotations

import shlex
from typing import Any

from ..models import QuoteResult, SpeakerCount
from .text import did_you_mean_line, display_path, plural, safe, safe_line, short_date


def quotes_dict(result: QuoteResult) -> dict[str, Any]:
    """``{"query", "speaker", "suggestion", "speaker_suggestion", "total", "page", "limit",
    "quotes": [{"speaker", "text", "path",
    "title", "date", "start", "end", "verb", "attribution", "key", "matches"}]}``; ``start`` and
    ``end`` are offsets into the document's text, ``matches`` offsets into ``text``."""
    return {
        "query": result.query,
        "speaker": result.speaker,
        "suggestion": result.suggestion,
        "speaker_suggestion": result.speaker_suggestion,
        "total": result.total,
        "page": result.page,
        "limit": result.limit,
        "quotes": [
            {
                "speaker": q.speaker,
                "text": q.text,
                "path": q.path,
                "title": q.title,
                "date": q.date.isoformat() if q.date is not None else None,
                "start": q.start,
                "end": q.end,
                "verb": q.verb,
                "attribution": q.attribution,
                "key": q.key,
                "matches": [list(span) for span in q.spans],
            }
            for q in result.quotes
        ],
    }


def speakers_dict(
    speakers: tuple[SpeakerCount, ...],
    *,
    total: int | None = None,
    page: int = 1,
    limit: int | None = None,
) -> dict[str, Any]:
    """``{"speakers": [{"name", "quotations", "documents"}], "total", "page", "limit"}``, most
    quoted first: ``speakers`` is one page of ``total`` (``limit`` None: all of them)."""
    return {
        "speakers": [
            {"name": s.name, "quotations": s.quotations, "documents": s.documents} for s in speakers
        ],
        "total": len(speakers) if total is None else total,
        "page": page,
        "limit": limit,
    }


def speakers_footer(
    shown: int, *, total: int | None = None, page: int = 1, limit: int | None = None
) -> str:
    """Under a page of speakers that is not all of them: ``Speakers 1-20 of 2,101; --page 2
    for the next, --limit N for more per page.``; "" when all are shown."""
    if not total:
        return ""
    if not shown:
        return f"No speakers on page {page} ({total:,} in all)."
    if limit is None or shown >= total:
        return ""
    first = (page - 1) * limit + 1
    last = first + shown - 1
    more = f"; --page {page + 1} for the next" if last < total else ""
    return f"Speakers {first:,}-{last:,} of {total:,}{more}, --limit N for more per page."


def describe(result: QuoteResult) -> str:
    """What was asked for, in words: 'matching 'police' by 'malik''."""
    parts = []
    if result.query:
        parts.append(f"matching {safe_line(result.query)!r}")
    if result.speaker:
        parts.append(f"by {safe_line(result.speaker)!r}")
    return " ".join(parts)


def did_you_mean(result: QuoteResult) -> str | None:
    """The corrected query and ``--speaker`` to try ("chelsea --speaker mourinho"), the parts
    that were right left out, or None when there is no correction."""
    parts = []
    if result.suggestion:
        parts.append(result.suggestion)
    if result.speaker_suggestion:
        parts.append(f"--speaker {shlex.quote(result.speaker_suggestion)}")
    return safe_line(" ".join(parts)) if parts else None


def quotes_heading(result: QuoteResult) -> str:
    """The line above the quotations ("1 quotation by 'Brown'; showing 1-1."), or the one line
    saying there are none; for the terminal and for pipes alike."""
    what = describe(result)
    what = f" {what}" if what else ""
    if not result.quotes:
        if result.total:
            return f"No quotations on page {result.page} ({result.total:,} in all)."
        return f"No quotations{what}."
    first = (result.page - 1) * result.limit + 1
    last = first + len(result.quotes) - 1
    more = f" (--page {result.page + 1} for the next)" if last < result.total else ""
    return f"{plural(result.total, 'quotation')}{what}; showing {first}-{last}{more}."


def quotes_text(result: QuoteResult) -> str:
    """One block per quotation: the speaker and the quotation, then the document's title, date
    and path (no colour: for pipes and files)."""
    if not result.quotes:
        spelling = did_you_mean(result)
        return quotes_heading(result) + ("\n" + did_you_mean_line(spelling) if spelling else "")
    first = (result.page - 1) * result.limit + 1
    lines = [quotes_heading(result)]
    for n, q in enumerate(result.quotes, start=first):
        lines.append("")
        verb = f" ({q.verb})" if q.verb else ""
        lines.append(f"{n}. {safe_line(q.speaker)}{verb}:")
        lines.append("   “" + safe(q.text).replace("\n", "\n   ") + "”")
        meta = [safe_line(q.title), display_path(q.path)]
        if q.date is not None:
            meta.insert(1, short_date(q.date))
        lines.append("   " + safe_line(" | ".join(meta)))
    return "\n".join(lines)


def speakers_text(
    speakers: tuple[SpeakerCount, ...],
    *,
    total: int | None = None,
    page: int = 1,
    limit: int | None = None,
) -> str:
    """A table: quotations, documents, speaker; most quoted first; then, when it is one page of
    more, which page (:func:`speakers_footer`)."""
    footer = speakers_footer(len(speakers), total=total, page=page, limit=limit)
    if not speakers:
        return footer or "No speakers in the index."
    lines = ["quotations  documents  speaker"]
    for s in speakers:
        lines.append(f"{s.quotations:>10}  {s.documents:>9}  {safe_line(s.name)}")
    if footer:
        lines.append(footer)
    return "\n".join(lines)


def nobody_quoted_text(speaker: str, query: str, respelled: str | None) -> str:
    """``search [QUERY] --speaker NAME`` when no document quotes NAME (saying QUERY), with the
    respelt name if there is one, as ``quotes`` offers it."""
    saying = f" saying something that matches {safe_line(query)!r}" if query else ""
    lines = [
        f"No document quotes {safe_line(speaker)!r}{saying} (`corpus-search speakers` lists them)."
    ]
    if respelled:
        lines.append(f"Did you mean: --speaker {safe_line(respelled)!r}?")
    return "\n".join(lines)
