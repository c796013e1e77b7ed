"""Speakers across documents: one name per person, the same for ``speakers`` and ``--speaker``.

Within a document the extractor already writes each speaker at their fullest ("Mr Blair" is
"Tony Blair" when the document names him). Across documents, a speaker written with a surname
only, with or without an honorific ("Mr Blair", "Blair"), is counted as the one speaker of the
index whose full name ends with that surname ("Tony Blair"), when exactly one does; with none, or
with several ("Gordon Brown" and "Nick Brown"), it stays as written. Names compare ignoring case,
accents and honorifics.

``speakers`` lists these groups. ``--speaker NAME`` with two or more words (honorifics aside)
selects the group named NAME when there is one, else every group whose name has all the words of
NAME; one word selects every group with it. So for each full name ``speakers`` lists, ``quotes
--speaker`` that name finds exactly the quotations it counted (and for "Mr Blair", at least them).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh import query as wq

from corpus_search.documents.name_words import HONORIFICS, ORG_WORDS, PARTICLES, is_role_word
from corpus_search.index import Index
from corpus_search.index.schema import WORD_ANALYZER
from corpus_search.models import SpeakerCount

__all__ = ["SpeakerDirectory", "list_speakers", "speaker_key", "speaker_words"]

Key = tuple[str, ...]


def speaker_words(name: str) -> list[str]:
    """``name`` as the words a speaker must have (case and accents folded): "Cabán" -> caban."""
    return [t.text for t in WORD_ANALYZER(name)]


def speaker_key(name: str) -> Key:
    """The words that identify a speaker: folded, without honorifics ("Mr. Blair" -> blair):
    "Mr Blair" and "Blair" are one speaker."""
    words = speaker_words(name)
    return tuple(w for w in words if w not in HONORIFICS) or tuple(words)


def _name_words(name: str) -> list[str]:
    return [w for w in name.split() if w.lower().rstrip(".") not in HONORIFICS]


def _full_name(name: str) -> bool:
    """``name`` reads as a person's full name: two or more capitalised words (particles aside),
    the last not a role or an organisation ("Tony Blair", not "Labour MP for Birkenhead")."""
    words = _name_words(name)
    return (
        len(words) > 1
        and all(w[:1].isupper() or w in PARTICLES for w in words)
        and not is_role_word(words[-1])
        and words[-1].lower() not in ORG_WORDS
    )


def _surname(name: str) -> bool:
    """``name`` is a surname alone, maybe after an honorific ("Mr Blair"), not a role
    ("Labour") or an organisation."""
    words = _name_words(name)
    return (
        len(words) == 1
        and words[0][:1].isupper()
        and not is_role_word(words[0])
        and words[0].lower() not in ORG_WORDS
    )


def _described(name: str) -> bool:
    """``name`` describes a speaker rather than naming one: "A spokesman for Mr Blair", "Mr
    Blair's official spokesman", "the committee"."""
    words = name.split() or [""]
    return words[0].lower() in ("a", "an", "one", "the") or is_role_word(words[-1])


def stored_speakers(stored: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    """(speaker as written, the stored quotation) for each quotation of a stored document."""
    raw = stored.get("quotes")
    if raw:
        for quotation in json.loads(raw):
            yield quotation[2], quotation


class SpeakerDirectory:
    """Which full names the index has for each surname, read as needed from the documents that
    quote someone with that surname (or read once for the whole index)."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self._full: dict[str, set[Key]] = {}  # surname -> full names (2+ words) ending with it
        self._forms: dict[Key, Counter[str]] = {}  # full name -> its spellings, counted
        self._loaded: set[str] = set()
        self._complete = False

    def _learn(self, speakers: Iterable[str]) -> None:
        for name in speakers:
            key = speaker_key(name)
            if len(key) > 1 and _full_name(name):
                self._full.setdefault(key[-1], set()).add(key)
                self._forms.setdefault(key, Counter())[name] += 1

    def load(self, surnames: Iterable[str]) -> None:
        """Read every document quoting someone whose name has one of ``surnames``."""
        wanted = sorted(set(surnames) - self._loaded)
        if not wanted or self._complete:
            return
        for docnum in self._documents(wanted, every=False):
            self._learn(name for name, _ in stored_speakers(self.searcher.stored_fields(docnum)))
        self._loaded.update(wanted)

    def load_all(self, speakers: Iterable[str]) -> None:
        """Learn from ``speakers``: every speaker of the index."""
        self._learn(speakers)
        self._complete = True

    def canonical(self, name: str) -> Key:
        """The speaker ``name`` counts as: the one full name with its surname, or itself."""
        key = speaker_key(name)
        if len(key) != 1 or not _surname(name):
            return key
        self.load(key)
        full = self._full.get(key[0], set())
        return next(iter(full)) if len(full) == 1 else key

    def display(self, name: str) -> str:
        """``name`` as ``speakers`` lists it: a surname alone becomes its one full name."""
        key = speaker_key(name)
        canonical = self.canonical(name)
        if canonical == key:
            return name
        forms = self._forms[canonical]
        return max(forms, key=lambda form: (forms[form], form))

    def documents_of(self, name: str) -> tuple[set[int], Callable[[str], bool]]:
        """The documents that may quote a speaker ``name`` selects, and the test of a speaker
        as written there (``selects("Mr Blair")``)."""
        wanted = speaker_key(name)
        direct = self._documents(wanted, every=True)
        # The surnames of the full names with these words bring in "Mr X" and "X" elsewhere.
        surnames = {wanted[-1]} if len(wanted) == 1 else set()
        for speaker, key in self._keys(direct):
            if set(wanted) <= set(key) and _full_name(speaker):
                surnames.add(key[-1])
        self.load(surnames)
        docs = direct | self._documents(surnames, every=False)
        # A full name picks that person ("Lee Chan", not "Ana Lee Chan"); one word picks every
        # speaker with it, as a reader expects of "-s blair" (Tony, Cherie and "Mr Blair").
        written = list(self._keys(docs))
        exact = len(wanted) > 1 and any(
            self._canonical_if_loaded(speaker) == wanted for speaker, _ in written
        )
        # "Mr Blair's official spokesman" is not Mr Blair: when NAME names someone quoted in
        # their own right, descriptions mentioning them are left out ("-s bpi" still finds "A
        # spokesman for the BPI", as nobody is quoted as the BPI itself).
        in_person = not exact and any(
            set(wanted) <= set(self._canonical_if_loaded(speaker)) and not _described(speaker)
            for speaker, _ in written
        )

        def selects(speaker: str) -> bool:
            key = self._canonical_if_loaded(speaker)
            if exact:
                return key == wanted
            return set(wanted) <= set(key) and not (in_person and _described(speaker))

        return docs, selects

    def _documents(self, words: Iterable[str], *, every: bool) -> set[int]:
        """The documents quoting a speaker with every (or any) of ``words`` in their name."""
        terms = [wq.Term("speaker", w) for w in sorted(set(words))]
        if not terms:
            return set()
        return set(self.searcher.docs_for_query(wq.And(terms) if every else wq.Or(terms)))

    def _keys(self, docs: Iterable[int]) -> Iterator[tuple[str, Key]]:
        for docnum in docs:
            for speaker, _ in stored_speakers(self.searcher.stored_fields(docnum)):
                yield speaker, speaker_key(speaker)

    def _canonical_if_loaded(self, name: str) -> Key:
        """:meth:`canonical` without reading more documents: a surname not loaded yet cannot
        be one the ``--speaker`` name selects (see :meth:`documents_of`)."""
        key = speaker_key(name)
        if len(key) == 1 and key[0] not in self._loaded and not self._complete:
            return key
        return self.canonical(name)


def list_speakers(index: Index) -> tuple[SpeakerCount, ...]:
    """Every speaker with the number of quotations and documents, most quoted first (names
    grouped as the module's notes say)."""
    written: list[tuple[str, str]] = []  # (speaker as written, document key)
    with index.searcher() as searcher:
        for docnum in searcher.docs_for_query(wq.Every("speaker")):
            stored = searcher.stored_fields(docnum)
            written.extend((name, stored["key"]) for name, _ in stored_speakers(stored))
        directory = SpeakerDirectory(searcher)
        directory.load_all(name for name, _ in written)
        quotations: Counter[Key] = Counter()
        documents: dict[Key, set[str]] = {}
        spelling: dict[Key, Counter[str]] = {}
        for name, document in written:
            key = directory.canonical(name)
            quotations[key] += 1
            documents.setdefault(key, set()).add(document)
            spelling.setdefault(key, Counter())[directory.display(name)] += 1
    counts = [
        SpeakerCount(
            name=max(spelling[key], key=lambda form: (spelling[key][form], form)),
            quotations=n,
            documents=len(documents[key]),
        )
        for key, n in quotations.items()
    ]
    counts.sort(key=lambda c: (-c.quotations, -c.documents, c.name.lower()))
    return tuple(counts)
