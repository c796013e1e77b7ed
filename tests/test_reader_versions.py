"""Reader versions: when a reader gets a new version, the next index run re-reads exactly the files
it read (counted as updated, and said so), and no others; old manifests re-read everything once."""

from __future__ import annotations

import json
import marshal
import shutil
import subprocess
import sys
import textwrap
import time
import zlib
from collections import Counter
from pathlib import Path

import office_files as make
import pytest
from click.testing import CliRunner
from interrupts import ctrl_c_after, ctrl_c_at_record

from corpus_search import index_paths, open_index, search
from corpus_search.cli import cli
from corpus_search.documents import parse, versions
from corpus_search.index import manifest as manifest_module
from corpus_search.index.format import MANIFEST_NAME
from corpus_search.models import IndexReport

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "index_corpus.py"
TEXT, MARKDOWN, MAIL = 66, 4, 2  # 70 files or more: a run with --jobs 2 uses worker processes
ALL = TEXT + MARKDOWN + MAIL


def make_corpus(root: Path) -> Path:
    root.mkdir()
    for i in range(TEXT):
        (root / f"note{i:03d}.txt").write_text(f"Note {i}\n\nThe harbour{i:03d}x report.\n")
    for i in range(MARKDOWN):
        (root / f"page{i}.md").write_text(f"# Page {i}\n\nSome *kiln{i}x* notes.\n")
    for i in range(MAIL):
        message = make.email_message(subject=f"Mail {i}", message_id=f"<m{i}@example.org>")
        (root / f"mail{i}.eml").write_bytes(message)
    return root


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    docs = make_corpus(tmp_path / "docs")
    index = tmp_path / "ix"
    assert index_paths([docs], index_dir=index, jobs=1).added == ALL
    return docs, index


def improve(monkeypatch: pytest.MonkeyPatch, reader: str, *, seconds: float = 0.0) -> None:
    """A new version of ``reader``, and cleaning that now adds a word to every text it reads (so
    the documents that were read again can be told from the others), taking ``seconds``."""
    monkeypatch.setitem(versions.READER_VERSIONS, reader, versions.READER_VERSIONS[reader] + 1)
    real = parse.clean_text

    def clean_text(text: str) -> str:
        time.sleep(seconds)
        return real(text) + "\nrenewedword"

    monkeypatch.setattr(parse, "clean_text", clean_text)


def hits(index: Path, query: str) -> int:
    with open_index(index) as ix:
        return search(ix, query, limit=1000, fragments=0).total


def keys_in(index: Path) -> Counter[str]:
    with open_index(index) as ix, ix.searcher() as searcher:
        return Counter(stored["key"] for stored in searcher.all_stored_fields())


def counts(report: IndexReport) -> tuple[int, int, int, int, int]:
    return report.added, report.updated, report.removed, report.unchanged, report.reread


@pytest.mark.parametrize(
    "reader, files, jobs",
    [
        ("markdown", MARKDOWN, 1),
        ("email", MAIL, 1),
        ("text", TEXT + MARKDOWN, 2),  # Markdown is text first; e-mail is not
        ("quotations", ALL, 2),
    ],
)
def test_a_new_reader_version_rereads_its_files_only(
    indexed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, reader: str, files: int, jobs: int
) -> None:
    docs, index = indexed
    improve(monkeypatch, reader)
    report = index_paths([docs], index_dir=index, jobs=jobs)
    assert counts(report) == (0, files, 0, ALL - files, files)
    assert report.reread_readers == {reader}
    assert hits(index, "renewedword") == files  # the new reader's text, for these files only
    assert max(keys_in(index).values()) == 1
    again = index_paths([docs], index_dir=index, jobs=jobs)
    assert counts(again) == (0, 0, 0, ALL, 0) and not again.reread_readers


def test_the_summary_and_json_say_what_was_reread(
    indexed: tuple[Path, Path], runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, index = indexed
    improve(monkeypatch, "markdown")
    result = runner.invoke(cli, ["index", str(docs), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "0 added, 4 updated, 0 removed, 68 unchanged" in result.stdout
    assert "4 files re-read: a newer reader for Markdown." in result.stdout
    improve(monkeypatch, "email")
    improve(monkeypatch, "pdf")  # no PDF here: not named
    result = runner.invoke(cli, ["index", str(docs), "--index", str(index), "--json"])
    assert json.loads(result.stdout)["reread"] == {"files": 2, "readers": ["email"]}
    result = runner.invoke(cli, ["index", str(docs), "--index", str(index), "--json"])
    assert json.loads(result.stdout)["reread"] == {"files": 0, "readers": []}
    assert "re-read" not in runner.invoke(cli, ["index", str(docs), "--index", str(index)]).stdout


def as_version_3(index: Path) -> None:
    """Rewrite the index's manifest as the format before reader versions (no signatures)."""
    path = index / MANIFEST_NAME
    data = path.read_bytes()
    header = manifest_module._HEADER
    generation, stats, sha256, records, _readers = marshal.loads(data[header.size :])
    payload = marshal.dumps((generation, stats, sha256, records), 4)
    path.write_bytes(header.pack(manifest_module._MAGIC, 3, zlib.crc32(payload)) + payload)


def test_a_manifest_from_before_reader_versions_rereads_everything_once(
    indexed: tuple[Path, Path], runner: CliRunner
) -> None:
    docs, index = indexed
    as_version_3(index)
    result = runner.invoke(cli, ["index", str(docs), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert f"0 added, {ALL} updated, 0 removed, 0 unchanged" in result.stdout
    assert f"{ALL} files re-read: indexed before reader versions were recorded." in result.stdout
    assert max(keys_in(index).values()) == 1 and len(keys_in(index)) == ALL
    again = index_paths([docs], index_dir=index)
    assert counts(again) == (0, 0, 0, ALL, 0)


def test_a_manifest_rebuilt_from_the_index_keeps_the_reader_versions(
    indexed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, index = indexed
    (index / MANIFEST_NAME).unlink()  # as after a run killed between its commit and the manifest
    assert counts(index_paths([docs], index_dir=index)) == (0, 0, 0, ALL, 0)
    improve(monkeypatch, "markdown")
    (index / MANIFEST_NAME).unlink()
    report = index_paths([docs], index_dir=index)
    assert counts(report) == (0, MARKDOWN, 0, ALL - MARKDOWN, MARKDOWN)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_reread_carries_on_where_it_stopped(
    indexed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    docs, index = indexed
    # Slow enough that worker processes are still busy when Ctrl-C is pressed.
    improve(monkeypatch, "text", seconds=0.01)
    first = index_paths([docs], index_dir=index, jobs=jobs, progress=ctrl_c_after(10))
    assert first.interrupted
    assert 10 <= first.updated == first.reread < TEXT + MARKDOWN
    assert hits(index, "renewedword") == first.updated  # what was committed
    rest = index_paths([docs], index_dir=index, jobs=jobs)
    assert not rest.interrupted
    assert rest.updated == rest.reread == TEXT + MARKDOWN - first.updated
    assert hits(index, "renewedword") == TEXT + MARKDOWN
    held = keys_in(index)
    assert len(held) == ALL and max(held.values()) == 1
    assert counts(index_paths([docs], index_dir=index, jobs=jobs)) == (0, 0, 0, ALL, 0)


def test_deleted_and_pruned_files_are_removed_not_reread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = make_corpus(tmp_path / "docs")
    other = tmp_path / "other"
    other.mkdir()
    (other / "gone.md").write_text("# Gone\n\nA page.\n")
    index = tmp_path / "ix"
    index_paths([docs, other], index_dir=index)
    shutil.rmtree(other)
    (docs / "page0.md").unlink()
    improve(monkeypatch, "markdown")
    report = index_paths([docs], index_dir=index, prune=True)
    assert counts(report) == (0, MARKDOWN - 1, 1, ALL - MARKDOWN, MARKDOWN - 1)
    assert report.pruned == 1
    assert len(keys_in(index)) == ALL - 1


def three_messages() -> bytes:
    return make.mbox(
        [
            make.email_message(subject=f"Hive {i}", message_id=f"<hive{i}@example.org>")
            for i in range(3)
        ]
    )


def test_an_mbox_is_reread_message_by_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus_search.index import sync

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "club.mbox").write_bytes(three_messages())
    (docs / "note.txt").write_text("A note about the hives.\n")
    index = tmp_path / "ix"
    index_paths([docs], index_dir=index)
    improve(monkeypatch, "email")
    report = index_paths([docs], index_dir=index)
    assert counts(report) == (0, 3, 0, 1, 1) and report.reread_readers == {"email"}
    assert hits(index, "renewedword") == 3

    # Interrupted inside the mbox after a newer reader again: the next run reads it all again.
    improve(monkeypatch, "email")
    real = sync.iter_record_source

    monkeypatch.setattr(sync, "iter_record_source", ctrl_c_at_record(real, 2))
    first = index_paths([docs], index_dir=index, commit_every=1)
    assert first.interrupted and first.updated == 2
    monkeypatch.setattr(sync, "iter_record_source", real)
    rest = index_paths([docs], index_dir=index)
    assert counts(rest) == (0, 3, 0, 1, 1)
    held = keys_in(index)
    assert len(held) == 4 and max(held.values()) == 1
    assert counts(index_paths([docs], index_dir=index)) == (0, 0, 0, 4, 0)


def test_json_lines_records_are_all_reread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "records.jsonl"
    lines = [json.dumps({"_id": f"r{i}", "text": f"record {i}"}) + "\n" for i in range(5)]
    path.write_text("".join(lines))
    index = tmp_path / "ix"
    index_paths([path], index_dir=index)
    improve(monkeypatch, "records")
    assert counts(index_paths([path], index_dir=index)) == (0, 5, 0, 0, 1)
    assert counts(index_paths([path], index_dir=index)) == (0, 0, 0, 5, 0)


def test_the_batch_script_rereads_and_reports(indexed: tuple[Path, Path]) -> None:
    docs, index = indexed
    bumped = textwrap.dedent(
        f"""
        import runpy, sys
        from corpus_search.documents import versions
        versions.READER_VERSIONS["markdown"] += 1
        sys.argv = [{str(SCRIPT)!r}, {str(docs)!r}, "--index", {str(index)!r}]
        runpy.run_path({str(SCRIPT)!r}, run_name="__main__")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", bumped], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["updated"], summary["unchanged"]) == (MARKDOWN, ALL - MARKDOWN)
    assert summary["reread"] == {"files": MARKDOWN, "readers": ["markdown"]}
    assert "4 files re-read: a newer reader for Markdown." in done.stderr


def test_every_format_has_versioned_readers() -> None:
    formats = {"text", "html", "markdown", "records", *parse.EXTRACTORS}
    assert formats <= versions.FORMAT_READERS.keys()
    used = {reader for readers in versions.FORMAT_READERS.values() for reader in readers}
    assert used == versions.READER_VERSIONS.keys()
    for fmt in formats:
        assert versions.reader_signature(fmt) in versions.current_signatures()


def test_every_reading_module_belongs_to_a_versioned_reader() -> None:
    """A module that shapes documents is named in versions.py's table, so whoever changes it sees
    which version to bump (the rest find files, time them or carry results)."""
    folder = Path(versions.__file__).parent
    table = Path(versions.__file__).read_text(encoding="utf-8").split("READER_VERSIONS")[1]
    not_readers = {"__init__", "versions", "sources", "walk", "deadline", "extracted", "sniff"}
    modules = {p.stem for p in folder.glob("*.py")} - not_readers
    assert modules and not [m for m in sorted(modules) if f"{m}.py" not in table]
