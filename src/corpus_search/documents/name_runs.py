"""Runs of capitalised words in a text: the candidate names :mod:`.names` reads people from.

A run is capitalised name words next to each other, with particles ("Bill de Blasio"); it ends
at a possessive or a full stop ("Blasio."), not at an initial ("George W. Bush"). A word that
describes the person before a full name ("Defiant Matt Williams", "Songwriter Guy Chambers":
capitalised only because it opens the sentence) is not part of the name.
"""

from __future__ import annotations

import re

from corpus_search.documents.name_words import (
    HONORIFICS,
    PARTICLES,
    descriptor_words,
    is_name_word,
    is_role_word,
    is_surname_after,
    organisation_words,
    title_prefix,
)

__all__ = [
    "bare",
    "capitalised_runs",
    "fuller_organisation",
    "known_as",
    "opens_sentence",
    "possessive_or_title",
    "role_phrase",
]


def capitalised_runs(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, name) of each run of name words in ``regions`` of ``text``, in order."""
    runs: list[tuple[int, int, str]] = []
    run: list[str] = []
    run_start = run_end = -1
    for m in (m for a, b in regions for m in _CAPITALISED.finditer(text, a, b)):
        word = m.group()
        if not is_name_word(bare(word)) and not (
            len(run) == 1
            and text[run_end : m.start()] == " "
            and is_surname_after(bare(word), run[0])
        ):  # ("Theresa May", "Mrs May": a month that is a surname)
            if run:
                runs.append((run_start, run_end, " ".join(run)))
                run = []
            continue
        gap = text[run_end : m.start()] if run else ""
        joined = bool(run) and not _ends_run(run[-1]) and _joins(gap)
        if run and not joined:
            runs.append((run_start, run_end, " ".join(run)))
            run = []
        if not run:
            run_start = m.start()
            particles = _PARTICLES_BEFORE.search(text, max(0, run_start - 12), run_start)
            if particles:  # "Mayor de Blasio"
                run.extend(particles.group(1).split())
                run_start = particles.start(1)
        elif gap.strip():
            run.extend(gap.split())
        run.append(word)
        run_end = m.end()
    if run:
        runs.append((run_start, run_end, " ".join(run)))
    out = []
    for start, end, name in runs:
        words = [*name.split()[:-1], bare(name.split()[-1])]
        drop = organisation_words(words)  # "Lib Dem Norman Baker" is Norman Baker
        drop += descriptor_words(words[drop:])
        if not drop and len(words) >= 3 and _IN_TITLE.search(text, max(0, start - 8), start):
            drop = title_prefix(words, the=text.endswith("the ", 0, start))
        if drop:  # "Defiant Matt Williams" is Matt Williams
            start = text.index(words[drop], start)
            words = words[drop:]
        out.append((start, end, " ".join(words)))
    return out


_CAPITALISED = re.compile(r"(?<![\w'’.\-])[A-ZÀ-ÖØ-ÞŁŚŽČŠ][\w'’\-]*\.?")
_PARTICLES_BEFORE = re.compile(r"(?<![\w'’])((?:(?:de|da|del|der|van|von|la|le|du|bin|al) )+)\Z")
_IN_TITLE = re.compile(r"\b(?:of|for|and)(?: the)? \Z")
_TITLES = frozenset("Mr. Mrs. Ms. Dr. St. Jr. Sr. Prof. Rev.".split())


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s"))


def bare(word: str) -> str:
    """A name word without a possessive or a full stop: "Howard's" -> "Howard"."""
    if _possessive(word):
        return word[:-2]
    if word.endswith(".") and len(word) > 2 and word.lower() not in HONORIFICS:
        return word[:-1]
    return word


def _joins(gap: str) -> bool:
    """Two capitalised words belong to one name across ``gap`` (a space, maybe a particle)."""
    if gap == " ":
        return True
    words = gap.split()
    return gap[:1] == " " and gap[-1:] == " " and all(w in PARTICLES for w in words)


def _ends_run(word: str) -> bool:
    """A name ends at a possessive or a full stop ("Blasio."), not at an initial ("W.")."""
    return _possessive(word) or (word.endswith(".") and len(word) > 2 and word not in _TITLES)


def possessive_or_title(text: str, end: int) -> bool:
    """The name ending at ``end`` is a possessive or part of a title ("United's win",
    "London Irish coach Gary Gold"): more often a team's or a firm's than a person's."""
    if text[end - 2 : end] in ("'s", "’s"):
        return True
    return text[end : end + 1] == " " and is_role_word(text[end + 1 : end + 40].split(" ", 1)[0])


def opens_sentence(text: str, start: int) -> bool:
    """The word at ``start`` opens a sentence or a paragraph (its capital says nothing)."""
    before = text[max(0, start - 4) : start].rstrip(" \"“‘'")
    return not before or before[-1] in ".!?:\n"


def role_phrase(before: str) -> str:
    """The role words ending ``before`` (the text before a name): "Queens District Attorney"."""
    words = before.split()
    taken: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if (is_role_word(word) and not taken) or (taken and word[:1].isupper() and len(taken) < 3):
            taken.insert(0, word)
        else:
            # "shadow chancellor X", "Shadow foreign secretary X": not the chancellor or the
            # foreign secretary
            lowered = [w.lower() for w in words[max(0, i - 1) : i + 1]]
            if taken and "shadow" in lowered:
                taken[:0] = words[max(0, i - 1) + lowered.index("shadow") : i + 1]
            break
    return " ".join(taken).lower()


# Words that end a firm's full name ("Contrack International"), and the country written before
# an institution's ("US Federal Reserve"): the short form is the same body.
_FIRM_ENDINGS = "International|Group|Holdings|Inc|Corp|Corporation|plc|PLC|Ltd|Limited|Industries"
_COUNTRIES_BEFORE = "US|UK|EU"


def fuller_organisation(text: str, name: str) -> str:
    """``name`` at its fullest when the document writes it with a firm's ending after it or a
    country before it ("Contrack said", after "Contrack International, of Arlington, ...");
    ``name`` itself for anyone addressed as a person ("Mr Contrack")."""
    if not name[:1].isupper() or len(name.split()) > 5 or name.split()[0].lower() in HONORIFICS:
        return name
    # Each place the name is written, read with fixed patterns around it (a pattern built from
    # each name cost more than all the other rules together).
    places = []
    at = text.find(name)
    while at >= 0:
        places.append(at)
        at = text.find(name, at + 1)
    ends = [(at, at + len(name)) for at in places if _BOUNDARY.match(text, at + len(name))]
    if any(_ADDRESSED.search(text, max(0, at - 6), at) for at, _ in ends):
        return name
    apart = _apart(text, places, len(name))
    for _, end in apart:
        firm = _FIRM_AFTER.match(text, end)
        if firm:
            return f"{name} {firm.group(1)}"
    for at, end in apart:
        country = _COUNTRY_BEFORE.search(text, max(0, at - 3), at)
        if country and _BOUNDARY.match(text, end) and not _CAPITAL_NEXT.match(text, end):
            return f"{country.group(1)} {name}"
    return name


def known_as(text: str, name: str) -> str:
    """The name the document uses for ``name`` when it gives ``name`` as someone's real one
    ("Chart-topper 50 Cent, real name Curtis Jackson, said": 50 Cent, as the article calls him
    wherever he speaks), else ``name``."""
    if " " not in name or "real name" not in text:
        return name
    stated = re.search(
        r"((?:[A-Z0-9][\w'’\-]* ){0,2}[A-Z0-9][\w'’\-]*),? \(?(?:real name|whose real name is) "
        + re.escape(name)
        + r"\b",
        text,
    )
    if stated is None:
        return name
    words = stated.group(1).split()
    # The longest ending of the words before that the document writes again: "50 Cent", not
    # the describing "Chart-topper 50 Cent"
    for size in range(len(words), 0, -1):
        known = " ".join(words[-size:])
        if text.count(known) >= 2 and not known.isdigit():
            return known
    return name


def _apart(text: str, places: list[int], length: int) -> list[tuple[int, int]]:
    """The (start, end) of each place that does not continue a word ("Contrack", not
    "BigContrack")."""
    return [(at, at + length) for at in places if not _WORD_BEFORE.search(text, max(0, at - 1), at)]


_BOUNDARY = re.compile(r"\b")
_ADDRESSED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? \Z")
_FIRM_AFTER = re.compile(rf" ({_FIRM_ENDINGS})\b")
_COUNTRY_BEFORE = re.compile(rf"(?<![\w'’\-])({_COUNTRIES_BEFORE}) \Z")
_WORD_BEFORE = re.compile(r"[\w'’\-]")
_CAPITAL_NEXT = re.compile(r" [A-Z]")
