"""The collection commands through the CLI: duplicates, search --collapse and --batch, export,
watch (with index --watch), as a user runs them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_duplicates import article, near_copy

from corpus_search.cli import cli

STORIES = {
    "harbour.txt": "Harbour strike\n\nDockers went on strike at the harbour. Pay is the issue.",
    "ferry.txt": "Ferry\n\nThe ferry strike ended after two days of talks.",
    "budget.txt": "Budget\n\nThe council set its budget for the year.",
    "rail.txt": "Rail\n\nRail workers vote on pay. A strike is possible in May.",
}


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def stories(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "stories"
    root.mkdir()
    for name, text in STORIES.items():
        write(root, name, text)
    idx = tmp_path / "idx"
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(idx), "-j", "1"])
    assert result.exit_code == 0, result.output
    return root, idx


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def reindex(root: Path, idx: Path, *extra: str) -> Result:
    result = invoke("index", str(root), "--index", str(idx), "-j", "1", *extra)
    return result


# duplicates and --collapse ------------------------------------------------------------------


@pytest.fixture()
def copies(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    root.mkdir()
    for i in range(12):
        write(root, f"a{i:02d}.txt", article(i))
    write(root, "copy-of-a04.txt", near_copy(article(4), 1))
    write(root, "same-as-a07.txt", article(7))
    idx = tmp_path / "idx"
    assert invoke("index", str(root), "--index", str(idx), "-j", "1").exit_code == 0
    return idx


def test_duplicates_lists_the_planted_groups(copies: Path) -> None:
    result = invoke("duplicates", "--index", str(copies), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["threshold"] == 0.8 and data["documents"] == 14
    groups = sorted(sorted(Path(p).name for p in g["documents"]) for g in data["groups"])
    assert groups == [["a04.txt", "copy-of-a04.txt"], ["a07.txt", "same-as-a07.txt"]]
    same = next(g for g in data["groups"] if any("same-as" in p for p in g["documents"]))
    assert same["similarity"] == 1.0

    plain = invoke("duplicates", "--index", str(copies))
    assert plain.stdout.startswith("2 groups of near-copies (4 documents of 14")
    assert "same-as-a07.txt" in plain.stdout


def test_duplicates_exit_1_when_there_are_none(copies: Path) -> None:
    result = invoke("duplicates", "--index", str(copies), "--threshold", "0.999")
    assert result.exit_code == 0  # a07 and its exact copy remain
    none = invoke("duplicates", "--index", str(copies), "--threshold", "1.5")
    assert none.exit_code == 2 and "1.5" in none.stderr


def test_duplicates_none(stories: tuple[Path, Path]) -> None:
    _, idx = stories
    result = invoke("duplicates", "--index", str(idx))
    assert result.exit_code == 1
    assert result.stdout.startswith("No near-copies among 4 documents")


def test_search_collapse(copies: Path) -> None:
    word = article(7).split()[0]  # the headline's first word: in a07 and its copy
    plain = json.loads(invoke("search", word, "--index", str(copies), "--json").stdout)
    folded = json.loads(
        invoke("search", word, "--index", str(copies), "--json", "--collapse").stdout
    )
    names = [Path(h["path"]).name for h in plain["hits"]]
    assert {"a07.txt", "same-as-a07.txt"} <= set(names)
    assert folded["total"] == plain["total"] - 1
    kept = [h for h in folded["hits"] if "a07" in h["path"]]
    assert len(kept) == 1 and kept[0]["near_copies"] == 1
    assert all(h["near_copies"] == 0 for h in plain["hits"])
    text = invoke("search", word, "--index", str(copies), "--collapse").stdout
    assert "+1 near copy" in text


# export -------------------------------------------------------------------------------------


def test_export_csv_offsets_point_at_the_match_in_shows_text(stories: tuple[Path, Path]) -> None:
    root, idx = stories
    result = invoke("export", "strike", "--index", str(idx), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert {Path(r["path"]).name for r in rows} == {"harbour.txt", "ferry.txt", "rail.txt"}
    assert len(rows) == 4  # harbour: "strike" in the headline line and the body
    for row in rows:
        shown = invoke("show", row["path"], "--index", str(idx), "--json")
        text = json.loads(shown.stdout)["text"]
        start, end = int(row["start"]), int(row["end"])
        assert text[start:end].lower() == "strike" == row["match"].lower()
        assert row["passage"] == text[int(row["passage_start"]) : int(row["passage_end"])]
        assert row["sha256"] == hashlib.sha256(Path(row["path"]).read_bytes()).hexdigest()
        assert row["query"] == "strike" and row["page"] == ""


def test_export_ris_parses_and_output_file(stories: tuple[Path, Path], tmp_path: Path) -> None:
    import rispy

    _, idx = stories
    target = tmp_path / "out" / "strike.ris"
    target.parent.mkdir()
    result = invoke("export", "strike", "pay", "--index", str(idx), "-F", "ris", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    entries = rispy.loads(target.read_text(encoding="utf-8"))
    assert {e["title"] for e in entries} == {"Harbour strike", "Rail"}
    assert all(e["type_of_reference"] == "GEN" for e in entries)
    assert all(e["urls"][0].startswith("file:///") for e in entries)
    assert os.listdir(target.parent) == ["strike.ris"]  # no temporary file left


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "ris", "md"])
def test_export_no_match_and_bad_query(stories: tuple[Path, Path], fmt: str) -> None:
    _, idx = stories
    none = invoke("export", "zeppelin", "--index", str(idx), "-F", fmt)
    assert none.exit_code == 1 and "No documents match 'zeppelin'" in none.stderr
    bad = invoke("export", "nosuch:word", "--index", str(idx), "-F", fmt)
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: ")


def test_export_markdown(stories: tuple[Path, Path]) -> None:
    _, idx = stories
    md = invoke("export", '"ferry strike"', "--index", str(idx), "-F", "md").stdout
    assert md.startswith('# Evidence: "ferry strike"')
    assert "> The **ferry strike** ended after two days of talks." in md


# batch --------------------------------------------------------------------------------------


def test_batch_totals_equal_single_searches(stories: tuple[Path, Path], tmp_path: Path) -> None:
    _, idx = stories
    queries = ["strike", "pay OR budget", "nosuch:word", "", "zeppelin", '"ferry strike"']
    batch_file = write(tmp_path, "queries.txt", "\n".join(queries) + "\n")
    result = invoke("search", "--batch", str(batch_file), "--index", str(idx), "--json")
    assert result.exit_code == 2  # one line failed; the others still ran
    rows = json.loads(result.stdout)["queries"]
    assert [r["query"] for r in rows] == [q for q in queries if q]
    for row in rows:
        single = invoke("search", row["query"], "--index", str(idx), "--json")
        if row["error"] is not None:
            assert single.exit_code == 2 and row["error"] in single.stderr
            assert row["total"] == 0 and row["hits"] == []
            continue
        expected = json.loads(single.stdout)
        assert row["total"] == expected["total"]
        assert [h["path"] for h in row["hits"]] == [h["path"] for h in expected["hits"]]


def test_batch_csv_from_stdin(stories: tuple[Path, Path]) -> None:
    _, idx = stories
    result = invoke("search", "--batch", "-", "--index", str(idx), "--csv", "-n", "2",
                    input="strike\nbudget\n")  # fmt: skip
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == ["query", "total", "error", "top1", "top2"]
    assert rows[1][:3] == ["strike", "3", ""] and rows[2][:3] == ["budget", "1", ""]
    assert Path(rows[2][3]).name == "budget.txt" and rows[2][4] == ""


def test_batch_needs_a_file_or_a_query(stories: tuple[Path, Path]) -> None:
    _, idx = stories
    both = invoke("search", "strike", "--batch", "-", "--index", str(idx), input="x\n")
    assert both.exit_code == 2 and "either QUERY or --batch" in both.stderr
    neither = invoke("search", "--index", str(idx))
    assert neither.exit_code == 2


# watch --------------------------------------------------------------------------------------


def run_watch(idx: Path, *extra: str) -> tuple[int, list[tuple[str, str]]]:
    result = invoke("watch", "run", "--index", str(idx), "--json", *extra)
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    new = [(Path(h["path"]).name, h["reason"]) for w in data["watches"] for h in w["new"]]
    return result.exit_code, sorted(new)


def test_watch_runs_report_added_and_changed_documents(stories: tuple[Path, Path]) -> None:
    root, idx = stories
    added = invoke("watch", "add", "strikes", "strike", "--index", str(idx))
    assert added.exit_code == 0, added.stderr
    assert run_watch(idx) == (1, [])

    write(root, "bus.txt", "Buses\n\nBus drivers strike on Friday.")
    write(root, "ferry.txt", "Ferry\n\nThe ferry strike ended after three days of talks.")
    write(root, "budget.txt", "Budget\n\nThe council cut its budget.")  # edited, no match
    assert reindex(root, idx).exit_code == 0
    assert run_watch(idx) == (0, [("bus.txt", "added"), ("ferry.txt", "changed")])
    assert run_watch(idx) == (1, [])

    (root / "harbour.txt").unlink()
    write(root, "budget.txt", "Budget\n\nA strike over the budget.")
    assert reindex(root, idx).exit_code == 0
    assert run_watch(idx) == (0, [("budget.txt", "added")])
    listed = json.loads(invoke("watch", "list", "--index", str(idx), "--json").stdout)
    assert [(w["name"], w["query"], w["documents"]) for w in listed["watches"]] == [
        ("strikes", "strike", 4)
    ]


def test_watch_plain_output_is_empty_when_nothing_is_new(stories: tuple[Path, Path]) -> None:
    root, idx = stories
    invoke("watch", "add", "pay", "pay", "--index", str(idx))
    quiet = invoke("watch", "run", "--index", str(idx))
    assert quiet.exit_code == 1 and quiet.stdout == ""
    write(root, "nurses.txt", "Nurses\n\nNurses vote on a pay offer.")
    reindex(root, idx)
    news = invoke("watch", "run", "pay", "--index", str(idx))
    assert news.exit_code == 0
    assert news.stdout.splitlines()[:2] == ["pay (pay): 1 new", "1. [added] Nurses"]


def test_watch_errors(stories: tuple[Path, Path]) -> None:
    _, idx = stories
    assert invoke("watch", "add", "s", "strike", "--index", str(idx)).exit_code == 0
    taken = invoke("watch", "add", "s", "ferry", "--index", str(idx))
    assert taken.exit_code == 2 and "A watch named 's' exists" in taken.stderr
    bad = invoke("watch", "add", "x", "nosuch:word", "--index", str(idx))
    assert bad.exit_code == 2 and "nosuch" in bad.stderr
    missing = invoke("watch", "run", "nope", "--index", str(idx))
    assert missing.exit_code == 2 and "No watch named 'nope'" in missing.stderr
    removed = invoke("watch", "remove", "s", "--index", str(idx))
    assert removed.exit_code == 0
    again = invoke("watch", "remove", "s", "--index", str(idx))
    assert again.exit_code == 2 and "No watch named 's'" in again.stderr
    assert invoke("watch", "add", "t", "ferry", "--index", str(idx)).exit_code == 0
    as_json = invoke("watch", "remove", "t", "--index", str(idx), "--json")
    assert as_json.exit_code == 0 and as_json.stderr == "Removed watch t (ferry).\n"
    (gone,) = json.loads(as_json.stdout)["watches"]
    assert (gone["name"], gone["query"]) == ("t", "ferry")
    failed = invoke("watch", "remove", "t", "--index", str(idx), "--json")
    assert failed.exit_code == 2 and "No watch named 't'" in json.loads(failed.stdout)["error"]


def test_index_watch_runs_the_watches_after_indexing(stories: tuple[Path, Path]) -> None:
    root, idx = stories
    invoke("watch", "add", "strikes", "strike", "--index", str(idx))
    assert reindex(root, idx, "--watch").exit_code == 1
    write(root, "bus.txt", "Buses\n\nBus drivers strike on Friday.")
    result = reindex(root, idx, "--watch", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["index"]["added"] == 1
    assert [Path(h["path"]).name for h in data["watches"][0]["new"]] == ["bus.txt"]
    rebuilt = reindex(root, idx, "--rebuild", "--watch")
    assert rebuilt.exit_code == 1 and rebuilt.stdout == ""


def test_watch_state_after_sigkill_during_run(stories: tuple[Path, Path]) -> None:
    """Killed while its report is being written (stdout is a pipe nobody reads, so the write
    blocks), a run records nothing: the watch file is intact and the next run reports it all."""
    root, idx = stories
    invoke("watch", "add", "strikes", "strike", "--index", str(idx))
    state = idx / "watches" / "strikes.json"
    before = state.read_bytes()
    for i in range(40):  # more than a pipe's buffer of report (~64 KB)
        write(root, f"new{i:02d}.txt", f"News {i}\n\n" + "A strike is called. " * 200)
    reindex(root, idx)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    code = "from corpus_search.cli import main; main()"
    args = ["watch", "run", "--index", str(idx), "-f", "3", "-C", "400"]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if _blocked_writing(proc.pid):
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the run finished without blocking on its output"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    assert state.read_bytes() == before  # nothing recorded
    assert [p.name for p in state.parent.iterdir() if p.suffix == ".tmp"] == []
    code, new = run_watch(idx)
    assert code == 0 and len(new) == 40  # nothing lost
    assert run_watch(idx) == (1, [])  # and now recorded


def _blocked_writing(pid: int) -> bool:
    """True when the process sleeps in a write to a full pipe (Linux /proc)."""
    try:
        wchan = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False
    return "pipe" in wchan
