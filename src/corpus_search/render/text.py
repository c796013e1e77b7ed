"""Text helpers every renderer shares: neutralising terminal control characters, paths, dates,
counts, and the one-line descriptions (a hit's meta line, the dates of an index run, an eval
configuration). Standard library only."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from corpus_search.config import DEFAULT_INCLUDE, UNSAFE_CHARACTERS
from corpus_search.models import (
    Document,
    IndexedRoot,
    IndexReport,
    Skipped,
    Snippet,
    page_at,
    page_span,
)

if TYPE_CHECKING:  # evaluate is only needed by eval
    from corpus_search.evaluate import QueryDelta

_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")


def safe(text: str) -> str:
    """Replace terminal control and bidi-override characters with U+FFFD, keeping the length."""
    return _UNSAFE.sub("\ufffd", text)


def safe_line(text: str) -> str:
    """``safe`` for one-line metadata: newlines and tabs become spaces too."""
    return safe(text.replace("\n", " ").replace("\t", " "))


def did_you_mean_line(suggestion: str) -> str:
    """The spelling to try, as every command prints it: ``Did you mean: chelsea?``."""
    return f"Did you mean: {safe_line(suggestion)}?"


def hit_path(hit: Any) -> str:
    """What ``search -l`` prints for a hit: its path, or ``path#id`` for a JSON Lines record."""
    return str(hit.key if hit.doc_id else hit.path)


def short_date(date: object) -> str:
    """A date as YYYY-MM-DD, with the time (to the minute) only when it is not midnight."""
    text = str(date)
    return text[:10] if text.endswith("00:00:00") else text[:16]


def meta_line(path: str, date: object, author: str | None, separator: str) -> str:
    """A hit's second line: its path, date and author, made safe for one line."""
    parts = [display_path(path)]
    if date is not None:
        parts.append(short_date(date))
    if author:
        parts.append(author)
    return safe_line(separator.join(parts))


def extremes(deltas: tuple[QueryDelta, ...], top: int) -> list[QueryDelta]:
    """The ``top`` biggest losses and the ``top`` biggest wins (deltas are sorted, losses first)."""
    losses = [d for d in deltas if d.delta < 0][:top]
    wins = [d for d in deltas if d.delta > 0][-top:]
    return losses + wins


def display_path(path: str) -> str:
    """A path relative to the working directory when it is inside it, else as stored."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def short_path(path: str, width: int) -> str:
    """``path`` in at most ``width`` characters, shortening the folders before the file name:
    ``…ds/000_8840c1bd5ec2d076.txt``, then the file name alone, and only a file name longer than
    ``width`` loses its middle (``000_884…076.txt``), so its start and extension stay."""
    if len(path) <= width:
        return path
    folder, _, name = path.rpartition("/")
    if folder and len(name) + 2 <= width:
        keep = width - len(name) - 2  # room for "…" and "/"
        return "…" + (folder[-keep:] if keep else "") + "/" + name
    if len(name) <= width:
        return name
    head = (width - 1) // 2
    return name[:head] + "…" + name[len(name) - (width - 1 - head) :]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 document``, ``2,226 documents``: the count with thousands separators, and the word."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


_DATE_SOURCE_NAMES = {
    "front_matter": "front matter",
    "html_meta": "HTML meta",
    "dateline": "datelines",
    "record": "record fields",
    "properties": "document properties",
}


def dates_line(dates: dict[str, int], written: int) -> str | None:
    """``Dates: 3 from front matter, 0 from HTML meta, 12 from datelines, 5 undated.`` for the
    documents a run wrote, or None when it wrote none."""
    if not written:
        return None
    parts = [
        f"{dates.get(source, 0):,} from {name}"
        for source, name in _DATE_SOURCE_NAMES.items()
        if source not in ("record", "properties") or dates.get(source)
    ]
    parts += [f"{n:,} from {s}" for s, n in dates.items() if s not in _DATE_SOURCE_NAMES]
    undated = max(written - sum(dates.values()), 0)
    return f"Dates: {', '.join(parts)}, {undated:,} undated."


# Reader names (documents.versions.READER_VERSIONS) as a summary says them.
_READER_NAMES = {
    "text": "text",
    "html": "HTML",
    "markdown": "Markdown",
    "pdf": "PDF",
    "docx": "DOCX",
    "opendocument": "OpenDocument",
    "epub": "EPUB",
    "email": "e-mail",
    "records": "JSON Lines records",
    "dateline": "datelines",
    "quotations": "quotations",
}


def reread_line(report: IndexReport) -> str | None:
    """``12 files re-read: a newer reader for PDF.``: the files an index run read again because a
    reader has a new version, or None when it read none again."""
    if not report.reread:
        return None
    readers = sorted(report.reread_readers - {"unknown"})
    names = [_READER_NAMES.get(r, r) for r in readers]
    reasons = []
    if names:
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        reasons.append(f"{'a newer reader' if len(names) == 1 else 'newer readers'} for {listed}")
    if "unknown" in report.reread_readers:
        reasons.append("indexed before reader versions were recorded")
    return f"{plural(report.reread, 'file')} re-read: {'; '.join(reasons)}."


_KIND = re.compile(r"\((.*)\)$")


def unsupported_kinds(unsupported: Sequence[Skipped]) -> str:
    """ "3 .doc, 1 PNG image": how many files of each unsupported kind, most first."""
    kinds = Counter((m[1] if (m := _KIND.search(s.reason)) else "other") for s in unsupported)
    return ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())


def eval_label(context: dict[str, Any]) -> str:
    """``eval``'s description of one configuration, from its context (``machine.eval_context``):
    "INDEX, bag-of-words, k1=1.2,b=0.75,title_boost=2"."""
    settings = ",".join(f"{k}={v:g}" for k, v in context["ranking"].items())
    return f"{context['index']}, {context['mode']}, {settings}"


def report_notes(report: IndexReport) -> list[str]:
    """What an index summary says besides its counts: remembered folders that vanished, and
    files kept although they no longer match the patterns."""
    notes = []
    for root in report.vanished_roots:
        if report.prune:
            notes.append(f"Remembered folder {safe_line(root)} no longer exists; forgotten.")
        else:
            notes.append(
                f"Remembered folder {safe_line(root)} no longer exists; its documents are kept "
                "(--prune removes them)."
            )
    if report.unmatched:
        one = report.unmatched == 1
        notes.append(
            f"{plural(report.unmatched, 'file')} no longer "
            f"{'matches' if one else 'match'} the patterns (--include/--exclude); "
            f"{'its document is' if one else 'their documents are'} kept. "
            f"Run with --prune to remove {'it' if one else 'them'}."
        )
    left_out = left_out_line(report.left_out)
    if left_out:
        notes.append(left_out)
    return notes


def left_out_line(left_out: dict[str, int], shown: int = 3) -> str:
    """``763 files left out by the include patterns (763 with no extension): --include '*'
    reads every file.``, naming the commonest extensions; "" when none was left out."""
    total = sum(left_out.values())
    if not total:
        return ""
    kinds = sorted(left_out.items(), key=lambda kv: (-kv[1], kv[0]))
    named = [
        f"{count:,} {safe_line(ext) if ext else 'with no extension'}"
        for ext, count in kinds[:shown]
    ]
    if len(kinds) > shown:
        named.append(f"{sum(c for _, c in kinds[shown:]):,} other")
    return (
        f"{plural(total, 'file')} left out by the include patterns ({', '.join(named)}): "
        "--include '*' reads every file."
    )


INTERRUPTED_NOTE = (
    "Interrupted: the documents analysed so far are committed. Run the same command again to "
    "carry on."
)


def root_line(root: IndexedRoot) -> str:
    """A remembered folder for ``info``: its path, its patterns when not the defaults, and
    whether it is missing."""
    extras = []
    if root.include != DEFAULT_INCLUDE:
        extras.append("--include " + " ".join(root.include))
    if root.exclude:
        extras.append("--exclude " + " ".join(root.exclude))
    if not root.exists:
        extras.append("missing")
    return safe_line(root.path) + (f" ({'; '.join(extras)})" if extras else "")


def matching(total: int) -> str:
    """``1 document matches``, ``2,226 documents match``."""
    return f"{plural(total, 'document')} {'matches' if total == 1 else 'match'}"


def page_label(page: int | None) -> str:
    """``p. N`` for a PDF snippet's page, "" for other documents."""
    return f"p. {page}" if page is not None else ""


def match_pages(doc: Document, highlighted: Snippet | None) -> str:
    """ "p. 1 (2), p. 3" : the pages of a PDF's matches (with counts above one), or ""."""
    if highlighted is None or not doc.pages:
        return ""
    counts = Counter(page_at(doc.pages, start) for start, _ in highlighted.spans)
    return ", ".join(
        f"p. {page}" + (f" ({n})" if n > 1 else "") for page, n in sorted(counts.items()) if page
    )


def page_ranges(doc: Document) -> list[tuple[int, int, int]]:
    """(page, start, end) of each non-empty page of a PDF shown whole; [] for other documents."""
    out = []
    for page in range(1, len(doc.pages) + 1):
        start, end = page_span(doc.pages, page, doc.text)
        if end > start:
            out.append((page, start, end))
    return out
