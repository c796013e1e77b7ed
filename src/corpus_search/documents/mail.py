"""E-mail to text: one RFC 822 message (``.eml``, a Usenet post), and the messages of an mbox.

A message's Subject becomes the title, From the author, Date the date; its body is the plain
text part, else the HTML part as text; the file names of its attachments are listed in its
metadata (their content is not read). Named ``mail`` so that it never shadows the standard
library's ``email`` package, which it uses.

An mbox (``.mbox``) holds many messages, each indexed as its own document keyed
``<path>#<Message-ID>`` like a JSON Lines record (:func:`iter_mbox`), so that a re-run compares
message by message. A message without a Message-ID gets a stable id made from its From, Date and
Subject headers (numbered ``-2``, ``-3``... when several share them, as replies in a thread often
do), so that editing its body replaces it rather than adding a new one.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from corpus_search.config import MAX_BODY_CHARS, MAX_FILE_BYTES
from corpus_search.documents.extracted import Extracted
from corpus_search.errors import DocumentError, InputError
from corpus_search.models import Document, Skipped

__all__ = ["extract_email", "extract_mbox", "iter_mbox", "message_id", "split_mbox"]

_MBOXRD_QUOTE = re.compile(rb"^>(>*From )", re.M)
_ID_JUNK = re.compile(r"[\s<>]+")
_MADE_UP = "nomid-"  # the prefix of an id made for a message without a Message-ID


def extract_email(data: bytes, *, max_chars: int) -> Extracted:
    """One message's text, headers as metadata, and attachment names."""
    return _extracted(_message(data), max_chars=max_chars)


def _message(data: bytes) -> Any:
    """The parsed message. The ``compat32`` policy, with headers decoded here: the default
    policy's header objects cost four times as much for the same values (1.6 against 0.35 ms a
    Usenet post)."""
    import email
    from email import policy

    return email.message_from_bytes(data, policy=policy.compat32)


def extract_mbox(data: bytes, *, max_chars: int) -> Extracted:
    """An mbox read as one document (every message in turn), for an mbox that is not named
    ``.mbox`` and so was not split into messages by the index run."""
    parts: list[str] = []
    attachments: list[str] = []
    first: Extracted | None = None
    count = 0
    size = 0
    for raw in split_mbox(iter(data.splitlines(keepends=True))):
        one = extract_email(raw, max_chars=max_chars)
        first = first or one
        count += 1
        heading = " — ".join(x for x in (one.title, one.author) if x)
        parts.append(f"{heading}\n\n{one.text}" if heading else one.text)
        attachments.extend(one.attachments)
        size += len(parts[-1])
        if size > max_chars:
            break
    if first is None:
        raise DocumentError("empty mbox (no messages)")
    return Extracted(
        text="\n\n".join(parts),
        format="mbox",
        title=first.title,
        author=first.author,
        date=first.date,
        warnings=(
            f"an mbox of {count} message(s) indexed as one document; name it .mbox to index "
            "each message on its own",
        ),
        attachments=tuple(dict.fromkeys(attachments)),
    )


def _extracted(message: Any, *, max_chars: int) -> Extracted:
    from corpus_search.documents.html import html_to_text

    warnings: list[str] = []
    title = _header(message, "subject")
    author = _header(message, "from")
    date = _date(message, warnings)
    body_part = _body_part(message)
    text = ""
    if body_part is not None:
        content = _content(body_part)
        if len(content) > max_chars * 4:
            content = content[: max_chars * 4]
        if body_part.get_content_subtype() == "html":
            text, _ = html_to_text(content)
        else:
            text = content
    return Extracted(
        text=text.strip(),
        format="email",
        title=title,
        author=author,
        date=date,
        warnings=tuple(warnings),
        attachments=_attachments(message, body_part),
    )


def _decoded(value: object) -> str:
    """A header value with its MIME encoded words (``=?utf-8?q?...?=``) decoded; raw 8-bit bytes
    (which the parser keeps as an "unknown-8bit" header) read as UTF-8, else Latin-1."""
    from email.header import Header, decode_header, make_header

    if isinstance(value, Header):
        text = "".join(
            _bytes_text(chunk, charset) if isinstance(chunk, bytes) else chunk
            for chunk, charset in decode_header(value)
        )
    else:
        text = str(value)
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except (LookupError, UnicodeError, ValueError):
            pass  # a malformed or unknown-charset encoded word: keep it as written
    if any("\udc80" <= c <= "\udcff" for c in text):
        text = _bytes_text(text.encode("ascii", "surrogateescape"), None)
    return text


def _bytes_text(raw: bytes, charset: str | None) -> str:
    if charset and charset != "unknown-8bit":
        try:
            return raw.decode(charset, errors="replace")
        except LookupError:
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _header(message: Any, name: str) -> str | None:
    value = message.get(name)
    if value is None:
        return None
    return " ".join(_decoded(value).split()) or None


def _date(message: Any, warnings: list[str]) -> datetime | None:
    from email.utils import parsedate_to_datetime

    from corpus_search.documents.metadata import parse_date

    raw = _header(message, "date")
    if raw is None:
        return None
    try:
        value: object = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        value = raw  # not RFC 2822: let the lenient parser try
    date, warning = parse_date(value)
    if warning:
        warnings.append(warning)
    return date


def _parts(message: Any) -> list[Any]:
    return [part for part in message.walk() if not part.is_multipart()]


def _is_attachment(part: Any) -> bool:
    return str(part.get("content-disposition", "")).strip().lower().startswith("attachment")


def _body_part(message: Any) -> Any:
    """The text/plain part, else text/html, else the first other text part (``text/enriched``,
    Usenet's ``text/x-usenet-faq``), attachments left aside."""
    texts = [
        p for p in _parts(message) if p.get_content_maintype() == "text" and not _is_attachment(p)
    ]
    for subtype in ("plain", "html"):
        for part in texts:
            if part.get_content_subtype() == subtype:
                return part
    return texts[0] if texts else None


def _content(part: Any) -> str:
    from corpus_search.documents.decode import decode_bytes

    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            pass  # an unknown charset name: detect it
    try:
        return decode_bytes(payload)[0]
    except DocumentError:
        return payload.decode("latin-1")


def _attachments(message: Any, body_part: Any) -> tuple[str, ...]:
    names: list[str] = []
    for part in _parts(message):
        if part is body_part:
            continue
        try:
            name = part.get_filename()
        except (LookupError, UnicodeError, ValueError):  # a malformed RFC 2231 parameter
            name = None
        if name:
            cleaned = " ".join(_decoded(name).split())
            if cleaned:
                names.append(cleaned)
    return tuple(dict.fromkeys(names))


# mbox ------------------------------------------------------------------------------------------


def split_mbox(lines: Iterator[bytes], *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[bytes]:
    """Each message of an mbox, without its ``From `` separator line and with mboxrd's
    ``>From `` quoting undone. A line starting with ``From `` starts a new message, as in the
    standard library's ``mailbox.mbox``. A message over ``max_bytes`` is cut there."""
    current: list[bytes] = []
    size = 0
    started = False
    for line in lines:
        if line.startswith(b"From "):
            if started:
                yield _unquote(current)
            current, size, started = [], 0, True
            continue
        if not started:
            continue  # junk before the first separator
        if size < max_bytes:
            current.append(line)
            size += len(line)
    if started:
        yield _unquote(current)


def _unquote(lines: list[bytes]) -> bytes:
    raw = b"".join(lines)
    return _MBOXRD_QUOTE.sub(rb"\1", raw) if b">From " in raw else raw


def message_id(message: Any, raw: bytes) -> str:
    """The message's Message-ID without angle brackets or whitespace; else a stable id made from
    its From, Date and Subject headers (``nomid-`` and 16 hex digits)."""
    value = message.get("message-id")
    ident = _ID_JUNK.sub("", _decoded(value)) if value is not None else ""
    if ident:
        return ident
    headers = [_decoded(message.get(name) or "") for name in ("from", "date", "subject")]
    seed = "\n".join(headers).encode("utf-8", "surrogateescape")
    if not any(headers):
        seed = raw
    return _MADE_UP + hashlib.sha256(seed).hexdigest()[:16]


def iter_mbox(
    path: str | os.PathLike[str], *, max_chars: int = MAX_BODY_CHARS
) -> Iterator[Document | Skipped]:
    """Yield a Document per message of an mbox file, keyed ``<abs path>#<message id>``, and a
    Skipped (``<path>#<id>``) per message that cannot be read. Streams: one message in memory at
    a time. Duplicate ids: the first message wins, later ones are skipped (as JSON Lines records).
    A file that cannot be opened raises ``InputError``."""
    from corpus_search.documents.parse import document_from_extracted

    abs_path = Path(os.path.abspath(os.fspath(path))).as_posix()
    try:
        stream: IO[bytes] = open(abs_path, "rb")
        mtime = os.fstat(stream.fileno()).st_mtime
    except OSError as e:
        raise InputError(f"Cannot read {path}: {e.strerror or e}") from None
    seen: dict[str, int] = {}  # id -> number of the message that has it
    copies: dict[str, int] = {}  # made-up id -> messages that share its headers so far
    hashes: dict[str, int] = {}  # content hash of each message without a Message-ID -> number
    with stream:
        for number, raw in enumerate(split_mbox(iter(stream)), start=1):
            message = _message(raw)
            ident = message_id(message, raw)
            sha256 = hashlib.sha256(raw).hexdigest()
            if ident.startswith(_MADE_UP):
                if sha256 in hashes:  # the same message twice: a duplicate, not a namesake
                    first = hashes[sha256]
                    yield Skipped(f"{abs_path}#{ident}", f"duplicate of message {first}")
                    continue
                hashes[sha256] = number
                copies[ident] = copies.get(ident, 0) + 1
                if copies[ident] > 1:
                    ident = f"{ident}-{copies[ident]}"
            key = f"{abs_path}#{ident}"
            if ident in seen:
                reason = f"duplicate Message-ID (message {number}; first is message {seen[ident]})"
                yield Skipped(key, reason)
                continue
            seen[ident] = number
            try:
                extracted = _extracted(message, max_chars=max_chars)
                yield document_from_extracted(
                    extracted,
                    key=key,
                    path=abs_path,
                    doc_id=ident,
                    size=len(raw),
                    mtime=mtime,
                    sha256=sha256,
                    name_hint=f"message {number}",
                    max_chars=max_chars,
                )
            except DocumentError as e:
                yield Skipped(key, str(e))
            except Exception as e:  # noqa: BLE001 - one hostile message must not stop the rest
                yield Skipped(key, f"cannot parse: {type(e).__name__}: {e}")
