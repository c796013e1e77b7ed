"""``corpus-search timeline``: a query's matching documents per day, week, month or year."""

from __future__ import annotations

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


@click.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month", "year"]),
    default="month",
    show_default=True,
    help="The period of each bar (weeks start on Monday, as ISO weeks).",
)
@click.option(
    "--normalise",
    "--normalize",
    "normalise",
    is_flag=True,
    help="Draw each period's matches as a share of the documents dated in it.",
)
@click.option(
    "--split",
    type=click.Choice(["author", "tag"]),
    default=None,
    help="Also count each author's (or tag's) matches, the --top commonest.",
)
@click.option(
    "--top",
    type=WholeNumber(min=1),
    default=5,
    show_default=True,
    help="With --split: how many authors or tags.",
)
@click.option(
    "--any", "match_any", is_flag=True, help="Match documents with any of the words, not all."
)
@output_options
@csv_option
@click.pass_context
def timeline(
    ctx: click.Context,
    query: tuple[str, ...],
    index_dir: str | None,
    by: str,
    normalise: bool,
    split: str | None,
    top: int,
    match_any: bool,
    fmt: str | None,
) -> None:
    """Count a query's matching documents per period of their dates, as a bar chart.

    Every matching document counts (not one page of hits), by its own date (front matter,
    metadata or a dateline; never the file's modification time). Each period from the first
    match to the last is shown, empty ones included, with the number of corpus documents dated
    in it beside; undated matches are counted apart. Exit 0 with matches, 1 with none, 2 on
    error.

    \b
    Example:
      corpus-search timeline police --by year
      corpus-search timeline 'sex workers' --by month --normalise --split author
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit
    from corpus_search.views.timeline import PERIODS
    from corpus_search.views.timeline import timeline as run_timeline

    period = next(p for p in PERIODS if p == by)
    with library_errors(ctx), open_index(index_dir) as ix:
        result = run_timeline(
            ix,
            " ".join(query),
            by=period,
            split="author" if split == "author" else "tag" if split == "tag" else None,
            top=top,
            match_all=not match_any,
        )
    emit("timeline", result, fmt=fmt, normalise=normalise)
    sys.exit(EXIT_OK if result.total else EXIT_NO_HITS)
