"""'Did you mean' beyond search: `quotes` (its words and --speaker) and `export` (issue: a new
user's walkthrough met "No quotations" and empty exports with no hint of the misspelling)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search import open_index
from corpus_search.cli import cli
from corpus_search.searching.suggest import suggest_speaker


def run(runner: CliRunner, index: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, [*args, "--index", str(index)])
    return result.exit_code, result.stdout, result.stderr


def test_quotes_suggest_the_query_words(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, err = run(runner, seed_index_dir, "quotes", "arrets")
    assert code == 1 and err == ""
    assert out.splitlines() == ["No quotations matching 'arrets'.", "Did you mean: arrest?"]
    code, out, _ = run(runner, seed_index_dir, "quotes", "arrets", "--json")
    data = json.loads(out)
    assert (data["suggestion"], data["speaker_suggestion"], data["total"]) == ("arrest", None, 0)
    assert json.loads(run(runner, seed_index_dir, "quotes", "arrests", "--json")[1])[
        "suggestion"
    ] is None


def test_quotes_suggest_a_speaker_name(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(runner, seed_index_dir, "quotes", "-s", "malick")
    assert code == 1
    assert out.splitlines() == ["No quotations by 'malick'.", "Did you mean: --speaker malik?"]
    # Both wrong: one line with both; a right word of a name is kept as typed.
    code, out, _ = run(runner, seed_index_dir, "quotes", "arrets", "-s", "Kate Mogulesku")
    assert "Did you mean: arrest --speaker 'Kate Mogulescu'?" in out
    code, out, _ = run(runner, seed_index_dir, "quotes", "-s", "Mogulesku", "--json")
    assert json.loads(out)["speaker_suggestion"] == "Mogulescu"


def test_no_speaker_suggestion_for_known_words_or_far_ones(seed_index_dir: Path) -> None:
    with open_index(seed_index_dir) as ix, ix.searcher() as searcher:
        assert suggest_speaker(searcher, "Malik") is None  # a name the index has
        assert suggest_speaker(searcher, "zzyzx") is None  # nothing within two edits
        assert suggest_speaker(searcher, "Mina Malk") == "Mina Malik"


def test_export_suggests_on_stderr(runner: CliRunner, seed_index_dir: Path) -> None:
    for fmt in ("csv", "jsonl"):
        code, out, err = run(runner, seed_index_dir, "export", "merseysde", "--format", fmt)
        assert code == 1
        assert err.splitlines() == ["No documents match 'merseysde'.", "Did you mean: merseyside?"]
        assert "merseyside" not in out  # the rows' stream stays rows (here: a csv header, or none)
    code, _, err = run(runner, seed_index_dir, "export", "zzyzx")
    assert code == 1 and "Did you mean" not in err


def test_quotes_suggestion_on_a_terminal(
    runner: CliRunner, seed_index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("corpus_search.render.stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(runner, seed_index_dir, "quotes", "arrets", "-s", "malick")
    assert code == 1 and "Did you mean: arrest --speaker malik?" in out
