"""The on-disk format of an index folder, in one place, without Whoosh: the file names, the schema
version, corpus-search's meta file, the write lock and the commit (generation) numbers.

An index folder holds Whoosh's files (``MAIN_WRITELOCK``, one ``_MAIN_<generation>.toc`` table of
contents per commit, segment files) and two of ours: ``corpus-search.json`` (the schema version
that wrote the index) and the manifest (:mod:`.manifest`: what each indexed file looked like).
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from corpus_search.errors import IndexCorruptError, IndexLockedError, IndexWriteError

# Bump when the schema or an analyzer changes; older indexes must then be rebuilt (--rebuild),
# unless listed in READABLE_VERSIONS.
# 2: Lucene's English stop words instead of Whoosh's list; 3: one-character words are indexed;
# 4: quotations and their speakers (the quote, speaker and quotes fields); 5: the near-duplicate
# sketch column; 6: each body's term list (the body_terms column, termlists.py).
SCHEMA_VERSION = 6
# Versions this one opens, searches and updates as they are: an index keeps the schema it was
# built with (Whoosh stores it in the index), so a schema-5 index goes on without term lists and
# `terms` reads a sample of its stored text instead (views/terms.py) until it is rebuilt.
READABLE_VERSIONS = frozenset({5, SCHEMA_VERSION})

INDEX_NAME = "MAIN"  # Whoosh's default index name (_DEF_INDEX_NAME), in every file name
META_NAME = "corpus-search.json"  # {"schema_version": ..., "created": ...}
LOCK_NAME = f"{INDEX_NAME}_WRITELOCK"  # what Whoosh's own ix.lock("WRITELOCK") uses
MANIFEST_NAME = "corpus-search-manifest.bin"
OLD_MANIFEST_NAME = "corpus-search-manifest.json"  # versions 1 and 2 (deleted when replaced)
_TOC = re.compile(rf"_{INDEX_NAME}_([0-9]+)\.toc")  # a commit's table of contents: TOC._pattern

# Modules named in the pickled schema of indexes written by earlier layouts -> today's module.
# Until #10 the analyzer's stemmer was corpus_search.schema.stem_english.
PICKLED_MODULES: dict[str, str] = {"corpus_search.schema": "corpus_search.index.schema"}


def alias_pickled_modules() -> None:
    """Make the module names of ``PICKLED_MODULES`` resolve, so that indexes written by earlier
    layouts open (and update) without a rebuild. Called by every module that opens an index."""
    for old, new in PICKLED_MODULES.items():
        if old not in sys.modules:
            sys.modules[old] = import_module(new)


def read_meta(index_dir: Path) -> dict[str, Any]:
    """corpus-search's own facts about an index (the schema version that wrote it), or {}."""
    try:
        meta = json.loads((index_dir / META_NAME).read_text(encoding="utf-8"))
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError):
        return {}


def write_meta(index_dir: Path) -> None:
    """Record that this version's schema writes the index (before its first table of contents:
    a search in another process that sees the TOC must also see which schema wrote it)."""
    meta = {"schema_version": SCHEMA_VERSION, "created": datetime.now().isoformat()}
    (index_dir / META_NAME).write_text(json.dumps(meta), encoding="utf-8")


def has_current_schema(index_dir: Path) -> bool:
    """Whether this version reads and updates the index as it is (no rebuild needed)."""
    return read_meta(index_dir).get("schema_version") in READABLE_VERSIONS


def check_schema_version(index_dir: Path) -> None:
    """Raise IndexCorruptError, with the rebuild hint, unless this version reads the index."""
    version = read_meta(index_dir).get("schema_version")
    if version not in READABLE_VERSIONS:
        raise IndexCorruptError(
            f"The index at {index_dir} was built by a different corpus-search (schema {version}, "
            f"this version reads {' or '.join(map(str, sorted(READABLE_VERSIONS)))}). "
            "Rebuild it with: corpus-search index --rebuild PATH"
        )


def latest_generation(index_dir: Path) -> int:
    """The number of the index's latest commit (its newest table of contents), -1 if none."""
    try:
        names = os.listdir(index_dir)
    except OSError:
        return -1
    found = [int(m[1]) for m in map(_TOC.fullmatch, names) if m is not None]
    return max(found, default=-1)


# flock(2) belongs to the open file and so also to every process forked while it is held: a
# worker that outlived a killed run kept the index locked for good. Forked children close these
# descriptors at once (the lock then dies with the process holding it).
_HELD_LOCK_FDS: set[int] = set()


def _close_held_locks_in_child() -> None:
    for fd in _HELD_LOCK_FDS:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCK_FDS.clear()


os.register_at_fork(after_in_child=_close_held_locks_in_child)


@contextmanager
def write_lock(index_dir: Path, *, timeout: float) -> Iterator[None]:
    """Hold the index's write lock (creating the folder if needed), waiting up to ``timeout``
    seconds for another run to release it. The lock file and the kind of lock (flock) are
    Whoosh's ``FileStorage.lock``'s, so a Whoosh writer and older versions respect it too."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IndexWriteError(
            f"Cannot create the index folder {index_dir}: {e.strerror or e}"
        ) from e
    try:
        fd = os.open(index_dir / LOCK_NAME, os.O_CREAT | os.O_WRONLY)
        try:
            deadline = time.time() + timeout
            while not _try_lock(fd):
                if time.time() >= deadline:
                    raise IndexLockedError(
                        f"Another corpus-search run is updating the index at {index_dir}; gave "
                        f"up after {timeout:g}s. Try again when it finishes, or wait longer "
                        "with --lock-timeout."
                    )
                time.sleep(0.1)
        except BaseException:
            os.close(fd)
            raise
    except OSError as e:
        raise IndexWriteError(f"Cannot lock the index at {index_dir}: {e.strerror or e}") from e
    _HELD_LOCK_FDS.add(fd)
    try:
        yield
    finally:
        _HELD_LOCK_FDS.discard(fd)
        _unlock(fd)


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)  # for flock, closing the file is the release
