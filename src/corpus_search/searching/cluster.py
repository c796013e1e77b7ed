"""Search on a Dask cluster: one task per group of segments, merged here.

Every worker must be able to read the index folder (a shared folder, or a copy of it at the same
path on each machine). A task opens the index, scores only its group's segments with the whole
index's statistics (document count, document frequencies, average field lengths: what
``Index.segments`` does), so each score equals a one-machine search's, and returns its best hits
with their snippets; this process merges them in the order a one-machine search gives (score,
then document number) and cuts out the page. ``distributed`` is imported only here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from corpus_search.errors import ClusterError
from corpus_search.index.handle import open_index
from corpus_search.models import Hit, SearchResult

from .results import SortOrder, search
from .suggest import FEW_HITS

__all__ = ["PartResult", "search_on_cluster", "search_part"]

_GENERATION_ATTEMPTS = 3  # a commit between planning and searching: plan again


@dataclass(frozen=True)
class PartResult:
    """One task's answer: its matches, its best hits (by document number), and the commit read."""

    generation: int
    total: int
    hits: tuple[tuple[int, Hit], ...]


def search_part(
    index_dir: str,
    query: str,
    segments: frozenset[str],
    *,
    want: int,
    sort: SortOrder,
    fragments: int,
    context: int,
    match_all: bool,
) -> PartResult:
    """Runs on a worker: the best ``want`` hits of ``query`` among ``segments``."""
    with open_index(index_dir) as index:
        index.segments = segments
        generation = index.whoosh.latest_generation()
        result = search(
            index,
            query,
            limit=want,
            sort=sort,
            fragments=fragments,
            context=context,
            match_all=match_all,
        )
        with index.searcher() as searcher:
            numbered = tuple(
                (int(searcher.document_number(key=hit.key)), hit) for hit in result.hits
            )
    return PartResult(generation, result.total, numbered)


def search_on_cluster(
    index_dir: str | os.PathLike[str],
    query: str,
    *,
    cluster: str | Any,
    limit: int = 10,
    page: int = 1,
    sort: SortOrder = "relevance",
    fragments: int = 3,
    context: int = 80,
    match_all: bool = True,
) -> SearchResult:
    """``search`` with the scoring spread over a Dask cluster's workers (same hits and scores).

    ``cluster`` is a scheduler address or a connected ``distributed.Client``. The workers read
    the index at ``index_dir`` (as an absolute path), which must be the same folder for them.
    """
    from corpus_search.index.cluster import connect

    index_path = os.path.abspath(index_dir)
    client = connect(cluster) if isinstance(cluster, str) else cluster
    try:
        for _ in range(_GENERATION_ATTEMPTS):
            with open_index(index_path) as index:
                generation = index.whoosh.latest_generation()
                groups = _groups(index.segment_sizes(), _worker_count(client))
                parts = _run_parts(
                    client,
                    index_path,
                    query,
                    groups,
                    want=page * limit,
                    sort=sort,
                    fragments=fragments,
                    context=context,
                    match_all=match_all,
                )
                if all(p.generation == generation for p in parts):
                    return _merge(index, query, parts, limit=limit, page=page, sort=sort)
        raise ClusterError("The index kept changing during the search; try again.")
    finally:
        if isinstance(cluster, str):
            client.close()


def _worker_count(client: Any) -> int:
    return max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))


def _groups(sizes: list[tuple[str, int]], n: int) -> list[frozenset[str]]:
    """Segments in ``n`` groups of about equal document counts (largest first, to the lightest)."""
    loads: list[tuple[int, list[str]]] = [(0, []) for _ in range(min(n, len(sizes)) or 1)]
    for segid, docs in sorted(sizes, key=lambda s: -s[1]):
        i = min(range(len(loads)), key=lambda j: loads[j][0])
        loads[i] = (loads[i][0] + docs, [*loads[i][1], segid])
    return [frozenset(ids) for _, ids in loads if ids] or [frozenset()]


def _run_parts(
    client: Any, index_path: str, query: str, groups: list[frozenset[str]], **options: Any
) -> list[PartResult]:
    from corpus_search.errors import CorpusSearchError

    futures = [
        client.submit(search_part, index_path, query, group, pure=False, **options)
        for group in groups
    ]
    try:
        return list(client.gather(futures))
    except CorpusSearchError:
        raise  # a bad query or a missing index: the same error as a local search
    except Exception as e:
        raise ClusterError(
            f"A search task failed on the cluster: {type(e).__name__}: {str(e)[:200]}"
        ) from None
    finally:
        for future in futures:
            future.release()


def _merge(
    index: Any, query: str, parts: list[PartResult], *, limit: int, page: int, sort: SortOrder
) -> SearchResult:
    total = sum(p.total for p in parts)
    numbered = [pair for p in parts for pair in p.hits]
    numbered.sort(key=lambda pair: _order(pair, sort))
    offset = (page - 1) * limit
    hits = tuple(
        replace(hit, rank=rank)
        for rank, (_, hit) in enumerate(numbered[offset : offset + limit], start=offset + 1)
    )
    suggestion = None
    if total <= FEW_HITS:  # "Did you mean" needs only the word lists (and the total)
        suggestion = search(index, query, limit=1, fragments=0).suggestion
    return SearchResult(
        query=query, total=total, hits=hits, suggestion=suggestion, page=page, limit=limit
    )


def _order(pair: tuple[int, Hit], sort: SortOrder) -> tuple[Any, ...]:
    docnum, hit = pair
    if sort == "relevance":
        return (-hit.score, docnum)
    # By date (newest or oldest first), undated after the dated, best first among equals (as a
    # one-machine search sorts).
    if hit.date is None:
        return (1, 0.0, -hit.score, docnum)
    stamp = hit.date.timestamp()
    return (0, -stamp if sort == "date" else stamp, -hit.score, docnum)
