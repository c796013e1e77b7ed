"""One person of a document (:class:`Person`), and the small helpers :mod:`.names` reads people
with: whether a role given to someone is the role asked for, where a sentence starts, and text
regions merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_search.documents.gender import gender_of_name, gender_of_words
from corpus_search.documents.name_words import ORG_WORDS, SENTENCE_BREAK

__all__ = ["Person", "holds_role", "merged", "sentence_start_in"]


@dataclass
class Person:
    """One person in a document: the fullest form of the name, and the roles given to them."""

    name: str
    roles: set[str] = field(default_factory=set)
    honorific: str = ""
    key: str = ""  # the person's key in People.by_surname: the surname, or a namesake's name
    described: bool = False  # known only by a description: "A Home Office spokesman"

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def is_organisation(self) -> bool:
        return self.surname.lower() in ORG_WORDS

    @property
    def gender(self) -> str:
        """ "m", "f", or "" when the text says nothing (or says both): see :mod:`.gender`."""
        said = {
            gender_of_words(" ".join((self.honorific, *self.roles))),
            gender_of_words(self.name) if self.described else gender_of_name(self.name),
        } - {""}
        return said.pop() if len(said) == 1 else ""

    def display(self) -> str:
        if self.honorific in _ROYAL and not self.name.startswith(self.honorific):
            return f"{self.honorific} {self.name}"  # "Prince Ali Al-Hassan": part of the name
        if len(self.name.split()) == 1 and self.honorific:
            return f"{self.honorific} {self.name}"
        return self.name


_ROYAL = frozenset(("Prince", "Princess"))




def sentence_start_in(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (looking back at most 400 characters)."""
    window_start = max(0, pos - 400)
    start = window_start
    for m in SENTENCE_BREAK.finditer(text, window_start, pos + 1):  # (+1: the lookahead)
        start = m.end()
    return start


def merged(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping (start, end) ranges joined, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def holds_role(held: str, role: str) -> bool:
    """A role given to someone (``held``: "shadow foreign secretary") is ``role``, or a kind of
    it ("Queens district attorney" is a district attorney), but not its shadow or former one."""
    if held == role:
        return True
    return held.endswith(" " + role) and not held.startswith(_NOT_THE_ROLE)


_NOT_THE_ROLE = ("shadow ", "former ", "ex-", "deputy ", "vice ", "assistant ")
