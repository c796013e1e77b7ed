"""Dates read from the text (issue 11, item 3): a dateline only where a dateline stands, and the
index summary says how many dates each source gave."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_search.cli import cli
from corpus_search.documents import parse_document

# Openings seen on BBC News and in press releases, blogs and wire copy.
NOT_DATELINES = {
    # A match preview: the day without a year, then the kick-off time on its own line.
    "kickoff.txt": "Blackburn v Burnley\n\nEwood Park\n\nTuesday, 1 March\n\n2000 GMT\n\nHoward",
    # The same with the time on the date's line: 2000 is eight in the evening, not a year.
    "kickoff2.txt": "Wales v France\n\nStade de France\n\nSaturday, 26 February 1600 GMT\n\nBBC1",
    "kickoff3.txt": "Leeds v Saracens\n\nFriday, 25 February 2000 GMT\n\nThe Tykes",
    "obituary.txt": (
        "Writer Hailey dies\n\nBorn in Luton, Bedfordshire, on 5 April 1920, Hailey was the "
        "author of best-sellers."
    ),
    "deadline.txt": (
        "EU extends deadline\n\nForeign firms have until 15 July 2006 to get in line with "
        "the rules."
    ),
    "died.txt": "Activist dies\n\nThe activist died in Miami at the age of 87 on 4 February 2005.",
    "born_line.txt": "Profile\n\nBorn: 5 April 1920\n\nHe wrote novels.",
    "narrative.txt": "Report out\n\nThe report, published on 5 March 2005, found nothing.",
    "nodate.txt": "Headline\n\nNo date anywhere in this text.",
}
DATELINES = {
    "press.txt": (
        "Victory: Amnesty\n\nCongratulations & Great Work!  Victory: Amnesty from arrest for "
        "sex workers reporting crime January 11, 2018  ***PRESS RELEASE*** \n\nSan Francisco",
        datetime(2018, 1, 11),
    ),
    "wire.txt": (
        "Markets fall\nNEW YORK, Jan. 5, 2018 — Shares fell on Friday.",
        datetime(2018, 1, 5),
    ),
    "blog.txt": (
        "My post\nPublished: 12:01 EST, 3 March 2017 | Updated: 4 March 2017\n\nText",
        datetime(2017, 3, 3),
    ),
    "byline.txt": (
        "A story\nBy Jane Doe\nMarch 3, 2017\n\nText of the story.",
        datetime(2017, 3, 3),
    ),
    "iso.txt": ("Notes\nPosted 2021-03-04 by admin\n\nand later Jan 1, 2020", datetime(2021, 3, 4)),
}


@pytest.mark.parametrize("name", sorted(NOT_DATELINES))
def test_a_date_away_from_a_dateline_is_not_the_documents_date(name: str) -> None:
    doc = parse_document(NOT_DATELINES[name].encode(), key=name)
    assert (doc.date, doc.date_source) == (None, None)


@pytest.mark.parametrize("name", sorted(DATELINES))
def test_a_dateline_gives_the_date(name: str) -> None:
    text, expected = DATELINES[name]
    doc = parse_document(text.encode(), key=name)
    assert (doc.date, doc.date_source) == (expected, "dateline")


@pytest.mark.parametrize(
    "text",
    [
        "Title\nTuesday, 1 March 2000\n\nText",  # 1 March 2000 was a Wednesday
        "Title\nFebruary 30, 2018\n\nText",  # no such day
        "Title\nPosted 3 March 1400\n\nText",  # not a plausible year
        "Title\n> Date: Mon, 5 Apr 1993 12:00:00 GMT\n\nText",  # a quoted message's date
        "1\n2\n3\n4\n5\n6\n7\n8\nPosted 3 March 2017\n",  # below the first eight lines
    ],
)
def test_implausible_or_misplaced_dates_are_refused(text: str) -> None:
    assert parse_document(text.encode(), key="x").date is None


@pytest.fixture()
def dated_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in NOT_DATELINES.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, (text, _) in DATELINES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "front.md").write_text("---\ndate: 2001-02-03\n---\nJanuary 11, 2018\n\nText\n")
    (folder / "page.html").write_text(
        '<html><head><title>T</title><meta name="date" content="2019-05-06"></head>'
        "<body><p>Posted March 3, 2017</p></body></html>"
    )
    return folder


def test_index_summary_counts_dates_by_source(dated_corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ix = str(tmp_path / "ix")
    result = runner.invoke(cli, ["index", str(dated_corpus), "--index", ix, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["added"] == 16
    assert data["dates"] == {
        "front_matter": 1,
        "html_meta": 1,
        "dateline": 5,
        "record": 0,
        "properties": 0,
    }

    plain = runner.invoke(cli, ["index", str(dated_corpus), "--index", ix, "--rebuild"])
    assert plain.exit_code == 0
    assert (
        "Dates: 1 from front matter, 1 from HTML meta, 5 from datelines, 9 undated." in plain.stdout
    )
    for name, date in [
        ("kickoff3.txt", None),
        ("obituary.txt", None),
        ("deadline.txt", None),
        ("press.txt", "2018-01-11T00:00:00"),
        ("front.md", "2001-02-03T00:00:00"),
    ]:
        shown = runner.invoke(cli, ["show", name, "--index", ix, "--json"])
        assert (shown.exit_code, json.loads(shown.stdout)["date"]) == (0, date), name


def test_a_run_that_writes_nothing_prints_no_dates_line(dated_corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ix = str(tmp_path / "ix")
    runner.invoke(cli, ["index", str(dated_corpus), "--index", ix])
    again = runner.invoke(cli, ["index", str(dated_corpus), "--index", ix])
    assert again.exit_code == 0 and "Dates:" not in again.stdout


def test_terminal_summary_shows_the_dates_line(
    dated_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import corpus_search.render as render_module

    monkeypatch.setattr(render_module, "stdout_is_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["index", str(dated_corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "Dates: 1 from front matter, 1 from HTML meta, 5 from datelines, 9 undated." in " ".join(
        result.stdout.split()
    )
