"""Names and defaults written once: environment variables, the default index location, limits."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV_VAR = "CORPUS_SEARCH_INDEX"
DEFAULT_INDEX_DIR = Path(".corpus-search")
# The files in an index folder and the schema version: index/format.py.

# The Dask scheduler's address for `index --cluster` and `search --cluster` (README "Scaling out").
CLUSTER_ENV_VAR = "CORPUS_SEARCH_CLUSTER"

DEFAULT_INCLUDE: tuple[str, ...] = (
    "*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.pdf",
    "*.docx", "*.odt", "*.ods", "*.odp", "*.epub", "*.eml", "*.mbox",
)  # fmt: skip

# What a file that no extractor reads is reported as (the walk's and the parser's reason starts
# so; the index run counts these apart from the files it could not read).
UNSUPPORTED = "not a supported format"
# What a file of 0 bytes is reported as, whatever its format: skipped, with this reason (it
# was a document titled with its file name, or, for JSON Lines and mbox, nothing at all).
EMPTY_FILE = "empty file"
# With the default include patterns, files with these extensions are counted as UNSUPPORTED
# instead of passed over in silence: formats people keep among their documents.
UNSUPPORTED_SUFFIXES = frozenset(
    "doc dot docm dotx xls xlsx xlsm ppt pptx pps ppsx rtf pages numbers key odg odf msg pst "
    "mobi azw azw3 djvu ps xps png jpg jpeg gif tif tiff bmp webp heic svg zip tar gz tgz "
    "bz2 xz 7z rar".split()
)

# Seconds a writer waits for another process's write lock before giving up.
DEFAULT_LOCK_TIMEOUT = 10.0

# Documents per commit for `corpus-search index`: bounds what an interrupted run loses (README
# "Reliability"). The environment variable changes it.
COMMIT_EVERY = 10_000
COMMIT_EVERY_ENV_VAR = "CORPUS_SEARCH_COMMIT_EVERY"
# ... and at least this often (seconds), however slowly documents are analysed.
COMMIT_SECONDS = 60.0

# Quotations and their speakers are found at indexing time unless this variable is "0" (for
# measuring what the extraction costs: scripts/bench.py --quotations-cost).
QUOTATIONS_ENV_VAR = "CORPUS_SEARCH_QUOTATIONS"


def quotations_enabled() -> bool:
    """Whether indexing finds quotations (``$CORPUS_SEARCH_QUOTATIONS`` is not "0")."""
    return os.environ.get(QUOTATIONS_ENV_VAR, "1").strip().lower() not in (
        "0",
        "no",
        "off",
        "false",
    )


# Bodies longer than this are indexed up to the limit and flagged as truncated. Whoosh indexes
# roughly 150,000 characters a second, so the limit bounds the time one file can take: a 50 MB
# text file costs about 7 s and 170 MB of memory at 1M characters (100 s and 1.2 GB at 10M).
MAX_BODY_CHARS = 1_000_000

# Files larger than this are read only up to this many bytes (then truncated, as above).
MAX_FILE_BYTES = 64 * 1024 * 1024


def resolve_index_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The index folder: the argument, else $CORPUS_SEARCH_INDEX, else ./.corpus-search."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(INDEX_ENV_VAR)
    if from_env:
        return Path(from_env)
    return DEFAULT_INDEX_DIR


# Characters that can move a terminal's cursor, change its colours or reorder text (a regex
# character class): C0 controls but tab and newline, DEL, C1 controls, and the bidi marks,
# embeddings, overrides and isolates. Ingest removes them (documents/sanitize.py); renderers
# replace any left (in paths, queries) one-for-one, so match offsets still line up (render.safe).
UNSAFE_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
