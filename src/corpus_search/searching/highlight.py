"""Snippets from stored character offsets.

The body field stores each term's character offsets in its postings (``chars=True``), so a hit's
matches are found by reading a few postings instead of re-tokenising the whole document: fast, and
it works at any depth of a long document. Phrase matches are assembled from word positions so the
whole phrase is one span. Output is plain (text, spans); styling is the renderer's job.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from whoosh import query as wq

from corpus_search._whoosh import expanded_terms
from corpus_search.index.schema import text_characters
from corpus_search.models import Snippet, page_at

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s|\n")

HIGHLIGHT_FIELD = "body"
_Span = TypeVar("_Span", bound=tuple[Any, ...])  # (start char, end char, label, ...)


@dataclass
class Targets:
    """What to highlight: analysed words and phrases (word lists with a slop)."""

    words: set[str] = field(default_factory=set)
    phrases: list[tuple[tuple[str, ...], int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def targets_for(q: Any, reader: Any) -> Targets:
    """Collect the words and phrases of ``q`` that can appear in the body (not under NOT)."""
    targets = Targets()

    def visit(node: Any) -> None:
        if isinstance(node, wq.Not):
            return
        name = getattr(node, "fieldname", None)
        if isinstance(node, wq.Phrase) and name in ("title", HIGHLIGHT_FIELD):
            targets.phrases.append((tuple(node.words), max(1, node.slop)))
        elif isinstance(node, wq.Term) and name in ("title", HIGHLIGHT_FIELD):
            targets.words.add(str(node.text))
        elif isinstance(node, wq.MultiTerm) and name == HIGHLIGHT_FIELD:
            for btext in expanded_terms(node, reader):
                targets.words.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
        elif not node.is_leaf():
            for child in node.children():
                visit(child)

    visit(q)
    return targets


def match_spans(
    reader: Any, docnum: int, targets: Targets, matchers: dict[Any, Any] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, label) character spans of the targets in one document of a leaf reader.

    ``matchers``: posting matchers kept between calls for documents of one search; ask for
    documents in increasing order per reader and each word's posting list is read once. It may
    hold ``DecodedPostings`` under ``decoded_key`` for words the scorer has read already.
    """
    return [(s, e, label) for s, e, label, _, _ in _matches(reader, docnum, targets, matchers)]


def match_positions(
    reader: Any, docnum: int, targets: Targets, matchers: dict[Any, Any] | None = None
) -> list[tuple[int, int]]:
    """The (first, last) word positions of each match of :func:`match_spans`, in text order."""
    return [(first, last) for _, _, _, first, last in _matches(reader, docnum, targets, matchers)]


_Match = tuple[int, int, str, int, int]  # start char, end char, label, first and last position


def _matches(
    reader: Any, docnum: int, targets: Targets, matchers: dict[Any, Any] | None
) -> list[_Match]:
    cache: dict[str, list[tuple[int, int, int]]] = {}

    def occurrences(word: str) -> list[tuple[int, int, int]]:
        if word not in cache:
            cache[word] = _postings_chars(reader, docnum, word, matchers)
        return cache[word]

    return _targets_found(occurrences, targets)


def title_spans(title: str, targets: Targets) -> list[tuple[int, int]]:
    """[start, end) character spans of the targets in a title. The title field keeps positions
    but no character offsets, so the title (a few words) is analysed again, as it was indexed."""
    found = text_characters(title)
    return [(s, e) for s, e, _, _, _ in _targets_found(lambda w: found.get(w, []), targets)]


def _targets_found(
    occurrences: Callable[[str], list[tuple[int, int, int]]], targets: Targets
) -> list[_Match]:
    """Every phrase and word of ``targets`` found in a text whose words' (position, start char,
    end char) ``occurrences`` gives, in text order, a phrase winning over its own words."""
    found: list[_Match] = []
    for words, slop in targets.phrases:
        label = " ".join(words)
        per_word = [occurrences(w) for w in words]
        found.extend((s, e, label, p, q) for s, e, p, q in _phrase_matches(per_word, slop))
    for word in targets.words:
        found.extend((s, e, word, p, p) for p, s, e in occurrences(word))
    return sorted(_drop_nested(found))


class DecodedPostings:
    """One word's body postings in one segment, already read and unpickled (by the scorer), so
    snippets look them up instead of reading the same blocks again. Not ``complete``: only some
    documents' postings (those an AND still needed)."""

    def __init__(self, ids: list[int], values: list[Any], decode: Any, *, complete: bool) -> None:
        self.ids = ids
        self.values = values
        self.decode = decode
        self.complete = complete

    def characters(self, docnum: int) -> list[tuple[int, int, int]] | None:
        """The word's occurrences in ``docnum``, or None if this list cannot tell."""
        i = bisect_left(self.ids, docnum)
        if i == len(self.ids) or self.ids[i] != docnum:
            return [] if self.complete else None
        return [(p, s, e) for p, s, e in self.decode(self.values[i])]


def decoded_key(reader: Any, word: str) -> tuple[int, bytes]:
    """The key of ``match_spans``'s ``matchers`` cache for a word's body postings in ``reader``."""
    return (id(reader), word.encode("utf-8"))


def _postings_chars(
    reader: Any, docnum: int, word: str, matchers: dict[Any, Any] | None = None
) -> list[tuple[int, int, int]]:
    key = decoded_key(reader, word)
    btext = key[1]
    matcher = matchers.get(key) if matchers is not None else None
    if isinstance(matcher, DecodedPostings):
        found = matcher.characters(docnum)
        if found is not None:
            return found
        matcher = None  # a list without this document: read its postings from the index
    if matcher is None or not matcher.is_active() or matcher.id() > docnum:
        if (HIGHLIGHT_FIELD, btext) not in reader:
            return []
        matcher = reader.postings(HIGHLIGHT_FIELD, btext)
        if matchers is not None:
            matchers[key] = matcher
    if not matcher.is_active():  # every posting here is a deleted document; skip_to would raise
        return []
    matcher.skip_to(docnum)
    if not matcher.is_active() or matcher.id() != docnum:
        return []
    return [(p, s, e) for p, s, e in matcher.value_as("characters")]


def _phrase_matches(
    per_word: list[list[tuple[int, int, int]]], slop: int
) -> list[tuple[int, int, int, int]]:
    """(start char, end char, first position, last position) of each phrase match."""
    if not per_word or any(not occ for occ in per_word):
        return []
    found = []
    for pos, start, end in per_word[0]:
        last_pos, last_end = pos, end
        for occ in per_word[1:]:
            nxt = next((o for o in occ if last_pos < o[0] <= last_pos + slop), None)
            if nxt is None:
                break
            last_pos, last_end = nxt[0], nxt[2]
        else:
            found.append((start, last_end, pos, last_pos))
    return found


def _drop_nested(spans: list[_Span]) -> list[_Span]:
    """Remove spans inside an earlier, longer one (a phrase wins over its own words)."""
    kept: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def make_snippets(
    text: str,
    spans: list[tuple[int, int, str]],
    *,
    fragments: int = 3,
    context: int = 80,
    skip: int = 0,
    pages: tuple[int, ...] = (),
) -> tuple[Snippet, ...]:
    """Up to ``fragments`` sentence-aware fragments: the most distinct matches, in text order.

    Every match inside a fragment's text is one of its spans, including those of a neighbouring
    cluster that the context reaches. ``skip``: characters at the start of ``text`` that are not
    shown in snippets (a title taken from the first line, printed above them already). With
    ``pages`` (a PDF's page starts) each fragment carries the page of its first match.
    """
    if fragments <= 0 or not text:
        return ()
    if skip:
        spans = [span for span in spans if span[0] >= skip]
    if not spans:
        return (_fragment(text, skip, skip, [], context * 2, skip, pages),)
    clusters: list[list[tuple[int, int, str]]] = []
    for span in spans:
        if (
            clusters
            and span[0] - clusters[-1][-1][1] <= context
            and span[1] - clusters[-1][0][0] <= context * 2
        ):
            clusters[-1].append(span)
        else:
            clusters.append([span])
    best = sorted(
        range(len(clusters)),
        key=lambda i: (-len({s[2] for s in clusters[i]}), -len(clusters[i]), i),
    )[:fragments]
    return tuple(
        _fragment(text, clusters[i][0][0], clusters[i][-1][1], spans, context, skip, pages)
        for i in sorted(best)
    )


def _fragment(
    text: str,
    first: int,
    last: int,
    spans: list[tuple[int, int, str]],
    context: int,
    skip: int,
    pages: tuple[int, ...] = (),
) -> Snippet:
    """The text around ``first``..``last`` with every span it shows (cut at its edges)."""
    start, prefix = _start_of(text, first, context, skip)
    end, suffix = end_of(text, last, context)
    body = text[start:end].replace("\n", " ").replace("\t", " ")
    stripped = body.lstrip()
    shift = start + (len(body) - len(stripped))
    body = stripped.rstrip()
    out = prefix + body + suffix
    offset = len(prefix) - shift
    low, high = shift, shift + len(body)  # the shown part of text
    shown = []
    # Spans are sorted and do not overlap: only the one before the first starting at ``low`` can
    # reach into the shown part from before it.
    for s, e, _ in spans[max(0, bisect_left(spans, (low,)) - 1) :]:
        if s >= high:
            break
        if e > low:
            shown.append((max(s, low) + offset, min(e, high) + offset))
    return Snippet(out, tuple(shown), page_at(pages, first))


def _start_of(text: str, first: int, context: int, skip: int = 0) -> tuple[int, str]:
    """Start at a sentence start within ``context`` chars before ``first``, else at a word; never
    before ``skip``."""
    lo = max(skip, first - context)
    if lo == skip:
        return skip, ""
    window = text[lo:first]
    boundary = None
    for m in _SENTENCE_END.finditer(window):
        boundary = m.end()
    if boundary is not None:
        return lo + boundary, ""
    space = window.find(" ")
    return (lo + space + 1 if space != -1 else lo), "…"


def end_of(text: str, last: int, context: int) -> tuple[int, str]:
    """End at a sentence end within ``context`` chars after ``last``, else at a word."""
    hi = min(len(text), last + context)
    if hi == len(text):
        return hi, ""
    window = text[last:hi]
    m = _SENTENCE_END.search(window)
    if m is not None:
        return last + m.start() + 1, ""
    space = window.rfind(" ")
    return (last + space if space > 0 else hi), "…"


def title_lead(title: str, text: str) -> int:
    """How many characters at the start of ``text`` repeat ``title`` as its first line (a title
    taken from the text), else 0."""
    stripped = text.lstrip()
    if not title.strip() or not stripped.startswith(title):
        return 0
    end = len(text) - len(stripped) + len(title)
    return end if text[end : end + 1] in ("", "\n", "\r") else 0


def highlight_whole(reader: Any, docnum: int, targets: Targets, text: str) -> Snippet:
    """The whole text with every match as a span (for ``show --query``)."""
    return Snippet(text, tuple((s, e) for s, e, _ in match_spans(reader, docnum, targets)))
