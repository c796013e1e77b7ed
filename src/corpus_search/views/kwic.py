"""``corpus-search kwic``: a concordance (key word in context), one line per match.

Each match comes from the stored character offsets of the body's postings (nothing is
re-tokenised), so a phrase, wildcard or fuzzy word shows the text it actually matched. Lines sort
as AntConc's levels do: ``right`` by the first, second and third words after the match (1R 2R
3R), ``left`` by the words before it reading outward (1L 2L 3L), ``position`` by document and
offset.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Literal

from corpus_search.index import Index
from corpus_search.searching.matches import matched_documents
from corpus_search.searching.suggest import suggest_for

SortOrder = Literal["position", "left", "right"]
SORT_ORDERS: tuple[SortOrder, ...] = ("position", "left", "right")
SORT_WORDS = 3  # words compared on each side, as AntConc's three sort levels
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class KwicLine:
    """One match: ``width`` characters of context each side (whitespace runs shown as one space),
    the matched text, and its [start, end) character offsets in the document's stored text."""

    path: str
    title: str
    date: datetime | None
    left: str
    match: str
    right: str
    start: int
    end: int
    key: str = ""
    field: str = "body"  # "title" for a match in the title of a document with none in its text
    # The nearest SORT_WORDS words on each side, nearest first, case-folded (the sort keys).
    left_words: tuple[str, ...] = dataclass_field(default=(), repr=False, compare=False)
    right_words: tuple[str, ...] = dataclass_field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Concordance:
    """Concordance lines of a query. ``total`` counts every line (before ``limit``) of
    ``documents`` documents. A document matching only in its title (``title_only`` of them)
    has its title's matches as lines, marked ``field="title"``: a concordance is of the text,
    but every document a search finds is on it."""

    query: str
    total: int
    documents: int
    lines: tuple[KwicLine, ...]
    width: int
    sort: SortOrder
    title_only: int = 0
    suggestion: str | None = None  # "Did you mean", when nothing matched


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text)


def context_left(text: str, start: int, width: int) -> str:
    """The ``width`` characters before ``start``, whitespace runs as one space."""
    if width <= 0:
        return ""
    # Whitespace can shrink when collapsed: read more than needed, then keep the last ``width``.
    piece = _one_line(text[max(0, start - 4 * width - 16) : start])
    return piece[-width:]


def context_right(text: str, end: int, width: int) -> str:
    """The ``width`` characters after ``end``, whitespace runs as one space."""
    if width <= 0:
        return ""
    return _one_line(text[end : end + 4 * width + 16])[:width]


def lines_of(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    width: int,
    path: str = "",
    title: str = "",
    date: datetime | None = None,
    key: str = "",
    field: str = "body",
) -> list[KwicLine]:
    """One line per span of ``text`` (the body, or with ``field="title"`` the title)."""
    reach = max(width, 80)  # sort keys look past the shown context
    out = []
    for start, end in spans:
        before = _WORD.findall(text[max(0, start - reach) : start].casefold())
        after = _WORD.findall(text[end : end + reach].casefold())
        out.append(
            KwicLine(
                path=path,
                title=title,
                date=date,
                left=context_left(text, start, width),
                match=_one_line(text[start:end]),
                right=context_right(text, end, width),
                start=start,
                end=end,
                key=key,
                field=field,
                left_words=tuple(reversed(before[-SORT_WORDS:])),
                right_words=tuple(after[:SORT_WORDS]),
            )
        )
    return out


def sort_lines(lines: Sequence[KwicLine], order: SortOrder) -> list[KwicLine]:
    """Lines in ``order``; ties keep document and position order."""
    by_position = sorted(lines, key=lambda line: (line.path, line.key, line.start))
    if order == "right":
        return sorted(by_position, key=lambda line: (line.right_words, line.match.casefold()))
    if order == "left":
        return sorted(by_position, key=lambda line: (line.left_words, line.match.casefold()))
    return by_position


def kwic(
    index: Index,
    query: str,
    *,
    width: int = 40,
    sort: SortOrder = "position",
    limit: int | None = None,
    match_all: bool = True,
) -> Concordance:
    """Concordance lines for every body match of ``query`` in every matching document, and the
    title matches of documents without one (then the first ``limit`` in ``sort`` order). Raises
    QueryError for a query that cannot run."""
    found = matched_documents(index, query, match_all=match_all)
    lines: list[KwicLine] = []
    title_only = 0
    for doc in found.documents:
        in_title = not doc.spans and bool(doc.title_spans)
        title_only += in_title
        lines.extend(
            lines_of(
                doc.title if in_title else doc.text,
                doc.title_spans if in_title else doc.spans,
                width=width,
                path=doc.path,
                title=doc.title,
                date=doc.date,
                key=doc.key,
                field="title" if in_title else "body",
            )
        )
    ordered = sort_lines(lines, sort)
    shown = ordered if limit is None else ordered[: max(0, limit)]
    return Concordance(
        query=query,
        total=len(lines),
        documents=len(found.documents),
        lines=tuple(shown),
        width=width,
        sort=sort,
        title_only=title_only,
        suggestion=None if found.documents else suggest_for(index, query),
    )
