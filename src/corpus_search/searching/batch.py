"""Many queries in one run (``search --batch``): one result per query, errors included."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from corpus_search.errors import QueryError
from corpus_search.models import BatchResult

from .results import SortOrder, search

if TYPE_CHECKING:
    from corpus_search.index import Index


def search_batch(
    index: Index,
    queries: Iterable[str],
    *,
    limit: int = 10,
    sort: SortOrder = "relevance",
    fragments: int = 0,
    context: int = 80,
    match_all: bool = True,
    collapse: bool = False,
) -> Iterator[BatchResult]:
    """Run each query as ``search`` would (one index, one reader for all) and yield one result per
    query, in order, as it is done. Blank lines are skipped; a query that cannot run gets its
    error and the others still run."""
    for line in queries:
        query = line.strip()
        if not query:
            continue
        try:
            result = search(
                index,
                query,
                limit=limit,
                sort=sort,
                fragments=fragments,
                context=context,
                match_all=match_all,
                collapse=collapse,
            )
        except QueryError as e:
            yield BatchResult(query=query, total=0, hits=(), error=str(e))
            continue
        yield BatchResult(query=query, total=result.total, hits=result.hits)
