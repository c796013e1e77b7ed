"""Stage 2, the index: the only package that writes.

``open_index``, ``index_info`` and the ``Index`` handle (:mod:`.handle`) are all a search needs;
``index_paths`` (:mod:`.run`) builds or updates an index. Names are imported lazily (PEP 562): a
no-op index run imports :mod:`.run` without loading Whoosh, and a search never loads the writing
modules (:mod:`.sync`, :mod:`.segment`, :mod:`.manifest`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["Index", "index_info", "index_paths", "open_index"]

_WHERE = {
    "Index": "handle",
    "index_info": "handle",
    "open_index": "handle",
    "index_paths": "run",
}

if TYPE_CHECKING:
    from corpus_search.index.handle import Index, index_info, open_index
    from corpus_search.index.run import index_paths


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'corpus_search.index' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
