"""Shared loaders for the benchmark: the news tarballs, JSONL files and corpus walks.

Used by scripts/make_corpus.py and scripts/bench.py. Stdlib only.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

DATA_DIR = Path(
    os.environ.get("BENCH_DATA_DIR") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
NEWS = ("bbc", "20newsgroups", "reuters")
_TARBALLS = {
    "bbc": "bbc/bbc-fulltext.tar.gz",
    "20newsgroups": "20newsgroups/20news-bydate.tar.gz",
    "reuters": "reuters21578/reuters21578.tar.xz",
}


@dataclass(frozen=True)
class SourceDoc:
    """One news text: the raw material for the generated corpus."""

    key: str
    title: str
    body: str
    date: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()


def decode(data: bytes) -> str:
    """UTF-8, falling back to Latin-1 (the news collections hold a few Latin-1 bytes)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def tarball(name: str, data_dir: Path = DATA_DIR) -> Path:
    if name not in _TARBALLS:
        raise ValueError(f"unknown collection {name!r}; choose from {', '.join(NEWS)}")
    return data_dir / _TARBALLS[name]


def _tar_files(path: Path) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) for each regular file, in archive order."""
    with tarfile.open(path) as tar:
        for member in tar:
            if member.isfile():
                handle = tar.extractfile(member)
                if handle is not None:
                    yield member.name, handle.read()


# --- bbc -------------------------------------------------------------------------------------


def _bbc_raw(data_dir: Path) -> Iterator[tuple[str, bytes]]:
    for name, data in _tar_files(tarball("bbc", data_dir)):
        if name.endswith(".txt") and name.count("/") == 2:  # bbc/<class>/NNN.txt
            yield name, data


def _bbc_doc(name: str, data: bytes) -> SourceDoc:
    title, _, body = decode(data).partition("\n")
    return SourceDoc(key=name, title=title.strip(), body=body.strip(), tags=(name.split("/")[1],))


# --- 20 newsgroups ---------------------------------------------------------------------------


def _news20_raw(data_dir: Path) -> Iterator[tuple[str, bytes]]:
    yield from _tar_files(tarball("20newsgroups", data_dir))


def _news20_doc(name: str, data: bytes) -> SourceDoc:
    head, _, body = decode(data).partition("\n\n")
    headers: dict[str, str] = {}
    for line in head.splitlines():
        field, sep, value = line.partition(":")
        if sep and not field.startswith((" ", "\t")):
            headers.setdefault(field.strip().lower(), value.strip())
    return SourceDoc(
        key=name,
        title=headers.get("subject", "").removeprefix("Re: ").strip() or "(no subject)",
        body=body.strip(),
        date=_email_date(headers.get("date")),
        author=re.sub(r"\s*<[^>]*>", "", headers.get("from", "")).strip() or None,
        tags=(name.split("/")[1],),
    )


def _email_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# --- reuters ---------------------------------------------------------------------------------

_REUTERS = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TAG = {t: re.compile(rf"<{t}>(.*?)</{t}>", re.S) for t in ("DATE", "TITLE", "BODY", "TOPICS")}


def _reuters_docs(data_dir: Path) -> Iterator[SourceDoc]:
    for name, data in _tar_files(tarball("reuters", data_dir)):
        if not name.endswith(".sgm"):
            continue
        for match in _REUTERS.finditer(data.decode("latin-1")):
            doc = _reuters_doc(match.group(1), match.group(2))
            if doc.body:
                yield doc


def _reuters_doc(newid: str, block: str) -> SourceDoc:
    def tag(t: str) -> str:
        found = _TAG[t].search(block)
        return html.unescape(found.group(1)).strip() if found else ""

    body = re.sub(r"\s*Reuter\s*$", "", tag("BODY").replace("\x03", "")).strip()
    topics = tuple(re.findall(r"<D>(.*?)</D>", tag("TOPICS")))
    return SourceDoc(
        key=f"reuters/{int(newid):05d}",
        title=tag("TITLE") or "(untitled)",
        body=body,
        date=_reuters_date(tag("DATE")),
        tags=topics,
    )


def _reuters_date(value: str) -> str | None:
    try:
        return datetime.strptime(value[:11], "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


# --- public API ------------------------------------------------------------------------------


def load_sources(name: str, data_dir: Path = DATA_DIR) -> list[SourceDoc]:
    """All documents of one news collection as SourceDocs, in a fixed order."""
    if name == "bbc":
        return [_bbc_doc(n, d) for n, d in _bbc_raw(data_dir)]
    if name == "20newsgroups":
        return [_news20_doc(n, d) for n, d in _news20_raw(data_dir)]
    if name == "reuters":
        return list(_reuters_docs(data_dir))
    raise ValueError(f"unknown collection {name!r}; choose from {', '.join(NEWS)}")


def unpack_news(
    name: str, dest: Path, *, data_dir: Path = DATA_DIR, limit: int | None = None
) -> Path:
    """Extract one collection's documents as plain .txt files under dest/name; return that folder.

    bbc and 20newsgroups files keep their original bytes (including the odd Latin-1 byte);
    reuters articles become "title, blank line, body" files, one per article.
    """
    root = Path(dest) / name
    count = 0
    for rel, data in _unpacked(name, data_dir):
        if limit is not None and count >= limit:
            break
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        count += 1
    return root


def _unpacked(name: str, data_dir: Path) -> Iterator[tuple[str, bytes]]:
    if name == "bbc":
        for member, data in _bbc_raw(data_dir):
            yield member.split("/", 1)[1], data
    elif name == "20newsgroups":
        for member, data in _news20_raw(data_dir):
            yield member + ".txt", data
    elif name == "reuters":
        for doc in _reuters_docs(data_dir):
            num = int(doc.key.split("/")[1])
            text = f"{doc.title}\n\n{doc.body}\n"
            yield f"{num // 1000:02d}/{num:05d}.txt", text.encode("utf-8")
    else:
        raise ValueError(f"unknown collection {name!r}; choose from {', '.join(NEWS)}")


def jsonl_to_folder(path: Path, dest: Path, *, limit: int | None = None) -> Path:
    """Write each JSONL record ({_id|id, title, text|body|contents}) as dest/<stem>/<n>/<id>.txt."""
    opener = gzip.open if path.suffix == ".gz" else open
    stem = path.name.split(".")[0]
    root = Path(dest) / stem
    with opener(path, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if limit is not None and n >= limit:
                break
            record = json.loads(line)
            key = str(record.get("_id", record.get("id", n)))
            body = record.get("text") or record.get("body") or record.get("contents") or ""
            safe = re.sub(r"[^\w.-]", "_", key)[:80] or str(n)
            target = root / f"{n // 1000:03d}" / f"{safe}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"{record.get('title', '')}\n\n{body}\n", encoding="utf-8")
    return root


def list_files(root: Path) -> list[Path]:
    """Every regular, non-hidden file under root, sorted."""
    found: list[Path] = []
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    found.append(Path(entry.path))
    return sorted(found)


def scandir_stat_walk(root: Path) -> int:
    """The bare baseline for a no-op re-index: os.scandir every folder and stat every file."""
    count = 0
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    entry.stat()
                    count += 1
    return count
