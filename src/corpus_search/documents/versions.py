"""Reader versions: which version of which reader made a document, so that an index run re-reads
the files a reader has since learnt to read better (and no others).

**Bump a reader's number here whenever what it makes of a file changes**: its text, title, author,
date, pages, warnings or quotations. The next ``corpus-search index`` then re-reads every file
that reader read (README "Reader versions"); a change that makes the same documents (a speed-up,
a refactoring) needs no bump. The numbers live in this one table rather than beside each reader
because a no-op index run must know them without importing the readers (~30 ms, more than the
rest of the run on a small corpus).

A document's *reader signature* names every reader that shaped it, with its version, e.g.
``"text:1 html:1 dateline:1 quotations:1"``; the manifest keeps one per source file.
"""

from __future__ import annotations

from functools import cache

READER_VERSIONS: dict[str, int] = {
    # reader: version   the modules it covers
    "text": 1,  # plain text and what every text file goes through: parse.py, decode.py,
    #             front_matter.py, sanitize.py, metadata.py
    "html": 1,  # html.py (HTML files, and the HTML inside e-mail and EPUB)
    "markdown": 1,  # markdown.py
    "pdf": 1,  # pdf.py
    "docx": 1,  # office.py (and container.py)
    "opendocument": 1,  # opendocument.py: .odt, .ods, .odp (and container.py)
    "epub": 1,  # epub.py (and container.py)
    "email": 1,  # mail.py: .eml files and the messages of an mbox
    "records": 1,  # records.py: JSON Lines records
    "dateline": 1,  # dateline.py: a date read from the top of the text
    "quotations": 34,  # quotations.py, attribution.py, attribution_after.py, speech_words.py,
    #                   speaker_phrases.py, names.py, introductions.py, person.py, name_runs.py,
    #                   name_words.py, quote_marks.py, gender.py, runaways.py, pronouns.py,
    #                   referents.py, resolve.py
}

# What reads a document of each format (Document.format, or "records" for a JSON Lines record).
FORMAT_READERS: dict[str, tuple[str, ...]] = {
    "text": ("text", "dateline", "quotations"),
    "html": ("text", "html", "dateline", "quotations"),
    "markdown": ("text", "markdown", "dateline", "quotations"),
    "pdf": ("pdf", "dateline", "quotations"),
    "docx": ("docx", "dateline", "quotations"),
    "odt": ("opendocument", "dateline", "quotations"),
    "ods": ("opendocument", "dateline", "quotations"),
    "odp": ("opendocument", "dateline", "quotations"),
    "epub": ("epub", "html", "dateline", "quotations"),
    "email": ("email", "html", "dateline", "quotations"),
    "mbox": ("email", "html", "dateline", "quotations"),  # an mbox read as one document
    "records": ("records", "quotations"),  # a record's date is one of its fields
}

UNKNOWN = "unknown"  # what changed_readers names for a signature that was never recorded


def reader_signature(fmt: str) -> str:
    """The signature of this code's readers for a document of format ``fmt``; "" for a format no
    reader is listed for (it is then re-read on every run: a test keeps the table complete)."""
    return _signatures(tuple(sorted(READER_VERSIONS.items())))[0].get(fmt, "")


def current_signatures() -> frozenset[str]:
    """Every signature this code's readers give: a manifest entry with another is out of date."""
    return _signatures(tuple(sorted(READER_VERSIONS.items())))[1]


@cache
def _signatures(versions: tuple[tuple[str, int], ...]) -> tuple[dict[str, str], frozenset[str]]:
    # Keyed by the versions, so a test that changes READER_VERSIONS gets new signatures. The
    # strings are shared: the manifest (marshal) then stores each one once.
    numbers = dict(versions)
    by_format = {
        fmt: " ".join(f"{reader}:{numbers.get(reader, 0)}" for reader in readers)
        for fmt, readers in FORMAT_READERS.items()
    }
    return by_format, frozenset(by_format.values())


def changed_readers(signature: str) -> set[str]:
    """The readers of ``signature`` whose version this code no longer has, or {UNKNOWN} for an
    empty signature (a file indexed before reader versions were recorded)."""
    if not signature:
        return {UNKNOWN}
    changed = set()
    for part in signature.split():
        reader, _, version = part.partition(":")
        if str(READER_VERSIONS.get(reader, "")) != version:
            changed.add(reader)
    return changed or {UNKNOWN}  # a list of readers that has changed (one was added)
