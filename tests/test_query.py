"""Plain-word queries are built without Whoosh's parser (query._plain_words): the result must be
exactly the query the parser builds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_search.index.schema import build_schema
from corpus_search.searching import query

SCHEMA = build_schema()
WORDS = [
    "police", "Police", "POLICE", "the", "and", "or", "a", "Cabán", "caban", "2017", "x", "I",
    "AND", "OR", "NOT", "TO", "ANDNOT", "e-mail", "O'Neill", "title:police", "pol*", "polise~",
    '"sex', 'work"', "(court", "law)", "naïve", "ünïcödé", "日本", "run", "running", "ran",
]  # fmt: skip


def parser_query(text: str, match_all: bool) -> object:
    return query._parser(SCHEMA, match_all=match_all).parse(text)


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), match_all=st.booleans())
def test_plain_words_build_what_the_parser_builds(words: list[str], match_all: bool) -> None:
    text = " ".join(words)
    built = query._plain_words(SCHEMA, text, match_all=match_all)
    if built is not None:
        assert built == parser_query(text, match_all), text


@pytest.mark.parametrize(
    "text",
    ["police", "the police", "police court", "police AND court AND law", "police OR court OR law",
     "Cabán 2017", "police OR police"],
)  # fmt: skip
def test_common_queries_skip_the_parser(text: str) -> None:
    for match_all in (True, False):
        built = query._plain_words(SCHEMA, text, match_all=match_all)
        assert built is not None
        assert built == parser_query(text, match_all)
        assert query.parse_query(SCHEMA, text, match_all=match_all) == built


@pytest.mark.parametrize(
    "text",
    ["police NOT court", "police court AND law", "police AND court OR law", '"sex work"',
     "title:police", "pol*", "e-mail", "the", "AND police", "police AND"],
)  # fmt: skip
def test_anything_else_goes_to_the_parser(text: str) -> None:
    assert query._plain_words(SCHEMA, text, match_all=True) is None
