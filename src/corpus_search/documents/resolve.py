"""Who a speaker phrase names: the phrase an attribution holds ("Malik", "she", "the mayor", "A
spokesman for the BPI", "the IMF", "it") resolved to a speaker, a person at the fullest form
of the name in the document, an organisation, or a description kept as written (read by
:mod:`.quotations` for each attributed quotation)."""

from __future__ import annotations

import re
from bisect import bisect_left

from corpus_search.documents.gender import PRONOUN_GENDER
from corpus_search.documents.name_words import (
    BODIES,
    PRESS_NOUNS,
    PRONOUNS,
    is_anonymous,
    is_description,
    is_role_word,
    name_in,
    newspaper_before,
    organisation_in,
    role_head,
)
from corpus_search.documents.names import People
from corpus_search.documents.person import Person
from corpus_search.documents.referents import (
    body_before,
    organisation_before,
    spelled_out,
    spokesman_before,
)
from corpus_search.documents.speech_words import ORG_STATEMENT

__all__ = ["resolve_speaker"]


def resolve_speaker(people: People, phrase: str, how: str, at: int) -> tuple[str, str]:
    """The speaker ``phrase`` refers to (name at its fullest) and how it was found."""
    inner = _INNER_SPEAKER.search(phrase)
    if inner:
        # "the Foreign Policy Centre Mr Straw" (a comma missing), "the claim was denied by UKIP
        # spokesman": the speaker starts at the honorific, or after "by"
        group = 1 if inner.group(1) else 2
        at += inner.start(group)
        phrase = inner.group(group)
    lowered = phrase.lower()
    if lowered in PRONOUNS and how == "clause":
        # "he" inside a clause is the person named last before it in the sentence
        gender = PRONOUN_GENDER.get(lowered, "")
        person = people.nearest_in_sentence(at, gender) or people.latest_before(at, gender)
        return _credit(people, person, at, "pronoun")
    if lowered == "it":
        # '"...," it said' after "the OECD said ...": the body that spoke last; never a person
        return organisation_before(people.text, at, people.is_person), how
    if lowered in PRONOUNS:
        person = people.latest_before(at, PRONOUN_GENDER.get(lowered, ""))
        if person is not None and _office_holder_since(people, person, at):
            return "", ""  # "Chancellor Gordon Brown ... the prime minister ... he said": not Brown
        return _credit(people, person, at, _kind(how, "pronoun"))
    statement = ORG_STATEMENT.fullmatch(phrase)
    if statement:  # "an SFA statement said": the organisation
        return spelled_out(people.text, statement.group(1).strip()), how
    first = lowered.split()[0]
    if first == "the" and len(lowered.split()) == 2 and lowered.split()[1] in PRESS_NOUNS:
        return newspaper_before(people.text, at), _kind(how, "role")
    words = phrase.split()
    if lowered.split()[-1] in PRESS_NOUNS and len(words) >= 2 and words[-2][:1].isupper():
        # "Broadcast magazine said": the publication, named with its noun
        return " ".join(words[1:] if first == "the" else words), how
    if first == "the":
        organisation = organisation_in(phrase)
        if organisation:  # "the IMF said": the organisation itself, never "he" or "she"
            return spelled_out(people.text, organisation), how
        if len(lowered.split()) == 2 and lowered.split()[1] in BODIES:
            # "the committee said": the committee named before, else nobody
            return body_before(people.text, lowered.split()[1], at), how
        if lowered.split()[-1] in BODIES and phrase.split()[1][:1].isupper():
            # "the Commons standards and privileges committee said": that body, as written
            return phrase.split(" ", 1)[1], how
        if phrase[:4] == "The " and _named_with_the(people.text, phrase):
            # "his protege The Game": a name written with a capital "The" inside a sentence
            return _credit(people, people.described(phrase, at), at, how)
        last = phrase.split()[-1]
        if is_description(phrase) and last not in people.by_surname and not people.known(last):
            # "the American said": someone named before this sentence, not a person "American"
            person = people.latest_before(people.sentence_start(at))
            return _credit(people, person, at, _kind(how, "role"))
    named_of = _NAMED_OF.fullmatch(phrase)
    if named_of:
        # "Lloyds of London said", "Bank of England said": one name, never the place after
        # "of"; a person the document names by that surname is that person ("Rochus of Belgium")
        surname = named_of.group(1)
        if people.known(surname) or surname in people.by_surname:
            return _credit(people, people.fullest(surname, "", at), at, how)
        return phrase, how
    name, title = name_in(phrase)
    if not name and len(words) == 1 and organisation_in(phrase):
        return spelled_out(people.text, phrase), how  # "NIESR said": the organisation
    if (
        first in ("a", "an", "one")
        and (role_head(phrase) or is_anonymous(phrase))
        or (
            name
            and first != "the"
            and role_head(phrase)
            and (
                _POSSESSIVE.search(phrase, phrase.rfind(name))
                or _ROLE_LAST.match(phrase, phrase.rfind(name) + len(name))
            )
        )
    ):
        # "A Conservative Party spokesman", "Tony Blair's official spokesman", "leading
        # Karachi broker": as written, and who "he" is next
        return _credit(people, people.described(phrase, at), at, _kind(how, "role"))
    if (first in ("the", "a", "an") or not name) and not _titled_in_full(phrase, name):
        role = role_head(phrase)
        holder = people.with_role(role, at) if role and first == "the" else None
        if holder is None and first == "the" and role and role.split()[-1] in _SPOKESPEOPLE:
            # A spokesman nobody was named as: "the M&S spokesman" as written, "the spokesman"
            # the one introduced before ("A UKIP spokesman said ...")
            # (never the person last mentioned: a spokesman speaks for someone else)
            named_in = any(
                w[:1].isupper() or _POSSESSIVE.search(w + " ") for w in phrase.split()[1:]
            )
            earlier = "" if named_in else spokesman_before(people.text, at)
            shown = earlier or phrase
            return _credit(people, people.described(shown, at), at, _kind(how, "role"))
        if holder is None and first == "the" and role:
            holder = people.latest_before(at)
            if holder is not None and _holds_another_role(holder, role):
                return "", ""  # "Senator Bob Brown ... The minister said": not the senator
        if holder is None:
            if not name and role and (first in ("a", "an", "the") or phrase[:1].isupper()):
                return _credit(people, people.described(phrase, at), at, _kind(how, "role"))
            if not name:
                return "", ""
        else:
            return _credit(people, holder, at, _kind(how, "role"))
    honorific = title.split()[-1] if title and title.split()[-1].lower() in _HONORIFIC else ""
    title_words = title.lower().split()
    person = people.fullest(name, honorific, at)
    if title_words and not honorific:
        person.roles.add(" ".join(title_words[-3:]))
    return _credit(people, person, at, how)


def _titled_in_full(phrase: str, name: str) -> bool:
    """``phrase`` ends with a full ``name`` right after a capitalised title: "the chairman of the
    Environmental Audit Committee Petra Ainslie" is Petra Ainslie (not "the wife of Ann Lee")."""
    before = phrase[: len(phrase) - len(name)].split()
    return (
        len(name.split()) >= 2
        and phrase.endswith(name)
        and bool(before)
        and before[-1][:1].isupper()
        and not before[-1].endswith(("'s", "’s"))
    )


# An honorific after capitalised words, or the agent after "by", inside a speaker phrase
_INNER_SPEAKER = re.compile(
    r"^(?:[Tt]he )?(?:[A-Z][\w&\-]* )+((?:Mr|Mrs|Ms|Dr)\.? [A-Z][\w'’\-]+)$"
    r"|^\w[\w ]* (?:was|were|is|are|been) [a-z]+ by ([\w'’\- ]+)$"
)


def _named_with_the(text: str, phrase: str) -> bool:
    """``phrase`` ("The Game") is written somewhere after a lowercase word, "The" and all."""
    if not all(w[:1].isupper() and not is_role_word(w) for w in phrase.split()[1:]):
        return False
    return re.search(r"[a-z,]\s+" + re.escape(phrase) + r"\b", text) is not None


def _holds_another_role(person: Person, role: str) -> bool:
    """``person`` was introduced with a role, and it is not ``role``: a senator is not "the
    minister" (so a role nobody holds is not given to whoever was named last)."""
    asked = _office(role)
    held = {_office(r) for r in person.roles} - {""}
    return bool(asked and held) and asked not in held


# Offices one person rarely holds two of at once; "minister" stands for a government's ministers
# ("the minister" may be the home secretary or the chancellor, never the prime minister).
_OFFICES = {
    **dict.fromkeys(("minister", "secretary", "chancellor"), "minister"),
    **{w: w for w in "senator congressman congresswoman mayor governor president judge".split()},
    **{w: w for w in "ambassador commissioner prosecutor premier".split()},
}


def _office_holder_since(people: People, person: Person, at: int) -> bool:
    """Narration between ``person``'s last mention and ``at`` mentions the holder of an office
    ``person`` does not hold ("the prime minister" after "Chancellor Gordon Brown"): someone
    else, whom "he" may as well mean."""
    held = {_office(r) for r in person.roles} - {""}
    if not held:
        return False
    i = bisect_left(people.mentions, (at, "")) - 1
    while i >= 0 and people.mentions[i][1] != person.key:
        i -= 1
    since = people.mentions[i][0] if i >= 0 else max(0, at - 1_500)
    for m in _THE_OFFICE.finditer(people.text, since, at):
        office = _office(m.group(1))
        if office and office not in held and not people.inside_quote(m.start()):
            return True
    return False


# "the prime minister", "the home secretary" in narration (lowercase: not a title before a name)
_THE_OFFICE = re.compile(r"\bthe ((?:[a-z]+ ){0,2}(?:" + "|".join(_OFFICES) + r"))\b(?! [A-Z])")


def _office(role: str) -> str:
    words = role.lower().split()
    if words[-2:] == ["prime", "minister"]:
        return "prime minister"
    return _OFFICES.get(words[-1], "") if words else ""


def _credit(people: People, person: Person | None, at: int, how: str) -> tuple[str, str]:
    """``person`` as the speaker of the attribution at ``at`` (and a mention there, for the
    pronouns after it), or nobody."""
    if person is None:
        return "", ""
    people.mentioned(at, person.key)
    return person.display(), how


def _kind(how: str, resolved_as: str) -> str:
    """How a speaker was found: a named attribution resolved through a pronoun or a role is
    that kind; a continued or reported one keeps its own."""
    return resolved_as if how == "named" else how


# One capitalised word, "of" and a capitalised name: "Lloyds of London", "Bank of England"
_NAMED_OF = re.compile(
    r"([A-Z][\w&'’\-]*)\s+of\s+(?:the\s+)?[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){0,3}"
)


_SPOKESPEOPLE = frozenset(("spokesman", "spokeswoman", "spokesperson"))


_POSSESSIVE = re.compile(r"\w['’]s\s")


# A lowercase role word ends the phrase after the name: "Karachi broker" ("Ann Lee QC" is Ann Lee)
_ROLE_LAST = re.compile(r"\s(?!(?:the|a|an)\s)(?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*\s*$")


_HONORIFIC = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady prince princess".split()
)
