"""'Did you mean': the query with its misspelt words replaced by the likeliest indexed words.

Candidates are the words of the ``spell`` field (unstemmed, folded; each word once per segment)
within two edits of a query word that share its first letter. They are ranked as good spellers
rank them: the smallest Damerau-Levenshtein distance first (a swap of two neighbouring letters is
one edit), then the number of documents that hold the word (its stemmed term in the body or title:
the spell field cannot tell, it holds each word once per segment), then alphabetically.

A word is corrected when the index has never seen it; and when the query found only a handful of
documents (at most ``FEW_HITS``), also when a word one edit away is far more common
(``FAR_MORE_COMMON`` times), as ``goverment`` (1 document, via "governess") -> ``government``.
Every word of a multi-word query is corrected on its own, and keeps the case it was typed in.
A field's word (``title:chelsae``, ``author:whitferd``, ``path:politcs/012.txt``) is corrected
against the words of that field's spelling source (``SPELLING_SOURCES``): title and body words
against the spell field, author, path and tag words against the field itself.
scripts/spelling_accuracy.py measures the accuracy on a typo set made from BBC News.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from corpus_search._whoosh import words_with_prefix
from corpus_search.index import Index
from corpus_search.index.schema import DEFAULT_FIELDS

from .query import OPERATORS

# A word of a query string (also the first of a phrase), not a field name, wildcard, fuzzy
# term, or a word excluded with "-";
# or a field's value (``title:chelsae``, ``path:bbc/politcs/012.txt``), not excluded either.
_WORD = re.compile(
    r"(?<![\w:*~-])(?:(?P<field>[a-z]+):(?P<value>[^\s()\"]+)|([^\W\d_][\w'’-]*)(?![\w:*~]))"
)
# The words of a field's value: a path's parts between "/", "\\" and "." (as the path field
# splits it; one with a wildcard is left alone), else words as in _WORD (a value with a
# wildcard, a fuzzy "~" or a range is left alone).
_VALUE_WORDS = {"path": re.compile(r"[^/\\.\s]+")}
_VALUE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NOT_WORDS = re.compile(r"[*?~\[\]{}]")
# Where a field's words are looked up: title and body words are in the spell field (the
# unstemmed words of both); author, path and tags hold unstemmed words themselves.
SPELLING_SOURCES = {
    "title": "spell",
    "body": "spell",
    "author": "author",
    "path": "path",
    "tags": "tags",
}

MAX_EDITS = 2
FEW_HITS = 5  # a query finding at most this many documents may still be misspelt
FAR_MORE_COMMON = 10  # ... when a word one edit away is in this many times more documents


def suggest_for(index: Index, text: str) -> str | None:
    """:func:`suggest` for a query that found nothing, from an index (the views' zero hits)."""
    with index.searcher() as searcher:
        return suggest(searcher, text)


def suggest(searcher: Any, text: str, *, hits: int = 0) -> str | None:
    """``text`` with its misspelt words corrected, or None if no word changed.

    ``hits``: how many documents ``text`` found; above ``FEW_HITS`` only words the index has
    never seen are corrected.
    """
    reader = searcher.reader()
    schema = searcher.schema
    spellers: dict[str, _Speller] = {}

    def speller(source: str) -> _Speller:
        if source not in spellers:
            spellers[source] = _Speller(reader, schema, source)
        return spellers[source]

    spans = (
        (source, start, end)
        for m in _WORD.finditer(text)
        if text[max(0, m.start() - 4) : m.start()] != "NOT "
        for source, start, end in _words_to_check(m)
        if source in schema and text[start:end] not in OPERATORS
    )
    return _respelled(text, spans, speller, few_hits=hits <= FEW_HITS)


def suggest_speaker(searcher: Any, name: str) -> str | None:
    """``name`` (a ``--speaker NAME``) with each word that is in no speaker's name replaced by the
    likeliest word of one (ranked as :func:`suggest` ranks, by documents quoting it), or None if
    no word changed. Words some speaker has are left alone: it reads only the speaker field's
    word list, not who has which words."""
    schema = searcher.schema
    if "speaker" not in schema:
        return None
    speller = _Speller(searcher.reader(), schema, "speaker")
    spans = (("speaker", m.start(), m.end()) for m in _VALUE_WORD.finditer(name))
    return _respelled(name, spans, lambda _: speller, few_hits=False)


def _respelled(
    text: str,
    spans: Iterable[tuple[str, int, int]],
    speller: Callable[[str], _Speller],
    *,
    few_hits: bool,
) -> str | None:
    """``text`` with each word at ``spans`` (spelling source, start, end) that ``speller(source)``
    corrects replaced, keeping the user's case; None if no word changed."""
    pieces: list[str] = []
    last = 0
    # a word repeated 300 times is looked up once (was 12 s)
    known: dict[tuple[str, str], str | None] = {}
    for source, start, end in spans:
        word = text[start:end]
        folded = speller(source).folded(word)
        if folded is None:
            continue
        if (source, folded) not in known:
            known[source, folded] = speller(source).correct(folded, few_hits=few_hits)
        found = known[source, folded]
        if found is not None:
            pieces.append(text[last:start] + _with_case_of(word, found))
            last = end
    return "".join(pieces) + text[last:] if pieces else None


def _words_to_check(m: re.Match[str]) -> list[tuple[str, int, int]]:
    """The words of one ``_WORD`` match to check, each with its spelling source and place."""
    if m.group("field") is None:
        return [("spell", m.start(3), m.end(3))]
    field, value = m.group("field"), m.group("value")
    source = SPELLING_SOURCES.get(field)
    if source is None or (field != "path" and _NOT_WORDS.search(value)):
        return []
    words = _VALUE_WORDS.get(field, _VALUE_WORD).finditer(value)
    base = m.start("value")
    return [
        (source, base + w.start(), base + w.end())
        for w in words
        if w[0].isalpha() and not _NOT_WORDS.search(w[0])  # a path part: "003*" is no word
    ]


def _with_case_of(typed: str, word: str) -> str:
    """``word`` written in the case ``typed`` was: BLAIR, Blair or blair."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class _Speller:
    """Corrections of single folded words against one reader's words of ``source``: the spell
    field (for the body and title, whose stemmed terms count the documents), or a field of
    unstemmed words (author, path, tags), which counts them itself."""

    def __init__(self, reader: Any, schema: Any, source: str = "spell") -> None:
        self.reader = reader
        self.source = source
        self.field = schema[source]
        if source == "spell":
            self.analyzer = schema[DEFAULT_FIELDS[0]].analyzer  # the stemmed text analyzer
            self.counted: tuple[str, ...] = DEFAULT_FIELDS
        else:
            self.analyzer = self.field.analyzer
            self.counted = (source,)

    def folded(self, word: str) -> str | None:
        """``word`` as ``source`` indexes it (case and accents folded); None unless one word."""
        tokens = [t.text for t in self.field.analyzer(word)]
        return tokens[0] if len(tokens) == 1 else None

    def terms(self, word: str) -> list[str]:
        """``word`` as the searched fields index it (stemmed in body and title; none for a stop
        word)."""
        return [t.text for t in self.analyzer(word, mode="query")]

    def documents(self, word: str) -> int:
        """How many documents hold ``word`` (its term, in the body or title, or ``source``)."""
        terms = self.terms(word)
        if len(terms) != 1:
            return 0
        return max(int(self.reader.doc_frequency(name, terms[0])) for name in self.counted)

    def correct(self, word: str, *, few_hits: bool) -> str | None:
        """The best correction of ``word``, or None to leave it as it is.

        A word that finds no document is replaced by the best word within ``MAX_EDITS``. One that
        finds documents (maybe as another word with its stem: "goverment" finds "governess")
        only with ``few_hits``: by a word one edit away in ``FAR_MORE_COMMON`` times as many
        documents, or, if the index never saw it written so, by a spelling of the same stem.
        """
        if not self.terms(word):
            return None  # a stop word: never searched, never wrong
        own = self.documents(word)
        if own and not few_hits:
            return None
        seen = (self.source, word) in self.reader
        near = self.near_words(word, 1 if seen else MAX_EDITS)
        if not near:
            return None
        best_distance = min(near.values())
        most, best = min((-self.documents(w), w) for w, d in near.items() if d == best_distance)
        if own and not (not seen and self.terms(best) == self.terms(word)):
            if best_distance > 1 or -most < FAR_MORE_COMMON * own:
                return None
        return best

    def near_words(self, word: str, maxdist: int) -> dict[str, int]:
        """Indexed words within ``maxdist`` edits of ``word`` sharing its first letter, with their
        distances.

        Each segment's words with the first letter are read in one piece, and the distance is
        computed only for words of a near length lacking at most ``maxdist`` of ``word``'s
        letters (each such letter costs an edit).
        """
        start = self.field.to_bytes(word[:1])
        shortest, longest = len(word) - maxdist, len(word) + maxdist
        absent = str.maketrans("", "", word)  # deletes the word's letters
        near: dict[str, int] = {}
        checked: set[bytes] = set()
        for leaf, _ in self.reader.leaf_readers():
            # UTF-8: 1 to 4 bytes a letter
            for btext in words_with_prefix(leaf, self.source, start, shortest, 4 * longest):
                if btext in checked:
                    continue
                checked.add(btext)
                other = btext.decode("utf-8")
                if not shortest <= len(other) <= longest or other == word:
                    continue
                if len(other.translate(absent)) > maxdist:
                    continue
                if len(word.translate(str.maketrans("", "", other))) > maxdist:
                    continue
                distance = _distance(other, word, maxdist)
                if distance <= maxdist:
                    near[other] = distance
        return near


def _distance(a: str, b: str, maxdist: int) -> int:
    """The Damerau-Levenshtein distance of ``a`` and ``b`` (optimal string alignment, as Whoosh's
    ``damerau_levenshtein``; tests compare them) if at most ``maxdist``, else ``maxdist + 1``."""
    if not _within(a, b, maxdist):  # most words: one search of the edits, not one per distance
        return maxdist + 1
    for edits in range(maxdist):
        if _within(a, b, edits):
            return edits
    return maxdist


def _within(a: str, b: str, edits: int) -> bool:
    """Whether ``edits`` edits turn ``a`` into ``b``. The common start and end are cut off; then
    the first letters differ and an edit must fix them: a substitution, a deletion, an insertion
    or a swap of the first two letters, each leaving one edit fewer for the rest (at most
    4**edits calls, instead of a len(a) x len(b) table)."""
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    j = 0
    while j < n - i and a[-1 - j] == b[-1 - j]:
        j += 1
    a, b = a[i : len(a) - j], b[i : len(b) - j]
    if not a or not b:
        return len(a) + len(b) <= edits
    if edits == 0 or abs(len(a) - len(b)) > edits:
        return False
    left = edits - 1
    return (
        _within(a[1:], b[1:], left)
        or _within(a[1:], b, left)
        or _within(a, b[1:], left)
        or (
            len(a) > 1
            and len(b) > 1
            and a[0] == b[1]
            and a[1] == b[0]
            and _within(a[2:], b[2:], left)
        )
    )
