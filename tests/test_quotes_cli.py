"""`quotes`, `speakers` and `search --speaker`: quotations found at indexing, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from corpus_search import index_paths
from corpus_search.cli import cli
from corpus_search.searching.speakers import speaker_key


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("corpus_search.render.stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)


# The seeds: who said what, as a reader of the articles would say.
SEED_SPEAKERS = {
    "Mina Malik": 4,  # named, and "Further, ..." continues her quotation
    "Kate Mogulescu": 5,  # "said Legal Aid attorney Kate Mogulescu", "she said", "Mogulescu added"
    "Bill de Blasio": 2,  # "the mayor said" after "Mayor Bill de Blasio"
    "Melinda Katz": 1,  # "she said in a statement" after "the district attorney"
    "James O'Neill": 4,  # "O'Neill said", then "he said" after "Commissioner O'Neill"
    "Chirlane McCray": 4,
}


def test_seed_speakers_json(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, err = run(runner, "speakers", "--index", str(seed_index_dir), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    counts = {s["name"]: s["quotations"] for s in data["speakers"]}
    for name, n in SEED_SPEAKERS.items():
        assert counts[name] == n, name
    assert data["total"] == len(data["speakers"])
    quotations = [s["quotations"] for s in data["speakers"]]
    assert quotations == sorted(quotations, reverse=True)  # most quoted first
    assert "she" not in counts and "the mayor" not in counts and "Malik" not in counts


# Every quotation of the seeds, in document order: (file prefix, opening words, speaker), read by
# hand. "warned other sex workers about him.She said:" is Linda's (the missing space hid a
# sentence break, and the Armistead Centre got her words).
SEED_QUOTATIONS = [
    ("000", "Instead of prosecuting", "Melinda Katz"),
    ("000", "We need to", "Bill de Blasio"),
    ("000", "We want to", "Bill de Blasio"),
    ("001", "It is important", "Mina Malik"),
    ("001", "Further, prosecuting sex", "Mina Malik"),
    ("001", "While working as", "Mina Malik"),
    ("001", "I am adamantly", "Mina Malik"),
    ("003", "We are already", "Chirlane McCray"),
    ("003", "If you are", "Chirlane McCray"),
    ("003", "The city and", "Chirlane McCray"),
    ("003", "Please, do not", "Chirlane McCray"),
    ("003", "The NYPD may", "Michael Velarde"),
    ("003", "One of the", "James O'Neill"),
    ("003", "We've already switched", "James O'Neill"),
    ("003", "New York is", "Shani Adess"),
    ("003", "The more you", "Shani Adess"),
    ("003", "the city has", "Genia Blaser"),
    ("003", "causes them to", "Genia Blaser"),
    ("003", "We are happy", "Kate Mogulescu"),
    ("003", "We have to", "James O'Neill"),
    ("003", "We'll make that", "James O'Neill"),
    ("003", "By developing strategies", "Lori Cohen"),
    ("003", "We can't cordon", "Kate Mogulescu"),
    ("003", "These are the", "Kate Mogulescu"),
    ("003", "You really have", "Kate Mogulescu"),
    ("003", "It's a chicken", "Kate Mogulescu"),
    ("004", "Our hope for", "Johanna Breyer"),
    ("004", "Our research and", "Alexandra Lutnick"),
    ("004", "For decades sex", "Rachel West"),
    ("004", "If we fail", "George Gascón"),
    ("004", "Ultimately, unreported crimes", "George Gascón"),
    ("004", "This policy underscores", "William Scott"),
    ("004", "We understand that", "William Scott"),
    ("004", "We hope these", "Carol Leigh"),
    ("004", "a strong track", "Jim Dean"),
    ("004", "The night I", "Linda"),
    ("004", "No-one asked any", "Linda"),
]


def test_every_seed_quotation_has_its_speaker(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(runner, "quotes", "-n", "200", "--index", str(seed_index_dir), "--json")
    assert code == 0
    quotes = sorted(json.loads(out)["quotes"], key=lambda q: (Path(q["path"]).name, q["start"]))
    found = [
        (Path(q["path"]).name[:3], " ".join(q["text"].split()[:3]), q["speaker"]) for q in quotes
    ]
    assert found == SEED_QUOTATIONS


def test_seed_quotes_json_by_speaker(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(
        runner, "quotes", "--speaker", "malik", "--index", str(seed_index_dir), "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 4
    first = data["quotes"][0]
    assert set(first) >= {"speaker", "text", "path", "title", "date", "start", "end", "verb"}
    assert first["speaker"] == "Mina Malik" and first["verb"] == "said"
    assert first["text"].startswith("It is important to understand that not all sex work")
    assert data["quotes"][1]["text"].startswith("Further, prosecuting sex workers")
    assert data["quotes"][1]["attribution"] == "continued"
    body = Path(first["path"]).read_text(encoding="utf-8")
    assert body[first["start"] : first["end"]] == first["text"]  # offsets into the text


def test_seed_quotes_plain(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(runner, "quotes", "helping hand", "--index", str(seed_index_dir))
    assert code == 0 and "\x1b[" not in out
    assert "1 quotation matching 'helping hand'" in out
    assert "1. Melinda Katz (said):" in out
    assert "“Instead of prosecuting these defendants, we need to provide a helping hand" in out
    assert "000_8840c1bd5ec2d076.txt" in out


def test_seed_quotes_terminal(runner: CliRunner, seed_index_dir: Path, terminal: None) -> None:
    code, out, _ = run(
        runner, "quotes", "victims", "--speaker", "SCOTT", "--index", str(seed_index_dir)
    )
    assert code == 0
    assert "William Scott" in out and "2018-01-11 · " in out  # Rich's layout, not the plain one
    assert "\x1b[1;30;43mvictims\x1b[0m" in out  # the match highlighted
    code, out, _ = run(runner, "speakers", "--index", str(seed_index_dir))
    assert code == 0 and "Kate Mogulescu" in out and "quotations" in out


def test_speaker_filter_ignores_case_and_accents(runner: CliRunner, seed_index_dir: Path) -> None:
    code, out, _ = run(runner, "quotes", "-s", "GASCON", "--index", str(seed_index_dir), "--json")
    assert code == 0
    assert {q["speaker"] for q in json.loads(out)["quotes"]} == {"George Gascón"}
    code, out, _ = run(
        runner, "quotes", "-s", "de blasio", "--index", str(seed_index_dir), "--json"
    )
    assert {q["speaker"] for q in json.loads(out)["quotes"]} == {"Bill de Blasio"}


def test_query_must_match_within_one_quotation(runner: CliRunner, seed_index_dir: Path) -> None:
    args = ["--index", str(seed_index_dir), "--json"]
    code, out, _ = run(runner, "quotes", "voluntary", "-s", "malik", *args)
    assert code == 0 and json.loads(out)["total"] == 1
    # "voluntary" and "survivors" are both in Malik's quotations, never in the same one.
    code, out, _ = run(runner, "quotes", "voluntary AND survivors", "-s", "malik", *args)
    assert code == 1 and json.loads(out)["total"] == 0
    code, out, _ = run(runner, "quotes", "sex NOT voluntary", "-s", "malik", *args)
    texts = [q["text"] for q in json.loads(out)["quotes"]]
    assert texts and all("voluntary" not in t for t in texts)


def test_search_speaker_keeps_documents_where_they_are_quoted(
    runner: CliRunner, seed_index_dir: Path
) -> None:
    args = ["--index", str(seed_index_dir), "--json"]
    code, out, _ = run(runner, "search", "arrest", *args)
    assert json.loads(out)["total"] >= 2
    code, out, _ = run(runner, "search", "arrest", "--speaker", "o'neill", *args)
    hits = json.loads(out)["hits"]
    assert code == 0 and [Path(h["path"]).name for h in hits] == ["003_68a3840553de617d.txt"]
    # Malik is quoted, but never saying "arrest".
    code, out, _ = run(runner, "search", "arrest", "--speaker", "malik", *args)
    assert code == 1 and json.loads(out)["hits"] == []


def test_search_speaker_without_a_query_lists_the_documents_quoting_them(
    runner: CliRunner, seed_index_dir: Path
) -> None:
    # Was "Give either QUERY or --batch FILE".
    args = ["--index", str(seed_index_dir)]
    code, out, err = run(runner, "search", "--speaker", "malik", "-l", *args)
    assert (code, err) == (0, "")
    assert [Path(p).name for p in out.splitlines()] == ["001_67a2f4835248e313.txt"]
    code, out, _ = run(runner, "search", "--speaker", "malik", "--json", *args)
    data = json.loads(out)
    assert data["total"] == 1 and data["hits"][0]["title"].startswith("Mina Malik joined")
    # no query words to show: the speaker's first quotation in the document is the snippet
    snippet = data["hits"][0]["snippets"][0]["text"]
    assert snippet.startswith("Mina Malik: “It is important to understand that not all sex work")
    code, out, _ = run(runner, "search", "--speaker", "malik", *args)
    assert "Mina Malik: “It is important to understand" in out
    assert "score" not in out  # no query: every hit would score the same
    code, out, err = run(runner, "search", "--speaker", "nobodyx", *args)
    assert code == 1 and err == ""
    assert out == "No document quotes 'nobodyx' (`corpus-search speakers` lists them).\n"
    code, out, err = run(runner, "search", "prosecute", "--speaker", "malick", *args)
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "No document quotes 'malick' saying something that matches 'prosecute' "
        "(`corpus-search speakers` lists them).",
        "Did you mean: --speaker 'malik'?",
    ]
    code, _, err = run(runner, "search", *args)  # neither a query nor --speaker
    assert code == 2 and "Give either QUERY or --batch FILE" in err
    code, out, err = run(runner, "search", "--speaker", "malik", "--explain", *args)
    assert code == 2 and out == "" and err.startswith("Error: --explain needs a QUERY")


def test_speakers_limit_and_page(
    runner: CliRunner, seed_index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["speakers", "--index", str(seed_index_dir)]
    every = json.loads(run(runner, *args, "--json")[1])
    names = [s["name"] for s in every["speakers"]]
    assert every["limit"] is None and len(names) == every["total"] > 6
    code, out, _ = run(runner, *args, "-n", "2", "--page", "2", "--json")
    page = json.loads(out)
    assert code == 0 and [s["name"] for s in page["speakers"]] == names[2:4]
    assert (page["total"], page["page"], page["limit"]) == (len(names), 2, 2)
    code, out, _ = run(runner, *args, "--limit", "5")
    assert code == 0 and out.splitlines()[1:6] == run(runner, *args)[1].splitlines()[1:6]
    assert out.splitlines()[-1] == (
        f"Speakers 1-5 of {len(names)}; --page 2 for the next, --limit N for more per page."
    )
    code, out, _ = run(runner, *args, "--page", "99", "-n", "5")
    assert code == 1 and out == f"No speakers on page 99 ({len(names)} in all).\n"
    # Piped: every speaker, as before; on a terminal, a screenful of 20.
    assert len(run(runner, *args)[1].splitlines()) == 1 + len(names)
    monkeypatch.setattr("corpus_search.render.stdout_is_terminal", lambda: True)
    monkeypatch.setattr("corpus_search.cli.quotes.SPEAKERS_ON_A_TERMINAL", 3)
    monkeypatch.setenv("COLUMNS", "120")
    shown = run(runner, *args)[1]
    assert names[2] in shown and names[3] not in shown and f"Speakers 1-3 of {len(names)}" in shown


def test_no_quotations_and_errors(runner: CliRunner, seed_index_dir: Path, tmp_path: Path) -> None:
    code, out, err = run(runner, "quotes", "-s", "nobody", "--index", str(seed_index_dir))
    assert code == 1 and out.strip() == "No quotations by 'nobody'." and err == ""
    code, out, err = run(runner, "quotes", "nosuch:word", "--index", str(seed_index_dir))
    assert code == 2 and out == "" and err.startswith("Error: Unknown field 'nosuch'")
    code, out, err = run(runner, "speakers", "--index", str(tmp_path / "none"))
    assert code == 2 and err.startswith("Error:") and "Traceback" not in err


WRITTEN = {
    "paragraphs.txt": (
        "Chief Inspector Ruth Dale described the night.\n\n"
        "“We searched the whole block before dawn.\n\n"
        "“Nobody was hurt, and that matters most,” she said.\n"
    ),
    "nested.txt": (
        "\"They told me, 'Here we're not welcome,' and left,\" said campaigner Joan Pike.\n"
    ),
    "unbalanced.txt": (
        'The report called it "a disaster and moved on.\n\n'
        + "Nothing else happened that week. " * 20
        + '\n\n"We will appeal," said Ben Ortiz.\n\n'
        + "More text follows. " * 10
    ),
    "hostile.txt": '"[bold red]Pay now[/] [link=http://x]or else\\x1b[31m," said Eve Marsh.\n',
}


@pytest.fixture()
def written_index(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in WRITTEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path / "index"
    index_paths([folder], index_dir=index_dir, jobs=1)
    return folder, index_dir


def quotes_json(runner: CliRunner, index_dir: Path, *args: str) -> list[dict[str, object]]:
    code, out, _ = run(runner, "quotes", *args, "--index", str(index_dir), "--json", "-n", "100")
    assert code in (0, 1)
    return list(json.loads(out)["quotes"])


def test_paragraphs_nesting_and_unbalanced_marks(
    runner: CliRunner, written_index: tuple[Path, Path]
) -> None:
    _, index_dir = written_index
    found = {q["speaker"]: q["text"] for q in quotes_json(runner, index_dir)}
    assert found["Ruth Dale"] == (
        "We searched the whole block before dawn.\n\n“Nobody was hurt, and that matters most"
    )
    assert found["Joan Pike"] == "They told me, 'Here we're not welcome,' and left"
    assert found["Ben Ortiz"] == "We will appeal"  # the stray mark swallowed nothing
    assert "a disaster" not in " ".join(str(t) for t in found.values())


def test_hostile_quotation_printed_literally(
    runner: CliRunner, written_index: tuple[Path, Path], terminal: None
) -> None:
    _, index_dir = written_index
    code, out, _ = run(runner, "quotes", "-s", "marsh", "--index", str(index_dir))
    assert code == 0
    assert "[bold red]Pay now[/] [link=http://x]or else\\x1b[31m" in out
    code, out, _ = run(runner, "quotes", "pay", "--index", str(index_dir))
    assert "[bold red]" in out and "Eve Marsh" in out


def test_quotes_follow_edits_and_deletes(
    runner: CliRunner, written_index: tuple[Path, Path]
) -> None:
    folder, index_dir = written_index
    assert "Ben Ortiz" in {q["speaker"] for q in quotes_json(runner, index_dir)}
    (folder / "unbalanced.txt").unlink()
    (folder / "nested.txt").write_text('"We stay," said organiser Lee Chan.\n', encoding="utf-8")
    index_paths([folder], index_dir=index_dir, jobs=1)
    speakers = {q["speaker"] for q in quotes_json(runner, index_dir)}
    assert "Ben Ortiz" not in speakers and "Joan Pike" not in speakers
    assert "Lee Chan" in speakers
    code, out, _ = run(runner, "speakers", "--index", str(index_dir), "--json")
    names = {s["name"] for s in json.loads(out)["speakers"]}
    assert names == {"Ruth Dale", "Lee Chan", "Eve Marsh"}
    code, out, _ = run(runner, "quotes", "appeal", "--index", str(index_dir))
    assert code == 1


def test_extraction_can_be_switched_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text('"We will appeal," said Ben Ortiz.\n', encoding="utf-8")
    monkeypatch.setenv("CORPUS_SEARCH_QUOTATIONS", "0")
    index_paths([folder], index_dir=tmp_path / "index", jobs=1)
    code, out, _ = run(runner, "speakers", "--index", str(tmp_path / "index"))
    assert code == 1 and "No speakers" in out


@pytest.mark.parametrize(
    "query",
    [
        "sex workers",
        "police OR victims",
        '"sex workers"',
        '"sex workers"~3',
        "arrest*",
        "prosecut* NOT voluntary",
        "survivors AND NOT sex",
        "victims date:2018",
        "author:whitford NYPD",
        "title:immigrant police",
        "title:immigrant OR prosecuting",
        "traffickers~",
        "*",
    ],
)
def test_direct_matching_agrees_with_whoosh(
    seed_index_dir: Path, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """The direct per-quotation test finds exactly the quotations that an index of the
    quotations (Whoosh deciding) finds."""
    from corpus_search import find_quotes, open_index
    from corpus_search.searching import quote_match, quotes

    with open_index(seed_index_dir) as ix:
        direct = find_quotes(ix, query, limit=1000)

        def refuse(*args: object) -> object:
            raise quote_match.Unsupported("test")

        monkeypatch.setattr(quotes, "match_quotations", refuse)
        whoosh = find_quotes(ix, query, limit=1000)
    assert direct.total == whoosh.total > 0
    assert {(q.key, q.start) for q in direct.quotes} == {(q.key, q.start) for q in whoosh.quotes}


# Speakers written in full, by surname alone, with an honorific; two full names that share a
# surname (Blair), names that share words ("Lee Chan", "Chan Lee", "Ana Lee Chan").
_FULL = ["Tony Blair", "Cherie Blair", "Gordon Brown", "Lee Chan", "Chan Lee", "Ana Lee Chan"]
_SHORT = ["Mr Blair", "Mrs Blair", "Mr Brown", "Ms Okafor", "Okafor", "Dr Chan"]
_SAYINGS = [
    "We will publish the figures next week",
    "Nobody has asked us about the plan",
    "The budget is balanced for the first time",
    "Our schools need more teachers this year",
]


def all_quotes(runner: CliRunner, index_dir: Path, *args: str) -> list[dict[str, Any]]:
    code, out, _ = run(runner, "quotes", *args, "--index", str(index_dir), "--json", "-n", "9999")
    data = json.loads(out)
    assert code in (0, 1) and data["total"] == len(data["quotes"])
    return list(data["quotes"])


def generated_corpus(folder: Path, seed: int) -> None:
    """Documents quoting a few speakers each, every speaker in one written form per document."""
    import random

    rng = random.Random(seed)
    folder.mkdir()
    for n in range(40):
        names = rng.sample(_FULL + _SHORT, rng.randint(1, 3))
        lines = ["The council met on Tuesday to discuss the budget."]
        for name in names:
            for _ in range(rng.randint(1, 3)):
                lines.append(f'"{rng.choice(_SAYINGS)}," {name} said.')
            lines.append("The meeting went on into the evening.")
        (folder / f"doc{n:02}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("seed", [1, 2])
def test_speakers_counts_agree_with_the_speaker_filter(
    runner: CliRunner, tmp_path: Path, seed: int
) -> None:
    generated_corpus(tmp_path / "docs", seed)
    index_dir = tmp_path / "index"
    index_paths([tmp_path / "docs"], index_dir=index_dir, jobs=1)
    code, out, _ = run(runner, "speakers", "--index", str(index_dir), "--json")
    rows = json.loads(out)["speakers"]
    assert code == 0 and len(rows) > 5
    everything = all_quotes(runner, index_dir)
    assert sum(row["quotations"] for row in rows) == len(everything)
    for row in rows:
        found = all_quotes(runner, index_dir, "--speaker", row["name"])
        key = speaker_key(row["name"])
        mine = [q for q in found if speaker_key(q["speaker"]) == key]
        assert len(mine) == row["quotations"], row
        assert len({q["path"] for q in mine}) == row["documents"], row
        if len(key) > 1:
            assert found == mine, row  # a full name is that person only
        else:  # one word: everyone with it ("Mr Blair" is also Tony and Cherie Blair)
            assert {speaker_key(q["speaker"]) for q in found} == {
                speaker_key(r["name"]) for r in rows if key[0] in speaker_key(r["name"])
            }, row


def test_honorific_and_surname_count_as_the_one_full_name_with_that_surname(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    texts = {
        "a.txt": '"We will win the vote," Gordon Brown said.',
        "b.txt": '"The sums add up," Mr Brown said.',
        "c.txt": '"We will win the vote," Tony Blair said.',
        "d.txt": '"We will win the vote," Cherie Blair said.',
        "e.txt": '"The sums add up," Mr Blair said.',
        "f.txt": '"We never comment on leaks," a spokesman for Mr Blair said.',
        "g.txt": 'A spokesman for the BPI said: "Sales are up this year."',
    }
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    index_paths([folder], index_dir=tmp_path / "index", jobs=1)
    code, out, _ = run(runner, "speakers", "--index", str(tmp_path / "index"), "--json")
    counts = {s["name"]: (s["quotations"], s["documents"]) for s in json.loads(out)["speakers"]}
    # One Brown in the index: Mr Brown is Gordon Brown. Two Blairs: Mr Blair stays as written.
    assert counts == {
        "Gordon Brown": (2, 2),
        "Tony Blair": (1, 1),
        "Cherie Blair": (1, 1),
        "Mr Blair": (1, 1),
        "A spokesman for Mr Blair": (1, 1),
        "A spokesman for the BPI": (1, 1),
    }
    found = quotes_json(runner, tmp_path / "index", "--speaker", "gordon")
    assert [(q["speaker"], q["text"]) for q in found] == [
        ("Gordon Brown", "We will win the vote"),
        ("Gordon Brown", "The sums add up"),
    ]
    # One word finds every speaker with it, as a reader means "-s blair"; a full name one person.
    found = quotes_json(runner, tmp_path / "index", "--speaker", "blair")
    assert sorted(q["speaker"] for q in found) == ["Cherie Blair", "Mr Blair", "Tony Blair"]
    found = quotes_json(runner, tmp_path / "index", "--speaker", "Mr Blair")
    assert sorted(q["speaker"] for q in found) == ["Cherie Blair", "Mr Blair", "Tony Blair"]
    found = quotes_json(runner, tmp_path / "index", "--speaker", "tony blair")
    assert [q["speaker"] for q in found] == ["Tony Blair"]
    # A spokesman's words are not Mr Blair's; but the BPI is quoted only through its spokesman.
    found = quotes_json(runner, tmp_path / "index", "--speaker", "spokesman")
    assert sorted(q["speaker"] for q in found) == [
        "A spokesman for Mr Blair",
        "A spokesman for the BPI",
    ]
    found = quotes_json(runner, tmp_path / "index", "--speaker", "bpi")
    assert [q["speaker"] for q in found] == ["A spokesman for the BPI"]


def test_a_title_field_in_quotes_is_the_documents_title(
    runner: CliRunner, seed_index_dir: Path
) -> None:
    """``title:`` narrows to documents with that title word, as ``author:`` does; a plain word is
    still the quotation's own (the word "Malik" is in a title, not in her quotations)."""
    index = str(seed_index_dir)
    code, out, _ = run(runner, "quotes", "title:immigrant", "--index", index, "--json")
    quotes = json.loads(out)["quotes"]
    assert code == 0 and len(quotes) == 19  # every quotation of that document
    assert {q["title"][:22] for q in quotes} == {"NYPD Urges Immigrant S"}
    code, out, _ = run(runner, "quotes", "malik", "--index", str(seed_index_dir))
    assert code == 1


def test_a_page_that_is_not_the_last_says_how_to_see_the_next(
    runner: CliRunner, seed_index_dir: Path
) -> None:
    index = str(seed_index_dir)
    code, out, _ = run(runner, "quotes", "--speaker", "malik", "-n", "2", "--index", index)
    assert out.splitlines()[0] == "4 quotations by 'malik'; showing 1-2 (--page 2 for the next)."
    code, out, _ = run(runner, "quotes", "-s", "malik", "-n", "2", "-p", "2", "--index", index)
    assert out.splitlines()[0] == "4 quotations by 'malik'; showing 3-4."
