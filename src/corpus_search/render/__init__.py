"""Stage 4, output: ``machine`` (JSON), ``plain`` (pipes) and ``human`` (Rich, terminals only),
and :func:`emit`, the one entry point the commands call, which picks among them.

Each renderer module has a ``VIEWS`` table: view name -> the function that turns the library's
result into a JSON-ready dict (machine), a string (plain) or a Rich renderable (human). A new
view is one function in each module and one entry in each table. This package imports neither
click nor Rich: ``human`` is loaded only when printing to a terminal.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

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


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def emit(
    view: str, *args: Any, fmt: str | None = None, color: str = "auto", **options: Any
) -> None:
    """Print one result on stdout: ``fmt="json"`` as one JSON object, else Rich on a terminal and
    plain text in a pipe. ``color="always"`` prints Rich's coloured layout in a pipe too,
    ``"never"`` prints it without colour on a terminal. ``view`` names the function in each
    renderer's ``VIEWS``, called with ``args`` and ``options``."""
    if fmt == "json":
        from . import machine

        _write(machine.dumps(machine.VIEWS[view](*args, **options)))
    elif fmt is not None:
        raise ValueError(f"unknown output format {fmt!r}")
    elif color == "always" or stdout_is_terminal():
        from . import human

        human.print_renderable(human.VIEWS[view](*args, **options), color=color)
    else:
        from . import plain

        _write(plain.VIEWS[view](*args, **options))


def hit_path(hit: Any) -> str:
    """What ``search -l`` prints for a hit: its path, or ``path#id`` for a JSON Lines record."""
    return str(hit.key if hit.doc_id else hit.path)


def _write(text: str) -> None:
    if text:  # an empty view (search -l finding nothing) prints nothing, not an empty line
        sys.stdout.write(text + "\n")
    sys.stdout.flush()


@contextmanager
def index_progress(*, enabled: bool) -> Iterator[Callable[[Any], None] | None]:
    """An index run's progress callback, drawing a Rich bar on stderr, or None when not
    ``enabled`` (then Rich is not imported)."""
    if not enabled:
        yield None
        return
    from .human import index_progress_bar

    with index_progress_bar() as update:
        yield update


@contextmanager
def eval_progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """An evaluation's progress callback on a terminal's stderr, else None."""
    if not stderr_is_terminal():
        yield None
        return
    from .human import eval_progress_bar

    with eval_progress_bar(label) as update:
        yield update


def eval_label(context: dict[str, Any]) -> str:
    """``eval``'s description of one configuration, from its context (``machine.eval_context``):
    "INDEX, bag-of-words, k1=1.2,b=0.75,title_boost=2"."""
    settings = ",".join(f"{k}={v:g}" for k, v in context["ranking"].items())
    return f"{context['index']}, {context['mode']}, {settings}"


_KIND = re.compile(r"\((.*)\)$")


def unsupported_kinds(unsupported: Sequence[Skipped]) -> str:
    """ "3 .doc, 1 PNG image": how many files of each unsupported kind, most first."""
    kinds = Counter((m[1] if (m := _KIND.search(s.reason)) else "other") for s in unsupported)
    return ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
