"""Parallel indexing (worker processes writing their own segments) and Ctrl-C on a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_search import index_info, index_paths, open_index, search
from corpus_search.index.sync import PARALLEL_MIN_FILES

WORDS = "police court housing budget weather river school music".split()


def make_corpus(root: Path, n: int) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = root / f"sub{i % 3}" / f"doc{i:04d}.txt"
        path.parent.mkdir(exist_ok=True)
        body = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(40))
        path.write_text(f"Title {i}\n\nNote {i} uniq{i:04d}x about {body}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def hits(index: Path, query: str) -> list[str]:
    with open_index(index) as ix:
        return sorted(h.key for h in search(ix, query, limit=1000, fragments=1).hits)


def test_parallel_and_serial_indexes_agree(tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "c", PARALLEL_MIN_FILES + 40)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    index_paths([tmp_path / "c"], index_dir=serial, jobs=1)
    report = index_paths([tmp_path / "c"], index_dir=parallel, jobs=2, commit_every=50)
    assert report.added == len(files)
    for query in ("police", "uniq0007x", '"court housing"', "river AND NOT music"):
        assert hits(parallel, query) == hits(serial, query), query
    with open_index(parallel) as ix:
        assert index_info(ix).documents == len(files)
        result = search(ix, "uniq0070x")
        assert result.total == 1 and result.hits[0].snippets[0].spans

    # Changed, deleted and new files, in parallel again: exactly one document per file.
    for path in files[:70]:
        path.write_text(path.read_text() + "\nedited changedword\n", encoding="utf-8")
    files[-1].unlink()
    report = index_paths([tmp_path / "c"], index_dir=parallel, jobs=2, commit_every=50)
    assert (report.updated, report.removed, report.added) == (70, 1, 0)
    assert len(hits(parallel, "changedword")) == 70
    with open_index(parallel) as ix:
        assert index_info(ix).documents == len(files) - 1
    assert not [p for p in parallel.iterdir() if p.is_dir()]  # no worker temp folders left


def test_ctrl_c_stops_cleanly_and_the_next_run_resumes(tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "c", 1500)
    index = tmp_path / "ix"
    env = {**os.environ, "CORPUS_SEARCH_COMMIT_EVERY": "100"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[1] / "src"), *sys.path])
    command = [sys.executable, "-m", "corpus_search", "index", str(tmp_path / "c")]
    run = subprocess.Popen(
        [*command, "--index", str(index), "--jobs", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not any(index.glob("_MAIN_[1-9]*.toc")) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait for the first commit
    time.sleep(0.2)
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    if run.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert run.returncode == 130, err
    assert "Interrupted" in out and "Run the same command again to carry on" in out
    assert "Traceback" not in err
    # No worker outlived the run (forked workers share the parent's command line).
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            assert str(index) not in (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
    assert not [p for p in index.iterdir() if p.is_dir()]  # worker temp folders removed
    with open_index(index) as ix:
        committed = index_info(ix).documents
    assert 0 < committed < len(files)
    assert f": {committed:,} added," in out  # what the index holds: every analysed document
    # The lock was released, and running again finishes the job.
    report = index_paths([tmp_path / "c"], index_dir=index, lock_timeout=0)
    assert report.added == len(files) - committed and not report.interrupted
    with open_index(index) as ix:
        assert index_info(ix).documents == len(files)
