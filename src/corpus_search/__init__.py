"""corpus-search: full-text search for a folder of documents, as a library and a CLI.

    from corpus_search import index_paths, open_index, search
    index_paths(["seeds"], index_dir="my.idx")
    with open_index("my.idx") as ix:
        for hit in search(ix, '"sex workers" police').hits:
            print(hit.rank, hit.title, hit.snippets[0].text)

Names are imported lazily (PEP 562), so ``import corpus_search`` stays cheap for the CLI.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._imports import trim_whoosh_imports

trim_whoosh_imports()  # Whoosh without urllib.request and asyncio: see _imports.py

__all__ = [
    "AmbiguousDocumentError",
    "CorpusSearchError",
    "Document",
    "DocumentError",
    "DocumentNotFoundError",
    "Hit",
    "Index",
    "IndexCorruptError",
    "IndexInfo",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexReport",
    "IndexWriteError",
    "InputError",
    "QueryError",
    "Quotation",
    "QuoteHit",
    "QuoteResult",
    "RecordKeys",
    "SearchResult",
    "Snippet",
    "SpeakerCount",
    "find_quotations",
    "find_quotes",
    "get_document",
    "index_info",
    "index_paths",
    "list_speakers",
    "open_index",
    "rank",
    "search",
]

_WHERE = {
    "Document": "models",
    "Hit": "models",
    "IndexInfo": "models",
    "IndexReport": "models",
    "SearchResult": "models",
    "Snippet": "models",
    "Quotation": "models",
    "QuoteHit": "models",
    "QuoteResult": "models",
    "SpeakerCount": "models",
    "find_quotations": "documents.quotations",
    "find_quotes": "searching.quotes",
    "list_speakers": "searching.quotes",
    "AmbiguousDocumentError": "errors",
    "CorpusSearchError": "errors",
    "DocumentError": "errors",
    "DocumentNotFoundError": "errors",
    "IndexCorruptError": "errors",
    "IndexLockedError": "errors",
    "IndexNotFoundError": "errors",
    "IndexWriteError": "errors",
    "InputError": "errors",
    "QueryError": "errors",
    "Index": "index.handle",
    "index_info": "index.handle",
    "index_paths": "index.run",
    "open_index": "index.handle",
    "get_document": "searching.results",
    "rank": "searching.results",
    "search": "searching.results",
    "RecordKeys": "documents.sources",
}

if TYPE_CHECKING:
    from .documents.quotations import find_quotations
    from .documents.sources import RecordKeys
    from .errors import (
        AmbiguousDocumentError,
        CorpusSearchError,
        DocumentError,
        DocumentNotFoundError,
        IndexCorruptError,
        IndexLockedError,
        IndexNotFoundError,
        IndexWriteError,
        InputError,
        QueryError,
    )
    from .index.handle import Index, index_info, open_index
    from .index.run import index_paths
    from .models import (
        Document,
        Hit,
        IndexInfo,
        IndexReport,
        Quotation,
        QuoteHit,
        QuoteResult,
        SearchResult,
        Snippet,
        SpeakerCount,
    )
    from .searching.quotes import find_quotes, list_speakers
    from .searching.results import get_document, rank, search


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'corpus_search' has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
