"""scripts/index_corpus.py, run unattended as cron would: one JSON line out, logs on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "index_corpus.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120,
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
