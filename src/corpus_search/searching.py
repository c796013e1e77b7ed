"""Search an open index and return plain dataclasses (no Whoosh object leaves this module)."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, ParamSpec, TypeVar

from whoosh import sorting
from whoosh.util.times import datetime_to_long

from .errors import CorpusSearchError, DocumentNotFoundError
from .highlight import highlight_whole, make_snippets, match_spans, targets_for
from .index import Index
from .models import Document, Hit, SearchResult, Snippet
from .query import DEFAULT_RANKING, Ranking, bag_of_words, check_expansions, parse_query

SortOrder = Literal["relevance", "date"]

_WORD = re.compile(r"(?<![\w:*~\"])([^\W\d_][\w'’-]*)(?![\w:*~])")
_LATEST_DATE = datetime_to_long(datetime(9999, 12, 31))
_OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}
_READ_ATTEMPTS = 3

_P = ParamSpec("_P")
_T = TypeVar("_T")


def _retry_after_commit(read: Callable[_P, _T]) -> Callable[_P, _T]:
    """Run ``read`` again when it failed because another process committed meanwhile.

    Whoosh opens some files of a segment lazily, after reading the table of contents, and a
    commit deletes the files of segments it merged away: a search that overlapped a commit
    failed with "TypeError: 'NoneType' object is not subscriptable" or ReadTooFar. A failure
    while the index generation stayed the same is re-raised.
    """

    @functools.wraps(read)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        index = args[0]
        assert isinstance(index, Index)
        for attempt in range(1, _READ_ATTEMPTS + 1):
            generation = index.whoosh.latest_generation()
            try:
                return read(*args, **kwargs)
            except CorpusSearchError:
                raise
            except Exception:
                if attempt == _READ_ATTEMPTS or index.whoosh.latest_generation() == generation:
                    raise
        raise AssertionError("unreachable")

    return run


@_retry_after_commit
def search(
    index: Index,
    query: str,
    *,
    limit: int = 10,
    page: int = 1,
    sort: SortOrder = "relevance",
    fragments: int = 3,
    context: int = 80,
    match_all: bool = True,
) -> SearchResult:
    """Run ``query`` (the query language of ``corpus-search search``) and return one page of hits.

    Raises QueryError for a query that cannot run. ``total`` counts every matching document.
    When nothing matches, ``suggestion`` holds a corrected query if the index knows one.
    """
    limit, page = max(1, limit), max(1, page)
    q = parse_query(index.schema, query, match_all=match_all)
    with index.searcher(weighting=DEFAULT_RANKING.weighting()) as searcher:
        check_expansions(q, searcher.reader())
        offset = (page - 1) * limit
        if sort == "date":
            results = searcher.search(q, limit=offset + limit, sortedby=_NewestFirst())
        else:
            # optimize=False: no block-quality skipping, so the collector counts every match as
            # it scores it; with skipping, len() below runs the query a second time to count.
            # Half the time of a warm search over 50 mixed queries, same hits.
            results = searcher.search(q, limit=offset + limit, optimize=False)
        total = len(results)
        targets = targets_for(q, searcher.reader()) if fragments > 0 else None
        leaves = searcher.leaf_searchers()
        ranks = range(offset, min(offset + limit, results.scored_length()))
        spans_of: dict[int, list[tuple[int, int, str]]] = {}
        if targets:
            # In document order, so each word's posting list is read once, moving forward.
            matchers: dict[Any, Any] = {}
            for docnum in sorted(results.docnum(rank) for rank in ranks):
                leaf_reader, local = _leaf(leaves, docnum)
                spans_of[docnum] = match_spans(leaf_reader, local, targets, matchers)
        hits = []
        for rank in ranks:
            docnum = results.docnum(rank)
            stored = searcher.stored_fields(docnum)
            snippets: tuple[Snippet, ...] = ()
            if targets is not None:
                spans = spans_of.get(docnum, [])
                snippets = make_snippets(
                    stored.get("body", ""), spans, fragments=fragments, context=context
                )
            hits.append(_hit(rank + 1, stored, results.score(rank), snippets))
        suggestion = None if total else _suggest(searcher, query)
    return SearchResult(
        query=query, total=total, hits=tuple(hits), suggestion=suggestion, page=page, limit=limit
    )


class _NewestFirstKeys(sorting.Categorizer):  # type: ignore[misc]
    def set_searcher(self, segment_searcher: Any, docoffset: int) -> None:
        self._dates = segment_searcher.reader().column_reader("date", translate=False)

    def key_for(self, matcher: Any, segment_docnum: int) -> tuple[int, int]:
        value = self._dates[segment_docnum]
        if value is None or value > _LATEST_DATE:  # no date: the column's huge default
            return (1, 0)
        return (0, -int(value))


class _NewestFirst(sorting.FacetType):  # type: ignore[misc]
    """Newest first, undated documents last (Whoosh's reverse date sort puts them first)."""

    def categorizer(self, global_searcher: Any) -> _NewestFirstKeys:
        return _NewestFirstKeys()


@_retry_after_commit
def rank(
    index: Index, text: str, *, limit: int = 1000, ranking: Ranking = DEFAULT_RANKING
) -> list[tuple[str, float]]:
    """Natural-language ``text`` as a bag of words (no query syntax): (doc id, score), best first.

    The id is the record id for JSON Lines records and the key (path) for files. ``ranking``
    defaults to the settings ``search`` uses.
    """
    q = bag_of_words(index.schema, text, title_boost=ranking.title_boost)
    with index.searcher(weighting=ranking.weighting()) as searcher:
        # Block-quality skipping costs more than it saves on long OR queries: ~20% slower on
        # SciFact topics at depth 1000 and 10, same hits and scores.
        results = searcher.search(q, limit=limit, optimize=False)
        if not results.scored_length():
            return []
        reader = searcher.reader()
        doc_ids = reader.column_reader("doc_id")
        keys = reader.column_reader("key")
        ranked = []
        for i in range(results.scored_length()):
            docnum = results.docnum(i)
            ranked.append((doc_ids[docnum] or keys[docnum], float(results.score(i) or 0.0)))
        return ranked


@_retry_after_commit
def get_document(
    index: Index, ref: str, *, query: str | None = None
) -> tuple[Document, Snippet | None]:
    """Find one document by key, path (absolute or relative), record id or unique path suffix.

    With ``query``, also return the whole text with that query's matches as spans.
    """
    ix = index.whoosh
    q = parse_query(ix.schema, query) if query else None
    with ix.searcher() as searcher:
        docnum = _resolve(searcher, ref)
        stored = searcher.stored_fields(docnum)
        highlighted = None
        if q is not None:
            leaf_reader, local = _leaf(searcher.leaf_searchers(), docnum)
            targets = targets_for(q, searcher.reader())
            highlighted = highlight_whole(leaf_reader, local, targets, stored.get("body", ""))
    return _document(stored), highlighted


def _resolve(searcher: Any, ref: str) -> int:
    for fieldname, value in (("key", ref), ("key", os.path.abspath(ref)), ("doc_id", ref)):
        docnum = searcher.document_number(**{fieldname: value})
        if docnum is not None:
            return int(docnum)
    suffix = "/" + ref.lstrip("./")
    matches = [k for k in searcher.reader().field_terms("key") if k.endswith(suffix)]
    if len(matches) == 1:
        return int(searcher.document_number(key=matches[0]))
    if len(matches) > 1:
        listed = ", ".join(matches[:3]) + (" …" if len(matches) > 3 else "")
        raise DocumentNotFoundError(
            f"'{ref}' matches {len(matches)} documents ({listed}); give more of the path"
        )
    raise DocumentNotFoundError(
        f"No document '{ref}' in the index. Find one with: corpus-search search WORDS"
    )


def _leaf(leaves: list[tuple[Any, int]], docnum: int) -> tuple[Any, int]:
    """The segment reader holding a global document number, and the number within it."""
    for i, (sub, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else None
        if docnum >= offset and (end is None or docnum < end):
            return sub.reader(), docnum - offset
    raise LookupError(docnum)


def _hit(rank: int, stored: dict[str, Any], score: Any, snippets: tuple[Snippet, ...]) -> Hit:
    return Hit(
        rank=rank,
        key=stored["key"],
        path=stored.get("path") or stored["key"],
        title=stored.get("title", ""),
        score=round(float(score), 4) if isinstance(score, (int, float)) else 0.0,
        author=stored.get("author"),
        date=stored.get("date"),
        tags=_tags(stored),
        doc_id=stored.get("doc_id", ""),
        snippets=snippets,
    )


def _tags(stored: dict[str, Any]) -> tuple[str, ...]:
    return tuple(t for t in str(stored.get("tags", "")).split(",") if t)


def _document(stored: dict[str, Any]) -> Document:
    meta = json.loads(stored.get("meta") or "{}")
    date = stored.get("date")
    return Document(
        key=stored["key"],
        path=stored.get("path") or stored["key"],
        title=stored.get("title", ""),
        text=stored.get("body", ""),
        doc_id=stored.get("doc_id", ""),
        author=stored.get("author"),
        date=date if isinstance(date, datetime) else None,
        tags=_tags(stored),
        size=int(meta.get("size", 0)),
        mtime=float(meta.get("mtime", 0.0)),
        sha256=str(meta.get("sha256", "")),
        encoding=str(meta.get("encoding", "utf-8")),
        format=str(meta.get("format", "text")),
        truncated=bool(meta.get("truncated", False)),
        warnings=tuple(meta.get("warnings", ())),
    )


def _suggest(searcher: Any, text: str) -> str | None:
    """The query with unknown words replaced by the closest indexed words, if any changed."""
    schema = searcher.schema
    reader = searcher.reader()
    corrector = None
    pieces: list[str] = []
    last = 0
    changed = False
    known: dict[str, list[str]] = {}  # a word repeated 300 times is looked up once (was 12 s)
    for m in _WORD.finditer(text):
        word = m.group(1)
        if word in _OPERATORS:
            continue
        folded = [t.text for t in schema["spell"].analyzer(word)]
        if len(folded) != 1 or ("spell", folded[0]) in reader:
            continue
        corrector = corrector or searcher.corrector("spell")
        if folded[0] not in known:
            known[folded[0]] = corrector.suggest(folded[0], limit=1, maxdist=2, prefix=1)
        found = known[folded[0]]
        if found:
            pieces.append(text[last : m.start(1)] + found[0])
            last = m.end(1)
            changed = True
    if not changed:
        return None
    return "".join(pieces) + text[last:]
