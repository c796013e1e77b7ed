"""The CLI as a user sees it: exit codes, stdout vs stderr, JSON keys, help text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from corpus_search.cli import cli

REPO = Path(__file__).resolve().parents[1]


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_search_hits_exit_0_with_plain_text(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, err = run(runner, "search", "merseyside", "hate", "--index", str(seed_index_dir))
    assert code == 0 and err == ""
    assert "1 document matches" in out
    assert "1. Victory: Amnesty from arrest for sex workers reporting crime" in out
    assert "Merseyside" in out and "\x1b[" not in out  # plain text when not on a terminal


def test_query_words_may_be_separate_arguments(runner: CliRunner, seed_index_dir: Path) -> None:
    one = run(runner, "search", "merseyside hate", "--index", str(seed_index_dir))
    two = run(runner, "search", "merseyside", "hate", "--index", str(seed_index_dir))
    assert one == two
    assert one[0] == 0 and "1. Victory: Amnesty from arrest" in one[1]


def test_no_hits_exit_1_with_suggestion(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, err = run(runner, "search", "mersyside", "--index", str(seed_index_dir))
    assert code == 1
    assert "No documents match 'mersyside'." in out
    assert "Did you mean: merseyside?" in out


def test_json_output_keys(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(runner, "search", '"sex workers"', "--json", "--index", str(seed_index_dir))
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "total", "page", "limit", "hits", "suggestion"}
    hit = data["hits"][0]
    assert set(hit) == {
        "rank",
        "key",
        "path",
        "title",
        "author",
        "date",
        "tags",
        "score",
        "snippets",
        "near_copies",
    }
    assert hit["rank"] == 1 and data["query"] == '"sex workers"'
    snippet = hit["snippets"][0]
    assert set(snippet) == {"text", "matches", "page"} and snippet["page"] is None  # not a PDF
    start, end = snippet["matches"][0]
    assert snippet["text"][start:end].lower().startswith("sex worker")


def test_json_no_hits(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(runner, "search", "mersyside", "--json", "--index", str(seed_index_dir))
    assert code == 1
    data = json.loads(out)
    explain = data.pop("explain")  # a search with no hits explains itself (README)
    assert data == {
        "query": "mersyside",
        "total": 0,
        "page": 1,
        "limit": 10,
        "hits": [],
        "suggestion": "merseyside",
    }
    assert explain["emptied_by"] == "mersysid"
    assert "the spelling merseyside" in explain["suggestions"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("nosuch:word", "Unknown field 'nosuch'"),
        ("the", "no searchable terms"),
        ("date:<2017", "Write date comparisons as ranges"),
    ],
)
def test_bad_query_exit_2_one_line(
    runner: CliRunner, seed_index_dir: Path, query: str, message: str
) -> None:
    code, out, err = run(runner, "search", query, "--index", str(seed_index_dir))
    assert code == 2 and out == ""
    assert err.startswith("Error: ") and message in err and err.count("\n") == 1


def test_missing_index_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = run(runner, "search", "x", "--index", str(tmp_path / "none"))
    assert (code, out) == (2, "")
    assert (
        err == f"Error: No index at {tmp_path / 'none'}. Build one with: corpus-search index PATH\n"
    )


def test_index_env_var(runner: CliRunner, seed_index_dir: Path) -> None:
    result = runner.invoke(
        cli, ["info", "--json"], env={"CORPUS_SEARCH_INDEX": str(seed_index_dir)}
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"] == 5


def test_index_command_summary_and_json(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    ix = str(tmp_path / "ix")
    code, out, _ = run(runner, "index", str(corpus), "--index", ix)
    assert code == 0
    assert "5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped" in out
    (corpus / "bad.txt").write_bytes(b"\x00\x00binary")
    code, out, _ = run(runner, "index", str(corpus), "--index", ix, "--json")
    data = json.loads(out)
    assert (code, data["added"], data["unchanged"]) == (0, 0, 5)
    assert data["skipped"][0]["path"].endswith("bad.txt") and "NUL" in data["skipped"][0]["reason"]
    assert set(data) == {
        "index",
        "added",
        "updated",
        "removed",
        "unchanged",
        "skipped",
        "warnings",
        "truncated",
        "unsupported",
        "dates",
        "pruned",
        "unmatched",
        "left_out",
        "missing",
        "vanished_roots",
        "roots",
        "elapsed_seconds",
        "interrupted",
        "reread",
    }
    assert data["reread"] == {"files": 0, "readers": []}


def test_index_report_file(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    (corpus / "bad.txt").write_bytes(b"\x00\x00binary")
    report = tmp_path / "report.jsonl"
    code, _, _ = run(
        runner, "index", str(corpus), "--index", str(tmp_path / "ix"), "--report", str(report)
    )
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    assert code == 0 and rows[0]["status"] == "skipped" and rows[0]["path"].endswith("bad.txt")


def test_index_missing_path_exits_2_after_indexing_the_others(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    code, out, err = run(
        runner, "index", str(corpus), str(tmp_path / "nope"), "--index", str(tmp_path / "ix")
    )
    assert code == 2 and "5 added" in out and "nope: no such file or directory" in err


def test_show_document(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(
        runner, "show", "003_68a3840553de617d.txt", "--index", str(seed_index_dir), "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert {"path", "title", "author", "date", "tags", "text"} <= set(data)
    assert data["author"] == "Emma Whitford" and data["date"] == "2017-02-02T09:50:00"
    assert "Mayor's Flickr" in data["text"] and "<p>" not in data["text"]


def test_show_with_query_marks_matches(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(
        runner,
        "show",
        "003_68a3840553de617d.txt",
        "-q",
        "pimps",
        "--json",
        "--index",
        str(seed_index_dir),
    )
    data = json.loads(out)
    assert code == 0
    assert {data["text"][s:e].lower() for s, e in data["matches"]} == {"pimps"}


def test_show_unknown_document_exit_1(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, err = run(runner, "show", "nothing.txt", "--index", str(seed_index_dir))
    assert code == 1 and out == "" and "No document 'nothing.txt'" in err


def test_info(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(runner, "info", "--index", str(seed_index_dir), "--json")
    data = json.loads(out)
    assert code == 0 and data["documents"] == 5 and data["size_bytes"] > 0
    assert {"documents", "index", "size_bytes", "updated"} <= set(data)
    code, out, _ = run(runner, "info", "--index", str(seed_index_dir))
    assert "Documents: 5" in out


def test_every_command_has_help_with_example_and_is_in_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name
        assert re.search(rf"corpus-search {name}\b", readme), f"README does not mention {name}"


def test_search_help_says_all_words_must_match(runner: CliRunner) -> None:
    code, out, _ = run(runner, "search", "--help")
    assert code == 0 and "must ALL match" in out
