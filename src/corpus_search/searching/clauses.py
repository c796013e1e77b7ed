"""A parsed query as a tree of clauses, each with the documents it matches on its own: the
index-reading half of ``search --explain`` (``views.explain`` draws the conclusions). Read only;
the tree is plain dataclasses, no Whoosh object leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from whoosh import query as wq
from whoosh.util.times import long_to_datetime

from corpus_search._whoosh import expanded_terms
from corpus_search.index import Index
from corpus_search.index.schema import WORD_TOKEN, word_term

from .matches import count_matching
from .query import check_expansions, parse_query
from .suggest import FEW_HITS, suggest

MAX_EXPANSIONS_SHOWN = 10


@dataclass(frozen=True)
class Clause:
    """One clause of a parsed query.

    ``kind``: all (AND), any (OR), not, word, phrase, prefix, wildcard, fuzzy, range, every or
    other; ``text`` the analysed form (stems: "polic" for police) and ``typed`` the query's own
    words for it ("police"; "" when analysis left them as typed); ``fields`` where it looks;
    ``documents`` how many documents it matches on its own. A wildcard or fuzzy word lists its
    ``expansions`` (index word, documents), most documents first, of ``expansion_count`` in all.
    For ``all``: ``running`` is the documents left after each child in turn, ``without`` the
    documents the clause would match with that child left out, and ``any_documents`` those
    matching any child.
    """

    kind: str
    text: str
    fields: tuple[str, ...]
    documents: int
    children: tuple[Clause, ...] = ()
    expansions: tuple[tuple[str, int], ...] = ()
    expansion_count: int = 0
    running: tuple[int, ...] = ()
    without: tuple[int, ...] = ()
    any_documents: int = 0
    typed: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    """The clause tree of a query, Whoosh's own rendering of it, and a spelling suggestion."""

    query: str
    parsed: str
    root: Clause
    suggestion: str | None


def clause_tree(index: Index, query: str, *, match_all: bool = True) -> ParsedQuery:
    """Parse ``query`` and count what each of its clauses matches (QueryError if it cannot run)."""
    q = parse_query(index.schema, query, match_all=match_all)
    with index.searcher() as searcher:
        check_expansions(q, searcher.reader())
        root = _with_typed(_clause(searcher, q), typed_words(query))
        # The rule search uses, so "Try: the spelling" agrees with its "Did you mean".
        suggestion = (
            suggest(searcher, query, hits=root.documents) if root.documents <= FEW_HITS else None
        )
    return ParsedQuery(query=query, parsed=str(q), root=root, suggestion=suggestion)


def _same_across_fields(nodes: list[Any]) -> bool:
    """Whether ``nodes`` are one leaf (the same word, phrase, prefix...) in several fields."""
    first = nodes[0]
    return all(
        type(n) is type(first) and n.is_leaf() and _leaf_text(n) == _leaf_text(first) for n in nodes
    )


def _groups(children: list[Any]) -> list[list[Any]]:
    """An OR's children grouped by what they look for: title:polic and body:polic together."""
    groups: dict[tuple[type, str], list[Any]] = {}
    order: list[list[Any]] = []
    for child in children:
        if child.is_leaf():
            key = (type(child), _leaf_text(child))
            if key in groups:
                groups[key].append(child)
                continue
            groups[key] = [child]
            order.append(groups[key])
        else:
            order.append([child])
    return order


def _clause(searcher: Any, q: Any) -> Clause:
    documents = count_matching(searcher, q)
    if isinstance(q, wq.Or):
        groups = _groups(list(q.subqueries))
        if len(groups) == 1 and _same_across_fields(groups[0]):
            return _leaf(searcher, groups[0], documents)
        children = tuple(
            _leaf(searcher, g, count_matching(searcher, _or(g)))
            if _same_across_fields(g)
            else _clause(searcher, g[0])
            for g in groups
        )
        return Clause("any", "OR", (), documents, children)
    if isinstance(q, wq.And):
        parts = list(q.subqueries)
        children = tuple(_clause(searcher, p) for p in parts)
        running = tuple(count_matching(searcher, wq.And(parts[: i + 1])) for i in range(len(parts)))
        without = tuple(
            count_matching(searcher, wq.And(parts[:i] + parts[i + 1 :])) if len(parts) > 1 else 0
            for i in range(len(parts))
        )
        any_documents = count_matching(searcher, wq.Or(parts))
        return Clause(
            "all", "AND", (), documents, children, running=running, without=without,
            any_documents=any_documents,
        )  # fmt: skip
    if isinstance(q, wq.Not):
        return Clause("not", "NOT", (), documents, (_clause(searcher, q.query),))
    if isinstance(q, wq.Sequence):  # a path with a wildcard part: a phrase of its parts
        words = tuple(_leaf(searcher, [p], count_matching(searcher, p)) for p in q.subqueries)
        fields = tuple(dict.fromkeys(f for word in words for f in word.fields))
        return Clause("phrase", _leaf_text(q), fields, documents, words)
    if q.is_leaf():
        return _leaf(searcher, [q], documents)
    children = tuple(_clause(searcher, c) for c in q.children())
    return Clause("other", type(q).__name__, (), documents, children)


def _or(nodes: list[Any]) -> Any:
    return nodes[0] if len(nodes) == 1 else wq.Or(nodes)


def _leaf(searcher: Any, nodes: list[Any], documents: int) -> Clause:
    """One leaf (in one or more fields): its words for a phrase, its expansions for a wildcard."""
    first = nodes[0]
    names = (getattr(n, "fieldname", None) for n in nodes)  # a NullQuery has no field
    fields = tuple(dict.fromkeys(str(name) for name in names if name))
    text = _leaf_text(first)
    if isinstance(first, wq.Phrase):
        words = tuple(
            Clause(
                "word", w, fields, count_matching(searcher, _or([wq.Term(f, w) for f in fields]))
            )
            for w in first.words
        )
        return Clause("phrase", text, fields, documents, words)
    if isinstance(first, wq.Every):
        return Clause("every", "*", fields, documents)
    if isinstance(first, wq.MultiTerm):
        reader = searcher.reader()
        found: dict[str, int] = {}
        for node in nodes:
            for btext in expanded_terms(node, reader):
                word = btext.decode("utf-8") if isinstance(btext, bytes) else str(btext)
                found[word] = max(found.get(word, 0), reader.doc_frequency(node.fieldname, btext))
        ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        kind = "fuzzy" if isinstance(first, wq.FuzzyTerm) else (
            "prefix" if isinstance(first, wq.Prefix) else "wildcard"
        )  # fmt: skip
        return Clause(
            kind, text, fields, documents,
            expansions=tuple(ranked[:MAX_EXPANSIONS_SHOWN]), expansion_count=len(ranked),
        )  # fmt: skip
    if isinstance(first, wq.NumericRange | wq.TermRange):
        return Clause("range", text, fields, documents)
    if isinstance(first, wq.Term):
        return Clause("word", text, fields, documents)
    return Clause("other", text, fields, documents)


def _leaf_text(node: Any) -> str:
    """A leaf as a person would write it, without its field: polic, "sex worker", traffick*,
    nasa~, [2017-01-01 TO 2017-12-31]."""
    if isinstance(node, wq.Phrase):
        slop = f"~{node.slop}" if node.slop > 1 else ""
        return '"' + " ".join(str(w) for w in node.words) + '"' + slop
    if isinstance(node, wq.Sequence):
        return '"' + " ".join(_leaf_text(part) for part in node.subqueries) + '"'
    if isinstance(node, wq.FuzzyTerm):
        return f"{node.text}~" + (str(node.maxdist) if node.maxdist > 1 else "")
    if isinstance(node, wq.Prefix):
        return f"{node.text}*"
    if isinstance(node, wq.NumericRange) and getattr(node, "fieldname", None) == "date":
        return f"[{_day(node.start)} TO {_day(node.end)}]"
    if isinstance(node, wq.TermRange | wq.NumericRange):
        return f"[{node.start or ''} TO {node.end or ''}]"
    text = getattr(node, "text", None)
    return str(text) if text is not None else str(node)


def _day(value: Any) -> str:
    if value is None:
        return ""
    try:
        return str(long_to_datetime(int(value)).date())
    except (OverflowError, ValueError, TypeError):
        return str(value)


def typed_words(query: str) -> dict[str, str]:
    """Each analysed word of ``query`` -> the word(s) typed for it ("polic" -> "police"; two
    spellings with one stem, "police/policy"); words the analyser keeps as typed are left out."""
    found: dict[str, list[str]] = {}
    for token in WORD_TOKEN.findall(query):
        term = word_term(token)
        if term is not None and term != token.lower():
            spellings = found.setdefault(term, [])
            if token not in spellings:
                spellings.append(token)
    return {term: "/".join(spellings) for term, spellings in found.items()}


def _with_typed(clause: Clause, typed: dict[str, str]) -> Clause:
    """``clause`` with ``typed`` set on its words and phrases (a phrase from its words)."""
    children = tuple(_with_typed(c, typed) for c in clause.children)
    spelled = ""
    if clause.kind == "word":
        spelled = typed.get(clause.text, "")
    elif clause.kind == "phrase" and any(c.typed for c in children):
        words = " ".join(c.typed or c.text for c in children)
        slop = clause.text.rpartition('"')[2]  # "~3" after the closing quote, or ""
        spelled = f'"{words}"{slop}'
    if not children and not spelled:
        return clause
    return replace(clause, children=children, typed=spelled)
