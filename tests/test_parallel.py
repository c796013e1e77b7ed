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


@pytest.mark.parametrize(
    "sizes,jobs,expected",
    [
        ([2_000] * 30, 2, False),  # 30 small texts: one process is faster
        ([2_000] * PARALLEL_MIN_FILES, 2, True),  # many files
        ([1_300_000] * 12, 2, True),  # a dozen PDFs: few files, but big ones (issue 12)
        ([700_000] * 3, 2, True),
        ([5_000_000], 2, False),  # one file is read by one process anyway
        ([1_300_000] * 12, 1, False),  # --jobs 1
        ([100_000] * 4, 2, False),
    ],
)
def test_worker_processes_are_used_for_many_or_big_files(
    sizes: list[int], jobs: int, expected: bool
) -> None:
    from corpus_search.index.sync import use_workers

    assert use_workers(sizes, jobs) is expected


def test_big_files_are_sent_to_the_workers_one_by_one() -> None:
    from corpus_search.index.workers import CHUNK_BYTES, CHUNK_FILES, chunked
    from corpus_search.models import FoundFile

    def files(n: int, size: int) -> list[tuple[FoundFile, str | None]]:
        return [(FoundFile(f"/f{i}", size, 0.0), None) for i in range(n)]

    # Twelve PDFs used to be one chunk of 16 files: all went to the first worker.
    assert [len(c) for c in chunked(files(12, CHUNK_BYTES), CHUNK_FILES, CHUNK_BYTES)] == [1] * 12
    small = chunked(files(40, 2_000), CHUNK_FILES, CHUNK_BYTES)
    assert [len(c) for c in small] == [16, 16, 8]
    assert [len(c) for c in chunked(files(4, 2_000), 16, None)] == [4]


def test_a_few_big_files_go_through_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import corpus_search.index.sync as sync

    started: list[int] = []

    class CountedWorkers(sync.Workers):
        def __init__(self, index_dir: str, record_keys: sync.RecordKeys, n: int) -> None:
            started.append(n)  # how many worker processes this run started
            super().__init__(index_dir, record_keys, n)

    monkeypatch.setattr(sync, "Workers", CountedWorkers)
    files = make_corpus(tmp_path / "c", 4)  # ~400 bytes each
    monkeypatch.setattr(sync, "PARALLEL_MIN_BYTES", 1_000)  # as if they were PDFs
    report = index_paths([tmp_path / "c"], index_dir=tmp_path / "ix", jobs=2)
    assert started == [2] and report.added == len(files)
    assert hits(tmp_path / "ix", "uniq0003x") == [str(files[3])]
    for path in files:
        path.write_text(path.read_text() + "\nedited\n", encoding="utf-8")
    monkeypatch.setattr(sync, "PARALLEL_MIN_BYTES", 10_000_000)
    report = index_paths([tmp_path / "c"], index_dir=tmp_path / "ix", jobs=2)
    assert started == [2] and report.updated == len(files)  # below both thresholds: one process
