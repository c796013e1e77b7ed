"""Quotations whose closing mark is missing in the source, cut back to what each speaker said
(see :func:`without_runaways`)."""

from __future__ import annotations

import re

from corpus_search.documents.attribution import attribution
from corpus_search.documents.name_words import SENTENCE_BREAK, name_in
from corpus_search.documents.quote_marks import reopenings
from corpus_search.documents.speech_words import in_first_person

__all__ = ["without_runaways"]


def without_runaways(
    text: str, spans: list[tuple[int, int, int, int]]
) -> list[tuple[int, int, int, int]]:
    """Quotations whose closing mark is missing in the source run on, reopened sentence by
    sentence, into the narration after them and the next quotation (``X added: "A. "B. Then Y
    said ... "C," Y said``). When the speaker named after such a run is mentioned inside it, the
    run is cut there: the parts before the mention are one quotation (X's), the part after it
    another (Y's), and the narration between is neither."""
    out = []
    for span in spans:
        start, end, open_at, close_at = span
        parts = reopenings(text, open_at, close_at) if close_at - open_at > 200 else []
        found = attribution(text, open_at, close_at, open_at) if parts else None
        name = name_in(found[0])[0] if found and found[3] >= close_at else ""
        mention = None
        if name:
            surname = re.escape(name.split()[-1])
            mention = re.search(r"\b" + surname + r"\b", text[open_at : parts[-1]])
        if mention is None:
            out.append(span)
            continue
        at = open_at + mention.start()
        last_part = max([open_at, *(p for p in parts if p < at)])
        after = next(p for p in parts if p > at)
        # X's words go on up to the narration: the first sentence in the third person before the
        # one that names Y ("... at times. Meanwhile, Y ..."), else that one.
        breaks = [m.start() + 1 for m in SENTENCE_BREAK.finditer(text, last_part, at)]
        first_end = breaks[-1] if breaks else last_part
        for k, b in enumerate(breaks):
            following = text[b : breaks[k + 1] if k + 1 < len(breaks) else at]
            if not in_first_person(following):
                first_end = b
                break
        while first_end > start and text[first_end - 1].isspace():
            first_end -= 1
        if first_end > start:
            out.append((start, first_end, open_at, first_end))
        out.append((after + 1, end, after, close_at))
    return out


