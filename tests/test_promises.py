"""What the README promises, each through the CLI as a user would see it, in a test that a
plausible bug fails: snippet choice and sentence ends, touched files not re-hashed, the lock
timeout, --fragments 0, --context, --any, the JSON Lines key options, show by record id and by an
ambiguous name, a changed record replacing its text, --debug, NO_COLOR, --rebuild keeping the old
index searchable, date:2017-02."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search import index_paths, open_index, search
from corpus_search.cli import cli
from corpus_search.index.manifest import load_manifest
from corpus_search.index.run import write_lock

FILLER = "The weather was mild and the streets were quiet that week in the old town centre. "


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def index(folder: Path, ix: Path, *extra: str) -> dict[str, object]:
    code, out, err = run("index", str(folder), "--index", str(ix), "--json", *extra)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


@pytest.fixture()
def news(tmp_path: Path) -> Path:
    docs = tmp_path / "news"
    docs.mkdir()
    # "police" alone three times early; "police" and "court" together once, later: the most
    # distinct cluster is the last one.
    (docs / "story.txt").write_text(
        "Story\n\n"
        + "".join(f"Officers of the police walked by. {FILLER * 2}" for _ in range(3))
        + "The police took the case to court on Monday. "
        + FILLER * 2,
        encoding="utf-8",
    )
    words = " ".join(f"word{i}" for i in range(60))
    (docs / "long.txt").write_text(f"Long\n\n{words} zebra {words}\n", encoding="utf-8")
    (docs / "dated.md").write_text(
        "---\ntitle: February notes\ndate: 2017-02-14\n---\nA lantern festival.\n",
        encoding="utf-8",
    )
    (docs / "march.md").write_text(
        "---\ntitle: March notes\ndate: 2017-03-01\n---\nA lantern parade.\n", encoding="utf-8"
    )
    return docs


def snippets(ix: Path, query: str, *extra: str) -> list[dict[str, object]]:
    code, out, err = run("search", query, "--index", str(ix), "--json", *extra)
    assert code == 0, err
    hits = json.loads(out)["hits"]
    assert hits
    return list(hits[0]["snippets"])


def test_the_most_distinct_snippet_is_chosen(news: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    (only,) = snippets(ix, "police court", "--fragments", "1")
    assert "court" in str(only["text"]) and "police" in str(only["text"])


def test_a_snippet_ends_at_the_end_of_its_sentence(news: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    (only,) = snippets(ix, "court", "--fragments", "1", "--context", "80")
    assert str(only["text"]).endswith("to court on Monday.")


def test_fragments_0_and_context(news: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    assert snippets(ix, "court", "--fragments", "0") == []
    (short,) = snippets(ix, "zebra", "--context", "10")
    (long,) = snippets(ix, "zebra", "--context", "200")
    assert "zebra" in str(short["text"]) and len(str(short["text"])) < 40
    assert "zebra" in str(long["text"]) and len(str(long["text"])) > 300


def test_any_matches_either_word(news: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    assert run("search", "lantern", "court", "--index", str(ix))[0] == 1
    code, out, _ = run("search", "lantern", "court", "--any", "--index", str(ix), "--json")
    assert code == 0 and json.loads(out)["total"] == 3


def test_date_month_query(news: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    code, out, _ = run("search", "date:2017-02", "--index", str(ix), "--json")
    assert code == 0
    assert [h["title"] for h in json.loads(out)["hits"]] == ["February notes"]


def test_a_touched_file_is_not_hashed_again_and_again(news: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    story = news / "story.txt"
    later = time.time() + 100
    os.utime(story, (later, later))
    report = index(news, ix)
    assert report["unchanged"] == 4 and report["updated"] == 0
    # The manifest now holds the new mtime: the next run compares it with one stat, no hash.
    entry = load_manifest(ix).sources[str(story.resolve())]
    assert entry.mtime == story.stat().st_mtime


def test_lock_timeout_is_the_one_given(news: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with write_lock(ix, timeout=5):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(10)
        started = time.monotonic()
        code, _, err = run("index", str(news), "--index", str(ix), "--lock-timeout", "0.5")
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join()
    assert code == 2 and "gave up after 0.5s" in err
    assert waited < 5  # not the default 10 s


def jsonl(path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_record_keys_show_by_id_and_a_changed_record(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    jsonl(
        data / "a.jsonl",
        [
            {"uid": "r1", "name": "Harbour report", "content": "The harbour froze."},
            {"uid": "r2", "name": "Bridge report", "content": "The bridge opened."},
        ],
    )
    ix = tmp_path / "ix"
    keys = ("--id-key", "uid", "--title-key", "name", "--text-key", "content")
    assert index(data / "a.jsonl", ix, *keys)["added"] == 2
    code, out, _ = run("show", "r2", "--index", str(ix), "--json")
    assert code == 0 and json.loads(out)["title"] == "Bridge report"
    jsonl(
        data / "a.jsonl",
        [
            {"uid": "r1", "name": "Harbour report", "content": "The harbour froze."},
            {"uid": "r2", "name": "Bridge report", "content": "The bridge closed for repairs."},
        ],
    )
    report = index(data / "a.jsonl", ix, *keys)
    assert (report["updated"], report["unchanged"]) == (1, 1)
    assert run("search", "opened", "--index", str(ix))[0] == 1
    code, out, _ = run("show", "r2", "--index", str(ix), "--json")
    assert "closed for repairs" in json.loads(out)["text"]


def test_show_an_ambiguous_name(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / "docs" / sub).mkdir(parents=True)
        (tmp_path / "docs" / sub / "notes.txt").write_text(f"Notes {sub}\n\nText {sub}.\n")
    ix = tmp_path / "ix"
    index(tmp_path / "docs", ix)
    code, _, err = run("show", "notes.txt", "--index", str(ix))
    # A usage mistake (exit 2), not a miss (1, "not in the index"), with the candidates.
    a, b = tmp_path / "docs" / "a" / "notes.txt", tmp_path / "docs" / "b" / "notes.txt"
    assert code == 2
    assert err == f"Error: 'notes.txt' matches 2 documents ({a}, {b}); give more of the path\n"
    for sub in "cdefg":
        (tmp_path / "docs" / sub).mkdir()
        (tmp_path / "docs" / sub / "notes.txt").write_text(f"Notes {sub}\n")
    index(tmp_path / "docs", ix)
    code, _, err = run("show", "notes.txt", "--index", str(ix))
    assert code == 2 and "matches 7 documents" in err and "notes.txt and 3 more)" in err
    code, out, _ = run("show", "b/notes.txt", "--index", str(ix))
    assert code == 0 and "Text b." in out


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    plain = run("search", "x", "--index", str(tmp_path / "none"))
    debug = run("--debug", "search", "x", "--index", str(tmp_path / "none"))
    assert plain[0] == 2 and plain[2].startswith("Error: ") and len(plain[2].splitlines()) == 1
    result = CliRunner().invoke(cli, ["--debug", "search", "x", "--index", str(tmp_path / "none")])
    assert debug[0] != 0 and result.exception is not None
    assert type(result.exception).__name__ == "IndexNotFoundError"


def test_no_color_turns_colour_off_on_a_terminal(
    news: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    monkeypatch.setattr("corpus_search.render.stdout_is_terminal", lambda: True)
    coloured = run("search", "court", "--index", str(ix), env={"FORCE_COLOR": "1"})[1]
    plain = run("search", "court", "--index", str(ix), env={"NO_COLOR": "1"})[1]
    assert "\x1b[" in coloured and "court" in coloured
    assert "\x1b[" not in plain and "court" in plain


def test_rebuild_keeps_the_old_index_searchable_until_its_first_commit(
    news: Path, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    index(news, ix)
    (news / "march.md").unlink()  # the rebuilt index has one "lantern" document, the old two
    seen_during: list[int] = []

    def search_meanwhile(progress: object) -> None:
        with open_index(ix) as opened:
            seen_during.append(search(opened, "lantern").total)

    report = index_paths([news], index_dir=ix, rebuild=True, jobs=1, progress=search_meanwhile)
    assert report.added == 3
    assert seen_during and set(seen_during) == {2}  # the old index, whole, until the commit
    code, out, _ = run("search", "lantern", "--index", str(ix), "--json")
    assert code == 0 and json.loads(out)["total"] == 1
