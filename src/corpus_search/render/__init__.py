"""Renderers: ``machine`` (JSON), ``plain`` (pipes) and ``human`` (Rich, terminals only)."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence

from corpus_search.models import Skipped

# Characters that can move the cursor, change colours or reorder text on a terminal. Ingest already
# strips them; renderers neutralise them again one-for-one, so match offsets still line up.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Replace terminal control and bidi-override characters with U+FFFD, keeping the length."""
    return _UNSAFE.sub("\ufffd", text)


def safe_line(text: str) -> str:
    """``safe`` for one-line metadata: newlines and tabs become spaces too."""
    return safe(text.replace("\n", " ").replace("\t", " "))


def display_path(path: str) -> str:
    """A path relative to the working directory when it is inside it, else as stored."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


_KIND = re.compile(r"\((.*)\)$")


def unsupported_kinds(unsupported: Sequence[Skipped]) -> str:
    """ "3 .doc, 1 PNG image": how many files of each unsupported kind, most first."""
    kinds = Counter((m[1] if (m := _KIND.search(s.reason)) else "other") for s in unsupported)
    return ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
