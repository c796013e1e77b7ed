"""A file whose parser never returns is skipped with its reason, and the run goes on."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import corpus_search.documents
import corpus_search.documents.records
from corpus_search import index_paths, open_index, search
from corpus_search.documents import deadline
from corpus_search.documents.sources import DEFAULT_RECORD_KEYS, iter_record_source
from corpus_search.models import Document, FoundFile, Skipped


def test_the_limit_interrupts_a_runaway_regular_expression() -> None:
    # The shape of the dateline bug: a "+" inside a "*" over a run of asterisks.
    runaway = re.compile(r"(?:[*\s]+|x)*")
    started = time.monotonic()
    with pytest.raises(deadline.ParseTimeout, match="took more than 0.3 s to read"):
        with deadline.time_limit(0.3):
            runaway.fullmatch("*" * 40 + " y")
    assert time.monotonic() - started < 30


def test_the_timer_is_off_after_the_block() -> None:
    with deadline.time_limit(0.2):
        pass
    time.sleep(0.4)  # an alarm left armed would raise here


def test_a_hanging_file_is_skipped_with_its_reason_and_the_rest_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "hang.txt").write_text("this one never finishes parsing\n")
    for i in range(3):
        (folder / f"good{i}.txt").write_text(f"a good document about walruses number{i}\n")
    real_parse = corpus_search.documents.parse_document

    def parse(data: bytes, **kwargs: object) -> Document:
        if b"never finishes" in data:
            while True:  # a parser stuck in a loop
                pass
        return real_parse(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus_search.documents, "parse_document", parse)
    monkeypatch.setattr(deadline, "MAX_PARSE_SECONDS", 0.5)
    result = index_paths([folder], index_dir=tmp_path / "idx", jobs=1)
    assert [(Path(s.path).name, s.reason) for s in result.skipped] == [
        ("hang.txt", "took more than 0.5 s to read: skipped (a parser bug: please report)")
    ]
    with open_index(tmp_path / "idx") as ix:
        assert search(ix, "walruses").total == 3


def test_a_hanging_record_keeps_the_records_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("")

    def records(*args: object, **kwargs: object) -> Iterator[Document | Skipped]:
        yield Skipped(str(path), "the first record (stands for a document)")
        while True:  # the second record's parser never returns
            pass

    monkeypatch.setattr(corpus_search.documents.records, "iter_records", records)
    monkeypatch.setattr(deadline, "MAX_PARSE_SECONDS", 0.5)
    found = FoundFile(str(path), 0, 0.0)
    out = list(iter_record_source(found, DEFAULT_RECORD_KEYS))
    assert [s.reason for s in out if isinstance(s, Skipped)] == [
        "the first record (stands for a document)",
        "a record took more than 0.5 s to read: the rest of the file skipped (a parser bug)",
    ]
