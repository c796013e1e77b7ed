"""Write an index: the only module that does.

An index run holds the index's write lock from start to end (walk, compare, write), so two runs
never interleave; searchers never need the lock. It starts in :mod:`corpus_search.index.run`, which
takes the lock, walks and compares without Whoosh, and calls :func:`sync` only when there is
something to write. Documents are committed in batches, and the manifest is saved after each
commit, so an interrupted run keeps what it committed and the next run carries on from there.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import CLEAR

from corpus_search.config import META_NAME, SCHEMA_VERSION, read_meta
from corpus_search.documents.sources import (
    LoadedSource,
    RecordKeys,
    is_records_file,
    iter_record_source,
    load_source,
)
from corpus_search.errors import IndexWriteError
from corpus_search.models import Document, FoundFile, IndexReport, Progress, Skipped

from .handle import check_schema_version
from .manifest import FileStat, Manifest, SourceEntry, load_manifest, save_manifest
from .run import ProgressCallback, Scan, compare
from .schema import build_schema, document_fields
from .segment import new_writer

__all__ = ["sync"]

PARALLEL_MIN_FILES = 64  # below this, worker start-up costs more than it saves
CHUNK_FILES = 16  # files per message to a worker
CHUNKS_IN_FLIGHT = 4  # per worker: keeps workers busy while bounding memory


def _exit_with_parent() -> None:
    """Linux: have the kernel kill this worker when the indexing process dies (even by SIGKILL);
    otherwise orphaned workers wait on their inbox for ever."""
    import ctypes
    import multiprocessing

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # died before prctl took effect
        os._exit(1)


# Whoosh writes every term's postings as a pickled, compressed block, even a term found in one
# document (most terms): ~40% of a commit. Its codec can store short posting lists inside the
# term's entry instead ("inlinelimit"), but the write path calls a method renamed to set_inlined;
# restore the name. Readers need nothing: the inlined form is part of the format they read.
if not hasattr(W3TermInfo, "set_inline"):
    W3TermInfo.set_inline = W3TermInfo.set_inlined


def sync(
    path: Path,
    roots: Sequence[str | os.PathLike[str]],
    *,
    scan: Scan | None,
    rebuild: bool,
    include: Sequence[str],
    exclude: Sequence[str],
    follow_symlinks: bool,
    jobs: int,
    record_keys: RecordKeys,
    progress: ProgressCallback | None,
    commit_every: int,
    cluster: Any = None,
) -> IndexReport:
    """The part of :func:`~corpus_search.index.run.index_paths` that opens the index, with its
    write lock held: create or open it, then write the changes ``scan`` found (walking first if
    there is no scan: on a rebuild, or when the index or its manifest had to be opened first)."""
    # The folder exists: update.write_lock made it to hold the lock file.
    ix = _open_or_create(path, FileStorage(str(path)), rebuild)
    run = _Sync(
        ix,
        path,
        rebuild=rebuild,
        scan=scan,
        jobs=jobs,
        record_keys=record_keys,
        progress=progress,
        commit_every=commit_every,
        cluster=cluster,
    )
    if scan is None:
        scan = compare(run.manifest, path, roots, include, exclude, follow_symlinks)
    run.run(scan)
    return run.report


def _open_or_create(path: Path, storage: Any, rebuild: bool) -> Any:
    exists = windex.exists_in(str(path))
    if exists and read_meta(path).get("schema_version") == SCHEMA_VERSION:
        return windex.open_dir(str(path))
    if exists and not rebuild:
        check_schema_version(path)  # raises with the rebuild hint
    try:
        # The version first: a search in another process that sees the new table of contents
        # must also see which schema wrote it (it refused the index as "schema None").
        meta = {"schema_version": SCHEMA_VERSION, "created": datetime.now().isoformat()}
        (path / META_NAME).write_text(json.dumps(meta), encoding="utf-8")
        ix = windex.FileIndex.create(storage, build_schema(), windex._DEF_INDEX_NAME)
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
        scan: Scan | None,
        jobs: int,
        record_keys: RecordKeys,
        progress: ProgressCallback | None,
        commit_every: int,
        cluster: Any = None,
    ) -> None:
        self.ix = ix
        self.path = path
        self.jobs = jobs
        self.record_keys = record_keys
        self.progress = progress
        self.commit_every = commit_every
        self.cluster = cluster  # a distributed.Client: files are indexed on its workers
        self.report = IndexReport()
        self.clear_first = rebuild  # the first commit drops every old segment
        self.manifest_dirty = False
        self.walked: list[str] = []
        if rebuild:
            self.manifest = Manifest()
        elif scan is not None:
            self.manifest = scan.manifest  # matched the latest commit, under this lock
        else:
            self.manifest = self._current_manifest()
        self.writer: Any = None
        self.pending = 0  # writes in the open writer
        self.spell_seen: set[str] = set()  # words the open writer put in the spell field
        self.files_total = self.files_done = self.bytes_total = self.bytes_done = 0
        self.committed_counts = (0, 0, 0, 0)  # report counts as of the last commit
        self.committed_dates: dict[str, int] = {}

    def _current_manifest(self) -> Manifest:
        manifest = load_manifest(self.path)
        if manifest.generation != self.ix.latest_generation():
            manifest = _manifest_from_index(self.ix)
            self.manifest_dirty = True
        return manifest

    # The run ------------------------------------------------------------------------------

    def run(self, scan: Scan) -> None:
        """Apply the differences ``scan`` found between the files and ``self.manifest``."""
        self.report.skipped.extend(scan.skipped)
        self.report.unchanged += scan.unchanged
        self.walked = [f[0] for f in scan.found]  # the order the manifest is saved in
        candidates = self._candidates(scan.changed)
        self.committed_counts = self._counts()
        completed = False
        try:
            self._remove_vanished(scan.vanished)
            self._apply(candidates)
            self._commit()
            completed = True
        except KeyboardInterrupt:
            self._cancel()
            self.report.interrupted = True
            # Report what the index holds, not what the cancelled batch would have added.
            r = self.report
            r.added, r.updated, r.removed, r.unchanged = self.committed_counts
            r.dates = self.committed_dates
        except OSError as e:
            self._cancel()
            raise IndexWriteError(
                f"Cannot write the index at {self.path}: {e.strerror or e}. "
                "The index still holds its last committed state."
            ) from e
        finally:
            # Only a completed run saves changes it did not commit (new mtimes of touched files):
            # after a failed commit the manifest would list documents the index never got, and
            # the next run would skip them as unchanged.
            if completed and self.manifest_dirty:
                self._save_manifest()

    def _counts(self) -> tuple[int, int, int, int]:
        r = self.report
        return r.added, r.updated, r.removed, r.unchanged

    def _candidates(self, changed: list[FileStat]) -> list[tuple[FoundFile, str | None]]:
        """The changed (or new) files, with their last known hash."""
        if not changed:
            return []  # leave the manifest's entries unbuilt (Manifest.sources is lazy)
        sources = self.manifest.sources
        candidates = []
        for path, size, mtime in changed:
            entry = sources.get(path)
            candidates.append((FoundFile(path, size, mtime), entry.sha256 if entry else None))
        return candidates

    def _remove_vanished(self, vanished: list[str]) -> None:
        for source in vanished:
            entry = self.manifest.sources.pop(source)
            for key in entry.doc_hashes(source):
                self._remove(key)
            self.manifest_dirty = True

    def _apply(self, candidates: list[tuple[FoundFile, str | None]]) -> None:
        self.files_total = len(candidates)
        self.bytes_total = sum(f.size for f, _ in candidates)
        files = [c for c in candidates if not is_records_file(c[0].path)]
        parallel = self.jobs > 1 and len(files) >= PARALLEL_MIN_FILES
        if files and (self.cluster is not None or parallel):
            # Files are parsed, analysed and written to new segments in worker processes (or on
            # the cluster's workers); JSON Lines files (streamed, compared record by record) stay
            # in this process.
            self._apply_parallel(files)
            candidates = [c for c in candidates if is_records_file(c[0].path)]
        for f, sha in candidates:
            self._applied(load_source(f, sha, self.record_keys))

    def _applied(self, loaded: LoadedSource) -> None:
        self._apply_one(loaded)
        self.files_done += 1
        self.bytes_done += loaded.found.size
        if self.progress is not None:
            self.progress(
                Progress(
                    self.files_done,
                    self.files_total,
                    self.bytes_done,
                    self.bytes_total,
                    loaded.found.path,
                )
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
            # The entry first: a commit inside _put saves the manifest, which must list the
            # document it commits (else the next run adds it a second time).
            self.manifest.sources[f.path] = SourceEntry(f.size, f.mtime, loaded.sha256, None)
            self._put(loaded.documents[0], replace=old is not None, written=loaded.written)
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
        # What the index holds of this file while it is read: a commit part-way through saves
        # it, so the next run (size -1: read the file again) replaces those records, not adds.
        held = dict(previous)
        self.manifest.sources[loaded.found.path] = SourceEntry(-1, -1.0, "", held)
        self.manifest_dirty = True
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
                current[item.key] = held[item.key] = item.sha256
                self._put(item, replace=item.key in previous)
        if not complete:
            for key, sha in previous.items():
                current.setdefault(key, sha)
            return current, False
        for key in previous.keys() - current.keys():
            del held[key]
            self._remove(key)
        return current, True

    def _remove(self, key: str) -> None:
        """Delete the document ``key`` (its source or its record is gone) and count it."""
        self._write().delete_by_term("key", key)
        self.report.removed += 1
        self._written()

    def _put(self, doc: Document, *, replace: bool, written: bool = False) -> None:
        if written:  # by a worker, into its own segment: drop the old version here
            if replace and not self.clear_first:
                self._write().delete_by_term("key", doc.key)
        else:
            writer = self._write()
            fields = document_fields(doc, spell_seen=self.spell_seen)
            # During a rebuild nothing old survives the first commit, so every write is an add.
            if replace and not self.clear_first:
                writer.update_document(**fields)
            else:
                writer.add_document(**fields)
        if replace and not self.clear_first:
            self.report.updated += 1
        else:
            self.report.added += 1
        if doc.date_source is not None:
            self.report.dates[doc.date_source] = self.report.dates.get(doc.date_source, 0) + 1
        if doc.warnings:
            self.report.warnings.append(Skipped(doc.key, "; ".join(doc.warnings)))
        if doc.truncated:
            self.report.truncated.append(doc.key)
        if not written:  # worker batches are committed by _apply_parallel
            self._written()

    # Writers and commits ------------------------------------------------------------------

    def _write(self) -> Any:
        if self.writer is None:
            self.writer = new_writer(self.ix)
            self.spell_seen = set()
        return self.writer

    def _written(self) -> None:
        self.pending += 1
        if self.pending >= self.commit_every:
            self._commit()

    def _commit(self, new_segments: Sequence[Any] = ()) -> None:
        """Commit this process's writer, plus segments that worker processes wrote."""
        with _ctrl_c_after():
            self._commit_now(new_segments)

    def _commit_now(self, new_segments: Sequence[Any]) -> None:
        if self.writer is None:
            # A rebuild of an empty selection still empties the index.
            if self.clear_first or new_segments:
                self._write()
            else:
                return
        mergetype = CLEAR if self.clear_first else None
        if new_segments:
            # What MpWriter(multisegment=True) does: merge policy, own segment, then one TOC.
            w = self.writer
            final = w._merge_segments(mergetype, None, None)
            if w._added:
                final.append(w._finalize_segment())
            else:
                w._close_segment()
            w._commit_toc([*final, *new_segments])
            w._finish()
        else:
            self.writer.commit(mergetype=mergetype)
        self.clear_first = False
        self.writer = None
        self.pending = 0
        self.committed_counts = self._counts()
        self.committed_dates = dict(self.report.dates)
        self.manifest.generation = self.ix.latest_generation()
        self._save_manifest()

    def _save_manifest(self) -> None:
        if self.manifest.generation != self.ix.latest_generation():
            return  # only ever describe a committed state
        try:
            save_manifest(self.path, self.manifest, order=self.walked)
        except OSError:
            pass  # a missing manifest is rebuilt from the index next time
        self.manifest_dirty = False

    def _cancel(self) -> None:
        if self.writer is not None:
            try:
                self.writer.cancel()
            except OSError:
                pass  # on a full or read-only disk closing the files fails too; they are orphans
            finally:
                self.writer = None

    # Parallel: each worker process parses, analyses and writes a segment of its own ------

    def _apply_parallel(self, files: list[tuple[FoundFile, str | None]]) -> None:
        """Index ``files`` in ``jobs`` worker processes, committing every ``commit_every`` files.

        Whoosh analyses and posts in pure Python under one GIL, and a segment's postings are
        sorted and written at commit: so each worker owns a SegmentWriter (no lock: this run holds
        it) and hands back a finished segment; this process only deletes replaced documents and
        writes the TOC. Chunks go to workers round-robin, so which document lands in which segment
        (and so document order) does not depend on timing.
        """
        workers: Any
        chunk_files = CHUNK_FILES
        if self.cluster is not None:
            from .cluster import ClusterWorkers

            workers = ClusterWorkers(self.cluster, str(self.path), self.record_keys)
            chunk_files = workers.plan(len(files), self.commit_every)
        else:
            workers = _Workers(str(self.path), self.record_keys, min(self.jobs, len(files)))
        chunks = [files[i : i + chunk_files] for i in range(0, len(files), chunk_files)]
        sent = 0  # chunks sent
        batch = 0  # files sent since the last commit
        ok = False
        try:
            while sent < len(chunks) or workers.busy():
                while (
                    sent < len(chunks)
                    and batch < self.commit_every
                    and workers.in_flight[sent % workers.n] < CHUNKS_IN_FLIGHT
                ):
                    workers.send(sent % workers.n, chunks[sent])
                    batch += len(chunks[sent])
                    sent += 1
                if workers.busy():
                    for loaded in workers.receive():
                        self._applied(loaded)
                elif batch:  # a full batch, all loaded: commit it
                    self._commit(workers.finish())
                    batch = 0
            if batch:
                self._commit(workers.finish())
            ok = True
        finally:
            workers.close(discard=not ok)
            if not ok:
                _clean_orphans(self.ix)


class _Workers:
    """``n`` processes running :func:`_segment_worker`, each with its own inbox."""

    def __init__(self, index_dir: str, record_keys: RecordKeys, n: int) -> None:
        import multiprocessing

        self.n = n
        self.in_flight = [0] * n
        self.outbox: Any = multiprocessing.Queue()
        self.cancel = multiprocessing.Event()
        self.inboxes: list[Any] = [multiprocessing.Queue() for _ in range(n)]
        self.procs = [
            multiprocessing.Process(
                target=_segment_worker,
                args=(index_dir, record_keys, i, self.inboxes[i], self.outbox, self.cancel),
                daemon=True,
            )
            for i in range(n)
        ]
        for p in self.procs:
            p.start()

    def busy(self) -> bool:
        return any(self.in_flight)

    def send(self, worker: int, chunk: list[tuple[FoundFile, str | None]]) -> None:
        self.inboxes[worker].put(("files", chunk))
        self.in_flight[worker] += 1

    def _get(self) -> tuple[str, int, Any]:
        while True:
            try:
                kind, worker, payload = self.outbox.get(timeout=1.0)
            except queue.Empty:
                dead = [p for p in self.procs if not p.is_alive()]
                if dead:
                    raise IndexWriteError(
                        f"An indexing worker process died (exit code {dead[0].exitcode}). "
                        "The index still holds its last committed state."
                    ) from None
                continue
            if kind == "error":
                raise IndexWriteError(f"An indexing worker failed: {payload}")
            return kind, worker, payload

    def receive(self) -> list[LoadedSource]:
        """The next chunk of loaded files (their documents already written by the worker)."""
        kind, worker, payload = self._get()
        assert kind == "loaded"
        self.in_flight[worker] -= 1
        return list(payload)

    def finish(self) -> list[Any]:
        """Every worker's finished segment (in worker order), or none if it wrote nothing."""
        for inbox in self.inboxes:
            inbox.put(("finish", None))
        segments: list[Any] = [None] * self.n
        for _ in range(self.n):
            kind, worker, payload = self._get()
            assert kind == "segment"
            segments[worker] = payload
        return [s for s in segments if s is not None]

    def close(self, *, discard: bool) -> None:
        if discard:
            self.cancel.set()
        for inbox in self.inboxes:
            inbox.put(None)
        for p in self.procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()  # not terminate(): workers ignore SIGTERM
                p.join()


class _WorkerStorage(FileStorage):  # type: ignore[misc]
    """The index folder, with a temporary folder per process: every Whoosh writer names its
    temporary folder MAIN.tmp, and deletes the whole folder when it finishes."""

    def temp_storage(self, name: str | None = None) -> Any:
        return super().temp_storage(f"{name or 'writer'}.{os.getpid()}")


def _segment_worker(
    index_dir: str,
    record_keys: RecordKeys,
    number: int,
    inbox: Any,
    outbox: Any,
    cancel: Any,
) -> None:
    """Worker process: load files, write their documents to a segment, hand it back on "finish"."""
    # Ctrl-C, and SIGTERM sent to the whole process group (by `timeout`, systemd), are the
    # parent's to handle: it tells the workers to discard their segments (and if it dies, the
    # kernel kills them: _exit_with_parent).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _exit_with_parent()
    writer: Any = None
    spell_seen: set[str] = set()
    try:
        while not cancel.is_set():
            message = inbox.get()
            if message is None:
                break
            kind, chunk = message
            if kind == "finish":
                segment = None
                if writer is not None:
                    segment = writer._finalize_segment() if writer._added else None
                    writer._finish()
                    writer, spell_seen = None, set()
                outbox.put(("segment", number, segment))
                continue
            results = []
            for found, sha in chunk:
                if cancel.is_set():
                    return
                loaded = load_source(found, sha, record_keys)
                if loaded.documents:
                    doc = loaded.documents[0]
                    if writer is None:
                        storage = _WorkerStorage(index_dir)
                        ix = windex.FileIndex(storage, indexname=windex._DEF_INDEX_NAME)
                        writer = new_writer(ix)
                    writer.add_document(**document_fields(doc, spell_seen=spell_seen))
                    # The parent needs the outcome, not the text.
                    loaded.documents = [replace(doc, text="")]
                    loaded.written = True
                results.append(loaded)
            outbox.put(("loaded", number, results))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises
        outbox.put(("error", number, f"{type(e).__name__}: {e}"))
    finally:
        if writer is not None and not writer.is_closed:
            try:
                writer.cancel()
            except OSError:
                pass  # a full disk fails the clean-up too; the parent reports the first error


@contextmanager
def _ctrl_c_after() -> Iterator[None]:
    """Hold Ctrl-C until the block is done: a commit (TOC, writer state, manifest) is finished
    rather than left half-made; the interrupt then stops the run as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
    if pending:
        raise KeyboardInterrupt


def _clean_orphans(ix: Any) -> None:
    """After a failed or interrupted parallel batch: delete segment files no TOC refers to, and
    worker temporary folders (this run holds the lock, so no other writer owns them)."""
    try:
        windex.clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())
        for entry in os.scandir(ix.storage.folder):
            if entry.is_dir() and entry.name.startswith(f"{ix.indexname}.tmp"):
                shutil.rmtree(entry.path, ignore_errors=True)
    except OSError:
        pass  # the next commit's clean-up gets them


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
