"""The installed ``corpus-search`` console script, run as a user would, in a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def console_script() -> str:
    found = shutil.which("corpus-search", path=str(Path(sys.executable).parent)) or shutil.which(
        "corpus-search"
    )
    assert found, "corpus-search is not installed: pip install -e '.[test]'"
    return found


def test_installed_command_indexes_and_searches(corpus: Path, tmp_path: Path) -> None:
    exe, ix = console_script(), str(tmp_path / "ix")
    indexed = subprocess.run(
        [exe, "index", str(corpus), "--index", ix], capture_output=True, text=True, timeout=120
    )
    assert indexed.returncode == 0, indexed.stderr
    assert "5 added" in indexed.stdout
    found = subprocess.run(
        [exe, "search", '"sex workers"', "--index", ix, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert found.returncode == 0 and found.stderr == ""
    assert json.loads(found.stdout)["total"] == 3
    missing = subprocess.run(
        [exe, "search", "zzzzqqq", "--index", ix], capture_output=True, text=True, timeout=60
    )
    assert missing.returncode == 1


def test_python_dash_m_works(seed_index_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "corpus_search", "info", "--index", str(seed_index_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "Documents: 5" in done.stdout
