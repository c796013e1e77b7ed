"""Index runs as a user sees them (issue 11, items 7, 8, 13 and 15): missing paths, an index
folder that must not be written, remembered folders, --prune, changed patterns, and the summary's
numbers and plurals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from corpus_search.cli import cli
from corpus_search.config import DEFAULT_INCLUDE


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def make(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def hits(index: Path, query: str) -> list[str]:
    result = invoke("search", query, "--index", str(index), "--json", "-n", "50")
    return sorted(h["path"] for h in json.loads(result.stdout)["hits"]) if result.stdout else []


# Item 7 -----------------------------------------------------------------------------------


def test_a_missing_path_exits_2_names_it_and_the_others_are_indexed(tmp_path: Path) -> None:
    docs = make(tmp_path / "docs", a__txt="alpha text", b__txt="beta text")
    index = tmp_path / "ix"
    result = invoke("index", str(docs), str(tmp_path / "nope"), "--index", str(index))
    assert result.exit_code == 2
    assert "2 added" in result.stdout
    assert f"Error: {tmp_path / 'nope'}: no such file or directory" in result.stderr
    assert len(hits(index, "text")) == 2
    as_json = invoke("index", str(docs), str(tmp_path / "nope"), "--index", str(index), "--json")
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["missing"] == [str(tmp_path / "nope")]


def test_only_missing_paths_exit_2_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same error line as when another path exists (it was "No such file or directory: ...").
    monkeypatch.chdir(tmp_path)
    result = invoke("index", "nope", "gone", "--index", str(tmp_path / "ix"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "Error: nope: no such file or directory\nError: gone: no such file or directory\n"
    )
    assert not (tmp_path / "ix").exists()
    as_json = invoke("index", "nope", "--index", str(tmp_path / "ix"), "--json")
    assert as_json.exit_code == 2
    summary = json.loads(as_json.stdout)
    assert summary["missing"] == [str(tmp_path / "nope")] and summary["added"] == 0
    assert summary["index"] == str(tmp_path / "ix")
    assert not (tmp_path / "ix").exists()


# Item 8 -----------------------------------------------------------------------------------


def test_the_index_folder_cannot_be_a_folder_being_indexed(tmp_path: Path) -> None:
    docs = make(tmp_path / "docs", a__txt="alpha")
    result = invoke("index", str(docs), "--index", str(docs))
    assert result.exit_code == 2
    assert "Refusing to write the index into" in result.stderr
    assert "it is a folder being indexed" in result.stderr
    assert sorted(p.name for p in docs.iterdir()) == ["a.txt"]  # nothing written


def test_the_index_folder_cannot_hold_other_files(tmp_path: Path) -> None:
    docs = make(tmp_path / "docs", a__txt="alpha")
    notes = make(tmp_path / "notes", todo__txt="my notes")
    result = invoke("index", str(docs), "--index", str(notes))
    assert result.exit_code == 2
    assert "holds files that are not a corpus-search index (todo.txt)" in result.stderr
    assert sorted(p.name for p in notes.iterdir()) == ["todo.txt"]
    inside = invoke("index", str(tmp_path), "--index", str(docs))  # holds what is indexed
    assert inside.exit_code == 2 and sorted(p.name for p in docs.iterdir()) == ["a.txt"]
    # An existing index, an empty folder and a new folder are fine.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("index", str(docs), "--index", str(empty)).exit_code == 0
    assert invoke("index", str(docs), "--index", str(empty)).exit_code == 0


# Item 13 ----------------------------------------------------------------------------------


def test_info_lists_remembered_folders_and_index_without_path_refreshes_them(
    tmp_path: Path,
) -> None:
    a = make(tmp_path / "a", one__txt="first apple")
    b = make(tmp_path / "b", two__md="second banana")
    index = tmp_path / "ix"
    assert invoke("index", str(a), "--index", str(index)).exit_code == 0
    assert invoke("index", str(b), "--index", str(index), "--include", "*.md").exit_code == 0
    info = json.loads(invoke("info", "--index", str(index), "--json").stdout)
    assert info["roots"] == [
        {"path": str(a), "include": list(DEFAULT_INCLUDE), "exclude": [], "exists": True},
        {"path": str(b), "include": ["*.md"], "exclude": [], "exists": True},
    ]  # fmt: skip
    plain = invoke("info", "--index", str(index)).stdout
    assert f"Folders:   {a}" in plain and f"{b} (--include *.md)" in plain

    (a / "one.txt").write_text("first apple, edited")
    make(a, three__txt="third cherry")
    make(b, four__md="fourth date", skipped__txt="not an md file")
    refreshed = invoke("index", "--index", str(index), "--json")
    assert refreshed.exit_code == 0
    data = json.loads(refreshed.stdout)
    assert (data["added"], data["updated"], data["unchanged"]) == (2, 1, 1)
    assert data["roots"] == [str(a), str(b)]


def test_index_without_path_and_nothing_remembered_is_an_error(tmp_path: Path) -> None:
    result = invoke("index", "--index", str(tmp_path / "ix"))
    assert result.exit_code == 2
    assert "remembers no folders to refresh. Give one: corpus-search index PATH" in result.stderr


def test_a_moved_folder_is_reported_and_prune_removes_its_documents(tmp_path: Path) -> None:
    articles = make(tmp_path / "articles", one__txt="moved apple", two__txt="moved pear")
    index = tmp_path / "ix"
    assert invoke("index", str(articles), "--index", str(index)).exit_code == 0
    moved = tmp_path / "articles-2024"
    shutil.move(articles, moved)

    result = invoke("index", str(moved), "--index", str(index))
    assert result.exit_code == 0
    assert f"Remembered folder {articles} no longer exists" in result.stdout
    assert "--prune removes them" in result.stdout
    assert len(hits(index, "moved")) == 4  # twice: the old paths are kept until pruned

    pruned = invoke("index", str(moved), "--index", str(index), "--prune", "--json")
    data = json.loads(pruned.stdout)
    assert (pruned.exit_code, data["pruned"], data["vanished_roots"]) == (0, 2, [str(articles)])
    assert hits(index, "moved") == [str(moved / "one.txt"), str(moved / "two.txt")]
    info = json.loads(invoke("info", "--index", str(index), "--json").stdout)
    assert [r["path"] for r in info["roots"]] == [str(moved)]


def test_other_patterns_do_not_silently_remove_documents(tmp_path: Path) -> None:
    docs = make(tmp_path / "docs", one__txt="kept apple", two__md="kept pear")
    index = tmp_path / "ix"
    assert invoke("index", str(docs), "--index", str(index)).exit_code == 0
    narrower = invoke("index", str(docs), "--index", str(index), "--include", "*.md")
    assert narrower.exit_code == 0
    assert (
        "1 file no longer matches the patterns (--include/--exclude); its document is kept. "
        "Run with --prune to remove it." in narrower.stdout
    )
    assert len(hits(index, "kept")) == 2
    # the patterns are remembered
    again = invoke("index", str(docs), "--index", str(index), "--json")
    assert json.loads(again.stdout)["unmatched"] == 1
    pruned = invoke("index", str(docs), "--index", str(index), "--prune", "--json")
    assert json.loads(pruned.stdout)["pruned"] == 1
    assert hits(index, "kept") == [str(docs / "two.md")]
    # A deleted file is still removed at once, as before.
    (docs / "two.md").unlink()
    gone = json.loads(invoke("index", str(docs), "--index", str(index), "--json").stdout)
    assert (gone["removed"], hits(index, "kept")) == (1, [])


# Item 15 ----------------------------------------------------------------------------------


def test_numbers_and_plurals_in_index_and_info(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = make(tmp_path / "docs", only__txt="a single document")
    monkeypatch.chdir(tmp_path)
    result = invoke("index", "docs", "--index", "ix")
    assert "1 added, 0 updated, 0 removed, 0 unchanged, 0 skipped" in result.stdout
    as_json = json.loads(invoke("index", "docs", "--index", "ix", "--json").stdout)
    assert as_json["index"] == str(tmp_path / "ix")  # absolute, like info's
    info = invoke("info", "--index", "ix").stdout
    assert "Documents: 1\n" in info and "(1 segment)" in info
    found = invoke("search", "single", "--index", "ix").stdout
    assert found.startswith("1 document matches")
    many = make(docs, **{f"n{i}__txt": f"number {i} document" for i in range(1000)})
    assert "1,000 added" in invoke("index", str(many), "--index", "ix", "-j", "2").stdout
    assert "Documents: 1,001" in invoke("info", "--index", "ix").stdout


# A new user's walkthrough: files the include patterns leave out are counted -----------------


def test_files_left_out_by_the_patterns_are_counted_with_their_extensions(tmp_path: Path) -> None:
    # 20 Newsgroups' files have no extension: "0 added" alone gave no hint why.
    docs = make(tmp_path / "news", **{f"{n}": "a posting" for n in range(1001, 1004)})
    make(docs / "sub", notes__log="a log", more__log="a log", keep__txt="kept text")
    (docs / "sub" / "scan.doc").write_bytes(b"\xd0\xcf\x11\xe0")  # counted as unsupported
    index = tmp_path / "ix"
    result = invoke("index", str(docs), "--index", str(index))
    assert result.exit_code == 0
    assert (
        "5 files left out by the include patterns (3 with no extension, 2 .log): "
        "--include '*' reads every file." in result.stdout
    )
    as_json = json.loads(invoke("index", str(docs), "--index", str(index), "--json").stdout)
    assert as_json["left_out"] == {"files": 5, "extensions": {"": 3, ".log": 2}}
    assert len(as_json["unsupported"]) == 1  # the .doc is not counted twice
    # Excluded files were left out on purpose: not counted; with '*' nothing is left out.
    excluded = invoke("index", str(docs), "--index", str(index), "--exclude", "*.log", "--json")
    assert json.loads(excluded.stdout)["left_out"] == {"files": 3, "extensions": {"": 3}}
    every = invoke("index", str(docs), "--index", str(index), "--include", "*", "--exclude", "-")
    assert "6 added" in every.stdout and "left out" not in every.stdout  # the .doc too


def test_a_folder_with_only_indexed_files_says_nothing_of_left_out_files(tmp_path: Path) -> None:
    docs = make(tmp_path / "docs", a__txt="alpha", b__md="beta")
    result = invoke("index", str(docs), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 0 and "left out" not in result.stdout


EMPTY_NAMES = ["a.txt", "b.md", "c.html", "d.pdf", "e.docx", "f.odt", "g.epub", "h.eml", "i.mbox"]


def test_an_empty_file_of_any_format_is_skipped_as_empty(tmp_path: Path) -> None:
    # A 0-byte g.docx was a document titled "g.docx"; an empty .mbox or .jsonl, nothing at all.
    docs = make(tmp_path / "docs", real__txt="some real text")
    for name in [*EMPTY_NAMES, "j.jsonl", "k.ods"]:
        (docs / name).write_bytes(b"")
    index = tmp_path / "ix"
    result = invoke("index", str(docs), "--index", str(index), "--include", "*", "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["added"] == 1
    assert sorted((Path(s["path"]).name, s["reason"]) for s in summary["skipped"]) == [
        (name, "empty file") for name in sorted([*EMPTY_NAMES, "j.jsonl", "k.ods"])
    ]
    text = invoke("index", str(docs), "--index", str(index))  # the remembered patterns: '*'
    assert "0 added" in text.stdout and "11 skipped" in text.stdout
    assert f"  skipped {docs / 'e.docx'}: empty file\n" in text.stdout
    assert hits(index, "real") == [str(docs / "real.txt")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_emptied_since_loses_its_document(tmp_path: Path, jobs: str) -> None:
    docs = make(tmp_path / "docs", a__txt="alpha text", b__txt="beta text")
    if jobs == "2":  # enough files for worker processes to read them
        make(docs / "more", **{f"n{i}__txt": "more words" for i in range(70)})
    index = tmp_path / "ix"
    assert invoke("index", str(docs), "--index", str(index)).exit_code == 0
    (docs / "a.txt").write_bytes(b"")
    for i in range(70 if jobs == "2" else 0):
        (docs / "more" / f"n{i}.txt").write_text(f"changed words {i}")
    result = invoke("index", str(docs), "--index", str(index), "--json", "--jobs", jobs)
    summary = json.loads(result.stdout)
    assert summary["removed"] == 1 and summary["skipped"] == [
        {"path": str(docs / "a.txt"), "reason": "empty file"}
    ]
    assert hits(index, "text") == [str(docs / "b.txt")]
