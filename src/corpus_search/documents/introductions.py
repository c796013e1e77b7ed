"""How news prose introduces a person, read off each run of capitalised words (see
:mod:`.names`): a role before the name ("Mayor Bill de Blasio", "London mayor Mr Livingstone"),
a role after it ("Lori Cohen, director of ..."), a role set off by commas before it ("The party's
Holyrood leader, Nicola Sturgeon, welcomed"), or a verb after it, directly or past an
appositive, an affiliation or dashes ("William Gallas believes", "Simon Hart of the Countryside
Alliance has questioned", "Gerry Conlon - who was wrongly convicted - said")."""

from __future__ import annotations

import re
from collections.abc import Callable

from corpus_search.documents.gender import gender_of_name
from corpus_search.documents.name_runs import possessive_or_title, role_phrase
from corpus_search.documents.name_words import HONORIFICS, ORG_WORDS, is_role_word
from corpus_search.documents.person import Person

__all__ = ["AFTER_PREPOSITION", "Subject", "introduced"]

# (name, verb, owned): a run that is the subject of a verb, to be made a person by :mod:`.names`
# if it reads as one there ("owned": a possessive or a title follows, "Villa's rivals")
Subject = tuple[str, str, bool]


def introduced(
    text: str,
    runs: list[tuple[int, int, str]],
    best: dict[str, str],
    inside_quote: Callable[[int], bool],
    add: Callable[..., Person],
) -> list[Subject]:
    """Register (``add``) each person the runs introduce with a role or an appositive, and
    return the runs that are the subject of a verb. ``best`` is each surname's fullest name in
    the document; runs inside a quotation are skipped."""
    subjects: list[Subject] = []
    for start, end, name in runs:
        if inside_quote(start):
            continue
        near = text[max(0, start - 9) : start]  # (a plain test first: most runs have neither)
        if (
            (" of " in near or " for " in near)
            and _NAME_GOES_ON.search(text, max(0, start - 40), start)
            and not gender_of_name(name)
        ):
            # "the Campaign for Tobacco-Free Kids urged", "the Institute of Medical Research,
            # Professor ...": the end of an organisation's name, not a person
            continue
        if text[end : end + 1] == " " and is_role_word(text[end + 1 : end + 40].split(" ", 1)[0]):
            continue  # part of a title: "Deputy Prime Minister", "Shadow Treasury chief"
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        title = before.group(1) if before else ""
        if title in _SPEECH_FIRST and " " in name and text[end : end + 1] in (",", "."):
            # "..., says Frederic Sawicki, a lecturer": the subject after the verb
            if name.split()[-1].lower() not in ORG_WORDS:
                add(name)
        role_comma = (
            _ROLE_COMMA.search(text, max(0, start - 40), start)
            if text.endswith(", ", 0, start)
            else None
        )
        if role_comma and " " in name and is_role_word(role_comma.group(1)):
            # "The party's Holyrood leader, Nicola Sturgeon, welcomed ...": the role's holder
            add(name, role=role_phrase(text[max(0, start - 40) : role_comma.end(1)]))
            continue
        if before and title and is_role_word(title):
            if title.lower() in HONORIFICS:
                # "London mayor Mr Livingstone": the role before the honorific is his too
                role = role_phrase(text[max(0, start - 50) : before.start(1)])
                add(name, honorific=title, role=role)
            else:
                add(name, role=role_phrase(text[max(0, start - 40) : start]))
            continue
        # "Ken Macdonald QC, who sits on ...": letters after the name are not what follows it
        post = _POST_NOMINAL.match(text, end)
        after = text[post.end() if post else end : end + 110]
        if after.startswith(",") and " " in best.get(name.split()[-1], name):
            words = after[1:].split()[:5]
            if words and words[0].lower() in _ARTICLES:
                words = words[1:]
            # (not in a relative clause: "Keegan, who dropped the defender")
            # ("South Korea, Mr Lee predicts": an honorific starts another name)
            for m_, word in enumerate(words[:4] if words[:1] != ["who"] else []):
                if is_role_word(word.rstrip(",.")) and word.lower() not in HONORIFICS:
                    if (
                        words[m_ + 1 : m_ + 2]
                        and not word.endswith(",")
                        and words[m_ + 1].rstrip(":,") in _SPEECH
                    ):
                        break  # "In the Northern Echo, the Bishop said": a new subject
                    add(name, role=" ".join(words[: m_ + 1]).lower().rstrip(",."))
                    break
            else:
                # "Shami Chakrabarti, from human rights group Liberty, joined calls ..."
                later = _APPOSITIVE_THEN_VERB.match(after)
                closing = _CLOSING_COMMA_VERB.match(after)
                if closing and text.endswith(", ", 0, start):
                    # "The head of the panel, Kostas Petrou, said ...": an appositive name
                    subjects.append((name, closing.group(1), False))
                elif (
                    later
                    and (_verb_like(later.group(1)))
                    and not AFTER_PREPOSITION.search(text, max(0, start - 10), start)
                ):
                    # (also "Keanu Reeves, who presented the award, said ...")
                    subjects.append((name, later.group(1), False))
                elif _WHO_AFTER.match(after) and gender_of_name(name):
                    # "in the shape of Emma Watson, who plays ...": a given name and "who"
                    add(name)
            continue
        later = (
            _AFFILIATION_THEN_VERB.match(text, end, end + 80)
            or _DASHES_THEN_VERB.match(text, end, end + 160)
            if " " in name
            else None
        )
        if later and (_verb_like(later.group(1))):
            # "Simon Hart of the Countryside Alliance has questioned ...", "Gerry Conlon -
            # who was wrongly convicted - said ...": the subject of the verb
            subjects.append((name, later.group(1), False))
            continue
        words = after.split()[:2]
        verb = words[0] if words else ""
        if (
            verb in _AUXILIARIES or (verb.islower() and verb.isalpha() and _verb_like(verb))
        ) and not _COUNTED.search(text, max(0, start - 12), start):
            # (not "a World Cup winner's medal": a possessive noun, no verb; not "all three
            # Zurich Premiership matches": a noun after a number or "his" is no verb either)
            # "Villa's rivals": a possessive is not a subject to make a person of
            subjects.append((name, verb, possessive_or_title(text, end)))
    return subjects


def _verb_like(word: str) -> bool:
    """``word`` after a name reads as its verb: a speech verb, or a past or present tense
    ("questioned", "believes")."""
    return word in _SPEECH or (len(word) > 3 and word.endswith(("ed", "s")))


_SPEECH = frozenset("said told wrote says tells writes argued thinks".split())
AFTER_PREPOSITION = re.compile(
    r"\b(?:the|of|at|against|for|from|to|in|on|with|by|as|into)\s+\Z", re.I
)
_AUXILIARIES = frozenset("also has had was is have will would then later".split())
_SPEECH_FIRST = frozenset("said says writes wrote added adds argued argues".split())
_ARTICLES = frozenset(("the", "a", "an"))
_COUNTED = re.compile(
    r"(?<![\w'’\-])(?:two|three|four|five|six|seven|eight|nine|ten|\d+|all|both|his|her|their|its"
    r"|our|these|those|several|many|some) +\Z"
)
_POST_NOMINAL = re.compile(r" (?:QC|KC|MP|MEP|MSP|AM|OBE|CBE|MBE|KBE|Jr|Jnr|Snr)\b\.?(?=,)")
# "Campaign for ", "Institute of the ": an organisation's name carries on after the word
_NAME_GOES_ON = re.compile(r"(?<![\w'’\-])[A-Z][\w\-]* (?:of|for) (?:the )?\Z")
_WHO_AFTER = re.compile(r",\s+who(?:se)?\s+[a-z]")
_AFFILIATION_THEN_VERB = re.compile(
    r"\s+(?:of|from|at)\s+(?:the\s+)?(?:[A-Z][\w&'’\-]*\s+(?:(?:of|for|and)\s+(?=[A-Z]))?){1,4}"
    r"(?:has\s+|have\s+|had\s+|also\s+)?"
    r"([a-z]+)\b"
)
_DASHES_THEN_VERB = re.compile(r"\s+[-–—]\s+[^-–—\"“”\n]{2,120}?\s[-–—]\s+([a-z]+)\b")
_APPOSITIVE_THEN_VERB = re.compile(r",\s+(?:from|of|at|who|whose)\s[^,.;:\"“”]{2,80},\s+([a-z]+)\b")
_CLOSING_COMMA_VERB = re.compile(
    r",\s+(?:has\s+|had\s+|also\s+)?(said|says|told|tells|added|adds)\b"
)
_ROLE_COMMA = re.compile(r"(?<![\w'’\-])([a-z][a-z\-]+),[ \t]+\Z")  # "leader, " (not "Mr X, ")
# The word before a name, in its sentence: "Mr." is a title, "spokesman." ends a sentence.
_WORD_BEFORE = re.compile(r"((?:Mr|Mrs|Ms|Dr|Prof|Rev|St)\.|[\w'’\-]+)[ \t]+\Z")
