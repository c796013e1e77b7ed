"""The fast indexing path writes exactly what Whoosh's own analyzer and writer would."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh.writing import SegmentWriter

from corpus_search.index import termlists
from corpus_search.index.schema import (
    TEXT_ANALYZER,
    build_schema,
    document_fields,
    text_characters,
    text_positions,
)
from corpus_search.index.segment import FastSegmentWriter, segment_codec
from corpus_search.models import Document

TRICKY = [
    "",
    "   \n\t ",
    "the",
    "The cat and the hat: THE END",
    "Café crème, naïve résumé at the ÉCOLE in Ærøskøbing",
    "don't it's O’Reilly’s “quoted” ‘single’ «guillemets» rock'n'roll",
    "3.141 1,000,000 2024-01-02 v1.2.3 IL-6 type 2 vitamin D 10am $5 50% #1",
    "a an and are as at be but by for if in into is it no not of on or such that",
    "state-of-the-art e-mail co-operate re-enter -- dash — em – en",
    "http://example.com/a/b.html?c=d&e=f#frag mailto:someone@example.org www.x.co.uk",
    "東京は日本の首都です。中文分词 한국어 텍스트 עברית العربية ไทย",
    "x" * 5000 + " short " + "ab" * 300 + ".cd",
    "foo*bar *star* a.*b a..b .a. ... end. Mr. U.S.A. e.g. i.e.",
    "ﬁnance ﬂow Straße İstanbul ǅemal ΣΊΣΥΦΟΣ ﬀ",
    "e\u0301 combining, zero\u200bwidth, soft\u00adhyphen, nbsp\u00a0here",
    "１２３ ＡＢＣ full-width, ⅷ roman, ² superscript, ½ fraction",
    "under_score __init__ snake_case_name CamelCase camelCase",
    "running runs ran runner easily fairly generously organization organizations",
    "line one\nline two\n\nparagraph two the the the a a",
    "emoji 😀 👍🏽 family 👨‍👩‍👧 flags 🇫🇷",
]


def _analyzer_postings(text: str) -> dict[str, list[tuple[int, int, int]]]:
    """What Whoosh's Characters format collects from TEXT_ANALYZER, in first-occurrence order."""
    out: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for t in TEXT_ANALYZER(text, positions=True, chars=True, mode="index"):
        if not t.stopped:
            out[t.text].append((t.pos, t.startchar, t.endchar))
    return dict(out)


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_one_pass_analysis_equals_the_analyzer(text: str) -> None:
    expected = _analyzer_postings(text)
    got = text_characters(text)
    assert got == expected
    assert list(got) == list(expected)  # same order of first occurrence
    assert text_positions(text) == {term: [p for p, _, _ in occ] for term, occ in expected.items()}


def test_one_pass_analysis_on_a_whole_document() -> None:
    text = "\n\n".join(TRICKY * 3)
    assert text_characters(text) == _analyzer_postings(text)


def _documents() -> list[Document]:
    docs = []
    for i, text in enumerate([*TRICKY, "\n".join(TRICKY), "the same words " * 50]):
        docs.append(
            Document(
                key=f"/corpus/doc{i}.txt",
                title=text[:60] or "untitled",
                text=text,
                path=f"/corpus/doc{i}.txt",
                author="Zoë Ångström" if i % 3 == 0 else None,
                date=datetime(2020, 1, 1 + i % 28) if i % 2 else None,
                tags=("news", "café") if i % 4 == 0 else (),
                size=len(text),
                mtime=1.0,
                sha256=f"{i:064x}",
                encoding="utf-8",
                format="text",
            )
        )
    # A word in 300 documents: its posting list spans three blocks of 128.
    for i in range(300):
        text = f"common words in every document, and number {i} " + "repeated " * (i % 7)
        docs.append(replace(docs[i % len(TRICKY)], key=f"/corpus/many{i}.txt", text=text))
    return docs


def _segment_files(
    tmp_path: Path, name: str, writer_class: Any, limit: int | None
) -> dict[str, bytes]:
    folder = tmp_path / name
    folder.mkdir()
    ix = windex.create_in(str(folder), build_schema())
    writer = writer_class(ix, _lk=False, compound=False, codec=segment_codec())
    if limit is not None:
        writer._limit = limit  # hand postings to Whoosh's pool after every document
    seen: set[str] = set()
    for doc in _documents():
        fields = document_fields(doc, spell_seen=seen)
        term_list = termlists.encode(text_characters(doc.text))
        if writer_class is SegmentWriter and term_list:  # the fast writer adds it from its analysis
            fields[termlists.COLUMN] = term_list
        writer.add_document(**fields)
    segment = writer._finalize_segment()
    writer._finish()
    return {
        p.name.replace(segment.segid, "SEGMENT"): p.read_bytes()
        for p in folder.iterdir()
        if segment.segid in p.name
    }


@pytest.mark.parametrize("limit", [None, 1], ids=["own postings", "through the pool"])
def test_fast_writer_writes_the_same_segment(tmp_path: Path, limit: int | None) -> None:
    expected = _segment_files(tmp_path, "whoosh", SegmentWriter, None)
    got = _segment_files(tmp_path, "fast", FastSegmentWriter, limit)
    # Whoosh's files, plus the body-word table and document file (index/frequencies.py).
    assert got.pop("MAIN_SEGMENT.bdf").startswith(b"CSF1")
    assert got.pop("MAIN_SEGMENT.bdt").startswith(b"CST1")
    assert sorted(got) == sorted(expected)
    assert any(name.endswith(".trm") for name in got)
    for name in expected:
        assert got[name] == expected[name], name


def test_posting_blocks_pickle_byte_strings_directly(tmp_path: Path) -> None:
    # Pickle protocol 2 spells each posting's value bytes as a call to _codecs.encode: slow to load.
    postings = _segment_files(tmp_path, "fast", FastSegmentWriter, None)["MAIN_SEGMENT.pst"]
    assert b"_codecs" not in postings
    assert postings.count(b"\x80\x05") >= 3 * 10  # words in 300 documents: 3 blocks each


def test_plain_whoosh_reads_the_index_without_the_writing_code(seed_index_dir: Path) -> None:
    (word,) = [t.text for t in TEXT_ANALYZER("trafficking")]
    script = (
        "import sys\n"
        "from whoosh import index, query\n"
        "with index.open_dir(sys.argv[1]).searcher() as s:\n"
        "    hits = s.search(query.Term('body', sys.argv[2]), limit=None)\n"
        "    print(len(hits), [m for m in sys.modules if m.startswith('corpus_search')])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(seed_index_dir), word],
        capture_output=True,
        text=True,
        check=True,
    )
    # The schema's analyzer lives in corpus_search.index.schema; the codec needs nothing of ours.
    for writer_module in ("segment", "codec", "postings"):
        assert f"corpus_search.index.{writer_module}'" not in done.stdout
    assert "corpus_search.index.schema" in done.stdout
    assert int(done.stdout.split(" ", 1)[0]) >= 3
