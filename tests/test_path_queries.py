"""`path:` with folders: a path query is the path's words (between "/", "\\" and ".") next to
each other in that order, anywhere in the path; a part may be a wildcard (`path:politics/01*`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search import index_paths
from corpus_search.cli import cli

FILES = [
    "docs/politics/010.txt",
    "docs/politics/012.txt",
    "docs/politics/101.txt",
    "docs/sport/012.txt",
    "docs/tech/politics.txt",
    "docs/archive/2004/politics/011.txt",
]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paths")
    for name in FILES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"A note filed as {name}.\n", encoding="utf-8")
    index_paths([root / "docs"], index_dir=root / "index", jobs=1)
    return root / "index"


def found(runner: CliRunner, index: Path, query: str) -> set[str]:
    result = runner.invoke(cli, ["search", query, "-l", "--index", str(index)])
    assert result.exit_code in (0, 1) and result.stderr == "", result.output
    return {line.split("docs/", 1)[1] for line in result.stdout.splitlines()}


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "path:politics/01*",
            {"politics/010.txt", "politics/012.txt", "archive/2004/politics/011.txt"},
        ),
        ("path:docs/politics/*", {"politics/010.txt", "politics/012.txt", "politics/101.txt"}),
        ("path:docs/politics", {"politics/010.txt", "politics/012.txt", "politics/101.txt"}),
        ("path:docs/politics/012*", {"politics/012.txt"}),
        ("path:politics/012.txt", {"politics/012.txt"}),
        ("path:*/012.txt", {"politics/012.txt", "sport/012.txt"}),
        ("path:docs/*/012.txt", {"politics/012.txt", "sport/012.txt"}),
        ("path:tech/pol*", {"tech/politics.txt"}),
        ("path:POLITICS/10?.txt", {"politics/101.txt"}),
        ("path:012*", {"politics/012.txt", "sport/012.txt"}),
        # In order and next to each other: not "politics" somewhere and "tech" somewhere else.
        ("path:politics/tech", set()),
        ("path:docs/01*", set()),
        ("path:politics/01* -path:archive", {"politics/010.txt", "politics/012.txt"}),
    ],
)
def test_path_queries_with_folders(
    runner: CliRunner, folders: Path, query: str, expected: set[str]
) -> None:
    assert found(runner, folders, query) == expected


def test_an_empty_path_prefix_is_explained(runner: CliRunner, folders: Path) -> None:
    result = runner.invoke(cli, ["search", "path:politics/9*", "--index", str(folders)])
    assert result.exit_code == 1 and result.stderr == ""
    assert "path:politics in path: 5 documents" in result.stdout
    assert "No results because of path:9*: no word in the index fits it." in result.stdout


def test_a_path_part_with_too_many_words_is_an_error(
    runner: CliRunner, folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh tracks positions for fewer than 1,024 alternatives: a wider part is refused with
    a message, never a traceback (the limit lowered here to 2 of the 3 words starting with 0)."""
    monkeypatch.setattr("corpus_search.searching.query.MAX_PATH_EXPANSIONS", 2)
    result = runner.invoke(cli, ["search", "path:politics/0*", "--index", str(folders)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: '0*' matches more than 2 different words")
    result = runner.invoke(cli, ["search", "path:docs/*/012.txt", "--index", str(folders)])
    assert result.stderr.startswith("Error: '*' matches more than 2 different words")
    assert found(runner, folders, "path:politics/10*") == {"politics/101.txt"}
