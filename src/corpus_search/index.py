"""Open, create and update an index: the only module that writes.

An index run holds the index's write lock from start to end (walk, compare, write), so two runs
never interleave; searchers never need the lock. Documents are committed in batches, and the
manifest is saved after each commit, so an interrupted run keeps what it committed and the next
run carries on from there.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import try_for
from whoosh.writing import CLEAR

from .config import DEFAULT_INCLUDE, DEFAULT_LOCK_TIMEOUT, resolve_index_dir
from .errors import IndexCorruptError, IndexLockedError, IndexNotFoundError, IndexWriteError
from .manifest import Manifest, SourceEntry, load_manifest, save_manifest
from .models import Document, FoundFile, IndexInfo, IndexReport, Progress, Skipped
from .schema import SCHEMA_VERSION, build_schema, document_fields
from .sources import DEFAULT_RECORD_KEYS, LoadedSource, RecordKeys, iter_record_source, load_source

META_NAME = "corpus-search.json"
LOCK_NAME = "MAIN_WRITELOCK"  # what Whoosh's own ix.lock("WRITELOCK") uses
COMMIT_EVERY = 10_000  # documents per commit: bounds what an interrupted run loses
WRITER_LIMIT_MB = 256  # Whoosh's in-memory posting pool before it spills to disk
PARALLEL_MIN_FILES = 64  # below this, worker start-up costs more than it saves

ProgressCallback = Callable[[Progress], None]


class Index:
    """An open index: get one from :func:`open_index`, search it with :func:`search`."""

    def __init__(self, path: Path, whoosh_index: Any) -> None:
        self.path = path
        self._ix = whoosh_index

    @property
    def whoosh(self) -> Any:
        """The underlying Whoosh index, for the index/search layer only."""
        return self._ix

    def close(self) -> None:
        self._ix.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r})"


def open_index(index_dir: str | os.PathLike[str] | None = None) -> Index:
    """Open an existing index (``index_dir``, else $CORPUS_SEARCH_INDEX, else ./.corpus-search)."""
    path = resolve_index_dir(index_dir)
    if not windex.exists_in(str(path)):
        raise IndexNotFoundError(f"No index at {path}. Build one with: corpus-search index PATH")
    _check_schema_version(path)
    try:
        return Index(path, windex.open_dir(str(path)))
    except Exception as e:  # Whoosh raises many types for a damaged index
        raise IndexCorruptError(
            f"Cannot read the index at {path} ({type(e).__name__}: {e}). "
            "Rebuild it with: corpus-search index --rebuild PATH"
        ) from e


def _check_schema_version(path: Path) -> None:
    version = _read_meta(path).get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexCorruptError(
            f"The index at {path} was built by a different corpus-search (schema {version}, "
            f"this version reads {SCHEMA_VERSION}). "
            "Rebuild it with: corpus-search index --rebuild PATH"
        )


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads((path / META_NAME).read_text(encoding="utf-8"))
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError):
        return {}


def index_info(index: Index) -> IndexInfo:
    """Counts, size and freshness of an open index."""
    ix = index.whoosh
    size = sum(entry.stat().st_size for entry in os.scandir(index.path) if entry.is_file())
    with ix.reader() as reader:
        documents = reader.doc_count()
    return IndexInfo(
        index=str(index.path.resolve()),
        documents=documents,
        size_bytes=size,
        updated=datetime.fromtimestamp(ix.last_modified()),
        schema_version=SCHEMA_VERSION,
        fields=tuple(ix.schema.names()),
        segments=len(ix._segments()),
    )


def index_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    index_dir: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    follow_symlinks: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    jobs: int | None = None,
    record_keys: RecordKeys = DEFAULT_RECORD_KEYS,
    progress: ProgressCallback | None = None,
    commit_every: int = COMMIT_EVERY,
) -> IndexReport:
    """Bring the index in line with the files under ``paths``.

    New files are added, changed ones replaced, deleted ones dropped.

    Unchanged files (same size and mtime, or same content hash) are not parsed again. Files that
    cannot be read are skipped and reported; they never stop the run. Raises IndexLockedError when
    another run holds the lock for longer than ``lock_timeout`` seconds.
    """
    started = time.perf_counter()
    path = resolve_index_dir(index_dir)
    storage = _storage(path)
    lock = storage.lock(LOCK_NAME)
    try:
        acquired = try_for(lock.acquire, timeout=lock_timeout, delay=0.1)
    except OSError as e:
        raise IndexWriteError(f"Cannot lock the index at {path}: {e.strerror or e}") from e
    if not acquired:
        raise IndexLockedError(
            f"Another corpus-search run is updating the index at {path}; gave up after "
            f"{lock_timeout:g}s. Try again when it finishes, or wait longer with --lock-timeout."
        )
    try:
        ix = _open_or_create(path, storage, rebuild)
        sync = _Sync(
            ix,
            path,
            rebuild=rebuild,
            jobs=jobs or os.cpu_count() or 1,
            record_keys=record_keys,
            progress=progress,
            commit_every=commit_every,
        )
        sync.run(paths, include=include, exclude=exclude, follow_symlinks=follow_symlinks)
        report = sync.report
    finally:
        lock.release()
    report.elapsed = time.perf_counter() - started
    return report


def _storage(path: Path) -> Any:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IndexWriteError(f"Cannot create the index folder {path}: {e.strerror or e}") from e
    return FileStorage(str(path))


def _open_or_create(path: Path, storage: Any, rebuild: bool) -> Any:
    exists = windex.exists_in(str(path))
    if exists and _read_meta(path).get("schema_version") == SCHEMA_VERSION:
        return windex.open_dir(str(path))
    if exists and not rebuild:
        _check_schema_version(path)  # raises with the rebuild hint
    try:
        ix = windex.FileIndex.create(storage, build_schema(), windex._DEF_INDEX_NAME)
        meta = {"schema_version": SCHEMA_VERSION, "created": datetime.now().isoformat()}
        (path / META_NAME).write_text(json.dumps(meta), encoding="utf-8")
    except OSError as e:
        raise IndexWriteError(f"Cannot create an index in {path}: {e.strerror or e}") from e
    return ix


class _Sync:
    """One index run: compares the walk with the manifest and applies the differences."""

    def __init__(
        self,
        ix: Any,
        path: Path,
        *,
        rebuild: bool,
        jobs: int,
        record_keys: RecordKeys,
        progress: ProgressCallback | None,
        commit_every: int,
    ) -> None:
        self.ix = ix
        self.path = path
        self.jobs = jobs
        self.record_keys = record_keys
        self.progress = progress
        self.commit_every = commit_every
        self.report = IndexReport()
        self.clear_first = rebuild  # the first commit drops every old segment
        self.manifest = Manifest() if rebuild else self._current_manifest()
        self.manifest_dirty = False
        self.writer: Any = None
        self.pending = 0  # writes in the open writer

    def _current_manifest(self) -> Manifest:
        manifest = load_manifest(self.path)
        if manifest.generation != self.ix.latest_generation():
            manifest = _manifest_from_index(self.ix)
            self.manifest_dirty = True
        return manifest

    # The run ------------------------------------------------------------------------------

    def run(
        self,
        roots: Sequence[str | os.PathLike[str]],
        *,
        include: Sequence[str],
        exclude: Sequence[str],
        follow_symlinks: bool,
    ) -> None:
        from .documents import find_files

        found: list[FoundFile] = []
        walk_skipped: list[str] = []
        for item in find_files(
            [str(r) for r in roots],
            include=include,
            exclude=exclude,
            follow_symlinks=follow_symlinks,
            skip_dirs=[self.path],
        ):
            if isinstance(item, Skipped):
                self.report.skipped.append(item)
                walk_skipped.append(item.path)
            else:
                found.append(item)
        candidates = self._compare(found)
        try:
            self._remove_vanished(roots, found, walk_skipped)
            self._apply(candidates)
            self._commit()
        except KeyboardInterrupt:
            self._cancel()
            self.report.interrupted = True
        except OSError as e:
            self._cancel()
            raise IndexWriteError(
                f"Cannot write the index at {self.path}: {e.strerror or e}. "
                "The index still holds its last committed state."
            ) from e
        finally:
            if self.manifest_dirty and not self.report.interrupted:
                self._save_manifest()

    def _compare(self, found: list[FoundFile]) -> list[tuple[FoundFile, str | None]]:
        """Files whose size or mtime changed (or that are new), with their last known hash."""
        candidates = []
        for f in found:
            entry = self.manifest.sources.get(f.path)
            if entry is not None and entry.size == f.size and entry.mtime == f.mtime:
                self.report.unchanged += len(entry.keys) if entry.keys is not None else 1
            else:
                candidates.append((f, entry.sha256 if entry else None))
        return candidates

    def _remove_vanished(
        self,
        roots: Sequence[str | os.PathLike[str]],
        found: list[FoundFile],
        walk_skipped: list[str],
    ) -> None:
        seen = {f.path for f in found}
        keep_under = [p.rstrip("/") + "/" for p in walk_skipped]  # unreadable folders: keep theirs
        for root in roots:
            for source in self.manifest.under(os.path.abspath(root)):
                if source in seen or source in walk_skipped or source.startswith(tuple(keep_under)):
                    continue
                entry = self.manifest.sources.pop(source)
                for key in entry.doc_hashes(source):
                    self._write().delete_by_term("key", key)
                    self.report.removed += 1
                    self._written()
                self.manifest_dirty = True

    def _apply(self, candidates: list[tuple[FoundFile, str | None]]) -> None:
        total_bytes = sum(f.size for f, _ in candidates)
        done_bytes = 0
        for done, loaded in enumerate(self._load_all(candidates), 1):
            self._apply_one(loaded)
            done_bytes += loaded.found.size
            if self.progress is not None:
                self.progress(
                    Progress(done, len(candidates), done_bytes, total_bytes, loaded.found.path)
                )

    def _apply_one(self, loaded: LoadedSource) -> None:
        f = loaded.found
        self.report.skipped.extend(loaded.skipped)
        old = self.manifest.sources.get(f.path)
        if loaded.unchanged and old is not None:  # touched, not edited
            old.size, old.mtime = f.size, f.mtime
            self.report.unchanged += len(old.keys) if old.keys is not None else 1
            self.manifest_dirty = True
            return
        if not loaded.sha256:  # unreadable now: keep what the index had
            return
        if loaded.is_records:
            keys, complete = self._apply_records(loaded, old)
            if not complete:  # read part-way: size -1 makes the next run read the file again
                self.manifest.sources[f.path] = SourceEntry(-1, -1.0, "", keys)
                self.manifest_dirty = True
                return
            self.manifest.sources[f.path] = SourceEntry(f.size, f.mtime, loaded.sha256, keys)
        else:
            if not loaded.documents:
                return
            self._put(loaded.documents[0], replace=old is not None)
            self.manifest.sources[f.path] = SourceEntry(f.size, f.mtime, loaded.sha256, None)
        self.manifest_dirty = True

    def _apply_records(
        self, loaded: LoadedSource, old: SourceEntry | None
    ) -> tuple[dict[str, str], bool]:
        """Index a JSON Lines file's new and changed records: (record key -> hash, complete).

        When the file breaks part-way (corrupt or truncated gzip), nothing is deleted: records
        past the break keep their old versions, and the file is reported as skipped.
        """
        previous = old.doc_hashes(loaded.found.path) if old is not None else {}
        current: dict[str, str] = {}
        complete = True
        for item in iter_record_source(loaded.found, self.record_keys):
            if isinstance(item, Skipped):
                self.report.skipped.append(item)
                complete = complete and item.path != loaded.found.path
            elif item.key in current:
                # A second write of one key in one writer would leave two documents.
                self.report.skipped.append(Skipped(item.key, "duplicate record id; first kept"))
            elif previous.get(item.key) == item.sha256:
                current[item.key] = item.sha256
                self.report.unchanged += 1
            else:
                current[item.key] = item.sha256
                self._put(item, replace=item.key in previous)
        if not complete:
            for key, sha in previous.items():
                current.setdefault(key, sha)
            return current, False
        for key in previous.keys() - current.keys():
            self._write().delete_by_term("key", key)
            self.report.removed += 1
            self._written()
        return current, True

    def _put(self, doc: Document, *, replace: bool) -> None:
        fields = document_fields(doc)
        # During a rebuild nothing old survives the first commit, so every write is an add.
        if replace and not self.clear_first:
            self._write().update_document(**fields)
            self.report.updated += 1
        else:
            self._write().add_document(**fields)
            self.report.added += 1
        if doc.warnings:
            self.report.warnings.append(Skipped(doc.key, "; ".join(doc.warnings)))
        if doc.truncated:
            self.report.truncated.append(doc.key)
        self._written()

    # Writers and commits ------------------------------------------------------------------

    def _write(self) -> Any:
        if self.writer is None:
            # _lk=False: this run already holds the lock for its whole length.
            self.writer = self.ix.writer(_lk=False, compound=False, limitmb=WRITER_LIMIT_MB)
        return self.writer

    def _written(self) -> None:
        self.pending += 1
        if self.pending >= self.commit_every:
            self._commit()

    def _commit(self) -> None:
        if self.writer is None:
            if self.clear_first:  # a rebuild of an empty selection still empties the index
                self._write()
            else:
                return
        if self.clear_first:
            self.writer.commit(mergetype=CLEAR)
            self.clear_first = False
        else:
            self.writer.commit()
        self.writer = None
        self.pending = 0
        self.manifest.generation = self.ix.latest_generation()
        self._save_manifest()

    def _save_manifest(self) -> None:
        if self.manifest.generation != self.ix.latest_generation():
            return  # only ever describe a committed state
        try:
            save_manifest(self.path, self.manifest)
        except OSError:
            pass  # a missing manifest is rebuilt from the index next time
        self.manifest_dirty = False

    def _cancel(self) -> None:
        if self.writer is not None:
            try:
                self.writer.cancel()
            finally:
                self.writer = None

    # Loading, in worker processes when there is enough to do -----------------------------

    def _load_all(self, candidates: list[tuple[FoundFile, str | None]]) -> Iterator[LoadedSource]:
        if self.jobs <= 1 or len(candidates) < PARALLEL_MIN_FILES:
            for f, sha in candidates:
                yield load_source(f, sha, self.record_keys)
            return
        yield from _bounded_parallel_load(candidates, self.jobs, self.record_keys)


def _ignore_sigint() -> None:
    # Ctrl-C is the parent's to handle: it cancels the writer and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _bounded_parallel_load(
    candidates: Iterable[tuple[FoundFile, str | None]], jobs: int, record_keys: RecordKeys
) -> Iterator[LoadedSource]:
    """load_source in worker processes, in order, with a bounded number in flight (bounded RSS)."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    window: deque[Future[LoadedSource]] = deque()
    todo = iter(candidates)
    try:
        for f, sha in todo:
            window.append(pool.submit(load_source, f, sha, record_keys))
            if len(window) >= jobs * 16:
                break
        while window:
            loaded = window.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                window.append(pool.submit(load_source, nxt[0], nxt[1], record_keys))
            yield loaded
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _manifest_from_index(ix: Any) -> Manifest:
    """Rebuild the manifest from stored fields (after a run died between commit and save)."""
    manifest = Manifest(generation=ix.latest_generation())
    with ix.reader() as reader:
        for stored in reader.all_stored_fields():
            meta = json.loads(stored.get("meta") or "{}")
            key, path = stored["key"], stored.get("path") or stored["key"]
            entry = manifest.sources.get(path)
            if key == path:
                manifest.sources[path] = SourceEntry(
                    meta.get("size", -1), meta.get("mtime", -1.0), meta.get("sha256", "")
                )
            else:  # a record: the file hash is unknown; the file is re-read, compared by record
                if entry is None:
                    entry = manifest.sources[path] = SourceEntry(-1, -1.0, "", {})
                assert entry.keys is not None
                entry.keys[key] = meta.get("sha256", "")
    return manifest
