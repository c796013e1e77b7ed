"""Quotations and who said them, found in a document's text at indexing time.

``find_quotations(text)`` returns every quotation that has a speaker. Pure, standard library,
no model: it reads quotation marks (:mod:`.quote_marks`) and the attribution news prose puts
around them (:mod:`.attribution`), then resolves who the attribution means (:mod:`.resolve`,
with the document's people from :mod:`.names`).

- **Continued quotations.** A quotation with no attribution of its own continues the previous
  speaker's quotation when it follows it closely (``"...," Malik said. "Further, ..."``).
  Anything else without attribution (scare quotes, titles, nicknames) has no speaker and is not
  returned.
- **Speakers** are names as written at their fullest in the document ("Malik" -> "Mina Malik",
  "Mayor de Blasio" -> "Bill de Blasio"); "he", "she" and "they" are the person last mentioned,
  and a role ("the mayor", "the district attorney") the person introduced with it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from corpus_search.documents.attribution import attribution, reported
from corpus_search.documents.name_runs import fuller_organisation, known_as
from corpus_search.documents.name_words import (
    name_in,
    organisation_in,
)
from corpus_search.documents.names import People
from corpus_search.documents.quote_marks import MAX_QUOTE_CHARS, quote_spans
from corpus_search.documents.resolve import resolve_speaker
from corpus_search.documents.runaways import without_runaways
from corpus_search.documents.speech_words import SPEECH_VERB, Attribution, in_first_person
from corpus_search.models import Quotation

__all__ = ["MAX_QUOTE_CHARS", "Quotation", "find_quotations"]

_CONTINUE_GAP = 200  # characters between a quotation and the one that continues it
# The text read for people around each attributed quotation (and at the start of the document).
_PEOPLE_BEFORE = 2_500
_PEOPLE_AFTER = 300


def find_quotations(text: str) -> tuple[Quotation, ...]:
    """Every quotation in ``text`` that has a speaker, in order (see the module's notes)."""
    if '"' not in text and "“" not in text and "«" not in text:
        return ()
    spans = without_runaways(text, quote_spans(text))
    if not spans:
        return ()
    # First the words around each quotation, then (only if some name a speaker) the people of
    # the document, read near those quotations: long posts full of scare quotes stay cheap.
    explicit: list[Attribution | None] = []
    before: list[Attribution | None] = []
    for i, (_, _, open_at, close_at) in enumerate(spans):
        prior_span = (spans[i - 1][2], spans[i - 1][3]) if i else None
        previous_end = prior_span[1] if prior_span else 0
        explicit.append(attribution(text, open_at, close_at, previous_end))
        unnamed = explicit[-1] is None or explicit[-1][0] == "it"
        before.append(reported(text, open_at, close_at, prior_span) if unnamed else None)
    regions = [
        (max(0, s[2] - _PEOPLE_BEFORE), s[3] + _PEOPLE_AFTER)
        for s, a, b in zip(spans, explicit, before, strict=True)
        if a is not None or b is not None
    ]
    if not regions:
        return ()
    people = People(text, [(s[2], s[3]) for s in spans], [(0, _PEOPLE_BEFORE), *regions])
    # Whoever a quotation names is a person before any "he" is resolved ("...," explains
    # Conti. "..." he says: Conti, not the last capitalised word before).
    for ref in explicit:
        if ref is not None and ref[0].split()[0].lower() not in ("the", "a", "an"):
            name = name_in(ref[0])[0]
            if name and not organisation_in(name):
                people.add(name)
    people.index_mentions()
    if "spokes" in text:
        # "A Home Office spokesman said the system was ... He added "...": the spokesman
        for a, b in people.regions:
            for m in _UNNAMED_SAYS.finditer(text, a, b):
                person = people.described(m.group(1), m.start(1))
                people.mentioned(m.start(1), person.key)
    found: list[Quotation] = []
    previous: tuple[int, str, str] | None = None  # (end, speaker, verb) of the last quotation
    fuller: dict[str, str] = {}  # each speaker at its fullest ("Contrack International")
    for i, (start, end, open_at, close_at) in enumerate(spans):
        ref = explicit[i]
        speaker = verb = how = ""
        # '"...," it added' is read last: after a name in the sentence before ("Wimpey said the
        # market ...") or a continued quotation, and only then as the body that spoke before
        it_said = ref if ref is not None and ref[0] == "it" else None
        if it_said is not None:
            ref = None
        if ref is None and (previous is None or not _continues(text, previous[0], open_at)):
            ref = before[i]
        if ref is not None:
            phrase, verb, how, at = ref
            speaker, how = resolve_speaker(people, phrase, how, at)
            if how == "pronoun" and _names_in(speaker, text[open_at:close_at]):
                speaker = ""  # "I had a word with Olof," he said: not Olof, whoever "he" is
        elif previous is not None and (
            _continues(text, previous[0], open_at)
            or _SAME_SENTENCE_AND.fullmatch(text, previous[0], open_at) is not None
            or _speech_resumes(text, people, previous[0], previous[1], (open_at, close_at))
        ):
            _, speaker, verb = previous
            how = "continued"
        if not speaker and it_said is not None:
            phrase, verb, how, at = it_said
            speaker, how = resolve_speaker(people, phrase, how, at)
        if not speaker:
            continue
        if speaker not in fuller:
            fuller[speaker] = known_as(text, fuller_organisation(text, speaker))
        speaker = fuller[speaker]
        body_end = end - 1 if text[end - 1] == "," else end
        if body_end <= start:
            continue
        found.append(Quotation(text[start:body_end], speaker, start, body_end, verb, how))
        previous = (close_at, speaker, verb)
    return tuple(found)


def _names_in(speaker: str, quotation: str) -> bool:
    """The quotation names ``speaker`` by the given name or the surname: people rarely speak of
    themselves so, so a pronoun resolved to them is more likely someone else."""
    words = [w for w in speaker.split() if w[:1].isupper() and len(w) > 2]
    return any(re.search(r"\b" + re.escape(w) + r"\b", quotation) for w in words)


# An unnamed spokesman as a sentence's subject: "A Home Office spokesman said ...", "But a ..."
_UNNAMED_SAYS = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’]\s)|(?<=\n))(?:(?:But|And|Yet|However,|Meanwhile,)\s+)?"
    r"((?:[Aa]n?|The)\s+(?:[\w&'’\-]+\s+){0,5}?spokes(?:man|woman|person)"
    r"(?:\s+(?:for|at|from)\s+(?:the\s+)?(?:[A-Z][\w&'’\-]*\s*)+)?)\s*"
    r"(?:has\s+|also\s+)?(?:said|says|told|added|insisted|insists|claimed|stressed|warned"
    r"|defended|denied|rejected|confirmed|dismissed|disputed|welcomed|explained|refused)\b"
)  # ("But a spokesman for the Home Office defended the proposals. He said: ...": the spokesman)


# A second partial quotation in the sentence of the first: "X said it was "A" and had "B""
_SAME_SENTENCE_AND = re.compile(r"\s+and\s+(?:[a-z][\w'’\-]*\s+){0,6}")


def _continues(text: str, previous_end: int, open_at: int) -> bool:
    """A quotation at ``open_at`` carries on the one that ended at ``previous_end``: nothing but
    the rest of the previous quotation's sentence (its attribution) lies between them."""
    gap = text[previous_end:open_at]
    if len(gap) > _CONTINUE_GAP:
        return False
    end = _GAP_SENTENCE_END.search(gap)
    rest = gap[end.end() :] if end else gap
    if end and text[:previous_end].rstrip("\"”»'’ ")[-1:] in (".", "!", "?"):
        # "...favourites." Meanwhile, X is delighted ... "It's ...": the previous quotation
        # ended its sentence, so a whole sentence between is no attribution of it.
        if len(gap[: end.start()].split()) > 5 or not SPEECH_VERB.search(gap[: end.start()]):
            return False
    return not rest.strip() and (end is None or "\n" not in gap[: end.start()])


def _speech_resumes(
    text: str, people: People, previous_end: int, speaker: str, span: tuple[int, int]
) -> bool:
    """An unattributed quotation further on is the last speaker's again when it is speech (a
    sentence of its own, in the first person) and no sentence since is about someone else: "...,"
    Mr Dein said. The club is moving. "We have two executives travelling ..." """
    open_at, close_at = span
    if open_at - previous_end > _RESUME_GAP:
        return False
    person = people.by_surname.get(speaker) or people.by_surname.get(speaker.split()[-1])
    if person is None or person.display() != speaker or person.described:
        return False  # a role ("An IRB spokesman") or an organisation: no person to resume
    line_start = text.rfind("\n", 0, open_at) + 1
    before = text[max(line_start, previous_end) : open_at].rstrip()
    if before and before[-1] not in ".!?":
        return False  # inside a sentence: a partial quotation or a title
    words = text[open_at + 1 : close_at - 1].split()
    if len(words) < 6 or not in_first_person(" ".join(words)):
        return False
    # Each sentence since that names anyone names the speaker first ("Dein, who ..., is sure
    # the move will help Smith" is still about Dein).
    subject_of: dict[int, tuple[int, str]] = {}
    i = bisect_left(people.mentions, (previous_end, ""))
    while i < len(people.mentions) and people.mentions[i][0] < open_at:
        at, surname = people.mentions[i]
        subject_of.setdefault(people.sentence_start(at), (at, surname))
        i += 1
    return all(
        surname == person.key and _OPENS_SENTENCE.fullmatch(text[start:at])
        for start, (at, surname) in subject_of.items()
    )


_RESUME_GAP = 1_500
# What may come before the subject that opens a sentence: "But Mr ", "And former chairman "
_OPENS_SENTENCE = re.compile(r"\s*(?:(?:But|And|Yet|So|However,?|Still,?)\s+)?(?:\S+\s+){0,3}?")
_GAP_SENTENCE_END = re.compile(r"[.!?:](?=\s|$)")
