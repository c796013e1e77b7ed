"""The Whoosh schema, its analyzers, and Document -> field values.

Two analyzers: ``TEXT_ANALYZER`` (stemmed, for ranking and phrases) and ``WORD_ANALYZER``
(unstemmed, for author names and for the ``spell`` field that feeds "Did you mean" suggestions;
Whoosh's corrector needs real words, and ``spelling=True`` on a stemmed field breaks fuzzy queries).
Both fold case and accents, so "Caban" finds "Cabán".
"""

from __future__ import annotations

import json
from typing import Any

import Stemmer
from whoosh import analysis, fields
from whoosh.support.charset import accent_map

from .models import Document

# Bump when the schema or an analyzer changes: older indexes must then be rebuilt (--rebuild).
SCHEMA_VERSION = 1

# Fields a user may name in a query (``author:whitford``), in help and error order.
QUERY_FIELDS: tuple[str, ...] = ("title", "body", "author", "path", "tags", "date")
DEFAULT_FIELDS: tuple[str, ...] = ("title", "body")

_stemmer = Stemmer.Stemmer("english")


def stem_english(word: str) -> str:
    """Snowball English (PyStemmer, C speed). Module-level so the schema pickles by reference."""
    return str(_stemmer.stemWord(word))


def _folding(tokenizer: Any) -> Any:
    return tokenizer | analysis.LowercaseFilter() | analysis.CharsetFilter(accent_map)


TEXT_ANALYZER = (
    _folding(analysis.RegexTokenizer())
    | analysis.StopFilter()
    | analysis.StemFilter(stemfn=stem_english, cachesize=100_000)
)
WORD_ANALYZER = _folding(analysis.RegexTokenizer())
PATH_ANALYZER = _folding(analysis.RegexTokenizer(r"[^/\\.\s]+"))


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
    )


def document_fields(doc: Document) -> dict[str, Any]:
    """The keyword arguments for ``writer.add_document`` for one document."""
    values: dict[str, Any] = {
        "key": doc.key,
        "path": doc.path or doc.key,
        "title": doc.title,
        "body": doc.text,
        "spell": f"{doc.title}\n{doc.text}",
        "meta": json.dumps(
            {
                "size": doc.size,
                "mtime": doc.mtime,
                "sha256": doc.sha256,
                "encoding": doc.encoding,
                "format": doc.format,
                "truncated": doc.truncated,
                "warnings": list(doc.warnings),
            }
        ),
    }
    if doc.doc_id:
        values["doc_id"] = doc.doc_id
    if doc.author:
        values["author"] = doc.author
    if doc.date is not None:
        values["date"] = doc.date  # DATETIME takes only datetime objects
    if doc.tags:
        values["tags"] = ",".join(doc.tags)
    return values
