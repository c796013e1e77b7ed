"""Real collections through the CLI: DOCX, ODT, EPUB, e-mail and mbox found by their own words
with their metadata; broken and unsupported files reported without stopping the run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import office_files as make
import pytest
from click.testing import CliRunner

from corpus_search.cli import cli


def messages(second_body: str = "From the hives: forty jars of heather honey.") -> list[bytes]:
    return [
        make.email_message(
            subject="Orchard pruning", sender="Ann Orchard <ann@example.org>",
            date="Mon, 06 Jan 2020 09:00:00 +0000", plain="Prune the quince trees in frost.",
            html=None, attachment=None, message_id="<m1@example.org>",
        ),
        make.email_message(
            subject="Beekeeping", sender="Bo Keeper <bo@example.org>",
            date="Tue, 07 Jan 2020 10:00:00 +0000", plain=second_body,
            html=None, attachment=None, message_id="<m2@example.org>",
        ),
        make.email_message(
            subject="Hedge laying", sender="Cy Hedger <cy@example.org>",
            date="Wed, 08 Jan 2020 11:00:00 +0000", plain="Hawthorn stakes arrive Monday.",
            html=None, attachment=None, message_id=None,
        ),
    ]  # fmt: skip


@pytest.fixture()
def collection(tmp_path: Path) -> Path:
    root = tmp_path / "collection"
    files = {
        "report.docx": make.docx(),
        "minutes.odt": make.opendocument(make.ODT_BODY),
        "keeper.epub": make.epub(
            [("The Storm", "Waves broke over the gallery."), ("The Calm", "Gulls returned.")]
        ),
        "lantern.eml": make.email_message(),
        "club.mbox": make.mbox(messages()),
        "disguised.txt": make.docx(
            heading="Disguised", paragraphs=("Cormorant census results.",), table=(),
            footnote=None, title="Census", author="Oona Byrne", created="2018-11-30T00:00:00Z",
        ),
        "notes.txt": b"Plain notes about the tide tables.\n",
        "bad/bomb.docx": make.zip_bomb("docx"),
        "bad/broken.docx": make.docx()[:400],
        "bad/old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        "bad/photo.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "bad/image.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    }  # fmt: skip
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def index(runner: CliRunner, root: Path, ix: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["index", str(root), "--index", str(ix), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def only_hit(runner: CliRunner, ix: Path, query: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["search", query, "--index", str(ix), "--json"])
    assert result.exit_code == 0, (query, result.output)
    hits = json.loads(result.stdout)["hits"]
    assert len(hits) == 1, (query, [h["key"] for h in hits])
    return hits[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_each_format_is_found_with_its_metadata(
    runner: CliRunner,
    collection: Path,
    tmp_path: Path,
    jobs: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import corpus_search.index.sync

    # With --jobs 4, even these few files go through the worker processes.
    monkeypatch.setattr(corpus_search.index.sync, "PARALLEL_MIN_FILES", 2)
    ix = tmp_path / "ix"
    report = index(runner, collection, ix, "--jobs", jobs, "--report", str(tmp_path / "r.jsonl"))
    # 5 files + 3 messages + the plain notes.
    assert report["added"] == 9
    # Dates from the formats' own metadata; the notes have none.
    assert report["dates"]["properties"] == 8 and report["dates"]["dateline"] == 0
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert set(skipped) == {"bomb.docx", "broken.docx"}
    assert "possible zip bomb" in skipped["bomb.docx"]
    assert skipped["broken.docx"].startswith("damaged DOCX container")
    unsupported = {Path(s["path"]).name: s["reason"] for s in report["unsupported"]}
    assert unsupported == {
        "old.doc": "not a supported format (.doc)",
        "photo.png": "not a supported format (.png)",
        "image.txt": "not a supported format (PNG image)",
    }
    expected = [
        ("dredging", "Harbour Report 2021", "Ingrid Sørensen", "2021-04-02T09:30:00"),
        ("tonnage albatross", "Harbour Report 2021", "Ingrid Sørensen", "2021-04-02T09:30:00"),
        ("harbour master", "Harbour Report 2021", "Ingrid Sørensen", "2021-04-02T09:30:00"),
        ("compost", "Minutes of the Allotment Society", "Beatrix Oyelaran", "2019-06-15T18:00:00"),
        ("marrow champion", "Minutes of the Allotment Society", "Beatrix Oyelaran", None),
        ("gallery", "The Lighthouse Keeper", "Tomasz Wierzbicki", "2015-09-01T00:00:00"),
        ("volunteers", "Budget for the lantern festival", "Priya Raman <priya@example.org>",
         "2020-03-03T13:05:00"),
        ("quince", "Orchard pruning", "Ann Orchard <ann@example.org>", "2020-01-06T09:00:00"),
        ("heather honey", "Beekeeping", "Bo Keeper <bo@example.org>", "2020-01-07T10:00:00"),
        ("hawthorn", "Hedge laying", "Cy Hedger <cy@example.org>", "2020-01-08T11:00:00"),
        ("cormorant", "Census", "Oona Byrne", "2018-11-30T00:00:00"),
    ]  # fmt: skip
    for query, title, author, date in expected:
        hit = only_hit(runner, ix, query)
        assert (hit["title"], hit["author"]) == (title, author), query
        if date is not None:
            assert hit["date"] == date, query
    assert only_hit(runner, ix, "heather")["key"].endswith("club.mbox#m2@example.org")
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert {r["status"] for r in rows} == {"skipped", "unsupported"}


def test_summary_counts_unsupported_files(
    runner: CliRunner, collection: Path, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["index", str(collection), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "2 skipped" in result.stdout
    assert "  3 not a supported format: 1 .doc, 1 .png, 1 PNG image (listed by --report)" in (
        result.stdout
    )
    assert "bomb.docx" in result.stdout and "old.doc" not in result.stdout


def test_email_attachments_are_shown(runner: CliRunner, collection: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(runner, collection, ix)
    doc = str(collection / "lantern.eml")
    shown = runner.invoke(cli, ["show", doc, "--index", str(ix), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert (data["format"], data["attachments"]) == ("email", ["budget-2020.xlsx"])
    plain = runner.invoke(cli, ["show", doc, "--index", str(ix)])
    assert "Attachments: budget-2020.xlsx" in plain.stdout
    other = json.loads(runner.invoke(cli, ["show", str(collection / "notes.txt"), "--index",
                                           str(ix), "--json"]).stdout)  # fmt: skip
    assert other["attachments"] == []


def test_mbox_rerun_replaces_only_the_edited_message(
    runner: CliRunner, collection: Path, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    index(runner, collection, ix)
    mbox = collection / "club.mbox"
    mbox.write_bytes(make.mbox(messages("From the hives: thirty jars of clover honey.")))
    os.utime(mbox, (1_700_000_000, 1_700_000_000))
    report = index(runner, collection, ix)
    assert (report["added"], report["updated"], report["removed"]) == (0, 1, 0)
    assert report["unchanged"] == 8
    assert only_hit(runner, ix, "clover")["title"] == "Beekeeping"
    none = runner.invoke(cli, ["search", "heather", "--index", str(ix), "--json"])
    assert none.exit_code == 1
    # Dropping a message removes its document only.
    mbox.write_bytes(make.mbox(messages()[:1] + messages()[2:]))
    report = index(runner, collection, ix)
    assert (report["added"], report["updated"], report["removed"]) == (0, 0, 1)
    assert only_hit(runner, ix, "hawthorn")["title"] == "Hedge laying"


def test_a_second_run_changes_nothing(runner: CliRunner, collection: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(runner, collection, ix)
    report = index(runner, collection, ix)
    assert (report["added"], report["updated"], report["removed"]) == (0, 0, 0)
    assert len(report["unsupported"]) == 3 and len(report["skipped"]) == 2
