"""Who a quotation is attributed to, from the words around it: the speaker phrase as written
("Malik", "she", "the mayor", "Legal Aid attorney Kate Mogulescu"), its verb and where it is.

After the quotation (``"...," Malik said``, ``said Legal Aid attorney Kate Mogulescu``, ``she
added``, ``according to the mayor``), before it (``Mr Howard said: "...``, ``he told reporters,
"...``), or the sentence just before it reporting the same person's speech (``She said new
mothers ... "We have made ..."``). :mod:`.quotations` then resolves the phrase to a person.
"""

from __future__ import annotations

import re
from itertools import islice

from corpus_search.documents.name_words import (
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

__all__ = ["SPEECH_VERB", "Attribution", "attribution", "reported"]

# (speaker phrase, verb, kind, position of the phrase in the text)
Attribution = tuple[str, str, str, int]

_VERBS = (
    "said|says|say|told|tells|tell|added|adds|wrote|writes|explained|explains|stated|states|noted|"
    "notes|argued|argues|insisted|insists|claimed|claims|warned|warns|asked|asks|replied|replies|"
    "continued|continues|declared|announced|acknowledged|admitted|admits|commented|observed|"
    "remarked|remarks|vowed|vows|urged|urges|suggested|conceded|stressed|recalled|concluded|"
    "countered|responded|revealed|reveals|"
    "agreed|predicted|adding|telling|went on|goes on|concludes|maintained|believes|thinks|joked|"
    "jokes|laughed|laughs|tweeted|posted|testified"
)
_ADVERB = r"(?:(?:also|later|then|has|had|have|once|previously|earlier|simply|just)\s+)?"
_SUBJECT_WORD = r"(?:[\w'’.\-]+)"
# After the quotation: "...," Malik said / the mayor said / she added / Mr Howard told reporters
_AFTER_SUBJECT_VERB = re.compile(
    r"[\s,]*(?:[-–—]\s*)?((?:"
    + _SUBJECT_WORD
    + r"\s+){0,7}?"
    + _SUBJECT_WORD
    + r")\s+"
    + _ADVERB
    + r"("
    + _VERBS
    + r")\b(.{0,40})",
    re.S,
)
# An "according to" phrase ends at punctuation or at a word that starts a new phrase.
_PHRASE_END = (
    r"(?=\.?\s*(?:[,.;:!?\n]|$)|\s+(?:in|on|at|of|who|when|after|during|before|from|to|last|this"
    r"|yesterday|earlier|today|as|and|but|while)\b)"
)
# After the quotation, verb first: "...," said Legal Aid attorney Kate Mogulescu, who ... (the
# phrase itself is read by _subject_after_verb)
_AFTER_VERB = re.compile(r"[\s,]*(?:[-–—]\s*)?(" + _VERBS + r")\s+(?=[\w'’])")
_PHRASE_TOKEN = re.compile(r"\s*([\w'’\-]+\.?|[^\w\s])")
_ACCORDING_AFTER = re.compile(
    r"[\s,]*(?:[-–—]\s*)?according to\s+([\w'’\-]+\.?(?:\s+[\w'’\-]+\.?){0,6}?)" + _PHRASE_END
)
# After the quotation, a name with an appositive: "...," Michael Mijatov, secretary of X, told AFP.
_AFTER_APPOSITIVE = re.compile(
    r"[\s,]*((?:[A-Z][\w'’.\-]*\s+){1,3}?[A-Z][\w'’\-]*),\s+[^\"“”\n]{3,120}?,\s+"
    + _ADVERB
    + r"("
    + _VERBS
    + r")\b"
)
# "...," the newspaper quoted Qantas chief executive Geoff Dixon as saying.
_QUOTED_AS_SAYING = re.compile(r"[\s,]*[^\"“”\n]{0,40}?\bquoted\s+([^\"“”\n]{3,80}?)\s+as saying")
# The attribution ends the sentence: "stick to his guns" ..., Boris Johnson has insisted.
_SENTENCE_FINAL = re.compile(
    r"[^\"“”\n.!?]{0,160}?,\s+((?:[\w'’\-]+\s+){0,6}?[\w'’\-]+)\s+"
    r"(?:has\s+|have\s+|had\s+)?(" + _VERBS + r")\s*\."
)
# ... the same, verb first: A "taxpayer subsidised propaganda exercise" is ..., say the Tories.
_SENTENCE_FINAL_VERB_FIRST = re.compile(
    r"[^\"“”\n.!?]{0,160}?,\s+(" + _VERBS + r")\s+((?:[\w'’\-]+\s+){0,5}?[\w'’\-]+)\s*\."
)
SPEECH_VERB = _SPEECH_VERB = re.compile(r"\b(" + _VERBS + r"|saying)\b")
# After the quotation, a name and no verb, ending the paragraph: ...”. Rachel West, US PROS.
_SIGNED = re.compile(
    r"[.,]?\s+([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3})\s*(?:,[^.\n]{0,60})?\.?\s*$"
)
# Before the quotation: Mr Howard said: " / he told BBC Radio 4's Today programme: " / she said, "
_BEFORE = re.compile(
    r"((?:[\w'’.\-]+,?\s+){0,9}?[\w'’.\-]+),?\s+" + _ADVERB + r"(" + _VERBS + r")"
    r"((?:\s+[\w'’.\-]+){0,8}?\s*[:,]|)\s*$"
)
_ACCORDING_BEFORE = re.compile(r"[Aa]ccording to\s+((?:[\w'’.\-]+\s+){0,6}?[\w'’.\-]+)\s*,\s*$")
# The sentence before: "She said new mothers were ..." (reported speech by the same speaker), or
# "The chairman of the Bar Council, Guy Mansfield QC warned there was ..."
_REPORTED = re.compile(
    r"^\s*((?:[\w'’.\-]+,?\s+){0,9}?[\w'’.\-]+),?\s+" + _ADVERB + r"(" + _VERBS + r")\b"
)
# A name, then a relative clause that runs up to the verb: "Martin Bell, who won ..., said"
_RELATIVE_SUBJECT = re.compile(
    r"\s*((?:[A-Z][\w'’.\-]*\s+|(?:of|de|da|van|von|del|la|le|al|bin)\s+){0,4}[A-Z][\w'’\-]*)"
    r",\s+(?:who|whose)\s[^\"“”;]{0,200}?,\s*"
    r"(?:" + _ADVERB + r")?\Z"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’»)]*\s+(?=[\"“«A-Z])|\n")


def attribution(text: str, open_at: int, close_at: int, previous_end: int) -> Attribution | None:
    """(speaker phrase, verb, kind, position) from the words around one quotation, or None."""
    found = _after(text, open_at, close_at)
    if found is not None and found[0].lower() not in PRONOUNS:
        return found
    earlier = _before(text, open_at, close_at, previous_end)
    if earlier is not None and earlier[0].lower() not in PRONOUNS:
        return earlier  # Mr Osborne said: "..." he said: the name says who "he" is
    return found or earlier


def _after(text: str, open_at: int, close_at: int) -> Attribution | None:
    """The attribution after the quotation: "...," Malik said / said Malik / according to ..."""
    after = text[close_at : close_at + 160].split("\n", 1)[0]
    quoted_end = text[close_at - 2] if close_at >= 2 else ""
    # Each pattern needs a speech verb or a key word: look for those first (most quotation marks
    # in mail and forum posts have none near them).
    if _SPEECH_VERB.search(after):
        m = _AFTER_VERB.match(after)
        phrase = _subject_after_verb(after, m.end()) if m and quoted_end != "." else ""
        if m and phrase and role_head(phrase) and not name_in(phrase)[0]:
            phrase = _named_after_role(after, m.end(), phrase) or phrase
        if m and phrase and _speaker_phrase(phrase):
            return phrase, m.group(1), "named", close_at + m.end()
        m = _AFTER_SUBJECT_VERB.match(after)
        if m and _speaker_phrase(m.group(1)) and (quoted_end != "." or _ends_soon(m.group(3))):
            return m.group(1), m.group(2), "named", close_at + m.start(1)
        m = _AFTER_APPOSITIVE.match(after)
        if (
            m
            and _speaker_phrase(m.group(1))
            and (quoted_end != "." or _ends_soon(after[m.end() :]))
        ):
            return m.group(1), m.group(2), "named", close_at + m.start(1)
        m = _SENTENCE_FINAL.match(after)
        if m and _speaker_phrase(m.group(1)) and len(text[open_at:close_at].split()) >= 4:
            return m.group(1), m.group(2), "named", close_at + m.start(1)
        m = _SENTENCE_FINAL_VERB_FIRST.match(after)
        if (
            m
            and m.group(1) not in _OBJECT_VERBS  # "..., told Associated Press." names no speaker
            and quoted_end not in ".!?"  # "...." Then a new sentence, said X: X's own words
            and not after.lstrip(" ,")[:1].isupper()
            and _speaker_phrase(m.group(2))
            and len(text[open_at:close_at].split()) >= 4
        ):
            return m.group(2), m.group(1), "named", close_at + m.start(2)
    if "according" in after:
        m = _ACCORDING_AFTER.match(after)
        if m and _speaker_phrase(m.group(1)):
            return m.group(1).strip(), "according to", "named", close_at + m.start(1)
    if "quoted" in after:
        m = _QUOTED_AS_SAYING.match(after)
        if m and _speaker_phrase(m.group(1)):
            return m.group(1), "said", "named", close_at + m.start(1)
    m = _SIGNED.match(after)
    if m and name_in(m.group(1))[0] == m.group(1):
        return m.group(1), "", "named", close_at + m.start(1)
    return None


def _before(text: str, open_at: int, close_at: int, previous_end: int) -> Attribution | None:
    """The attribution before the quotation, in its sentence: Mr Howard said: "..."."""
    line_start = max(text.rfind("\n", 0, open_at) + 1, previous_end, open_at - 400)
    before = text[line_start:open_at]
    sentence = _SENTENCE_END.split(before)[-1]
    if sentence.rstrip()[-1:] in (".", "!", "?"):
        sentence = ""  # the quotation starts a sentence of its own
    if "ccording" in sentence:
        m = _ACCORDING_BEFORE.search(sentence)
        if m and _speaker_phrase(m.group(1)):
            return m.group(1), "according to", "named", open_at - len(sentence) + m.start(1)
    verb = _SPEECH_VERB.search(sentence)
    if verb is None:
        return None
    m = _BEFORE.search(sentence)
    if m and _PASSIVE.search(sentence, 0, m.start(2)):
        return None  # "X was asked: "...": X is not who speaks
    if m and m.group(2) in ("adding", "telling"):
        m = None  # "X praised Y, telling him: "...": the sentence's subject speaks, not Y
        clause = sentence[: verb.start()]
        with_at = clause.rfind("with ")  # "..., with minister Herve Gaymard telling MPs:"
        phrase = _clause_subject(clause[with_at + 5 :]) if with_at >= 0 else ""
        phrase = phrase or _sentence_subject(clause)
        if phrase:
            return phrase, verb.group(1), "named", open_at - len(sentence)
    if m:
        relative = _RELATIVE_SUBJECT.search(sentence, 0, m.start(2))
        if relative and _speaker_phrase(relative.group(1)):
            # "Blanchett, who won a Bafta for her role in Elizabeth, said:" is Blanchett
            return (
                relative.group(1),
                m.group(2),
                "named",
                open_at - len(sentence) + relative.start(1),
            )
        phrase = _clause_subject(m.group(1))
        if phrase:
            return phrase, m.group(2), "named", open_at - len(sentence) + m.start(1)
    # A partial quotation in reported speech: Mr Johnson also claimed X was "an attempt to ..."
    if len(text[open_at:close_at].split()) >= 4:
        phrase = _sentence_subject(sentence[: verb.start()])
        if phrase:
            return phrase, verb.group(1), "named", open_at - len(sentence)
    return None


def reported(
    text: str, open_at: int, close_at: int, previous: tuple[int, int] | None
) -> Attribution | None:
    """Reported speech in the sentence before, by the same speaker: She said ... "We have ...".
    ``previous`` is the (opening, end) of the quotation before, if any: the sentence before may
    hold it ("... on the "margins of society" would be ..."), not start inside it."""
    previous_open, previous_end = previous or (-1, 0)
    line_start = max(text.rfind("\n", 0, open_at) + 1, previous_end)
    before = text[line_start:open_at]
    if before.strip() and before.rstrip()[-1:] not in (".", "!", "?"):
        return None  # the quotation does not start a sentence
    if len(text[open_at:close_at].split()) < 4:
        return None
    prior_start = max(0, open_at - 400)
    prior = text[prior_start:open_at].rstrip()
    last = _SENTENCE_END.split(prior)[-1]
    last_at = prior_start + len(prior) - len(last)
    if previous_open < last_at < previous_end:
        return None  # the sentence before is inside the quotation before
    m = _REPORTED.match(last)
    verb = _SPEECH_VERB.search(last) if m is None else None
    if verb is not None:
        # "Martin Bell, who won the seat from Tory Neil Hamilton, said politicians ..."
        relative = _RELATIVE_SUBJECT.match(last, 0, verb.start())
        if relative and _speaker_phrase(relative.group(1)):
            return relative.group(1), verb.group(1), "reported", last_at + relative.start(1)
    if m:
        phrase = _clause_subject(m.group(1), sentence=True)
        if phrase:
            return phrase, m.group(2), "reported", last_at
    return None


def _subject_after_verb(text: str, at: int) -> str:
    """The speaker phrase right after a verb (``"...," said Castaignede ahead of the tie``):
    names, role words, particles, and lowercase words that describe the role word after them
    ("communications director"); it ends at punctuation, at a full stop that ends the sentence
    ("said Mr Ross. Ian Fogg ..."), or at any other word ("ahead", "yesterday", "who")."""
    tokens = list(islice(_PHRASE_TOKEN.finditer(text, at), 14))
    words = [m.group(1) for m in tokens]
    end = at
    for i, word in enumerate(words):
        if not word[:1].isalpha():
            break
        if (
            word[:1].islower()
            and not (
                word in _GLUE
                or is_role_word(word)
                or any(map(is_role_word, words[i + 1 : i + 3]))
                # "said Spanish teenager Nadal": a word describing the person before the name
                or (
                    i == 1
                    and not is_stop_word(word)
                    and is_name_word(words[2] if words[2:] else "")
                )
            )
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


def _named_after_role(text: str, at: int, role: str) -> str:
    """The name set off by a comma after a role (``said its chief executive, Sir Ann Lee``), or
    "" when none follows."""
    end = text.find(role, at) + len(role)
    comma = re.match(r",\s+", text[end:])
    if comma is None:
        return ""
    named = _subject_after_verb(text, end + comma.end())
    return named if name_in(named)[0] and not role_head(named) else ""


def _ends_soon(tail: str) -> bool:
    """After ``"A." Smith said``, the attribution must end there (else Smith says something new)."""
    return bool(re.match(r"\s*(?:in a statement|on \w+|\w+)?\s*(?:[.,;]|$)", tail))


def _speaker_phrase(phrase: str) -> bool:
    """``phrase`` can name a speaker: a pronoun, a role ("the mayor"), an organisation ("the
    IMF") or words with a name."""
    words = phrase.split()
    if not words:
        return False
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return True
    lowered = [w.lower() for w in words]
    if lowered[0] == "the" and len(words) == 2 and lowered[1] in PRESS_NOUNS:
        return True  # "the newspaper said": the title named before (see quotations._resolve)
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
            # "Spanish teenager Nadal", "Wheelchair user Kevin Lee": a noun for the person
            or (i == 1 and len(words) > 2 and words[0][:1].isupper() and is_name_word(words[2]))
        )
        for i, w in enumerate(words)
    ):
        return False
    return bool(name_in(phrase)[0]) or bool(role_head(phrase))


_WORD_OF_NAME = re.compile(r"^\w[\w'’\-]*(?:\.|(?<=\b\w)\.|'s|’s)?$|^(?:Mr|Mrs|Ms|Dr|St|Jr)\.$")
# Lowercase words that never describe a role ("hit back at Labour" is no Labour role).
_NOT_DESCRIBING = frozenset(
    "at in on to by with from into about over after before against back up out off".split()
)
_GLUE = frozenset("the a an of for and de da van von der del la le du bin al".split())


def _clause_subject(words: str, *, sentence: bool = False) -> str:
    """The subject phrase at the end of a clause before a verb: "But historically, Immigrant
    Defense Project attorney Genia Blaser" -> "Immigrant Defense Project attorney Genia Blaser".
    With ``sentence`` (the clause opens a sentence), a part of the clause shorter than the clause
    must hold a name: "In Leeds Mr Howard said" is Mr Howard, "And he hit back at Labour claims"
    is not Labour."""
    parts = [p.strip() for p in re.split(r",\s*", words) if p.strip()]
    for part in reversed(parts):
        tokens = part.split()
        if tokens[0].lower() in _RELATIVE and len(parts) > 1:
            continue  # "Serena Williams, who is also in Dubai, added": the part before
        if len(parts) > 1 and _ROLE_APPOSITIVE.match(part) and name_in(parts[-2])[0]:
            continue  # "Kaha Kiknavelidze, analyst at Troika Dialog, said": the person
        if len(parts) > 1 and _AFFILIATION_PART.match(part) and name_in(parts[-2])[0]:
            continue  # "Ann Lee, of the Acme Institute, said": the person, not where she works
        opening = 0
        while opening < len(tokens) and tokens[opening].lower() in _OPENING_WORDS:
            opening += 1
        # Keep the longest tail of the clause that reads as a speaker phrase.
        for k in range(len(tokens)):
            tail = " ".join(tokens[k:])
            if not _speaker_phrase(tail):
                continue
            if sentence and k > opening and not name_in(tail)[0]:
                continue
            i = parts.index(part)
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


def _sentence_subject(words: str) -> str:
    """The speaker phrase that opens a sentence: "But Morrison vowed ..." -> "Morrison";
    "Unveiling the increase, Mr Blair said ..." -> "Mr Blair" (after an opening clause); "Mr
    Johnson, MP for Henley, said ..." -> "Mr Johnson" (before an appositive)."""
    tokens = words.split()
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
    if tokens and tokens[0].lower() == "the" and _speaker_phrase(whole):
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
    phrase = " ".join(taken)
    return phrase if taken and _speaker_phrase(phrase) else ""


# "analyst at Troika Dialog", "a partner of Smith & Co": a role described by its organisation
_ROLE_APPOSITIVE = re.compile(
    r"(?:(?:a|an|the)\s+)?(?:[a-z][\w\-]*\s+){0,3}?(?:"
    + "|".join(sorted(ROLE_WORDS))
    + r")\s+(?:at|of|for|with|from)\s"
)
# "of the Acme Institute", "from Acme Bank": an appositive naming only where someone works
_AFFILIATION_PART = re.compile(r"(?:of|from|at|with)\s+(?:the\s+)?[A-Z]")
# A lowercase word after "Paying": its object or a preposition, not a verb or an adverb.
_PARTICIPLE_OBJECT = re.compile(r"[a-z](?![\w'’\-]*(?:ed|s|ly)$)")
# The start of an organisation's name cut by a comma: "A Department for Media, Culture and ..."
_LISTED_ORGANISATION = re.compile(
    r"(?:A|An|The)\s+[A-Z][\w\-]*(?:\s+(?:[A-Z][\w\-]*|of|for|and))*$"
)
_OBJECT_VERBS = frozenset("told tells tell telling asked asks urged urges".split())
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+\Z")
_RELATIVE = frozenset("who whose which where when whom".split())
_OPENING_WORDS = frozenset("but and so however meanwhile yet still".split())
