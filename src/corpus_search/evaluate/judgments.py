"""Reading topics (queries) and relevance judgments (qrels) for ``eval``: TREC, BEIR and
Cranfield files, maybe gzipped. Malformed input raises InputError naming the file and line."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from corpus_search.documents.records import open_maybe_gzip
from corpus_search.errors import InputError

Topics = dict[str, str]
Qrels = dict[str, dict[str, int]]  # qid -> docid -> relevance


def load_topics(
    path: str | os.PathLike[str],
    *,
    format: Literal["auto", "tsv", "jsonl", "smart"] = "auto",
) -> Topics:
    """Read topics as ``{qid: query text}``, in file order. Gzipped files are fine.

    Formats (``auto`` looks at the first non-blank line):
    - ``tsv``: ``qid<TAB>query`` (Anserini topics); a header line ``query-id<TAB>...`` is skipped.
    - ``jsonl``: BEIR ``queries.jsonl``, objects with ``_id`` (or ``id``/``qid``/``query_id``) and
      ``text`` (or ``query``); other keys are ignored.
    - ``smart``: Cranfield ``cran.qry`` (``.I n`` then ``.W`` and the text). The ``.I`` numbers
      are not the ids the Cranfield qrels use, so queries are **numbered 1, 2, 3... in file order**.
    Raises InputError on a malformed line, an empty query or a repeated id.
    """
    lines = list(_read_lines(path))
    first = next((line for _, line in lines if line.strip()), "")
    if format == "auto":
        if first.lstrip().startswith("{"):
            format = "jsonl"
        elif first.startswith(".I"):
            format = "smart"
        else:
            format = "tsv"
    if format == "jsonl":
        pairs = _topics_jsonl(path, lines)
    elif format == "smart":
        pairs = _topics_smart(path, lines)
    elif format == "tsv":
        pairs = _topics_tsv(path, lines)
    else:
        raise InputError(f"Unknown topics format {format!r}: use auto, tsv, jsonl or smart")
    topics: Topics = {}
    for lineno, qid, text in pairs:
        text = " ".join(text.split())
        if not qid:
            raise InputError(f"{path}:{lineno}: empty query id")
        if not text:
            raise InputError(f"{path}:{lineno}: query {qid!r} has no text")
        if qid in topics and topics[qid] != text:
            raise InputError(f"{path}:{lineno}: query id {qid!r} appears twice")
        topics[qid] = text
    if not topics:
        raise InputError(f"{path} has no topics")
    return topics


def load_qrels(
    path: str | os.PathLike[str],
    *,
    format: Literal["auto", "trec", "beir", "cranfield"] = "auto",
) -> Qrels:
    """Read relevance judgments as ``{qid: {docid: relevance}}``. Gzipped files are fine.

    Formats (``auto`` decides per file from the column count and the name):
    - ``trec``: ``qid iteration docid relevance``, whitespace-separated (the iteration is ignored).
    - ``beir``: ``query-id<TAB>corpus-id<TAB>score``, with or without that header line.
    - ``cranfield``: ``qid docid code`` (``cranqrel``; auto when the name starts with ``cranqrel``).
      Cleverdon's codes 1 (complete answer) .. 4 (minimum interest) become gains 5 - code (4 .. 1);
      code -1 (and 5) becomes 0.
    Relevance must be an integer; negative values become 0 (judged not relevant). When a pair is
    judged twice, the later line wins. Raises InputError on a malformed line.
    """
    cranfield = format == "cranfield" or (
        format == "auto" and Path(path).name.lower().startswith("cranqrel")
    )
    qrels: Qrels = {}
    for lineno, line in _read_lines(path):
        parts = line.split()
        if not parts:
            continue
        if lineno == 1 and _is_qrels_header(parts):
            continue
        if format == "trec" and len(parts) != 4:
            raise InputError(f"{path}:{lineno}: expected 'qid 0 docid relevance', got {line!r}")
        if len(parts) == 4:
            qid, docid, rel = parts[0], parts[2], parts[3]
        elif len(parts) == 3:
            qid, docid, rel = parts
        else:
            raise InputError(
                f"{path}:{lineno}: expected 'qid 0 docid relevance' (TREC) or "
                f"'query-id<TAB>corpus-id<TAB>score' (BEIR), got {line!r}"
            )
        try:
            value = int(rel)
        except ValueError:
            raise InputError(f"{path}:{lineno}: relevance {rel!r} is not an integer") from None
        if cranfield:
            value = 5 - value if 1 <= value <= 4 else 0
        qrels.setdefault(qid, {})[docid] = max(value, 0)
    if not qrels:
        raise InputError(f"{path} has no relevance judgments")
    return qrels


def _is_qrels_header(parts: list[str]) -> bool:
    return parts[-1].lower() in {"score", "relevance", "rel", "label", "judgment"}


def _read_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, str]]:
    with open_maybe_gzip(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline=None)
        try:
            for lineno, line in enumerate(text, start=1):
                yield lineno, line.rstrip("\n")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path} is not UTF-8 text: {exc.reason}") from None
        except (EOFError, OSError) as exc:
            raise InputError(f"{path} is corrupt: {exc}") from None


def _topics_tsv(
    path: str | os.PathLike[str], lines: list[tuple[int, str]]
) -> Iterator[tuple[int, str, str]]:
    for lineno, line in lines:
        if not line.strip():
            continue
        qid, tab, text = line.partition("\t")
        if not tab:
            raise InputError(f"{path}:{lineno}: expected 'qid<TAB>query', got {line[:60]!r}")
        if lineno == 1 and qid.strip().lower() in {"query-id", "qid", "query_id", "id", "_id"}:
            continue
        yield lineno, qid.strip(), text


_TOPIC_ID_KEYS = ("_id", "id", "qid", "query_id", "query-id")
_TOPIC_TEXT_KEYS = ("text", "query")


def _topics_jsonl(
    path: str | os.PathLike[str], lines: list[tuple[int, str]]
) -> Iterator[tuple[int, str, str]]:
    for lineno, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object")
        qid = next((record[k] for k in _TOPIC_ID_KEYS if k in record), None)
        text = next((record[k] for k in _TOPIC_TEXT_KEYS if k in record), None)
        if isinstance(qid, bool) or not isinstance(qid, (str, int)):
            raise InputError(f"{path}:{lineno}: no query id (expected an '_id' key)")
        if not isinstance(text, str):
            raise InputError(f"{path}:{lineno}: no query text (expected a 'text' key)")
        yield lineno, str(qid).strip(), text


def _topics_smart(
    path: str | os.PathLike[str], lines: list[tuple[int, str]]
) -> Iterator[tuple[int, str, str]]:
    number = 0
    start = 0
    body: list[str] | None = None
    for lineno, line in lines:
        if line.startswith(".I"):
            if number:
                yield start, str(number), " ".join(body or [])
            number += 1
            start = lineno
            body = None
        elif line.startswith(".W"):
            body = []
        elif line.startswith(".") and line[1:2].isalpha() and len(line.strip()) == 2:
            body = None  # another field (.T, .A, .B): not part of the query
        elif body is not None:
            body.append(line)
        elif line.strip() and not number:
            raise InputError(f"{path}:{lineno}: expected '.I' to start a query")
    if number:
        yield start, str(number), " ".join(body or [])


# --------------------------------------------------------------------------- evaluating
