"""Stage 3, searching: read only. Query strings become Whoosh queries (:mod:`.query`), scored a
term at a time (:mod:`.scoring`), with snippets (:mod:`.highlight`) and "Did you mean"
(:mod:`.suggest`); :mod:`.results` puts them together as ``search``, ``rank`` and ``get_document``.

Names are imported lazily (PEP 562), so importing one module of this package loads only that one.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["find_duplicates", "get_document", "parse_ranking", "rank", "search"]

_WHERE = {
    "find_duplicates": "duplicates",
    "get_document": "results",
    "rank": "results",
    "search": "results",
    "parse_ranking": "ranking",
}

if TYPE_CHECKING:
    from corpus_search.searching.duplicates import find_duplicates
    from corpus_search.searching.ranking import parse_ranking
    from corpus_search.searching.results import get_document, rank, search


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'corpus_search.searching' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
