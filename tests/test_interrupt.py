"""Ctrl-C during an index run (issue 11, item 12): what was analysed is committed, whole
documents only, and a long run commits at least every ``commit_seconds``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from interrupts import ctrl_c_after, ctrl_c_at_record

from corpus_search import index_paths, open_index
from corpus_search.index.format import latest_generation


def make_files(root: Path, n: int) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"doc{i:03d}.txt").write_text(f"Document {i}\n\nabout stopword{i:03d}x and more.\n")
    return root


def keys_in(index: Path) -> Counter[str]:
    with open_index(index) as ix, ix.searcher() as searcher:
        return Counter(stored["key"] for stored in searcher.all_stored_fields())


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_commits_what_was_analysed(tmp_path: Path, jobs: int) -> None:
    docs = make_files(tmp_path / "docs", 100)
    index = tmp_path / "ix"
    report = index_paths([docs], index_dir=index, jobs=jobs, progress=ctrl_c_after(20))
    # The batch size (10,000) was never reached: before, all 20 documents were lost.
    assert report.interrupted
    held = keys_in(index)
    assert 20 <= report.added == len(held) < 100
    if jobs == 1:
        assert report.added == 20  # stopped at the next whole document
    assert max(held.values()) == 1
    again = index_paths([docs], index_dir=index, jobs=jobs)
    assert not again.interrupted
    assert (again.added, again.unchanged) == (100 - report.added, report.added)
    held = keys_in(index)
    assert len(held) == 100 and max(held.values()) == 1


def test_ctrl_c_inside_a_json_lines_file_keeps_its_records_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus_search.index import sync

    path = tmp_path / "records.jsonl"
    path.write_text(
        "".join(
            json.dumps({"_id": f"r{i}", "text": f"record {i} word{i}x"}) + "\n" for i in range(10)
        )
    )
    real = sync.iter_record_source

    monkeypatch.setattr(sync, "iter_record_source", ctrl_c_at_record(real, 5))
    report = index_paths([path], index_dir=tmp_path / "ix", jobs=1, commit_every=3)
    assert report.interrupted and report.added == 5 == len(keys_in(tmp_path / "ix"))
    monkeypatch.setattr(sync, "iter_record_source", real)
    again = index_paths([path], index_dir=tmp_path / "ix", jobs=1)
    held = keys_in(tmp_path / "ix")
    assert (again.added, again.unchanged) == (5, 5)
    assert len(held) == 10 and max(held.values()) == 1


def test_a_long_run_commits_every_commit_seconds(tmp_path: Path) -> None:
    docs = make_files(tmp_path / "docs", 6)
    index_paths([docs], index_dir=tmp_path / "a", jobs=1, commit_seconds=60)
    index_paths([docs], index_dir=tmp_path / "b", jobs=1, commit_seconds=0)
    # Generation 0 is the empty index made at creation; then one commit, or one per document.
    assert latest_generation(tmp_path / "a") == 1
    assert latest_generation(tmp_path / "b") >= 6


SLOW_CLI = textwrap.dedent(
    """
    import sys, time
    import corpus_search.documents.parse as parse
    real = parse.parse_document
    def slow(*args, **kwargs):
        time.sleep(0.02)
        return real(*args, **kwargs)
    parse.parse_document = slow
    from corpus_search.cli import cli
    cli(sys.argv[1:], prog_name="corpus-search")
    """
)


def test_ctrl_c_through_the_cli_keeps_the_analysed_documents(tmp_path: Path) -> None:
    docs = make_files(tmp_path / "docs", 300)
    index = tmp_path / "ix"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_CLI, "index", str(docs), "--index", str(index), "-j", "1",
         "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (index / "MAIN_WRITELOCK").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    time.sleep(1.5)  # some documents in: 300 take 6 seconds
    os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    summary = json.loads(out)
    assert summary["interrupted"] is True
    assert 0 < summary["added"] < 300 and summary["added"] == len(keys_in(index))


def test_ctrl_c_before_a_rebuilds_first_commit_keeps_the_old_index(tmp_path: Path) -> None:
    docs = make_files(tmp_path / "docs", 30)
    index = tmp_path / "ix"
    index_paths([docs], index_dir=index, jobs=1)
    (docs / "doc000.txt").write_text("changed")
    report = index_paths([docs], index_dir=index, jobs=1, rebuild=True, progress=ctrl_c_after(5))
    assert report.interrupted and report.added == 0
    assert len(keys_in(index)) == 30  # the old index, whole


@pytest.mark.parametrize("first_run", [True, False])
def test_ctrl_c_during_the_walk_prints_the_interrupted_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_run: bool
) -> None:
    from click.testing import CliRunner

    import corpus_search.documents
    from corpus_search.cli import cli

    docs = make_files(tmp_path / "docs", 10)
    index = tmp_path / "ix"
    runner = CliRunner()
    if not first_run:
        assert runner.invoke(cli, ["index", str(docs), "--index", str(index)]).exit_code == 0
        (docs / "new.txt").write_text("A new document.\n")
    real_walk = corpus_search.documents.walk_files

    def ctrl_c_in_walk(*args: Any, **kwargs: Any) -> Any:
        signal.raise_signal(signal.SIGINT)  # before the walk has listed a single file
        return real_walk(*args, **kwargs)

    monkeypatch.setattr(corpus_search.documents, "walk_files", ctrl_c_in_walk)
    result = runner.invoke(cli, ["index", str(docs), "--index", str(index)])
    assert result.exit_code == 130, result.output
    # Was: "Interrupted." alone, and no summary.
    summary = f"Indexed into {index.resolve()}: 0 added, 0 updated, 0 removed"
    assert result.stdout.startswith(summary)
    assert result.stdout.rstrip().endswith(
        "Interrupted: the documents analysed so far are committed. Run the same command again to "
        "carry on."
    )
    result = runner.invoke(cli, ["index", str(docs), "--index", str(index), "--json"])
    assert result.exit_code == 130 and json.loads(result.stdout)["interrupted"] is True

    monkeypatch.setattr(corpus_search.documents, "walk_files", real_walk)
    again = index_paths([docs], index_dir=index, jobs=1)
    assert not again.interrupted and again.added == (10 if first_run else 1)
    assert len(keys_in(index)) == (10 if first_run else 11)
