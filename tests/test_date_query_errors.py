"""Bad date queries say what a date query looks like, not Python's internals (issue 11, item 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search.cli import cli


@pytest.mark.parametrize(
    "query,bad",
    [
        ("date:notadate", "date:notadate"),  # was: invalid literal for int() with base 10
        ("date:[2017 TO", "date:[2017 TO"),
        ("date:2017..2018", "date:2017..2018"),  # was: month must be in 1..12
        ("date:2017-13", "date:2017-13"),
        ("police date:2017-02-30", "date:2017-02-30"),  # was: silently no hits
        ("date:201", "date:201"),
    ],
)
def test_a_bad_date_says_what_a_date_looks_like(
    runner: CliRunner, seed_index_dir: Path, query: str, bad: str
) -> None:
    result = runner.invoke(cli, ["search", query, "--index", str(seed_index_dir)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"Error: '{bad}' is not a date query.")
    assert "date:2017-02-02" in result.stderr and "date:[2017-01-01 TO 2017-06-30]" in result.stderr
    assert "int()" not in result.stderr and "month must" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("query", ["date:2017-02", "date:[2017 TO 2018]", "police date:2017"])
def test_good_dates_still_search(runner: CliRunner, seed_index_dir: Path, query: str) -> None:
    result = runner.invoke(cli, ["search", query, "--index", str(seed_index_dir)])
    assert result.exit_code == 0, result.stderr


def _paths(runner: CliRunner, index: Path, query: str) -> list[str]:
    result = runner.invoke(cli, ["search", query, "--index", str(index), "--json"])
    assert result.exit_code == 0, result.stderr
    return [hit["path"] for hit in json.loads(result.stdout)["hits"]]


@pytest.mark.parametrize(
    "quoted,plain",
    [
        ('date:"2017"', "date:2017"),  # was: no hits, silently (one instant, 2017-01-01 00:00)
        ('police date:"2017"', "police date:2017"),
        ('date:"2017-02"', "date:2017-02"),
    ],
)
def test_a_quoted_date_is_that_date(
    runner: CliRunner, seed_index_dir: Path, quoted: str, plain: str
) -> None:
    found = _paths(runner, seed_index_dir, quoted)
    assert found and found == _paths(runner, seed_index_dir, plain)


def test_a_quoted_date_with_spaces_says_what_a_date_looks_like(
    runner: CliRunner, seed_index_dir: Path
) -> None:
    result = runner.invoke(cli, ["search", 'date:"2017 02"', "--index", str(seed_index_dir)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: Dates look like date:2017")
