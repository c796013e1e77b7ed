"""Citation export (``corpus-search export``): every match as CSV, JSON Lines, RIS or Markdown.

Each writer takes the matches as an iterator and writes one record as soon as it has it (the
export streams), and returns how many it wrote. The columns are the same in every format:
``EXPORT_FIELDS``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from corpus_search.models import Match

from .text import safe_line

FORMATS = ("csv", "jsonl", "ris", "md")
EXPORT_FIELDS = (
    "query",
    "rank",
    "path",
    "key",
    "sha256",
    "title",
    "author",
    "date",
    "page",
    "start",
    "end",
    "match",
    "passage",
    "passage_start",
    "passage_end",
)


def match_dict(m: Match) -> dict[str, Any]:
    """One export record: ``EXPORT_FIELDS``, dates in ISO 8601, missing values None."""
    return {
        "query": m.query,
        "rank": m.rank,
        "path": m.path,
        "key": m.key,
        "sha256": m.sha256,
        "title": m.title,
        "author": m.author,
        "date": m.date.isoformat() if m.date is not None else None,
        "page": m.page,
        "start": m.start,
        "end": m.end,
        "match": m.text,
        "passage": m.passage,
        "passage_start": m.passage_start,
        "passage_end": m.passage_end,
    }


def write_csv(matches: Iterable[Match], out: TextIO) -> int:
    """RFC 4180 CSV with a header row; a missing value is an empty cell."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    n = 0
    for m in matches:
        row = match_dict(m)
        writer.writerow(["" if row[f] is None else row[f] for f in EXPORT_FIELDS])
        n += 1
    return n


def write_jsonl(matches: Iterable[Match], out: TextIO) -> int:
    n = 0
    for m in matches:
        out.write(json.dumps(match_dict(m), ensure_ascii=False) + "\n")
        n += 1
    return n


def _ris_value(value: str) -> str:
    """One RIS line's value: no line breaks or control characters."""
    return " ".join(safe_line(value).split())


def _file_uri(path: str) -> str:
    try:
        return Path(path).as_uri()
    except ValueError:  # not an absolute path (a record key without a file)
        return path


def write_ris(matches: Iterable[Match], out: TextIO) -> int:
    """RIS (Zotero, EndNote, Mendeley): one GEN (generic) record per match. TI title, AU author,
    PY year, DA date (YYYY/MM/DD), UR and L1 the file, N1 the quoted passage with its place
    (path, characters start-end, page), the SHA-256 and the query. Lines end in CRLF."""
    n = 0
    for m in matches:
        lines = [("TY", "GEN"), ("TI", m.title or Path(m.path).name)]
        if m.author:
            lines.extend(("AU", a.strip()) for a in re.split(r";| and ", m.author) if a.strip())
        if m.date is not None:
            lines.append(("PY", str(m.date.year)))
            lines.append(("DA", m.date.strftime("%Y/%m/%d")))
        lines.append(("UR", _file_uri(m.path)))
        lines.append(("L1", m.path))
        if m.passage:
            lines.append(("N1", f"“{m.passage}” ({_place(m)})"))
        lines.append(("N1", f"SHA-256 {m.sha256}; query: {m.query}; key: {m.key}"))
        lines.append(("ER", ""))
        for tag, value in lines:  # "ER  - " ends the record
            out.write(f"{tag}  - {_ris_value(value)}\r\n")
        out.write("\r\n")
        n += 1
    return n


def _place(m: Match) -> str:
    where = [m.path]
    if m.page is not None:
        where.append(f"page {m.page}")
    if m.start is not None:
        where.append(f"characters {m.start}-{m.end}")
    return ", ".join(where)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+|~!])")


def _md(text: str) -> str:
    """Document text as literal Markdown: one line, every special character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", safe_line(text)))


def write_markdown(matches: Iterable[Match], out: TextIO, *, query: str = "") -> int:
    """A quotable evidence list: per match, the passage as a block quote with the match in bold,
    then its source (title, author, date, path, characters, SHA-256)."""
    out.write(f"# Evidence: {_md(query)}\n\n" if query else "# Evidence\n\n")
    n = 0
    for m in matches:
        n += 1
        source = [f"**{_md(m.title or Path(m.path).name)}**"]
        if m.author:
            source.append(_md(m.author))
        if m.date is not None:
            source.append(_date(m.date))
        out.write(f"{n}. {', '.join(source)}  \n")
        # The path, then what of page, characters and hash there is (a title match has none
        # of the first two: it was "`path`, ; SHA-256").
        place = [f"`{_code(m.path)}`"]
        where = _md(_place(m).removeprefix(m.path).lstrip(", "))
        if where:
            place.append(", " + where)
        if m.sha256:
            place.append(f"; SHA-256 `{m.sha256}`")
        out.write("   " + "".join(place) + "\n\n")
        if m.passage and m.start is not None and m.passage_start is not None:
            before = m.passage[: m.start - m.passage_start]
            after = m.passage[m.end - m.passage_start :] if m.end is not None else ""
            out.write(f"   > {_md(before)}**{_md(m.text)}**{_md(after)}\n\n")
        else:
            out.write("   (matched in the title or metadata)\n\n")
    if n == 0:
        out.write("No matches.\n")
    return n


def _code(text: str) -> str:
    return safe_line(text).replace("`", "'")


def _date(value: datetime) -> str:
    return value.strftime("%Y-%m-%d") if not (value.hour or value.minute) else value.isoformat()


WRITERS: dict[str, Callable[[Iterable[Match], TextIO], int]] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
    "ris": write_ris,
}


def write(fmt: str, matches: Iterable[Match], out: TextIO, *, query: str = "") -> int:
    """Write ``matches`` to ``out`` in ``fmt`` (one of ``FORMATS``); return how many."""
    if fmt == "md":
        return write_markdown(matches, out, query=query)
    return WRITERS[fmt](matches, out)
