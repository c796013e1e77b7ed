"""Every match of a query, one by one in rank order, for citation (``corpus-search export``).

Unlike ``search``, which returns one page of hits with short snippets, :func:`iter_matches` walks
all matching documents in rank order and yields one :class:`~corpus_search.models.Match` per
match in the text, with its exact character offsets and the passage around it. It is a
generator: the ranking (document numbers and scores) is computed first, then each document is
read only when the consumer asks for its matches, so an export of a million matches never holds
more than one document's text.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from corpus_search.models import Match

from .highlight import match_spans, targets_for
from .query import check_expansions, parse_query
from .ranking import DEFAULT_RANKING
from .results import SortOrder, rank_all

if TYPE_CHECKING:
    from corpus_search.index import Index

# Where a sentence ends: . ! or ? (and closing quotes or brackets) before a space, or a newline.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s|\n")
PASSAGE_CONTEXT = 200  # characters looked at on each side of a match for the passage's bounds


def iter_matches(
    index: Index,
    query: str,
    *,
    match_all: bool = True,
    sort: SortOrder = "relevance",
    context: int = PASSAGE_CONTEXT,
) -> Iterator[Match]:
    """Yield every match of ``query`` in the index: documents in ``sort`` order, matches in
    text order. Raises QueryError (on the first ``next``) for a query that cannot run."""
    q = parse_query(index.schema, query, match_all=match_all)
    with index.searcher(weighting=DEFAULT_RANKING.weighting()) as searcher:
        check_expansions(q, searcher.reader())
        ranked = rank_all(searcher, q, sort=sort)
        targets = targets_for(q, searcher.reader())
        leaves = searcher.leaf_searchers()
        offsets = [offset for _, offset in leaves]
        for rank, (docnum, _) in enumerate(ranked, start=1):
            leaf = bisect_right(offsets, docnum) - 1
            reader, local = leaves[leaf][0].reader(), docnum - offsets[leaf]
            stored = searcher.stored_fields(docnum)
            text = stored.get("body", "")
            spans = match_spans(reader, local, targets) if targets else []
            base = _document_fields(query, rank, stored)
            pages = base.pop("pages")
            if not spans:  # matched in the title or metadata only
                yield Match(
                    **base,
                    start=None,
                    end=None,
                    text="",
                    passage="",
                    passage_start=None,
                    passage_end=None,
                )
                continue
            for start, end, _ in spans:
                p_start, p_end = passage_bounds(text, start, end, context)
                yield Match(
                    **base,
                    start=start,
                    end=end,
                    text=text[start:end],
                    passage=text[p_start:p_end],
                    passage_start=p_start,
                    passage_end=p_end,
                    page=page_of(pages, start),
                )


def passage_bounds(
    text: str, start: int, end: int, context: int = PASSAGE_CONTEXT
) -> tuple[int, int]:
    """The sentence (or sentences) holding ``text[start:end]``, cut at a word within ``context``
    characters on each side, without surrounding spaces: (passage start, passage end)."""
    lo = max(0, start - context)
    p_start = lo
    boundary = None
    for m in _SENTENCE_END.finditer(text, lo, start):
        boundary = m.end()
    if boundary is not None:
        p_start = boundary
    elif lo > 0:
        space = text.find(" ", lo, start)
        p_start = space + 1 if space != -1 else lo
    hi = min(len(text), end + context)
    after = _SENTENCE_END.search(text, end, hi)
    if after is not None:
        p_end = after.start() + 1 if text[after.start()] != "\n" else after.start()
    elif hi < len(text):
        space = text.rfind(" ", end, hi)
        p_end = space if space > end else hi
    else:
        p_end = hi
    while p_start < start and text[p_start].isspace():
        p_start += 1
    while p_end > end and text[p_end - 1].isspace():
        p_end -= 1
    return p_start, p_end


def page_of(pages: tuple[int, ...], offset: int) -> int | None:
    """The 1-based page holding character ``offset``, for a document whose pages start at the
    offsets ``pages`` (PDFs: the ``pages`` list the indexer stores in a document's metadata);
    None for a document without pages."""
    return max(bisect_right(pages, offset), 1) if pages else None


def _document_fields(query: str, rank: int, stored: dict[str, Any]) -> dict[str, Any]:
    meta = json.loads(stored.get("meta") or "{}")
    date = stored.get("date")
    return {
        "query": query,
        "rank": rank,
        "key": stored["key"],
        "path": stored.get("path") or stored["key"],
        "sha256": str(meta.get("sha256", "")),
        "title": stored.get("title", ""),
        "author": stored.get("author"),
        "date": date if isinstance(date, datetime) else None,
        "pages": tuple(int(p) for p in meta.get("pages") or ()),
    }
