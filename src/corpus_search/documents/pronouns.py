"""Who "he" or "she" is: the antecedent of a pronoun among the people a document mentions."""

from __future__ import annotations

import re
from bisect import bisect_left

from corpus_search.documents.person import Person, sentence_start_in

__all__ = ["antecedent", "nearest_in_sentence"]


def antecedent(
    text: str,
    mentions: list[tuple[int, str]],
    speaking: set[tuple[int, str]],
    by_surname: dict[str, Person],
    pos: int,
    gender: str = "",
) -> Person | None:
    """Going back sentence by sentence from ``pos``, the first person mentioned in the nearest
    sentence that mentions one (its subject, more often than not: "X, chairman of Y, called on Z
    to ... "...," he said" is X). ``mentions`` are (position, key) in order, ``speaking`` those
    that are a sentence's speaker. With ``gender`` ("m", "f"), people known to be of the other
    gender are passed over."""

    def fits(j: int) -> bool:
        person = by_surname.get(mentions[j][1])
        return not gender or person is None or person.gender in ("", gender)

    i = bisect_left(mentions, (pos, "")) - 1
    while i >= 0 and not fits(i):
        i -= 1
    if i < 0:
        return None
    last = i
    for _ in range(3):
        last = i
        sentence_start = sentence_start_in(text, mentions[i][0])
        j = i
        while j > 0 and mentions[j - 1][0] >= sentence_start:
            j -= 1
            if fits(j):
                i = j
        opener = _PRONOUN_OPENS.match(text, sentence_start)
        earlier = j - 1
        while earlier >= 0 and not fits(earlier):
            earlier -= 1
        if earlier < 0 or opener is None or mentions[i][0] < opener.end():
            break
        # "He said they had met Mr Ross.": the names there are objects; "he" is still the
        # person before, so look one sentence further back.
        i = earlier
    # "X said ..., but Y rejected his comments": the subject after "but" is who speaks next
    for k in range(i + 1, len(mentions)):
        at = mentions[k][0]
        if at >= pos or _SENTENCE_END.search(text, mentions[i][0], at):
            break
        if fits(k) and _AFTER_BUT.search(text, max(0, at - 40), at):
            return by_surname.get(mentions[k][1])
    # A quotation credited in that sentence makes its speaker the one "he" goes on: "Mr
    # Brown's plan was "...", the Tory leader said. "...," he said" is the Tory leader.
    for k in range(last, i - 1, -1):
        if mentions[k] in speaking and fits(k):
            return by_surname.get(mentions[k][1])
    return by_surname.get(mentions[i][1])


def nearest_in_sentence(
    text: str,
    mentions: list[tuple[int, str]],
    by_surname: dict[str, Person],
    pos: int,
    gender: str = "",
) -> Person | None:
    """The person mentioned last before ``pos`` in its sentence ("X failed to deny claims he
    had told Y": X), passing over people known to be of the other gender."""
    start = sentence_start_in(text, pos)
    i = bisect_left(mentions, (pos, "")) - 1
    while i >= 0 and mentions[i][0] >= start:
        person = by_surname.get(mentions[i][1])
        if person is not None and (not gender or person.gender in ("", gender)):
            return person
        i -= 1
    return None


# "He ...", "But he ...", "Now he ...": a sentence about the person "he" already is
_PRONOUN_OPENS = re.compile(
    r"[\"“]?(?:(?:But|And|So|Yet|Now|Then|Later|Still|Instead|Earlier|Meanwhile),? )?"
    r"(?:[Hh]e|[Ss]he) "
)
# "..., but Tennis Australia's Geoff Pollard": a clause of its own, its subject a new speaker
_AFTER_BUT = re.compile(
    r"(?:[,;\"”]|[a-z]) but (?:(?:the|[A-Z][\w\-]*(?:['’]s)?|[a-z][\w\-]*['’]s) ){0,3}\Z"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s")
