"""What grep and recoll users reach for (issue 11, items 2, 10 and 14): query words starting with
"-" next to options, --count, -l, --color, a query on standard input, --debug after the command,
shell completion, -i as ignore-case, and --json errors for every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search import IndexNotFoundError, index_paths
from corpus_search.cli import cli

# In the seeds: 'police' in 000, 003, 004; 'nypd' in 000 and 003.


def _names(output: str) -> list[str]:
    return sorted(Path(h["path"]).name[:3] for h in json.loads(output)["hits"])


@pytest.mark.parametrize(
    "args",
    [
        ["police", "-nypd"],
        ["-nypd", "police"],
        ["police", "-nypd", "--limit", "5"],
        ["--limit", "5", "police", "-nypd"],
        ["police", "--limit", "5", "-nypd"],
        ["police", "-n5", "-nypd"],
        ["police", "-n", "5", "-nypd"],
        ["police", "-nypd", "-f", "0"],
    ],
)
def test_a_minus_word_is_a_word_not_an_option(
    runner: CliRunner, seed_index_dir: Path, args: list[str]
) -> None:
    # Was: "Invalid value for '--limit' / '-n': 'ypd' is not a valid integer range."
    result = runner.invoke(cli, ["search", *args, "--index", str(seed_index_dir), "--json"])
    assert result.exit_code == 0, result.stderr
    assert _names(result.stdout) == ["004"]


def test_a_minus_word_is_not_a_text_option_with_its_value_attached(
    runner: CliRunner, seed_index_dir: Path
) -> None:
    # -sex is the word "sex" to leave out, not --speaker "ex"; every police document has "sex".
    result = runner.invoke(
        cli, ["search", "police", "-sex", "--index", str(seed_index_dir), "--json"]
    )
    assert result.exit_code == 1 and json.loads(result.stdout)["total"] == 0


def test_options_still_work_next_to_words(runner: CliRunner, seed_index_dir: Path) -> None:
    result = runner.invoke(cli, ["search", "police", "-n1", "--index", str(seed_index_dir)])
    assert result.exit_code == 0 and "showing 1-1." in result.stdout
    result = runner.invoke(cli, ["search", "police", "--limt", "2", "--index", str(seed_index_dir)])
    assert result.exit_code == 2 and "No such option '--limt'" in result.stderr


def test_count(runner: CliRunner, seed_index_dir: Path) -> None:
    index = ["--index", str(seed_index_dir)]
    result = runner.invoke(cli, ["search", "police", "--count", *index])
    assert (result.exit_code, result.stdout) == (0, "3\n")
    result = runner.invoke(cli, ["search", "police", "-nypd", "-c", *index])
    assert (result.exit_code, result.stdout) == (0, "1\n")
    result = runner.invoke(cli, ["search", "zzyzx", "--count", *index])
    assert (result.exit_code, result.stdout) == (1, "0\n")
    result = runner.invoke(cli, ["search", "police", "--count", "--json", *index])
    assert json.loads(result.stdout) == {"query": "police", "total": 3}


@pytest.fixture(scope="module")
def twelve_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("twelve") / "docs"
    root.mkdir()
    for i in range(12):
        (root / f"note{i:02}.txt").write_text(f"Note {i}\n\nThe harbour, note {i}.\n")
    index_paths([root], index_dir=root.parent / "index", jobs=1)
    return root.parent / "index"


def test_files_with_matches(runner: CliRunner, twelve_index: Path, tmp_path: Path) -> None:
    index = ["--index", str(twelve_index)]
    result = runner.invoke(cli, ["search", "harbour", "-l", *index])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 12  # every match, not a page of 10
    assert sorted(Path(line).name for line in lines) == [f"note{i:02}.txt" for i in range(12)]
    assert all(Path(line).is_absolute() or Path(line).exists() for line in lines)
    result = runner.invoke(cli, ["search", "harbour", "--files-with-matches", "-n", "3", *index])
    assert len(result.stdout.splitlines()) == 3
    result = runner.invoke(cli, ["search", "zzyzx", "-l", *index])
    assert (result.exit_code, result.stdout) == (1, "")
    result = runner.invoke(cli, ["search", "harbour", "-l", "--json", *index])
    data = json.loads(result.stdout)
    assert data["total"] == 12 and len(data["paths"]) == 12


@pytest.mark.parametrize(
    "option,coloured", [([], False), (["--color=never"], False), (["--color=always"], True)]
)
def test_color(runner: CliRunner, seed_index_dir: Path, option: list[str], coloured: bool) -> None:
    # CliRunner's stdout is not a terminal: plain text unless --color=always (also with NO_COLOR,
    # as grep --color=always).
    result = runner.invoke(
        cli,
        ["search", "police", *option, "--index", str(seed_index_dir)],
        env={"NO_COLOR": "1"} if coloured else {},
    )
    assert result.exit_code == 0
    assert ("\x1b[" in result.stdout) is coloured
    assert "police" in result.stdout.lower()


def test_bad_color_value(runner: CliRunner, seed_index_dir: Path) -> None:
    result = runner.invoke(cli, ["search", "police", "--color=red", "--index", str(seed_index_dir)])
    assert (
        result.exit_code == 2 and "'red' is not one of 'auto', 'always', 'never'" in result.stderr
    )


def test_query_from_standard_input(runner: CliRunner, seed_index_dir: Path) -> None:
    result = runner.invoke(
        cli, ["search", "-", "--index", str(seed_index_dir), "--json"], input="police\n-nypd\n"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["query"] == "police -nypd"
    assert _names(result.stdout) == ["004"]
    result = runner.invoke(cli, ["search", "-", "--index", str(seed_index_dir)], input="  \n")
    assert result.exit_code == 2 and "Empty query" in result.stderr


def test_debug_after_the_command(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "nothing")
    result = runner.invoke(cli, ["search", "police", "--index", missing])
    assert result.exit_code == 2 and result.stderr.startswith("Error: No index at")
    for args in (["--debug", "search", "police"], ["search", "police", "--debug"]):
        result = runner.invoke(cli, [*args, "--index", missing])
        assert isinstance(result.exception, IndexNotFoundError), args  # the traceback's error


@pytest.mark.parametrize(
    "shell,marker", [("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")]
)
def test_completion_script(runner: CliRunner, shell: str, marker: str) -> None:
    result = runner.invoke(cli, ["completion", shell])
    assert result.exit_code == 0
    assert "_CORPUS_SEARCH_COMPLETE" in result.stdout and marker in result.stdout


def test_completion_completes(runner: CliRunner) -> None:
    env = {
        "_CORPUS_SEARCH_COMPLETE": "bash_complete",
        "COMP_WORDS": "corpus-search search --sort ",
        "COMP_CWORD": "3",
    }
    result = runner.invoke(cli, [], env=env, prog_name="corpus-search")
    assert result.stdout.split() == ["plain,relevance", "plain,date", "plain,oldest"]


def test_i_is_ignore_case_not_index(
    runner: CliRunner, seed_index_dir: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    index = ["--index", str(seed_index_dir), "--json"]
    plain = runner.invoke(cli, ["search", "MERSEYSIDE", *index])
    ignoring = runner.invoke(cli, ["search", "-i", "MERSEYSIDE", *index])
    assert plain.exit_code == ignoring.exit_code == 0
    assert _names(plain.stdout) == _names(ignoring.stdout) != []
    result = runner.invoke(cli, ["index", str(seeds_dir), "-i", str(tmp_path / "ix")])
    assert result.exit_code == 2 and "No such option" in result.stderr
    assert not (tmp_path / "ix").exists()


def test_sort_oldest(runner: CliRunner, seed_index_dir: Path) -> None:
    result = runner.invoke(
        cli, ["search", "police", "--sort", "oldest", "--index", str(seed_index_dir), "--json"]
    )
    hits = json.loads(result.stdout)["hits"]
    assert [Path(h["path"]).name[:3] for h in hits] == ["003", "004", "000"]  # 2017, 2018, none
    assert all(h["score"] > 0 for h in hits)


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["search", "police", "--limt", "2"], 2, "No such option '--limt'"),
        (["search", "date:2017..2018"], 2, "'date:2017..2018' is not a date query"),
        (["search", "police", "-n", "0"], 2, "--limit: 0 is out of range"),
        (["search", "-nypd"], 2, "only excludes words"),
        (["show", "nothing.txt"], 1, "No document 'nothing.txt'"),
        (["serch", "police"], 2, "No such command 'serch'"),
        (["info", "--index", "/nonexistent/index"], 2, "No index at /nonexistent/index"),
        (["eval", "--topics", "/nonexistent/t.tsv", "--qrels", "/nonexistent/q"], 2, "t.tsv"),
    ],
)
def test_json_errors_are_json_too(
    runner: CliRunner, seed_index_dir: Path, args: list[str], code: int, message: str
) -> None:
    index = [] if "--index" in args else ["--index", str(seed_index_dir)]
    result = runner.invoke(cli, [*args, *index, "--json"])
    assert result.exit_code == code
    data = json.loads(result.stdout)  # --json output always parses
    assert list(data) == ["error"] and message in data["error"]
    assert "Error: " in result.stderr and message in result.stderr
