"""Indexing on a Dask cluster: workers parse, analyse and build segments; this process commits.

``distributed`` is an optional extra (``pip install 'corpus-search[cluster]'``), imported only
when a run is given ``cluster=ADDRESS``. Each task is a batch of files: a worker reads them (the
documents' paths must be readable on every worker), writes their documents into a segment of its
own in a temporary folder with the same one-pass writer as the local worker processes, and sends
back the segment's files and the files' outcomes. The index folder therefore need not be shared.
This process, which holds the write lock, writes the returned files into the index folder, deletes
replaced documents and commits the table of contents: only it ever changes what the index holds.

A task is pure (files in, bytes out), so when a worker dies Dask reruns its tasks elsewhere and a
segment is committed once, from the one result this process accepted. Results are taken in the
order the batches were sent, so the same files give the same segments whatever the timing.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from corpus_search.config import CLUSTER_ENV_VAR
from corpus_search.documents.sources import LoadedSource, RecordKeys, load_source
from corpus_search.errors import ClusterError
from corpus_search.models import FoundFile

__all__ = ["BuiltSegment", "ClusterWorkers", "build_segment", "connect"]

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler and find a worker
INSTALL_HINT = "The cluster backend needs the 'cluster' extra: pip install 'corpus-search[cluster]'"


def connect(address: str, *, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A ``distributed.Client`` for the scheduler at ``address``, with at least one worker.

    Raises ``ClusterError`` (one line: what failed and what to do) when ``distributed`` is not
    installed, the scheduler cannot be reached, or no worker joins within ``timeout`` seconds.
    """
    try:
        import distributed
    except ImportError:
        raise ClusterError(INSTALL_HINT) from None
    _check_reachable(address, timeout=timeout)
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(
            f"Cannot reach the Dask scheduler at {address}: {_reason(e)}. Start one with "
            f"'dask scheduler' and give its address with --cluster or ${CLUSTER_ENV_VAR}."
        ) from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as e:
        client.close()
        raise ClusterError(
            f"The Dask scheduler at {address} has no workers ({_reason(e)}). Start some with "
            f"'dask worker {address}'."
        ) from None
    return client


def _check_reachable(address: str, *, timeout: float) -> None:
    """Fail at once on a refused TCP connection (Dask's client would retry it until timeout)."""
    parsed = urlsplit(address if "://" in address else f"tcp://{address}")
    if parsed.scheme not in ("tcp", "tls") or not parsed.hostname or parsed.port is None:
        return  # another transport (inproc, ucx, ws): Dask says what is wrong with it
    try:
        socket.create_connection((parsed.hostname, parsed.port), timeout=timeout).close()
    except OSError as e:
        raise ClusterError(
            f"Cannot reach the Dask scheduler at {address}: {(e.strerror or str(e)).lower()}. "
            f"Start one with 'dask scheduler' and give its address with --cluster or "
            f"${CLUSTER_ENV_VAR}."
        ) from None


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


@dataclass
class BuiltSegment:
    """What one task sends back: the files' outcomes, and the segment holding their documents."""

    loaded: list[LoadedSource]
    segment: Any = None  # a Whoosh segment object (picklable); None when no document was written
    files: dict[str, bytes] = field(default_factory=dict)  # segment file name -> contents


def build_segment(
    files: Sequence[tuple[FoundFile, str | None]], record_keys: RecordKeys
) -> BuiltSegment:
    """Runs on a worker: load ``files`` and write their documents into one new segment.

    The segment is written in a temporary index of the same schema and sent back as bytes.
    """
    from whoosh import index as windex
    from whoosh.filedb.filestore import FileStorage

    from corpus_search._whoosh import finish_segment, has_documents

    from .format import INDEX_NAME
    from .schema import build_schema, document_fields
    from .segment import new_writer

    loaded_files: list[LoadedSource] = []
    with tempfile.TemporaryDirectory(prefix="corpus-search-segment-") as tmp:
        ix = windex.FileIndex.create(FileStorage(tmp), build_schema(), INDEX_NAME)
        writer = new_writer(ix)
        spell_seen: set[str] = set()
        try:
            for found, sha in files:
                loaded = load_source(found, sha, record_keys)
                if loaded.documents:
                    doc = loaded.documents[0]
                    writer.add_document(**document_fields(doc, spell_seen=spell_seen))
                    # The outcome, not the text (nor its quotations: they are in the segment).
                    loaded.documents = [replace(doc, text="", quotations=())]
                    loaded.written = True
                loaded_files.append(loaded)
            if not has_documents(writer):
                writer.cancel()
                return BuiltSegment(loaded_files)
            segment = finish_segment(writer)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        prefix = f"{ix.indexname}_{segment.segid}"
        names = [name for name in os.listdir(tmp) if name.startswith(prefix)]
        blobs = {name: Path(tmp, name).read_bytes() for name in names}
    return BuiltSegment(loaded_files, segment, blobs)


class ClusterWorkers:
    """Batches of files sent as tasks to a Dask cluster, with the interface of the local
    worker processes that ``sync`` drives (``n``, ``in_flight``, ``send``, ``busy``,
    ``receive``, ``finish``, ``close``).

    ``receive`` takes results in the order they were sent and writes each returned segment's
    files into ``index_dir``; ``finish`` hands over the segments received since the last call.
    """

    def __init__(self, client: Any, index_dir: str, record_keys: RecordKeys) -> None:
        self.client = client
        self.index_dir = index_dir
        self.record_keys = record_keys
        workers = len(client.scheduler_info(n_workers=-1).get("workers", {})) or 1
        self.n = workers
        self.in_flight = [0] * workers
        self.chunk_files = 1
        self._sent: deque[tuple[int, Any]] = deque()  # (slot, future), oldest first
        self._segments: list[Any] = []

    def plan(self, files: int, commit_every: int) -> int:
        """Files per task: one task per worker per commit, as the local run gives each worker
        process one segment per commit. The same number and sizes of segments keep Whoosh's
        merge policy doing what it does locally (merging re-derives field lengths from their
        one-byte encodings, which would change BM25's average length a little)."""
        per_commit = min(files, commit_every)
        self.chunk_files = max(1, -(-per_commit // self.n))
        return self.chunk_files

    def busy(self) -> bool:
        return bool(self._sent)

    def send(self, slot: int, chunk: list[tuple[FoundFile, str | None]]) -> None:
        future = self.client.submit(build_segment, chunk, self.record_keys, pure=False)
        self._sent.append((slot, future))
        self.in_flight[slot] += 1

    def receive(self) -> list[LoadedSource]:
        slot, future = self._sent.popleft()
        self.in_flight[slot] -= 1
        try:
            built: BuiltSegment = future.result()
        except Exception as e:  # a task that failed on every worker Dask tried
            raise ClusterError(
                f"An indexing task failed on the cluster: {type(e).__name__}: {_reason(e)}. "
                "The index still holds its last committed state."
            ) from None
        finally:
            future.release()
        if built.segment is not None:
            for name, data in built.files.items():
                with open(os.path.join(self.index_dir, name), "wb") as f:
                    f.write(data)
            self._segments.append(built.segment)
        return built.loaded

    def finish(self) -> list[Any]:
        segments, self._segments = self._segments, []
        return segments

    def close(self, *, discard: bool) -> None:
        for _, future in self._sent:
            future.cancel()
        self._sent.clear()
        self._segments = []
