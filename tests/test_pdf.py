"""PDF documents: text per page, metadata, page numbers in search and show, and the bad PDFs a
run must survive. Every PDF is generated here by scripts/make_pdf.py (no binary fixtures)."""

from __future__ import annotations

import importlib
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from corpus_search.cli import cli
from corpus_search.documents import parse_document
from corpus_search.documents import pdf as pdf_module
from corpus_search.documents.pdf import check_streams, extract_pdf, pdf_date
from corpus_search.errors import DocumentError
from corpus_search.models import page_at, page_span

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load(name: str) -> ModuleType:
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module(name)


make_pdf_module = load("make_pdf")
make_pdf = make_pdf_module.make_pdf
layout = make_pdf_module.layout
Page = make_pdf_module.Page
bomb_page = make_pdf_module.bomb_page

CREATED = datetime(2021, 6, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
REPORT_PAGES = [
    "Quarterly budget overview for the harbour authority.",
    "The lighthouse keeper reported a zeppelin sighting near the pier.",
    "Appendix: tide tables and the ferry timetable.",
]


def report_pdf(**kwargs: object) -> bytes:
    options: dict[str, object] = {"title": "Harbour Report", "author": "Ada Marsh"}
    options.update(kwargs)
    return make_pdf(REPORT_PAGES, created=CREATED, **options)


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- the extractor ---------------------------------------------------------------------------


def test_text_pages_and_metadata() -> None:
    got = extract_pdf(report_pdf(), max_chars=100_000)
    assert got.format == "pdf"
    assert (got.title, got.author) == ("Harbour Report", "Ada Marsh")
    assert got.date == datetime(2021, 6, 1, 7, 30)  # naive UTC, like every other date
    assert len(got.pages) == 3
    for number, words in enumerate(REPORT_PAGES, start=1):
        start, end = page_span(got.pages, number, got.text)
        assert got.text[start:end] == words
        assert page_at(got.pages, got.text.index(words.split()[1])) == number


def test_xmp_fills_what_the_information_dictionary_lacks() -> None:
    data = make_pdf(
        ["Minutes of the meeting."],
        xmp={"title": "Minutes & notes", "creator": "Bo Lind", "date": "2019-11-05T10:00:00Z"},
    )
    got = extract_pdf(data, max_chars=100_000)
    assert (got.title, got.author, got.date) == (
        "Minutes & notes",
        "Bo Lind",
        datetime(2019, 11, 5, 10),
    )


def test_reading_order_two_columns_and_words_hyphenated_at_line_ends() -> None:
    left = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
    right = "kilo lima mike november oscar papa quebec romeo sierra tango"
    two = layout([left, right], width=22, columns=2)
    prose = "Typesetting systems hyphenate considerable numbers of words at line endings"
    hyphenated = layout([prose], width=20, hyphenate=("considerable", "hyphenate", "Typesetting"))
    assert any(line.text.endswith("-") for line in hyphenated.lines)  # the test means something
    got = extract_pdf(make_pdf([two, hyphenated]), max_chars=100_000)
    words = got.text.split()
    assert words[: len((left + " " + right).split())] == (left + " " + right).split()
    page_two = got.text[got.pages[1] :]
    assert " ".join(page_two.split()) == prose


@pytest.mark.parametrize(
    "text,expected",
    [
        ("D:20210601093000+02'00'", datetime(2021, 6, 1, 7, 30)),
        ("D:20210601093000Z", datetime(2021, 6, 1, 9, 30)),
        ("D:2021", datetime(2021, 1, 1)),
        ("20211231", datetime(2021, 12, 31)),
        ("D:20211341", None),
        ("yesterday", None),
    ],
)
def test_pdf_dates(text: str, expected: datetime | None) -> None:
    assert pdf_date(text) == expected


def test_owner_password_only_opens_without_a_password() -> None:
    got = extract_pdf(report_pdf(owner_password="owner-secret"), max_chars=100_000)
    assert "zeppelin" in got.text and got.title == "Harbour Report"


@pytest.mark.parametrize(
    "data,reason",
    [
        (
            report_pdf(user_password="open-sesame", owner_password="x"),
            "encrypted: needs a password",
        ),
        (make_pdf([Page(image=True), Page(image=True)]), "no text layer: needs OCR"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "damaged PDF: cannot be read"),
    ],
    ids=["user-password", "image-only", "truncated-early"],
)
def test_unreadable_pdfs_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError, match=reason):
        extract_pdf(data, max_chars=100_000)


def test_truncated_pdf_is_read_as_far_as_it_goes() -> None:
    data = make_pdf([f"page {n} mentions word{n}" for n in range(1, 11)])
    got = extract_pdf(data[: int(len(data) * 0.9)], max_chars=100_000)
    assert "word1" in got.text and "word9" in got.text
    assert any("damaged PDF" in w for w in got.warnings)


def test_thousands_of_pages_stop_at_the_body_limit() -> None:
    data = make_pdf([f"page {n} mentions marker{n}" for n in range(1, 3001)])
    doc = parse_document(data, key="/tmp/long.pdf", name_hint="long.pdf", max_chars=2_000)
    assert doc.truncated and len(doc.text) <= 2_000 and "marker1\n" in doc.text
    assert any("of 3000 pages (body size limit)" in w for w in doc.warnings)
    assert 50 < len(doc.pages) < 3000 and all(p < len(doc.text) for p in doc.pages)


def test_decompression_bomb_is_refused_in_bounded_time() -> None:
    data = make_pdf([bomb_page(24 << 20), "second page"])
    with pytest.raises(DocumentError, match="PDF bomb"):
        check_streams(data, stream_limit=8 << 20)
    check_streams(data, stream_limit=32 << 20)  # under the limit: read as usual


def test_a_stream_deflated_twice_is_followed_into_its_second_layer() -> None:
    import zlib

    inner = zlib.compress(b" " * (16 << 20))
    data = b"%PDF-1.4\n1 0 obj\n<< /Length 1 >>\nstream\n" + zlib.compress(inner) + b"\nendstream"
    assert len(data) < 100_000
    with pytest.raises(DocumentError, match="PDF bomb"):
        check_streams(data, stream_limit=8 << 20)


def test_a_pdf_is_recognised_by_content_whatever_its_name() -> None:
    doc = parse_document(report_pdf(), key="/tmp/notes.txt", name_hint="notes.txt")
    assert (doc.format, doc.title, doc.author) == ("pdf", "Harbour Report", "Ada Marsh")
    assert "zeppelin" in doc.text and len(doc.pages) == 3


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"%PDF-1.4\n", "pdf"),
        (b"X-Mailer junk before the header\r\n%PDF-1.7\n", "pdf"),  # readers allow 1 KB of it
        (b"\x00" * 128 + b"%PDF-1.3\n", "pdf"),  # a MacBinary header
        (b"x" * 1100 + b"\n%PDF-1.4\n", None),  # past the first KB
        (b"Notes on the %PDF-1.4 header.", None),  # mentioned in a text
    ],
)
def test_pdf_signature(data: bytes, expected: str | None) -> None:
    from corpus_search.documents.sniff import detect_format

    assert detect_format(data) == expected


def test_junk_before_the_header_is_still_read() -> None:
    doc = parse_document(b"junk\n" + report_pdf(), key="/tmp/j.pdf", name_hint="j.pdf")
    assert doc.format == "pdf" and "zeppelin" in doc.text


# --- through the CLI -------------------------------------------------------------------------


@pytest.fixture()
def pdf_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Good and bad PDFs next to a text file; the bomb limit lowered so the bomb stays small."""
    monkeypatch.setattr(pdf_module, "MAX_STREAM_BYTES", 4 << 20)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(report_pdf())
    (folder / "disguised.txt").write_bytes(
        make_pdf(["A disguised document about walruses."], title="Walrus Notes")
    )
    (folder / "scan.pdf").write_bytes(make_pdf([Page(image=True)]))
    (folder / "locked.pdf").write_bytes(report_pdf(user_password="pw", owner_password="pw2"))
    (folder / "owner-only.pdf").write_bytes(
        make_pdf(["Owner only: the walrus census."], title="Census", owner_password="o")
    )
    (folder / "cut.pdf").write_bytes(report_pdf()[:300])
    (folder / "bomb.pdf").write_bytes(make_pdf([bomb_page(16 << 20)]))
    (folder / "plain.txt").write_text(
        "Harbour notes\n\nA plain note about the zeppelin and walruses.\n"
    )
    return folder


def test_index_reports_bad_pdfs_and_indexes_the_rest(
    runner: CliRunner, pdf_folder: Path, tmp_path: Path
) -> None:
    index = str(tmp_path / "ix")
    report = tmp_path / "report.jsonl"
    code, out, err = run(
        runner, "index", str(pdf_folder), "--index", index, "--jobs", "1", "--report", str(report)
    )
    assert code == 0, err
    assert "4 added" in out and "4 skipped" in out
    reasons = {
        Path(r["path"]).name: r["reason"] for r in map(json.loads, report.read_text().splitlines())
    }
    assert reasons == {
        "scan.pdf": "no text layer: needs OCR",
        "locked.pdf": "encrypted: needs a password",
        "cut.pdf": "damaged PDF: cannot be read (truncated: no %EOF at its end)",
        "bomb.pdf": "PDF bomb: its streams inflate to more than 4 MB; not read",
    }
    assert "skipped" in out and "no text layer: needs OCR" in out

    code, out, _ = run(runner, "search", "walruses", "--index", index)
    assert code == 0
    assert "Walrus Notes" in out and "Census" in out and "p. 1 | A disguised document" in out


def test_search_gives_each_pdf_snippet_its_page(
    runner: CliRunner, pdf_folder: Path, tmp_path: Path
) -> None:
    index = str(tmp_path / "ix")
    run(runner, "index", str(pdf_folder), "--index", index, "--jobs", "1")

    code, out, _ = run(runner, "search", "zeppelin", "--index", index)
    assert code == 0
    assert "Harbour Report" in out and "Ada Marsh" in out and "2021-06-01 07:30" in out
    assert "   p. 2 | The lighthouse keeper reported a zeppelin sighting near the pier." in out
    assert "   A plain note about the zeppelin" in out  # no page for a text file

    code, out, _ = run(runner, "search", "zeppelin", "--index", index, "--json")
    hits = {Path(h["path"]).name: h for h in json.loads(out)["hits"]}
    report = hits["report.pdf"]
    assert (report["title"], report["author"], report["date"]) == (
        "Harbour Report",
        "Ada Marsh",
        "2021-06-01T07:30:00",
    )
    assert [s["page"] for s in report["snippets"]] == [2]
    assert [s["page"] for s in hits["plain.txt"]["snippets"]] == [None]

    code, out, _ = run(runner, "search", "tide OR budget", "--index", index, "--json")
    pages = [s["page"] for s in json.loads(out)["hits"][0]["snippets"]]
    assert pages == [1, 3]


def test_show_marks_pages_and_prints_one_page(
    runner: CliRunner, pdf_folder: Path, tmp_path: Path
) -> None:
    index = str(tmp_path / "ix")
    run(runner, "index", str(pdf_folder), "--index", index, "--jobs", "1")

    code, out, _ = run(runner, "show", "report.pdf", "--index", index, "--query", "zeppelin")
    assert code == 0
    assert "Pages:  3" in out and "Found:  p. 2" in out
    assert "--- p. 2 ---\nThe lighthouse keeper" in out

    code, out, _ = run(runner, "show", "report.pdf", "--index", index, "--page", "3")
    assert code == 0
    assert "Page:   3 of 3" in out and out.rstrip().endswith(REPORT_PAGES[2])
    assert "zeppelin" not in out

    code, out, _ = run(
        runner, "show", "report.pdf", "--index", index, "--page", "2", "-q", "zeppelin", "--json"
    )
    data = json.loads(out)
    assert data["text"] == REPORT_PAGES[1] and data["page"] == 2
    start, end = data["matches"][0]
    assert data["text"][start:end] == "zeppelin" and data["match_pages"] == [2]

    code, out, err = run(runner, "show", "report.pdf", "--index", index, "--page", "4")
    assert code == 2 and out == ""
    assert err.strip().endswith("has 3 pages") and err.startswith("Error: page 4 is out of range")

    code, out, err = run(runner, "show", "plain.txt", "--index", index, "--page", "1")
    assert code == 2 and "--page needs a PDF" in err


def test_human_output_shows_pages(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from corpus_search import index_paths, open_index, search
    from corpus_search.render import human
    from corpus_search.searching.results import get_document

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "report.pdf").write_bytes(report_pdf())
    index_paths([tmp_path / "docs"], index_dir=tmp_path / "ix", jobs=1)

    def shown(renderable: object) -> str:
        console = Console(file=io.StringIO(), force_terminal=True, width=200, record=True)
        console.print(renderable)
        return console.export_text()

    with open_index(tmp_path / "ix") as ix:
        result = search(ix, "zeppelin")
        doc, highlighted = get_document(ix, "report.pdf", query="tide")
    assert "   p. 2  The lighthouse keeper reported a zeppelin" in shown(
        human.search_renderable(result)
    )
    text = shown(human.document_renderable(doc, highlighted))
    assert "Found   p. 3" in text and "── p. 3 ──\nAppendix: tide tables" in text
