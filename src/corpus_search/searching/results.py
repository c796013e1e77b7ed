"""Search an open index and return plain dataclasses (no Whoosh object leaves this module)."""

from __future__ import annotations

import functools
import os
from bisect import bisect_right
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime
from typing import Any, Literal, ParamSpec, TypeVar

from whoosh import query as wq
from whoosh.util.times import datetime_to_long

from corpus_search.errors import (
    AmbiguousDocumentError,
    CorpusSearchError,
    DocumentNotFoundError,
    InputError,
)
from corpus_search.index import Index, open_index
from corpus_search.index.schema import stored_meta
from corpus_search.models import Document, Hit, SearchResult, Snippet, page_span

from .highlight import highlight_whole, make_snippets, match_spans, targets_for, title_lead
from .query import bag_of_words, check_expansions, parse_query
from .ranking import DEFAULT_RANKING, Ranking
from .scoring import term_at_a_time, top_documents
from .suggest import FEW_HITS, suggest

SortOrder = Literal["relevance", "date", "oldest"]
# The orders and what they mean, for help and error messages.
SORT_ORDERS: dict[str, str] = {
    "relevance": "best match first",
    "date": "newest first",
    "oldest": "oldest first",
}

_LATEST_DATE = datetime_to_long(datetime(9999, 12, 31))
_READ_ATTEMPTS = 3
# Score word/phrase/AND/OR queries with scoring.top_documents instead of Whoosh's matchers (same
# results, faster); tests turn it off to compare the two.
_TERM_AT_A_TIME = True

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
        if isinstance(index, (str, os.PathLike)):  # an index folder: open it for this call
            with open_index(index) as opened:
                return run(opened, *args[1:], **kwargs)  # type: ignore[arg-type]
        if not isinstance(index, Index):
            raise TypeError(
                f"{read.__name__}() takes an Index (from open_index) or an index folder's path, "
                f"not {type(index).__name__}"
            )
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
    only_keys: Collection[str] | None = None,
    collapse: bool = False,
) -> SearchResult:
    """Run ``query`` (the query language of ``corpus-search search``) and return one page of hits.

    ``index`` is an open Index or the path of an index folder. ``sort``: "relevance" (best
    first), "date" (newest first) or "oldest"; by date, documents without a date come after the
    dated ones, best first, and every hit keeps its relevance score. Raises QueryError for a
    query that cannot run and ValueError for a bad argument. ``total`` counts every matching
    document. When nothing (or only a handful) matches, ``suggestion`` holds a corrected query if
    the index knows one.
    ``only_keys``: search only these documents (by key), e.g. those where someone is quoted;
    with them an empty ``query`` matches every one of them.
    ``collapse``: near-copies among the matches (:mod:`.duplicates`) are folded into the first of
    them in ``sort`` order, whose ``near_copies`` counts them; ``total`` then counts the hits left.
    """
    _check_arguments(limit=limit, page=page, sort=sort, fragments=fragments, context=context)
    if only_keys is not None and not query.strip():
        q = wq.Every()  # every one of those documents (search --speaker NAME with no query)
    else:
        q = parse_query(index.schema, query, match_all=match_all)
    if only_keys is not None:
        # Scored 0, so the ranking is the query's own.
        keys = wq.Or([wq.Term("key", key) for key in sorted(only_keys)])
        q = wq.And([q, wq.ConstantScoreQuery(keys, score=0.0)])
    with index.searcher(weighting=DEFAULT_RANKING.weighting()) as searcher:
        check_expansions(q, searcher.reader())
        offset = (page - 1) * limit
        # Posting matchers (or postings the scorer decoded) shared by the snippets of one page.
        matchers: dict[Any, Any] = {}
        if collapse:
            from .duplicates import SketchReader, collapse_ranked

            ranked = rank_all(searcher, q, sort=sort, decoded=matchers)
            folded = collapse_ranked(ranked, SketchReader(searcher))
            total, page_hits = len(folded), folded[offset : offset + limit]
        else:
            total, ranked = _top(searcher, q, offset + limit, sort=sort, decoded=matchers)
            page_hits = [(docnum, score, 0) for docnum, score in ranked[offset : offset + limit]]
        hits = make_hits(
            searcher,
            q,
            page_hits,
            first_rank=offset + 1,
            fragments=fragments,
            context=context,
            matchers=matchers,
        )
        few = total <= FEW_HITS and query.strip()
        suggestion = suggest(searcher, query, hits=total) if few else None
    return SearchResult(
        query=query, total=total, hits=tuple(hits), suggestion=suggestion, page=page, limit=limit
    )


def make_hits(
    searcher: Any,
    q: Any,
    ranked: list[tuple[int, Any, int]],
    *,
    first_rank: int = 1,
    fragments: int = 3,
    context: int = 80,
    matchers: dict[Any, Any] | None = None,
) -> list[Hit]:
    """Hits with snippets for ``ranked`` (document number, score, near copies), numbered from
    ``first_rank``, inside an open searcher (``search`` and saved searches share it)."""
    targets = targets_for(q, searcher.reader()) if fragments > 0 else None
    leaves = searcher.leaf_searchers()
    spans_of: dict[int, list[tuple[int, int, str]]] = {}
    if targets:
        # In document order, so each word's posting list is read once, moving forward.
        for docnum in sorted(docnum for docnum, _, _ in ranked):
            leaf_reader, local = _leaf(leaves, docnum)
            spans_of[docnum] = match_spans(leaf_reader, local, targets, matchers)
    hits = []
    for rank, (docnum, score, copies) in enumerate(ranked, start=first_rank):
        stored = searcher.stored_fields(docnum)
        snippets: tuple[Snippet, ...] = ()
        if targets is not None:
            spans = spans_of.get(docnum, [])
            body = stored.get("body", "")
            snippets = make_snippets(
                body,
                spans,
                fragments=fragments,
                context=context,
                skip=title_lead(stored.get("title", ""), body),
                pages=_pages(stored),
            )
        hits.append(_hit(rank, stored, score, snippets, near_copies=copies))
    return hits


def rank_all(
    searcher: Any, q: Any, *, sort: SortOrder = "relevance", decoded: dict[Any, Any] | None = None
) -> list[tuple[int, Any]]:
    """Every document matching the parsed query ``q`` as (document number, score), in ``sort``
    order (for export, saved searches and ``--collapse``)."""
    _, ranked = _top(searcher, q, max(1, searcher.doc_count_all()), sort=sort, decoded=decoded)
    return ranked


def _check_arguments(*, limit: Any, page: Any, sort: Any, fragments: Any, context: Any) -> None:
    """ValueError for an argument ``search`` cannot honour (they used to be changed silently)."""
    for name, value, least in (
        ("limit", limit, 1),
        ("page", page, 1),
        ("fragments", fragments, 0),
        ("context", context, 0),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be a whole number of at least {least}, not {value!r}")
    if sort not in SORT_ORDERS:
        orders = ", ".join(f"{name!r} ({meaning})" for name, meaning in SORT_ORDERS.items())
        raise ValueError(f"sort must be one of {orders}, not {sort!r}")


def _top(
    searcher: Any,
    q: Any,
    limit: int,
    *,
    sort: SortOrder = "relevance",
    ranking: Ranking = DEFAULT_RANKING,
    decoded: dict[Any, Any] | None = None,
) -> tuple[int, list[tuple[int, Any]]]:
    """(number of matches, the first ``limit`` as (document number, score)) in ``sort`` order.

    ``decoded``: receives the body postings the term-at-a-time scorer read, for the snippets.
    """
    if sort != "relevance":
        # Every match, scored, best first; then a stable sort by date keeps the best first among
        # documents of the same date and among the undated ones, which come last.
        everything = max(1, searcher.doc_count_all())
        total, ranked = _top(searcher, q, everything, ranking=ranking, decoded=decoded)
        dates = _dates(searcher, [docnum for docnum, _ in ranked])
        sign = -1 if sort == "date" else 1

        def by_date(i: int) -> tuple[int, int]:
            date = dates[i]
            return (1, 0) if date is None else (0, sign * date)

        order = sorted(range(len(ranked)), key=by_date)
        return total, [ranked[i] for i in order[:limit]]
    if _TERM_AT_A_TIME and term_at_a_time(q):
        found = top_documents(searcher, q, limit, ranking, decoded=decoded)
        if found is not None:
            return found
    results = _whoosh_top(searcher, q, limit)
    n = results.scored_length()
    return len(results), [(results.docnum(i), results.score(i)) for i in range(n)]


def _dates(searcher: Any, docnums: list[int]) -> list[int | None]:
    """Each document's date as the date column stores it (a number that sorts as the date), or
    None for a document without one."""
    leaves = searcher.leaf_searchers()
    columns: dict[int, Any] = {}  # id(segment reader) -> its date column
    out: list[int | None] = []
    for docnum in docnums:
        reader, local = _leaf(leaves, docnum)
        if id(reader) not in columns:
            columns[id(reader)] = (
                reader.column_reader("date", translate=False) if reader.has_column("date") else None
            )
        column = columns[id(reader)]
        value = column[local] if column is not None else None
        # No date: None, or the column's default, a number past any real date.
        out.append(None if value is None or value > _LATEST_DATE else int(value))
    return out


def _whoosh_top(searcher: Any, q: Any, limit: int) -> Any:
    """Whoosh's best ``limit`` matches for ``q``, exactly.

    optimize=False: no block-quality skipping, so the collector counts every match as it scores
    it (with skipping, len() runs the query a second time to count). replace=0: Whoosh swaps in
    "more efficient" matchers every 10 matches, and the swapped AND-of-ORs matcher skipped real
    top-10 hits and miscounted the total (tests/test_scoring.py).
    """
    collector = searcher.collector(limit=limit, optimize=False)
    if hasattr(collector, "replace"):
        collector.replace = 0
    searcher.search_with_collector(q, collector)
    return collector.results()


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
        _, ranked = _top(searcher, q, limit, ranking=ranking)
        ids = _doc_ids(searcher, [docnum for docnum, _ in ranked])
        return [
            (doc_id, float(score or 0.0)) for doc_id, (_, score) in zip(ids, ranked, strict=True)
        ]


def _doc_ids(searcher: Any, docnums: list[int]) -> list[str]:
    """Each document's record id, or its key when it has none (files), read from the columns.

    Segment by segment: Whoosh's multi-segment column reader mixes up document numbers when some
    segments lack the column (a segment of files has no doc_id column at all).
    """
    leaves = searcher.leaf_searchers()
    columns: dict[int, tuple[Any, Any]] = {}  # id(segment reader) -> (doc_id, key) columns
    ids = []
    for docnum in docnums:
        reader, local = _leaf(leaves, docnum)
        if id(reader) not in columns:
            doc_id = reader.column_reader("doc_id") if reader.has_column("doc_id") else None
            columns[id(reader)] = (doc_id, reader.column_reader("key"))
        doc_id_column, key_column = columns[id(reader)]
        ids.append((doc_id_column[local] if doc_id_column is not None else "") or key_column[local])
    return ids


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


def document_page(
    doc: Document, highlighted: Snippet | None, page: int
) -> tuple[Document, Snippet | None]:
    """One page of a PDF document (as ``get_document`` returned it): its text, and the matches on
    that page with offsets into it. Raises ``InputError`` for a page the document does not have.
    """
    if not doc.pages:
        raise InputError(
            f"--page needs a PDF; {doc.path or doc.key} is a {doc.format} document without pages"
        )
    if not 1 <= page <= len(doc.pages):
        count = len(doc.pages)
        raise InputError(
            f"page {page} is out of range: {doc.path or doc.key} has {count} "
            f"page{'s' if count != 1 else ''}{' (indexed)' if doc.truncated else ''}"
        )
    start, end = page_span(doc.pages, page, doc.text)
    text = doc.text[start:end]
    if highlighted is not None:
        spans = tuple((s - start, e - start) for s, e in highlighted.spans if start <= s < end)
        highlighted = Snippet(text, spans, page)
    return replace(doc, text=text), highlighted


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
        matches.sort()
        raise AmbiguousDocumentError(ambiguous_message(ref, matches), matches)
    raise DocumentNotFoundError(
        f"No document '{ref}' in the index. Find one with: corpus-search search WORDS"
    )


def ambiguous_message(ref: str, paths: list[str], shown: int = 4) -> str:
    """``'x.txt' matches 5 documents (a/x.txt, b/x.txt and 3 more); give more of the path``."""
    more = len(paths) - shown
    listed = ", ".join(paths[:shown]) + (f" and {more} more" if more > 0 else "")
    return f"'{ref}' matches {len(paths)} documents ({listed}); give more of the path"


def _leaf(leaves: list[tuple[Any, int]], docnum: int) -> tuple[Any, int]:
    """The segment reader holding a global document number, and the number within it."""
    i = bisect_right([offset for _, offset in leaves], docnum) - 1
    if i < 0:
        raise LookupError(docnum)
    sub, offset = leaves[i]
    return sub.reader(), docnum - offset


def _hit(
    rank: int,
    stored: dict[str, Any],
    score: Any,
    snippets: tuple[Snippet, ...],
    *,
    near_copies: int = 0,
) -> Hit:
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
        near_copies=near_copies,
    )


def _tags(stored: dict[str, Any]) -> tuple[str, ...]:
    return tuple(t for t in str(stored.get("tags", "")).split(",") if t)


def _pages(stored: dict[str, Any]) -> tuple[int, ...]:
    """A PDF's page starts, from its stored metadata (other documents have none: () quickly)."""
    meta = stored.get("meta") or ""
    if '"pages"' not in meta:
        return ()
    return tuple(int(p) for p in stored_meta(stored).get("pages") or ())


def _document(stored: dict[str, Any]) -> Document:
    meta = stored_meta(stored)
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
        pages=tuple(int(p) for p in meta.get("pages") or ()),
        attachments=tuple(meta.get("attachments", ())),
    )
