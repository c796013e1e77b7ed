"""Each segment's body-word frequency table (index/frequencies.py), what ``terms`` looks its
candidate words up in: always the numbers Whoosh reports, through updates, deletions, merges, an
interrupted run and a damaged table, and an index written before tables still answers."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from whoosh import index as windex

from corpus_search import index_paths, open_index
from corpus_search.index import frequencies
from corpus_search.index.format import INDEX_NAME
from corpus_search.index.schema import document_fields
from corpus_search.index.segment import new_writer
from corpus_search.models import Document
from corpus_search.searching.matches import (
    document_frequencies,
    hit_term_lists,
    term_frequencies,
)
from corpus_search.views import keyness
from corpus_search.views.counts import TermListCounts, table_counts

VOCABULARY = [f"{a}{b}" for a in ("bar", "cor", "del", "fen", "gul", "hob") for b in "aeiou"]


def _write(docs: Path, number: int, rng: random.Random, *, extra: str = "") -> None:
    # Zipf-like: early words in most documents, late ones in a few.
    last = len(VOCABULARY) - 1
    words = [VOCABULARY[min(int(rng.paretovariate(1.2)) - 1, last)] for _ in range(30)]
    text = " ".join(words) + (" harbour" if number % 3 == 0 else "") + extra
    (docs / f"d{number:04d}.txt").write_text(text + ".\n", encoding="utf-8")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    rng = random.Random(7)
    for number in range(240):
        _write(docs, number, rng)
    return docs


def _index(docs: Path, index_dir: Path) -> None:
    # Small commits, two worker processes: several segments, some merged along the way.
    index_paths([docs], index_dir=index_dir, jobs=2, commit_every=40)


def _tables(index_dir: Path) -> set[str]:
    return {p.name.removesuffix(frequencies.EXTENSION) for p in index_dir.glob("*.bdf")}


def _segment_ids(index_dir: Path) -> set[str]:
    with open_index(index_dir) as ix:
        return {f"{INDEX_NAME}_{segid}" for segid, _ in ix.segment_sizes()}


def _check(index_dir: Path) -> None:
    """Every word's counts from the tables equal Whoosh's own, and no table is left over."""
    plain = windex.open_dir(str(index_dir))
    with plain.reader() as reader:
        words = [w.decode("utf-8") for w in reader.lexicon("body")] + ["absentword"]
        expected_df = {w: reader.doc_frequency("body", w) for w in words}
        expected_freq = {w: int(reader.frequency("body", w)) for w in words}
    with open_index(index_dir) as ix:
        assert document_frequencies(ix, words) == expected_df
        assert term_frequencies(ix, words) == expected_freq
    assert expected_df["absentword"] == 0 and expected_df["harbour"] > 0


def test_every_segment_has_a_table_with_whooshs_numbers(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _index(corpus, index_dir)
    assert len(_segment_ids(index_dir)) > 1
    assert _tables(index_dir) == _segment_ids(index_dir)
    _check(index_dir)


def test_tables_follow_updates_deletions_and_merges(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _index(corpus, index_dir)
    rng = random.Random(11)
    for number in range(0, 60, 3):  # edited: the old versions are deleted from their segments
        _write(corpus, number, rng, extra=" lighthouse keeper")
    for number in range(100, 130):
        (corpus / f"d{number:04d}.txt").unlink()
    for number in range(300, 310):
        _write(corpus, number, rng)
    _index(corpus, index_dir)
    assert _tables(index_dir) == _segment_ids(index_dir)  # merged-away segments' tables are gone
    _check(index_dir)
    writer = new_writer(windex.open_dir(str(index_dir)))  # one segment: deletions dropped
    writer.commit(optimize=True)
    assert len(_segment_ids(index_dir)) == 1 and _tables(index_dir) == _segment_ids(index_dir)
    _check(index_dir)
    with open_index(index_dir) as ix:
        assert document_frequencies(ix, ["lighthous"]) == {"lighthous": 20}


def test_an_interrupted_runs_table_is_ignored_then_removed(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _index(corpus, index_dir)
    before = _tables(index_dir)
    # A run that wrote a segment (and its table) and died before its commit named it.
    ix = windex.open_dir(str(index_dir))
    writer = new_writer(ix)
    doc = Document(key="/x.txt", path="/x.txt", title="x", text="harbour harbour lighthouse")
    writer.add_document(**document_fields(doc, spell_seen=set()))
    writer._finalize_segment()
    assert len(_tables(index_dir) - before) == 1
    _check(index_dir)  # the uncommitted segment counts nowhere
    with open_index(index_dir) as ix2:
        assert document_frequencies(ix2, ["lighthous"]) == {"lighthous": 0}
    _write(corpus, 999, random.Random(1))
    _index(corpus, index_dir)  # the next commit cleans the orphan up with its segment files
    assert _tables(index_dir) == _segment_ids(index_dir)
    _check(index_dir)


def test_a_damaged_or_missing_table_falls_back_to_whoosh(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _index(corpus, index_dir)
    with open_index(index_dir) as ix:
        # A prefix, not the word: the query's own words are never a row, its expansions are.
        expected = keyness(ix, "harb*")
    assert expected.rows
    first, second, *_ = sorted(index_dir.glob("*.bdf"))
    first.write_bytes(first.read_bytes()[:-5])  # truncated
    second.write_bytes(b"CSF2" + second.read_bytes()[4:])  # not a table of this version
    _check(index_dir)
    documents = sorted(index_dir.glob("*.bdt"))[-1]
    documents.write_bytes(documents.read_bytes()[:-2])
    with open_index(index_dir) as ix:
        lists = hit_term_lists(ix, "harbour")
        assert table_counts(ix.path, lists.lists, lists.segments) is None
        assert keyness(ix, "harb*") == expected
    # An index written before tables were kept (schema 6): none at all, the same answers.
    old = tmp_path / "old"
    shutil.copytree(index_dir, old)
    for table in old.glob("*.bdf"):
        table.unlink()
    _check(old)
    with open_index(old) as ix:
        assert keyness(ix, "harb*") == expected
    _write(corpus, 998, random.Random(2), extra=" harbour")
    _index(corpus, old)  # an update writes tables for its new segments only
    assert _tables(old) and _tables(old) <= _segment_ids(old)
    _check(old)


def test_counts_from_document_files_equal_the_term_lists(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _index(corpus, index_dir)
    rng = random.Random(5)
    for number in range(0, 90, 3):  # old versions deleted in their segments, new ones added
        _write(corpus, number, rng, extra=" lighthouse keeper")
    (corpus / "d0003.txt").unlink()
    _index(corpus, index_dir)
    with open_index(index_dir) as ix:
        lists = hit_term_lists(ix, "harbour")
        assert len(lists.segments) > 1
        tables = table_counts(ix.path, lists.lists, lists.segments)
        assert tables is not None
        plain = TermListCounts(lists.lists)
        assert dict(tables.ranked()) == dict(plain.ranked())
        assert dict(tables.ranked())["lighthous"] == 29  # d0003 deleted
        key = ["lighthous", *[w for w, _ in plain.ranked()][:4]]
        pairs = tables.pair_document_counts(key, {"harbour"})
        assert pairs == plain.pair_document_counts(key, {"harbour"})
        assert pairs[("lighthous", "keeper")] == 29
        assert tables.first_documents(["keeper"]) == plain.first_documents(["keeper"])
        expected = keyness(ix, "harbour")
    assert "lighthouse keeper" in {row.term for row in expected.rows}
    for documents in index_dir.glob("*.bdt"):  # as an index written before them
        documents.unlink()
    with open_index(index_dir) as ix:
        lists = hit_term_lists(ix, "harbour")
        assert table_counts(ix.path, lists.lists, lists.segments) is None
        assert keyness(ix, "harbour") == expected
