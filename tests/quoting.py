"""What the quotation tests compare: each quotation found in a text as its opening words and its
speaker (and how it was attributed), with its offsets checked against the text."""

from __future__ import annotations

from corpus_search.documents.quotations import find_quotations


def speakers_and_kinds(text: str) -> list[tuple[str, str, str]]:
    """(opening words, speaker, attribution) of each quotation found, checking the offsets."""
    out = []
    for q in find_quotations(text):
        assert text[q.start : q.end] == q.text
        out.append((" ".join(q.text.split()[:3]), q.speaker, q.attribution))
    return out


def speakers(text: str) -> list[tuple[str, str]]:
    """(opening words, speaker) of each quotation found, checking the offsets."""
    return [(opening, speaker) for opening, speaker, _ in speakers_and_kinds(text)]
