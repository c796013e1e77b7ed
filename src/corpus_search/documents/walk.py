"""Find the files to index: a sorted, deduplicated ``os.scandir`` walk with one stat per file."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

from corpus_search.config import DEFAULT_INCLUDE, UNSUPPORTED, UNSUPPORTED_SUFFIXES
from corpus_search.models import FoundFile, Skipped

__all__ = ["FileStat", "find_files", "walk_files"]

_DirKey = tuple[int, int]  # (st_dev, st_ino)
_BY_NAME = attrgetter("name")

# What walk_files yields for a file: FoundFile's fields (absolute path, size, mtime). A no-op index
# run compares 100,000 of them with the manifest, and makes a FoundFile of none.
FileStat = tuple[str, int, float]

# (name, path of its folder relative to the root: "" or ending in "/") -> matched. The relative
# path of the entry itself is only joined for patterns that contain '/'.
_Match = Callable[[str, str], bool]

_GLOB = re.compile(r"[*?\[]")


def _matcher(patterns: Sequence[str]) -> _Match | None:
    """One regex for name patterns and one for path patterns (those containing '/'); None if no
    patterns. Case-insensitive, so "*.txt" also finds NOTES.TXT. Built once: it runs per file."""
    names = [p for p in patterns if "/" not in p]
    paths = [p.strip("/") for p in patterns if "/" in p]
    by_name = _name_matcher(names) if names else None
    by_path = _regex(paths) if paths else None
    if by_path is None:
        return by_name
    if by_name is None:
        return lambda name, folder: by_path(folder + name) is not None
    return lambda name, folder: by_name(name, folder) or by_path(folder + name) is not None


def _regex(patterns: Sequence[str]) -> Callable[[str], re.Match[str] | None]:
    return re.compile("|".join(fnmatch.translate(p) for p in patterns), re.IGNORECASE).match


def _name_matcher(patterns: Sequence[str]) -> _Match:
    regex = _regex(patterns)
    # The usual patterns, "*.txt" and the like, as a suffix test: the regex backtracks over the
    # whole name once per pattern. Exact for ASCII names (their case folding is lower()); other
    # names still go to the regex, whose IGNORECASE also folds characters such as "K" (Kelvin).
    stems = [p[1:] for p in patterns if p.startswith("*")]
    if len(stems) == len(patterns) and all(s.isascii() and not _GLOB.search(s) for s in stems):
        suffixes = tuple(s.lower() for s in stems)

        def by_suffix(name: str, folder: str) -> bool:
            if name.endswith(suffixes):
                return True
            if name.isascii():
                return name.lower().endswith(suffixes)
            return regex(name) is not None

        return by_suffix
    return lambda name, folder: regex(name) is not None


def _reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, NotADirectoryError):
        return "not a directory"
    return (error.strerror or str(error)).lower()


def _absolute(path: str | Path) -> str:
    return Path(os.path.abspath(os.fspath(path))).as_posix()


def find_files(
    paths: Sequence[str | Path],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    follow_symlinks: bool = False,
    skip_dirs: Collection[str | Path] = (),
) -> Iterator[FoundFile | Skipped]:
    """Yield every file under ``paths`` to index, or a ``Skipped`` saying why a path was not walked.

    Patterns are fnmatch patterns matched case-insensitively against the file name, or, when they
    contain '/', against the path relative to the root being walked. ``exclude`` also prunes
    directories; an empty ``include`` means every file. Files named explicitly in ``paths`` are
    always included. Hidden directories and ``skip_dirs`` (compared by resolved path) are skipped,
    and so are symbolic links unless ``follow_symlinks`` (then a link back to an enclosing
    directory is reported as "symlink loop"). FIFOs, sockets and devices are never yielded.
    With the default ``include`` patterns, a file they leave out whose extension names a format
    no extractor reads (``config.UNSUPPORTED_SUFFIXES``: .doc, images, archives...) is yielded
    as ``Skipped(path, "not a supported format (.doc)")``, so that it is counted, not lost.

    Roots are walked in the order given; within a root, each directory's files come first, by
    name, then its subdirectories, depth first. Every path is yielded at most once. Each file
    costs one ``stat`` (``DirEntry.stat``); directories cost none unless symlinks are followed.
    """
    for batch, _ in _batches(paths, include, exclude, follow_symlinks, skip_dirs, None):
        for item in batch:
            yield item if type(item) is Skipped else FoundFile(*item)  # type: ignore[misc]


def walk_files(
    paths: Sequence[str | Path],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    follow_symlinks: bool = False,
    skip_dirs: Collection[str | Path] = (),
    left_out: Counter[str] | None = None,
) -> tuple[list[FileStat], list[Skipped]]:
    """:func:`find_files`' files as plain ``(path, size, mtime)`` tuples, in the same order, and
    its ``Skipped`` items apart. ``left_out``, when given, counts the files in the walked
    folders that the ``include`` patterns left out (not excluded, not reported as an
    unsupported format), by lower-case extension with its dot (``""``: none)."""
    found: list[FileStat] = []
    skipped: list[Skipped] = []
    for batch, clean in _batches(paths, include, exclude, follow_symlinks, skip_dirs, left_out):
        if clean:
            found += batch  # type: ignore[arg-type]
        else:
            for item in batch:
                if type(item) is Skipped:
                    skipped.append(item)
                else:
                    found.append(item)  # type: ignore[arg-type]
    return found, skipped


# A directory's items in order, and whether they are all files (no Skipped among them). Batches
# keep the per-file work of the callers to a list extend.
_Batch = tuple[list[FileStat | Skipped], bool]


def _batches(
    paths: Sequence[str | Path],
    include: Sequence[str],
    exclude: Sequence[str],
    follow_symlinks: bool,
    skip_dirs: Collection[str | Path],
    left_out: Counter[str] | None,
) -> Iterator[_Batch]:
    included = _matcher(include)
    excluded = _matcher(exclude)
    # With the default patterns, documents of a format no extractor reads are reported.
    unsupported = UNSUPPORTED_SUFFIXES if tuple(include) == DEFAULT_INCLUDE else None
    skip_real = {os.path.realpath(os.fspath(p)) for p in skip_dirs}
    # Within one root every path is spelled once (joined from a distinct folder and name); only
    # several roots can meet, so only then is each path remembered.
    seen: set[str] | None = set() if len(paths) > 1 else None

    for root in paths:
        root_path = _absolute(root)
        try:
            st = os.stat(root_path)  # a named root is followed even if it is a symlink
        except OSError as error:
            yield [Skipped(root_path, _reason(error))], False
            continue
        if stat.S_ISREG(st.st_mode):
            if seen is None or root_path not in seen:
                if seen is not None:
                    seen.add(root_path)
                yield [(root_path, st.st_size, st.st_mtime)], True
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield [Skipped(root_path, "not a regular file or directory")], False
            continue
        root_real = os.path.realpath(root_path)
        if root_real in skip_real:
            continue
        yield from _walk(
            root_path,
            root_real,
            (st.st_dev, st.st_ino),
            included=included,
            excluded=excluded,
            unsupported=unsupported,
            follow_symlinks=follow_symlinks,
            skip_real=skip_real,
            seen=seen,
            left_out=left_out,
        )


# A directory to walk: (path, real path, path relative to the root, ancestor directory keys).
_Frame = tuple[str, str, str, frozenset[_DirKey]]
_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
_OPEN_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _walk(
    root: str,
    root_real: str,
    root_key: _DirKey,
    *,
    included: _Match | None,
    excluded: _Match | None,
    unsupported: frozenset[str] | None,
    follow_symlinks: bool,
    skip_real: set[str],
    seen: set[str] | None,
    left_out: Counter[str] | None,
) -> Iterator[_Batch]:
    # An explicit stack instead of recursion: no depth limit, and a sorted DFS keeps output stable.
    # Real paths are built by joining names, which is exact because only followed symlinks are
    # resolved (once each); skip_dirs is then a string comparison, not a syscall per directory.
    stack: list[_Frame] = [(root, root_real, "", frozenset([root_key]))]
    while stack:
        frame = stack.pop()
        directory = frame[0]
        fd = None
        try:
            # Listed through a descriptor, each file's stat is fstatat(fd, name): the kernel
            # does not walk the whole path again for every file (a fifth of the walk).
            if _BY_FD:
                fd = os.open(directory, _OPEN_DIR)
            with os.scandir(directory if fd is None else fd) as it:
                entries = sorted(it, key=_BY_NAME)
            subdirs: list[_Frame] = []
            batch = _directory(
                frame,
                entries,
                subdirs,
                included,
                excluded,
                unsupported,
                follow_symlinks,
                skip_real,
                seen,
                left_out,
            )
        except OSError as error:
            yield [Skipped(directory, _reason(error))], False
            continue
        finally:
            if fd is not None:
                os.close(fd)
        if batch[0]:
            yield batch
        # Reversed so the stack pops them in sorted order.
        stack.extend(reversed(subdirs))


def _directory(
    frame: _Frame,
    entries: list[os.DirEntry[Any]],
    subdirs: list[_Frame],
    included: _Match | None,
    excluded: _Match | None,
    unsupported: frozenset[str] | None,
    follow_symlinks: bool,
    skip_real: set[str],
    seen: set[str] | None,
    left_out: Counter[str] | None,
) -> _Batch:
    """One directory's files (and the Skipped among them) in name order; its subdirectories to
    walk are appended to ``subdirs``. This loop runs once per file: it makes no path it does
    not need (a pattern's relative path, a file's path before it is included)."""
    directory, real, relative, ancestors = frame
    prefix = directory if directory.endswith("/") else directory + "/"
    batch: list[FileStat | Skipped] = []
    clean = True
    for entry in entries:
        try:
            # DirEntry's methods without arguments (parsing keywords costs as much as the test):
            # they follow symlinks, which are either not wanted or to be followed.
            is_link = entry.is_symlink()
            if is_link and not follow_symlinks:
                continue
            if entry.is_dir():
                name = entry.name
                if name.startswith(".") or (excluded is not None and excluded(name, relative)):
                    continue
                path = prefix + name
                sub_real = os.path.realpath(path) if is_link else f"{real.rstrip('/')}/{name}"
                if sub_real in skip_real:
                    continue
                sub_ancestors = ancestors
                if follow_symlinks:
                    st = entry.stat()
                    key = (st.st_dev, st.st_ino)
                    if key in ancestors:
                        batch.append(Skipped(path, "symlink loop"))
                        clean = False
                        continue
                    sub_ancestors = ancestors | {key}
                subdirs.append((path, sub_real, f"{relative}{name}/", sub_ancestors))
            elif entry.is_file():
                name = entry.name
                if included is not None and not included(name, relative):
                    if left_out is None and unsupported is None:
                        continue
                    # Only the files the patterns leave out pay for this: their extension.
                    suffix = name.rpartition(".")[2].lower() if "." in name[1:] else ""
                    if excluded is not None and excluded(name, relative):
                        continue
                    if unsupported is not None and suffix in unsupported:
                        batch.append(Skipped(prefix + name, f"{UNSUPPORTED} (.{suffix})"))
                        clean = False
                    elif left_out is not None:
                        left_out["." + suffix if suffix else ""] += 1
                    continue
                if excluded is not None and excluded(name, relative):
                    continue
                path = prefix + name
                if seen is not None and path in seen:
                    continue
                st = entry.stat()
                if seen is not None:
                    seen.add(path)
                batch.append((path, st.st_size, st.st_mtime))
            elif is_link:
                batch.append(Skipped(prefix + entry.name, "broken symlink"))
                clean = False
            # Anything else (FIFO, socket, device) is never opened: reading a FIFO blocks.
        except OSError as error:
            batch.append(Skipped(prefix + entry.name, _reason(error)))
            clean = False
    return batch, clean
