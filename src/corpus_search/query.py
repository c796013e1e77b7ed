"""User query strings -> Whoosh queries. Whoosh's parser never raises: it quietly turns mistakes
into text or empty queries, so this module checks the result and raises QueryError instead."""

from __future__ import annotations

import re
from typing import Any

from whoosh import query as wq
from whoosh.qparser import (
    FieldsPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    SingleQuotePlugin,
)
from whoosh.qparser.syntax import AndGroup, OrGroup

from .errors import QueryError
from .schema import DEFAULT_FIELDS, QUERY_FIELDS

_DATE_HELP = (
    "Dates look like date:2017, date:2017-02, date:2017-02-02 or ranges "
    "date:[2017-01-01 TO 2017-06-30], "
    "date:[2017-01-01 TO] (from) and date:[TO 2016-12-31] (up to)"
)
_DATE_COMPARISON = re.compile(r"\bdate:[<>]")

# BM25F weight of a title match relative to a body match.
TITLE_BOOST = 2.0
FIELD_BOOSTS = {"title": TITLE_BOOST, "body": 1.0}

# A wildcard or fuzzy term may stand for at most this many index terms; more is an error,
# not a slow search (``a*`` on a big corpus expands to tens of thousands of terms).
MAX_EXPANSIONS = 2_000


def _parser(schema: Any, *, match_all: bool) -> MultifieldParser:
    parser = MultifieldParser(
        list(DEFAULT_FIELDS),
        schema,
        fieldboosts=FIELD_BOOSTS,
        group=AndGroup if match_all else OrGroup,
    )
    # Apostrophes are text here ("O'Neill"), not quotes.
    parser.remove_plugin_class(SingleQuotePlugin)
    # Keep unknown "field:" names so they can be reported instead of silently searched as text.
    parser.replace_plugin(FieldsPlugin(remove_unknown=False))
    parser.add_plugin(FuzzyTermPlugin())
    return parser


def parse_query(schema: Any, text: str, *, match_all: bool = True) -> Any:
    """Parse the query language (``corpus-search search --help``); QueryError if unusable."""
    if not text.strip():
        raise QueryError(
            "Empty query. Give some words to search for, e.g. corpus-search search police"
        )
    if _DATE_COMPARISON.search(text):
        raise QueryError(f"Write date comparisons as ranges. {_DATE_HELP}")
    try:
        q = _parser(schema, match_all=match_all).parse(text)
    except Exception as e:  # the parser's plugins can still fail on odd input
        if "date:" in text and ("date" in str(e) or "int()" in str(e)):
            raise QueryError(f"{_DATE_HELP} (in {text!r})") from e
        raise QueryError(f"Cannot parse the query {text!r}: {e}") from e
    _check(q, text)
    return q


def _check(q: Any, text: str) -> None:
    for sub in _walk(q):
        name = getattr(sub, "fieldname", None)
        if name is not None and name not in QUERY_FIELDS:
            known = ", ".join(QUERY_FIELDS)
            raise QueryError(f"Unknown field '{name}' in {text!r}. Fields you can search: {known}")
        if isinstance(sub, wq.qcore._NullQuery) and sub is not q:
            continue
        error = getattr(sub, "error", None)
        if error:
            raise QueryError(f"Invalid query {text!r}: {error}")
    if isinstance(q, wq.qcore._NullQuery) or not list(_leaves(q)):
        raise QueryError(
            f"The query {text!r} has no searchable terms (very common words like 'the' are ignored)"
        )


def _walk(q: Any) -> Any:
    yield q
    if q.is_leaf():
        return
    for child in q.children():
        yield from _walk(child)


def _leaves(q: Any) -> Any:
    return (s for s in _walk(q) if s.is_leaf() and not isinstance(s, wq.qcore._NullQuery))


def check_expansions(q: Any, reader: Any, *, limit: int = MAX_EXPANSIONS) -> None:
    """Raise QueryError when a wildcard or fuzzy term stands for more than ``limit`` index terms."""
    for sub in _walk(q):
        if isinstance(sub, wq.MultiTerm) and not isinstance(sub, wq.Every):
            count = 0
            for _ in sub._btexts(reader):
                count += 1
                if count > limit:
                    raise QueryError(
                        f"'{_describe(sub)}' matches more than {limit:,} different words; "
                        "make it more specific (a longer prefix, or fewer wildcards)"
                    )


def _describe(sub: Any) -> str:
    text = getattr(sub, "text", "")
    if isinstance(sub, wq.Prefix):
        return f"{text}*"
    if isinstance(sub, wq.FuzzyTerm):
        return f"{text}~"
    return str(text)


def bag_of_words(schema: Any, text: str) -> Any:
    """Natural-language text as an OR of its analysed words over title and body.

    No query syntax: quotes, colons and operators are just punctuation here (used by ``eval``).
    """
    subqueries = []
    for fieldname in DEFAULT_FIELDS:
        analyzer = schema[fieldname].analyzer
        boost = FIELD_BOOSTS.get(fieldname, 1.0)
        for token in analyzer(text, mode="query"):
            subqueries.append(wq.Term(fieldname, token.text, boost=boost))
    if not subqueries:
        return wq.NullQuery
    return wq.Or(subqueries)


def query_words(q: Any, *, fieldnames: tuple[str, ...] = DEFAULT_FIELDS) -> list[str]:
    """The plain words a query asks for in ``fieldnames`` (not under NOT), for suggestions."""
    words: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.Term) and node.fieldname in fieldnames:
            words.append(str(node.text))
        if not node.is_leaf():
            for child in node.children():
                visit(child)

    visit(q)
    return words
