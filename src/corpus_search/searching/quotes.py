"""Who said what: quotations found at indexing time, searched by their words and their speakers.

Each document's quotations are stored with it (``quote``, ``speaker`` and ``quotes`` fields, see
``index/schema.py``). A search first finds the documents that can hold a matching quotation (the
query over the ``quote`` field with its NOTs relaxed, and the speaker's words), then decides for
each quotation on its own (:mod:`.quote_match`, or for a query it does not know a small
in-memory Whoosh index of the candidates, one document per quotation). So ``police AND arrest``
needs both words in one quotation, a phrase never spans two quotations, and NOT means the
quotation lacks the word.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from whoosh import fields
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from corpus_search.errors import QueryError
from corpus_search.index import Index
from corpus_search.index.schema import WORD_ANALYZER, text_characters
from corpus_search.models import QuoteHit, QuoteResult, SpeakerCount
from corpus_search.searching.query import check_expansions, parse_query
from corpus_search.searching.quote_match import Unsupported, match_quotations

__all__ = ["find_quotes", "list_speakers", "quoted_keys", "speaker_words"]

# Words and phrases (the default fields) match the quotation; other fields its document.
_QUOTE_FIELDS = frozenset({"title", "body"})
_DOCUMENT_FIELDS = ("author", "path", "tags", "date")


def speaker_words(name: str) -> list[str]:
    """``name`` as the words a speaker must have (case and accents folded): "Cabán" -> caban."""
    return [t.text for t in WORD_ANALYZER(name)]


def find_quotes(
    index: Index,
    query: str | None = None,
    *,
    speaker: str | None = None,
    limit: int = 20,
    page: int = 1,
    match_all: bool = True,
) -> QuoteResult:
    """Quotations whose text matches ``query`` (the ``search`` query language; words and phrases
    match the quotation, ``author:``, ``date:``, ``tags:`` and ``path:`` its document), said by a
    speaker whose name has every word of ``speaker``; best match first, or in document order
    without a query. Raises QueryError for a query that cannot run."""
    limit, page = max(1, limit), max(1, page)
    names = speaker_words(speaker) if speaker else []
    if speaker is not None and not names:
        raise QueryError(f"--speaker {speaker!r} has no words to look for")
    with index.searcher() as searcher:
        q = _quote_query(index.schema, query, match_all) if query and query.strip() else None
        if q is not None:
            check_expansions(q, searcher.reader())
        candidates = list(_candidates(searcher, q, names))
        matched: list[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]
        if q is None:
            matched = [(c, ()) for c in candidates]
        else:
            try:
                matched = match_quotations(q, candidates, searcher)
            except Unsupported:  # a query node the direct test does not know: let Whoosh decide
                matched = _matching(index.schema, q, candidates)
    offset = (page - 1) * limit
    hits = tuple(_quote_hit(c, spans) for c, spans in matched[offset : offset + limit])
    return QuoteResult(
        query=query or "",
        speaker=speaker or "",
        total=len(matched),
        quotes=hits,
        page=page,
        limit=limit,
    )


def quoted_keys(index: Index, query: str, *, speaker: str, match_all: bool = True) -> set[str]:
    """The keys of documents where ``speaker`` is quoted saying something matching ``query``."""
    result = find_quotes(index, query, speaker=speaker, limit=1_000_000_000, match_all=match_all)
    return {hit.key for hit in result.quotes}


def list_speakers(index: Index) -> tuple[SpeakerCount, ...]:
    """Every speaker with the number of quotations and documents, most quoted first.

    Names are grouped as written at their fullest in each document, ignoring case and accents
    ("Mina Malik" in two documents is one speaker; "Malik" alone in a third is another)."""
    quotations: dict[str, int] = {}
    documents: dict[str, set[str]] = {}
    spelling: dict[str, dict[str, int]] = {}
    with index.searcher() as searcher:
        for candidate in _candidates(searcher, None, []):
            name = candidate["speaker"]
            folded = " ".join(speaker_words(name))
            quotations[folded] = quotations.get(folded, 0) + 1
            documents.setdefault(folded, set()).add(candidate["key"])
            forms = spelling.setdefault(folded, {})
            forms[name] = forms.get(name, 0) + 1
    counts = [
        SpeakerCount(
            name=max(spelling[f], key=lambda form: (spelling[f][form], form)),
            quotations=n,
            documents=len(documents[f]),
        )
        for f, n in quotations.items()
    ]
    counts.sort(key=lambda c: (-c.quotations, -c.documents, c.name.lower()))
    return tuple(counts)


def _quote_query(schema: Any, text: str, match_all: bool) -> Any:
    q = parse_query(schema, text, match_all=match_all)
    return _on_quotes(q).normalize()


def _on_quotes(node: Any) -> Any:
    """The query with its title and body parts moved to the ``quote`` field."""
    if getattr(node, "fieldname", None) in _QUOTE_FIELDS:
        node = node.copy()
        node.fieldname = "quote"
        node.boost = 1.0
    if not node.is_leaf():
        node = node.apply(_on_quotes)
    return node


def _relaxed(node: Any) -> Any:
    """A query matching every document that ``node`` matches in any of its quotations: NOT and
    ANDNOT parts (true of a quotation, not of its whole document) become "anything"."""
    if isinstance(node, wq.Not):
        return wq.Every()
    if isinstance(node, wq.AndNot):
        return _relaxed(node.a)
    if isinstance(node, wq.And):
        parts = [p for p in map(_relaxed, node.children()) if not isinstance(p, wq.Every)]
        return wq.And(parts) if parts else wq.Every()
    if isinstance(node, wq.Or):
        parts = list(map(_relaxed, node.children()))
        return wq.Every() if any(isinstance(p, wq.Every) for p in parts) else wq.Or(parts)
    if not node.is_leaf():
        return node.apply(_relaxed)
    return node


def _candidates(searcher: Any, q: Any, names: list[str]) -> Iterator[dict[str, Any]]:
    """The quotations of the documents that may match, by the speaker ``names`` (all words)."""
    parts = [wq.Term("speaker", word) for word in names]
    if q is not None:
        parts.append(_relaxed(q))
    if not parts:
        parts.append(wq.Every("speaker"))
    wanted = set(names)
    for docnum in sorted(searcher.docs_for_query(wq.And(parts).normalize())):
        stored = searcher.stored_fields(docnum)
        raw = stored.get("quotes")
        if not raw:
            continue
        body = stored.get("body", "")
        date = stored.get("date")
        for start, end, speaker, verb, attribution in json.loads(raw):
            if wanted and not wanted <= set(speaker_words(speaker)):
                continue
            yield {
                "docnum": docnum,
                "order": (docnum, start),
                "speaker": speaker,
                "text": body[start:end],
                "start": start,
                "end": end,
                "verb": verb,
                "attribution": attribution,
                "key": stored["key"],
                "path": stored.get("path") or stored["key"],
                "title": stored.get("title", ""),
                "date": date if isinstance(date, datetime) else None,
                "author": stored.get("author"),
                "tags": stored.get("tags"),
            }


def _matching(
    schema: Any, q: Any, candidates: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]:
    """The candidates ``q`` matches, each alone (one in-memory document per quotation), best
    first, with the character spans of the words it matched."""
    if not candidates:
        return []
    ram_fields: dict[str, Any] = {"n": fields.NUMERIC(stored=True), "quote": schema["quote"]}
    for name in _DOCUMENT_FIELDS:
        ram_fields[name] = schema[name]
    ix = RamStorage().create_index(fields.Schema(**ram_fields))
    with ix.writer() as writer:
        for n, c in enumerate(candidates):
            doc: dict[str, Any] = {"n": n, "quote": c["text"], "path": c["path"]}
            for name in ("author", "tags", "date"):
                if c[name]:
                    doc[name] = c[name]
            writer.add_document(**doc)
    out = []
    with ix.searcher() as searcher:
        results = searcher.search(q, limit=None, terms=True)
        for hit in results:
            c = candidates[hit["n"]]
            words = {t.decode("utf-8") for f, t in hit.matched_terms() if f == "quote"}
            spans = sorted(
                (start, end)
                for term, occurrences in text_characters(c["text"]).items()
                if term in words
                for _, start, end in occurrences
            )
            out.append((c, tuple(spans)))
    return out


def _quote_hit(c: dict[str, Any], spans: tuple[tuple[int, int], ...]) -> QuoteHit:
    return QuoteHit(
        speaker=c["speaker"],
        text=c["text"],
        start=c["start"],
        end=c["end"],
        verb=c["verb"],
        attribution=c["attribution"],
        key=c["key"],
        path=c["path"],
        title=c["title"],
        date=c["date"],
        spans=spans,
    )
