"""Which words around a speech verb name the speaker: the phrase after the verb (``said Legal Aid
attorney Kate Mogulescu, who ...``), the subject at the end of a clause (``But historically,
Immigrant Defense Project attorney Genia Blaser said``) or opening a sentence (``Unveiling the
increase, Mr Blair said``), and whether a phrase can name a speaker at all. :mod:`.attribution`
finds where the attribution is; this module reads the speaker phrase in it.
"""

from __future__ import annotations

import re
from itertools import islice

from corpus_search.documents.name_words import (
    BODIES,
    HONORIFICS,
    PRESS_NOUNS,
    PRONOUNS,
    ROLE_WORDS,
    is_anonymous,
    is_description,
    is_name_word,
    is_role_word,
    is_stop_word,
    name_in,
    organisation_in,
    role_head,
)

__all__ = [
    "clause_subject",
    "named_after_role",
    "sentence_subject",
    "speaker_phrase",
    "subject_after_verb",
]

_PHRASE_TOKEN = re.compile(r"\s*([\w'’&\-]+\.?|[^\w\s])")


def subject_after_verb(text: str, at: int) -> str:
    """The speaker phrase right after a verb (``"...," said Castaignede ahead of the tie``):
    names, role words, particles, and lowercase words that describe the role word after them
    ("communications director"); it ends at punctuation, at a full stop that ends the sentence
    ("said Mr Ross. Ian Fogg ..."), or at any other word ("ahead", "yesterday", "who")."""
    tokens = list(islice(_PHRASE_TOKEN.finditer(text, at), 14))
    words = [m.group(1) for m in tokens]
    end = at
    for i, word in enumerate(words):
        if not word[:1].isalpha() and not _describes_name(words, i):
            break
        if word[:1].islower() and word.endswith(".") and not is_role_word(word):
            break  # "said Nadal afterwards. US coach ...": not a word describing "US"
        if word[:1].islower() and not (
            word in _GLUE
            or is_role_word(word)
            or _role_ahead(words, i)
            or _describes_name(words, i)  # "said Spanish teenager Nadal"
        ):
            break
        end = tokens[i].end(1)
        if word.endswith(".") and len(word) > 2 and word.lower() not in HONORIFICS:
            break  # the sentence ends
    taken = text[at:end].split()
    while taken and taken[-1].lower() in _GLUE:
        taken.pop()
    if taken and taken[-1].endswith(".") and taken[-1].lower() not in HONORIFICS:
        taken[-1] = taken[-1][:-1] if len(taken[-1]) > 2 else taken[-1]
    return " ".join(taken)


def named_after_role(text: str, at: int, role: str) -> str:
    """The name set off by a comma after a role (``said its chief executive, Sir Ann Lee``), or
    "" when none follows."""
    end = text.find(role, at) + len(role)
    # (the role may go on past the phrase: "the chairman of the Commons education committee,")
    comma = re.match(r"(?:\s+[\w'’\-]+){0,4}?,\s+", text[end:])
    if comma is None:
        return ""
    named = subject_after_verb(text, end + comma.end())
    if comma.group().strip(", \t\n"):
        # past the role, only a full name that ends the clause ("..., Platoon and Born" is not)
        after = text[end + comma.end() + len(named) :][:1]
        if len(name_in(named)[0].split()) < 2 or " and " in named or after not in ".,;:":
            return ""
    return named if name_in(named)[0] and not role_head(named) else ""


def speaker_phrase(phrase: str) -> bool:
    """``phrase`` can name a speaker: a pronoun, a role ("the mayor"), an organisation ("the
    IMF") or words with a name."""
    words = phrase.split()
    if not words:
        return False
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return True
    lowered = [w.lower() for w in words]
    if words[0] in _PREPOSITIONS or words[-1] in ("and", "or"):
        return False  # '"..." of the Office of National Statistics and said': no subject
    if lowered[0] == "the" and len(words) == 2 and lowered[1] in PRESS_NOUNS | BODIES:
        return True  # "the newspaper said": the title named before (see quotations._resolve)
    if lowered[0] == "the" and lowered[-1] in BODIES and words[1][:1].isupper():
        return True  # "the Commons standards and privileges committee": that body
    if lowered[0] in ("the", "a", "an", "one") and (
        role_head(phrase)
        or organisation_in(phrase)
        or is_description(phrase)
        or is_anonymous(phrase)
    ):
        return True
    if lowered[0] == "the" and len(words) > 2:
        name, title = name_in(phrase)
        if name and title and is_role_word(title.split()[-1]):
            return True  # "the Lord Chancellor Lord Falconer", "the Home Secretary Jo Bell"
    if is_stop_word(words[0]):
        return False  # "Later the prime minister": the subject starts after "Later"
    if any(not _WORD_OF_NAME.match(w) for w in words) or any(
        w.endswith(".") and len(w) > 3 and w.lower() not in HONORIFICS for w in words[:-1]
    ):
        return False  # a sentence ends inside: ". But the prime minister", "the Pops. He"
    roles = [i for i, w in enumerate(words) if is_role_word(w)]
    last_role = roles[-1] if roles else -1
    # Lowercase words may describe a role ("housing attorney"), not follow it.
    if any(
        not (
            w[:1].isupper()
            or is_role_word(w)
            or w.lower() in _GLUE
            or (last_role - 3 <= i < last_role and w.lower() not in _NOT_DESCRIBING)
            or _describes_name(words, i)  # "Spanish teenager Nadal", "Wheelchair user Kevin Lee"
            or _of_role(words, i)  # "director of rugby Nigel Melville"
        )
        for i, w in enumerate(words)
    ):
        return False
    if len(words) == 1 and organisation_in(phrase):
        return True  # "NIESR said", "Ofcom said": an organisation by its acronym
    return bool(name_in(phrase)[0]) or bool(role_head(phrase))


def _of_role(words: list[str], i: int) -> bool:
    """``words[i]`` is what a role is of or for, before the holder's name: "director of rugby
    Nigel Melville", "head of public affairs Ann Lee" (not a role with no name after it)."""
    if not any(w[:1].isupper() for w in words[i + 1 :]):
        return False
    for j in (i - 1, i - 2):
        if j >= 1 and words[j].lower() in ("of", "for") and is_role_word(words[j - 1]):
            return all(w.islower() for w in words[j + 1 : i + 1])
    return False


_WORD_OF_NAME = re.compile(r"^\w[\w'’&\-]*(?:\.|(?<=\b\w)\.|'s|’s)?$|^(?:Mr|Mrs|Ms|Dr|St|Jr)\.$")
# Lowercase words that never describe a role ("hit back at Labour" is no Labour role).
_NOT_DESCRIBING = frozenset(
    "at in on to by with from into about over after before against back up out off".split()
)
_GLUE = frozenset("the a an of for and de da van von der del la le du bin al".split())


def _role_ahead(words: list[str], i: int) -> bool:
    """A role word follows ``words[i]`` within a few lowercase words: "shadow local government
    secretary", "communications director"."""
    if any(map(is_role_word, words[i + 1 : i + 3])):
        return True
    for word in words[i + 1 : i + 5]:
        if is_role_word(word):
            return True
        if not (word.isalpha() and word.islower()):
            return False
    return False


def _describes_name(words: list[str], i: int) -> bool:
    """The lowercase word ``words[i]`` describes the person named right after it, in a phrase
    that opens with a capital or "the": "Spanish teenager Nadal", "Florida state archivist Jody
    Norman", "the 28-year-old Morientes"."""
    if not 1 <= i <= 3 or not (words[0][:1].isupper() or words[0] == "the"):
        return False
    for j in range(1, min(4, len(words))):
        word = words[j]
        if not _LOWER_WORD.fullmatch(word) or is_stop_word(word):
            return False
        if not (word[0].isdigit() or _PARTICIPLE_OBJECT.match(word)):
            return False  # a verb: "Parker praised French films"
        if j >= i and j + 1 < len(words) and is_name_word(words[j + 1]):
            after = words[j + 2].rstrip(".,;:") if j + 2 < len(words) else ""
            # ... unless a noun follows the name: "the influential Edge magazine"
            return not (after.isalpha() and after.islower() and not is_stop_word(after))
    return False


def _parts(words: str) -> list[str]:
    """The comma-separated parts of a clause, without an acronym in brackets ("the World
    Summit (WSIS)") or an age ("Stephen Douglas, 26, from Wales")."""
    words = _BRACKETED_ACRONYM.sub("", words)
    return [p.strip() for p in re.split(r",\s*", words) if p.strip() and not p.strip().isdigit()]


def clause_subject(words: str, *, sentence: bool = False) -> str:
    """The subject phrase at the end of a clause before a verb: "But historically, Immigrant
    Defense Project attorney Genia Blaser" -> "Immigrant Defense Project attorney Genia Blaser".
    With ``sentence`` (the clause opens a sentence), a part of the clause shorter than the clause
    must hold a name: "In Leeds Mr Howard said" is Mr Howard, "And he hit back at Labour claims"
    is not Labour."""
    joined = _AND_THEN_SUBJECT.search(words)
    if joined and speaker_phrase(joined.group(1)):
        return joined.group(1)  # "Early talks have taken place and the defender said"
    parts = _parts(words)
    for part in reversed(parts):
        tokens = part.split()
        if tokens[0].lower() in _RELATIVE:
            if len(parts) > 1:
                continue  # "Serena Williams, who is also in Dubai, added": the part before
            return ""  # "..., which is meeting in Geneva, told": its subject is further back
        if (
            len(parts) > 1
            and (
                _ROLE_APPOSITIVE.match(part)
                or _DESCRIBED_AT.match(part)
                # "Dr Chan Yeun, vice president and research fellow ... at LG Electronics,"
                or (
                    tokens[0].islower()
                    and tokens[0] not in ("a", "an", "the")
                    and any(map(is_role_word, tokens[:3]))
                    and not _ENDS_WITH_NAME.search(part)
                )
            )
            and name_in(parts[-2])[0]
        ):
            continue  # "Kaha Kiknavelidze, analyst at Troika Dialog, said": the person
        if (
            len(parts) > 1
            and part == parts[-1]
            and _ROLE_LAST_WORD.search(part)
            and len(name_in(parts[-2])[0].split()) >= 2
        ):
            continue  # "Carol Walker, BBC News 24 political correspondent, added": the person
        if len(parts) > 1 and _AFFILIATION_PART.match(part) and name_in(parts[-2])[0]:
            continue  # "Ann Lee, of the Acme Institute, said": the person, not where she works
        if len(parts) > 1 and _NICKNAMED.match(part):
            continue  # "And Moya, nicknamed Charly, admitted": the name before is the speaker
        opening = 0
        while opening < len(tokens) and tokens[opening].lower() in _OPENING_WORDS:
            opening += 1
        # Keep the longest tail of the clause that reads as a speaker phrase.
        for k in range(len(tokens)):
            tail = " ".join(tokens[k:])
            if not speaker_phrase(tail):
                continue
            if k and tokens[k - 1] == "in" and name_in(tail)[0] == tail:
                return ""  # "detainee 'A' in Hillmoor Prison said": a place is not who speaks
            if sentence and k > opening and not name_in(tail)[0]:
                continue
            i = parts.index(part)
            if i and part == parts[-1] and _describes_person_before(tokens[: k or 1], parts[i - 1]):
                break  # "Tom Reed, the venue's Events Manager, said": Tom Reed

            if (
                k == 0
                and i
                and tokens[-1][:1].islower()
                and _LISTED_ORGANISATION.match(parts[i - 1])
            ):
                # "A Department for Media, Culture and Sport spokeswoman"
                return f"{parts[i - 1]}, {tail}"
            return tail
        if len(parts) > 1 and parts[-1] == part:
            continue  # "Theresa May, said" style appositive: look at the part before
        break
    return ""


def _describes_person_before(opening: list[str], before: str) -> bool:
    """The words ``opening`` a clause's last part before its capitalised tail describe someone
    (a possessive or lowercase words: "the venue's", "joint leader of the") and the part
    ``before`` is that someone's name alone ("Tom Reed", "Paul Dean MP")."""
    if not (opening[0][:1].islower() or _POSSESSIVE_WORD.search(opening[0])):
        return False
    if len(opening) == 1 and opening[0].lower() not in ("the", "a", "an"):
        return False  # a whole part read as the speaker: only "the ..." or "a ..." describes
    words = before.split()
    return (
        0 < len(words) <= 5
        and all(w[:1].isupper() or w in _GLUE for w in words)
        and not is_stop_word(words[0])
        and bool(name_in(before)[0])
    )


def sentence_subject(words: str) -> str:
    """The speaker phrase that opens a sentence: "But Morrison vowed ..." -> "Morrison";
    "Unveiling the increase, Mr Blair said ..." -> "Mr Blair" (after an opening clause); "Mr
    Johnson, MP for Henley, said ..." -> "Mr Johnson" (before an appositive)."""
    tokens = _BRACKETED_ACRONYM.sub("", words).split()
    while tokens and tokens[0].lower() in _OPENING_WORDS:
        tokens.pop(0)
    parts = [p.split() for p in re.split(r"\s*,\s*", " ".join(tokens))]
    if len(parts[-1]) == 1 and parts[-1][0].lower() in PRONOUNS:
        return parts[-1][0]  # "Speaking in Dubai, he said a listing was "one of ...""
    if len(parts) > 1 and not parts[-1]:  # a comma closes an appositive: the subject is first
        candidates = [p for p in parts if p]
    else:
        candidates = [parts[-1], *parts[:-1]]
    found = [p for p in map(_opening_phrase, candidates) if p]
    named = [p for p in found if name_in(p)[0] and not role_head(p)]
    return (named or found or [""])[0]


def _opening_phrase(tokens: list[str]) -> str:
    """The speaker phrase at the start of ``tokens`` (a clause without commas)."""
    whole = " ".join(tokens)
    if tokens and tokens[0].lower() == "the" and speaker_phrase(whole):
        return whole  # "The home secretary"
    taken = []
    for i, token in enumerate(tokens):
        # A lowercase word may describe the role after it: "Labour campaign spokesman X".
        describes = any(map(is_role_word, tokens[i + 1 : i + 3]))
        if (
            describes
            and token[:1].islower()
            and tokens[i + 1 : i + 2] in (["the"], ["a"], ["an"], ["his"], ["her"], ["their"])
        ):
            break  # "Ana Reyes praised the coach ...": a verb and its object, not a description
        if not (token[:1].isupper() or is_role_word(token) or token in _GLUE or describes):
            break
        taken.append(token)
    if (
        len(taken) == 1
        and taken[0].endswith("ing")
        and _PARTICIPLE_OBJECT.match(" ".join(tokens[1:2]))
    ):
        return ""  # an opening participle: "Paying tribute, ...", not "Groening recently said"
    after = tokens[len(taken) : len(taken) + 1]
    if taken and after and after[0].isdigit():
        return ""  # "Radio 4 said", "Channel 4": a station's name goes on, no person "Radio"
    if (
        len(taken) == 1
        and taken[0].endswith("ed")
        and after
        and after[0].isalpha()
        and after[0].islower()
        and not after[0].endswith("ed")
        and after[0] not in _AFTER_SUBJECT
    ):
        return ""  # "Leaked documents have suggested": a participle describing, not a name
    phrase = " ".join(taken)
    return phrase if taken and speaker_phrase(phrase) else ""


# Lowercase words that may come between a one-word subject and its verb ("Ahmed also said")
_AFTER_SUBJECT = frozenset(
    """
    also has had have is was were are will would could should may might must can did does do then
    once still again later earlier yesterday today tonight now recently previously subsequently
    immediately repeatedly himself herself themselves itself however too never always often
    """.split()
)
# "analyst at Troika Dialog", "a partner of Smith & Co": a role described by its organisation
_ROLE_APPOSITIVE = re.compile(
    r"(?:(?:a|an|the)\s+)?(?:[a-z][\w\-]*\s+){0,3}?(?:"
    + "|".join(sorted(ROLE_WORDS))
    + r")\s+(?:at|of|for|with|from)\s",
    re.I,  # "Vice President of the ATP"
)
# "a football specialist at accountancy firm Grant Thornton": who the person is and where
_DESCRIBED_AT = re.compile(r"(?:a|an)\s+(?:[a-z][\w\-]*\s+){1,3}(?:at|of|for|with|from)\s")
# A part that ends with a lowercase role word: "BBC News 24 political correspondent"
_ROLE_LAST_WORD = re.compile(r"\s(?:" + "|".join(sorted(ROLE_WORDS)) + r")$")
_ENDS_WITH_NAME = re.compile(r"\s[A-Z][\w'’\-]*\s+[A-Z][\w'’\-]*$")
_LOWER_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")
_BRACKETED_ACRONYM = re.compile(r"\s*\([A-Z][\w&]*\)")
# "of the Acme Institute", "from Acme Bank": an appositive naming only where someone works
_PREPOSITIONS = frozenset("of in at on to for from with by into about".split())
_AFFILIATION_PART = re.compile(r"(?:of|from|at|with|for)\s+(?:the\s+)?[A-Z]")
# A lowercase word after "Paying": its object or a preposition, not a verb or an adverb.
_PARTICIPLE_OBJECT = re.compile(r"[a-z](?![\w'’\-]*(?:ed|s|ly)$)")
# The start of an organisation's name cut by a comma: "A Department for Media, Culture and ..."
_LISTED_ORGANISATION = re.compile(
    r"(?:A|An|The)\s+[A-Z][\w\-]*(?:\s+(?:[A-Z][\w\-]*|of|for|and))*$"
)
_AND_THEN_SUBJECT = re.compile(r"\sand\s+((?:the\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)|he|she)\s*$")
_NICKNAMED = re.compile(r"(?:nicknamed|dubbed|known as|also known as|aka|alias)\s", re.I)
_POSSESSIVE_WORD = re.compile(r"\w['’]s$")
_RELATIVE = frozenset("who whose which where when whom".split())
_OPENING_WORDS = frozenset("but and so however meanwhile yet still".split())
