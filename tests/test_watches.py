"""Saved searches (searching/watches.py): what a run reports, and that its memory survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_search import InputError, index_paths, open_index
from corpus_search.searching.watches import (
    add_watch,
    check_watch,
    list_watches,
    record_run,
    remove_watch,
)


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


@pytest.fixture()
def press(tmp_path: Path) -> Path:
    root = tmp_path / "press"
    root.mkdir()
    write(root, "a.txt", "Harbour strike\n\nDockers strike at the harbour over pay.")
    write(root, "b.txt", "Budget\n\nThe council set its budget for the year.")
    write(root, "c.txt", "Ferry\n\nThe ferry strike ended after two days.")
    return root


def run(index_dir: Path, name: str) -> list[tuple[str, str]]:
    """Check and record watch ``name``: (file name, reason) of each new document."""
    with open_index(index_dir) as ix:
        report = check_watch(ix, name)
    record_run(index_dir, report)
    return [(Path(n.hit.path).name, n.reason) for n in report.new]


def test_a_watch_reports_only_added_and_changed_documents(press: Path, tmp_path: Path) -> None:
    idx = tmp_path / "idx"
    index_paths([press], index_dir=idx, jobs=1)
    with open_index(idx) as ix:
        watch = add_watch(ix, "strikes", "strike")
    assert (watch.name, watch.query, watch.documents) == ("strikes", "strike", 2)
    assert run(idx, "strikes") == []  # what matched when it was added is not news

    write(press, "d.txt", "Rail\n\nA rail strike is called for May.")
    write(press, "c.txt", "Ferry\n\nThe ferry strike ended after three days.")  # edited
    write(press, "b.txt", "Budget\n\nThe budget was cut.")  # edited, still no match
    index_paths([press], index_dir=idx, jobs=1)
    assert sorted(run(idx, "strikes")) == [("c.txt", "changed"), ("d.txt", "added")]
    assert run(idx, "strikes") == []  # recorded: not reported twice

    write(press, "b.txt", "Budget\n\nA strike over the budget.")  # now matches
    (press / "a.txt").unlink()  # deleted: forgotten, not reported
    index_paths([press], index_dir=idx, jobs=1)
    assert run(idx, "strikes") == [("b.txt", "added")]
    assert list_watches(idx)[0].documents == 3  # b, c, d


def test_new_hits_have_snippets_like_search(press: Path, tmp_path: Path) -> None:
    idx = tmp_path / "idx"
    index_paths([press], index_dir=idx, jobs=1)
    with open_index(idx) as ix:
        add_watch(ix, "pay", "pay OR days")
    write(press, "e.txt", "Nurses\n\nNurses vote on a pay offer.")
    index_paths([press], index_dir=idx, jobs=1)
    with open_index(idx) as ix:
        report = check_watch(ix, "pay")
    (new,) = report.new
    assert new.hit.title == "Nurses" and new.hit.rank == 1
    snippet = new.hit.snippets[0]
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["pay"]


def test_checking_writes_nothing_until_recorded(press: Path, tmp_path: Path) -> None:
    idx = tmp_path / "idx"
    index_paths([press], index_dir=idx, jobs=1)
    with open_index(idx) as ix:
        add_watch(ix, "strikes", "strike")
    write(press, "d.txt", "Rail\n\nA rail strike.")
    index_paths([press], index_dir=idx, jobs=1)
    with open_index(idx) as ix:
        first = check_watch(ix, "strikes")
        again = check_watch(ix, "strikes")  # e.g. the first report was never delivered
    assert [n.hit.title for n in first.new] == [n.hit.title for n in again.new] == ["Rail"]


def test_watches_survive_a_rebuild_and_report_nothing_because_of_it(
    press: Path, tmp_path: Path
) -> None:
    idx = tmp_path / "idx"
    index_paths([press], index_dir=idx, jobs=1)
    with open_index(idx) as ix:
        add_watch(ix, "strikes", "strike")
    index_paths([press], index_dir=idx, jobs=1, rebuild=True)
    assert [w.name for w in list_watches(idx)] == ["strikes"]
    assert run(idx, "strikes") == []


def test_names_are_checked_and_unique(press: Path, tmp_path: Path) -> None:
    idx = tmp_path / "idx"
    index_paths([press], index_dir=idx, jobs=1)
    with open_index(idx) as ix:
        add_watch(ix, "strikes", "strike")
        with pytest.raises(InputError, match="A watch named 'strikes' exists"):
            add_watch(ix, "strikes", "ferry")
        with pytest.raises(InputError, match="Bad watch name"):
            add_watch(ix, "../evil", "ferry")
        with pytest.raises(InputError, match="No watch named 'nope'"):
            check_watch(ix, "nope")
    assert remove_watch(idx, "strikes").query == "strike"
    assert list_watches(idx) == []
    with pytest.raises(InputError, match="No watch named 'strikes'"):
        remove_watch(idx, "strikes")
