"""Every query form of the search language, on the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_search import QueryError, index_paths, open_index, rank, search
from corpus_search.index import Index

S000, S001, S002 = "000_8840c1bd5ec2d076", "001_67a2f4835248e313", "002_a2a63f82de49e02c"
S003, S004 = "003_68a3840553de617d", "004_2835a2a803f76366"


def names(ix: Index, query: str, **options: object) -> list[str]:
    return [Path(h.path).stem for h in search(ix, query, **options).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("merseyside", [S004]),
        ("Caban", [S001]),  # accent-insensitive: the text says Cabán
        ("CABÁN", [S001]),
        ("arrests", [S000, S003, S004]),  # stemmed: arrest, arrested, arrests
        ('"human trafficking hotline"', [S001]),
        ("title:victory", [S004]),
        ("author:whitford", [S003]),
        ("author:Emma", [S003]),
        ("path:003*", [S003]),
        ("mersyside~", [S004]),
        ("lancm*", [S001]),
        ("date:[2017-01-01 TO 2017-12-31]", [S003]),
        ("date:2018", [S004]),
        ("date:[2018-01-01 TO]", [S004]),
        ("date:[TO 2017-12-31]", [S003]),
        ("merseyside OR lancman", [S001, S004]),
        ("prostitution NOT nypd", [S002, S004]),
        ("katz AND (melinda OR lasak)", [S000, S001]),
    ],
)
def test_query_forms(seed_index: Index, query: str, expected: list[str]) -> None:
    assert sorted(names(seed_index, query)) == expected


def test_all_words_must_match_by_default(seed_index: Index) -> None:
    assert names(seed_index, "merseyside lancman") == []
    assert sorted(names(seed_index, "merseyside lancman", match_all=False)) == [S001, S004]


def test_phrase_is_highlighted_as_one_span(seed_index: Index) -> None:
    hit = search(seed_index, '"sex workers"').hits[0]
    matched = {s.text[a:b].lower() for s in hit.snippets for a, b in s.spans}
    assert matched <= {"sex workers", "sex worker"} and matched


def test_proximity_matches_words_apart(seed_index: Index) -> None:
    assert names(seed_index, '"prosecute workers"') == []
    assert S001 in names(seed_index, '"prosecute workers"~3')


def test_best_match_first(seed_index: Index) -> None:
    result = search(seed_index, "sex workers")
    assert Path(result.hits[0].path).stem == S004
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_sort_by_date_puts_newest_first(seed_index: Index) -> None:
    hits = search(seed_index, "prostitution", sort="date").hits
    assert [Path(h.path).stem for h in hits[:2]] == [S004, S003]  # 2018, 2017, then undated
    assert all(h.date is None for h in hits[2:])


def test_pages(seed_index: Index) -> None:
    everything = names(seed_index, "prostitution", limit=10)
    page2 = search(seed_index, "prostitution", limit=2, page=2)
    assert [h.rank for h in page2.hits] == [3, 4]
    assert [Path(h.path).stem for h in page2.hits] == everything[2:4]
    assert page2.total == len(everything)


def test_no_hits_suggests_a_correction(seed_index: Index) -> None:
    result = search(seed_index, "mersyside")
    assert (result.total, result.hits, result.suggestion) == (0, (), "merseyside")


def test_no_suggestion_when_words_are_known(seed_index: Index) -> None:
    assert search(seed_index, "merseyside lancman").suggestion is None


def test_hit_metadata(seed_index: Index) -> None:
    hit = search(seed_index, "author:whitford").hits[0]
    assert hit.title == "NYPD Urges Immigrant Sex Trafficking Victims To Anonymously Report Abuse"
    assert hit.author == "Emma Whitford"
    assert hit.date is not None and (hit.date.year, hit.date.month, hit.date.day) == (2017, 2, 2)
    assert hit.snippets, "a metadata-only match still shows the start of the text"


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "Empty query"),
        ("   ", "Empty query"),
        ("nosuch:word", "Unknown field 'nosuch'"),
        ("the", "no searchable terms"),
        ("date:[yesterday-ish TO soon]", "Dates look like date:2017"),
        ("date:<2017-01-01", "date:[TO 2016-12-31]"),
    ],
)
def test_bad_queries_raise_query_error(seed_index: Index, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("[", r"\[")):
        search(seed_index, query)


def test_tags_field(tmp_path: Path) -> None:
    root = tmp_path / "tagged"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: Tagged\ntags: [policing, Budget]\n---\nBody text.\n")
    (root / "b.md").write_text("---\ntitle: Other\ntags: housing\n---\nBody text.\n")
    index_paths([root], index_dir=tmp_path / "ix", jobs=1)
    with open_index(tmp_path / "ix") as ix:
        assert [h.title for h in search(ix, "tags:budget").hits] == ["Tagged"]
        assert search(ix, "tags:housing").hits[0].tags == ("housing",)


def test_wildcard_expansion_is_bounded(tmp_path: Path) -> None:
    from corpus_search.searching.query import check_expansions, parse_query

    root = tmp_path / "words"
    root.mkdir()
    (root / "w.txt").write_text(" ".join(f"ab{i}x" for i in range(50)))
    index_paths([root], index_dir=tmp_path / "ix", jobs=1)
    with open_index(tmp_path / "ix") as ix, ix.whoosh.searcher() as s:
        q = parse_query(ix.whoosh.schema, "ab*")
        check_expansions(q, s.reader(), limit=100)
        with pytest.raises(QueryError, match="more than 10 different words"):
            check_expansions(q, s.reader(), limit=10)


def test_rank_is_bag_of_words(seed_index: Index) -> None:
    ranked = rank(seed_index, 'What did "Merseyside" police do: (hate crimes)?')
    assert Path(ranked[0][0]).stem == S004
    assert all(isinstance(score, float) for _, score in ranked)
