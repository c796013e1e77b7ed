"""Worker processes of an index run: each parses, analyses and writes a segment of its own.

Whoosh analyses and posts in pure Python under one GIL, so :mod:`.sync` hands chunks of files to
:class:`Workers`; each worker loads them (:func:`~corpus_search.documents.sources.load_source`),
writes their documents with its own segment writer and, on "finish", hands the finished segment
back for the parent to commit.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage

from corpus_search._whoosh import clean_unreferenced_files, finish_segment
from corpus_search.documents.sources import LoadedSource, RecordKeys, load_source
from corpus_search.errors import IndexWriteError
from corpus_search.models import FoundFile

from .format import INDEX_NAME
from .schema import document_fields
from .segment import new_writer

CHUNK_FILES = 16  # files per message to a worker
# ... and at most about this many bytes: a few big files (PDFs) are spread over the workers
# one by one instead of all landing in the first worker's chunk.
CHUNK_BYTES = 1_000_000
CHUNKS_IN_FLIGHT = 4  # per worker: keeps workers busy while bounding memory


def write_in_workers(
    ix: Any,
    files: list[tuple[FoundFile, str | None]],
    workers: Any,
    *,
    chunk_files: int,
    chunk_bytes: int | None = None,
    commit_every: int,
    applied: Callable[[LoadedSource], None],
    commit: Callable[[list[Any]], None],
    should_stop: Callable[[], bool] = lambda: False,
    commit_due: Callable[[], bool] = lambda: False,
) -> None:
    """Index ``files`` on ``workers`` (:class:`Workers`, or the cluster's, which answer alike) in
    chunks of ``chunk_files`` (and of about ``chunk_bytes`` at most: a big file goes alone),
    calling ``commit`` with the workers' finished segments every ``commit_every`` files and
    ``applied`` with each file's outcome; the workers are closed at the end.

    Whoosh analyses and posts in pure Python under one GIL, and a segment's postings are
    sorted and written at commit: so each worker owns a SegmentWriter (no lock: this run holds
    it) and hands back a finished segment; the parent only deletes replaced documents and
    writes the TOC. Chunks go to workers round-robin, so which document lands in which segment
    (and so document order) does not depend on timing.

    Once ``should_stop()`` (Ctrl-C), no more chunks are sent and the workers finish only the file
    in hand; what they did is committed. A batch is also committed once ``commit_due()``.
    """
    chunks = chunked(files, chunk_files, chunk_bytes)
    sent = 0  # chunks sent
    batch = 0  # files sent since the last commit
    stopped = False  # Ctrl-C was passed on to the workers
    ok = False
    try:
        while sent < len(chunks) or workers.busy():
            if not stopped and should_stop():
                stopped = True
                stopping = getattr(workers, "stopping", None)  # the cluster's have none
                if stopping is not None:
                    stopping.set()  # finish the file in hand, skip the rest
                chunks = chunks[:sent]  # and send no more
            while (
                sent < len(chunks)
                and batch < commit_every
                and not (batch and commit_due())
                and workers.in_flight[sent % workers.n] < CHUNKS_IN_FLIGHT
            ):
                workers.send(sent % workers.n, chunks[sent])
                batch += len(chunks[sent])
                sent += 1
            if workers.busy():
                for loaded in workers.receive():
                    applied(loaded)
            elif batch:  # a full batch, all loaded: commit it
                commit(workers.finish())
                batch = 0
        if batch:
            commit(workers.finish())
        ok = True
    finally:
        workers.close(discard=not ok)
        if not ok:
            _clean_orphans(ix)


def chunked(
    files: list[tuple[FoundFile, str | None]], max_files: int, max_bytes: int | None = None
) -> list[list[tuple[FoundFile, str | None]]]:
    """``files`` in order, cut into chunks of ``max_files`` files, a chunk also ending once it
    holds ``max_bytes`` (so a file that big is a chunk of its own)."""
    chunks: list[list[tuple[FoundFile, str | None]]] = []
    chunk: list[tuple[FoundFile, str | None]] = []
    size = 0
    for item in files:
        chunk.append(item)
        size += item[0].size
        if len(chunk) >= max_files or (max_bytes is not None and size >= max_bytes):
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


class Workers:
    """``n`` processes running :func:`_segment_worker`, each with its own inbox."""

    def __init__(self, index_dir: str, record_keys: RecordKeys, n: int) -> None:
        import multiprocessing

        self.n = n
        self.in_flight = [0] * n
        self.outbox: Any = multiprocessing.Queue()
        self.cancel = multiprocessing.Event()
        self.stopping = multiprocessing.Event()
        self.inboxes: list[Any] = [multiprocessing.Queue() for _ in range(n)]
        self.procs = [
            multiprocessing.Process(
                target=_segment_worker,
                args=(
                    index_dir,
                    record_keys,
                    i,
                    self.inboxes[i],
                    self.outbox,
                    self.cancel,
                    self.stopping,
                ),
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
    stopping: Any,
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
                    segment = finish_segment(writer)
                    writer, spell_seen = None, set()
                outbox.put(("segment", number, segment))
                continue
            results = []
            for found, sha in chunk:
                if cancel.is_set():
                    return
                if stopping.is_set():  # Ctrl-C: hand back what is done; the rest waits
                    break
                loaded = load_source(found, sha, record_keys)
                if loaded.documents:
                    doc = loaded.documents[0]
                    if writer is None:
                        storage = _WorkerStorage(index_dir)
                        ix = windex.FileIndex(storage, indexname=INDEX_NAME)
                        writer = new_writer(ix)
                    writer.add_document(**document_fields(doc, spell_seen=spell_seen))
                    # The parent needs the outcome, not the text.
                    loaded.documents = [replace(doc, text="", quotations=())]
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


def _clean_orphans(ix: Any) -> None:
    """After a failed or interrupted parallel batch: delete segment files no TOC refers to, and
    worker temporary folders (this run holds the lock, so no other writer owns them)."""
    try:
        clean_unreferenced_files(ix)
        for entry in os.scandir(ix.storage.folder):
            if entry.is_dir() and entry.name.startswith(f"{ix.indexname}.tmp"):
                shutil.rmtree(entry.path, ignore_errors=True)
    except OSError:
        pass  # the next commit's clean-up gets them
