"""Find the files to index: a sorted, deduplicated ``os.scandir`` walk with one stat per file."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Callable, Collection, Iterator, Sequence
from operator import attrgetter
from pathlib import Path

from corpus_search.config import DEFAULT_INCLUDE
from corpus_search.models import FoundFile, Skipped

__all__ = ["find_files"]

_DirKey = tuple[int, int]  # (st_dev, st_ino)
_BY_NAME = attrgetter("name")


_Match = Callable[[str, str], bool]  # (file name, path relative to the root) -> matched


def _matcher(patterns: Sequence[str]) -> _Match | None:
    """One regex for name patterns and one for path patterns (those containing '/'); None if no
    patterns. Case-insensitive, so "*.txt" also finds NOTES.TXT. Built once: it runs per file."""
    names = [fnmatch.translate(p) for p in patterns if "/" not in p]
    paths = [fnmatch.translate(p.strip("/")) for p in patterns if "/" in p]
    by_name = re.compile("|".join(names), re.IGNORECASE).match if names else None
    by_path = re.compile("|".join(paths), re.IGNORECASE).match if paths else None
    if by_name is not None and by_path is None:
        return lambda name, relative: by_name(name) is not None
    if by_name is None and by_path is not None:
        return lambda name, relative: by_path(relative) is not None
    if by_name is not None and by_path is not None:
        return lambda name, relative: bool(by_name(name) or by_path(relative))
    return None


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

    Roots are walked in the order given; within a root, each directory's files come first, by
    name, then its subdirectories, depth first. Every path is yielded at most once. Each file
    costs one ``stat`` (``DirEntry.stat``); directories cost none unless symlinks are followed.
    """
    included = _matcher(include)
    excluded = _matcher(exclude)
    skip_real = {os.path.realpath(os.fspath(p)) for p in skip_dirs}
    seen: set[str] = set()

    for root in paths:
        root_path = _absolute(root)
        try:
            st = os.stat(root_path)  # a named root is followed even if it is a symlink
        except OSError as error:
            yield Skipped(root_path, _reason(error))
            continue
        if stat.S_ISREG(st.st_mode):
            if root_path not in seen:
                seen.add(root_path)
                yield FoundFile(root_path, st.st_size, st.st_mtime)
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield Skipped(root_path, "not a regular file or directory")
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
            follow_symlinks=follow_symlinks,
            skip_real=skip_real,
            seen=seen,
        )


def _walk(
    root: str,
    root_real: str,
    root_key: _DirKey,
    *,
    included: _Match | None,
    excluded: _Match | None,
    follow_symlinks: bool,
    skip_real: set[str],
    seen: set[str],
) -> Iterator[FoundFile | Skipped]:
    # An explicit stack instead of recursion: no depth limit, and a sorted DFS keeps output stable.
    # Each frame: (path, real path, path relative to root, ancestor directory keys).
    # Real paths are built by joining names, which is exact because only followed symlinks are
    # resolved (once each); skip_dirs is then a string comparison, not a syscall per directory.
    stack: list[tuple[str, str, str, frozenset[_DirKey]]] = [
        (root, root_real, "", frozenset([root_key]))
    ]
    while stack:
        directory, real, relative, ancestors = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=_BY_NAME)
        except OSError as error:
            yield Skipped(directory, _reason(error))
            continue

        subdirs: list[tuple[str, str, str, frozenset[_DirKey]]] = []
        for entry in entries:
            name = entry.name
            path = entry.path
            rel = f"{relative}{name}"
            try:
                is_link = entry.is_symlink()
                if is_link and not follow_symlinks:
                    continue
                if entry.is_dir(follow_symlinks=follow_symlinks):
                    if name.startswith(".") or (excluded is not None and excluded(name, rel)):
                        continue
                    sub_real = os.path.realpath(path) if is_link else f"{real.rstrip('/')}/{name}"
                    if sub_real in skip_real:
                        continue
                    sub_ancestors = ancestors
                    if follow_symlinks:
                        st = entry.stat()
                        key = (st.st_dev, st.st_ino)
                        if key in ancestors:
                            yield Skipped(path, "symlink loop")
                            continue
                        sub_ancestors = ancestors | {key}
                    subdirs.append((path, sub_real, f"{rel}/", sub_ancestors))
                elif entry.is_file(follow_symlinks=follow_symlinks):
                    if path in seen:
                        continue
                    if included is not None and not included(name, rel):
                        continue
                    if excluded is not None and excluded(name, rel):
                        continue
                    st = entry.stat(follow_symlinks=follow_symlinks)
                    seen.add(path)
                    yield FoundFile(path, st.st_size, st.st_mtime)
                elif is_link:
                    yield Skipped(path, "broken symlink")
                # Anything else (FIFO, socket, device) is never opened: reading a FIFO blocks.
            except OSError as error:
                yield Skipped(path, _reason(error))
        # Reversed so the stack pops them in sorted order.
        stack.extend(reversed(subdirs))
