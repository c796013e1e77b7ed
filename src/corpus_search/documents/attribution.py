"""Who a quotation is attributed to, from the words around it: the speaker phrase as written
("Malik", "she", "the mayor", "Legal Aid attorney Kate Mogulescu"), its verb and where it is.

After the quotation (``"...," Malik said``, ``said Legal Aid attorney Kate Mogulescu``, ``she
added``, ``according to the mayor``: :mod:`.attribution_after`), before it (``Mr Howard said:
"...``, ``he told reporters, "...``), or the sentence just before it reporting the same person's
speech (``She said new mothers ... "We have made ..."``). :mod:`.speaker_phrases` reads the
speaker phrase at each place; :mod:`.quotations` then resolves the phrase to a person.
"""

from __future__ import annotations

import re

from corpus_search.documents.attribution_after import after_quotation
from corpus_search.documents.name_words import (
    HONORIFICS,
    PRONOUNS,
    SENTENCE_BREAK,
    is_role_word,
    name_in,
    organisation_in,
)
from corpus_search.documents.speaker_phrases import (
    clause_subject,
    sentence_subject,
    speaker_phrase,
    subject_after_verb,
)
from corpus_search.documents.speech_words import (
    ADVERB,
    SPEECH_VERB,
    VERBS,
    Attribution,
    in_first_person,
)

__all__ = ["Attribution", "attribution", "reported"]

_PRONOUN_CLAUSE = re.compile(
    r"(?<=[a-z] )(he|she)\s+(?:(?:had|has|once|also|then|later|previously)\s+){0,2}"
    r"(told|said|wrote)"
    r"(?:\s+[A-Z][\w'’.\-]*){0,3}\s*:\s*$"
)
_GROUP_CLAIMS = re.compile(
    r"\b(?:which|that|who|as)\s+(?:some\s+|many\s+)?[a-z]+s\s+(?:claim|say|argue|allege|call)\b"
    r"[^\"“”.!?;]{0,80}\Z"
)
_MESSAGE_WAS = re.compile(
    r"(?:^|\s)((?:[A-Z][\w\-]*\s+){0,3}[A-Z][\w\-]*['’]s|His|Her)\s+"
    r"(?:message|verdict|advice|response|reply|answer)(?:\s+to\s+[^:\"“”]{1,60})?\s+was\s*:\s*$"
)
# Before the quotation: Mr Howard said: " / he told BBC Radio 4's Today programme: " / she said, "
_BEFORE = re.compile(
    r"((?:[\w'’.\-]+,?\s+){0,9}?[\w'’.\-]+),?\s+" + ADVERB + r"(" + VERBS + r")"
    r"((?:\s+[\w'’.\-]+){0,8}?\s*[:,]|)\s*$"
)
_ACCORDING_BEFORE = re.compile(r"[Aa]ccording to\s+((?:[\w'’.\-]+\s+){0,6}?[\w'’.\-]+)\s*,\s*$")
# The sentence before: "She said new mothers were ..." (reported speech by the same speaker), or
# "The chairman of the Bar Council, Guy Mansfield QC warned there was ..."
_REPORTED = re.compile(
    r"^\s*((?:[\w'’.\-]+,?\s+){0,9}?[\w'’.\-]+),?\s+" + ADVERB + r"(" + VERBS + r")\b"
)
# A name, then a relative clause that runs up to the verb: "Martin Bell, who won ..., said"
_RELATIVE_SUBJECT = re.compile(
    r"\s*((?:[A-Z][\w'’.\-]*\s+|(?:of|de|da|van|von|del|la|le|al|bin)\s+){0,4}[A-Z][\w'’\-]*"
    r"|(?<![\w,] )[Tt]he\s+(?:[\w\-]+\s+){0,2}[a-z][\w\-]*)"  # "The Oscar-nominated actor, whose"
    r",\s+(?:who|whose)\s[^\"“”;]{0,200}?,\s*"
    r"(?:" + ADVERB + r")?\Z"
)
# Reported speech whose attribution ends the sentence: "..., Mr Straw said."
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+((?:[\w'’.\-]+\s+){0,4}?[\w'’\-]+)\s+(?:has\s+|also\s+)?"
    r"(said|says|added|adds|argued|argues|insisted|insists|warned|warns|believes|claimed)\s*\.\s*$"
)
# A name, then "who" and the verb: "... Sport Secretary Tessa Jowell who said:"
_NAME_THEN_WHO = re.compile(r"((?:[A-Z][\w'’\-]*\s+){1,3}[A-Z][\w'’\-]*),?\s+who$")
# A wire story's dateline opens its first sentence: "WASHINGTON (AP) — ", "LONDON, England --".
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z'’.\-]{2,}(?:\s+[A-Z][A-Z'’.\-]+)*(?:,\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)?)?"
    r"\s*(?:\([A-Za-z .&]{1,20}\)\s*)?(?:[—–]|--?)\s*"
)


def _without_dateline(sentence: str) -> str:
    m = _DATELINE.match(sentence)
    return sentence[m.end() :] if m else sentence


def attribution(text: str, open_at: int, close_at: int, previous_end: int) -> Attribution | None:
    """(speaker phrase, verb, kind, position) from the words around one quotation, or None."""
    found = after_quotation(text, open_at, close_at)
    if found is not None and _GROUP_CLAIMS.search(text, max(0, open_at - 120), open_at):
        # 'a bill which critics claim would allow it "through the back door" was not a ploy,
        # the minister said': the words are the critics', not the minister's
        return None
    if found is not None and found[0].lower() not in PRONOUNS and found[0] != "it":
        return found
    earlier = _before(text, open_at, close_at, previous_end)
    if earlier is not None and earlier[0].lower() not in PRONOUNS:
        return earlier  # Mr Osborne said: "..." he said: the name says who "he" is
    return found or earlier


def _before(text: str, open_at: int, close_at: int, previous_end: int) -> Attribution | None:
    """The attribution before the quotation, in its sentence: Mr Howard said: "..."."""
    line_start = max(text.rfind("\n", 0, open_at) + 1, previous_end, open_at - 400)
    before = text[line_start:open_at]
    sentence = _without_dateline(SENTENCE_BREAK.split(before)[-1])
    if sentence.rstrip()[-1:] in (".", "!", "?"):
        sentence = ""  # the quotation starts a sentence of its own
    if "ccording" in sentence:
        m = _ACCORDING_BEFORE.search(sentence)
        if m and speaker_phrase(m.group(1)):
            return m.group(1), "according to", "named", open_at - len(sentence) + m.start(1)
    colon = sentence.rstrip().endswith(":")  # (both patterns below end with one)
    message = _MESSAGE_WAS.search(sentence) if colon and " was" in sentence else None
    if message:  # "His message to the chancellor was: "..."", "Mr Lee's verdict was: "...""
        owner = message.group(1).removesuffix("'s").removesuffix("’s")
        phrase = {"His": "he", "Her": "she"}.get(owner, owner)
        if phrase != owner or speaker_phrase(owner):
            return phrase, "said", "named", open_at - len(sentence) + message.start(1)
    inverted = _VERB_OPENS.match(sentence)
    if inverted and speaker_phrase(inverted.group(2)):
        # 'Said Wales assistant coach Scott Johnson: "...': the verb first, the speaker after
        return inverted.group(2), inverted.group(1).lower(), "named", open_at - len(sentence)
    listed = (
        _LISTED_SPEAKER.match(sentence) if line_start == text.rfind("\n", 0, open_at) + 1 else None
    )
    named = name_in(listed.group(1))[0] if listed and not SPEECH_VERB.search(sentence) else ""
    if listed and named and listed.group(1).endswith(named) and speaker_phrase(listed.group(1)):
        # a line "- Manchester City boss Kevin Keegan: "We had ...": the speaker before the colon
        return listed.group(1), "said", "named", open_at - len(sentence) + listed.start(1)
    verb = SPEECH_VERB.search(sentence)
    gap = text[previous_end:open_at]
    if (
        verb is None
        and line_start == previous_end
        and len(text[open_at:close_at].split()) >= 4
        and text[previous_end - 2 : previous_end - 1].isalnum()  # the one before ends mid-sentence
        and gap.strip()
        and gap.rstrip()[-1:] not in ".!?:"
        and "\n" not in gap
        and not SENTENCE_BREAK.search(gap)
    ):
        # 'X told the BBC there was "no doubt" that it would "reduce card fraud"': a second
        # partial quotation in the sentence of the first is X's too
        whole, first, phrase = _whole_sentence(text, open_at)
        # (only a person's name: "the Fed", "Radio 1" or "William and Harry" are read no further)
        named = name_in(phrase)[0]
        if (
            first
            and " and " not in phrase
            and (
                len(named.split()) >= 2
                or phrase.lower() in ("he", "she")
                or any(w.lower() in HONORIFICS for w in phrase.split()[:1])
            )
            and len(whole) > len(sentence)
        ):
            return phrase, first.group(1), "named", open_at - len(whole)
    if verb is None:
        return None
    owned = _OWNER_STATEMENT.search(sentence) if "statement" in sentence else None
    if owned and speaker_phrase(owned.group(1)):
        # "Chelsea's statement added:", "Mr Crosby's statement said:": the statement's owner
        return owned.group(1), owned.group(2), "named", open_at - len(sentence) + owned.start(1)
    middle = _VERB_FIRST_MIDDLE.match(sentence) if line_start == previous_end else None
    if middle and text[previous_end - 2 : previous_end] == ',"':
        # '"A deal is close," said Joan Pike, "but ...': the second half of the sentence
        phrase = subject_after_verb(sentence, middle.end(1))
        rest = sentence[middle.end(1) :].replace(phrase, "", 1)
        if phrase and speaker_phrase(phrase) and not SPEECH_VERB.search(rest):
            return phrase, middle.group(1), "named", open_at - len(sentence) + middle.end(1)
    if verb.group(1) == "adding" and _ADDING_ONLY.match(sentence) and line_start == previous_end:
        # 'He said X had spoken with "such sincerity", adding: "...': the subject of the whole
        # sentence, before the quotation that cut it
        whole, _, phrase = _whole_sentence(text, open_at)
        if phrase:
            return phrase, verb.group(1), "named", open_at - len(whole)
    inner = _PRONOUN_CLAUSE.search(sentence) if colon else None
    if inner and inner.start() > 0:
        # "X failed to deny claims he had once told Y: "..."": the clause nearest the quotation
        # has its own subject, "he", and a reader looks no further
        return (
            inner.group(1).lower(),
            inner.group(2),
            "clause",
            open_at - len(sentence) + inner.start(1),
        )
    m = _BEFORE.search(sentence)
    if m and (_PASSIVE.search(sentence, 0, m.start(2)) or _TOLD_BEFORE.search(m.group(3))):
        return None  # "X was asked: "...", "X says she was told: "...": X is not who speaks
    if m and m.group(2) in ("adding", "telling", "insisting"):
        m = None  # "X praised Y, telling him: "...": the sentence's subject speaks, not Y
        clause = sentence[: verb.start()]
        with_at = clause.rfind("with ")  # "..., with minister Herve Gaymard telling MPs:"
        phrase = clause_subject(clause[with_at + 5 :]) if with_at >= 0 else ""
        phrase = phrase or sentence_subject(clause)
        if phrase:
            return phrase, verb.group(1), "named", open_at - len(sentence)
    if m:
        relative = _RELATIVE_SUBJECT.search(sentence, 0, m.start(2))
        if relative and speaker_phrase(relative.group(1)):
            # "Blanchett, who won a Bafta for her role in Elizabeth, said:" is Blanchett
            return (
                relative.group(1),
                m.group(2),
                "named",
                open_at - len(sentence) + relative.start(1),
            )
        who = _NAME_THEN_WHO.search(m.group(1))
        named = name_in(who.group(1))[0] if who else ""
        if who and named and who.group(1).endswith(named):
            # "backed by Culture, Media and Sport Secretary Tessa Jowell who said:": Tessa Jowell
            at = open_at - len(sentence) + m.start(1) + who.end(1) - len(named)
            return named, m.group(2), "named", at
        phrase = clause_subject(m.group(1))
        start = m.start(1)
        cut = sentence[:start]
        if phrase and "," in cut:
            # The window cut a long description: "Ann Lee, Head of the Centre for Rural
            # Studies at Ayr University, said" is Ann Lee, not the university
            wide = clause_subject(sentence[: m.end(1)])
            if wide and wide != phrase and name_in(wide)[0] and wide.count(" ") < 4:
                phrase, start = wide, 0
        if phrase:
            return phrase, m.group(2), "named", open_at - len(sentence) + start
    # A partial quotation in reported speech: Mr Johnson also claimed X was "an attempt to ..."
    if len(text[open_at:close_at].split()) >= 4:
        clause = sentence[: verb.start()]
        with_at = clause.rfind(" with ") if verb.group(1) == "saying" else -1
        # "Berlin welcomed it, with finance minister Hans Eichel saying it was "...""
        rest = clause[with_at + 6 :].strip() if with_at >= 0 else ""
        phrase = rest if rest and speaker_phrase(rest) else ""
        # "X was suspended after the standards committee said it was "...": the subject of the
        # clause the verb is in
        inner = _SUBORDINATE.search(clause)
        phrase = phrase or (sentence_subject(clause[inner.end() :]) if inner else "")
        phrase = phrase or sentence_subject(clause)
        if phrase:
            return phrase, verb.group(1), "named", open_at - len(sentence)
    return None


def _whole_sentence(text: str, open_at: int) -> tuple[str, re.Match[str] | None, str]:
    """The sentence a quotation at ``open_at`` sits in, from its start (past earlier quotations
    in it), its first speech verb and that verb's subject ("" when none)."""
    whole_start = max(text.rfind("\n", 0, open_at) + 1, open_at - 400)
    whole = _without_dateline(SENTENCE_BREAK.split(text[whole_start:open_at])[-1])
    first = SPEECH_VERB.search(whole)
    return whole, first, sentence_subject(whole[: first.start()]) if first else ""


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
    last = _without_dateline(SENTENCE_BREAK.split(prior)[-1])
    last_at = prior_start + len(prior) - len(last)
    if previous_open < last_at < previous_end:
        return None  # the sentence before is inside the quotation before
    m = _REPORTED.match(last)
    verb = SPEECH_VERB.search(last) if m is None else None
    if verb is not None:
        # "Martin Bell, who won the seat from Tory Neil Hamilton, said politicians ..."
        relative = _RELATIVE_SUBJECT.match(last, 0, verb.start())
        if relative and speaker_phrase(relative.group(1)):
            return relative.group(1), verb.group(1), "reported", last_at + relative.start(1)
    if m:
        phrase = clause_subject(m.group(1), sentence=True)
        if phrase:
            return phrase, m.group(2), "reported", last_at
    trailing = _TRAILING_ATTRIBUTION.search(last)
    if trailing and speaker_phrase(trailing.group(1)):
        # "Patriots wanted the UK to be strong, Mr Straw said. "Our role ...": his words go on
        return trailing.group(1), trailing.group(2), "reported", last_at + trailing.start(1)
    # (a sentence of prose, ended by its full stop: not a signature's line of names)
    prose = last.rstrip()[-1:] in (".", "!", "?")
    opener = _NAME_OPENS.match(last) if verb is None and m is None and prose else None
    quoted = " ".join(text[open_at:close_at].split()[:12])
    name = opener.group(1) if opener else ""
    if (
        opener
        and in_first_person(quoted, plural=False)
        and speaker_phrase(name)
        and not name.endswith(("'s", "’s"))  # "Snow Patrol's success came after ..."
        and not organisation_in(name)
        and not is_role_word(name.split()[0])
        and (
            " " in name
            # one word: the surname of someone named in full before ("Mauresmo", after
            # "Amelie Mauresmo"), not "Two", "Excluding" or "Best"
            or re.search(rf"\b[A-Z][\w'’\-]+ {re.escape(name)}\b", text, 0) is not None
            and text.find(name) < last_at
        )
    ):
        # 'Mauresmo spent five weeks at number one last year. "Since then, I feel ...': a
        # sentence about a person, then words in the first person with no attribution: hers
        return opener.group(1), "", "reported", last_at + opener.start(1)
    return None


# A line that is a speaker and a colon (a list of reactions): "- Man City boss Kevin Keegan: "
_LISTED_SPEAKER = re.compile(r"\s*(?:[-–•*]\s*)?([A-Z][^\"“”:.!?,;]{2,70}?)\s*:\s*$")
# A statement and its owner: "Chelsea's statement added:", "United's statement to the stock
# exchange said:" (an unnamed speaker's statement, "a statement on her website", is read apart)
_OWNER_STATEMENT = re.compile(
    r"(?:^|(?<=\s))((?:[A-Z][\w&\-]*\s+){0,3}[A-Z][\w&\-]*)['’]s\s+(?:official\s+|written\s+)?"
    r"statement(?:\s+(?:to|on)\s+[^\"“”:,]{1,40}?)?\s+(?:also\s+)?(" + VERBS + r")\s*[:,]?\s*$"
)
# The attribution between the halves of one sentence, verb first: '"A," said Joan Pike, "b'
_VERB_FIRST_MIDDLE = re.compile(r"\s*(" + VERBS + r")\s+(?=[A-Z])[^\"“”.!?:;]{2,80}?,\s*$")
# The sentence opens with the verb: 'Said Wales assistant coach Scott Johnson: "'
_VERB_OPENS = re.compile(
    r"\s*(Said|Says|Added|Adds|Explained|Admitted)\s+([^\"“”:,;.!?]{3,80}?)\s*[:,]\s*$"
)
_ADDING_ONLY = re.compile(r"[^\"“”.!?:]{0,40}?\badding\s*[:,]?\s*$")
_TOLD_BEFORE = re.compile(r"\b(?:was|were|been|being)\s+(?:told|asked)\b")
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+\Z")
# The last conjunction opening a clause before the speech verb ("... after the committee said")
_SUBORDINATE = re.compile(
    r".*\s(?:after|when|because|while|since|before|until|although|though|as)\s+(?=[Tt]he\s|[A-Z])"
)
# A sentence that opens with a person's name and a verb: "Mauresmo spent ...", "Mr Lee has ..."
_NAME_OPENS = re.compile(
    r"\s*((?:Mr|Mrs|Ms|Dr|Sir|Lord)\s+[A-Z][\w'’\-]+|[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2})"
    r"\s+(?:has\s+|had\s+|is\s+|was\s+|also\s+)?[a-z]{3,}\b"
)
