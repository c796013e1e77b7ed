"""``-word`` excludes and ``+word`` requires, as in web search engines (issue 11, item 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search.cli import cli

# In the seeds: 'police' in 000, 003, 004; 'nypd' in 000 and 003; "sex workers" in 000 and 004;
# 'court' in 000, 001, 002 and 004.


def _found(runner: CliRunner, index: Path, query: str, *options: str) -> tuple[int, list[str]]:
    result = runner.invoke(cli, ["search", *options, "--index", str(index), "--json", "--", query])
    if result.exit_code == 2:
        return 2, [result.stderr]
    hits = json.loads(result.stdout)["hits"]
    return result.exit_code, sorted(Path(h["path"]).name[:3] for h in hits)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("police", ["000", "003", "004"]),
        ("police -nypd", ["004"]),
        ("-nypd police", ["004"]),
        ("police -NYPD", ["004"]),
        ("police -(nypd OR zzyzx)", ["004"]),
        ('police -"sex workers"', ["003"]),
        ("police -title:zzyzx", ["000", "003", "004"]),
        ("(police -nypd) OR zzyzx", ["004"]),
        ("+police court", ["000", "004"]),  # in an AND query, + changes nothing
        ("police court", ["000", "004"]),
        ("prostitution-related", ["000", "002", "003", "004"]),  # a hyphen in a word: no minus
    ],
)
def test_minus_excludes_and_plus_requires(
    runner: CliRunner, seed_index_dir: Path, query: str, expected: list[str]
) -> None:
    code, found = _found(runner, seed_index_dir, query)
    assert (code, found) == (0, expected)


def test_plus_requires_a_word_in_an_any_query(runner: CliRunner, seed_index_dir: Path) -> None:
    assert _found(runner, seed_index_dir, "police court", "--any") == (
        0,
        ["000", "001", "002", "003", "004"],
    )
    # court is now optional (it only ranks), police required.
    assert _found(runner, seed_index_dir, "+police court", "--any") == (0, ["000", "003", "004"])
    assert _found(runner, seed_index_dir, "+police court -nypd", "--any") == (0, ["004"])


def test_only_excluded_words_is_an_error(runner: CliRunner, seed_index_dir: Path) -> None:
    result = runner.invoke(cli, ["search", "--index", str(seed_index_dir), "--", "-nypd"])
    assert result.exit_code == 2
    assert "only excludes words" in result.stderr and result.stdout == ""
