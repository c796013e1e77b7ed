"""Term-at-a-time scoring (scoring.py) gives Whoosh's hits, scores and order, on several segments
with deleted documents, for search and for eval's bag-of-words ranking."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from corpus_search import index_paths, open_index, rank, search
from corpus_search.index import Index
from corpus_search.searching import results as searching
from corpus_search.searching.query import parse_query
from corpus_search.searching.ranking import DEFAULT_RANKING, Ranking
from corpus_search.searching.scoring import term_at_a_time

VOCABULARY = (
    "police arrest sex work trafficking amnesty report crime victim court law city council "
    "budget vote housing health school immigration decriminalize Cabán Merseyside district "
    "attorney campaign platform press release blog program officer safety community"
).split()


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~120 random documents over several segments (small batches, two workers), some of them
    then edited or deleted, so segments hold deleted documents."""
    rng = random.Random(7)
    root = tmp_path_factory.mktemp("scoring") / "docs"
    root.mkdir()
    for i in range(120):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(3, 150))]
        title = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, 5)))
        (root / f"doc{i:03}.txt").write_text(f"{title.title()}\n\n{' '.join(words)}.\n")
    index_dir = root.parent / "index"
    index_paths([root], index_dir=index_dir, jobs=2, commit_every=25)
    for i in range(0, 120, 9):
        (root / f"doc{i:03}.txt").unlink()
    for i in range(4, 120, 11):
        (root / f"doc{i:03}.txt").write_text(f"Edited\n\npolice police court {i} amnesty.\n")
    index_paths([root], index_dir=index_dir, jobs=1)
    return index_dir


def _queries(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for _ in range(n):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(1, 4))]
        joiner = rng.choice([" ", " AND ", " OR "])
        text = joiner.join(words)
        if rng.random() < 0.3:
            text = f"({words[0]} OR {rng.choice(VOCABULARY)}) {rng.choice(VOCABULARY)}"
        if rng.random() < 0.25:  # a phrase, sometimes with slop, in a third of them alone
            phrase = f'"{" ".join(words[:3])}"' + rng.choice(["", "", "~2", "~4"])
            text = phrase if rng.random() < 0.3 else f"{phrase}{joiner}{rng.choice(VOCABULARY)}"
        if rng.random() < 0.2:
            text = f"title:{words[0]} {text}"
        queries.append(text)
    return queries


def exact_count(ix: Index, text: str) -> int:
    with ix.whoosh.searcher() as searcher:
        return len(set(searcher.docs_for_query(parse_query(ix.schema, text))))


def _both(monkeypatch: pytest.MonkeyPatch, run):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(searching, "_TERM_AT_A_TIME", True)
    fast = run()
    monkeypatch.setattr(searching, "_TERM_AT_A_TIME", False)
    slow = run()
    return fast, slow


def _assert_same_ranking(fast: list[tuple[str, float]], slow: list[tuple[str, float]]) -> None:
    assert len(fast) == len(slow)
    for (fkey, fscore), (skey, sscore) in zip(fast, slow, strict=True):
        assert fscore == pytest.approx(sscore, rel=1e-9, abs=1e-12)
        if fkey != skey:  # only a tie (scores equal but for the last bits) may swap two hits
            assert dict(fast)[skey] == pytest.approx(sscore, rel=1e-9)


def test_word_and_or_queries_use_term_at_a_time(segmented_index: Path) -> None:
    with open_index(segmented_index) as ix:
        for text in (
            "police",
            "police court",
            "police OR court",
            "(police OR court) amnesty",
            '"police court"',
            '"police court"~3 amnesty',
        ):
            assert term_at_a_time(parse_query(ix.schema, text))
        for text in ("police NOT court", "pol*", "polise~", "author:x", "date:2020"):
            assert not term_at_a_time(parse_query(ix.schema, text))


def test_search_matches_whoosh_on_random_queries(
    segmented_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_index(segmented_index) as ix:
        assert len(ix.whoosh.reader().leaf_readers()) > 2
        assert ix.whoosh.reader().has_deletions()
        compared = 0
        for text in _queries(150, seed=11):
            for page in (1, 2):
                fast, slow = _both(
                    monkeypatch, lambda t=text, p=page: search(ix, t, limit=7, page=p, fragments=1)
                )
                # Whoosh's own collector counted 57 for 56 matches here until replace=0.
                assert fast.total == slow.total == exact_count(ix, text), text
                _assert_same_ranking(
                    [(h.key, h.score) for h in fast.hits], [(h.key, h.score) for h in slow.hits]
                )
                slow_snippets = {h.key: h.snippets for h in slow.hits}
                edges = {round(h.score, 3) for h in slow.hits[:1] + slow.hits[-1:]}
                for hit in fast.hits:
                    if hit.key in slow_snippets:
                        assert hit.snippets == slow_snippets[hit.key]
                        compared += 1
                    else:  # tied with a hit at the page's edge, which Whoosh ordered otherwise
                        assert round(hit.score, 3) in edges, (text, hit.key)
                    assert hit.snippets or hit.title
        assert compared > 500


def test_total_counts_every_match_not_only_the_page(
    segmented_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_index(segmented_index) as ix:
        monkeypatch.setattr(searching, "_TERM_AT_A_TIME", True)
        result = search(ix, "police OR court", limit=3)
        assert len(result.hits) == 3
        assert result.total > 30
        assert [h.rank for h in result.hits] == [1, 2, 3]
        assert result.hits[0].score >= result.hits[1].score >= result.hits[2].score


@pytest.mark.parametrize("ranking", [DEFAULT_RANKING, Ranking(k1=0.9, b=0.4, title_boost=2.0)])
def test_eval_ranking_matches_whoosh(
    segmented_index: Path, monkeypatch: pytest.MonkeyPatch, ranking: Ranking
) -> None:
    texts = [
        "Police arrested a victim of trafficking: the court's report (2017)!",
        "housing budget vote housing housing",
        'what does "amnesty" mean for sex work?',
    ]
    with open_index(segmented_index) as ix:
        for text in texts:
            fast, slow = _both(monkeypatch, lambda t=text: rank(ix, t, limit=1000, ranking=ranking))
            assert fast, text
            _assert_same_ranking(fast, slow)


def test_no_match_is_zero_total(seed_index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searching, "_TERM_AT_A_TIME", True)
    result = search(seed_index, "merseyside AND zzzqqq")
    assert result.total == 0
    assert result.hits == ()


def test_suggestion_on_a_segmented_index(segmented_index: Path) -> None:
    with open_index(segmented_index) as ix:
        assert len(ix.whoosh.reader().leaf_readers()) > 2
        result = search(ix, "polise amnesti")
        assert result.total == 0
        assert result.suggestion == "police amnesty"


def test_an_empty_index_finds_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    index_paths([tmp_path / "empty"], index_dir=tmp_path / "index")
    with open_index(tmp_path / "index") as ix:
        assert search(ix, "police OR court").total == 0
        assert rank(ix, "police court") == []


@pytest.fixture(scope="module")
def long_lists_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """900 documents: words whose posting lists span several blocks of 128, next to rare ones
    (at block edges too), and some documents deleted, so an AND skips blocks."""
    rng = random.Random(3)
    root = tmp_path_factory.mktemp("long") / "docs"
    root.mkdir()
    for i in range(900):
        words = ["every"] * rng.randint(1, 4)
        words += ["third"] * (i % 3 == 0) + ["fiftieth"] * (i % 50 == 7)
        words += ["pair"] * (i in (5, 850)) + ["edge"] * (i in (127, 128, 255, 256, 899))
        words += [rng.choice(VOCABULARY) for _ in range(rng.randint(2, 40))]
        rng.shuffle(words)
        (root / f"doc{i:03}.txt").write_text(f"Document {i}\n\n{' '.join(words)}.\n")
    index_dir = root.parent / "index"
    index_paths([root], index_dir=index_dir, jobs=1)
    for i in (5, 128, 300, 301, 507):
        (root / f"doc{i:03}.txt").unlink()
    index_paths([root], index_dir=index_dir, jobs=1)
    return index_dir


@pytest.mark.parametrize(
    "text",
    [
        "pair AND every",
        "edge AND every AND third",
        "fiftieth AND every",
        "every AND third",
        "(pair OR edge) AND every",
        "(pair AND every) OR (fiftieth AND every)",
        "third AND (edge OR fiftieth) AND every",
        "every AND nosuchword",
        '"every third"~3',
        '"pair every"~6 OR "edge every"~2',
        'fiftieth "every every"',
    ],
)
def test_and_and_phrases_of_rare_and_common_words_match_whoosh(
    long_lists_index: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    with open_index(long_lists_index) as ix:
        fast, slow = _both(monkeypatch, lambda: search(ix, text, limit=20))
        assert fast.total == slow.total == exact_count(ix, text)
        _assert_same_ranking(
            [(h.key, h.score) for h in fast.hits], [(h.key, h.score) for h in slow.hits]
        )
        # Every hit's snippets mark "every", read by the scorer or, where it skipped that
        # document's block, from the index.
        assert [h.snippets for h in fast.hits] == [h.snippets for h in slow.hits]
        for hit in fast.hits:
            assert any("every" in str(s).lower() for s in hit.snippets), hit.key
