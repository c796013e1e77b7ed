"""The attribution written after a quotation: ``"...," Malik said``, ``said Legal Aid attorney
Kate Mogulescu, who ...``, ``she added``, ``according to the mayor``, ``X, secretary of Y, told
AFP``, ``the newspaper quoted X as saying``, ``..., say the Tories.`` (:mod:`.attribution` reads
the words before it and puts the two together)."""

from __future__ import annotations

import re

from corpus_search.documents.name_words import is_role_word, name_in, role_head
from corpus_search.documents.speaker_phrases import (
    named_after_role,
    speaker_phrase,
    subject_after_verb,
)
from corpus_search.documents.speech_words import (
    ADVERB,
    ORG_STATEMENT,
    SPEECH_VERB,
    VERBS,
    Attribution,
)

__all__ = ["after_quotation"]
_SUBJECT_WORD = r"(?:[\w'’.\-]+)"
# After the quotation: "...," Malik said / the mayor said / she added / Mr Howard told reporters
_AFTER_SUBJECT_VERB = re.compile(
    r"[\s,]*(?:[-–—]\s*)?((?:"
    + _SUBJECT_WORD
    + r"\s+){0,7}?"
    + _SUBJECT_WORD
    + r")\s+"
    + ADVERB
    + r"("
    + VERBS
    + r")\b(.{0,40})",
    re.S,
)
# An "according to" phrase ends at punctuation or at a word that starts a new phrase.
_PHRASE_END = (
    r"(?=\.?\s*(?:[,.;:!?\n]|$)|\s+(?:in|on|at|of|who|when|after|during|before|from|to|last|this"
    r"|yesterday|earlier|today|as|and|but|while)\b)"
)
# After the quotation, verb first: "...," said Legal Aid attorney Kate Mogulescu, who ... (the
# phrase itself is read by subject_after_verb)
_AFTER_VERB = re.compile(r"[\s,]*(?:[-–—]\s*)?(" + VERBS + r")\s+(?=[\w'’])")
_ACCORDING_AFTER = re.compile(
    r"[\s,]*(?:[-–—]\s*)?according to\s+([\w'’\-]+\.?(?:\s+[\w'’\-]+\.?){0,6}?)" + _PHRASE_END
)
# After the quotation, a name with an appositive: "...," Michael Mijatov, secretary of X, told AFP.
_AFTER_APPOSITIVE = re.compile(
    r"[\s,]*((?:[A-Z][\w'’.\-]*\s+){1,3}?[A-Z][\w'’\-]*),\s+[^\"“”\n]{3,120}?,\s+"
    + ADVERB
    + r"("
    + VERBS
    + r")\b"
)
# After the quotation, a speaker set off from the verb by dashes or a stray comma: "...,"
# Andrei Illarionov - then adviser to President Putin - told ...; "...," shop owner Ayse Ek, told
_AFTER_SET_OFF = re.compile(
    r"[\s,]*((?:[\w'’.\-]+\s+){0,5}?[A-Z][\w'’\-]*)(?:,\s+|\s+[-–—]\s+[^\"“”\n\-–—]{2,100}?\s+[-–—]\s+)"
    + ADVERB
    + r"("
    + VERBS
    + r")\b(.{0,40})"
)
# After the quotation, a lowercase description set off by commas before the name: "...," hunt
# master, Captain Ian Farquhar, said.
_AFTER_ROLE_THEN_NAME = re.compile(
    r"[\s,]*((?:[\w'’\-]+\s+){0,3}[a-z][\w'’\-]*),\s+((?:[A-Z][\w'’.\-]*\s+){1,3}[A-Z][\w'’\-]*),?\s+"
    + ADVERB
    + r"("
    + VERBS
    + r")\b(.{0,40})"
)
# A mood before a name: "a crestfallen Mr Lim", "an emotional Ann Lee"
_A_MOOD = re.compile(r"[Aa]n?\s+([a-z][a-z\-]+)\s+(?=[A-Z])")
# "...," the newspaper quoted Qantas chief executive Geoff Dixon as saying.
_QUOTED_AS_SAYING = re.compile(r"[\s,]*[^\"“”\n]{0,40}?\bquoted\s+([^\"“”\n]{3,80}?)\s+as saying")
# The attribution ends the sentence: "stick to his guns" ..., Boris Johnson has insisted.
_SENTENCE_FINAL = re.compile(
    r"[^\"“”\n.!?]{0,160}?,\s+((?:[\w'’\-]+\s+){0,6}?[\w'’\-]+)\s+"
    r"(?:has\s+|have\s+|had\s+)?(" + VERBS + r")\s*\."
)
# ... the same, verb first: A "taxpayer subsidised propaganda exercise" is ..., say the Tories.
_SENTENCE_FINAL_VERB_FIRST = re.compile(
    r"[^\"“”\n.!?]{0,160}?,\s+(" + VERBS + r")\s+((?:[\w'’\-]+\s+){0,5}?[\w'’\-]+)\s*\."
)
# After the quotation, a name and no verb, ending the paragraph: ...”. Rachel West, US PROS.
_SIGNED = re.compile(
    r"[.,]?\s+([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3})\s*(?:,[^.\n]{0,60})?\.?\s*$"
)


def after_quotation(text: str, open_at: int, close_at: int) -> Attribution | None:
    """The attribution after the quotation: "...," Malik said / said Malik / according to ..."""
    after = text[close_at : close_at + 160].split("\n", 1)[0]
    quoted_end = text[close_at - 2] if close_at >= 2 else ""
    # Each pattern needs a speech verb or a key word: look for those first (most quotation marks
    # in mail and forum posts have none near them).
    if SPEECH_VERB.search(after):
        m = _AFTER_VERB.match(after)
        phrase = subject_after_verb(after, m.end()) if m and quoted_end != "." else ""
        if (
            m and phrase and role_head(phrase) and (not name_in(phrase)[0] or phrase[:1].islower())
        ):  # (a capital after the role names its body: "the chairman of the Commons X
            # committee, Ann Lee" is Ann Lee)
            phrase = named_after_role(after, m.end(), phrase) or phrase
        if m and phrase and speaker_phrase(phrase):
            return phrase, m.group(1), "named", close_at + m.end()
        statement = ORG_STATEMENT.match(after, m.end()) if m and quoted_end != "." else None
        if m and statement:  # '"...," said an SFA statement.'
            return statement.group(0), m.group(1), "named", close_at + m.end()
        m = _AFTER_SUBJECT_VERB.match(after)
        if m and m.group(2).startswith("continue") and m.group(3).startswith(" to "):
            m = None  # ""plain" Iraq continued to be ...": no speech
        mood = _A_MOOD.match(m.group(1)) if m else None
        if m and mood and not is_role_word(mood.group(1)):
            # "...," a crestfallen Mr Lim confided: the name, not a description
            phrase = m.group(1)[mood.end() :]
            if speaker_phrase(phrase) and _attributes(quoted_end, m.group(3)):
                return phrase, m.group(2), "named", close_at + m.start(1) + mood.end()
        if m and speaker_phrase(m.group(1)) and _attributes(quoted_end, m.group(3)):
            return m.group(1), m.group(2), "named", close_at + m.start(1)
        if m and m.group(1) == "it" and _attributes(quoted_end, m.group(3)):
            # '"...," it added': an organisation (quotations.py says which, or nobody)
            return "it", m.group(2), "pronoun", close_at + m.start(1)
        m = _AFTER_APPOSITIVE.match(after)
        if m and speaker_phrase(m.group(1)) and _attributes(quoted_end, after[m.end() :]):
            return m.group(1), m.group(2), "named", close_at + m.start(1)
        m = _AFTER_SET_OFF.match(after)
        if m and speaker_phrase(m.group(1)) and _attributes(quoted_end, m.group(3)):
            return m.group(1), m.group(2), "named", close_at + m.start(1)
        m = _AFTER_ROLE_THEN_NAME.match(after)
        if m and m.group(1).islower() and _attributes(quoted_end, m.group(4)):
            return m.group(2), m.group(3), "named", close_at + m.start(2)
        m = _SENTENCE_FINAL.match(after)
        if m and speaker_phrase(m.group(1)) and len(text[open_at:close_at].split()) >= 4:
            return m.group(1), m.group(2), "named", close_at + m.start(1)
        m = _SENTENCE_FINAL_VERB_FIRST.match(after)
        if (
            m
            and m.group(1) not in _OBJECT_VERBS  # "..., told Associated Press." names no speaker
            and quoted_end not in ".!?"  # "...." Then a new sentence, said X: X's own words
            and not after.lstrip(" ,")[:1].isupper()
            and speaker_phrase(m.group(2))
            and len(text[open_at:close_at].split()) >= 4
        ):
            return m.group(2), m.group(1), "named", close_at + m.start(2)
    if "according" in after:
        m = _ACCORDING_AFTER.match(after)
        if m and speaker_phrase(m.group(1)):
            return m.group(1).strip(), "according to", "named", close_at + m.start(1)
    if "quoted" in after:
        m = _QUOTED_AS_SAYING.match(after)
        if m and speaker_phrase(m.group(1)):
            return m.group(1), "said", "named", close_at + m.start(1)
    m = _SIGNED.match(after)
    if m and name_in(m.group(1))[0] == m.group(1):
        return m.group(1), "", "named", close_at + m.start(1)
    return None


def _attributes(quoted_end: str, tail: str) -> bool:
    """A subject and verb after a quotation ending with ``quoted_end`` attribute it, ``tail``
    being the words after the verb: after a full sentence ("...." or "...?"), a verb that goes on
    with a clause ("...?" Mr Milburn replied that ...) starts a sentence of the subject's own."""
    if quoted_end == ".":
        return _ends_soon(tail)
    if quoted_end in "?!":
        return _ends_soon(tail) or _ADVERBIAL.match(tail) is not None
    return True


_ADVERBIAL = re.compile(
    r"\s+(?:in|on|at|during|after|before|from|to|of|with|himself|herself|themselves|rhetorically"
    r"|later|afterwards|yesterday|today|last|earlier)\b"
)


def _ends_soon(tail: str) -> bool:
    """After ``"A." Smith said``, the attribution must end there (else Smith says something new)."""
    return bool(re.match(r"\s*(?:in a statement|on \w+|\w+)?\s*(?:[.,;]|$)", tail))


_OBJECT_VERBS = frozenset("told tells tell telling asked asks urged urges".split())
