"""The folders and files an index was given ("roots"), remembered in its meta file, and the
checks made before a run writes anything: named paths that do not exist, and an index folder
that is not fit to hold an index.

Each root is remembered with the ``--include``/``--exclude`` patterns it was last indexed with,
so ``corpus-search index`` with no PATH refreshes every root the way it was indexed.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_search.config import DEFAULT_INCLUDE
from corpus_search.errors import InputError

from .format import META_NAME, read_meta

__all__ = [
    "Root",
    "check_index_folder",
    "load_roots",
    "merge_roots",
    "save_roots",
    "split_missing",
]

# What an index folder holds: Whoosh's segment files, tables of contents and lock, the temporary
# folders of its writers, and corpus-search's own files (meta, manifest).
_INDEX_FILE = re.compile(r"_?MAIN[_.].*|corpus-search.*")
_TOC = re.compile(r"_MAIN_[0-9]+\.toc")


@dataclass(frozen=True)
class Root:
    """A folder or file given to ``index``, absolute, with the patterns used for it (in the meta
    file, ``"include": null`` stands for the defaults of the version that reads it)."""

    path: str
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        # The default patterns as null: a later version's defaults (new formats) then apply.
        include = None if self.include == DEFAULT_INCLUDE else list(self.include)
        return {"path": self.path, "include": include, "exclude": list(self.exclude)}


def load_roots(index_dir: Path) -> list[Root]:
    """The roots remembered in the index's meta file (none for an index made before roots were
    remembered, or a damaged meta file)."""
    roots = []
    for item in read_meta(index_dir).get("roots") or ():
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue
        include = item.get("include")
        exclude = item.get("exclude")
        roots.append(
            Root(
                item["path"],
                tuple(str(p) for p in include) if isinstance(include, list) else DEFAULT_INCLUDE,
                tuple(str(p) for p in exclude) if isinstance(exclude, list) else (),
            )
        )
    return roots


def save_roots(index_dir: Path, roots: Sequence[Root]) -> None:
    """Write ``roots`` into the meta file, keeping its other keys (atomically: write and rename).
    Does nothing if there is no meta file (no index was made)."""
    meta_file = index_dir / META_NAME
    if not meta_file.exists():
        return
    meta = read_meta(index_dir)
    meta["roots"] = [r.to_json() for r in roots]
    temporary = index_dir / f"{META_NAME}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, meta_file)


def merge_roots(remembered: Sequence[Root], given: Sequence[Root]) -> list[Root]:
    """``remembered`` with ``given`` added or (same path) replaced, in first-seen order."""
    merged = {r.path: r for r in remembered}
    for root in given:
        merged[root.path] = root
    return list(merged.values())


def split_missing(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """``paths`` as (those that exist, those that do not). A dangling symbolic link does not."""
    present: list[str] = []
    missing: list[str] = []
    for path in paths:
        (present if os.path.exists(path) else missing).append(path)
    return present, missing


def check_index_folder(index_dir: Path, roots: Sequence[str]) -> None:
    """Raise InputError, before anything is written, when ``index_dir`` is one of the folders
    being indexed, holds one of them, or holds files that are not an index."""
    target = os.path.realpath(index_dir)
    for root in roots:
        real = os.path.realpath(root)
        if real == target:
            raise InputError(
                f"Refusing to write the index into {index_dir}: it is a folder being indexed. "
                f"Keep the index elsewhere, e.g. --index {str(index_dir).rstrip('/')}.idx"
            )
        if real.startswith(target.rstrip("/") + "/"):
            raise InputError(
                f"Refusing to write the index into {index_dir}: it holds {root}, which is being "
                "indexed. Keep the index in a folder of its own."
            )
    try:
        names = os.listdir(index_dir)
    except OSError:  # missing (it is created), or not a folder (the lock reports that)
        return
    if META_NAME in names or any(_TOC.fullmatch(n) for n in names):
        return  # an index
    strangers = sorted(n for n in names if not _INDEX_FILE.fullmatch(n))
    if strangers:
        shown = ", ".join(strangers[:3]) + (", ..." if len(strangers) > 3 else "")
        raise InputError(
            f"Refusing to write the index into {index_dir}: it holds files that are not a "
            f"corpus-search index ({shown}). Give a new or empty folder with --index."
        )
