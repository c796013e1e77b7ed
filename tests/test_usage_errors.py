"""Command-line mistakes look like every other error: one ``Error:`` line (exit 2), then a hint
naming the command's ``--help``; click's "Usage: ..." block is not printed above it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search.cli import cli


@pytest.mark.parametrize(
    "args,command,message",
    [
        (["search", "police", "--limt", "2"], "search", "No such option '--limt'"),
        (
            ["search", "police", "-n", "0"],
            "search",
            "Error: --limit: 0 is out of range (a whole number of at least 1)",
        ),
        # Was "'abc' is not a valid integer range.", naming neither the option nor the fix.
        (
            ["search", "police", "-n", "abc"],
            "search",
            "Error: --limit: 'abc' is not a whole number",
        ),
        (["kwic", "x", "--width", "wide"], "kwic", "Error: --width: 'wide' is not a whole number"),
        # A value left out: the next option was taken for it (was "'--sort' is not a whole
        # number", and --speaker searched for a speaker called "--page").
        (
            ["search", "police", "-n", "--sort", "date"],
            "search",
            "Error: --limit: needs a whole number (got the option --sort)",
        ),
        (["search", "police", "-n"], "search", "Error: --limit: needs a whole number"),
        (
            ["search", "police", "--index", "--sort", "date"],
            "search",
            "Error: --index: needs a value (got the option --sort)",
        ),
        (
            ["quotes", "police", "--speaker", "--page", "2"],
            "quotes",
            "Error: --speaker: needs a value (got the option --page)",
        ),
        (["speakers", "--page", "1.5"], "speakers", "Error: --page: '1.5' is not a whole number"),
        (["index", "--jobs", "0", "."], "index", "Error: --jobs: 0 is out of range"),
        (
            ["index", ".", "--lock-timeout", "soon"],
            "index",
            "--lock-timeout: 'soon' is not a number",
        ),
        (
            ["duplicates", "--threshold", "2"],
            "duplicates",
            "Error: --threshold: 2 is out of range (a number from 0.5 to 1)",
        ),
        # An unknown option that reads as a query word: how to leave the word out, not '--any'.
        (
            ["search", "police", "--nypd"],
            "search",
            "Error: No such option '--nypd' (a word to leave out is -nypd).",
        ),
        (["kwic", "comet", "--sort", "up"], "kwic", "Invalid value for '--sort'"),
        (["show"], "show", "Missing argument"),
        (["watch", "add"], "watch add", "Missing argument"),
        (["serch", "police"], "", "No such command 'serch'"),
        (["--nosuch"], "", "No such option '--nosuch'"),
    ],
)
def test_a_usage_mistake_is_one_error_line_and_a_help_hint(
    runner: CliRunner, seed_index_dir: Path, args: list[str], command: str, message: str
) -> None:
    env = {"CORPUS_SEARCH_INDEX": str(seed_index_dir)}
    result = runner.invoke(cli, args, env=env, prog_name="corpus-search")
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("Error: ") and message in lines[0]
    assert lines[1] == f"Try '{' '.join(['corpus-search', command]).strip()} --help'."
    assert "Usage:" not in result.stderr


def test_with_json_a_usage_mistake_is_also_json_on_stdout(
    runner: CliRunner, seed_index_dir: Path
) -> None:
    result = runner.invoke(
        cli,
        ["search", "police", "--limt", "2", "--json", "--index", str(seed_index_dir)],
        prog_name="corpus-search",
    )
    assert result.exit_code == 2
    message = "No such option '--limt'. Did you mean '--limit'?"
    assert json.loads(result.stdout) == {"error": message}
    assert result.stderr.splitlines() == [
        f"Error: {message}",
        "Try 'corpus-search search --help'.",
    ]


def test_the_command_alone_still_prints_the_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, [], prog_name="corpus-search")
    assert "Usage: corpus-search" in result.output and "Commands:" in result.output
    assert "Error" not in result.output
