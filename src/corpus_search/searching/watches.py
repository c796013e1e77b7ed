"""Saved searches that report only what is new (``corpus-search watch``).

A watch is a query with a memory: the documents that matched it when it last ran, each with its
content hash (SHA-256 of the source file, or of the record for JSON Lines). Running it reports
the matching documents that are not in that memory ("added": new in the index, or edited so that
they match now) or whose hash differs ("changed"), then remembers the current matches. A
document that stops matching or leaves the index is forgotten without a report.

Each watch is one JSON file, ``<index>/watches/<name>.json``: the index's own files are never
touched, so watches survive ``index --rebuild`` (a rebuilt index holds the same documents with
the same hashes, so nothing is reported as new because of it).

The guarantee, and how it holds even against SIGKILL. Checking a watch (:func:`check_watch`)
writes nothing. The caller prints the report, flushes it, and only then records the new memory
(:func:`record_run`), by writing a temporary file in the same folder, syncing it to disk and
renaming it over the old one: a rename is atomic, so the file is always the old memory or the
new one, never a mix or a truncated file. So a run killed before its report was completely
written records nothing, and the next run reports the same documents again: a report is never
lost. The one case where a report is printed twice is a kill in the instant after the report was
written and before the rename (at-least-once delivery; exactly-once is impossible when the report
goes to a pipe or a terminal, which cannot be rolled back). Runs of watch commands on one index
take turns (a lock file), so two overlapping cron jobs do not both report the same news.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_search.errors import IndexLockedError, InputError
from corpus_search.models import NewHit, Reason, Watch, WatchReport

from .query import check_expansions, parse_query
from .ranking import DEFAULT_RANKING
from .results import make_hits, rank_all

if TYPE_CHECKING:
    from corpus_search.index import Index

WATCH_DIR = "watches"
_LOCK_NAME = "watches.lock"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def watch_dir(index_dir: Path) -> Path:
    return Path(index_dir) / WATCH_DIR


def _file(index_dir: Path, name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise InputError(
            f"Bad watch name {name!r}: use up to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return watch_dir(index_dir) / f"{name}.json"


@contextmanager
def watches_locked(index_dir: Path, *, timeout: float = 10.0) -> Iterator[None]:
    """Hold the watches' lock (one watch command at a time on an index), waiting up to
    ``timeout`` seconds. The lock is released by the kernel when the process dies."""
    folder = watch_dir(index_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / _LOCK_NAME, os.O_CREAT | os.O_WRONLY)
    except OSError as e:
        raise InputError(f"Cannot use the watches in {folder}: {e.strerror or e}") from e
    try:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; runs are not serialised there
            fcntl = None  # type: ignore[assignment]
        deadline = time.monotonic() + timeout
        while fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockedError(
                        f"Another watch command is running on {index_dir}; gave up after "
                        f"{timeout:g}s. Try again when it finishes."
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # releases the flock


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"No watch named '{path.stem}'. List them with: corpus-search watch list"
        ) from None
    except (OSError, ValueError) as e:
        raise InputError(f"Cannot read the watch {path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise InputError(f"Cannot read the watch {path}: not a corpus-search watch")
    return data


def _save(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` atomically and durably: temp file, fsync, rename, fsync the folder."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        if hasattr(os, "O_DIRECTORY"):
            dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise InputError(f"Cannot save the watch {path}: {e.strerror or e}") from e


def _watch(data: dict[str, Any], name: str) -> Watch:
    last = data.get("last_run")
    return Watch(
        name=name,
        query=str(data.get("query", "")),
        match_all=bool(data.get("match_all", True)),
        created=datetime.fromisoformat(data["created"]),
        last_run=datetime.fromisoformat(last) if last else None,
        documents=len(data["documents"]),
    )


def _matches(
    index: Index,
    query: str,
    match_all: bool,
    *,
    fragments: int,
    context: int,
    known: dict[str, str] | None,
) -> tuple[dict[str, str], list[NewHit]]:
    """(key -> hash of every matching document, the hits not in ``known`` or changed)."""
    q = parse_query(index.schema, query, match_all=match_all)
    with index.searcher(weighting=DEFAULT_RANKING.weighting()) as searcher:
        check_expansions(q, searcher.reader())
        memory: dict[str, str] = {}
        fresh: list[tuple[int, Any, int]] = []
        reasons: list[Reason] = []
        for docnum, score in rank_all(searcher, q):
            stored = searcher.stored_fields(docnum)
            key = stored["key"]
            memory[key] = str(json.loads(stored.get("meta") or "{}").get("sha256", ""))
            if known is not None and known.get(key) != memory[key]:
                fresh.append((docnum, score, 0))
                reasons.append("added" if key not in known else "changed")
        hits = make_hits(searcher, q, fresh, fragments=fragments, context=context)
    return memory, [NewHit(h, r) for h, r in zip(hits, reasons, strict=True)]


def add_watch(index: Index, name: str, query: str, *, match_all: bool = True) -> Watch:
    """Save ``query`` as watch ``name``, remembering the documents that match it now (they are
    not reported by its first run). Raises InputError if the name is taken or bad, QueryError
    if the query cannot run."""
    path = _file(index.path, name)
    if path.exists():
        raise InputError(
            f"A watch named '{name}' exists. Remove it first: corpus-search watch remove {name}"
        )
    memory, _ = _matches(index, query, match_all, fragments=0, context=80, known=None)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "name": name,
        "query": query,
        "match_all": match_all,
        "created": datetime.now().isoformat(timespec="seconds"),
        "last_run": None,
        "documents": memory,
    }
    _save(path, data)
    return _watch(data, name)


def list_watches(index_dir: Path) -> list[Watch]:
    """Every watch of the index, by name."""
    folder = watch_dir(index_dir)
    if not folder.is_dir():
        return []
    return [_watch(_load(p), p.stem) for p in sorted(folder.glob("*.json"))]


def remove_watch(index_dir: Path, name: str) -> Watch:
    """Delete watch ``name`` (InputError if there is none); returns what it was."""
    path = _file(index_dir, name)
    watch = _watch(_load(path), name)
    path.unlink()
    return watch


def check_watch(index: Index, name: str, *, fragments: int = 3, context: int = 80) -> WatchReport:
    """What is new for watch ``name`` since it last ran. Writes nothing: after the report is
    delivered, :func:`record_run` remembers it."""
    data = _load(_file(index.path, name))
    watch = _watch(data, name)
    memory, new = _matches(
        index,
        watch.query,
        watch.match_all,
        fragments=fragments,
        context=context,
        known={str(k): str(v) for k, v in data["documents"].items()},
    )
    return WatchReport(watch=watch, new=tuple(new), memory=memory)


def record_run(index_dir: Path, report: WatchReport) -> None:
    """Remember ``report``'s matches as watch's memory (atomically: see the module docstring).
    Call it only after the report was delivered."""
    path = _file(index_dir, report.watch.name)
    data = _load(path)
    data["documents"] = report.memory
    data["last_run"] = datetime.now().isoformat(timespec="seconds")
    _save(path, data)
