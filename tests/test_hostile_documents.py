"""Hostile documents, end to end through ``corpus-search index`` (#5).

One generated corpus holds good documents (each with a word no other document has) next to every
kind of bad file the issue lists. One index run over it must complete; every good document must be
searchable; each bad one must be indexed best-effort or skipped, with its status and reason in the
summary and in ``--report``; nothing in a document may be executed or reach the terminal raw.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import corpus_search.documents
import corpus_search.documents.sources
from corpus_search import index_paths, open_index, search
from corpus_search.cli import cli
from corpus_search.config import MAX_BODY_CHARS

GOOD_DOCS = 24
BIG_FILE_BYTES = 50 * 1024 * 1024
LONG_LINE_BYTES = 5 * 1024 * 1024
HTML_DEPTH = 10_000
MARKER = "corpus-search-pwned"  # a file the YAML payloads would create if they ever ran

PAYLOADS = {
    # Each would run `touch MARKER` if YAML were loaded unsafely.
    "apply": "title: !!python/object/apply:os.system ['touch MARKER']\n",
    "new": "title: !!python/object/new:subprocess.call [['touch', 'MARKER']]\n",
    "object": "title: !!python/object:builtins.dict {a: 1}\n",
    "name": "author: !!python/name:os.system\n",
}
ODD_DATES = [
    "31/12/2019", "2019-02-30", "yesterday", "99999-01-01", "1e400", "[2019, 1]", "{y: 2019}",
    "12:30", "0000-00-00", "2019-W01", "-5", "'Feb 30, 2017'", "2017-06-01T25:61:00", "null",
    "''", "!!timestamp 2001-12-14", "1970-01-01T00:00:00+99:00", "'1' * 10",
]  # fmt: skip
ODD_TITLES = [
    "42", "[a, b]", "{x: 1}", "null", "true", "2019-01-01", "1.5e300", "''", ".inf", "[[[]]]",
    "!!binary aGVsbG8=",
]  # fmt: skip


@dataclass
class Expect:
    status: str  # "indexed", "skipped", "warning" (indexed with a warning) or "truncated"
    word: str | None = None  # a word only this document contains (searchable when indexed)
    reason: str = ""  # a fragment of the reported reason


@dataclass
class Corpus:
    root: Path
    index: Path
    report_file: Path
    expect: dict[str, Expect]  # absolute path -> what must happen to it
    summary: dict[str, Any]
    result: Result
    marker: Path

    def report_rows(self) -> list[dict[str, Any]]:
        lines = self.report_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _big_text(path: Path, size: int, *, lines: bool, head: str, tail: str) -> None:
    """``size`` bytes of varied words (repeats would be dropped as scraping artefacts)."""
    words = [f"w{i:x}" for i in range(4096)]
    with open(path, "w", encoding="ascii") as f:
        f.write(head + " ")
        written, i = len(head) + 1, 0
        while written < size:
            chunk = " ".join(words[(i * 7 + k * 13) % 4096] for k in range(12))
            chunk = f"row{i} {chunk}" + (".\n" if lines else " ")
            f.write(chunk)
            written += len(chunk)
            i += 1
        f.write(" " + tail + "\n")


def build_corpus(root: Path, marker: Path) -> dict[str, Expect]:
    expect: dict[str, Expect] = {}

    def add(rel: str, data: str | bytes, exp: Expect) -> Path:
        path = _write(root / rel, data)
        expect[str(path)] = exp
        return path

    for i in range(GOOD_DOCS):
        word = f"goodword{i:03d}"
        kind = i % 3
        if kind == 0:
            text = f"Good plain note {i}.\n\nIt mentions {word} and ordinary policy words.\n"
            add(f"good/note{i:03d}.txt", text, Expect("indexed", word))
        elif kind == 1:
            text = f"---\ntitle: Good {i}\ndate: 2020-01-{i % 28 + 1:02d}\n---\n# Good\n\n{word}\n"
            add(f"good/post{i:03d}.md", text, Expect("indexed", word))
        else:
            text = f"<html><head><title>Good {i}</title></head><body><p>{word}</p></body></html>"
            add(f"good/page{i:03d}.html", text, Expect("indexed", word))

    # Encodings and bytes.
    add("bad/binary.txt", b"\x01RAW\r\n\x1a\n\x00\x00\x00\rHDR" + bytes(range(256)) * 8,
        Expect("skipped", reason="binary"))  # fmt: skip
    add("bad/invalid-utf8.txt", b"Caf\xc3\xa9 then broken \xff\xfe\xfa\xc3 bytes invalidword ok\n",
        Expect("indexed", "invalidword"))  # fmt: skip
    add("bad/latin1.txt", "Crème brûlée, señor latinword.\n".encode("latin-1"),
        Expect("indexed", "latinword"))  # fmt: skip
    add("bad/utf16.txt", "Hello from UTF-16 with a BOM: sixteenword.\n".encode("utf-16"),
        Expect("indexed", "sixteenword"))  # fmt: skip
    add("bad/utf16be.md", "\ufeff# Big endian\n\nbigendianword\n".encode("utf-16-be"),
        Expect("indexed", "bigendianword"))  # fmt: skip
    add("bad/truncated-utf16.txt", "\ufeffodd length".encode("utf-16-le") + b"\x00",
        Expect("skipped", reason="invalid utf-16"))  # fmt: skip
    add("bad/empty.txt", b"", Expect("skipped", reason="empty file"))  # as every format
    add("bad/only-spaces.txt", " \n\t\n\u00a0\n", Expect("indexed"))

    # Size.
    big = root / "bad/big.txt"
    big.parent.mkdir(parents=True, exist_ok=True)
    _big_text(big, BIG_FILE_BYTES, lines=True, head="bigheadword", tail="bigtailword")
    expect[str(big)] = Expect("truncated", "bigheadword", "size limit")
    line = root / "bad/one-line.txt"
    _big_text(line, LONG_LINE_BYTES, lines=False, head="lineheadword", tail="linetailword")
    expect[str(line)] = Expect("truncated", "lineheadword", "size limit")

    # HTML.
    deep = "<html><body>" + "<div>" * HTML_DEPTH + "deepword" + "</div>" * HTML_DEPTH + "</body>"
    add("bad/deep.html", deep, Expect("indexed", "deepword"))
    add("bad/deep-unclosed.html", "<html><body>" + "<span><b>" * HTML_DEPTH + "unclosedeepword",
        Expect("indexed", "unclosedeepword"))  # fmt: skip
    add("bad/unclosed.html",
        "<html><body><p>unclosedword <b>bold <i>italic <div><table><tr><td>cell <a href='x",
        Expect("indexed", "unclosedword"))  # fmt: skip
    script = "<script>var scriptword = 'x'.repeat(9); document.write('<p>hi</p>');</script>\n"
    add("bad/script.html",
        "<html><body><p>visibleword</p>" + script * 20_000 + "<style>p{}</style></body></html>",
        Expect("indexed", "visibleword"))  # fmt: skip

    # Front matter.
    for name, payload in PAYLOADS.items():
        add(f"bad/fm-python-{name}.md", "---\n" + payload.replace("MARKER", str(marker)) +
            f"---\nBody of the {name}payloadword document.\n",
            Expect("warning", f"{name}payloadword", "not valid YAML"))  # fmt: skip
    add("bad/fm-syntax.md", "---\ntitle: [unclosed\nauthor: : :\n\t- x\n---\nsyntaxword\n",
        Expect("warning", "syntaxword", "not valid YAML"))  # fmt: skip
    # PyYAML 6.0.4 refuses nesting this deep ("not valid YAML"); older releases load a list title.
    add("bad/fm-deep.md", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\ndeepyamlword\n",
        Expect("warning", "deepyamlword", "front matter"))  # fmt: skip
    add("bad/fm-bad-timestamp.md", "---\ndate: 2017-06-01T25:61:00\n---\nbadstampword\n",
        Expect("warning", "badstampword", "not valid YAML"))  # fmt: skip
    add("bad/fm-list.md", "---\n- a\n- b\n---\nlistword\n",
        Expect("warning", "listword", "not a mapping"))  # fmt: skip
    add("bad/fm-unclosed.md", "---\ntitle: never closed\n\nunclosedfmword\n",
        Expect("indexed", "unclosedfmword"))  # fmt: skip
    add("bad/fm-huge-alias.md", "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]\ntitle: Aliases\n---\naliasword\n",
        Expect("indexed", "aliasword"))  # fmt: skip
    for i, value in enumerate(ODD_DATES):
        add(f"bad/fm-date-{i:02d}.md", f"---\ntitle: Odd date {i}\ndate: {value}\n---\n"
            f"datedword{i:02d}\n", Expect("indexed", f"datedword{i:02d}"))  # fmt: skip
    for i, value in enumerate(ODD_TITLES):
        add(f"bad/fm-title-{i:02d}.md", f"---\ntitle: {value}\n---\ntitledword{i:02d}\n",
            Expect("indexed", f"titledword{i:02d}"))  # fmt: skip

    # Files that change between the walk and the read (see vanish_after_walk).
    add("bad/vanishes.txt", "vanishword\n", Expect("skipped", reason="no such file"))
    add("bad/becomes-dir.txt", "becomesdirword\n", Expect("skipped", reason="directory"))
    add("bad/unreadable.txt", "unreadableword\n", Expect("skipped", reason="permission denied"))

    # The walk.
    (root / "bad/loops/inner").mkdir(parents=True)
    os.symlink("..", root / "bad/loops/inner/up")  # a loop when links are followed
    os.symlink("self-link.txt", root / "bad/loops/self-link.txt")  # ELOOP
    os.symlink("nowhere.txt", root / "bad/loops/dangling.txt")
    add("bad/loops/inner/ok.txt", "loopokword\n", Expect("indexed", "loopokword"))
    expect[str(root / "bad/loops/inner/up")] = Expect("skipped", reason="symlink loop")
    expect[str(root / "bad/loops/self-link.txt")] = Expect("skipped", reason="symbolic links")
    expect[str(root / "bad/loops/dangling.txt")] = Expect("skipped", reason="broken symlink")
    add(
        "bad/pattern.txt/inside.md",
        "# Inside\n\ninsidedirword\n",
        Expect("indexed", "insidedirword"),
    )
    add("bad/pattern.html/deeper.txt/leaf.txt", "leafword\n", Expect("indexed", "leafword"))
    return expect


def vanish_after_walk(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the walk see three files, then delete one, swap one for a directory and make one
    unreadable before they are read. (Read permission cannot be taken from root, so unreadable
    is simulated at ``open``, the call that would fail.)"""
    real_walk_files = corpus_search.documents.walk_files
    unreadable = str(root / "bad/unreadable.txt")

    def find_then_break(*args: Any, **kwargs: Any) -> Any:
        walked = real_walk_files(*args, **kwargs)
        (root / "bad/vanishes.txt").unlink()
        (root / "bad/becomes-dir.txt").unlink()
        (root / "bad/becomes-dir.txt").mkdir()
        return walked

    real_open = open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == unreadable:
            raise PermissionError(13, "Permission denied", unreadable)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(corpus_search.documents, "walk_files", find_then_break)
    monkeypatch.setattr(corpus_search.documents.sources, "open", guarded_open, raising=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    base = tmp_path_factory.mktemp("hostile")
    root, index, report = base / "corpus", base / "index", base / "report.jsonl"
    marker = base / MARKER
    expect = build_corpus(root, marker)
    with pytest.MonkeyPatch.context() as mp:
        vanish_after_walk(root, mp)
        result = CliRunner().invoke(
            cli,
            ["index", str(root), "--index", str(index), "--report", str(report), "--json"]
            + ["--follow-symlinks", "--jobs", "2"],
        )
    summary = json.loads(result.stdout) if result.exit_code == 0 else {}
    return Corpus(root, index, report, expect, summary, result, marker)


def test_run_completes(hostile: Corpus) -> None:
    assert hostile.result.exit_code == 0, hostile.result.output
    assert hostile.result.stderr == ""
    assert hostile.summary["interrupted"] is False


def test_every_good_and_readable_document_is_searchable(hostile: Corpus) -> None:
    words = {path: e.word for path, e in hostile.expect.items() if e.word}
    with open_index(hostile.index) as ix:
        for path, word in words.items():
            result = search(ix, word, fragments=0)
            found = [hit.path for hit in result.hits]
            if hostile.expect[path].status == "skipped":
                assert found == [], word
            else:
                assert found == [path], word


def test_document_count_is_exact(hostile: Corpus) -> None:
    indexed = [p for p, e in hostile.expect.items() if e.status != "skipped"]
    runner = CliRunner()
    info = runner.invoke(cli, ["info", "--index", str(hostile.index), "--json"])
    assert json.loads(info.stdout)["documents"] == len(indexed)
    assert hostile.summary["added"] == len(indexed)


def test_report_file_has_a_status_and_reason_for_every_bad_file(hostile: Corpus) -> None:
    rows = hostile.report_rows()
    assert all(set(row) == {"path", "status", "reason"} for row in rows)
    assert all(row["reason"] for row in rows)
    by_path: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_path.setdefault(row["path"], []).append(row)
    for path, exp in hostile.expect.items():
        statuses = {row["status"] for row in by_path.get(path, [])}
        if exp.status == "indexed":
            assert statuses <= {"warning"}, (path, by_path.get(path))
            continue
        assert exp.status in statuses, (path, by_path.get(path))
        row = next(r for r in by_path[path] if r["status"] == exp.status)
        assert exp.reason.lower() in row["reason"].lower(), (path, row)
    assert set(by_path) <= set(hostile.expect), set(by_path) - set(hostile.expect)


def test_summary_lists_the_same_files(hostile: Corpus) -> None:
    rows = hostile.report_rows()
    skipped = {s["path"]: s["reason"] for s in hostile.summary["skipped"]}
    assert skipped == {r["path"]: r["reason"] for r in rows if r["status"] == "skipped"}
    assert sorted(hostile.summary["truncated"]) == sorted(
        r["path"] for r in rows if r["status"] == "truncated"
    )
    # The plain-text summary (what a pipe or log gets) names each of them too.
    plain = CliRunner().invoke(
        cli, ["index", str(hostile.root / "bad/binary.txt"), "--index", str(hostile.index)]
    )
    assert plain.exit_code == 0 and "skipped" in plain.stdout and "binary" in plain.stdout


def test_yaml_tags_are_never_executed(hostile: Corpus) -> None:
    assert not hostile.marker.exists()
    assert not (Path.cwd() / MARKER).exists()


def test_big_files_are_cut_at_the_limit_and_flagged_not_dropped(hostile: Corpus) -> None:
    runner = CliRunner()
    for name, head, tail in [
        ("big.txt", "bigheadword", "bigtailword"),
        ("one-line.txt", "lineheadword", "linetailword"),
    ]:
        shown = runner.invoke(cli, ["show", name, "--index", str(hostile.index), "--json"])
        doc = json.loads(shown.stdout)
        assert doc["truncated"] is True
        assert MAX_BODY_CHARS - 1000 <= len(doc["text"]) <= MAX_BODY_CHARS
        assert doc["text"].startswith(head)
        with open_index(hostile.index) as ix:
            assert search(ix, tail, fragments=0).total == 0  # beyond the limit
    big = str(hostile.root / "bad/big.txt")
    assert big in hostile.summary["truncated"]


def test_encodings_are_recorded(hostile: Corpus) -> None:
    runner = CliRunner()
    encodings = {}
    for name in ("latin1.txt", "utf16.txt", "utf16be.md", "invalid-utf8.txt", "only-spaces.txt"):
        shown = runner.invoke(cli, ["show", name, "--index", str(hostile.index), "--json"])
        assert shown.exit_code == 0, shown.output
        encodings[name] = json.loads(shown.stdout)["encoding"]
    assert encodings["utf16.txt"].startswith("utf-16")
    assert encodings["utf16be.md"] == "utf-16-be"
    assert encodings["latin1.txt"] != "utf-8" and encodings["only-spaces.txt"] == "utf-8"
    with open_index(hostile.index) as ix:
        assert search(ix, "creme brulee latinword", fragments=0).total == 1  # accents folded


def test_script_text_is_not_indexed(hostile: Corpus) -> None:
    with open_index(hostile.index) as ix:
        assert search(ix, "scriptword", fragments=0).total == 0
        assert search(ix, "visibleword", fragments=0).total == 1


def test_second_run_over_the_same_corpus_changes_nothing(hostile: Corpus, tmp_path: Path) -> None:
    index = tmp_path / "copy"
    shutil.copytree(hostile.index, index)
    report = index_paths([hostile.root], index_dir=index, follow_symlinks=True, jobs=1)
    # Only the file that was unreadable during the first run (readable now) is new.
    assert (report.added, report.updated, report.removed) == (1, 0, 0)
    with open_index(index) as ix:
        assert search(ix, "unreadableword", fragments=0).total == 1
    # What was skipped the first time is reported again, not silently forgotten.
    reasons = {s.path: s.reason for s in report.skipped}
    assert "symlink loop" in reasons[str(hostile.root / "bad/loops/inner/up")]
    assert "binary" in reasons[str(hostile.root / "bad/binary.txt")]


def test_symlinks_are_ignored_without_follow(hostile: Corpus, tmp_path: Path) -> None:
    report = index_paths([hostile.root / "bad/loops"], index_dir=tmp_path / "ix", jobs=1)
    assert report.added == 1 and report.skipped == []


# Untrusted text on screen ---------------------------------------------------------------------

ESC_TITLE = "\x1b]0;owned\x07"
ESC_LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
ESC_MOVES = "\x1b[2J\x1b[H\x1b[1A\x1b[31m"
BIDI = "\u202egnp.exe\u202c \u2066iso\u2069"
HOSTILE_TEXT = (
    f"[red]markup[/red] [link=http://x]l[/link] {ESC_TITLE} {ESC_LINK} {ESC_MOVES} {BIDI} "
    "progress 50%\r100% screenword \x9b31m \x07bell\x08\x08back\n"
)


@pytest.fixture(scope="module")
def screen_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("screen")
    docs = root / "docs"
    front = (
        '---\ntitle: "[bold red]T[/] \\e]0;owned\\a \\e[2J \\u202eRTL"\n'
        'author: "[link=http://x]Mallory[/link]\\r\\e[31m"\ntags: ["[b]tag[/b]", "\\e[5mblink"]\n'
        "date: 2020-02-02\n---\n"
    )
    _write(docs / "evil.md", front + HOSTILE_TEXT * 3)
    _write(docs / "evil.html",
           f"<html><head><title>[i]x[/i]{ESC_TITLE}</title>"
           f'<meta name="author" content="{ESC_MOVES}Eve"></head><body><p>{HOSTILE_TEXT}</p>'
           "</body></html>")  # fmt: skip
    _write(docs / "name\x1b[2J\r\u202e.txt", "screenword in a file with a hostile name\n")
    done = CliRunner().invoke(cli, ["index", str(docs), "--index", str(root / "ix"), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["added"] == 3
    return root / "ix"


_SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour and style: the only escapes Rich itself writes
_DANGEROUS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _assert_terminal_safe(output: str) -> None:
    visible = _SGR.sub("", output)
    bad = {hex(ord(c)) for c in _DANGEROUS.findall(visible)}
    assert not bad, bad


@pytest.mark.parametrize("rich", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize(
    "args,exit_code,shown",
    [
        (["search", "screenword"], 0, "screenword"),
        (["search", "markup", "--fragments", "5"], 0, "markup"),
        (["show", "evil.md"], 0, "screenword"),
        (["show", "evil.html", "--query", "screenword"], 0, "screenword"),
        (["search", "nosuchwordxyz"], 1, "No documents match"),
        (["info"], 0, "3"),
        (["kwic", "markup"], 0, "markup"),
        (["timeline", "screenword", "--split", "author"], 0, "[link=http://x]"),
        (["terms", "screenword", "--collocates", "3"], 0, "together"),
        (["search", "screenword", "--explain"], 0, "screenword in title/body"),
    ],
    ids=[
        "search",
        "search-markup",
        "show",
        "show-query",
        "no-hits",
        "info",
        "kwic",
        "timeline",
        "terms",
        "explain",
    ],  # fmt: skip
)
def test_hostile_text_prints_literally_and_safely(
    screen_index: Path,
    args: list[str],
    exit_code: int,
    shown: str,
    rich: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if rich:
        monkeypatch.setattr("corpus_search.render.stdout_is_terminal", lambda: True)
    env = {"FORCE_COLOR": "1", "COLUMNS": "300"} if rich else {}
    result = CliRunner().invoke(cli, [*args, "--index", str(screen_index)], env=env)
    assert result.exit_code == exit_code, result.output
    assert shown in _SGR.sub("", result.stdout)
    _assert_terminal_safe(result.stdout)
    _assert_terminal_safe(result.stderr)
    if rich:
        assert _SGR.search(result.stdout), "colour was forced, so Rich styled something"
    if args[0] == "search" and result.exit_code == 0:
        assert "[red]markup[/red]" in _SGR.sub("", result.stdout)
    if args[0] == "kwic":  # left context, the match, right context: in columns
        assert re.search(r"\[red\]\s+markup\s+\[/red\]", _SGR.sub("", result.stdout))
    if args[:2] == ["show", "evil.md"]:
        visible = _SGR.sub("", result.stdout)
        assert "[bold red]T[/]" in visible and "[link=http://x]Mallory[/link]" in visible


def test_hostile_text_in_json_is_valid_and_clean(screen_index: Path) -> None:
    runner = CliRunner()
    for args in (["search", "screenword", "--json"], ["show", "evil.md", "--json"]):
        result = runner.invoke(cli, [*args, "--index", str(screen_index)])
        data = json.loads(result.stdout)
        # Paths and keys are the file names as they are (a script needs them to open the file);
        # everything taken from inside a document is clean.
        for record in data.get("hits", [data]):
            inside = {k: v for k, v in record.items() if k not in ("path", "key")}
            texts = json.dumps(inside, ensure_ascii=False)
            assert "\x1b" not in texts and "\u202e" not in texts and "\r" not in texts
