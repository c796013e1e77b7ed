"""E-mail to text: one RFC 822 message (``.eml``, a Usenet post), and the messages of an mbox.

A message's Subject becomes the title, From the author, Date the date; its body is the plain
text part, else the HTML part as text; the file names of its attachments are listed in its
metadata (their content is not read). Named ``mail`` so that it never shadows the standard
library's ``email`` package, which it uses.

An mbox (``.mbox``) holds many messages, each indexed as its own document keyed
``<path>#<Message-ID>`` like a JSON Lines record (:func:`iter_mbox`), so that a re-run compares
message by message. A message without a Message-ID gets a stable id made from its From, Date and
Subject headers.
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


def extract_email(data: bytes, *, max_chars: int) -> Extracted:
    """One message's text, headers as metadata, and attachment names."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    return _extracted(message, max_chars=max_chars)


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
    title = _header(message, "subject", warnings)
    author = _header(message, "from", warnings)
    date = _date(message, warnings)
    body_part = _body_part(message)
    text = ""
    if body_part is not None:
        content = _content(body_part, warnings)
        if len(content) > max_chars * 4:
            content = content[: max_chars * 4]
        if body_part.get_content_subtype() == "html":
            text, _ = html_to_text(content)
        else:
            text = content
    attachments = _attachments(message, body_part)
    return Extracted(
        text=text.strip(),
        format="email",
        title=title,
        author=author,
        date=date,
        warnings=tuple(warnings),
        attachments=attachments,
    )


def _header(message: Any, name: str, warnings: list[str]) -> str | None:
    try:
        value = message.get(name)
    except Exception as e:  # noqa: BLE001 - a malformed header must not lose the message
        warnings.append(f"unreadable {name.title()} header ({type(e).__name__}); ignored")
        return None
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(message: Any, warnings: list[str]) -> datetime | None:
    from corpus_search.documents.metadata import parse_date

    try:
        header = message.get("date")
    except Exception:  # noqa: BLE001
        header = None
    if header is None:
        return None
    value = getattr(header, "datetime", None)
    if isinstance(value, datetime):
        date, _ = parse_date(value)
        return date
    date, warning = parse_date(str(header))
    if warning:
        warnings.append(warning)
    return date


def _body_part(message: Any) -> Any:
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - a broken MIME structure: take the first text part
        for part in message.walk():
            if part.get_content_maintype() == "text":
                return part
        return None


def _content(part: Any, warnings: list[str]) -> str:
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except (LookupError, ValueError, AssertionError, KeyError) as e:
        warnings.append(f"body charset unreadable ({type(e).__name__}); decoded as Latin-1")
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("latin-1")
    return ""


def _attachments(message: Any, body_part: Any) -> tuple[str, ...]:
    names: list[str] = []
    for part in message.walk():
        if part is body_part or part.is_multipart():
            continue
        try:
            name = part.get_filename()
        except Exception:  # noqa: BLE001 - a malformed parameter: no name
            name = None
        if name:
            cleaned = " ".join(str(name).split())
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
    try:
        value = message.get("message-id")
    except Exception:  # noqa: BLE001
        value = None
    ident = _ID_JUNK.sub("", str(value)) if value is not None else ""
    if ident:
        return ident
    headers = []
    for name in ("from", "date", "subject"):
        try:
            headers.append(str(message.get(name) or ""))
        except Exception:  # noqa: BLE001
            headers.append("")
    seed = "\n".join(headers).encode("utf-8", "surrogateescape")
    if not any(headers):
        seed = raw
    return "nomid-" + hashlib.sha256(seed).hexdigest()[:16]


def iter_mbox(
    path: str | os.PathLike[str], *, max_chars: int = MAX_BODY_CHARS
) -> Iterator[Document | Skipped]:
    """Yield a Document per message of an mbox file, keyed ``<abs path>#<message id>``, and a
    Skipped (``<path>#<id>``) per message that cannot be read. Streams: one message in memory at
    a time. Duplicate ids: the first message wins, later ones are skipped (as JSON Lines records).
    A file that cannot be opened raises ``InputError``."""
    import email
    from email import policy

    from corpus_search.documents.parse import document_from_extracted

    abs_path = Path(os.path.abspath(os.fspath(path))).as_posix()
    try:
        stream: IO[bytes] = open(abs_path, "rb")
        mtime = os.fstat(stream.fileno()).st_mtime
    except OSError as e:
        raise InputError(f"Cannot read {path}: {e.strerror or e}") from None
    seen: dict[str, int] = {}
    with stream:
        for number, raw in enumerate(split_mbox(iter(stream)), start=1):
            message = email.message_from_bytes(raw, policy=policy.default)
            ident = message_id(message, raw)
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
                    sha256=hashlib.sha256(raw).hexdigest(),
                    name_hint=f"message {number}",
                    max_chars=max_chars,
                )
            except DocumentError as e:
                yield Skipped(key, str(e))
            except Exception as e:  # noqa: BLE001 - one hostile message must not stop the rest
                yield Skipped(key, f"cannot parse: {type(e).__name__}: {e}")
