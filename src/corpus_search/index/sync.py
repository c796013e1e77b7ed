"""Write an index: the only module that does.

An index run holds the index's write lock from start to end (walk, compare, write), so two runs
never interleave; searchers never need the lock. It starts in :mod:`corpus_search.index.run`, which
takes the lock, walks and compares without Whoosh, and calls :func:`sync` only when there is
something to write. Its writer, commits and Ctrl-C handling are :mod:`.commits`'s: documents
are committed in batches, and the manifest is saved after each commit, so an interrupted run
keeps what it committed and the next run carries on from there.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage

from corpus_search.config import COMMIT_SECONDS, EMPTY_FILE
from corpus_search.documents.sources import (
    LoadedSource,
    RecordKeys,
    holds_many_documents,
    iter_record_source,
    load_source,
)
from corpus_search.documents.versions import changed_readers, current_signatures
from corpus_search.errors import IndexWriteError
from corpus_search.models import (
    Document,
    FoundFile,
    IndexReport,
    Progress,
    ProgressCallback,
    Skipped,
)

from .commits import CommittingRun, Stop
from .format import (
    INDEX_NAME,
    SCHEMA_VERSION,
    alias_pickled_modules,
    check_schema_version,
    has_current_schema,
    read_meta,
    write_meta,
)
from .manifest import FileStat, Manifest, SourceEntry, load_manifest, manifest_from_index
from .scan import Group, Scan, compare
from .schema import build_schema, document_fields
from .workers import CHUNK_BYTES, CHUNK_FILES, Workers, write_in_workers

__all__ = ["sync"]

alias_pickled_modules()

# Worker processes pay off only when there is enough work to share (README "Performance",
# measured by scripts/bench_parallel.py): many files, or fewer files holding many bytes (a
# folder of PDFs or long reports). Below both, starting them costs more than they save.
PARALLEL_MIN_FILES = 64
PARALLEL_MIN_BYTES = 2_000_000


def use_workers(sizes: Sequence[int], jobs: int) -> bool:
    """Whether files of these sizes (bytes) are worth indexing in ``jobs`` worker processes."""
    if jobs < 2 or len(sizes) < 2:  # one file is read by one process whatever the jobs
        return False
    return len(sizes) >= PARALLEL_MIN_FILES or sum(sizes) >= PARALLEL_MIN_BYTES


def sync(
    path: Path,
    groups: Sequence[Group],
    *,
    scan: Scan | None,
    rebuild: bool,
    prune: bool,
    follow_symlinks: bool,
    jobs: int,
    record_keys: RecordKeys,
    progress: ProgressCallback | None,
    commit_every: int,
    commit_seconds: float = COMMIT_SECONDS,
    cluster: Any = None,
) -> IndexReport:
    """The part of :func:`~corpus_search.index.run.index_paths` that opens the index, with its
    write lock held: create or open it, then write the changes ``scan`` found (walking first if
    there is no scan: on a rebuild, or when the index or its manifest had to be opened first)."""
    # The folder exists: format.write_lock made it to hold the lock file.
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
        commit_seconds=commit_seconds,
        cluster=cluster,
    )
    if scan is None:
        try:
            scan = compare(run.manifest, path, groups, follow_symlinks, prune)
        except KeyboardInterrupt:  # during the walk: nothing is written yet
            run.report.interrupted = True
            return run.report
    run.run(scan)
    return run.report


def _open_or_create(path: Path, storage: Any, rebuild: bool) -> Any:
    exists = windex.exists_in(str(path))
    # An older readable schema is kept by an update, replaced by a rebuild (which the user is
    # told to run to get what the new schema adds).
    current = read_meta(path).get("schema_version") == SCHEMA_VERSION
    if exists and (current or (has_current_schema(path) and not rebuild)):
        return windex.open_dir(str(path))
    if exists and not rebuild:
        check_schema_version(path)  # raises with the rebuild hint
    try:
        # The version first: a search in another process that sees the new table of contents
        # must also see which schema wrote it (it refused the index as "schema None").
        write_meta(path)
        ix = windex.FileIndex.create(storage, build_schema(), INDEX_NAME)
    except OSError as e:
        raise IndexWriteError(f"Cannot create an index in {path}: {e.strerror or e}") from e
    return ix


class _Sync(CommittingRun):
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
        commit_seconds: float = COMMIT_SECONDS,
        cluster: Any = None,
    ) -> None:
        super().__init__(
            ix, path, rebuild=rebuild, commit_every=commit_every, commit_seconds=commit_seconds
        )
        self.jobs = jobs
        self.record_keys = record_keys
        self.progress = progress
        self.cluster = cluster  # a distributed.Client: files are indexed on its workers
        if rebuild:
            self.manifest = Manifest()
        elif scan is not None:
            self.manifest = scan.manifest  # matched the latest commit, under this lock
        else:
            self.manifest = self._current_manifest()
        self.files_total = self.files_done = self.bytes_total = self.bytes_done = 0

    def _current_manifest(self) -> Manifest:
        manifest = load_manifest(self.path)
        if manifest.generation != self.ix.latest_generation():
            manifest = manifest_from_index(self.ix)
            self.manifest_dirty = True
        return manifest

    # The run ------------------------------------------------------------------------------

    def run(self, scan: Scan) -> None:
        """Apply the differences ``scan`` found between the files and ``self.manifest``.

        Ctrl-C (SIGINT) stops the run at the next whole document: what was analysed is
        committed, and the report says ``interrupted``. A second Ctrl-C stops at once, losing
        the documents since the last commit (a commit under way is still finished first).
        """
        self.report.skipped.extend(scan.skipped)
        self.report.unchanged += scan.unchanged
        self.report.unmatched = len(scan.unmatched)
        self.report.left_out = dict(scan.left_out.most_common())
        self.walked = [f[0] for f in scan.found]  # the order the manifest is saved in
        candidates = self._candidates(scan.changed)
        self.committed_counts = self._counts()
        self.last_commit = time.monotonic()
        completed = False
        try:
            with self._catch_ctrl_c():
                try:
                    self._remove_vanished(scan.vanished)
                    self._remove_vanished(scan.pruned, pruned=True)
                    self._apply(candidates)
                except Stop:
                    self.report.interrupted = True
                    if self.clear_first:  # a rebuild not yet committed: keep the old index
                        raise KeyboardInterrupt from None
                self._commit()
                completed = True
        except KeyboardInterrupt:
            self._cancel()
            self.report.interrupted = True
            # Report what the index holds, not what the cancelled batch would have added.
            r = self.report
            r.added, r.updated, r.removed, r.unchanged, r.pruned, r.reread = self.committed_counts
            if not r.reread:  # the files re-read so far were not committed
                r.reread_readers = set()
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

    def _candidates(self, changed: list[FileStat]) -> list[tuple[FoundFile, str | None]]:
        """The changed (or new) files, with their last known hash: None for a file its readers
        must read again (so it is parsed even when its content is the same)."""
        if not changed:
            return []  # leave the manifest's entries unbuilt (Manifest.sources is lazy)
        sources = self.manifest.sources
        current = current_signatures()
        candidates = []
        for path, size, mtime in changed:
            entry = sources.get(path)
            known = entry.sha256 if entry is not None and entry.reader in current else None
            candidates.append((FoundFile(path, size, mtime), known))
        return candidates

    def _remove_vanished(self, vanished: list[str], *, pruned: bool = False) -> None:
        for source in vanished:
            self._check_stop()
            entry = self.manifest.sources.pop(source)
            for key in entry.doc_hashes(source):
                self._remove(key, pruned=pruned)
            self.manifest_dirty = True

    def _apply(self, candidates: list[tuple[FoundFile, str | None]]) -> None:
        self.files_total = len(candidates)
        self.bytes_total = sum(f.size for f, _ in candidates)
        files = [c for c in candidates if not holds_many_documents(c[0].path)]
        parallel = use_workers([f.size for f, _ in files], self.jobs)
        if files and (self.cluster is not None or parallel):
            # Files are parsed, analysed and written to new segments in worker processes (or on
            # the cluster's workers); JSON Lines files (streamed, compared record by record) stay
            # in this process.
            self._apply_parallel(files)
            candidates = [c for c in candidates if holds_many_documents(c[0].path)]
        for f, sha in candidates:
            self._check_stop()
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
        if old is not None and any(s.reason == EMPTY_FILE for s in loaded.skipped):
            self._remove_vanished([f.path])  # emptied: its text is gone, and so is its document
            return
        if loaded.unchanged and old is not None:  # touched, not edited
            old.size, old.mtime = f.size, f.mtime
            self.report.unchanged += len(old.keys) if old.keys is not None else 1
            self.manifest_dirty = True
            return
        if not loaded.sha256:  # unreadable now: keep what the index had
            return
        # Read again because a reader of its documents has a new version (whatever else changed).
        outdated = old is not None and old.reader not in current_signatures()
        if loaded.is_records:
            keys, complete = self._apply_records(loaded, old, outdated=outdated)
            if not complete:  # read part-way: size -1 makes the next run read the file again
                reader = self._held(loaded, old)
                self.manifest.sources[f.path] = SourceEntry(-1, -1.0, "", keys, reader)
                self.manifest_dirty = True
                return
            entry = SourceEntry(f.size, f.mtime, loaded.sha256, keys, loaded.reader)
            self.manifest.sources[f.path] = entry
        else:
            if not loaded.documents:
                return
            # The entry first: a commit inside _put saves the manifest, which must list the
            # document it commits (else the next run adds it a second time).
            entry = SourceEntry(f.size, f.mtime, loaded.sha256, None, loaded.reader)
            self.manifest.sources[f.path] = entry
            if outdated:  # counted before _put, whose commit records what is committed
                self._reread(old)
            self._put(loaded.documents[0], replace=old is not None, written=loaded.written)
        self.manifest_dirty = True

    def _reread(self, old: SourceEntry | None) -> None:
        assert old is not None
        self.report.reread += 1
        self.report.reread_readers |= changed_readers(old.reader)

    @staticmethod
    def _held(loaded: LoadedSource, old: SourceEntry | None) -> str:
        """The reader signature of a records file read part-way: its old one (still outdated,
        if it was: some records are as the old readers made them), or, new, the current one."""
        return old.reader if old is not None else loaded.reader

    def _apply_records(
        self, loaded: LoadedSource, old: SourceEntry | None, *, outdated: bool = False
    ) -> tuple[dict[str, str], bool]:
        """Index a JSON Lines file's or an mbox's new and changed records (every record when
        ``outdated``: its reader has a new version): (record key -> hash, complete).

        When the file breaks part-way (corrupt or truncated gzip), nothing is deleted: records
        past the break keep their old versions, and the file is reported as skipped.
        """
        previous = old.doc_hashes(loaded.found.path) if old is not None else {}
        current: dict[str, str] = {}
        complete = True
        # What the index holds of this file while it is read: a commit part-way through saves
        # it, so the next run (size -1: read the file again) replaces those records, not adds.
        held = dict(previous)
        self.manifest.sources[loaded.found.path] = SourceEntry(
            -1, -1.0, "", held, self._held(loaded, old)
        )
        self.manifest_dirty = True
        if outdated:
            self._reread(old)
        for item in iter_record_source(loaded.found, self.record_keys):
            if isinstance(item, Skipped):
                self.report.skipped.append(item)
                complete = complete and item.path != loaded.found.path
            elif item.key in current:
                # A second write of one key in one writer would leave two documents.
                self.report.skipped.append(Skipped(item.key, "duplicate record id; first kept"))
            elif previous.get(item.key) == item.sha256 and not outdated:
                current[item.key] = item.sha256
                self.report.unchanged += 1
            else:
                current[item.key] = held[item.key] = item.sha256
                self._put(item, replace=item.key in previous)
                self._check_stop()  # this file is read again next time (size -1)
        if not complete:
            for key, sha in previous.items():
                current.setdefault(key, sha)
            return current, False
        for key in previous.keys() - current.keys():
            del held[key]
            self._remove(key)
        return current, True

    def _remove(self, key: str, *, pruned: bool = False) -> None:
        """Delete the document ``key`` (its source or its record is gone) and count it."""
        self._write().delete_by_term("key", key)
        if pruned:
            self.report.pruned += 1
        else:
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

    # Parallel: each worker process parses, analyses and writes a segment of its own ------

    def _apply_parallel(self, files: list[tuple[FoundFile, str | None]]) -> None:
        """Index ``files`` in worker processes (:mod:`.workers`) or on the cluster's workers
        (:mod:`.cluster`), committing every ``commit_every`` files."""
        workers: Any
        chunk_files = CHUNK_FILES
        chunk_bytes: int | None = CHUNK_BYTES
        if self.cluster is not None:
            from .cluster import ClusterWorkers

            workers = ClusterWorkers(self.cluster, str(self.path), self.record_keys)
            chunk_files = workers.plan(len(files), self.commit_every)
            chunk_bytes = None  # one task per worker per commit: see ClusterWorkers.plan
        else:
            workers = Workers(str(self.path), self.record_keys, min(self.jobs, len(files)))
        write_in_workers(
            self.ix,
            files,
            workers,
            chunk_files=chunk_files,
            chunk_bytes=chunk_bytes,
            commit_every=self.commit_every,
            applied=self._applied,
            commit=self._commit,
            should_stop=lambda: self.stop_requested,
            commit_due=self._commit_due,
        )
        self._check_stop()
