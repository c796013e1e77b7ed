"""scripts/index_corpus.py, run unattended as cron would: one JSON line out, logs on stderr."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from corpus_search import open_index

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "index_corpus.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_builds_then_refreshes(corpus: Path, tmp_path: Path) -> None:
    first = run(str(corpus), "--index", str(tmp_path / "ix"))
    assert first.returncode == 0, first.stderr
    (line,) = first.stdout.splitlines()
    assert json.loads(line)["added"] == 5
    assert "INFO" in first.stderr
    second = run(str(corpus), "--index", str(tmp_path / "ix"), "--quiet")
    assert second.returncode == 0 and second.stderr == ""
    assert json.loads(second.stdout)["unchanged"] == 5


def test_strict_fails_on_skipped_files(corpus: Path, tmp_path: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\xff\x00")
    lenient = run(str(corpus), "--index", str(tmp_path / "a"))
    strict = run(str(corpus), "--index", str(tmp_path / "b"), "--strict")
    assert (lenient.returncode, strict.returncode) == (0, 1)
    assert json.loads(strict.stdout)["skipped"][0]["path"].endswith("broken.txt")
    assert "skipped" in strict.stderr


def test_unwritable_index_exits_2_with_json_error(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = run(str(corpus), "--index", str(blocker / "ix"))
    assert done.returncode == 2
    assert "error" in json.loads(done.stdout) and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("seeds", "--jobs"), "argument --jobs: expected one argument"),
        (("seeds", "--jobs", "0"), "argument --jobs: 0 is not in the range x>=1"),
        (("seeds", "--jobs", "many"), "argument --jobs: 'many' is not a number"),
        (("seeds", "--lock-timeout", "-1"), "argument --lock-timeout: -1 is not in the range x>=0"),
        (("seeds", "--no-such-option"), "unrecognized arguments: --no-such-option"),
    ],
)
def test_bad_arguments_print_one_json_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    (line,) = done.stdout.splitlines()
    assert json.loads(line) == {"index": None, "error": message}
    assert message in done.stderr and "Traceback" not in done.stderr


def test_bad_commit_batch_prints_one_json_line(corpus: Path, tmp_path: Path) -> None:
    env = {**os.environ, "CORPUS_SEARCH_COMMIT_EVERY": "0"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(corpus), "--index", str(tmp_path / "ix")],
        capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 2
    assert "CORPUS_SEARCH_COMMIT_EVERY" in json.loads(done.stdout)["error"]


# The script, with each document's parsing slowed down so that a signal lands mid-run.
SLOW_SCRIPT = textwrap.dedent(
    """
    import runpy, sys, time
    import corpus_search.documents.parse as parse
    real = parse.parse_document
    def slow(*args, **kwargs):
        time.sleep(0.05)
        return real(*args, **kwargs)
    parse.parse_document = slow
    sys.argv = [sys.argv[1], *sys.argv[2:]]
    runpy.run_path(sys.argv[0], run_name="__main__")
    """
)


def _many_files(root: Path, n: int) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"doc{i:03d}.txt").write_text(f"Document {i}\n\nabout termdoc{i:03d}x.\n")
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_is_handled_like_ctrl_c(tmp_path: Path, jobs: str) -> None:
    """SIGTERM to the whole process group, as `timeout` sends it: exit 143, one JSON line saying
    "interrupted", and the committed batches are kept (and a run again finishes the job)."""
    docs = _many_files(tmp_path / "docs", 100)
    index = tmp_path / "ix"
    env = {**os.environ, "CORPUS_SEARCH_COMMIT_EVERY": "10"}
    command = [sys.executable, "-c", SLOW_SCRIPT, str(SCRIPT), str(docs), "--index", str(index)]
    proc = subprocess.Popen(
        [*command, "--jobs", jobs],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while _committed(index) < 10:  # the first batch is committed
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    (line,) = out.splitlines()
    summary = json.loads(line)
    assert summary["interrupted"] is True
    kept = _committed(index)
    assert 10 <= kept < 100 and summary["added"] == kept
    assert "Traceback" not in err
    again = run(str(docs), "--index", str(index), "--quiet")
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == 100 - kept
    assert _committed(index) == 100


def _committed(index: Path) -> int:
    try:
        with open_index(index) as ix, ix.searcher() as searcher:
            return int(searcher.doc_count())
    except Exception:  # not yet created, or a commit in between
        return 0


def test_a_missing_folder_exits_2_after_indexing_the_others(corpus: Path, tmp_path: Path) -> None:
    done = run(str(corpus), str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert done.returncode == 2
    (line,) = done.stdout.splitlines()
    summary = json.loads(line)
    assert summary["added"] == 5 and summary["missing"] == [str(tmp_path / "nope")]
    assert "nope: no such file or directory" in done.stderr
    refreshed = run("--index", str(tmp_path / "ix"))  # no DIR: the remembered folders
    assert refreshed.returncode == 0 and json.loads(refreshed.stdout)["unchanged"] == 5


def test_only_a_missing_folder_gives_the_summary_with_absolute_paths(tmp_path: Path) -> None:
    # Was {"index": "b.idx", "error": "No such file or directory: ..."}: relative, no summary.
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "nope", "--index", "b.idx"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    (line,) = done.stdout.splitlines()
    summary = json.loads(line)
    assert summary["index"] == str(tmp_path / "b.idx")
    assert summary["missing"] == [str(tmp_path / "nope")] and summary["added"] == 0
    assert "nope: no such file or directory" in done.stderr
    assert not (tmp_path / "b.idx").exists()


def test_the_summary_counts_the_files_the_patterns_leave_out(tmp_path: Path) -> None:
    docs = tmp_path / "news"
    docs.mkdir()
    for name in ("53068", "53069", "notes.txt"):
        (docs / name).write_text("a posting\n")
    done = run(str(docs), "--index", str(tmp_path / "ix"))
    assert done.returncode == 0
    summary = json.loads(done.stdout)
    assert summary["added"] == 1
    assert summary["left_out"] == {"files": 2, "extensions": {"": 2}}
    assert "2 files left out by the include patterns (2 with no extension)" in done.stderr
