"""'Did you mean' (issue 11, item 1): ranked by edit distance, then by how many documents hold the
word; every misspelt word corrected; the user's case kept; offered on a handful of hits too."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh.support.levenshtein import damerau_levenshtein

from corpus_search import index_paths, open_index
from corpus_search.cli import cli
from corpus_search.searching.suggest import _distance, _Speller


def _search(runner: CliRunner, index: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["search", *args, "--index", str(index)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def words_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two segments. 'minister' in 12 documents of the first; 'monster' in one document of each
    (so the spell field, one entry per segment, holds 'monster' twice and 'minister' once);
    'government' in 12 documents and 'governess' (same stem as 'goverment') in one; 'form' in
    one, 'from' in 12."""
    root = tmp_path_factory.mktemp("words") / "docs"
    root.mkdir()
    index_dir = root.parent / "index"
    batches = [
        {"minister": 12, "monster": 1, "government": 12, "governess": 1, "from": 12, "form": 1},
        {"monster": 1, "harbour": 3},
    ]
    for batch, counts in enumerate(batches):
        for word, n in counts.items():
            for i in range(n):
                (root / f"{batch}-{word}-{i}.txt").write_text(
                    f"Note {i}\n\nA note about the {word}, number {i}.\n"
                )
        index_paths([root], index_dir=index_dir, jobs=1)
    with open_index(index_dir) as ix:
        assert len(ix.whoosh.reader().leaf_readers()) == 2
    return index_dir


@pytest.mark.parametrize(
    "query,suggestion",
    [
        ("minster", "minister"),  # one edit from both: the word in more documents wins
        ("Minster", "Minister"),  # the user's case is kept
        ("MINSTER", "MINISTER"),
        ("fomr", "form"),  # a swap is one edit: 'form' beats the commoner 'from' (two edits)
        ("harbuor minster", "harbour minister"),  # every misspelt word
        ("minster OR harbuor", "minister OR harbour"),
    ],
)
def test_suggestion_ranking(
    runner: CliRunner, words_index: Path, query: str, suggestion: str
) -> None:
    code, out, err = _search(runner, words_index, query)
    assert code == 1 and err == ""
    assert f"Did you mean: {suggestion}?" in out


def test_a_handful_of_hits_with_a_far_commoner_word_one_edit_away(
    runner: CliRunner, words_index: Path
) -> None:
    # 'goverment' finds the 'governess' note through its stem; 'government' is in 12 documents.
    code, out, _ = _search(runner, words_index, "goverment")
    assert code == 0
    assert "1 documents match" in out or "1 document matches" in out
    assert "Did you mean: government?" in out
    code, out, _ = _search(runner, words_index, "goverment", "--json")
    data = json.loads(out)
    assert (data["total"], data["suggestion"]) == (1, "government")


@pytest.mark.parametrize("query", ["governess", "government", "minister", "monster"])
def test_no_suggestion_for_words_that_are_right(
    runner: CliRunner, words_index: Path, query: str
) -> None:
    # 'monster' is in 2 documents, one edit from 'minster'-like words but none far more common.
    code, out, _ = _search(runner, words_index, query, "--json")
    assert code == 0
    assert json.loads(out)["suggestion"] is None


def test_seed_typos(runner: CliRunner, seed_index_dir: Path) -> None:
    # Was "policy arrest": every candidate had the same count and the alphabetically last won.
    code, out, _ = _search(runner, seed_index_dir, "polise arrest")
    assert code == 1 and "Did you mean: police arrest?" in out
    code, out, _ = _search(runner, seed_index_dir, "Merseysde polise")
    assert code == 1 and "Did you mean: Merseyside police?" in out


def test_an_excluded_word_is_not_corrected(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = _search(runner, seed_index_dir, "polise -zzyzx", "--json")
    assert code == 1 and json.loads(out)["suggestion"] == "police -zzyzx"


def test_distance_is_whooshs_damerau_levenshtein() -> None:
    rng = random.Random(5)
    for _ in range(20_000):
        a = "".join(rng.choice("abcé") for _ in range(rng.randint(0, 8)))
        b = "".join(rng.choice("abcé") for _ in range(rng.randint(0, 8)))
        expected = damerau_levenshtein(a, b)
        for maxdist in (0, 1, 2):
            assert _distance(a, b, maxdist) == min(expected, maxdist + 1), (a, b, maxdist)


def test_near_words_are_every_word_within_the_distance(seed_index_dir: Path) -> None:
    with open_index(seed_index_dir) as ix, ix.searcher() as searcher:
        reader = searcher.reader()
        speller = _Speller(reader, ix.schema)
        every = [w.decode() if isinstance(w, bytes) else w for w in reader.lexicon("spell")]
        for typo in ["polise", "merseysde", "arest", "trafficing", "wrker", "pimsp"]:
            for maxdist in (1, 2):
                expected = {
                    w: d
                    for w in every
                    if w[:1] == typo[:1] and w != typo
                    for d in [damerau_levenshtein(w, typo)]
                    if d <= maxdist
                }
                assert speller.near_words(typo, maxdist) == expected, typo


@pytest.mark.parametrize(
    "query,suggestion",
    [
        ("title:minster", "title:minister"),  # a field's word is corrected too
        ('"harbuor minster"', '"harbour minister"'),  # the first word of a phrase too
        ("title:Minster harbuor", "title:Minister harbour"),
    ],
)
def test_field_words_are_corrected(
    runner: CliRunner, words_index: Path, query: str, suggestion: str
) -> None:
    code, out, _ = _search(runner, words_index, query)
    assert code == 1 and f"Did you mean: {suggestion}?" in out
    assert f"Try: the spelling {suggestion}" in out


def test_author_and_path_words_are_corrected_against_their_own_field(
    runner: CliRunner, seed_index_dir: Path
) -> None:
    code, out, _ = _search(runner, seed_index_dir, "author:whitfrod")
    assert code == 1 and "Did you mean: author:whitford?" in out
    # A path's parts: 'seesd' is corrected, 'txt' (a path word, not a text word) is left alone.
    code, out, _ = _search(runner, seed_index_dir, "path:seesd/003*", "--json")
    assert code == 1 and json.loads(out)["suggestion"] == "path:seeds/003*"
    code, out, _ = _search(runner, seed_index_dir, "path:seesd/nosuch.txt", "--json")
    assert json.loads(out)["suggestion"] == "path:seeds/nosuch.txt"


def test_explain_offers_the_spelling_search_offers(runner: CliRunner, words_index: Path) -> None:
    """'goverment' finds one document: search says 'Did you mean', and so does the explanation."""
    code, out, _ = _search(runner, words_index, "goverment", "--explain")
    assert code == 0 and "Did you mean: government?" in out
    assert "Try: the spelling government" in out
