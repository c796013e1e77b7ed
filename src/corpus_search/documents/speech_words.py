"""The words that attribute a quotation, shared by :mod:`.attribution` (the words before a
quotation and the sentence before it) and :mod:`.attribution_after` (the words after it): the
speech verbs, the adverbs that may stand before them, and an organisation's "statement"."""

from __future__ import annotations

import re

__all__ = ["ADVERB", "ORG_STATEMENT", "SPEECH_VERB", "VERBS", "Attribution", "in_first_person"]
# (speaker phrase, verb, kind, position of the phrase in the text)
Attribution = tuple[str, str, str, int]

VERBS = (
    "said|says|say|told|tells|tell|added|adds|wrote|writes|explained|explains|stated|states|noted|"
    "notes|argued|argues|insisted|insists|claimed|claims|warned|warns|asked|asks|replied|replies|"
    "continued|continues|declared|announced|acknowledged|admitted|admits|commented|observed|"
    "remarked|remarks|vowed|vows|urged|urges|suggested|conceded|stressed|recalled|concluded|"
    "countered|responded|revealed|reveals|"
    "agreed|predicted|adding|telling|went on|goes on|concludes|maintained|believes|thinks|joked|"
    "insisting|assured|confessed|confesses|"
    "jokes|laughed|laughs|tweeted|posted|testified|confided|confides|boasted|boasts|quipped|quips|"
    "concedes"
)
# An organisation's statement: "an SFA statement", "a Home Office statement"
ORG_STATEMENT = re.compile(r"(?:[Aa]n?|[Tt]he)\s+((?:[A-Z][\w&'’\-]*\s+){1,4})statement\b")
ADVERB = r"(?:(?:also|later|then|has|had|have|once|previously|earlier|simply|just|will)\s+)?"
SPEECH_VERB = re.compile(r"\b(" + VERBS + r"|saying)\b")

# Words in the first person: one speaker's ("I", "my"), and with ``plural`` also a group's ("we").
_FIRST_PERSON_SINGULAR = frozenset("i i'm i've i'd i'll my me myself".split())
_FIRST_PERSON_PLURAL = frozenset("we we're we've we'd we'll our us".split())
_WORD = re.compile(r"[\w'’]+")


def in_first_person(text: str, *, plural: bool = True) -> bool:
    """``text`` has a word in the first person (singular only, unless ``plural``)."""
    for word in _WORD.findall(text):
        word = word.lower().replace("’", "'")
        if word in _FIRST_PERSON_SINGULAR or (plural and word in _FIRST_PERSON_PLURAL):
            return True
    return False
