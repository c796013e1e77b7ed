"""Stage 4, output: ``machine`` (JSON), ``plain`` (pipes) and ``human`` (Rich, terminals only),
and :func:`emit`, the one entry point the commands call, which picks among them.

Each renderer module has a ``VIEWS`` table: view name -> the function that turns the library's
result into a JSON-ready dict (machine), a string (plain) or a Rich renderable (human). A new
view is one function in each module and one entry in each table. This package imports neither
click nor Rich: ``human`` is loaded only when printing to a terminal. The text helpers the
renderers share (``safe``, ``meta_line``...) are in :mod:`.text`, re-exported here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .text import (
    dates_line,
    display_path,
    eval_label,
    extremes,
    hit_path,
    match_pages,
    meta_line,
    page_label,
    page_ranges,
    plural,
    safe,
    safe_line,
    short_date,
    unsupported_kinds,
)

__all__ = [
    "dates_line",
    "display_path",
    "emit",
    "eval_label",
    "eval_progress",
    "extremes",
    "hit_path",
    "index_progress",
    "match_pages",
    "meta_line",
    "page_label",
    "page_ranges",
    "plural",
    "safe",
    "safe_line",
    "short_date",
    "stderr_is_terminal",
    "stdout_is_terminal",
    "unsupported_kinds",
]


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
