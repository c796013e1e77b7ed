"""What a speaker phrase that does not name a person refers to, read from the document around
it: an acronym's full name ("the RFU" -> Rugby Football Union), the committee or party "the
committee" means, and the unnamed spokesman "the spokesman" means."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from corpus_search.documents.name_words import SENTENCE_BREAK
from corpus_search.documents.speaker_phrases import sentence_subject
from corpus_search.documents.speech_words import SPEECH_VERB

__all__ = ["body_before", "organisation_before", "spelled_out", "spokesman_before"]


def spelled_out(text: str, organisation: str) -> str:
    """An acronym's full name where the document gives it once: "the Rugby Football Union
    (RFU)" makes "the RFU said" the Rugby Football Union."""
    if not organisation.isupper() or " " in organisation:
        return organisation
    if f"({organisation})" not in text:
        return _written_out(text, organisation) or organisation
    words = text[: text.find(f"({organisation})")].split()[-len(organisation) - 3 :]
    initials = [i for i, w in enumerate(words) if w[:1].isupper()]
    for i in initials:
        full = [w for w in words[i:] if w not in ("of", "for", "and", "the")]
        if "".join(w[0] for w in full) == organisation:
            return " ".join(words[i:])
    return organisation


def _written_out(text: str, acronym: str) -> str:
    """The one name in ``text`` whose capitalised words' initials spell ``acronym`` ("US
    behemoth General Electric ... GE said": General Electric), or "" (none, or more than one)."""
    if not 2 <= len(acronym) <= 6 or not acronym.isalpha():
        return ""
    pattern = (
        r"\b"
        + r"\s+(?:(?:of|for|and|the)\s+)?".join(f"{letter}[a-z][\\w\\-]*" for letter in acronym)
        + r"\b"
    )
    found = {m.group() for m in re.finditer(pattern, text)}
    if len(found) != 1:
        return ""
    (name,) = found
    if re.search(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady)\.?\s+" + re.escape(name), text):
        return ""  # a person's initials
    return name


def spokesman_before(text: str, pos: int) -> str:
    """The last unnamed spokesman introduced in the 1,500 characters before ``pos`` ("A UKIP
    spokesman", "a spokeswoman for the council", "the prime minister's spokesman"), or ""."""
    found = ""
    for m in _A_SPOKESMAN.finditer(text, max(0, pos - 1_500), pos):
        found = m.group().strip()
    return found


_A_SPOKESMAN = re.compile(
    r"\b(?:[Aa]n?\s+(?:[\w&'’\-]+\s+){0,4}?"  # "A UKIP spokesman", "the prime minister's spokesman"
    r"|[Tt]he\s+(?:[\w&\-]+\s+){0,3}?[\w&\-]+['’]s\s+(?:official\s+)?)spokes(?:man|woman|person)"
    r"(?:\s+(?:for|at|from)\s+(?:the\s+)?(?:[A-Z][\w&'’\-]*\s*)+)?"
)


def body_before(text: str, noun: str, pos: int) -> str:
    """The committee, party or firm that "the committee" refers back to: the last one before
    ``pos`` written with its name ("the environment select committee", "the Green Party"), or
    "" when there is none."""
    found = ""
    for m in _named_body(noun).finditer(text, max(0, pos - 3_000), pos):
        found = m.group(1)
    return found


@lru_cache(maxsize=16)
def _named_body(noun: str) -> re.Pattern[str]:
    """The pattern of "the <words> <noun>" (one per noun of ``BODIES``, compiled once)."""
    return re.compile(
        r"\b[Tt]he\s+((?:(?!(?:" + "|".join(_NOT_NAMING) + r")\s)[\w\-]+\s+){1,3}" + noun + r")\b",
        re.I,
    )


# Words before such a noun that do not name it ("the new committee", "the same party").
_NOT_NAMING = tuple(
    "new same whole other two three its their this that the a an of and to in for by with on at"
    " said says has had was is are were be been which who".split()
)


def organisation_before(text: str, pos: int, is_person: Callable[[str], bool]) -> str:
    """The body '"...," it said' at ``pos`` means: the subject right before the speech verb in
    the nearest of the two sentences before that has one ("..., the OECD said. Exports will
    ... "...," it added"), or "" when that subject is a person (``is_person``) or a pronoun, a
    sentence between names a person, or no sentence has one."""
    sentences = SENTENCE_BREAK.split(text[max(0, pos - 600) : pos])
    for sentence in reversed(sentences[-3:-1]):
        verb = SPEECH_VERB.search(sentence)
        if verb is None:
            if any(is_person(m.group()) for m in _FULL_NAME.finditer(sentence)):
                return ""  # "Ann Vale welcomed it. "...," it added": not the body before her
            continue
        clause = sentence[: verb.start()].rstrip()
        subject = sentence_subject(clause)
        right_before = clause.removesuffix(" also").endswith(subject)  # "the OECD said"
        if not subject or not right_before or subject.lower() in _PRONOUNS or is_person(subject):
            return ""
        return subject.removeprefix("the ").removeprefix("The ")
    return ""


_PRONOUNS = frozenset(("it", "he", "she", "they"))
_FULL_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|[A-Z][a-z]+) [A-Z][\w'’\-]+")
