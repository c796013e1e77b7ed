"""documents.records: JSON Lines corpora (BEIR corpus.jsonl), gzipped or not."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest

from corpus_search.documents.records import is_records_file, iter_records
from corpus_search.errors import InputError
from corpus_search.models import Document, Skipped

BEIR_ROWS = [
    {"_id": "4983", "title": "Microstructural development", "text": "White matter in newborns."},
    {"_id": "5836", "title": "Induction of myelodysplasia", "text": "Myelodysplastic syndromes."},
    {
        "_id": "7912",
        "title": "",
        "text": "BC1 RNA, the transcript from a master gene for ID element",
    },
    {"_id": 18670, "title": "Reduced kidney function", "text": "Kidney function.", "metadata": {}},
]


def write_jsonl(path: Path, lines: list[str], *, gz: bool = False) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def docs_of(items: list[Document | Skipped]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def skipped_of(items: list[Document | Skipped]) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


@pytest.fixture
def beir_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "corpus.jsonl", [json.dumps(row) for row in BEIR_ROWS])


def test_beir_records_become_documents(beir_file: Path) -> None:
    items = list(iter_records(beir_file))
    assert skipped_of(items) == []
    docs = docs_of(items)
    abs_path = str(beir_file.absolute())
    assert [d.doc_id for d in docs] == ["4983", "5836", "7912", "18670"]  # integer ids as strings
    first = docs[0]
    line = json.dumps(BEIR_ROWS[0]).encode()
    assert first.key == f"{abs_path}#4983" and first.path == abs_path
    assert (first.title, first.text) == ("Microstructural development", "White matter in newborns.")
    assert first.size == len(line)
    assert first.sha256 == hashlib.sha256(line).hexdigest()
    assert first.mtime == beir_file.stat().st_mtime


def test_missing_title_falls_back_to_first_words(beir_file: Path) -> None:
    doc = docs_of(list(iter_records(beir_file)))[2]
    assert doc.title == "BC1 RNA, the transcript from a master gene for ID element"
    long = beir_file.parent / "long.jsonl"
    write_jsonl(long, [json.dumps({"_id": "a", "text": " ".join(["word"] * 40)})])
    assert docs_of(list(iter_records(long)))[0].title == " ".join(["word"] * 12) + "…"


def test_gzipped_input_gives_the_same_documents(tmp_path: Path, beir_file: Path) -> None:
    gz = write_jsonl(tmp_path / "corpus.jsonl.gz", [json.dumps(r) for r in BEIR_ROWS], gz=True)
    plain = docs_of(list(iter_records(beir_file)))
    packed = docs_of(list(iter_records(gz)))
    assert [(d.doc_id, d.title, d.text, d.sha256) for d in packed] == [
        (d.doc_id, d.title, d.text, d.sha256) for d in plain
    ]
    assert packed[0].key.endswith("corpus.jsonl.gz#4983")


def test_malformed_lines_are_skipped_and_reading_continues(tmp_path: Path) -> None:
    lines = [
        json.dumps({"_id": "1", "title": "One", "text": "first"}),  # 1 ok
        '{"_id": "2", "text": "unterminated',  # 2 bad JSON
        json.dumps(["not", "an", "object"]),  # 3
        json.dumps({"title": "no id", "text": "x"}),  # 4
        json.dumps({"_id": "5", "text": 42}),  # 5 non-string text
        json.dumps({"_id": "has space", "text": "x"}),  # 6
        json.dumps({"_id": True, "text": "x"}),  # 7
        json.dumps({"_id": "8", "title": "", "text": "  "}),  # 8 nothing to index
        "",  # 9 blank: ignored silently
        json.dumps({"_id": "10", "title": "Ten", "text": "last"}),  # 10 ok
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    items = list(iter_records(path))
    assert [d.doc_id for d in docs_of(items)] == ["1", "10"]
    where = str(path.absolute())
    reasons = {s.path: s.reason for s in skipped_of(items)}
    assert list(reasons) == [f"{where}:{n}" for n in (2, 3, 4, 5, 6, 7, 8)]
    assert reasons[f"{where}:2"].startswith("invalid JSON")
    assert reasons[f"{where}:3"] == "expected a JSON object, got an array"
    assert "no '_id' key" in reasons[f"{where}:4"]
    assert reasons[f"{where}:5"] == "'text' must be a string, got a number"
    assert "contains whitespace" in reasons[f"{where}:6"]
    assert "must be a string or an integer" in reasons[f"{where}:7"]
    assert "no text and no title" in reasons[f"{where}:8"]


def test_non_utf8_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"_id": "1", "text": "caf\xe9"}\n{"_id": "2", "text": "ok"}\n')
    items = list(iter_records(path))
    assert [d.doc_id for d in docs_of(items)] == ["2"]
    assert skipped_of(items)[0].reason.startswith("not UTF-8")


def test_duplicate_id_first_wins_later_reported(tmp_path: Path) -> None:
    lines = [
        json.dumps({"_id": "a", "text": "original"}),
        json.dumps({"_id": "b", "text": "other"}),
        json.dumps({"_id": "a", "text": "replacement"}),
    ]
    items = list(iter_records(write_jsonl(tmp_path / "dup.jsonl", lines)))
    assert [(d.doc_id, d.text) for d in docs_of(items)] == [("a", "original"), ("b", "other")]
    (skipped,) = skipped_of(items)
    assert skipped.path.endswith("dup.jsonl:3")
    assert skipped.reason == "duplicate id 'a' (first on line 1)"


def test_custom_keys_and_metadata(tmp_path: Path) -> None:
    row = {
        "docno": "AP-1",
        "headline": "Budget passes",
        "body": "The budget passed.",
        "byline": "J. Smith",
        "published": "1988-03-04",
        "topics": ["economy", "politics", "economy"],
    }
    path = write_jsonl(tmp_path / "ap.ndjson", [json.dumps(row)])
    (doc,) = list(
        iter_records(
            path,
            id_key="docno",
            title_key="headline",
            text_key="body",
            author_key="byline",
            date_key="published",
            tags_key="topics",
        )
    )
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.title, doc.text) == ("AP-1", "Budget passes", "The budget passed.")
    assert doc.author == "J. Smith"
    assert doc.date == datetime(1988, 3, 4)
    assert doc.tags == ("economy", "politics")


def test_bad_date_is_a_warning_not_a_skip(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", [json.dumps({"_id": "1", "text": "x", "d": "soon"})])
    (doc,) = list(iter_records(path, date_key="d"))
    assert isinstance(doc, Document)
    assert doc.date is None and doc.warnings == ("'d' 'soon' is not a date; ignored",)


def test_text_is_cleaned_like_files(tmp_path: Path) -> None:
    row = {"_id": "1", "title": "A\ttitle\nover lines", "text": "bad\x00control\x07chars"}
    (doc,) = list(iter_records(write_jsonl(tmp_path / "c.jsonl", [json.dumps(row)])))
    assert isinstance(doc, Document)
    assert doc.title == "A title over lines"
    assert "\x00" not in doc.text and "\x07" not in doc.text


def test_crlf_and_bom_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "win.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"_id": "1", "text": "a"}\r\n{"_id": "2", "text": "b"}\r\n')
    items = list(iter_records(path))
    assert [d.doc_id for d in docs_of(items)] == ["1", "2"] and skipped_of(items) == []
    assert docs_of(items)[1].sha256 == hashlib.sha256(b'{"_id": "2", "text": "b"}').hexdigest()


def test_json_array_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text('[{"_id": "1", "text": "a"}]\n', encoding="utf-8")
    with pytest.raises(InputError, match="JSON array, not JSON Lines"):
        list(iter_records(path))


def test_truncated_gzip_is_an_input_error(tmp_path: Path) -> None:
    data = gzip.compress(
        "\n".join(
            json.dumps({"_id": str(i), "text": f"doc {i} " * 50}) for i in range(200)
        ).encode()
    )
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="corrupt"):
        list(iter_records(path))


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        list(iter_records(tmp_path / "nope.jsonl"))


def test_streams_without_reading_ahead(tmp_path: Path) -> None:
    lines = [json.dumps({"_id": str(i), "text": "x"}) for i in range(3)] + ["{broken"]
    stream = iter_records(write_jsonl(tmp_path / "s.jsonl", lines))
    first = next(stream)
    assert isinstance(first, Document) and first.doc_id == "0"


def test_key_uses_the_path_as_given_not_symlink_target(tmp_path: Path, beir_file: Path) -> None:
    link = tmp_path / "link.jsonl"
    link.symlink_to(beir_file)
    doc = docs_of(list(iter_records(link)))[0]
    assert doc.key == f"{link}#4983" and doc.path == str(link)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("corpus.jsonl", True),
        ("corpus.JSONL.gz", True),
        ("data.ndjson", True),
        ("data.ndjson.gz", True),
        ("data.json", False),
        ("notes.txt", False),
        ("jsonl", False),
    ],
)
def test_is_records_file(name: str, expected: bool) -> None:
    assert is_records_file(name) is expected
    assert is_records_file(Path("/some/dir") / name) is expected


# --------------------------------------------------------------------------- through the indexer


def _record_ids(index_dir: Path) -> set[str]:
    from corpus_search import open_index

    with open_index(index_dir) as ix, ix.whoosh.searcher() as searcher:
        return {fields["doc_id"] for fields in searcher.all_stored_fields()}


def test_index_jsonl_skips_a_malformed_line_and_indexes_the_rest(tmp_path: Path) -> None:
    from corpus_search import index_paths

    lines = [json.dumps(row) for row in BEIR_ROWS]
    lines.insert(2, '{"_id": "broken", "text": ')
    path = write_jsonl(tmp_path / "corpus.jsonl.gz", lines, gz=True)
    report = index_paths([path], index_dir=tmp_path / "ix", jobs=1)
    assert report.added == 4
    assert [s.path for s in report.skipped] == [f"{path}:3"]
    assert "invalid JSON" in report.skipped[0].reason
    assert _record_ids(tmp_path / "ix") == {"4983", "5836", "7912", "18670"}


def test_index_keeps_old_records_when_a_gzip_breaks_part_way(tmp_path: Path) -> None:
    from corpus_search import index_paths

    rows = [json.dumps({"_id": str(i), "text": f"record {i} " + "word " * 400}) for i in range(60)]
    path = write_jsonl(tmp_path / "corpus.jsonl.gz", rows, gz=True)
    index_paths([path], index_dir=tmp_path / "ix", jobs=1)
    # The same file, edited (record 0 changed) and then cut in half: the stream breaks part-way.
    rows[0] = json.dumps({"_id": "0", "text": "changed"})
    data = gzip.compress(("\n".join(rows) + "\n").encode())
    path.write_bytes(data[: len(data) // 2])
    report = index_paths([path], index_dir=tmp_path / "ix", jobs=1)
    assert report.removed == 0
    assert [s.path for s in report.skipped] == [str(path)]
    assert "corrupt" in report.skipped[0].reason
    assert _record_ids(tmp_path / "ix") == {str(i) for i in range(60)}
    # Repaired: the next run reads the file again (not "unchanged") and brings the index in line.
    path.write_bytes(gzip.compress(("\n".join(rows[:10]) + "\n").encode()))
    report = index_paths([path], index_dir=tmp_path / "ix", jobs=1)
    assert report.removed == 50 and not report.skipped
    assert _record_ids(tmp_path / "ix") == {str(i) for i in range(10)}
