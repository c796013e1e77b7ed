"""``search --explain`` (and every search with no hits): how the query was read, what each clause
matches on its own, which clause emptied the result, and what to try instead."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from corpus_search.index import Index
from corpus_search.searching.clauses import Clause, clause_tree


@dataclass(frozen=True)
class Explanation:
    """A query's clause tree with counts (``root``), the clause that left no documents
    (``emptied_by``, None when the query matches), and suggestions to try."""

    query: str
    parsed: str
    documents: int
    root: Clause
    emptied_by: Clause | None
    reason: str
    suggestions: tuple[str, ...]


def walk(clause: Clause, depth: int = 0) -> Iterator[tuple[int, Clause]]:
    """Every clause in the tree with its depth, parents before children."""
    yield depth, clause
    for child in clause.children:
        yield from walk(child, depth + 1)


def describe(clause: Clause, text: str | None = None) -> str:
    """A clause as the index reads it: polic, title:polic, "sex worker", AND, date:[...] (with
    ``text``, that text in its place: title:police)."""
    text = clause.text if text is None else text
    if clause.kind in ("all", "any", "not"):
        return text
    fields = clause.fields
    if clause.kind == "range" or (fields and set(fields) != {"title", "body"}):
        return f"{'|'.join(fields)}:{text}"
    return text


def typed(clause: Clause) -> str:
    """A clause as the user typed it: police, title:police, "sex workers" (else as read)."""
    return describe(clause, clause.typed or None)


def label(clause: Clause) -> str:
    """What the explanation shows for a clause: the typed word and, when analysis changed it,
    what the index looks up: ``police (stem polic)``, ``"sex workers" (stems "sex worker")``."""
    if not clause.typed:
        return describe(clause)
    stems = "stems" if clause.kind == "phrase" else "stem"
    return f"{typed(clause)} ({stems} {clause.text})"


def emptied_by(root: Clause) -> tuple[Clause | None, str]:
    """The clause that left no documents, and why; (None, "") when the query matches."""
    if root.documents:
        return None, ""
    clause = root
    while True:
        if clause.kind == "all":
            alone = [c for c in clause.children if c.documents == 0 and c.kind != "not"]
            if alone:
                clause = alone[0]
                continue
            for child, left in zip(clause.children, clause.running, strict=True):
                if left == 0:
                    return child, (
                        f"each clause matches on its own, but none of the documents left by the "
                        f"clauses before it also match {typed(child)}"
                    )
            return clause, "no document matches every clause"
        if clause.kind == "phrase" and all(w.documents for w in clause.children):
            return clause, "its words occur, but never next to each other in this order"
        if clause.kind == "phrase":
            missing = [w for w in clause.children if not w.documents]
            if missing[0].kind in ("prefix", "wildcard", "fuzzy"):  # a path's part: path:a/b*
                return missing[0], "no word in the index fits it"
            return missing[0], f"the word {typed(missing[0])} is in no document"
        if clause.kind in ("prefix", "wildcard", "fuzzy") and not clause.expansion_count:
            return clause, "no word in the index fits it"
        if clause.kind == "any":
            return clause, "none of its alternatives is in any document"
        return clause, f"{typed(clause)} is in no document"


def suggestions(root: Clause, culprit: Clause | None, spelling: str | None) -> list[str]:
    """What to try: a spelling, dropping the emptying clause, --any, a looser phrase."""
    out = []
    if spelling:
        out.append(f"the spelling {spelling}")
    if culprit is None:
        return out
    if root.kind == "all" and len(root.children) > 1:
        for child, left in zip(root.children, root.without, strict=True):
            if _holds(child, culprit) and left:
                out.append(f"drop {typed(child)}: the other clauses match {left:,} documents")
        if root.any_documents:
            out.append(f"--any (any of the words): {root.any_documents:,} documents")
    if culprit.kind == "phrase" and culprit.fields != ("path",):  # a path is never loosened
        words = (culprit.typed or culprit.text).split("~")[0].strip('"')
        out.append(f'a looser phrase, "{words}"~5, or the words without quotes')
    if culprit.kind == "word" and not spelling:
        out.append(f"a prefix or a fuzzy word: {culprit.text}* or {culprit.text}~")
    return out


def _holds(clause: Clause, part: Clause) -> bool:
    return any(c is part for _, c in walk(clause))


def explain(index: Index, query: str, *, match_all: bool = True) -> Explanation:
    """Explain how ``query`` is read and why it matches what it does (QueryError if unusable)."""
    parsed = clause_tree(index, query, match_all=match_all)
    culprit, reason = emptied_by(parsed.root)
    return Explanation(
        query=query,
        parsed=parsed.parsed,
        documents=parsed.root.documents,
        root=parsed.root,
        emptied_by=culprit,
        reason=reason,
        suggestions=tuple(suggestions(parsed.root, culprit, parsed.suggestion)),
    )
