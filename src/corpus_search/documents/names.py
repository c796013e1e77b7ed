"""People in a news text: speaker phrases to names, and who "he", "she" or "the mayor" is.

Pure and standard-library only (used by :mod:`corpus_search.documents.quotations` at indexing
time). No gazetteer and no model: a person is recognised from how news prose introduces one, by a
role or title before the name ("Mayor Bill de Blasio", "Legal Aid attorney Kate Mogulescu"), a
role after it ("Lori Cohen, director of ..."), or by being the subject of a speech verb
("Malik said"): :mod:`.introductions` reads each run of capitalised words for that. Names are
then normalised within the document ("Malik" -> "Mina Malik"). Which words can be names, roles
and titles is :mod:`.name_words`.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from corpus_search.documents.gender import gender_of_name
from corpus_search.documents.introductions import AFTER_PREPOSITION, introduced
from corpus_search.documents.name_runs import (
    capitalised_runs,
    opens_sentence,
    possessive_or_title,
)
from corpus_search.documents.name_words import (
    HONORIFICS,
    ORG_WORDS,
    is_stop_word,
    namesakes,
)
from corpus_search.documents.person import Person, holds_role, merged, sentence_start_in
from corpus_search.documents.pronouns import antecedent, nearest_in_sentence

__all__ = ["People"]


class People:
    """The people of one document, found lazily (only documents with a speaker to resolve)."""

    def __init__(
        self,
        text: str,
        outside: list[tuple[int, int]],
        regions: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.regions = merged(regions or [(0, len(text))])
        self.outside = outside  # quotation spans, whose words are not mentions
        self.by_surname: dict[str, Person] = {}
        self._shared: set[str] = set()  # surnames of namesakes ("Ann Lee", "Bob Lee")
        self._runs: list[tuple[int, str]] = []
        # (position, surname) of each mention of a person, in order
        self.mentions: list[tuple[int, str]] = []
        # mentions that are the speaker of a quotation or the subject of a speech verb
        self.speaking: set[tuple[int, str]] = set()
        self._scan()

    def inside_quote(self, pos: int) -> bool:
        """``pos`` lies inside one of the document's quotations."""
        i = bisect_left(self.outside, (pos + 1, 0)) - 1
        return i >= 0 and self.outside[i][0] <= pos < self.outside[i][1]

    def add(self, name: str, *, role: str = "", honorific: str = "") -> Person:
        """Register ``name`` (merging it with a known person of the same surname)."""
        words = name.split()
        surname = words[-1]
        person = self.by_surname.get(surname)
        if person is not None and namesakes(person.name, name):
            # "Ann Lee" and "Bob Lee": two people, the second known by the full name
            person = self.by_surname.get(name)
            self._shared.add(surname)
            surname = name
        if person is None:
            person = self.by_surname[surname] = Person(name, key=surname)
        elif len(words) > len(person.name.split()):
            person.name = name
        if role:
            person.roles.add(role)
        if honorific and not person.honorific:
            person.honorific = honorific
        return person

    def described(self, phrase: str, at: int) -> Person:
        """The speaker known only as ``phrase`` ("A spokesman for the BPI") at ``at``, shown as
        written and kept apart from everyone named."""
        phrase = phrase.strip()
        shown = phrase[:1].upper() + phrase[1:]
        person = self.by_surname.get(shown)
        if person is None or not person.described:
            person = self.by_surname[shown] = Person(shown, key=shown, described=True)
        return person

    def _scan(self) -> None:
        """Runs of capitalised words are names; a role before one ("Mayor Bill de Blasio"), a
        role after it ("Lori Cohen, director of") or a verb after it ("William Gallas believes")
        makes it a person. Only capitalised words are visited, so this is quick."""
        text = self.text
        runs = capitalised_runs(text, self.regions)
        # "Sir Howard Newby", later "Sir Howard": a knight or a dame is named by the given name
        self._knights: dict[str, str] = {}
        for start, _, name in runs:
            if " " in name and _KNIGHTED.search(text, max(0, start - 6), start):
                self._knights.setdefault(name.split()[0], name)
        runs = [
            (
                a,
                b,
                self._knights.get(name, name) if _KNIGHTED.search(text, max(0, a - 6), a) else name,
            )
            for a, b, name in runs
        ]
        self._best: dict[str, str] = {}
        headline_end = text.find("\n")
        # names as a headline writes them ("Veteran Martinez wins Thai title"), kept only when the
        # text has no other
        self._headline: set[str] = set()
        headline = self._headline
        for start, _, name in runs:
            surname = name.split()[-1]
            known = self._best.get(surname, "")
            if len(name.split()) > len(known.split()) or (
                known in headline and len(name.split()) == len(known.split())
            ):
                self._best[surname] = name  # (the body's "Conchita Martinez", not the headline's)
                if start < headline_end:
                    headline.add(name)
            words = name.split()
            if len(words) >= 2 and _PARTICLE_SURNAME.match(surname):
                # "Prince Ali Al-Hassan", later "Prince Ali": the given name is the short form
                self._best.setdefault(words[-2], name)
        # "the 2006 World Cup", "The Polar Express": a name written with "the" is a thing's,
        # not a person's, wherever in the document it is the subject of a verb.
        things = {
            name
            for start, _, name in runs
            if " " in name
            and (
                _THE_BEFORE.search(text, max(0, start - 16), start)
                or _WORK_BEFORE.search(text, max(0, start - 12), start)  # "his film Being Julia"
            )
        }
        subjects = introduced(text, runs, self._best, self.inside_quote, self.add)
        # Given name and surname written inside a sentence, where a capital letter means a
        # name, and not after a preposition ("against Aston Villa", "of London Irish").
        inside = {
            name
            for start, end, name in runs
            if len(name.split()) in (2, 3)
            and not opens_sentence(text, start)
            and not AFTER_PREPOSITION.search(text, max(0, start - 10), start)
            and not possessive_or_title(text, end)
        }
        for name, verb, owned in subjects:
            if name in things:
                continue
            if " " in name or name in self.by_surname:
                self.add(name)
            elif self._best.get(name) in inside and verb not in _PLURAL and not owned:
                # "Saulnier will move ...": the Cyril Saulnier named before ("United have ..."
                # is a team's plural, "Like BitTorrent" opens a sentence)
                self.add(name)
            elif verb in _SINGULAR and not owned and len(self._best.get(name, "").split()) == 2:
                # "Melzer has now beaten ...", after "a defeat by Jurgen Melzer": a team would
                # "have"
                self.add(name)
        # "Ahmed 'Mido' Hossam", later "Mido": a quoted nickname inside a full name is that person
        self._nicknames: dict[str, str] = {}
        for a, b in self.regions:
            for m in _NICKNAME_IN_NAME.finditer(text, a, b):
                given = _GIVEN_NAME_BEFORE.search(text, max(0, m.start() - 24), m.start())
                if given is None:
                    continue
                full = self.add(text[given.start() : m.end()]).name
                self._nicknames.setdefault(m.group(1), full)
                self._best[full.split()[-1]] = full
            # Jimmy "the Whirlwind" White: double quotes make the nickname a quotation of its
            # own, so the name is written without it
            for m in _DOUBLE_QUOTED_NICKNAME.finditer(text, a, b):
                if is_stop_word(m.group(1)) or m.group(3).lower() in ORG_WORDS:
                    continue
                full = self.add(f"{m.group(1)} {m.group(3)}").name
                self._best[full.split()[-1]] = full
                if " " not in m.group(2).strip():
                    self._nicknames.setdefault(m.group(2).strip(), full)
        if self._nicknames:
            runs = [(a, b, self._nicknames.get(name, name)) for a, b, name in runs]
        self._runs = [(start, name) for start, _, name in runs]
        self._run_ends = {start: end for start, end, _ in runs}

    def index_mentions(self) -> None:
        """Find every mention of every known person (full name or surname) outside quotations:
        their names, and roles ("the mayor" is Bill de Blasio)."""
        for person in list(self.by_surname.values()):
            self.fullest(person.name)
        by_head: dict[str, str] = {}
        # "the chancellor" is never the shadow chancellor, who is "the shadow chancellor"
        shadows = {
            m.group(1).lower()
            for a, b in self.regions
            for m in _THE_SHADOW.finditer(self.text, a, b)
        }
        for surname, person in self.by_surname.items():
            if person.is_organisation:
                continue
            for role in person.roles:
                head = role.split()[-1]
                if head.isalpha() and (role.split()[0] != "shadow" or head in shadows):
                    by_head.setdefault(head, surname)
        found: list[tuple[int, str]] = []
        for at, name in self._runs:
            surname = name.split()[-1]
            if surname.lower() in ORG_WORDS:
                continue
            if surname in self.by_surname and not self.inside_quote(at):
                found.append((at, self.key_at(name, at)))
                self._speaks_at(at, self._run_ends[at], found[-1])
        if by_head:
            heads = "|".join(sorted(by_head))
            pattern = re.compile(r"\b[Tt]he\s+(?:[\w\-]+\s+){0,2}?(" + heads + r")\b", re.I)
            first_named: dict[str, int] = {}
            for at, key in found:
                first_named.setdefault(key, at)
            for m in (m for a, b in self.regions for m in pattern.finditer(self.text, a, b)):
                holder = by_head[m.group(1).lower()]
                # (a role before the holder's name is someone else's: "the actress" is not the
                # "actress X" introduced later)
                if not self.inside_quote(m.start()) and first_named.get(holder, -1) < m.start():
                    found.append((m.start(), by_head[m.group(1).lower()]))
                    self._speaks_at(m.start(), m.end(), found[-1])
        found.sort()
        self.mentions = found

    def mentioned(self, pos: int, surname: str) -> None:
        """Record that the person ``surname`` was referred to at ``pos`` as the speaker of a
        quotation (e.g. by "she said")."""
        if surname.lower() in ORG_WORDS:
            return
        i = bisect_left(self.mentions, (pos, ""))
        self.mentions.insert(i, (pos, surname))
        self.speaking.add((pos, surname))

    def _speaks_at(self, start: int, end: int, mention: tuple[int, str]) -> None:
        """A mention followed by a speech verb ("the Tory leader said") is its sentence's
        speaker, unless it names where someone works ("Ann Lee of Acme Bank said")."""
        if _SPEAKS.match(self.text, end) and not _AFFILIATED.search(
            self.text, max(0, start - 12), start
        ):
            self.speaking.add(mention)

    def latest_before(self, pos: int, gender: str = "") -> Person | None:
        """A pronoun's antecedent (see :func:`.pronouns.antecedent`); with ``gender`` ("m" for
        "he", "f" for "she"), people known to be of the other gender are passed over."""
        return antecedent(self.text, self.mentions, self.speaking, self.by_surname, pos, gender)

    def nearest_in_sentence(self, pos: int, gender: str = "") -> Person | None:
        """The person mentioned last before ``pos`` in its sentence (of ``gender`` if known)."""
        return nearest_in_sentence(self.text, self.mentions, self.by_surname, pos, gender)

    def known(self, surname: str) -> bool:
        """``surname`` is the last word of a full name in the text ("Morientes" after "Fernando
        Morientes"): "the 28-year-old Morientes" is that person, not a description."""
        return " " in self._best.get(surname, "")

    def is_person(self, name: str) -> bool:
        """``name`` is someone this document makes a person of (or an honorific or a known given
        name says so), not a firm or a body."""
        words = name.split()
        person = self.by_surname.get(words[-1]) if words else None
        if person is not None and not person.is_organisation and not person.described:
            return True
        return bool(words) and (
            words[0].lower() in HONORIFICS or bool(gender_of_name(name))
        )

    def sentence_start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts."""
        return sentence_start_in(self.text, pos)

    def with_role(self, role: str, pos: int) -> Person | None:
        """The person holding ``role`` ("mayor", "district attorney"), the most recently mentioned
        before ``pos`` when several do."""
        head = role.split()[-1]
        people = [p for p in self.by_surname.values() if not p.is_organisation]
        # The closest match wins: "the foreign secretary" is the Foreign Secretary, never the
        # shadow foreign secretary.
        if not role.startswith("shadow"):  # (a shadow minister is never "the minister")
            people = [p for p in people if not any(r.startswith("shadow") for r in p.roles)]
        holders = [p for p in people if any(holds_role(r, role) for r in p.roles)] or [
            p for p in people if any(r.split()[-1] == head for r in p.roles)
        ]
        if not holders:
            return None
        best = None
        for at, surname in self.mentions:
            if at >= pos:
                break
            if any(p.key == surname for p in holders):
                best = self.by_surname[surname]
        # Only someone named before: "the Australian-born actress" is not the "actress Sienna
        # Miller" introduced in the next sentence.
        return best

    def key_at(self, name: str, at: int) -> str:
        """The key of the person ``name`` at ``at`` means: a bare surname shared by namesakes
        ("Lee" after "Ann Lee" and "Bob Lee") is the one whose full name was written last."""
        surname = name.split()[-1]
        if surname not in self._shared:
            return surname
        keys = {p.name: p.key for p in self.by_surname.values() if p.surname == surname}
        if " " in name:
            return keys.get(name, surname)
        best = surname
        for start, full in self._runs:
            if start > at:
                break
            best = keys.get(full, best)
        return best

    def fullest(self, name: str, honorific: str = "", at: int = -1) -> Person:
        """The person ``name`` refers to, at the fullest form of the name in the document."""
        if honorific in ("Sir", "Dame"):
            name = self._knights.get(name, name)
        name = self._nicknames.get(name, name)
        if at >= 0 and " " not in name and name in self._shared:
            name = self.by_surname[self.key_at(name, at)].name
        person = self.add(name, honorific=honorific)
        best = self._best.get(person.key, "")
        longer = len(best.split()) > len(person.name.split())
        if (longer and not namesakes(best, person.name)) or (
            person.name in self._headline and best not in self._headline and best
        ):
            # "Mina Malik joined ..." makes "Malik" Mina Malik; "Conchita Martinez" in the
            # text, not "Veteran Martinez" in the headline
            person.name = best
        return person


_THE_SHADOW = re.compile(r"\b[Tt]he shadow (?:[\w\-]+ )?([a-z]+)\b")
_PARTICLE_SURNAME = re.compile(r"(?:Al|El|Bin|Ibn|Abu|Abdul)-[A-Z]")
_SPEAKS = re.compile(r"(?:'s)?\s+(?:has\s+|had\s+|also\s+)?(?:said|says|told|tells|added|adds)\b")
_AFFILIATED = re.compile(r"\b(?:of|from|at|for|with)\s+(?:the\s+)?\Z")
_WORK_BEFORE = re.compile(
    r"\b(?:film|movie|book|novel|album|song|single|show|series|play|musical|game"
    r"|star of|nominated for|role in)\s+\Z"
)
_PLURAL = frozenset(("have", "are", "were"))
_SINGULAR = frozenset(("has", "is", "was", "says", "said"))
_KNIGHTED = re.compile(r"\b(?:Sir|Dame) \Z")
_THE_BEFORE = re.compile(r"(?<![\w'’])[Tt]he\s+(?:\d[\w\-]*\s+)?\Z")
# "Ahmed 'Mido' Hossam": a quoted nickname inside a full name
_NICKNAME_IN_NAME = re.compile(r"(?<= )['‘]([A-Z][\w\-]+)['’] [A-Z][\w\-]+\b")
_DOUBLE_QUOTED_NICKNAME = re.compile(
    r"(?<![\w'’])([A-Z][a-z][\w\-]*) [\"“](?:[Tt]he )?([A-Z][\w\-]*(?: [A-Z][\w\-]*)?) ?[\"”] "
    r"([A-Z][a-z][\w\-]+)\b"
)
_GIVEN_NAME_BEFORE = re.compile(r"(?<![\w'’])[A-Z][\w\-]+ \Z")
