"""What a text says about a person's gender, so that "she said" is never a man and "he said" never
a woman: only evidence the prose itself gives (an honorific, a gendered role word) and a short
list of conventionally gendered given names. Anything else says nothing, and a person with
evidence both ways (two namesakes merged, a mistake) is treated as unknown.

The lists are deliberately small: a wrong guess here would hide the right speaker, while a
missing name only leaves things as they were (the person is a candidate for either pronoun).
"""

from __future__ import annotations

__all__ = ["PRONOUN_GENDER", "gender_of_name", "gender_of_words"]

PRONOUN_GENDER = {"he": "m", "she": "f"}

_MALE_WORDS = frozenset(
    """
    mr sir lord prince king duke earl baron brother father son husband uncle nephew grandfather
    boyfriend widower spokesman businessman sportsman congressman policeman fireman
    frontman batsman monk
    """.split()
)
_FEMALE_WORDS = frozenset(
    """
    mrs ms miss dame lady princess queen duchess countess baroness sister mother daughter wife aunt
    niece grandmother girlfriend widow spokeswoman chairwoman businesswoman sportswoman
    congresswoman policewoman actress waitress heroine nun
    """.split()
)
# Given names that are, in English-language news, very nearly always one gender.
_MALE_NAMES = frozenset(
    """
    adam alan alastair alexander andrew andy anthony arsene ben bernard bill bob brian bruce
    carl carlos charles christopher colin craig cyril dan daniel david dennis derek dominic
    donald douglas edward eric frank gary geoff geoffrey george gerry gordon graeme graham greg
    harry henry iain ian jack jacques james jason jeff jeremy jim jimmy joe john jonathan
    jose keith ken kenneth kevin malcolm mark martin matt matthew michael mike neil nick
    nigel oliver patrick paul peter philip phil rafael richard rob robert roger ronald
    rory roy scott sean simon stephen steve steven stuart thomas tim tom tony trevor vincent
    wayne william
    """.split()
)
_FEMALE_NAMES = frozenset(
    """
    alice alison amanda amelie amy angela ann anna anne barbara betty carol caroline catherine
    cathy charlotte cherie christine claire clare deborah diana diane elizabeth ellen emily emma
    estelle eleanor esther fiona gillian hazel helen hillary jacqui jane janet jennifer jessica
    jill joan julia julie karen kate katherine kathleen kathy laura linda lisa louise
    lucy madonna margaret maria marie mary melanie melinda michelle mina nancy natalie nicola
    nicole patricia patsy paula rachel rebecca ruth sally sandra sarah serena sharon shirley
    sophie sue susan tessa theresa venus victoria wendy yvonne zoe
    """.split()
)


def gender_of_words(words: str) -> str:
    """ "m" or "f" when an honorific or role word among ``words`` says so ("Mrs", "spokeswoman"),
    else ""."""
    found = set()
    for word in words.lower().replace(",", " ").split():
        word = word.rstrip(".")
        if word in _MALE_WORDS:
            found.add("m")
        elif word in _FEMALE_WORDS:
            found.add("f")
    return found.pop() if len(found) == 1 else ""


def gender_of_name(name: str) -> str:
    """ "m" or "f" when the first word of ``name`` is on the short list of given names."""
    first = name.split()[0].lower() if name.split() else ""
    if first in _MALE_NAMES:
        return "m"
    if first in _FEMALE_NAMES:
        return "f"
    return ""
