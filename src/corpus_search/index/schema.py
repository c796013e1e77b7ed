"""The Whoosh schema, its analyzers, and Document -> field values.

Two analyzers: ``TEXT_ANALYZER`` (stemmed, for ranking and phrases) and ``WORD_ANALYZER``
(unstemmed, for author names and for the ``spell`` field that feeds "Did you mean" suggestions;
Whoosh's corrector needs real words, and ``spelling=True`` on a stemmed field breaks fuzzy queries).
Both fold case and accents, so "Caban" finds "Cabán".
"""

from __future__ import annotations

import json
import re
from typing import Any

import Stemmer
from whoosh import analysis, columns, fields
from whoosh.support.charset import accent_map

from corpus_search.index.sketch import sketch, sketches_disabled
from corpus_search.models import Document

# Bump format.SCHEMA_VERSION when the schema or an analyzer changes.

# Fields a user may name in a query (``author:whitford``), in help and error order.
QUERY_FIELDS: tuple[str, ...] = ("title", "body", "author", "path", "tags", "date")
DEFAULT_FIELDS: tuple[str, ...] = ("title", "body")

_stemmer = Stemmer.Stemmer("english")


def stem_english(word: str) -> str:
    """Snowball English (PyStemmer, C speed). Module-level so the schema pickles by reference."""
    return str(_stemmer.stemWord(word))


def _folding(tokenizer: Any) -> Any:
    return tokenizer | analysis.LowercaseFilter() | analysis.CharsetFilter(accent_map)


# Lucene's (and so Anserini's) English stop words: 33 function words. Whoosh's default list also
# drops content words such as "can", "may", "us", "we" and "you", and cost 0.006 nDCG@10 on SciFact.
STOP_WORDS: frozenset[str] = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then "
    "there these they this to was will with".split()
)

TEXT_ANALYZER = (
    _folding(analysis.RegexTokenizer())
    # minsize=1: single letters and digits are words too ("vitamin D", "type 2", "IL-6").
    | analysis.StopFilter(stoplist=STOP_WORDS, minsize=1)
    | analysis.StemFilter(stemfn=stem_english, cachesize=100_000)
)
WORD_ANALYZER = _folding(analysis.RegexTokenizer())
PATH_ANALYZER = _folding(analysis.RegexTokenizer(r"[^/\\.\s]+"))

# TEXT_ANALYZER in one pass, for indexing (the writer in segment.py): Whoosh's chain runs four
# generators per token and builds a Token object for each; this is one regex scan and one dict
# lookup per token (raw token -> term, None for a stop word). It must give exactly the analyzer's
# terms, positions and character offsets: tests/test_segment.py compares them.
_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")  # RegexTokenizer's default pattern, no group
_TERMS: dict[str, str | None] = {}
_TERMS_MAX = 500_000  # distinct raw tokens cached before the cache starts again


def _text_term(raw: str) -> str | None:
    word = raw.lower().translate(accent_map)
    if len(word) < 1 or word in STOP_WORDS:  # StopFilter(minsize=1)
        return None
    return stem_english(word)


def word_term(raw: str) -> str | None:
    """``TEXT_ANALYZER``'s term for one token (``polic`` for "Police"; None for a stop word)."""
    return _text_term(raw)


def word_terms(raws: list[str]) -> list[str | None]:
    """:func:`word_term` of many tokens at once, stemmed in one call without the stemmer's
    cache (3x faster for words seen once, as in a view over many documents' text)."""
    words = [raw.lower().translate(accent_map) for raw in raws]
    stems = Stemmer.Stemmer("english", 0).stemWords(words)
    return [None if w in STOP_WORDS else s for w, s in zip(words, stems, strict=True)]


def text_characters(text: str) -> dict[str, list[tuple[int, int, int]]]:
    """``TEXT_ANALYZER``'s terms of ``text``, in order of first occurrence, each with its
    occurrences' (position, start char, end char).

    Positions follow ``StopFilter(renumber=True)``: the first kept token keeps its token number,
    each later kept token is one more than the previous kept one.
    """
    terms = _TERMS
    if len(terms) > _TERMS_MAX:
        terms.clear()
    out: dict[str, list[tuple[int, int, int]]] = {}
    pos = -1
    for i, match in enumerate(_TOKEN.finditer(text)):
        raw = match[0]
        try:
            term = terms[raw]
        except KeyError:
            term = terms[raw] = _text_term(raw)
        if term is None:
            continue
        pos = i if pos < 0 else pos + 1
        start, end = match.span()
        found = out.get(term)
        if found is None:
            out[term] = [(pos, start, end)]
        else:
            found.append((pos, start, end))
    return out


def text_positions(text: str) -> dict[str, list[int]]:
    """:func:`text_characters` without the character offsets (for short fields such as titles:
    on a whole body this is ~2x slower than a loop of its own)."""
    return {term: [pos for pos, _, _ in occ] for term, occ in text_characters(text).items()}


def build_schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(unique=True, stored=True, sortable=True),
        path=fields.TEXT(analyzer=PATH_ANALYZER, stored=True, phrase=True),
        doc_id=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(analyzer=TEXT_ANALYZER, stored=True, phrase=True),
        # chars=True stores character offsets, so snippets never re-tokenise the body.
        body=fields.TEXT(analyzer=TEXT_ANALYZER, stored=True, phrase=True, chars=True),
        author=fields.TEXT(analyzer=WORD_ANALYZER, stored=True),
        date=fields.DATETIME(stored=True, sortable=True),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        spell=fields.TEXT(analyzer=WORD_ANALYZER, phrase=False),
        meta=fields.STORED(),
        # The near-duplicate sketch (sketch.py): a column, so listing duplicates reads 512 bytes a
        # document instead of unpickling every stored body; b"" for a text without words.
        sketch=fields.COLUMN(columns.VarBytesColumn()),
        # Each body's distinct terms and their order (termlists.py), for the views that count the
        # words of every matching document; written by the segment writer from its analysis.
        body_terms=fields.COLUMN(columns.VarBytesColumn()),
        # Quotations (documents/quotations.py), in the document's own entry so that an update, a
        # delete or a crash can never leave them out of step with it: the words of all its
        # quotations (to find candidate documents), its speakers, and each quotation as
        # [start, end, speaker, verb, attribution] (the text is body[start:end]).
        quote=fields.TEXT(analyzer=TEXT_ANALYZER, phrase=True),
        speaker=fields.TEXT(analyzer=WORD_ANALYZER, phrase=False),
        quotes=fields.STORED(),
    )


# WORD_ANALYZER's tokens before folding: RegexTokenizer's default pattern, no group, and without
# its optional "\.?" inside the repeat (same tokens; "\.?" there could backtrack exponentially).
WORD_TOKEN = re.compile(r"\w+(?:\.\w+)*")
_SPELL_MAX = 24  # longer "words" are junk, not typos worth correcting


def _spell_text(doc: Document, seen: set[str] | None) -> str:
    """What the ``spell`` field indexes for ``doc``.

    The corrector only reads the field's word list, never its postings, so with ``seen`` (one set
    per writer, i.e. per segment) each word is indexed once per segment, in the first document that
    has it. That halves the cost of indexing (the spell field otherwise analyses and posts every
    body word again). The price: a word whose only carrier document is deleted can drop out of the
    suggestions when segments are merged, until that segment is rewritten.
    """
    if seen is None:
        return f"{doc.title}\n{doc.text}"
    words = set(WORD_TOKEN.findall(doc.title))
    words.update(WORD_TOKEN.findall(doc.text))
    words -= seen
    seen |= words
    # Only words worth suggesting: numbers, codes and uuencoded junk are a third of the terms.
    words = {w for w in words if w.isalpha() and len(w) <= _SPELL_MAX}
    return " ".join(words)


def document_fields(doc: Document, *, spell_seen: set[str] | None = None) -> dict[str, Any]:
    """The keyword arguments for ``writer.add_document`` for one document.

    ``spell_seen``: the words the current writer already indexed in ``spell`` (updated here).
    """
    values: dict[str, Any] = {
        "key": doc.key,
        "path": doc.path or doc.key,
        "title": doc.title,
        "body": doc.text,
        "spell": _spell_text(doc, spell_seen),
        "meta": json.dumps(
            {
                "size": doc.size,
                "mtime": doc.mtime,
                "sha256": doc.sha256,
                "encoding": doc.encoding,
                "format": doc.format,
                "truncated": doc.truncated,
                "warnings": list(doc.warnings),
                "reader": doc.reader,
                **({"pages": list(doc.pages)} if doc.pages else {}),
                **({"attachments": list(doc.attachments)} if doc.attachments else {}),
            }
        ),
    }
    if not sketches_disabled():
        values["sketch"] = sketch(doc.text)
    if doc.doc_id:
        values["doc_id"] = doc.doc_id
    if doc.author:
        values["author"] = doc.author
    if doc.date is not None:
        values["date"] = doc.date  # DATETIME takes only datetime objects
    if doc.tags:
        values["tags"] = ",".join(doc.tags)
    if doc.quotations:
        values["quote"] = "\n".join(q.text for q in doc.quotations)
        values["speaker"] = "\n".join(dict.fromkeys(q.speaker for q in doc.quotations))
        values["quotes"] = json.dumps(
            [[q.start, q.end, q.speaker, q.verb, q.attribution] for q in doc.quotations],
            ensure_ascii=False,
        )
    return values


def stored_meta(stored: dict[str, Any]) -> dict[str, Any]:
    """The ``meta`` facts :func:`document_fields` stored (size, mtime, sha256, encoding, format,
    truncated, warnings, reader) from a document's stored fields; {} when there are none."""
    meta = json.loads(stored.get("meta") or "{}")
    return meta if isinstance(meta, dict) else {}
