"""Term lists (schema 6): each body's terms in order, kept in the index so that ``terms`` counts
every matching document; and indexes of schema 5, which keep none, still open and answer."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from corpus_search import index_paths, open_index
from corpus_search.index import format as index_format
from corpus_search.index import schema as index_schema
from corpus_search.index import sync
from corpus_search.index.schema import text_characters
from corpus_search.index.termlists import COLUMN, decode, encode
from corpus_search.searching.matches import has_term_lists
from corpus_search.views import collocates, keyness
from corpus_search.views.counts import TermListCounts

HARBOUR = "harbour"  # in 700 documents (more than the 500 a sample used to read)
WORDS = "boat sail wind tide rope deck mast crew fish net gull pier wave storm cargo".split()


def test_a_term_list_holds_the_terms_in_position_order() -> None:
    text = "The Police and the police-station: the police, policing. A café!"
    analysed = text_characters(text)
    part = decode(encode(analysed))
    terms = part.terms.decode().split(" ")
    assert terms == list(analysed)  # order of first occurrence
    assert part.width == 1  # three terms: one byte an id
    ids = list(part.ids)
    by_position = sorted((p, t) for t, occ in analysed.items() for p, _, _ in occ)
    assert [terms[i] for i in ids] == [t for _, t in by_position]
    assert part.first == by_position[0][0] == 1  # "The" is a stop word: position 0 is skipped
    assert decode(encode({})) == decode(b"") and not decode(b"").terms
    many = " ".join(f"w{i}" for i in range(300)) + " w7"
    wide = decode(encode(text_characters(many)))
    assert wide.width == 2 and list(memoryview(wide.ids).cast("H"))[-2:] == [299, 7]


def _corpus(root: Path) -> Path:
    """1,000 short documents: 700 say harbour, 35 of those also 'lighthouse keeper' (and no
    other document does), 300 say neither."""
    rng = random.Random(3)
    docs = root / "docs"
    docs.mkdir()
    for i in range(1000):
        words = [rng.choice(WORDS) for _ in range(25)]
        if i < 700:
            words.insert(rng.randrange(25), HARBOUR)
        if i < 700 and i % 20 == 0:
            words.insert(rng.randrange(25), "lighthouse keeper")
        (docs / f"n{i:04d}.txt").write_text(" ".join(words) + ".\n", encoding="utf-8")
    return docs


@pytest.fixture(scope="module")
def harbour_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("harbour"))


@pytest.fixture(scope="module")
def harbour_index(harbour_docs: Path) -> Path:
    index_dir = harbour_docs.parent / "index"
    index_paths([harbour_docs], index_dir=index_dir, jobs=1)
    return index_dir


def test_terms_count_every_match_not_a_sample(harbour_index: Path) -> None:
    with open_index(harbour_index) as ix:
        assert has_term_lists(ix)
        result = keyness(ix, HARBOUR)
        assert (result.hit_documents, result.sampled) == (700, None)
        rows = {row.term: row for row in result.rows}
        # Exact counts: a 500-document sample gave estimates (its count times 700/500).
        assert (rows["lighthouse"].hit_documents, rows["lighthouse"].corpus_documents) == (35, 35)
        assert (rows["keeper"].hit_documents, rows["keeper"].corpus_documents) == (35, 35)
        assert not set(WORDS) & set(rows)  # as common outside the matches as inside
        near = collocates(ix, "lighthouse", window=1)
        assert near.matches == 35 and near.rows[0].term == "keeper"
        assert near.rows[0].cooccurrences == near.rows[0].hit_documents == 35


def test_term_list_counts_match_the_stored_text(harbour_index: Path) -> None:
    with open_index(harbour_index) as ix, ix.searcher() as searcher:
        lists, texts = [], []
        for docnum in range(searcher.doc_count_all()):
            texts.append(searcher.stored_fields(docnum)["body"])
        reader = searcher.reader()
        column = reader.column_reader(COLUMN)
        lists = [column[d] for d in range(searcher.doc_count_all())]
    counts = TermListCounts(lists)
    expected: dict[str, int] = {}
    for text in texts:
        for term in text_characters(text):
            expected[term] = expected.get(term, 0) + 1
    assert dict(counts.ranked()) == expected
    pairs = counts.pair_document_counts({"lighthous"}, set())
    assert pairs[("lighthous", "keeper")] == 35


def test_an_index_of_schema_5_opens_answers_and_updates(
    harbour_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = index_schema.build_schema()
    old.remove(COLUMN)
    index_dir = tmp_path / "old"
    with monkeypatch.context() as patch:  # what corpus-search of schema 5 wrote
        patch.setattr(sync, "build_schema", lambda: old)
        patch.setattr(index_format, "SCHEMA_VERSION", 5)
        index_paths([harbour_docs], index_dir=index_dir, jobs=1)
    assert json.loads((index_dir / "corpus-search.json").read_text())["schema_version"] == 5
    with open_index(index_dir) as ix:
        assert not has_term_lists(ix)
        result = keyness(ix, HARBOUR, sample=300)  # from the stored text of a sample
        assert (result.hit_documents, result.sampled) == (700, 300)
        assert "lighthouse" in {row.term for row in result.rows}
        near = collocates(ix, "lighthouse", window=1)
        assert near.rows[0].term == "keeper" and near.rows[0].cooccurrences == 35
    (harbour_docs / "extra.txt").write_text("harbour lighthouse keeper\n", encoding="utf-8")
    try:
        index_paths([harbour_docs], index_dir=index_dir, jobs=1)  # an update keeps schema 5
        with open_index(index_dir) as ix:
            assert not has_term_lists(ix) and keyness(ix, HARBOUR).hit_documents == 701
        index_paths([harbour_docs], index_dir=index_dir, jobs=1, rebuild=True)
        with open_index(index_dir) as ix:
            assert has_term_lists(ix) and keyness(ix, HARBOUR).sampled is None
    finally:
        (harbour_docs / "extra.txt").unlink()
