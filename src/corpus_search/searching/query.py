"""User query strings -> Whoosh queries. Whoosh's parser never raises: it quietly turns mistakes
into text or empty queries, so this module checks the result and raises QueryError instead.
The ranking model and its settings are :mod:`.ranking`'s (imported here too, as before)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from whoosh import query as wq
from whoosh.support.charset import accent_map

from corpus_search._whoosh import expanded_terms, is_null_query
from corpus_search.errors import QueryError
from corpus_search.index.schema import DEFAULT_FIELDS, QUERY_FIELDS

from .ranking import FIELD_BOOSTS, TITLE_BOOST

__all__ = [
    "MAX_EXPANSIONS",
    "MAX_FUZZY_CHARS",
    "MAX_FUZZY_EDITS",
    "MAX_QUERY_CHARS",
    "OPERATORS",
    "bag_of_words",
    "check_expansions",
    "parse_query",
    "query_words",
]

_DATE_HELP = (
    "Dates look like date:2017, date:2017-02, date:2017-02-02 or ranges "
    "date:[2017-01-01 TO 2017-06-30], "
    "date:[2017-01-01 TO] (from) and date:[TO 2016-12-31] (up to)"
)
_DATE_COMPARISON = re.compile(r"\bdate:[<>]")
# date:"2017" means date:2017: quoted, Whoosh kept the value as one instant (2017-01-01 00:00)
# and the search found nothing, silently.
_QUOTED_DATE = re.compile(r'\b(date:)"([^"\s\[\]]+)"')

# A wildcard or fuzzy term may stand for at most this many index terms; more is an error,
# not a slow search (``a*`` on a big corpus expands to tens of thousands of terms).
MAX_EXPANSIONS = 2_000
# A fuzzy term may allow at most this many typos (``word~2``); ``word~9`` matches nearly everything.
MAX_FUZZY_EDITS = 2
MAX_FUZZY_CHARS = 50  # the edit automaton of a 1,000-character word takes seconds to build
# Longer query strings are refused: parsing, fuzzy matching and spelling suggestions cost more than
# linear time in the length of a word (one 100,000-character word took two minutes).
MAX_QUERY_CHARS = 1_000


# Building a parser (plugins, their regexes) cost as much as a warm search; parsers are stateless
# between parse() calls, so keep one per schema object and mode (a handful per process).
_PARSERS: dict[tuple[int, bool], tuple[Any, Any]] = {}


def _parser(schema: Any, *, match_all: bool) -> Any:
    cached = _PARSERS.get((id(schema), match_all))
    if cached is not None and cached[0] is schema:
        return cached[1]
    if len(_PARSERS) > 16:
        _PARSERS.clear()
    parser = _new_parser(schema, match_all=match_all)
    _PARSERS[(id(schema), match_all)] = (schema, parser)
    return parser


def _new_parser(schema: Any, *, match_all: bool) -> Any:
    # Imported here: a search of plain words (_plain_words) never needs the parser (~15 ms).
    from whoosh.qparser import FieldsPlugin, FuzzyTermPlugin, MultifieldParser, SingleQuotePlugin
    from whoosh.qparser.syntax import AndGroup, OrGroup

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
    parser.add_plugin(_plus_minus_plugin())
    return parser


def _plus_minus_plugin() -> Any:
    """``-word`` excludes a word (or phrase, or field:word) and ``+word`` requires it, as in web
    search engines, at any depth of parentheses.

    Whoosh's PlusMinusPlugin sorts only the top level, and in an AND query turns the plain words
    into "optional" ones next to a ``+word`` (``+police court`` would not require court): here
    every plain word stays required unless the query is an OR (``--any``).
    """
    from whoosh.qparser import PlusMinusPlugin, syntax

    class _PlusMinus(PlusMinusPlugin):  # type: ignore[misc]
        def __init__(self) -> None:
            # A sign counts only at the start of a word: after a space, "(" or the query start.
            super().__init__(
                plusexpr=r"(?<![^\s(])\+(?=[^\s+-])", minusexpr=r"(?<![^\s(])-(?=[^\s+-])"
            )

        def do_plusminus(self, parser: Any, group: Any) -> Any:
            for i, node in enumerate(group):
                if isinstance(node, syntax.GroupNode):
                    group[i] = self.do_plusminus(parser, node)
            if not any(isinstance(n, (self.Plus, self.Minus)) for n in group):
                return group
            matching_all = isinstance(group, syntax.AndGroup)
            required = syntax.AndGroup()
            optional = group.empty_copy()
            banned = syntax.OrGroup()
            target = optional
            for node in group:
                if isinstance(node, self.Plus):
                    target = optional if matching_all else required
                elif isinstance(node, self.Minus):
                    target = banned
                else:
                    target.append(node)
                    target = optional
            out = optional
            if required:
                out = syntax.AndMaybeGroup([required, optional]) if optional else required
            if banned:
                out = syntax.AndNotGroup([out, banned])
            return out

    return _PlusMinus()


def parse_query(schema: Any, text: str, *, match_all: bool = True) -> Any:
    """Parse the query language (``corpus-search search --help``); QueryError if unusable."""
    if not text.strip():
        raise QueryError(
            "Empty query. Give some words to search for, e.g. corpus-search search police"
        )
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"The query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
            "Search for fewer or shorter words"
        )
    text = _QUOTED_DATE.sub(r"\1\2", text)
    text = _PATH_WORDS.sub(r'\1"\2"', text)
    if _DATE_COMPARISON.search(text):
        raise QueryError(f"Write date comparisons as ranges. {_DATE_HELP}")
    q = _plain_words(schema, text, match_all=match_all)
    if q is not None:
        return q
    try:
        q = _parser(schema, match_all=match_all).parse(text)
    except Exception as e:  # the parser's plugins can still fail on odd input
        if "date:" in text and ("date" in str(e) or "int()" in str(e)):
            raise QueryError(f"{_DATE_HELP} (in {text!r})") from e
        raise QueryError(f"Cannot parse the query {text!r}: {e}") from e
    _check(q, text, schema)
    _check_dates(q, text)
    return q.accept(_every_document).accept(_path_run)


_PLAIN_WORD = re.compile(r"[^\W_]+")
# Whoosh's query operators: upper-case words that are syntax, not text.
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO"})


def _plain_words(schema: Any, text: str, *, match_all: bool) -> Any | None:
    """The query the parser would build for plain words, optionally all joined by AND or all by
    OR (``police court``, ``police OR court``), built directly; None for anything else.

    Most searches are plain words, and Whoosh's parser costs more than scoring them on a small
    index. tests/test_query.py checks that the result equals the parser's.
    """
    tokens = text.split()
    words = tokens[::2] if len(tokens) > 1 and tokens[1] in ("AND", "OR") else tokens
    joiners = set(tokens[1::2]) if words is not tokens else set()
    if len(joiners) > 1 or (joiners and len(tokens) % 2 == 0):
        return None
    analyzer = schema[DEFAULT_FIELDS[0]].analyzer
    if any(schema[name].analyzer is not analyzer for name in DEFAULT_FIELDS):
        return None
    subqueries = []
    for word in words:
        if word in OPERATORS or not _PLAIN_WORD.fullmatch(word):
            return None
        analysed = [token.text for token in analyzer(word, mode="query")]
        if len(analysed) > 1:
            return None
        if analysed:
            fields = [
                wq.Term(name, analysed[0], boost=FIELD_BOOSTS.get(name, 1.0))
                for name in DEFAULT_FIELDS
            ]
            subqueries.append(wq.Or(fields))
    if not subqueries:
        return None  # only stop words: the parser's path reports it
    any_word = joiners == {"OR"} or (not joiners and not match_all)
    # normalize(), as the parser ends: nested ORs flattened, repeats dropped, one child unwrapped.
    return (wq.Or(subqueries) if any_word else wq.And(subqueries)).normalize()


def _check_dates(q: Any, text: str) -> None:
    """A quoted date of more than one word (``date:"2017 02"``; ``date:"2017"`` was unquoted)
    stays text until the search converts it: to one instant that matched nothing, or to a bare
    Exception ("'' is not a parseable date"). Say what a date query looks like instead."""
    for sub in _walk(q):
        value = getattr(sub, "text", None)
        if getattr(sub, "fieldname", None) == "date" and isinstance(value, str):
            raise QueryError(f"{_DATE_HELP} (in {text!r})")


# Fields every document has (or nearly): ``title:*`` or a bare ``*`` means every document.
_EVERYWHERE = frozenset({"title", "body", "path"})


def _every_document(node: Any) -> Any:
    """``Every("body")`` reads every posting of the field (Whoosh: "SLOOOW for large indexes");
    ``Every()`` lists the document numbers. Smaller fields (author, tags) keep their meaning."""
    if isinstance(node, wq.Every) and node.fieldname in _EVERYWHERE:
        return wq.Every(boost=node.boost)
    return node


# A path is the words between its "/", "\\" and "." (index/schema.py's PATH_ANALYZER), and a
# path: query with several matches those words next to each other in that order, anywhere in
# the path: path:bbc/politics/012.txt, path:politics/01* or path:bbc/politics (that folder).
# Unquoted, Whoosh made path:a/b.txt "a AND b AND txt" in any order; quoted, it is a phrase.
_PATH_WORDS = re.compile(r'(?<![\w:])(path:)([^\s()"*?~\[\]]*[/\\.][^\s()"*?~\[\]]*)(?=[\s()]|$)')
_PATH_SEPARATORS = re.compile(r"[/\\.]+")


def _path_run(node: Any) -> Any:
    """``path:bbc/politics/012*`` (Whoosh's one prefix "bbc/politics/012", which no word of the
    path field is) as the path's words in order: bbc, politics, then a word starting 012. A
    part that is only "*" at either end is dropped (any path word may come before or after
    anyway); within, it stands for one path word."""
    if not isinstance(node, wq.Prefix | wq.Wildcard) or node.fieldname != "path":
        return node
    pattern = node.text + "*" if isinstance(node, wq.Prefix) else node.text
    if not _PATH_SEPARATORS.search(pattern):
        return node
    parts = [part.translate(accent_map) for part in _PATH_SEPARATORS.split(pattern) if part]
    while parts and not parts[0].strip("*"):
        parts.pop(0)
    while parts and not parts[-1].strip("*"):
        parts.pop()
    if not parts:
        return wq.Every(boost=node.boost)
    words = [_path_word(part) for part in parts]
    if len(words) == 1:
        words[0].boost = node.boost
        return words[0]
    if all(type(word) is wq.Term for word in words):
        return wq.Phrase("path", parts, boost=node.boost)
    return wq.Sequence(words, boost=node.boost)


def _path_word(part: str) -> Any:
    if "*" not in part and "?" not in part:
        return wq.Term("path", part)
    if not part.strip("*"):
        return wq.Wildcard("path", "?*")  # any one word ("*" alone would be every document)
    if part.endswith("*") and not re.search(r"[*?]", part[:-1]):
        return wq.Prefix("path", part[:-1])
    return wq.Wildcard("path", part)


_EXCLUDED = re.compile(r"(?:^|[\s(])-[^\s+-]")


_DATE_PART = re.compile(r'\bdate:(\[[^\]]*\]?|"[^"]*"?|\S+)', re.IGNORECASE)


def _bad_date(schema: Any, text: str) -> str | None:
    """The first ``date:...`` part of ``text`` that does not parse as a date query, if any."""
    parser = _parser(schema, match_all=True)
    for m in _DATE_PART.finditer(text):
        try:
            q = parser.parse(m.group(0))
        except Exception:
            return m.group(0)
        if any(getattr(sub, "error", None) for sub in _walk(q)):
            return m.group(0)
    return None


def _check(q: Any, text: str, schema: Any = None) -> None:
    if (
        schema is not None
        and "date:" in text.lower()
        and any(getattr(sub, "error", None) for sub in _walk(q))
    ):
        bad = _bad_date(schema, text)
        if bad is not None:
            raise QueryError(f"{bad!r} is not a date query. {_DATE_HELP}")
    for sub in _walk(q):
        name = getattr(sub, "fieldname", None)
        if name is not None and name not in QUERY_FIELDS:
            known = ", ".join(QUERY_FIELDS)
            raise QueryError(f"Unknown field '{name}' in {text!r}. Fields you can search: {known}")
        if isinstance(sub, wq.FuzzyTerm) and sub.maxdist > MAX_FUZZY_EDITS:
            raise QueryError(
                f"'{_describe(sub)}{sub.maxdist:g}' allows too many typos; "
                f"use ~ for one or ~{MAX_FUZZY_EDITS} for {MAX_FUZZY_EDITS}"
            )
        if isinstance(sub, wq.FuzzyTerm) and len(sub.text) > MAX_FUZZY_CHARS:
            raise QueryError(
                f"'{sub.text[:20]}…~' is too long for a fuzzy search "
                f"(at most {MAX_FUZZY_CHARS} characters)"
            )
        error = getattr(sub, "error", None)
        if error:
            raise QueryError(f"Invalid query {text!r}: {error}")
    if is_null_query(q) or not list(_leaves(q)):
        if _EXCLUDED.search(text):
            raise QueryError(
                f"The query {text!r} only excludes words (-word); add a word to search for, "
                "e.g. police -nypd"
            )
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
    return (s for s in _walk(q) if s.is_leaf() and not is_null_query(s))


# A wildcard part of a path (path:politics/0*) is matched by position, and Whoosh can only
# track the positions of fewer than 1,024 alternatives (more are preloaded without them).
MAX_PATH_EXPANSIONS = 1_000


def check_expansions(q: Any, reader: Any, *, limit: int = MAX_EXPANSIONS) -> None:
    """Raise QueryError when a wildcard or fuzzy term stands for more than ``limit`` index terms
    (``MAX_PATH_EXPANSIONS`` within a path: query's run of words)."""
    in_runs = {
        id(part) for sub in _walk(q) if isinstance(sub, wq.Sequence) for part in sub.subqueries
    }
    for sub in _walk(q):
        if isinstance(sub, wq.MultiTerm) and not isinstance(sub, wq.Every):
            most = min(limit, MAX_PATH_EXPANSIONS) if id(sub) in in_runs else limit
            count = 0
            for _ in expanded_terms(sub, reader):
                count += 1
                if count > most:
                    raise QueryError(
                        f"'{_describe(sub)}' matches more than {most:,} different words; "
                        "make it more specific (a longer prefix, or fewer wildcards)"
                    )


def _describe(sub: Any) -> str:
    text = getattr(sub, "text", "")
    if isinstance(sub, wq.Prefix):
        return f"{text}*"
    if isinstance(sub, wq.FuzzyTerm):
        return f"{text}~"
    if isinstance(sub, wq.Wildcard) and text == "?*":
        return "*"  # a path part that is "*" alone (_path_word)
    return str(text)


def bag_of_words(schema: Any, text: str, *, title_boost: float = TITLE_BOOST) -> Any:
    """Natural-language text as an OR of its analysed words over title and body.

    No query syntax: quotes, colons and operators are just punctuation here (used by ``eval``).
    A word repeated in the text weighs as many times as it occurs (BM25's query term frequency,
    as in Anserini); Whoosh would otherwise drop the repeats as duplicate subqueries.
    """
    subqueries = []
    for fieldname in DEFAULT_FIELDS:
        analyzer = schema[fieldname].analyzer
        boost = title_boost if fieldname == "title" else FIELD_BOOSTS.get(fieldname, 1.0)
        counts = Counter(token.text for token in analyzer(text, mode="query"))
        for word, count in counts.items():
            subqueries.append(wq.Term(fieldname, word, boost=boost * count))
    if not subqueries:
        return wq.NullQuery
    return wq.Or(subqueries)


def query_words(q: Any, *, fieldnames: tuple[str, ...] = DEFAULT_FIELDS) -> list[str]:
    """The words a query asks for in ``fieldnames``, alone or in a phrase (not under NOT or
    after ANDNOT): the words every match has by construction (``terms`` leaves them out)."""
    words: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            visit(node.a)
            return
        if getattr(node, "fieldname", None) in fieldnames:
            if isinstance(node, wq.Term):
                words.append(str(node.text))
            elif isinstance(node, wq.Phrase):
                words.extend(str(word) for word in node.words)
        if not node.is_leaf():
            for child in node.children():
                visit(child)

    visit(q)
    return words
