"""The library's exceptions. The CLI maps every one of them to one stderr line and exit code 2."""

from __future__ import annotations


class CorpusSearchError(Exception):
    """Base class: anything corpus-search reports to a user as a one-line error."""


class IndexNotFoundError(CorpusSearchError):
    """There is no index at the given location."""


class IndexCorruptError(CorpusSearchError):
    """The index exists but cannot be read (or was written by an incompatible version)."""


class IndexLockedError(CorpusSearchError):
    """Another process holds the index's write lock and did not release it in time."""


class IndexWriteError(CorpusSearchError):
    """The index directory cannot be written (read-only, full, or vanished)."""


class QueryError(CorpusSearchError):
    """The query string cannot be turned into a search."""


class DocumentNotFoundError(CorpusSearchError):
    """No indexed document matches the reference given to ``show``."""


class DocumentError(CorpusSearchError):
    """A document cannot be read or parsed; the message is the reason it was skipped."""


class UnsupportedFormatError(DocumentError):
    """A file in a format no extractor reads (a Word 97 ``.doc``, an image, an archive)."""


class InputError(CorpusSearchError):
    """An input path or input file (topics, qrels, JSONL) is missing or malformed."""


class AmbiguousDocumentError(InputError):
    """A reference given to ``show`` is the end of several documents' paths: a usage mistake
    (exit 2), not a miss. ``candidates`` holds their keys, sorted."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class ClusterError(CorpusSearchError):
    """The Dask cluster cannot be used: not installed, unreachable, no workers, or a task failed."""
