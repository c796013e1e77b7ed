"""Which words can name a person, a role or a title in news prose, and the name in a phrase.

Word lists, no gazetteer and no model (used by :mod:`.names` and :mod:`.attribution`):
``name_in("Queens District Attorney Melinda Katz")`` is ("Melinda Katz", "Queens District
Attorney"); ``role_head("the district attorney")`` is "district attorney".
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus_search.documents.gender import gender_of_name

__all__ = [
    "BODIES",
    "HONORIFICS",
    "ORG_WORDS",
    "PARTICLES",
    "PRESS_NOUNS",
    "PRONOUNS",
    "ROLE_WORDS",
    "SENTENCE_BREAK",
    "descriptor_words",
    "is_anonymous",
    "is_description",
    "is_name_word",
    "is_role_word",
    "is_stop_word",
    "is_surname_after",
    "name_in",
    "namesakes",
    "newspaper_before",
    "organisation_in",
    "role_head",
    "title_prefix",
]

PRONOUNS = frozenset({"he", "she", "they"})
# Where one sentence ends and the next starts: after a full stop and a space, at a line break, or
# at a full stop with the space missing before a word that opens sentences ("about him.She
# said:", a typing slip common in pasted text; not "U.S." or a web address: "Halo.Bungie.Org").
SENTENCE_BREAK = re.compile(
    r"[.!?](?:[\"”’»)]*\s+(?=[\"“«A-Z])|(?<=[a-z]{2}[.!?])"
    r"(?=(?:He|She|They|It|We|I|The|This|That|There|But|And|His|Her|Their)\s))|\n"
    r"|\.(?<=[a-z]{3}\.)\s+(?=\d+ [A-Z])"  # "... programme. 50 Cent announced"
)
HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady prof prof. professor rev rev.".split()
)
# Words that name a job, office or role; one before a name is a title ("Mayor Bill de Blasio").
ROLE_WORDS = frozenset(
    """
    mayor commissioner attorney director president chief chairman chairwoman chair chairperson
    secretary minister chancellor governor senator judge justice officer inspector sergeant
    detective constable spokesman spokeswoman spokesperson executive ceo manager coach captain boss
    leader head founder co-founder professor analyst economist lawyer prosecutor candidate
    councilman councilwoman councillor councilmember mp mep msp deputy adviser advisor editor
    researcher scientist campaigner activist member commander general colonel lieutenant admiral
    superintendent sheriff representative congressman congresswoman assemblyman assemblywoman
    premier ambassador envoy author writer producer singer actor actress player striker
    midfielder defender goalkeeper keeper winger wing skipper flanker prop trainer referee
    organiser organizer official chef designer
    lady rep sen gov pastor bishop archbishop pope prince princess
    partner owner economist strategist expert consultant teacher doctor nurse worker survivor
    tory labour conservative republican democrat
    wife husband widow daughter son mother father sister brother
    advocate founder treasurer clerk investor banker broker trader analyst reporter correspondent
    solicitor barrister accountant rapper goalscorer comedian presenter fellow model
    qc kc obe mbe cbe
    cardinal rabbi imam reverend vicar sheikh ayatollah lt col gen sgt cpl brigadier
    """.split()
)
PARTICLES = frozenset(
    "de da del della der den van von la le du dos di bin al el st st. ter".split()
)
# Capitalised words that start sentences or name times, never people.
_NOT_NAMES = frozenset(
    """
    the a an but and as at in on if when while after before since for with without though although
    however meanwhile this that these those it he she they we i his her their our my its yes no so
    then also according asked you speaking pressed last next earlier later now today yesterday
    tomorrow only just even
    monday tuesday wednesday thursday friday saturday sunday january february april june
    july august september october november december there here what who why how where one some
    many more most other another all both each every such not instead despite under over from by
    us me him them your whoever everyone nobody someone others was were is are
    overall between among amid during within across through throughout towards toward
    behind beyond until unlike elsewhere nevertheless nonetheless indeed moreover furthermore
    separately similarly likewise finally firstly secondly ultimately initially eventually
    currently previously recently originally traditionally clearly obviously unfortunately
    fortunately interestingly importantly yet still nonetheless
    """.split()
)
# The last word of an organisation's name: never a person, so never who "he" or "she" is.
ORG_WORDS = frozenset(
    """
    party office department ministry council committee commission association union society
    court bank company group police force agency service services institute university college
    school government parliament assembly congress senate house club league federation trust
    fund foundation board authority corporation network project centre center times news post
    journal executive organisation organization campaign unit team coalition alliance plc ltd inc
    dem dems democrats republicans tories conservatives liberals greens treasury magazine newspaper
    paper firm airline airways studio studios records
    """.split()
)
_WORD = re.compile(r"[^\W\d_][\w'’.&\-]*|\d[\w.\-]*|[,;:()]")


def is_stop_word(word: str) -> bool:
    """A capitalised word that starts sentences, never a name ("But", "Later", "Monday")."""
    return word.lower() in _NOT_NAMES and not (len(word) > 1 and word.isupper())  # not "US"


@lru_cache(maxsize=65_536)
def is_role_word(word: str) -> bool:
    lowered = word.lower().rstrip(".")
    return lowered.rsplit("-", 1)[-1] in ROLE_WORDS or lowered in HONORIFICS or word == "star"


@lru_cache(maxsize=65_536)
def is_name_word(word: str) -> bool:
    """A word that can be part of a person's name: capitalised, but not an acronym ("BBC",
    "IMF", "UK", "MPs": organisations and places; initials such as "W." are fine), not an adjective
    built with a hyphen ("Coffee-loving"), not a sentence opener, a role or a possessive."""
    letters = word.rstrip(".")
    if _PREFIX_APART.fullmatch(word):
        return True  # "Rory O' Neill": a surname's prefix written apart, not a possessive
    return (
        word[:1].isupper()
        and not (len(letters) > 1 and letters.rstrip("s").isupper())  # "BBC", "MPs", "ATMs"
        and _LOWER_AFTER_HYPHEN.search(word) is None
        and not word.startswith(("Ex-", "Anti-", "Pro-", "Non-", "Former-"))  # "Ex-BBC"
        and word.lower() not in _NOT_NAMES
        and not is_role_word(word)
        and not word.endswith(("'s", "’s", "'", "’"))  # "Chelsea's William Gallas"
    )


def is_surname_after(word: str, before: str) -> bool:
    """``word`` is a month that is a surname here: after a given name or an honorific ("Theresa
    May", "Mrs May", "Brian May"), never on its own ("in May")."""
    return word in _MONTH_SURNAMES and (
        bool(gender_of_name(before)) or before.lower().rstrip(".") in _HONORIFIC_STEMS
    )


_MONTH_SURNAMES = frozenset(("May", "March", "April", "June", "August"))
_HONORIFIC_STEMS = frozenset("mr mrs ms miss dr sir dame lord lady".split())
# "Coffee-loving" is no name, "Ross-van Dorp" is one (a particle after the hyphen)
_LOWER_AFTER_HYPHEN = re.compile(r"-(?!(?:van|von|de|der|den|la|le|du|ter|ten)$)[a-z]")
_PREFIX_APART = re.compile(r"[OD]['’]")


def descriptor_words(words: list[str]) -> int:
    """How many words at the start of a name of three words describe the person rather
    than name them: an adjective or an agent noun ("Defiant", "Unseeded", "Songwriter",
    "Guitarist", "Spanish") before a given name and a surname (before a surname alone, only an
    adjective ending "-less", "-ful" or "-ous": "Faultless Federer"). Given names rarely end so
    ("Peter", "Grant" and "Clive" are too short to count); a particle after the word keeps
    it ("Vincent van Gogh")."""
    if len(words) == 2 and words[1].lower() not in ORG_WORDS:
        return 1 if _ADJECTIVE.search(words[0]) else 0  # "Faultless Federer" is Federer
    if len(words) != 3 or words[1] in PARTICLES or words[2].lower() in ORG_WORDS:
        return 0  # "Scottish National Party" is an organisation's name
    return 1 if _DESCRIPTOR.search(words[0]) else 0


# Adjective endings no given name has, so safe before a surname alone ("Faultless Federer")
_ADJECTIVE = re.compile(r"^[A-Z][a-z]{3,}(?:less|ful|ous)$")


def organisation_words(words: list[str]) -> int:
    """How many words at the start of a run of capitalised words name an organisation before a
    person's full name: "Lib Dems David Laws", "Environmental Audit Committee Peter Ainsworth"
    (up to the last organisation word followed by at least two more words)."""
    for j in range(len(words) - 3, -1, -1):
        if words[j].lower() in ORG_WORDS:
            return j + 1
    return 0


# Endings of English adjectives and agent nouns that given names (almost) never have; short
# words are left alone ("Peter", "Grant", "Clive", "Ahmed", "Eric").
_DESCRIPTOR = re.compile(
    r"^[A-Z][a-z\-]*(?:[a-z]{4}(?:ist|er|ive|ous|ful|less|ish|ese)|[a-z]{3}(?:ant|ent)"
    r"|[a-z]{4}(?<!m|e)ed|[a-z]{5}or|[a-z]{3}ing|[a-z]{4}(?<!hr|st)(?:ian|can|ean))$"
)  # demonyms too ("Australian", "American"), but not "Christian" or "Sebastian"


def title_prefix(words: list[str], *, the: bool) -> int:
    """How many words at the start of a run after "of", "for" or "and" end a title rather than
    begin the name: "Secretary of State Colin Powell", "Minister for Children and Families
    Margaret Hodge" (the run starts before a given name), "leader of the Commons Oliver Heald"
    (three words after "of the"). A run that starts with a given name is all name ("the
    husband of Sarah Jessica Parker"), and so is one with no given name to go by ("and Jerry
    Lee Lewis")."""
    if gender_of_name(words[0]):
        return 0
    for i, word in enumerate(words[1:-1], start=1):
        if gender_of_name(word):
            return i
    return 1 if the and len(words) == 3 else 0


def name_in(phrase: str) -> tuple[str, str]:
    """(name, title) in a phrase that ends with a person's name, e.g. ``"Queens District Attorney
    Melinda Katz"`` -> ``("Melinda Katz", "Queens District Attorney")``; ``("", "")`` if none.

    The name is the last run of capitalised words (with particles: "Bill de Blasio"); the title is
    what precedes it, kept when it ends with a role word or honorific ("Ms" in "Ms Hewitt").
    A person's full name before "of" or "at" is the name ("Shigeo Morioka of the Longevity
    Centre" -> "Shigeo Morioka", not the organisation).
    """
    peer = _PEER.search(phrase)
    if peer:  # "Lord Smith of Anytown": the place is part of a peer's name
        return f"{peer.group(2)} of {peer.group(3)}", peer.group(1)
    affiliation = _AFFILIATION.search(phrase)
    if affiliation and not _ROLE_THEN_NAME.search(phrase, affiliation.end()):
        # (but "National Bureau of Statistics chief Li Deshui" is Li Deshui)
        name, title = name_in(phrase[: affiliation.start()])
        known = len(name.split()) >= 2 or title.lower() in HONORIFICS  # "Mr Skeens of Brownsville"
        if name and known and phrase[: affiliation.start()].endswith(name):
            return name, title
    words = _WORD.findall(phrase)
    end = len(words)
    while end and not (
        is_name_word(words[end - 1]) or end > 1 and is_surname_after(words[end - 1], words[end - 2])
    ):
        end -= 1
    start = end
    while start > 0:
        w = words[start - 1]
        if (
            is_name_word(w)
            or (w in PARTICLES and start < end)
            or (start > 1 and is_surname_after(w, words[start - 2]))
        ):
            start -= 1
        else:
            break
    while start < end and words[start] in PARTICLES:
        start += 1
    before = [w.lower() for w in words[max(0, start - 2) : start]]
    if end - start >= 3 and before[-1:] and before[-1] in _ORG_GLUE:
        start += title_prefix(words[start:end], the=False)  # "Secretary of State Colin Powell"
    elif end - start >= 3 and before[-1:] == ["the"] and before[:1] and before[0] in _ORG_GLUE:
        start += title_prefix(words[start:end], the=True)  # "leader of the Commons Oliver Heald"
    start += organisation_words(words[start:end])  # "Lib Dems David Laws"
    start += descriptor_words(words[start:end])  # "Songwriter Guy Chambers"
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


_PEER = re.compile(r"\b(Lord|Lady)\s+([A-Z][\w'’\-]+)\s+of\s+([A-Z][\w'’\-]+)\s*$")
_AFFILIATION = re.compile(r"\s(?:of|at)\s+(?:the\s+)?[A-Z]")
_ROLE_THEN_NAME = re.compile(
    r"\s(?:" + "|".join(sorted(ROLE_WORDS)) + r")\s+(?:[A-Z][\w'’\-]*\s+)+[A-Z][\w'’\-]*\s*$"
)  # a role and a full name: "... chief Li Deshui" (not "... partner Keyobs", a firm)


def role_head(phrase: str) -> str:
    """The role a definite description names: "the district attorney" -> "district attorney",
    "the Home Secretary" -> "home secretary"; "" if its last word is not a role word."""
    words = [w.lower() for w in _WORD.findall(phrase.split(" of ")[0]) if w not in ",;:()"]
    if words and not is_role_word(words[-1]):
        # "a spokesman for the BPI" (but "a Department for Education spokeswoman" above)
        words = [w.lower() for w in _WORD.findall(_ROLE_OF.split(phrase)[0]) if w not in ",;:()"]
    if not words or not is_role_word(words[-1]):
        return ""
    head = [words[-1]]
    for w in reversed(words[:-1]):
        if w in ("the", "a", "an", "its", "their", "his", "her") or w.endswith("'s"):
            break
        head.insert(0, w)
    return " ".join(head[-3:])


def is_anonymous(phrase: str) -> bool:
    """A source nobody is named for, as the text introduces it: "an insider in the talks", "a
    senior source at the club", "a statement on her website" (but "the source said" refers back
    to one, and is not resolved)."""
    words = _ANONYMOUS_OF.split(phrase)[0].lower().split()
    last = phrase.lower().split()[-1:]  # "A Department for Education and Skills source"
    return (
        len(words) >= 2
        and words[0] in ("a", "an", "one")
        and (words[-1] in _ANONYMOUS or last[0] in _ANONYMOUS)
    )


_ANONYMOUS = frozenset(("source", "insider", "statement"))
_ANONYMOUS_OF = re.compile(r"\s(?:for|at|from|with|in|on|of|close|familiar)\s")
_ROLE_OF = re.compile(r"\s(?:for|at|from|with|in)\s")
# Acronyms of places: a country is not a speaker ("the UK said" is its government, unnamed).
_PLACE_ACRONYMS = frozenset("UK US USA UAE GB".split())
_ORG_GLUE = frozenset("of for and".split())


def organisation_in(phrase: str) -> str:
    """The organisation a speaker phrase names, without its article ("the IMF" -> "IMF", "the
    Home Office" -> "Home Office"), or "": every word capitalised (or "of", "for", "and") and
    one of them an acronym (not a place's: "UK", "US") or an organisation word ("Office"), and
    the last not a role ("the Conservative Party Co-Chairman" is a person)."""
    words = phrase.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or len(words) > 6 or words[-1] in _ORG_GLUE:
        return ""
    if is_role_word(words[-1]) and (
        words[-1].lower() not in ORG_WORDS or any(map(is_role_word, words[:-1]))
    ):
        return ""  # "the Party Co-Chairman", "the Chief Executive"; not "the Welsh Executive"
    if any(not (w[:1].isupper() or w in _ORG_GLUE) for w in words):
        return ""
    if organisation_words(words) and all(map(is_name_word, words[organisation_words(words) :])):
        return ""  # "the Greens Davey Lowes": a person after the organisation
    for word in words:
        letters = word.rstrip(".")
        acronym = len(letters) > 1 and letters.isupper() and letters.isalpha()
        if (acronym and letters not in _PLACE_ACRONYMS) or letters.lower() in ORG_WORDS:
            return " ".join(words).rstrip(".")
    return ""


# Lowercase nouns that describe a person already named ("the youngster said").
_PERSON_NOUNS = frozenset(
    "youngster teenager veteran newcomer rookie pensioner centenarian grandparent".split()
)
_AGED = re.compile(r"^\d+-year-old$")


def _person_noun(word: str) -> bool:
    return word in _PERSON_NOUNS or _AGED.match(word) is not None


def is_description(phrase: str) -> bool:
    """A description such as "the American", "the 24-year-old Swiss", "the youngster": "the",
    lowercase words and one capitalised word that is not an organisation (or a lowercase noun
    for a person): a person named before rather than a name."""
    words = phrase.split()
    return (
        2 <= len(words) <= 4
        and words[0].lower() == "the"
        and (is_name_word(words[-1]) or _person_noun(words[-1]))
        and all(not w[:1].isupper() and not is_role_word(w) for w in words[1:-1])
        and not organisation_in(phrase)
    )


# Bodies that speak as one and are named with the noun ("the environment select committee",
# "the Green Party"), so "the committee said" is the one named before (a firm is named without).
BODIES = frozenset("committee commission council party union board".split())
# "the newspaper said": the title named last before, if it reads as one ("the local Daily Star")
PRESS_NOUNS = frozenset("newspaper paper magazine daily tabloid weekly".split())
_PRESS_TITLE = re.compile(
    r"\b(?:[A-Z][\w\-]*\s){0,3}(?:News|Times|Post|Journal|Herald|Telegraph|Guardian|Mail|Gazette"
    r"|Mirror|Express|Independent|Observer|Tribune|Chronicle|Star|Sun|Record|Standard|Courier"
    r"|Globe|Inquirer|Examiner|Bulletin)\b"
)


def newspaper_before(text: str, pos: int) -> str:
    """The newspaper title written last in the 1,500 characters before ``pos``, or ""."""
    found = ""
    for m in _PRESS_TITLE.finditer(text, max(0, pos - 1_500), pos):
        words = m.group().split()
        while words and (is_stop_word(words[0]) or words[0].endswith(("'s", "’s"))):
            words = words[1:]
        if len(words) >= 2:  # a bare "Sun" or "Post" is too often something else
            found = " ".join(words)
    return found


def namesakes(known: str, new: str) -> bool:
    """Two full names with one surname but different first names ("Ann Lee", "Bob Lee")."""
    a, b = known.split(), new.split()
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    if a[-len(b) :] == b or b[-len(a) :] == a:
        return False  # "Ana Baez Silva" and "Baez Silva", "Simon Le Bon" and "Le Bon"
    first_a, first_b = a[0].rstrip("."), b[0].rstrip(".")
    if {first_a.lower(), first_b.lower()} & _TITLES:
        return False  # "Betty Boothroyd" and "Baroness Boothroyd": one person, given a title
    if len(first_a) == 1 or len(first_b) == 1:  # an initial: "J. Lee" may be "Jo Lee"
        return first_a[0] != first_b[0]
    return first_a != first_b and a[0] not in PARTICLES and b[0] not in PARTICLES


_TITLES = frozenset((*HONORIFICS, "baroness", "baron"))
