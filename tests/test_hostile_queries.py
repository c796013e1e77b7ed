"""Hostile queries (#5): generated query strings through the library and the CLI.

Every query must give results or one QueryError (CLI: one ``Error:`` line, exit 2): never another
exception, never a traceback, never a hang, and ``--json`` output must always parse.

Hypothesis runs derandomized (the same examples on every run). The default run tries
``LIBRARY_EXAMPLES`` + ``CLI_EXAMPLES`` queries; ``HYPOTHESIS_PROFILE=thorough`` multiplies them
by ten, and the slow-marked tests (``pytest -m slow``) try thousands.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_search import QueryError, index_paths, open_index, search
from corpus_search.cli import cli
from corpus_search.index import Index
from corpus_search.render import machine
from corpus_search.searching.query import MAX_EXPANSIONS, MAX_QUERY_CHARS

SCALE = 10 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1
LIBRARY_EXAMPLES = 200 * SCALE
CLI_EXAMPLES = 50 * SCALE
SLOW_EXAMPLES = 3_000
SECONDS_PER_QUERY = 10.0  # "never a hang": generous, for a loaded CI machine

WORDS = [
    "police", "sex", "workers", "nypd", "merseyside", "amnesty", "crime", "caban", "Cabán",
    "the", "a", "x", "aa", "ab", "zz", "wordy", "o'neill", "e-mail", "2017", "café",
]  # fmt: skip
FIELDS = [
    "title:", "body:", "author:", "path:", "tags:", "date:", "nosuch:", "TITLE:", "spell:",
    "key:", "meta:", "doc_id:", ":", "date:[", "date:{", "title:(", "a:b:",
]  # fmt: skip
OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "and", "or", "&&", "||", "!", "-", "+"]
SPECIAL = [
    "*", "a*", "*a*", "?", "??*", "w*", "ab~", "a~2", "x~9", "police~2/1", "police~1.5", "~", "~~",
    "^", "police^2", "police^", "police^nan", "police^-1", "police^1e308", '"sex workers"~3',
    '"police', '"', '""', "date:2017", "date:[2017 TO 2016]", "date:[TO]", "date:[2017-13-01 TO]",
    "date:>2017", "date:9999999999", "date:2017-02-30", "date:[2017-01-01 TO 2017-06-30]",
    "[a TO b]", "{a TO}", "[TO]", "date:0", "date:-1", "date:1e9", "date:2017-02-02T25:00",
    "\\", "\\*", "*\\", "'", "''", "<>", "{}", "()", "(*)", "NOT *", "* NOT *",
]  # fmt: skip
CONTROLS = ["\x00", "\x07", "\x1b[2J", "\x1b]0;t\x07", "\r", "\n", "\t", "\u202e", "\ufeff", "\x9b"]

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(FIELDS).flatmap(lambda f: st.sampled_from(WORDS + SPECIAL).map(f.__add__)),
    st.sampled_from(OPERATORS),
    st.sampled_from(SPECIAL),
    st.sampled_from(CONTROLS),
    st.sampled_from(list("\"()[]{}:*?~^-+/\\'<>=!,.;")),
    st.text(max_size=8),  # any Unicode, surrogates excepted (they cannot be typed or piped)
)


@st.composite
def queries(draw: st.DrawFn) -> str:
    shape = draw(st.integers(0, 9))
    if shape == 0:  # deep nesting, balanced or not
        depth = draw(st.integers(1, 400))
        inner = draw(st.lists(piece, min_size=1, max_size=3).map(" ".join))
        close = draw(st.integers(0, depth))
        return "(" * depth + inner + ")" * close
    if shape == 1:  # very long: one long word, or many words, around the length limit
        size = draw(st.integers(MAX_QUERY_CHARS - 50, MAX_QUERY_CHARS * 3))
        unit = draw(st.sampled_from(["x", "ab ", "police ", "a* ", "(", '"', "x~2 "]))
        return (unit * (size // len(unit) + 1))[:size]
    joiner = draw(st.sampled_from([" ", "", " AND ", " OR ", "\t"]))
    return joiner.join(draw(st.lists(piece, min_size=1, max_size=12)))


@pytest.fixture(scope="module")
def query_index(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("queries")
    docs = root / "docs"
    docs.mkdir()
    # Enough distinct words starting with "w" that "w*" is over the expansion limit.
    many = " ".join(f"w{i:05d}" for i in range(MAX_EXPANSIONS + 500))
    (docs / "many-words.txt").write_text(f"Many words.\n\n{many}\n", encoding="utf-8")
    (docs / "dated.md").write_text(
        "---\ntitle: Café Cabán\ndate: 2017-02-02\ntags: [police, e-mail]\nauthor: O'Neill\n---\n"
        "The police said o'neill wrote an e-mail in 2017.\n",
        encoding="utf-8",
    )
    index_paths([seeds_dir, docs], index_dir=root / "ix", jobs=1)
    return root / "ix"


@pytest.fixture(scope="module")
def opened(query_index: Path) -> Index:
    return open_index(query_index)


def check_library(ix: Index, query: str) -> None:
    started = time.perf_counter()
    try:
        result = search(ix, query, limit=5, fragments=2)
    except QueryError as e:
        message = str(e)
        assert message and "\n" not in message and "\r" not in message, repr(message)
    else:
        assert result.total >= len(result.hits)
        json.loads(machine.dumps(machine.search_dict(result)))
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS_PER_QUERY, f"{elapsed:.1f}s for {query[:80]!r}"


def check_cli(index_dir: Path, query: str) -> None:
    runner = CliRunner()
    for output in (["--json"], []):
        started = time.perf_counter()
        # "--" so that a query starting with "-" is a query, not an option.
        result = runner.invoke(cli, ["search", "--index", str(index_dir), *output, "--", query])
        elapsed = time.perf_counter() - started
        assert elapsed < SECONDS_PER_QUERY, f"{elapsed:.1f}s for {query[:80]!r}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            query,
            result.exception,
        )
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1, 2), (query, result.exit_code)
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), (query, result.stderr)
            if output:  # --json: the same error as a JSON object on stdout
                assert json.loads(result.stdout) == {"error": lines[0][len("Error: ") :]}
            else:
                assert result.stdout == ""
        elif output:
            data = json.loads(result.stdout)
            assert data["total"] >= len(data["hits"]) and (data["total"] > 0) == (
                result.exit_code == 0
            )


@settings(
    max_examples=LIBRARY_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=queries())
def test_library_query_gives_results_or_one_query_error(opened: Index, query: str) -> None:
    check_library(opened, query)


@settings(
    max_examples=CLI_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=queries())
def test_cli_query_exits_0_1_or_2_with_one_line(query_index: Path, query: str) -> None:
    check_cli(query_index, query)


@pytest.mark.slow
@settings(
    max_examples=SLOW_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=queries())
def test_thousands_of_queries_library(opened: Index, query: str) -> None:
    check_library(opened, query)


@pytest.mark.slow
@settings(
    max_examples=SLOW_EXAMPLES // 3,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=queries())
def test_thousands_of_queries_cli(query_index: Path, query: str) -> None:
    check_cli(query_index, query)


# Named cases: the ones that once hung or crashed, and the bounds the README states.
@pytest.mark.parametrize(
    "query, message",
    [
        ("x" * (MAX_QUERY_CHARS + 1), "the limit is 1,000"),
        ("w*", f"more than {MAX_EXPANSIONS:,} different words"),
        ("*0*", f"more than {MAX_EXPANSIONS:,} different words"),
        ("police~3", "too many typos"),
        ("x" * 60 + "~", "too long for a fuzzy search"),
        ("nosuch:x", "Unknown field 'nosuch'"),
        ("date:[2017-13-01 TO]", "month must be in 1..12"),
        ("date:>2017", "ranges"),
        ("AND OR NOT", "no searchable terms"),
        ('date:""', "Dates look like"),  # found by the slow run: a bare Exception from Whoosh
        ('date:"2017 2018"', "Dates look like"),
    ],
)
def test_named_hostile_queries(opened: Index, query: str, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(".", r"\.")):
        search(opened, query)
    assert time.perf_counter() - started < SECONDS_PER_QUERY


@pytest.mark.parametrize(
    "query",
    [
        "*",
        "title:*",
        "police~2",
        "w0000*",
        "date:[2017 TO 2016]",
        "(" * 200 + "police" + ")" * 200,
        "(" * 400 + "police",
        "ab " * 333,  # found by the slow run: 333 spelling lookups of one word took 12 s
    ],
)
def test_named_queries_that_run(opened: Index, query: str) -> None:
    started = time.perf_counter()
    result = search(opened, query)
    assert time.perf_counter() - started < SECONDS_PER_QUERY / 2
    if query in ("*", "title:*"):  # every document
        with opened.searcher() as searcher:
            assert result.total == searcher.doc_count() > 0
    elif query == "date:[2017 TO 2016]":  # an empty range
        assert result.total == 0
    elif "police" in query:
        assert result.total > 0 and all(h.snippets for h in result.hits)
    elif query == "w0000*":  # ten words, all in many-words.txt
        assert [Path(h.path).name for h in result.hits] == ["many-words.txt"]
    else:  # "ab ab ab ...": a word no document has, 333 times
        assert result.total == 0


def test_undecodable_argument_gives_valid_json(query_index: Path) -> None:
    # An undecodable byte in argv arrives as a lone surrogate (PEP 383).
    result = CliRunner().invoke(cli, ["search", "--index", str(query_index), "--json", "zz\udcff"])
    assert result.exit_code == 1
    assert json.loads(result.stdout.encode("utf-8").decode("utf-8"))["query"] == "zz\udcff"
