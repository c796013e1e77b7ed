"""Shared fixtures: the seed corpus, a built seed index, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search import index_paths, open_index
from corpus_search.index import Index

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of a private copy of the seeds, built once; tests must not modify it."""
    root = tmp_path_factory.mktemp("seedcorpus")
    shutil.copytree(SEEDS, root / "seeds")
    index_dir = root / "index"
    index_paths([root / "seeds"], index_dir=index_dir, jobs=1)
    return index_dir


@pytest.fixture()
def seed_index(seed_index_dir: Path) -> Iterator[Index]:
    with open_index(seed_index_dir) as ix:
        yield ix


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the seeds for tests that edit, touch or delete files."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def as_unprivileged(argv: list[str]) -> list[str]:
    """``argv`` run so that file permissions bind it: as root, under setpriv without the
    capabilities that override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH); otherwise as is.
    Tests of permission errors then run as root too instead of being skipped."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root without setpriv (util-linux): cannot drop file privileges")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", *argv]
