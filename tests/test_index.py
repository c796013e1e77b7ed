"""Index round trips and incremental runs: touch, edit, delete, add, rebuild, locks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_search import (
    IndexCorruptError,
    IndexLockedError,
    IndexNotFoundError,
    index_info,
    index_paths,
    open_index,
)
from corpus_search import search as run_search
from corpus_search.index.manifest import load_manifest, manifest_path
from corpus_search.searching.query import parse_query

SEED_004 = "004_2835a2a803f76366.txt"


def count(index_dir: Path, query: str) -> int:
    with open_index(index_dir) as ix:
        return run_search(ix, query, fragments=0).total


def test_round_trip_indexes_every_seed(corpus: Path, tmp_path: Path) -> None:
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.added, report.updated, report.removed, report.skipped) == (5, 0, 0, [])
    with open_index(tmp_path / "ix") as ix:
        info = index_info(ix)
    assert info.documents == 5
    assert info.size_bytes > 0 and info.updated is not None


def test_second_run_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)


def test_touched_file_is_rehashed_not_reindexed(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    target = corpus / SEED_004
    os.utime(target, (1_700_000_000, 1_700_000_000))
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.updated, report.unchanged) == (0, 5)
    # ...and the manifest now has the new mtime, so a third run doesn't even hash it.
    assert index_paths([corpus], index_dir=tmp_path / "ix", jobs=1).unchanged == 5


def test_edited_file_is_replaced_once(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    target = corpus / SEED_004
    target.write_text(target.read_text(encoding="utf-8") + "\nzanzibarite\n", encoding="utf-8")
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 4)
    assert count(tmp_path / "ix", "zanzibarite") == 1
    assert count(tmp_path / "ix", "merseyside") == 1  # exactly one document for the path
    with open_index(tmp_path / "ix") as ix:
        assert index_info(ix).documents == 5


def test_deleted_file_is_removed(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    (corpus / SEED_004).unlink()
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.removed, report.unchanged) == (1, 4)
    assert count(tmp_path / "ix", "merseyside") == 0


def test_new_file_is_added(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    (corpus / "new.md").write_text("# Fresh notes\n\nA quokka appeared.\n", encoding="utf-8")
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.added, report.unchanged) == (1, 5)
    assert count(tmp_path / "ix", "quokka") == 1


def test_other_roots_are_left_alone(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.txt").write_text("Wombats only.\n", encoding="utf-8")
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    index_paths([other], index_dir=tmp_path / "ix", jobs=1)
    assert count(tmp_path / "ix", "wombats") == 1
    assert count(tmp_path / "ix", "merseyside") == 1


def test_rebuild_starts_over(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    report = index_paths([corpus / SEED_004], index_dir=tmp_path / "ix", rebuild=True, jobs=1)
    assert report.added == 1
    with open_index(tmp_path / "ix") as ix:
        assert index_info(ix).documents == 1


def test_lost_manifest_is_rebuilt_without_duplicates(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    manifest_path(tmp_path / "ix").unlink()
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.added, report.unchanged) == (0, 5)
    with open_index(tmp_path / "ix") as ix:
        assert index_info(ix).documents == 5


def _damage(how: str, data: bytes) -> bytes:
    if how == "empty":
        return b""
    if how == "truncated":
        return data[: len(data) // 2]
    if how == "bit flipped":  # the checksum catches what marshal would misread
        return data[:-20] + bytes([data[-20] ^ 1]) + data[-19:]
    if how == "other version":
        return data[:4] + (99).to_bytes(4, "little") + data[8:]
    return b"\x00\x01 not a manifest at all"


@pytest.mark.parametrize("how", ["empty", "truncated", "bit flipped", "other version", "garbage"])
def test_damaged_manifest_is_rebuilt(corpus: Path, tmp_path: Path, how: str) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    path = manifest_path(tmp_path / "ix")
    path.write_bytes(_damage(how, path.read_bytes()))
    assert load_manifest(tmp_path / "ix").generation == -1
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)
    # ...and saved again, so the next run is a no-op again that still sees changes.
    assert len(load_manifest(tmp_path / "ix")) == 5
    assert index_paths([corpus], index_dir=tmp_path / "ix", jobs=1).unchanged == 5
    (corpus / SEED_004).unlink()
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.removed, report.unchanged) == (1, 4)


def test_json_manifest_of_older_versions_is_replaced(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    manifest = load_manifest(tmp_path / "ix")
    old = {  # what corpus-search wrote before the manifest was marshalled tuples
        "version": 1,
        "generation": manifest.generation,
        "sources": {p: [e.size, e.mtime, e.sha256, e.keys] for p, e in manifest.sources.items()},
    }
    manifest_path(tmp_path / "ix").unlink()
    (tmp_path / "ix" / "corpus-search-manifest.json").write_text(json.dumps(old))
    os.utime(corpus / SEED_004, (1_700_000_000, 1_700_000_000))
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)
    assert len(load_manifest(tmp_path / "ix")) == 5
    assert not (tmp_path / "ix" / "corpus-search-manifest.json").exists()
    with open_index(tmp_path / "ix") as ix:
        assert index_info(ix).documents == 5


def test_manifest_older_than_the_index_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    # A run killed between its commit and the manifest write leaves the previous manifest.
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    before = manifest_path(tmp_path / "ix").read_bytes()
    (corpus / "new.md").write_text("# Fresh notes\n\nA quokka appeared.\n", encoding="utf-8")
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    manifest_path(tmp_path / "ix").write_bytes(before)
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 6)
    assert count(tmp_path / "ix", "quokka") == 1


def test_no_op_run_writes_nothing_and_loads_no_whoosh(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "ix").iterdir()}
    code = f"""
import json, sys
from corpus_search import index_paths
report = index_paths([{str(corpus)!r}], index_dir={str(tmp_path / "ix")!r})
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & {{"whoosh", "bs4", "yaml"}})
print(json.dumps([report.unchanged, report.added, loaded]))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [5, 0, []]
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "ix").iterdir()} == before


def test_no_op_run_still_reports_unreadable_and_missing_paths(corpus: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    report = index_paths(
        [corpus, tmp_path / "fifo", tmp_path / "nope"], index_dir=tmp_path / "ix", jobs=1
    )
    assert (report.added, report.unchanged) == (0, 5)
    assert [(s.path, s.reason) for s in report.skipped] == [
        ((tmp_path / "fifo").as_posix(), "not a regular file or directory")
    ]
    assert report.missing == [(tmp_path / "nope").as_posix()]


def test_index_of_another_schema_is_refused_even_when_nothing_changed(
    corpus: Path, tmp_path: Path
) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    (tmp_path / "ix" / "corpus-search.json").write_text('{"schema_version": 1}')
    with pytest.raises(IndexCorruptError, match="--rebuild"):
        index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)


def test_parallel_run_matches_serial(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(80):
        (root / f"doc{i:03}.txt").write_text(f"Document number {i}. Common words here.\n")
    report = index_paths([root], index_dir=tmp_path / "ix", jobs=2)
    assert report.added == 80
    assert count(tmp_path / "ix", "common") == 80


def test_bad_file_is_skipped_and_others_indexed(corpus: Path, tmp_path: Path) -> None:
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    report = index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    assert report.added == 5
    assert [Path(s.path).name for s in report.skipped] == ["binary.txt"]
    assert "NUL" in report.skipped[0].reason


def test_include_and_exclude(corpus: Path, tmp_path: Path) -> None:
    report = index_paths([corpus], index_dir=tmp_path / "ix", exclude=["004_*"], jobs=1)
    assert report.added == 4
    (corpus / "extra.rst").write_text("Reticulated splines.\n")
    report = index_paths([corpus], index_dir=tmp_path / "ix2", include=["*.rst"], jobs=1)
    assert report.added == 1


def test_index_folder_inside_corpus_is_not_indexed(corpus: Path) -> None:
    index_dir = corpus / "idx"
    index_paths([corpus], index_dir=index_dir, jobs=1)
    report = index_paths([corpus], index_dir=index_dir, jobs=1)
    assert (report.added, report.unchanged, report.skipped) == (0, 5, [])


def test_second_writer_waits_then_fails_clearly(corpus: Path, tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage

    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    lock = FileStorage(str(tmp_path / "ix")).lock("MAIN_WRITELOCK")
    assert lock.acquire()
    try:
        with pytest.raises(IndexLockedError, match="Another corpus-search run"):
            index_paths([corpus], index_dir=tmp_path / "ix", lock_timeout=0.3, jobs=1)
    finally:
        lock.release()
    assert count(tmp_path / "ix", "merseyside") == 1


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="corpus-search index PATH"):
        open_index(tmp_path / "nothing")


def test_deep_match_in_long_document_gets_a_snippet(tmp_path: Path) -> None:
    root = tmp_path / "long"
    root.mkdir()
    filler = "Ordinary words fill this sentence. " * 3000  # ~105,000 characters
    (root / "long.txt").write_text(filler + "The needle is here at the end.\n")
    index_paths([root], index_dir=tmp_path / "ix", jobs=1)
    with open_index(tmp_path / "ix") as ix:
        hit = run_search(ix, "needle").hits[0]
    snippet = hit.snippets[0]
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["needle"]


def test_copy_of_index_opens_elsewhere(corpus: Path, tmp_path: Path) -> None:
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    shutil.copytree(tmp_path / "ix", tmp_path / "copy")
    assert count(tmp_path / "copy", "merseyside") == 1


def test_an_open_index_searches_on_while_a_rebuild_deletes_its_files(
    corpus: Path, tmp_path: Path
) -> None:
    # Searches read the index's files through memory maps; a rebuild deletes every one of them.
    index_paths([corpus], index_dir=tmp_path / "ix", jobs=1)
    with open_index(tmp_path / "ix") as ix:
        assert run_search(ix, "cabán").total == 1
        old = ix.searcher()  # its reader maps the first build's segment files
        police = parse_query(ix.schema, "police")
        assert len(old.search(police, limit=None)) == 3
        segment_files = {p.name for p in (tmp_path / "ix").glob("MAIN_*.*")}
        index_paths([corpus / SEED_004], index_dir=tmp_path / "ix", rebuild=True, jobs=1)
        assert segment_files
        assert not segment_files & {p.name for p in (tmp_path / "ix").iterdir()}
        assert len(old.search(police, limit=None)) == 3  # still readable after the deletion
        assert run_search(ix, "cabán").total == 0  # the new build (seed 004 alone), read afresh
        assert run_search(ix, "police").total == 1


def test_index_written_before_the_stage_packages_opens_and_updates(tmp_path: Path) -> None:
    # Until #10 the schema module was corpus_search.schema, and every index's pickled schema names
    # its stemmer that way. Such an index must still be searched and updated without a rebuild.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Police report\n\nThe police arrived at noon.\n", encoding="utf-8")
    old = tmp_path / "old.idx"
    build = (
        "import sys; import corpus_search.index.handle; import corpus_search.index.schema as s;"
        "s.stem_english.__module__ = 'corpus_search.schema';"
        "from corpus_search import index_paths; index_paths([sys.argv[1]], index_dir=sys.argv[2])"
    )
    subprocess.run([sys.executable, "-c", build, str(docs), str(old)], check=True)
    toc = b"".join(p.read_bytes() for p in old.glob("*.toc"))
    assert b"corpus_search.schema" in toc and b"corpus_search.index.schema" not in toc

    (docs / "b.txt").write_text("Council vote\n\nThe police budget passed.\n", encoding="utf-8")
    cli = [sys.executable, "-m", "corpus_search"]
    args = ["--index", str(old)]
    done = subprocess.run([*cli, "index", str(docs), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout
    done = subprocess.run([*cli, "search", "police", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Police report" in done.stdout and "Council vote" in done.stdout
