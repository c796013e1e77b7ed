"""Sorting by date keeps relevance (issue 11, item 4) and the library refuses bad arguments or
accepts an index path (item 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from corpus_search import CorpusSearchError, index_paths, open_index, search
from corpus_search.cli import cli

# name -> (date or None, text). Undated "dd" is the best match of the undated ones but is indexed
# after "cc"; the dated ones are not in date order by name.
DOCUMENTS: dict[str, tuple[str | None, str]] = {
    "aa": ("2020-01-01", "The harbour wall was repaired in winter after the storms damaged it."),
    "bb": ("2022-05-01", "A harbour festival opened with music, food stalls and boat trips."),
    "cc": (None, "Long minutes of a council meeting. " * 20 + "The harbour was mentioned once."),
    "dd": (None, "Harbour harbour: the harbour fees rise."),
    "ee": ("2021-03-15", "Harbour masters met to discuss the new moorings."),
}


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dated") / "docs"
    root.mkdir()
    for name, (date, text) in DOCUMENTS.items():
        front = f"---\ntitle: Note {name}\ndate: {date}\n---\n" if date else f"Note {name}\n\n"
        (root / f"{name}.md").write_text(front + text + "\n")
    index_paths([root], index_dir=root.parent / "index", jobs=1)
    return root.parent / "index"


def _hits(runner: CliRunner, index: Path, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(cli, ["search", "harbour", "--index", str(index), "--json", *args])
    assert result.exit_code == 0, result.stderr
    hits: list[dict[str, Any]] = json.loads(result.stdout)["hits"]
    return hits


def test_sort_by_date_keeps_scores_newest_first_then_undated_best_first(
    runner: CliRunner, dated_index: Path
) -> None:
    by_relevance = {Path(h["path"]).stem: h["score"] for h in _hits(runner, dated_index)}
    assert by_relevance["dd"] > by_relevance["cc"] > 0
    hits = _hits(runner, dated_index, "--sort", "date")
    assert [Path(h["path"]).stem for h in hits] == ["bb", "ee", "aa", "dd", "cc"]
    # Was: every score 0.00 and the undated in index order (cc before dd).
    assert {Path(h["path"]).stem: h["score"] for h in hits} == by_relevance
    assert [h["rank"] for h in hits] == [1, 2, 3, 4, 5]


def test_sort_by_date_pages(runner: CliRunner, dated_index: Path) -> None:
    hits = _hits(runner, dated_index, "--sort", "date", "--limit", "2", "--page", "2")
    assert [Path(h["path"]).stem for h in hits] == ["aa", "dd"]


def test_sort_oldest_in_the_library(dated_index: Path) -> None:
    with open_index(dated_index) as ix:
        hits = search(ix, "harbour", sort="oldest").hits
    assert [Path(h.path).stem for h in hits] == ["aa", "ee", "bb", "dd", "cc"]
    assert all(h.score > 0 for h in hits)


def test_search_takes_an_index_path(dated_index: Path) -> None:
    # Was: a bare AssertionError.
    assert search(str(dated_index), "harbour").total == 5
    assert search(dated_index, "harbour", limit=2).total == 5


def test_a_missing_index_path_is_a_corpus_search_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusSearchError, match="No index at"):
        search(tmp_path / "my.idx", "harbour")


def test_search_refuses_what_is_not_an_index() -> None:
    with pytest.raises(TypeError, match=r"takes an Index \(from open_index\) or an index folder"):
        search(42, "harbour")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "arguments,message",
    [
        ({"sort": "newest"}, "sort must be one of 'relevance'"),
        ({"limit": 0}, "limit must be a whole number of at least 1, not 0"),
        ({"page": -1}, "page must be a whole number of at least 1, not -1"),
        ({"page": 0}, "page must be a whole number of at least 1, not 0"),
        ({"limit": 2.5}, "limit must be a whole number"),
        ({"fragments": -1}, "fragments must be a whole number of at least 0"),
        ({"context": -5}, "context must be a whole number of at least 0"),
    ],
)
def test_bad_arguments_raise_value_error(
    dated_index: Path, arguments: dict[str, Any], message: str
) -> None:
    # Were silently changed (limit 0 -> 1, page -1 -> 1) or ignored (sort="newest": relevance).
    with open_index(dated_index) as ix, pytest.raises(ValueError, match=message):
        search(ix, "harbour", **arguments)
