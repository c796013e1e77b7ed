"""``corpus-search kwic``: a concordance of a query's matches, one line per match."""

from __future__ import annotations

import shutil
import sys

import click

from .options import (
    EXIT_NO_HITS,
    EXIT_OK,
    WholeNumber,
    csv_option,
    index_option,
    library_errors,
    output_options,
)

PIPED_WIDTH = 40  # characters of context each side when not on a terminal
DOCUMENT_WIDTH = 24  # the document's name at the end of a terminal line


@click.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option(
    "--width",
    "-w",
    type=WholeNumber(min=0, max=1000),
    default=None,
    help=f"Characters of context each side. Default: fits the terminal; {PIPED_WIDTH} in a pipe.",
)
@click.option(
    "--sort",
    type=click.Choice(["position", "right", "left"]),
    default="position",
    show_default=True,
    help="By document and offset; by the words after the match (1R 2R 3R); by the words "
    "before it, reading outward (1L 2L 3L).",
)
@click.option("--limit", "-n", type=WholeNumber(min=1), default=None, help="Show at most N lines.")
@click.option(
    "--any", "match_any", is_flag=True, help="Match documents with any of the words, not all."
)
@output_options
@csv_option
@click.pass_context
def kwic(
    ctx: click.Context,
    query: tuple[str, ...],
    index_dir: str | None,
    width: int | None,
    sort: str,
    limit: int | None,
    match_any: bool,
    fmt: str | None,
) -> None:
    """Show every match of a query in context (a concordance), aligned on the match.

    One line per match in the text of every matching document (not one page of hits): the
    words before, the match as the document spells it (what a phrase, wildcard or fuzzy word
    matched), the words after, and the document. Exit 0 with matches, 1 with none, 2 on error.

    \b
    Example:
      corpus-search kwic police --sort right
      corpus-search kwic '"sex workers"' --width 30 --csv > lines.csv
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit, stdout_is_terminal
    from corpus_search.views.kwic import kwic as run_kwic

    text = " ".join(query)
    on_terminal = fmt is None and stdout_is_terminal()
    if width is None:
        width = _terminal_width(text) if on_terminal else PIPED_WIDTH
    with library_errors(ctx), open_index(index_dir) as ix:
        result = run_kwic(
            ix,
            text,
            width=width,
            sort="left" if sort == "left" else "right" if sort == "right" else "position",
            limit=limit,
            match_all=not match_any,
        )
    emit("kwic", result, fmt=fmt)
    sys.exit(EXIT_OK if result.total else EXIT_NO_HITS)


def _terminal_width(query: str) -> int:
    """Context each side so a line fits the terminal (the match taken as long as the query)."""
    columns = shutil.get_terminal_size().columns
    match = min(len(query), 20)
    return max(10, (columns - match - DOCUMENT_WIDTH - 5) // 2)
