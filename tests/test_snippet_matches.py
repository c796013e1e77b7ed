"""Snippets (issue 11): every match a snippet shows is highlighted (item 5), and a title taken from
the first line is not repeated at the start of the first snippet (item 15)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search import index_paths
from corpus_search.cli import cli
from corpus_search.searching.highlight import make_snippets


def _snippets(runner: CliRunner, index: Path, *args: str) -> list[list[dict[str, object]]]:
    result = runner.invoke(cli, ["search", *args, "--index", str(index), "--json"])
    assert result.exit_code == 0, result.stderr
    return [hit["snippets"] for hit in json.loads(result.stdout)["hits"]]


@pytest.mark.parametrize(
    "query,pattern",
    [
        ('"sex workers" police', r"\bsex workers\b|\bpolic(?:e|es|ed|ing)\b"),
        ("crimes police", r"\bcrimes?\b|\bpolic(?:e|es|ed|ing)\b"),
        ("nypd OR trafficking", r"\bnypd\b|\btraffick(?:ing|ed|ers?|s)?\b"),
    ],
)
def test_every_visible_match_is_highlighted(
    runner: CliRunner, seed_index_dir: Path, query: str, pattern: str
) -> None:
    # Was: "…with sex workers, all said…" showed its first "sex workers" plain (it lay in the
    # context of the next cluster of matches, and only that cluster's spans were kept).
    checked = 0
    for snippets in _snippets(runner, seed_index_dir, query, "--limit", "10"):
        for snippet in snippets:
            text = str(snippet["text"])
            marked = {(start, end) for start, end in snippet["matches"]}  # type: ignore[attr-defined]
            for m in re.finditer(pattern, text, flags=re.IGNORECASE):
                assert m.span() in marked, (text, m.group())
                checked += 1
            assert len(marked) == len(re.findall(pattern, text, flags=re.IGNORECASE)), text
    assert checked > 10


def test_a_match_in_the_context_of_another_cluster() -> None:
    # alpha, beta, alpha 70 characters apart make one cluster (at most 160 characters long);
    # gamma 50 characters later starts the next, but the first one's context shows it.
    def words(n: int) -> str:
        return " ".join(["word"] * n)

    text = f"alpha {words(13)} beta {words(13)} alpha {words(9)} gamma {words(40)}."
    spans = [(m.start(), m.end(), m.group()) for m in re.finditer("alpha|beta|gamma", text)]
    (snippet,) = make_snippets(text, spans, fragments=1, context=80)
    shown = [snippet.text[s:e] for s, e in snippet.spans]
    assert (
        shown
        == re.findall("alpha|beta|gamma", snippet.text)
        == [
            "alpha",
            "beta",
            "alpha",
            "gamma",
        ]
    )


@pytest.fixture(scope="module")
def headline_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("headlines") / "docs"
    root.mkdir()
    (root / "budget.txt").write_text(
        "Council approves harbour budget\n\nThe council approved its harbour budget on Monday. "
        "Work on the quay starts in spring.\n"
    )
    (root / "festival.md").write_text(
        "---\ntitle: Lantern festival\n---\nLantern festival returns to the harbour this week.\n"
    )
    index_paths([root], index_dir=root.parent / "index", jobs=1)
    return root.parent / "index"


def test_a_title_from_the_first_line_is_not_repeated(
    runner: CliRunner, headline_index: Path
) -> None:
    result = runner.invoke(cli, ["search", "budget", "--index", str(headline_index)])
    assert result.exit_code == 0
    assert "Council approves harbour budget  (score" in result.stdout  # the title line
    assert "   The council approved its harbour budget on Monday." in result.stdout
    assert "Council approves harbour budget  The council" not in result.stdout
    ((snippet,),) = _snippets(runner, headline_index, "budget")
    assert str(snippet["text"]).startswith("The council approved")
    assert [str(snippet["text"])[s:e] for s, e in snippet["matches"]] == ["budget"]  # type: ignore[attr-defined]


def test_a_match_only_in_the_title_shows_the_opening(
    runner: CliRunner, headline_index: Path
) -> None:
    ((snippet,),) = _snippets(runner, headline_index, "approves")  # stem of "approved" too
    assert str(snippet["text"]).startswith("The council approved")
    ((snippet,),) = _snippets(runner, headline_index, "council", "title:approves")
    assert str(snippet["text"]).startswith("The council approved")


def test_a_title_not_from_the_text_leaves_the_text_alone(
    runner: CliRunner, headline_index: Path
) -> None:
    # Front matter gave the title; the body's first line happens to start with the same words.
    ((snippet,),) = _snippets(runner, headline_index, "returns")
    assert str(snippet["text"]).startswith("Lantern festival returns to the harbour")
