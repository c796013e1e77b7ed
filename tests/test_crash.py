"""Crashes and concurrency (#5): kill -9 during index runs, readers during commits, two runs at
once, and an index folder that cannot be written.

The kill trials run ``python -m corpus_search index`` on a generated corpus with a small commit
batch (CORPUS_SEARCH_COMMIT_EVERY) and two worker processes, SIGKILL it at a random moment, and
check that the index opens, holds a consistent committed state (every document once, counts that
agree), and that the next run completes the job with exactly one document per file.
``KILL_TRIALS`` run by default, ``SLOW_KILL_TRIALS`` with ``pytest -m slow``.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import as_unprivileged

from corpus_search import index_paths, open_index, search
from corpus_search.cli import cli

FILES = 300
COMMIT_EVERY = 20
KILL_TRIALS = 3
SLOW_KILL_TRIALS = 25
COMMON = "commonword"


def make_corpus(root: Path, n: int = FILES, *, first: int = 0) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(first, first + n):
        path = root / f"doc{i:05d}.txt"
        words = " ".join(f"filler{j}" for j in range(i % 50, i % 50 + 60))
        path.write_text(
            f"Document {i} mentions {COMMON} and {unique(i)}.\n\n{words}.\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


def unique(i: int) -> str:
    return f"crashdoc{i:05d}x"


def index_command(corpus: Path, index: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "corpus_search", "index", str(corpus), "--index", str(index),
            "--jobs", "2", "--json", *extra]  # fmt: skip


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "CORPUS_SEARCH_COMMIT_EVERY": str(COMMIT_EVERY), **extra}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env


def stored_keys(index: Path) -> Counter[str]:
    with open_index(index) as ix, ix.whoosh.reader() as reader:
        return Counter(stored["key"] for stored in reader.all_stored_fields())


def check_consistent(index: Path, corpus_files: list[Path]) -> int:
    """The committed state an interrupted run left: opens, searches, no document twice."""
    keys = stored_keys(index)
    assert all(n == 1 for n in keys.values()), [k for k, n in keys.items() if n > 1][:5]
    assert set(keys) <= {str(p) for p in corpus_files}
    with open_index(index) as ix:
        assert search(ix, COMMON, fragments=1, limit=3).total == len(keys)
    info = CliRunner().invoke(cli, ["info", "--index", str(index), "--json"])
    assert info.exit_code == 0, info.output
    assert json.loads(info.stdout)["documents"] == len(keys)
    return len(keys)


def check_complete(index: Path, corpus_files: list[Path], *, sample: int | None = 40) -> None:
    """Every file exactly once, each found by its own word."""
    keys = stored_keys(index)
    assert keys == Counter({str(p): 1 for p in corpus_files})
    numbers = [int(p.stem[3:]) for p in corpus_files]
    if sample is not None:
        numbers = random.Random(len(numbers)).sample(numbers, min(sample, len(numbers)))
    with open_index(index) as ix:
        for i in numbers:
            assert [h.path for h in search(ix, unique(i), fragments=0).hits] == [
                str(next(p for p in corpus_files if p.stem == f"doc{i:05d}"))
            ]


@pytest.fixture(scope="module")
def full_run_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long an uninterrupted run takes here: the window the kills are spread over."""
    base = tmp_path_factory.mktemp("timing")
    make_corpus(base / "corpus")
    started = time.perf_counter()
    done = subprocess.run(
        index_command(base / "corpus", base / "ix"), env=child_env(), capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def kill_trials(tmp_path: Path, trials: int, window: float, seed: int) -> list[float]:
    rng = random.Random(seed)
    corpus = tmp_path / "corpus"
    files = make_corpus(corpus)
    delays = []
    for trial in range(trials):
        index = tmp_path / f"ix{trial}"
        # Kill one to three runs in a row on the same index, then let one finish. A kill that
        # came after its run had ended proves nothing: until one lands mid-run (exit -9), the
        # trial kills again, sooner.
        kills, landed = rng.randint(1, 3), 0
        while kills > 0 or not landed:
            if kills <= -3:
                raise AssertionError(f"trial {trial}: no kill landed while a run was going")
            delay = rng.uniform(0.05, window if kills > 0 else window / 4)
            kills -= 1
            delays.append(delay)
            proc = subprocess.Popen(
                index_command(corpus, index),
                env=child_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
            landed += proc.wait() == -signal.SIGKILL
            stderr = proc.stderr.read().decode() if proc.stderr else ""
            if proc.stderr:
                proc.stderr.close()
            assert "Traceback" not in stderr, stderr
            if any(index.glob("_MAIN_*.toc")):
                check_consistent(index, files)
        # The kernel took the lock with the dead process, and its workers with it: this run
        # needs no --lock-timeout patience and completes the job.
        done = subprocess.run(
            index_command(corpus, index, "--lock-timeout", "5"),
            env=child_env(),
            capture_output=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert json.loads(done.stdout)["interrupted"] is False
        check_complete(index, files, sample=40)
    return delays


def test_kill_9_during_index_runs(tmp_path: Path, full_run_seconds: float) -> None:
    kill_trials(tmp_path, KILL_TRIALS, full_run_seconds, seed=5)


@pytest.mark.slow
def test_kill_9_many_trials(tmp_path: Path, full_run_seconds: float) -> None:
    delays = kill_trials(tmp_path, SLOW_KILL_TRIALS, full_run_seconds, seed=55)
    assert len(delays) >= SLOW_KILL_TRIALS


def test_no_worker_outlives_a_killed_run(tmp_path: Path, full_run_seconds: float) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    proc = subprocess.Popen(
        index_command(corpus, tmp_path / "ix"),
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(min(1.0, full_run_seconds / 2))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    survivors = []
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # anyone left in the run's process group?
        except ProcessLookupError:
            return
        survivors = [p for p in Path("/proc").glob("[0-9]*") if _pgid(p) == proc.pid]
        if not survivors:
            return
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail(f"worker processes outlived the killed run: {survivors}")


def _pgid(proc_dir: Path) -> int | None:
    try:
        return int((proc_dir / "stat").read_text().rsplit(")", 1)[1].split()[2])
    except (OSError, ValueError, IndexError):
        return None


# Searches in other processes while a run commits --------------------------------------------

READER = textwrap.dedent(
    """
    import json, sys, time
    from corpus_search import open_index, search, get_document
    index, stop, words = sys.argv[1], sys.argv[2], sys.argv[3:]
    done = failures = 0
    last = -1
    held = None
    import os
    while not os.path.exists(stop):
        try:
            with open_index(index) as ix:
                result = search(ix, words[done % len(words)], fragments=2)
                total = search(ix, "commonword", fragments=0).total
                for hit in result.hits:
                    get_document(ix, hit.key)
            if total < last:
                raise AssertionError(f"documents went from {last} to {total}")
            last = total
            # A searcher kept open across commits must keep working too.
            if held is None:
                held = open_index(index)
            search(held, "commonword", fragments=1)
            done += 1
        except Exception as e:
            if type(e).__name__ == "IndexNotFoundError" and last < 0:
                continue  # the run has not made the index yet
            failures += 1
            import traceback
            traceback.print_exc()
    print(json.dumps({"searches": done, "failures": failures, "last": last}))
    """
)


def test_searches_in_other_processes_never_fail_during_commits(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    files = make_corpus(corpus, 300)
    index = tmp_path / "ix"
    stop = tmp_path / "stop"
    words = [COMMON, "filler7", unique(3), "crashdoc*", "document~", '"mentions commonword"']
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(index), str(stop), *words],
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        time.sleep(0.3)
        writer = subprocess.run(
            index_command(corpus, index), env=child_env(CORPUS_SEARCH_COMMIT_EVERY="10"),
            capture_output=True, timeout=300,
        )  # fmt: skip
        assert writer.returncode == 0, writer.stderr
        # A second run that replaces every document, committing as it goes.
        for path in files:
            path.write_text(path.read_text() + "\nedited\n", encoding="utf-8")
        writer = subprocess.run(
            index_command(corpus, index), env=child_env(CORPUS_SEARCH_COMMIT_EVERY="10"),
            capture_output=True, timeout=300,
        )  # fmt: skip
        assert writer.returncode == 0, writer.stderr
        assert json.loads(writer.stdout)["updated"] == len(files)
    finally:
        stop.touch()
        outputs = [reader.communicate(timeout=60) for reader in readers]
    for out, err in outputs:
        summary = json.loads(out.strip().splitlines()[-1])
        assert summary["failures"] == 0, err
        assert summary["searches"] >= 5, summary
    check_complete(index, files, sample=20)


# Two runs at once -----------------------------------------------------------------------------


def test_second_index_run_waits_for_lock_timeout_then_exits_2(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    files = make_corpus(corpus, 600)
    index = tmp_path / "ix"
    first = subprocess.Popen(
        index_command(corpus, index, "--jobs", "1"),
        env=child_env(CORPUS_SEARCH_COMMIT_EVERY="50"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_locked(index)
        started = time.perf_counter()
        second = subprocess.run(
            index_command(corpus, index, "--lock-timeout", "1"),
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        waited = time.perf_counter() - started
    finally:
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    if second.returncode == 0:
        pytest.skip("the first run finished before the second started; machine too fast")
    assert second.returncode == 2
    # --json: the error is also a JSON object on stdout (issue 11), the same message.
    assert json.loads(second.stdout)["error"].startswith("Another corpus-search run")
    lines = second.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Another corpus-search run"), lines
    assert "--lock-timeout" in lines[0]
    assert 1.0 <= waited < 30
    check_complete(index, files, sample=10)


def _wait_until_locked(index: Path, timeout: float = 30) -> None:
    from whoosh.filedb.filestore import FileStorage

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if index.exists():
            lock = FileStorage(str(index)).lock("MAIN_WRITELOCK")
            if lock.acquire():
                lock.release()
            else:
                return
        time.sleep(0.02)
    raise AssertionError("the first run never took the lock")


# An index folder that cannot be written -------------------------------------------------------


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    corpus = tmp_path / "corpus"
    files = make_corpus(corpus, 30)
    index = tmp_path / "ix"
    index_paths([corpus], index_dir=index, jobs=1)
    make_corpus(corpus, 30, first=30)  # new files the next run will try to add
    return corpus, index, files


def _snapshot(index: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in index.iterdir() if p.is_file()}


def _fail_writes(monkeypatch: pytest.MonkeyPatch, error: int, *, after: int = 0) -> None:
    """Every write to a new index file fails with ``error`` (after ``after`` successful ones)."""
    from whoosh.filedb.structfile import StructFile

    real_write = StructFile.write
    calls = {"n": 0}

    def write(self: Any, data: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(error, os.strerror(error))
        return real_write(self, data)

    monkeypatch.setattr(StructFile, "write", write)


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES])
@pytest.mark.parametrize("after", [0, 200])
def test_unwritable_index_gives_one_clear_error_and_keeps_the_old_index(
    built: tuple[Path, Path, list[Path]], monkeypatch: pytest.MonkeyPatch, error: int, after: int
) -> None:
    corpus, index, files = built
    before = stored_keys(index)
    _fail_writes(monkeypatch, error, after=after)
    result = CliRunner().invoke(
        cli, ["index", str(corpus), "--index", str(index), "--jobs", "1", "--commit-every", "5"]
    )
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Cannot write the index"), lines
    assert os.strerror(error) in lines[0]
    after_keys = stored_keys(index)
    # What was committed before the failure stays; nothing is half there or doubled.
    assert set(before) <= set(after_keys) and all(n == 1 for n in after_keys.values())
    with open_index(index) as ix:
        assert search(ix, unique(0), fragments=1).total == 1
    # Once the disk is writable again, the next run completes the job.
    assert index_paths([corpus], index_dir=index, jobs=1).skipped == []
    check_complete(index, sorted(corpus.glob("*.txt")), sample=None)
    assert files[0].exists()


def test_unwritable_index_in_worker_processes_is_one_clear_error(
    built: tuple[Path, Path, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index, _ = built
    make_corpus(corpus, 100, first=60)  # enough files for worker processes
    before = stored_keys(index)
    _fail_writes(monkeypatch, errno.ENOSPC)  # forked workers inherit the failing write
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--jobs", "2"])
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    assert os.strerror(errno.ENOSPC) in lines[0]
    assert stored_keys(index) == before
    assert index_paths([corpus], index_dir=index, jobs=2).skipped == []
    check_complete(index, sorted(corpus.glob("*.txt")), sample=None)


def test_read_only_index_folder(built: tuple[Path, Path, list[Path]]) -> None:
    corpus, index, _ = built
    before = stored_keys(index)
    (corpus / "doc99999.txt").write_text(f"{COMMON} {unique(99999)}\n")  # a change to write
    index.chmod(0o555)
    try:
        # A process, without root's power to write anywhere when the tests run as root.
        done = subprocess.run(
            as_unprivileged(index_command(corpus, index)), env=child_env(), capture_output=True
        )
        assert done.returncode == 2, done.stdout
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), lines
        assert "Permission denied" in lines[0]
        assert stored_keys(index) == before
    finally:
        index.chmod(0o755)


@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Any:
    """A 2 MB tmpfs (root only, where mounting is allowed); unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (simulated ENOSPC cases cover the rest)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_really_full_disk(tmp_path: Path, tiny_disk: Path) -> None:
    corpus = tmp_path / "corpus"
    files = make_corpus(corpus, 10)
    index = tiny_disk / "ix"
    first = subprocess.run(index_command(corpus, index), env=child_env(), capture_output=True)
    assert first.returncode == 0, first.stderr
    rng = random.Random(7)
    for i in range(10, 310):  # about 2 MB of index: more than the disk holds
        words = " ".join(f"w{rng.randrange(100_000)}" for _ in range(400))
        (corpus / f"doc{i:05d}.txt").write_text(f"{COMMON} {unique(i)} {words}\n")
    full = subprocess.run(
        index_command(corpus, index), env=child_env(CORPUS_SEARCH_COMMIT_EVERY="50"),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert full.returncode == 2, full.stdout
    lines = full.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), full.stderr  # no worker traceback
    assert "No space left on device" in lines[0]
    keys = stored_keys(index)
    assert {str(p) for p in files} <= set(keys) and all(n == 1 for n in keys.values())
    subprocess.run(["mount", "-o", "remount,size=64m", str(tiny_disk)], check=True)
    done = subprocess.run(index_command(corpus, index), env=child_env(), capture_output=True)
    assert done.returncode == 0, done.stderr
    check_complete(index, sorted(corpus.glob("*.txt")), sample=30)
