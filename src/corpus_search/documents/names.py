"""People in a news text: speaker phrases to names, and who "he", "she" or "the mayor" is.

Pure and standard-library only (used by :mod:`corpus_search.documents.quotations` at indexing
time). No gazetteer and no model: a person is recognised from how news prose introduces one, by a
role or title before the name ("Mayor Bill de Blasio", "Legal Aid attorney Kate Mogulescu"), a
role after it ("Lori Cohen, director of ..."), or by being the subject of a speech verb
("Malik said"). Names are then normalised within the document ("Malik" -> "Mina Malik").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

__all__ = ["PRONOUNS", "Person", "People", "is_role_word", "name_in", "role_head"]

PRONOUNS = frozenset({"he", "she", "they"})
HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady prof prof. professor rev rev.".split()
)
# Words that name a job, office or role; one before a name is a title ("Mayor Bill de Blasio").
_ROLES = frozenset(
    """
    mayor commissioner attorney director president chief chairman chairwoman chair chairperson
    secretary minister chancellor governor senator judge justice officer inspector sergeant
    detective constable spokesman spokeswoman spokesperson executive ceo manager coach captain boss
    leader head founder co-founder professor analyst economist lawyer prosecutor candidate
    councilman councilwoman councillor councilmember mp mep msp deputy adviser advisor editor
    researcher scientist campaigner activist member commander general colonel lieutenant admiral
    superintendent sheriff representative congressman congresswoman assemblyman assemblywoman
    premier ambassador envoy author writer producer singer actor actress star player striker
    midfielder defender goalkeeper trainer referee organiser organizer official chef designer
    vice first lady rep sen gov pastor bishop archbishop pope king queen prince princess
    partner owner economist strategist expert consultant teacher doctor nurse worker survivor
    tory labour conservative republican democrat
    advocate founder treasurer clerk investor banker broker trader analyst reporter correspondent
    """.split()
)
_PARTICLES = frozenset(
    "de da del della der den van von la le du dos di bin al el st st. ter".split()
)
# Capitalised words that start sentences or name times, never people.
_NOT_NAMES = frozenset(
    """
    the a an but and as at in on if when while after before since for with without though although
    however meanwhile this that these those it he she they we i his her their our my its yes no so
    then also according asked you speaking pressed last next earlier later now today yesterday
    tomorrow
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december there here what who why how where one some
    many more most other another all both each every such not instead despite under over from by
    """.split()
)
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*|\d[\w.\-]*|[,;:()]")


def is_role_word(word: str) -> bool:
    lowered = word.lower().rstrip(".")
    return lowered.rsplit("-", 1)[-1] in _ROLES or lowered in HONORIFICS


def _is_name_word(word: str) -> bool:
    return (
        word[:1].isupper()
        and word.lower() not in _NOT_NAMES
        and not is_role_word(word)
        and not word.endswith(("'s", "’s", "'", "’"))  # "Chelsea's William Gallas"
    )


def name_in(phrase: str) -> tuple[str, str]:
    """(name, title) in a phrase that ends with a person's name, e.g. ``"Queens District Attorney
    Melinda Katz"`` -> ``("Melinda Katz", "Queens District Attorney")``; ``("", "")`` if none.

    The name is the last run of capitalised words (with particles: "Bill de Blasio"); the title is
    what precedes it, kept when it ends with a role word or honorific ("Ms" in "Ms Hewitt").
    """
    words = _WORD.findall(phrase)
    end = len(words)
    while end and not _is_name_word(words[end - 1]):
        end -= 1
    start = end
    while start > 0:
        w = words[start - 1]
        if _is_name_word(w) or (w in _PARTICLES and start < end):
            start -= 1
        else:
            break
    while start < end and words[start] in _PARTICLES:
        start += 1
    if start >= end:
        return "", ""
    last = words[end - 1]
    if last.endswith(".") and len(last) > 2 and last.lower() not in HONORIFICS:
        words[end - 1] = last.rstrip(".")  # "Blasio." ends a sentence; "W." is an initial
    title_words: list[str] = []
    i = start
    while i > 0 and (is_role_word(words[i - 1]) or (words[i - 1][:1].isupper() and title_words)):
        if words[i - 1] in ",;:()":
            break
        title_words.insert(0, words[i - 1])
        i -= 1
    return " ".join(words[start:end]), " ".join(title_words)


def role_head(phrase: str) -> str:
    """The role a definite description names: "the district attorney" -> "district attorney",
    "the Home Secretary" -> "home secretary"; "" if its last word is not a role word."""
    words = [w.lower() for w in _WORD.findall(phrase.split(" of ")[0]) if w not in ",;:()"]
    if not words or not is_role_word(words[-1]):
        return ""
    head = [words[-1]]
    for w in reversed(words[:-1]):
        if w in ("the", "a", "an", "its", "their", "his", "her") or w.endswith("'s"):
            break
        head.insert(0, w)
    return " ".join(head[-3:])


@dataclass
class Person:
    """One person in a document: the fullest form of the name, and the roles given to them."""

    name: str
    roles: set[str] = field(default_factory=set)
    honorific: str = ""

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def display(self) -> str:
        if len(self.name.split()) == 1 and self.honorific:
            return f"{self.honorific} {self.name}"
        return self.name


# A role (or honorific) then a name: "Mayor Bill de Blasio", "attorney Kate Mogulescu", "Mr Howard".
_NAME_RUN = r"(?:[A-Z][\w'’\-]*\.?|(?:de|van|von|da|del|der|la|le|du|al|bin) )"
_TITLED = re.compile(
    r"\b((?:[A-Z][\w'’\-]*\s+){0,2})((?i:"
    + "|".join(sorted(_ROLES | {h.rstrip(".") for h in HONORIFICS}, key=len, reverse=True))
    + r"))\.?\s+((?:"
    + _NAME_RUN
    + r"\s*){1,4})"
)
# A name as the subject of a verb: "Chelsea's William Gallas believes", "Malik said".
_SUBJECT = re.compile(
    r"((?:[A-Z][\w'’\-]*\s+(?:(?:de|van|von|da|del|der|la|le|du)\s+)?){1,4})"
    r"(?:(?:also|has|had|was|is|have|will|would|then|later)\s+)?"
    r"(?=[a-z]{2,}(?:ed|s)\b|(?:said|told|wrote|says|tells|writes|argued|thinks)\b)"
)
# A name, a comma, then its role: "Lori Cohen, director of ...", "David Frost, director general".
_APPOSITIVE = re.compile(
    r"\b([A-Z][\w'’\-]*(?:\s+" + _NAME_RUN + r"){1,3}),\s+(?:(?:the|a|an)\s+)?"
    r"((?:[\w\-]+\s+){0,3}?)([A-Za-z][\w\-]*)\b"
)


_SENTENCE_BREAK = re.compile(r"[.!?][\"”’»)]*\s+(?=[\"“«A-Z])|\n")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (looking back at most 400 characters)."""
    window_start = max(0, pos - 400)
    start = window_start
    for m in _SENTENCE_BREAK.finditer(text, window_start, pos):
        start = m.end()
    return start


class People:
    """The people of one document, found lazily (only documents with a speaker to resolve)."""

    def __init__(self, text: str, outside: list[tuple[int, int]]) -> None:
        self.text = text
        self.outside = outside  # quotation spans, whose words are not mentions
        self.by_surname: dict[str, Person] = {}
        # (position, surname) of each mention of a person, in order
        self.mentions: list[tuple[int, str]] = []
        self._scan()

    def _inside_quote(self, pos: int) -> bool:
        i = bisect_left(self.outside, (pos + 1, 0)) - 1
        return i >= 0 and self.outside[i][0] <= pos < self.outside[i][1]

    def add(self, name: str, *, role: str = "", honorific: str = "") -> Person:
        """Register ``name`` (merging it with a known person of the same surname)."""
        words = name.split()
        surname = words[-1]
        person = self.by_surname.get(surname)
        if person is None:
            person = self.by_surname[surname] = Person(name)
        elif len(words) > len(person.name.split()):
            person.name = name
        if role:
            person.roles.add(role)
        if honorific and not person.honorific:
            person.honorific = honorific
        return person

    def _scan(self) -> None:
        text = self.text
        for m in _TITLED.finditer(text):
            role = m.group(2)
            if self._inside_quote(m.start(3)):
                continue
            name, _ = name_in(m.group(3))
            if not name:
                continue
            if role.lower() in HONORIFICS:
                self.add(name, honorific=role)
            else:
                prefix = (m.group(1) + role).lower().split()
                self.add(name, role=" ".join(prefix[-3:]))
        for m in _SUBJECT.finditer(text):
            if self._inside_quote(m.start()):
                continue
            name, title = name_in(m.group(1))
            if len(name.split()) > 1 or (name and name.split()[-1] in self.by_surname):
                self.add(
                    name, role=title.lower() if title and is_role_word(title.split()[-1]) else ""
                )
        for m in _APPOSITIVE.finditer(text):
            if not is_role_word(m.group(3)) or self._inside_quote(m.start()):
                continue
            name, _ = name_in(m.group(1))
            if name and len(name.split()) > 1:
                self.add(name, role=(m.group(2) + m.group(3)).lower().strip())

    def index_mentions(self) -> None:
        """Find every mention of every known person (full name or surname) outside quotations."""
        for person in list(self.by_surname.values()):
            self.fullest(person.name)
        found: list[tuple[int, str]] = []
        for surname in self.by_surname:
            for m in re.finditer(r"\b" + re.escape(surname) + r"\b", self.text):
                if not self._inside_quote(m.start()):
                    found.append((m.start(), surname))
        # Role nouns mention their holder too: "the mayor" is Bill de Blasio.
        for surname, person in self.by_surname.items():
            for role in person.roles:
                head = role.split()[-1]
                for m in re.finditer(r"\b[Tt]he\s+(?:[\w\-]+\s+){0,2}?" + head + r"\b", self.text):
                    if not self._inside_quote(m.start()):
                        found.append((m.start(), surname))
        found.sort()
        self.mentions = found

    def mentioned(self, pos: int, surname: str) -> None:
        """Record that the person ``surname`` was referred to at ``pos`` (e.g. by "she said")."""
        i = bisect_left(self.mentions, (pos, ""))
        self.mentions.insert(i, (pos, surname))

    def latest_before(self, pos: int) -> Person | None:
        """A pronoun's antecedent: going back sentence by sentence from ``pos``, the first person
        mentioned in the nearest sentence that mentions one (its subject, more often than not:
        "X, chairman of Y, called on Z to ... "...," he said" is X)."""
        i = bisect_left(self.mentions, (pos, "")) - 1
        if i < 0:
            return None
        at, surname = self.mentions[i]
        sentence_start = _sentence_start(self.text, at)
        while i > 0 and self.mentions[i - 1][0] >= sentence_start:
            i -= 1
            surname = self.mentions[i][1]
        return self.by_surname.get(surname)

    def with_role(self, role: str, pos: int) -> Person | None:
        """The person holding ``role`` ("mayor", "district attorney"), the most recently mentioned
        before ``pos`` when several do."""
        head = role.split()[-1]
        holders = [
            p
            for p in self.by_surname.values()
            if any(r == role or r.endswith(" " + role) or r.split()[-1] == head for r in p.roles)
        ]
        if not holders:
            return None
        if len(holders) == 1:
            return holders[0]
        best = None
        for at, surname in self.mentions:
            if at >= pos:
                break
            if any(p.surname == surname for p in holders):
                best = self.by_surname[surname]
        return best or holders[0]

    def fullest(self, name: str, honorific: str = "") -> Person:
        """The person ``name`` refers to, at the fullest form of the name in the document."""
        person = self.add(name, honorific=honorific)
        if len(person.name.split()) == 1:
            # A fuller form written anywhere: "Mina Malik joined ..." makes "Malik" Mina Malik.
            pattern = r"\b((?:[A-Z][\w'’\-]*\s+(?:(?:de|van|von|da|del|der|la|le|du)\s+)?){1,2})"
            for m in re.finditer(pattern + re.escape(person.name) + r"\b", self.text):
                candidate, _ = name_in(m.group(0))
                if len(candidate.split()) > len(person.name.split()):
                    person.name = candidate
                    break
        return person
