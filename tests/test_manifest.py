"""The manifest: saved and loaded as it was, and compared with a walk the same way in any order."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_search.index.manifest import Manifest, SourceEntry, load_manifest, save_manifest


def sample() -> Manifest:
    sources = {
        "/c/a.txt": SourceEntry(10, 1.5, "a" * 64),
        "/c/b.jsonl": SourceEntry(20, 2.5, "b" * 64, {"r1": "1", "r2": "2", "r3": "3"}),
        "/c/d/e.md": SourceEntry(30, 3.25, "e" * 64),
        "/other/f.txt": SourceEntry(40, 4.0, "f" * 64),
    }
    return Manifest(generation=7, sources=sources)


def test_round_trip_in_walk_order(tmp_path: Path) -> None:
    save_manifest(tmp_path, sample(), order=["/c/d/e.md", "/c/a.txt", "/nowhere"])
    loaded = load_manifest(tmp_path)
    assert loaded.generation == 7 and len(loaded) == 4
    assert list(loaded.paths()) == ["/c/d/e.md", "/c/a.txt", "/c/b.jsonl", "/other/f.txt"]
    assert loaded.sources == sample().sources


WALK = [("/c/a.txt", 10, 1.5), ("/c/b.jsonl", 20, 2.5), ("/c/d/e.md", 30, 3.25)]


@pytest.mark.parametrize(
    "files, changed, documents",
    [
        (WALK, [], 1 + 3 + 1),
        (WALK[::-1], [], 5),  # not in the saved order: compared by path instead
        (WALK[1:], [], 4),
        ([*WALK, ("/c/new.txt", 1, 1.0)], [("/c/new.txt", 1, 1.0)], 5),
        ([WALK[0], ("/c/b.jsonl", 21, 2.5), WALK[2]], [("/c/b.jsonl", 21, 2.5)], 2),
        ([("/c/a.txt", 10, 9.0)], [("/c/a.txt", 10, 9.0)], 0),
        ([], [], 0),
    ],
)
def test_compare_finds_the_same_changes_loaded_or_not(
    tmp_path: Path, files: list[tuple[str, int, float]], changed: list[object], documents: int
) -> None:
    save_manifest(tmp_path, sample(), order=[f[0] for f in WALK])
    assert load_manifest(tmp_path).compare(files) == (changed, documents)
    assert sample().compare(files) == (changed, documents)


def test_vanished_keeps_what_unread_folders_hold() -> None:
    manifest = sample()
    present = {"/c/a.txt"}
    assert manifest.vanished(["/c"], present=present, unread=set()) == ["/c/b.jsonl", "/c/d/e.md"]
    assert manifest.vanished(["/c"], present=present, unread={"/c/d"}) == ["/c/b.jsonl"]
    assert manifest.vanished(["/c", "/c/d"], present=present, unread=set()) == [
        "/c/b.jsonl",
        "/c/d/e.md",
    ]


def test_reader_signatures_are_kept_and_outdated_ones_found(tmp_path: Path) -> None:
    manifest = sample()
    for path, entry in manifest.sources.items():
        entry.reader = "pdf:1" if path.endswith(".md") else "text:2"
    save_manifest(tmp_path, manifest)
    loaded = load_manifest(tmp_path)
    assert loaded.outdated({"text:2", "pdf:1"}) == {}
    assert loaded.outdated({"text:2", "pdf:2"}) == {"/c/d/e.md": 1}
    assert loaded.outdated({"text:3"}) == {
        "/c/a.txt": 1,
        "/c/b.jsonl": 3,
        "/c/d/e.md": 1,
        "/other/f.txt": 1,
    }
    assert loaded.sources == manifest.sources  # built from the columns, signatures included
    assert loaded.outdated({"text:2", "pdf:2"}) == {"/c/d/e.md": 1}  # the same, from the entries
