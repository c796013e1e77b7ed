"""The views over all matches (issue 13): concordance lines, timeline bins, key terms and
collocates, and the explanation of a query, on generated corpora with known answers."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pytest

from corpus_search import QueryError, index_paths, open_index
from corpus_search.index import Index
from corpus_search.index.schema import text_characters
from corpus_search.views import collocates, explain, keyness, kwic, timeline
from corpus_search.views.kwic import lines_of, sort_lines
from corpus_search.views.terms import g2, log_dice, log_ratio
from corpus_search.views.timeline import bin_days, next_period, period_label, period_start
from corpus_search.views.words import Words

# --- pure parts -------------------------------------------------------------------------------


def test_lines_are_cut_to_the_width_and_flattened() -> None:
    text = "alpha beta\n\ngamma  delta KEY epsilon\tzeta eta theta"
    start = text.index("KEY")
    (line,) = lines_of(text, [(start, start + 3)], width=10)
    assert (line.left, line.match, line.right) == ("mma delta ", "KEY", " epsilon z")
    assert (line.start, line.end) == (start, start + 3)
    (short,) = lines_of("KEY end", [(0, 3)], width=10)
    assert (short.left, short.right) == ("", " end")
    (none,) = lines_of(text, [(start, start + 3)], width=0)
    assert (none.left, none.right) == ("", "")


def test_sort_orders_read_outward_from_the_match() -> None:
    text = "b z KEY c a. a y KEY b b. a x KEY a c."
    spans = [(m.start(), m.end()) for m in re.finditer("KEY", text)]
    lines = lines_of(text, spans, width=8)
    right = [line.right_words for line in sort_lines(lines, "right")]
    assert right == [("a", "c"), ("b", "b", "a"), ("c", "a", "a")]
    left = [line.left_words for line in sort_lines(lines, "left")]
    assert [words[:2] for words in left] == [("x", "a"), ("y", "a"), ("z", "b")]
    assert [line.start for line in sort_lines(lines, "position")] == [s for s, _ in spans]


@pytest.mark.parametrize(
    "day, by, start, label",
    [
        (date(2020, 3, 18), "day", date(2020, 3, 18), "2020-03-18"),
        (date(2020, 3, 18), "week", date(2020, 3, 16), "2020-W12"),
        (date(2021, 1, 2), "week", date(2020, 12, 28), "2020-W53"),
        (date(2020, 12, 31), "month", date(2020, 12, 1), "2020-12"),
        (date(2020, 7, 4), "year", date(2020, 1, 1), "2020"),
    ],
)
def test_periods(day: date, by: str, start: date, label: str) -> None:
    assert period_start(day, by) == start  # type: ignore[arg-type]
    assert period_label(start, by) == label  # type: ignore[arg-type]
    assert period_start(next_period(start, by), by) == next_period(start, by)  # type: ignore[arg-type]
    assert next_period(start, by) > day  # type: ignore[arg-type]


def test_bins_include_empty_periods_and_count_undated_apart() -> None:
    d = date.toordinal
    hits = [d(date(2020, 1, 5)), d(date(2020, 1, 30)), d(date(2020, 4, 1)), None, None]
    corpus = [*hits, d(date(2020, 2, 2)), d(date(2019, 5, 5)), None]
    bins, undated = bin_days(hits, corpus, "month")
    assert [(b[0].isoformat(), b[1].isoformat(), b[2], b[3]) for b in bins] == [
        ("2020-01-01", "2020-01-31", 2, 2),
        ("2020-02-01", "2020-02-29", 0, 1),
        ("2020-03-01", "2020-03-31", 0, 0),
        ("2020-04-01", "2020-04-30", 1, 1),
    ]
    assert undated == 2
    assert bin_days([None], corpus, "year") == ([], 1)


def test_g2_and_effect_sizes() -> None:
    # a=10 of c=100 documents against b=10 of d=1000: expected cells 1.818, 98.18, 18.18,
    # 981.8; G2 = 2 (10 ln(10/1.818) + 90 ln(90/98.18) + 10 ln(10/18.18) + 990 ln(990/981.8)).
    assert g2(10, 10, 100, 1000) == pytest.approx(22.908, abs=0.001)
    assert g2(10, 100, 100, 1000) == pytest.approx(0.0, abs=1e-9)  # the same share
    assert log_ratio(10, 10, 100, 1000) == pytest.approx(3.3219, abs=1e-4)  # log2(10)
    assert log_ratio(4, 0, 100, 1000) == pytest.approx(log2_(4 / 100 / (0.5 / 1000)))
    assert log_dice(10, 10, 10) == pytest.approx(14.0)
    assert log_dice(5, 10, 10) == pytest.approx(13.0)


def log2_(x: float) -> float:
    import math

    return math.log2(x)


def test_words_are_the_index_terms() -> None:
    text = "The U.S. police's 3.14 arrests, Cabán's *star* e-mail ÉCOLE ran running. a.b.c"
    words = Words()
    (terms,) = words.document_terms([text])
    indexed = sorted(text_characters(text).items(), key=lambda kv: kv[1][0][0])
    by_position = sorted((p, t) for t, occ in indexed for p, _, _ in occ)
    assert terms == [t for _, t in by_position]


# --- on an index ------------------------------------------------------------------------------

FILLER = (
    "the committee met on tuesday to discuss the budget and the new proposal for the city "
    "council members said they would vote next week after a public hearing on schools roads "
    "and parks while residents raised concerns about taxes housing and local transport"
).split()


def _article(rng: random.Random, words: int, planted: list[str] | None = None) -> str:
    out = [rng.choice(FILLER) for _ in range(words)]
    for word in planted or []:
        out.insert(rng.randrange(len(out) + 1), word)
    sentences = [" ".join(out[i : i + 12]).capitalize() + "." for i in range(0, len(out), 12)]
    return " ".join(sentences)


def _write(root: Path, name: str, text: str, day: str | None = None, author: str = "") -> None:
    head = ""
    if day or author:
        head = "---\n" + (f"date: {day}\n" if day else "")
        head += (f"author: {author}\n" if author else "") + f"title: {name}\n---\n"
    (root / f"{name}.md").write_text(head + text + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Known answers: 'comet' in 3 January 2020 documents, none in February (2 other documents),
    1 in March, 1 undated; 'telescope' always beside 'radio' and with 'quasar' nearby."""
    rng = random.Random(7)
    root = tmp_path_factory.mktemp("dated")
    docs = root / "docs"
    docs.mkdir()
    plan = [
        ("2020-01-03", True, "Ada"),
        ("2020-01-15", True, "Ada"),
        ("2020-01-31", True, "Ben"),
        ("2020-02-10", False, "Ben"),
        ("2020-02-11", False, "Ada"),
        ("2020-03-01", True, "Ben"),
        (None, True, ""),
        (None, False, ""),
    ]
    for i, (day, comet, author) in enumerate(plan):
        _write(docs, f"d{i}", _article(rng, 60, ["comet"] if comet else []), day, author)
    for i in range(40):
        planted = ["radio telescope", "quasar"] if i % 4 == 0 else []
        _write(docs, f"p{i}", _article(rng, 80, planted))
    index_dir = root / "index"
    index_paths([docs], index_dir=index_dir, jobs=1)
    return index_dir


@pytest.fixture()
def ix(dated_index: Path) -> Index:
    with open_index(dated_index) as opened:
        yield opened


def test_kwic_lines_equal_the_occurrences_in_the_stored_text(ix: Index) -> None:
    result = kwic(ix, "budget", width=20)
    docs = {line.path for line in result.lines}
    texts = {p: Path(p).read_text(encoding="utf-8").split("---\n")[-1] for p in docs}
    expected = sum(len(re.findall(r"\bbudget\b", t, re.I)) for t in texts.values())
    assert result.total == len(result.lines) == expected > 20
    for line in result.lines:
        assert line.match.lower() == "budget"
        assert len(line.left) <= 20 and len(line.right) <= 20


def test_kwic_gives_title_lines_only_to_documents_without_a_body_match(ix: Index) -> None:
    only_title = kwic(ix, "d3")
    assert (only_title.documents, only_title.title_only, only_title.total) == (1, 1, 1)
    (line,) = only_title.lines
    assert (line.field, line.match, line.title) == ("title", "d3", "d3")
    assert (line.left, line.right, line.start, line.end) == ("", "", 0, 2)
    both = kwic(ix, "d0 comet")  # d0's title and its text: its text's lines only
    assert both.title_only == 0 and [line.field for line in both.lines] == ["body"]
    assert kwic(ix, "comet").title_only == 0


def test_kwic_shows_what_a_wildcard_and_a_phrase_matched(ix: Index) -> None:
    lines = kwic(ix, "quas*").lines
    assert lines and {line.match for line in lines} == {"quasar"}
    phrase = kwic(ix, '"radio telescope"', limit=3)
    assert phrase.total == 10 and len(phrase.lines) == 3
    assert {line.match.lower() for line in phrase.lines} == {"radio telescope"}


def test_timeline_counts_known_answers(ix: Index) -> None:
    result = timeline(ix, "comet", by="month")
    rows = [(b.start.isoformat(), b.documents, b.corpus_documents) for b in result.bins]
    assert rows == [("2020-01-01", 3, 3), ("2020-02-01", 0, 2), ("2020-03-01", 1, 1)]
    assert (result.undated, result.total) == (1, 5)
    by_author = timeline(ix, "comet", by="month", split="author")
    assert [(s.name, s.counts, s.undated) for s in by_author.series] == [
        ("Ada", (2, 0, 0), 0),
        ("Ben", (1, 0, 1), 0),
    ]


def test_terms_find_the_planted_co_occurrence(ix: Index) -> None:
    result = keyness(ix, "telescope")
    assert result.hit_documents == 10
    found = [row.term for row in result.rows]
    # The query's own word is in every match by construction: never a row.
    assert "telescope" not in found and found[:2] in (["quasar", "radio"], ["radio", "quasar"])
    row = next(r for r in result.rows if r.term == "quasar")
    assert (row.hit_documents, row.corpus_documents) == (10, 10)
    assert row.score > 20 and row.effect > 3
    assert not {"the", "budget", "council"} & set(found)
    near = collocates(ix, "telescope", window=1)
    assert near.rows[0].term == "radio" and near.rows[0].cooccurrences == 10
    assert near.matches == 10


def test_terms_leave_out_the_words_of_the_query(ix: Index) -> None:
    """Neither a query word nor a word of a query phrase, alone or in a phrase, is a row."""
    for query in ('"radio telescope"', "radio telescope", "telescope -comet"):
        rows = keyness(ix, query).rows
        terms = {word for row in rows for word in row.term.split()}
        asked = {"radio", "telescope"} if "radio" in query else {"telescope"}
        assert rows and not terms & asked, (query, [row.term for row in rows])
        assert "quasar" in terms


def test_terms_phrases_leave_out_the_tail_of_a_possessive(tmp_path: Path) -> None:
    """'Labour's pledge' is the words labour, s, pledge: 'labour s' is no phrase to show."""
    rng = random.Random(3)
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(30):
        planted = ["Labour's pledge", "manifesto"] if i % 3 == 0 else []
        _write(docs, f"m{i}", _article(rng, 60, planted))
    index_paths([docs], index_dir=tmp_path / "index", jobs=1)
    with open_index(tmp_path / "index") as opened:
        found = [row.term for row in keyness(opened, "manifesto").rows]
        near = [row.term for row in collocates(opened, "pledge", window=2).rows]
    assert near[0] == "labour" and "s" not in near  # "s" is the word right before "pledge"
    assert "labour" in found and "pledge" in found
    assert not [term for term in found if min(len(word) for word in term.split()) < 2], found


@pytest.mark.parametrize(
    "query, culprit, reason",
    [
        ("budget xyzzyq", "xyzzyq", "in no document"),
        ("comet quasar", "quasar", "none of the documents left"),
        ('"telescope radio"', '"telescop radio"', "never next to each other"),
        ("nosuch*", "nosuch*", "no word in the index fits it"),
    ],
)
def test_explain_names_the_clause_that_emptied_the_result(
    ix: Index, query: str, culprit: str, reason: str
) -> None:
    result = explain(ix, query)
    assert result.documents == 0
    assert result.emptied_by is not None and result.emptied_by.text == culprit
    assert reason in result.reason


def test_explain_counts_each_clause(ix: Index) -> None:
    result = explain(ix, "comet quasar")
    assert [(c.text, c.documents) for c in result.root.children] == [("comet", 5), ("quasar", 10)]
    assert any("--any" in s and "15" in s for s in result.suggestions)
    assert any(s.startswith("drop quasar") for s in result.suggestions)
    expanded = explain(ix, "quas* OR comet").root
    wildcard = next(c for c in expanded.children if c.kind == "prefix")
    assert wildcard.expansions == (("quasar", 10),) and expanded.documents == 15


def test_explain_shows_the_typed_word_beside_its_stem(ix: Index) -> None:
    from corpus_search.views.explain import label, typed

    result = explain(ix, "Telescopes xyzzyq quasar")
    stemmed, missing, same = result.root.children
    assert (stemmed.text, stemmed.typed) == ("telescop", "Telescopes")
    assert label(stemmed) == "Telescopes (stem telescop)"
    assert (label(missing), label(same)) == ("xyzzyq", "quasar")  # nothing to add
    assert any(s.startswith("drop xyzzyq") for s in result.suggestions)
    phrase = explain(ix, '"radio telescopes"~2').root
    assert label(phrase) == '"radio telescopes"~2 (stems "radio telescop"~2)'
    assert [typed(w) for w in phrase.children] == ["radio", "telescopes"]
    fielded = explain(ix, "title:Telescopes").root
    assert label(fielded) == "title:Telescopes (stem telescop)"


@pytest.mark.parametrize("query", ["(title:date:0", "title:(", "a AND", "NOT comet", "*", "x~2 y*"])
def test_explain_any_query_search_takes(ix: Index, query: str) -> None:
    try:
        result = explain(ix, query)
    except QueryError:
        return
    assert result.root.documents == result.documents >= 0


def test_views_raise_query_errors(ix: Index) -> None:
    for view in (kwic, timeline, keyness, collocates, explain):
        with pytest.raises(QueryError):
            view(ix, "nosuchfield:x")  # type: ignore[operator]


def test_hostile_text_renders_literally(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from corpus_search.render import views as plain
    from corpus_search.render import views_human as human

    docs = tmp_path / "docs"
    docs.mkdir()
    hostile = "Before [bold red]markup[/] and [link=http://x]link[/link] \x1b[31m: the comet after."
    _write(docs, "evil", hostile, "2021-05-05", '"[i]Mallory[/i]"')
    index_paths([docs], index_dir=tmp_path / "ix", jobs=1)
    with open_index(tmp_path / "ix") as opened:
        shown = [
            (plain.kwic_text, human.kwic_renderable, kwic(opened, "comet", width=60), "[/]"),
            (
                plain.timeline_text,
                human.timeline_renderable,
                timeline(opened, "comet", split="author"),
                "[i]Mallory[/i]",
            ),
        ]
        for to_text, to_rich, result, literal in shown:
            out = io.StringIO()
            Console(file=out, width=300, force_terminal=True).print(to_rich(result))  # type: ignore[operator]
            screen = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
            for text in (screen, to_text(result)):  # type: ignore[operator]
                assert literal in text and "\x1b" not in text
        assert "[bold red]markup[/]" in kwic(opened, "comet", width=60).lines[0].left
