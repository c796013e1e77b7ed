"""Quotations and who said them, found in a document's text at indexing time.

``find_quotations(text)`` returns every quotation that has a speaker. Pure, standard library,
no model: it reads quotation marks and the attribution news prose puts around them.

- **Marks.** Straight (``"``) and curly (“ ”) double quotes and guillemets (« »). Single quotes
  are apostrophes or quotes inside quotes ("'Here we're not ...'"), so they never open one.
  A straight quote opens when it follows a space or the start of a line and is followed by a
  word, and closes otherwise.
- **Long quotations.** News prose reopens a quotation, without closing it, at each new paragraph
  or sentence of the same speech (``said: "A. "B."``, or a paragraph ending unclosed and the next
  starting with a quote mark): those parts are one quotation. A mark left open at a blank line
  (with no reopening), or for more than ``MAX_QUOTE_CHARS``, is ignored: an unbalanced mark never
  swallows the rest of the document.
- **Attribution.** After the quotation (``"...," Malik said``, ``said Legal Aid attorney Kate
  Mogulescu``, ``she added``, ``according to the mayor``), before it (``Mr Howard said: "...``,
  ``he told reporters, "...``), or the sentence just before it reporting the same person's speech
  (``She said new mothers ... "We have made ..."``). A quotation with none of these continues the
  previous speaker's quotation when it follows it closely (``"...," Malik said. "Further, ..."``).
  Anything else (scare quotes, titles, nicknames) has no speaker and is not returned.
- **Speakers** are names as written at their fullest in the document ("Malik" -> "Mina Malik",
  "Mayor de Blasio" -> "Bill de Blasio"); "he", "she" and "they" are the person last mentioned,
  and a role ("the mayor", "the district attorney") the person introduced with it.
"""

from __future__ import annotations

import re

from corpus_search.documents.names import (
    PRONOUNS,
    People,
    is_role_word,
    is_stop_word,
    name_in,
    role_head,
)
from corpus_search.models import Quotation

__all__ = ["MAX_QUOTE_CHARS", "Quotation", "find_quotations"]

MAX_QUOTE_CHARS = 3_000


_VERBS = (
    "said|says|say|told|tells|tell|added|adds|wrote|writes|explained|explains|stated|states|noted|"
    "notes|argued|argues|insisted|insists|claimed|claims|warned|warns|asked|asks|replied|replies|"
    "continued|continues|declared|announced|acknowledged|admitted|admits|commented|observed|"
    "remarked|urged|urges|suggested|conceded|stressed|recalled|concluded|countered|responded|"
    "agreed|predicted|maintained|believes|thinks|joked|laughed|tweeted|posted|testified"
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
# After the quotation, verb first: "...," said Legal Aid attorney Kate Mogulescu, who ...
_PHRASE_END = (
    r"(?=\.?\s*(?:[,.;:!?\n]|$)|\s+(?:in|on|at|of|who|when|after|during|before|from|to|last|this"
    r"|yesterday|earlier|today|as|and|but|while)\b)"
)
_AFTER_VERB_SUBJECT = re.compile(
    r"[\s,]*(?:[-–—]\s*)?(" + _VERBS + r")\s+([\w'’\-]+\.?(?:\s+[\w'’\-]+\.?){0,8}?)" + _PHRASE_END
)
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
_SPEECH_VERB = re.compile(r"\b(" + _VERBS + r"|saying)\b")
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
# The sentence before: "She said new mothers were ..." (reported speech by the same speaker)
_REPORTED = re.compile(
    r"^\s*(?:[A-Z][\w]*,\s+)?((?:[\w'’.\-]+\s+){0,7}?[\w'’.\-]+)\s+"
    + _ADVERB
    + r"("
    + _VERBS
    + r")\b"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’»)]*\s+(?=[\"“«A-Z])|\n")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_MARK = re.compile('["“”«»]')
_OPENERS = "“«"
_CLOSERS = "”»"
_LEFT_EDGE = " \t\n([{—–-/"  # before an opening straight quote
_CONTINUE_GAP = 200
# The text read for people around each attributed quotation (and at the start of the document).
_PEOPLE_BEFORE = 2_500
_PEOPLE_AFTER = 300  # characters between a quotation and the one that continues it


def find_quotations(text: str) -> tuple[Quotation, ...]:
    """Every quotation in ``text`` that has a speaker, in order (see the module's notes)."""
    if '"' not in text and "“" not in text and "«" not in text:
        return ()
    spans = _quote_spans(text)
    if not spans:
        return ()
    # First the words around each quotation, then (only if some name a speaker) the people of
    # the document, read near those quotations: long posts full of scare quotes stay cheap.
    explicit, reported = [], []
    for i, (_, _, open_at, close_at) in enumerate(spans):
        previous_end = spans[i - 1][3] if i else 0
        explicit.append(_attribution(text, open_at, close_at, previous_end))
        reported.append(
            _reported(text, open_at, close_at, previous_end) if explicit[-1] is None else None
        )
    regions = [
        (max(0, s[2] - _PEOPLE_BEFORE), s[3] + _PEOPLE_AFTER)
        for s, a, b in zip(spans, explicit, reported, strict=True)
        if a is not None or b is not None
    ]
    if not regions:
        return ()
    people = People(text, [(s[2], s[3]) for s in spans], [(0, _PEOPLE_BEFORE), *regions])
    people.index_mentions()
    found: list[Quotation] = []
    previous: tuple[int, str, str] | None = None  # (end, speaker, verb) of the last quotation
    for i, (start, end, open_at, close_at) in enumerate(spans):
        ref = explicit[i]
        speaker = verb = how = ""
        if ref is None and (previous is None or not _continues(text, previous[0], open_at)):
            ref = reported[i]
        if ref is not None:
            phrase, verb, how, at = ref
            speaker, how = _resolve(people, phrase, how, at)
        elif previous is not None and _continues(text, previous[0], open_at):
            _, speaker, verb = previous
            how = "continued"
        if not speaker:
            continue
        body_end = end - 1 if text[end - 1] == "," else end
        if body_end <= start:
            continue
        found.append(Quotation(text[start:body_end], speaker, start, body_end, verb, how))
        previous = (close_at, speaker, verb)
    return tuple(found)


def _quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(text start, text end, opening mark, after the closing mark) of each quotation."""
    marks = [(m.start(), m.group()) for m in _MARK.finditer(text)]
    spans: list[tuple[int, int, int, int]] = []
    open_at = -1  # the opening mark of the quotation being read
    part_at = -1  # the latest (re)opening mark
    for pos, mark in marks:
        role = _mark_role(text, pos, mark)
        if open_at >= 0:
            crossed = _BLANK_LINE.search(text, part_at, pos) is not None
            too_long = pos - open_at > MAX_QUOTE_CHARS
            if role == "open" or too_long or crossed:
                if not too_long and role == "open" and _reopens(text, part_at, pos, crossed):
                    part_at = pos  # the same speech goes on: one quotation
                    continue
                open_at = -1  # an unbalanced mark: forget it
            else:
                start, end = _trim(text, open_at + 1, pos)
                if end > start:
                    spans.append((start, end, open_at, pos + 1))
                open_at = -1
                continue
        if role != "close":
            open_at = part_at = pos
    return spans


def _mark_role(text: str, pos: int, mark: str) -> str:
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if before in _LEFT_EDGE and not after.isspace():
        return "open"
    if not before.isspace():
        return "close"
    return "either"


def _reopens(text: str, part_at: int, pos: int, crossed: bool) -> bool:
    """A new opening mark at ``pos`` carries on the speech opened at ``part_at``: the part before
    ends a sentence, and across a line break the mark starts the next paragraph."""
    before = text[part_at + 1 : pos].rstrip()
    if not before or before[-1] not in ".!?…:;—–-":
        return False
    breaks = _PARAGRAPH_BREAK.findall(text[part_at + 1 : pos])
    if len(breaks) > 1:
        return False  # a paragraph without quotation marks between: not the same speech
    if breaks:
        crossed = True
    if crossed:  # the mark must open the new paragraph
        return not text[text.rfind("\n", part_at, pos) + 1 : pos].strip()
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _attribution(
    text: str, open_at: int, close_at: int, previous_end: int
) -> tuple[str, str, str, int] | None:
    """(speaker phrase, verb, kind, position) from the words around one quotation, or None."""
    after = text[close_at : close_at + 160].split("\n", 1)[0]
    quoted_end = text[close_at - 2] if close_at >= 2 else ""
    # Each pattern needs a speech verb or a key word: look for those first (most quotation marks
    # in mail and forum posts have none near them).
    if _SPEECH_VERB.search(after):
        m = _AFTER_VERB_SUBJECT.match(after)
        if m and _speaker_phrase(m.group(2)) and quoted_end != ".":
            return m.group(2).strip(), m.group(1), "named", close_at + m.start(2)
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
    if m:
        phrase = _clause_subject(m.group(1))
        if phrase:
            return phrase, m.group(2), "named", open_at - len(sentence) + m.start(1)
    # A partial quotation in reported speech: Mr Johnson also claimed X was "an attempt to ..."
    if len(text[open_at:close_at].split()) >= 4:
        phrase = _sentence_subject(sentence[: verb.start()])
        if phrase:
            return phrase, verb.group(1), "named", open_at - len(sentence)
    return None


def _reported(
    text: str, open_at: int, close_at: int, previous_end: int
) -> tuple[str, str, str, int] | None:
    """Reported speech in the sentence before, by the same speaker: She said ... "We have ..."."""
    line_start = max(text.rfind("\n", 0, open_at) + 1, previous_end)
    before = text[line_start:open_at]
    if before.strip() and before.rstrip()[-1:] not in (".", "!", "?"):
        return None  # the quotation does not start a sentence
    if len(text[open_at:close_at].split()) < 4:
        return None
    prior = text[max(previous_end, open_at - 400) : open_at]
    sentences = _SENTENCE_END.split(prior.rstrip())
    last = sentences[-1] if sentences else ""
    m = _REPORTED.match(last)
    if m:
        phrase = _clause_subject(m.group(1))
        if phrase:
            return phrase, m.group(2), "reported", open_at - len(prior) + prior.rfind(last)
    return None


def _ends_soon(tail: str) -> bool:
    """After ``"A." Smith said``, the attribution must end there (else Smith says something new)."""
    return bool(re.match(r"\s*(?:in a statement|on \w+|\w+)?\s*(?:[.,;]|$)", tail))


def _speaker_phrase(phrase: str) -> bool:
    """``phrase`` can name a speaker: a pronoun, a role ("the mayor") or words with a name."""
    words = phrase.split()
    if not words:
        return False
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return True
    lowered = [w.lower() for w in words]
    if lowered[0] in ("the", "a", "an") and role_head(phrase):
        return True
    if is_stop_word(words[0]):
        return False  # "Later the prime minister": the subject starts after "Later"
    if any(not _WORD_OF_NAME.match(w) for w in words):
        return False  # a sentence ends inside: ". But the prime minister"
    roles = [i for i, w in enumerate(words) if is_role_word(w)]
    last_role = roles[-1] if roles else -1
    # Lowercase words may describe a role ("housing attorney"), not follow it.
    if any(
        not (
            w[:1].isupper()
            or is_role_word(w)
            or w.lower() in _GLUE
            or last_role - 3 <= i < last_role
        )
        for i, w in enumerate(words)
    ):
        return False
    return bool(name_in(phrase)[0]) or bool(role_head(phrase))


_WORD_OF_NAME = re.compile(r"^\w[\w'’\-]*(?:\.|(?<=\b\w)\.|'s|’s)?$|^(?:Mr|Mrs|Ms|Dr|St|Jr)\.$")
_GLUE = frozenset("the a an of for and de da van von der del la le du bin al".split())


def _clause_subject(words: str) -> str:
    """The subject phrase at the end of a clause before a verb: "But historically, Immigrant
    Defense Project attorney Genia Blaser" -> "Immigrant Defense Project attorney Genia Blaser"."""
    parts = [p.strip() for p in re.split(r",\s*", words) if p.strip()]
    for part in reversed(parts):
        tokens = part.split()
        # Keep the longest tail of the clause that reads as a speaker phrase.
        for k in range(len(tokens)):
            tail = " ".join(tokens[k:])
            if _speaker_phrase(tail):
                return tail
        if len(parts) > 1 and parts[-1] == part:
            continue  # "Theresa May, said" style appositive: look at the part before
        break
    return ""


def _sentence_subject(words: str) -> str:
    """The speaker phrase that opens a sentence: "But Morrison vowed ..." -> "Morrison"."""
    tokens = words.replace(",", " , ").split()
    while tokens and tokens[0].lower() in _OPENING_WORDS:
        tokens.pop(0)
    whole = " ".join(tokens)
    if tokens and tokens[0].lower() == "the" and "," not in tokens and _speaker_phrase(whole):
        return whole  # "The home secretary"
    taken = []
    for token in tokens:
        if token == "," or not (token[:1].isupper() or is_role_word(token) or token in _GLUE):
            break
        taken.append(token)
    phrase = " ".join(taken)
    return phrase if taken and _speaker_phrase(phrase) else ""


_OPENING_WORDS = frozenset("but and so however meanwhile yet still".split())


def _resolve(people: People, phrase: str, how: str, at: int) -> tuple[str, str]:
    """The speaker ``phrase`` refers to (name at its fullest) and how it was found."""
    lowered = phrase.lower()
    if lowered in PRONOUNS:
        person = people.latest_before(at)
        if person is None:
            return "", ""
        people.mentioned(at, person.surname)
        return person.display(), "pronoun" if how == "named" else how
    name, title = name_in(phrase)
    first = lowered.split()[0]
    if first in ("the", "a", "an") or not name:
        role = role_head(phrase)
        holder = people.with_role(role, at) if role and first == "the" else None
        if holder is None and first == "the" and role:
            holder = people.latest_before(at)
        if holder is None:
            if not name and role:
                return _capitalised(phrase), "role" if how == "named" else how
            if not name:
                return "", ""
        else:
            people.mentioned(at, holder.surname)
            return holder.display(), "role" if how == "named" else how
    honorific = title.split()[-1] if title and title.split()[-1].lower() in _HONORIFIC else ""
    title_words = title.lower().split()
    person = people.fullest(name, honorific)
    if title_words and not honorific:
        person.roles.add(" ".join(title_words[-3:]))
    people.mentioned(at, person.surname)
    return person.display(), how


_HONORIFIC = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady".split())


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def _continues(text: str, previous_end: int, open_at: int) -> bool:
    """A quotation at ``open_at`` carries on the one that ended at ``previous_end``: nothing but
    the rest of the previous quotation's sentence (its attribution) lies between them."""
    gap = text[previous_end:open_at]
    if len(gap) > _CONTINUE_GAP:
        return False
    end = _GAP_SENTENCE_END.search(gap)
    rest = gap[end.end() :] if end else gap
    return not rest.strip() and (end is None or "\n" not in gap[: end.start()])


_GAP_SENTENCE_END = re.compile(r"[.!?:](?=\s|$)")
