"""Citation export: every match with exact offsets (searching/citations.py) and its formats
(render/export.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from corpus_search import get_document, index_paths, open_index
from corpus_search.searching.citations import iter_matches, passage_bounds

DOCS = {
    "harbour.md": (
        "---\ntitle: Harbour strike\nauthor: Ana Souza\ndate: 2021-03-04\n---\n"
        "Dockers went on strike at the harbour. The strike began at dawn!\n\n"
        "Union leaders said the strike would last a week. Talks resume on Monday."
    ),
    "ferry.txt": "Ferry news\n\nThe ferry strike ended *early* [red]x[/red]. Nobody was hurt.",
    "budget.txt": "Budget\n\nThe council set its budget.",
    "quote.html": '<title>Quote</title><p>She said: "a <b>strike</b> is a last resort".</p>',
}


@pytest.fixture()
def index_dir(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    index_paths([root], index_dir=tmp_path / "idx", jobs=1)
    return tmp_path / "idx"


def test_every_match_is_exported_with_offsets_into_shows_text(index_dir: Path) -> None:
    with open_index(index_dir) as ix:
        matches = list(iter_matches(ix, "strike"))
        texts = {m.key: get_document(ix, m.key)[0].text for m in matches}
    assert len(matches) == 3 + 1 + 1  # harbour has three, ferry and quote one each
    assert {Path(m.path).name for m in matches} == {"harbour.md", "ferry.txt", "quote.html"}
    for m in matches:
        text = texts[m.key]
        assert m.start is not None and m.end is not None
        assert text[m.start : m.end].lower() == "strike" == m.text.lower()
        assert m.passage == text[m.passage_start : m.passage_end]
        assert m.passage_start <= m.start < m.end <= m.passage_end  # type: ignore[operator]
        assert m.sha256 == hashlib.sha256(Path(m.path).read_bytes()).hexdigest()
    harbour = [m for m in matches if m.path.endswith("harbour.md")]
    assert [m.passage for m in harbour] == [
        "Dockers went on strike at the harbour.",
        "The strike began at dawn!",
        "Union leaders said the strike would last a week.",
    ]
    assert harbour[0].author == "Ana Souza" and harbour[0].date is not None
    assert len({m.rank for m in harbour}) == 1


def test_a_phrase_is_one_match(index_dir: Path) -> None:
    with open_index(index_dir) as ix:
        (m,) = iter_matches(ix, '"ferry strike"')
    assert m.text == "ferry strike"


def test_a_document_matched_by_its_metadata_has_one_row_without_offsets(index_dir: Path) -> None:
    with open_index(index_dir) as ix:
        (m,) = iter_matches(ix, "author:souza")
    assert (m.start, m.end, m.passage) == (None, None, "")
    assert m.title == "Harbour strike"


def test_no_match_yields_nothing(index_dir: Path) -> None:
    with open_index(index_dir) as ix:
        assert list(iter_matches(ix, "zeppelin")) == []


@pytest.mark.parametrize(
    "text,word,passage",
    [
        ("One. Two three four. Five.", "three", "Two three four."),
        ("no sentence end at all here", "end", "no sentence end at all here"),
        ("Line one\nline two has it\nline three", "has", "line two has it"),
        ("  Padded start. Spaces   word   here.  ", "word", "Spaces   word   here."),
    ],
)
def test_passage_bounds(text: str, word: str, passage: str) -> None:
    start = text.index(word)
    p_start, p_end = passage_bounds(text, start, start + len(word))
    assert text[p_start:p_end] == passage


def test_long_passages_are_cut_at_a_word() -> None:
    text = "word " * 200 + "target " + "word " * 200
    start = text.index("target")
    p_start, p_end = passage_bounds(text, start, start + 6, context=50)
    assert start - 50 <= p_start and p_end <= start + 6 + 50
    assert text[p_start:p_end].startswith("word") and text[p_start:p_end].endswith("word")


def test_writers_parse_back(index_dir: Path) -> None:
    import rispy

    from corpus_search.render.export import EXPORT_FIELDS, write

    with open_index(index_dir) as ix:
        outputs = {}
        for fmt in ("csv", "jsonl", "ris", "md"):
            out = io.StringIO(newline="")
            assert write(fmt, iter_matches(ix, "strike"), out, query="strike") == 5
            outputs[fmt] = out.getvalue()
    rows = list(csv.DictReader(io.StringIO(outputs["csv"], newline="")))
    assert tuple(rows[0]) == EXPORT_FIELDS and len(rows) == 5
    records = [json.loads(line) for line in outputs["jsonl"].splitlines()]
    assert [r["start"] for r in records] == [int(r["start"]) for r in rows]
    entries = rispy.loads(outputs["ris"])
    assert len(entries) == 5
    first = entries[0]
    assert first["type_of_reference"] == "GEN"
    assert first["title"] == records[0]["title"]
    assert any(records[0]["passage"] in note for note in first["notes"])
    md = outputs["md"]
    assert md.startswith("# Evidence: strike\n")
    assert "> Dockers went on **strike** at the harbour." in md
    # Document text is literal in Markdown: its emphasis and brackets are escaped.
    assert "**strike** ended \\*early\\* \\[red\\]x\\[/red\\]." in md


def test_page_of_a_match() -> None:
    from corpus_search.searching.citations import page_of

    pages = (0, 120, 300)  # PDF pages start at these offsets of the text
    assert [page_of(pages, o) for o in (0, 119, 120, 299, 300, 5000)] == [1, 1, 2, 2, 3, 3]
    assert page_of((), 50) is None


def test_markdown_source_line_of_a_match_in_the_metadata(tmp_path: Path) -> None:
    # export 'author:whitford' --format md printed "`…/003_….txt`, ; SHA-256": no characters.
    from click.testing import CliRunner

    from corpus_search.cli import cli

    root = tmp_path / "docs"
    root.mkdir()
    (root / "note.md").write_text("---\nauthor: Whitford\n---\nA short note.\n", encoding="utf-8")
    index_paths([root], index_dir=tmp_path / "idx", jobs=1)
    result = CliRunner().invoke(
        cli, ["export", "author:whitford", "--format", "md", "--index", str(tmp_path / "idx")]
    )
    assert result.exit_code == 0, result.output
    sha = hashlib.sha256((root / "note.md").read_bytes()).hexdigest()
    assert f"   `{root / 'note.md'}`; SHA-256 `{sha}`\n" in result.stdout
    assert ", ;" not in result.stdout
