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

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from whoosh import fields
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from corpus_search.errors import QueryError
from corpus_search.index import Index
from corpus_search.index.schema import text_characters
from corpus_search.models import QuoteHit, QuoteResult, SearchResult, Snippet
from corpus_search.searching.highlight import end_of
from corpus_search.searching.query import check_expansions, parse_query
from corpus_search.searching.quote_match import Unsupported, match_quotations
from corpus_search.searching.speakers import (
    SpeakerDirectory,
    list_speakers,
    speaker_words,
    stored_speakers,
)
from corpus_search.searching.suggest import suggest, suggest_speaker

__all__ = [
    "find_quotes",
    "list_speakers",
    "search_quoted",
    "speaker_words",
    "with_quotations",
]

# Words and phrases (the default fields) match the quotation; other fields its document.
_DOCUMENT_FIELDS = ("author", "path", "tags", "date", "title")


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
    match the quotation, ``author:``, ``date:``, ``tags:`` and ``path:`` its document), said by the
    speaker ``speaker`` names (:mod:`.speakers`: the person a full name names, else every speaker
    whose name has all its words); best match first, or in document order without a query.
    Speakers are named as ``speakers`` lists them. Raises QueryError for a query that cannot run."""
    limit, page = max(1, limit), max(1, page)
    if speaker is not None and not speaker_words(speaker):
        raise QueryError(f"--speaker {speaker!r} has no words to look for")
    with index.searcher() as searcher:
        q = _quote_query(index.schema, query, match_all) if query and query.strip() else None
        if q is not None:
            check_expansions(q, searcher.reader())
        directory = SpeakerDirectory(searcher)
        docs: set[int] | None = None
        selects: Callable[[str], bool] | None = None
        if speaker:
            docs, selects = directory.documents_of(speaker)
        candidates = [
            c for c in _candidates(searcher, q, docs) if selects is None or selects(c["speaker"])
        ]
        matched: list[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]
        if q is None:
            matched = [(c, ()) for c in candidates]
        else:
            try:
                matched = match_quotations(q, candidates, searcher)
            except Unsupported:  # a query node the direct test does not know: let Whoosh decide
                matched = _matching(index.schema, q, candidates)
        offset = (page - 1) * limit
        shown = matched[offset : offset + limit]
        hits = tuple(_quote_hit(c, spans, directory.display(c["speaker"])) for c, spans in shown)
        spelling = speaker_spelling = None
        if not matched:  # "Did you mean", as search offers it
            spelling = suggest(searcher, query) if q is not None and query else None
            speaker_spelling = suggest_speaker(searcher, speaker) if speaker else None
    return QuoteResult(
        query=query or "",
        speaker=speaker or "",
        total=len(matched),
        quotes=hits,
        page=page,
        limit=limit,
        suggestion=spelling,
        speaker_suggestion=speaker_spelling,
    )


def search_quoted(
    index: Index, query: str, *, speaker: str, match_all: bool = True, **options: Any
) -> tuple[SearchResult, str | None]:
    """``search QUERY --speaker NAME``: the documents where ``speaker`` is quoted saying
    something that matches ``query`` (any quotation of theirs when it is empty), ranked as
    :func:`.results.search` ranks them, with the speaker's first such quotation as the snippet
    when there are no query words to show; and ``speaker`` respelt when nobody matched."""
    from corpus_search.searching.results import search

    found = find_quotes(index, query, speaker=speaker, limit=1_000_000_000, match_all=match_all)
    first: dict[str, QuoteHit] = {}
    for hit in sorted(found.quotes, key=lambda h: (h.key, h.start)):
        first.setdefault(hit.key, hit)
    result = search(index, query, only_keys=set(first), match_all=match_all, **options)
    if not query.strip():
        result = with_quotations(result, first)
    return result, found.speaker_suggestion


def with_quotations(result: SearchResult, quotations: dict[str, QuoteHit]) -> SearchResult:
    """``result`` (``search --speaker NAME`` with no query: no words to show) with each hit's
    snippet the speaker's first quotation in it ("Jose Mourinho: “We are ...”")."""
    hits = []
    for hit in result.hits:
        quoted = quotations.get(hit.key)
        if quoted is None:
            hits.append(hit)
            continue
        end, more = end_of(quoted.text, 0, _SNIPPET_CHARS)  # a sentence end, else a word
        words = quoted.text[:end].rstrip() + (" …" if more else "")
        snippet = Snippet(text=f"{quoted.speaker}: “{words}”")
        hits.append(replace(hit, snippets=(snippet,)))
    return replace(result, hits=tuple(hits))


_SNIPPET_CHARS = 240


def _quote_query(schema: Any, text: str, match_all: bool) -> Any:
    q = parse_query(schema, text, match_all=match_all)
    return _on_quotes(q).normalize()


def _on_quotes(node: Any, *, word: bool = False) -> Any:
    """The query with its words and phrases moved to the ``quote`` field: a plain word is
    searched in the title and the body (``title:w OR body:w``), and both become the quotation's;
    an explicit ``title:`` stays a field of the document, like ``author:``."""
    field = getattr(node, "fieldname", None)
    if field == "body" or (field == "title" and word):
        node = node.copy()
        node.fieldname = "quote"
        node.boost = 1.0
    if not node.is_leaf():
        # (a plain word's title part has a body twin beside it in the same OR)
        bodies = [c for c in node.children() if getattr(c, "fieldname", None) == "body"]
        twinned = isinstance(node, wq.Or) and bool(bodies)
        node = node.apply(
            lambda child: _on_quotes(child, word=twinned and any(_twins(child, b) for b in bodies))
        )
    return node


def _twins(a: Any, b: Any) -> bool:
    """``a`` and ``b`` look for the same words (in different fields)."""
    same = ("text", "words", "slop")
    return type(a) is type(b) and all(getattr(a, k, None) == getattr(b, k, None) for k in same)


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


def _candidates(searcher: Any, q: Any, docs: set[int] | None) -> Iterator[dict[str, Any]]:
    """The quotations of the documents that may match: those ``q`` (relaxed) finds, among
    ``docs`` when given."""
    if q is not None:
        found = set(searcher.docs_for_query(_relaxed(q).normalize()))
        docs = found if docs is None else docs & found
    elif docs is None:
        docs = set(searcher.docs_for_query(wq.Every("speaker")))
    for docnum in sorted(docs):
        stored = searcher.stored_fields(docnum)
        body = stored.get("body", "")
        date = stored.get("date")
        for _, (start, end, speaker, verb, attribution) in stored_speakers(stored):
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
            doc: dict[str, Any] = {"n": n, "quote": c["text"]}
            for name in _DOCUMENT_FIELDS:
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


def _quote_hit(c: dict[str, Any], spans: tuple[tuple[int, int], ...], speaker: str) -> QuoteHit:
    return QuoteHit(
        speaker=speaker,
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
