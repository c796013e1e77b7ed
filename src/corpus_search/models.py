"""Plain, frozen dataclasses that cross layers.

No Whoosh, Click or Rich object ever leaves its module;
these are what the library hands out instead."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# Where a document's date came from (Document.date_source; IndexReport.dates counts them).
# "properties": a binary format's own metadata (DOCX core properties, OpenDocument meta.xml, EPUB
# Dublin Core, an e-mail's Date header).
DATE_SOURCES = ("front_matter", "html_meta", "dateline", "record", "properties")


@dataclass(frozen=True)
class Quotation:
    """A quotation in a document and who said it: ``text`` is ``document.text[start:end]``
    (without the outer quote marks); ``speaker`` is the name at its fullest in the document.

    ``verb`` is the attribution ("said", "added", "according to"; "" for a name signed after the
    quotation); ``attribution`` is how the speaker was found: "named", "pronoun" (he, she, they),
    "role" (the mayor), "continued" (carries on the previous quotation) or "reported" (the
    speaker of the sentence before).
    """

    text: str
    speaker: str
    start: int
    end: int
    verb: str
    attribution: str


@dataclass(frozen=True)
class Document:
    """One document: parsed and ready to index, or as the index holds it (``get_document``).

    ``key`` is unique in an index: the absolute path for files, ``<file>#<id>`` for JSONL records.
    ``text`` is the cleaned body: no markup, no front matter, no control characters.
    """

    key: str
    title: str
    text: str
    path: str = ""  # the file it came from (same as key for files)
    doc_id: str = ""  # the record id for JSONL records; empty for files
    # PDF: the offset in ``text`` where each page starts (page N starts at pages[N - 1]); () else.
    pages: tuple[int, ...] = ()
    author: str | None = None
    date: datetime | None = None
    date_source: str | None = None  # one of DATE_SOURCES when there is a date
    tags: tuple[str, ...] = ()
    size: int = 0
    mtime: float = 0.0
    sha256: str = ""
    encoding: str = "utf-8"
    format: str = "text"  # "text", "html", "markdown", "docx", "odt", "epub", "email", ...
    warnings: tuple[str, ...] = ()
    truncated: bool = False
    attachments: tuple[str, ...] = ()  # e-mail: the attachments' file names
    quotations: tuple[Quotation, ...] = ()  # with a speaker, found at indexing time
    # The readers that made it, with their versions (documents.versions); "" when not known.
    reader: str = ""


def page_at(pages: tuple[int, ...], offset: int) -> int | None:
    """The 1-based page holding character ``offset`` of a text whose pages start at ``pages``
    (``Document.pages``), or None when the document has no pages."""
    if not pages:
        return None
    return max(bisect_right(pages, offset), 1)


def page_span(pages: tuple[int, ...], page: int, text: str) -> tuple[int, int]:
    """[start, end) of 1-based ``page`` in ``text`` (without the blank line that separates it
    from the next page). The caller checks ``1 <= page <= len(pages)``."""
    start = pages[page - 1]
    end = pages[page] if page < len(pages) else len(text)
    while end > start and text[end - 1] == "\n":
        end -= 1
    return start, end


@dataclass(frozen=True)
class FoundFile:
    """A file the directory walk found, with the stat() facts the incremental index compares."""

    path: str  # absolute
    size: int
    mtime: float


@dataclass(frozen=True)
class Skipped:
    """A file or record that was not indexed, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Snippet:
    """A fragment of a document's text; ``spans`` are [start, end) offsets into ``text``."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()
    page: int | None = None  # the PDF page the fragment starts on; None for other documents


@dataclass(frozen=True)
class Hit:
    """One search result: where it is, how it ranked, and the snippets that show the match."""

    rank: int
    key: str
    path: str
    title: str
    score: float
    author: str | None = None
    date: datetime | None = None
    tags: tuple[str, ...] = ()
    doc_id: str = ""
    snippets: tuple[Snippet, ...] = ()
    near_copies: int = 0  # search --collapse: matching near-copies folded into this hit


@dataclass(frozen=True)
class SearchResult:
    """One page of hits, the number of matching documents, and a "did you mean" if none match."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    suggestion: str | None = None
    page: int = 1
    limit: int = 10


@dataclass(frozen=True)
class IndexInfo:
    """Counts, size and freshness of an index (``corpus-search info``)."""

    index: str
    documents: int
    size_bytes: int
    updated: datetime | None
    schema_version: int
    fields: tuple[str, ...]
    segments: int
    roots: tuple[IndexedRoot, ...] = ()  # the folders and files the index remembers


@dataclass(frozen=True)
class IndexedRoot:
    """A folder or file the index remembers, with the patterns it is indexed with."""

    path: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    exists: bool


@dataclass(frozen=True)
class Progress:
    """Reported after each source file an index run has handled."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    current: str


# What index_paths calls with a Progress after each source file (a progress bar, a log line).
ProgressCallback = Callable[[Progress], None]


@dataclass
class IndexReport:
    """What an index run did. Mutable while the run fills it in."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)  # indexed best-effort, with the reason
    truncated: list[str] = field(default_factory=list)
    # Files in a format no extractor reads (a .doc, an image, an archive): counted, not failures.
    unsupported: list[Skipped] = field(default_factory=list)
    dates: dict[str, int] = field(default_factory=dict)  # dated documents written, by source
    pruned: int = 0  # documents --prune removed (files gone, or no longer matching)
    unmatched: int = 0  # files under the roots that no longer match the patterns: kept
    # Files in the walked folders that the include patterns left out, by lower-case extension
    # with its dot ("": none), commonest first.
    left_out: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # named paths that do not exist
    vanished_roots: list[str] = field(default_factory=list)  # remembered roots now gone
    roots: list[str] = field(default_factory=list)  # the folders and files walked
    prune: bool = False  # the run was asked to prune
    elapsed: float = 0.0
    interrupted: bool = False
    # Files read again (their documents counted as updated) because a reader of theirs has a new
    # version, and those readers' names ("unknown": indexed before versions were recorded).
    reread: int = 0
    reread_readers: set[str] = field(default_factory=set)

    @property
    def indexed(self) -> int:
        return self.added + self.updated


@dataclass(frozen=True)
class DocumentRef:
    """A document named in a listing: its unique key, its file and its title."""

    key: str
    path: str
    title: str


@dataclass(frozen=True)
class DuplicateGroup:
    """Near-copies of one another; ``similarity`` is the lowest estimated Jaccard similarity
    between two of them (1.0: the same words)."""

    documents: tuple[DocumentRef, ...]
    similarity: float


@dataclass(frozen=True)
class DuplicateReport:
    """``corpus-search duplicates``: the groups found among ``documents`` indexed documents."""

    threshold: float
    documents: int
    groups: tuple[DuplicateGroup, ...]


@dataclass(frozen=True)
class Match:
    """One match of a query in one document, for citation (``corpus-search export``).

    ``start``/``end`` are character offsets of the match in the document's text (what ``show``
    prints), ``passage`` is ``text[passage_start:passage_end]``: the sentence or so around it.
    A document that matches only in its title or metadata has one Match with ``start`` None.
    """

    query: str
    rank: int  # the document's rank for the query
    key: str
    path: str
    sha256: str  # of the source file (of the record's line for a JSON Lines record)
    title: str
    author: str | None
    date: datetime | None
    start: int | None
    end: int | None
    text: str  # the matched words as they appear in the document
    passage: str
    passage_start: int | None
    passage_end: int | None
    page: int | None = None  # PDF page of the match, when the document has pages


@dataclass(frozen=True)
class BatchResult:
    """One line of ``search --batch``: the query, how many documents match it and the best of
    them, or why it could not run (``error``; ``total`` 0)."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    error: str | None = None


Reason = Literal["added", "changed"]


@dataclass(frozen=True)
class Watch:
    """A saved search: its name, its query, and what it remembers."""

    name: str
    query: str
    match_all: bool
    created: datetime
    last_run: datetime | None
    documents: int  # matching documents remembered


@dataclass(frozen=True)
class NewHit:
    """A document a watch reports: the hit (as ``search`` gives it) and why."""

    hit: Hit
    reason: Reason


@dataclass(frozen=True)
class WatchReport:
    """One watch's run: what is new. ``memory`` is what :func:`record_run` will remember."""

    watch: Watch
    new: tuple[NewHit, ...]
    memory: dict[str, str] = field(repr=False, default_factory=dict)


@dataclass(frozen=True)
class QuoteHit:
    """One quotation found by ``find_quotes``, with its document; ``spans`` are [start, end)
    offsets of the query's matches in ``text``."""

    speaker: str
    text: str
    start: int
    end: int
    verb: str
    attribution: str
    key: str
    path: str
    title: str
    date: datetime | None = None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class QuoteResult:
    """One page of quotations, and how many match in all."""

    query: str
    speaker: str
    total: int
    quotes: tuple[QuoteHit, ...]
    page: int = 1
    limit: int = 20
    suggestion: str | None = None  # "Did you mean": the query corrected, when nothing matched
    speaker_suggestion: str | None = None  # ... and the speaker's name


@dataclass(frozen=True)
class SpeakerCount:
    """A speaker and how often the index quotes them."""

    name: str
    quotations: int
    documents: int
