"""``corpus-search quotes`` and ``speakers``: who said what, from the quotations found at indexing
time (README "Who said what")."""

from __future__ import annotations

import sys

import click

from .options import (
    EXIT_NO_HITS,
    EXIT_OK,
    WholeNumber,
    index_option,
    library_errors,
    option_value,
    output_options,
)


@click.command()
@click.argument("query", nargs=-1)
@click.option(
    "--speaker",
    "-s",
    metavar="NAME",
    default=None,
    help="Only quotations by a speaker with these names (any part of the name; case and "
    "accents ignored).",
    callback=option_value,
)
@index_option
@click.option(
    "--limit",
    "-n",
    type=WholeNumber(min=1),
    default=20,
    show_default=True,
    help="Quotations per page.",
)
@click.option(
    "--page", "-p", type=WholeNumber(min=1), default=1, show_default=True, help="Page number."
)
@click.option(
    "--any", "match_any", is_flag=True, help="Match quotations with any of the words, not all."
)
@output_options
@click.pass_context
def quotes(
    ctx: click.Context,
    query: tuple[str, ...],
    speaker: str | None,
    index_dir: str | None,
    limit: int,
    page: int,
    match_any: bool,
    fmt: str | None,
) -> None:
    """Quotations and who said them; exit 0 with some, 1 with none, 2 on error.

    QUERY (optional) is the query language of `search`, matched against each quotation's own
    words; author:, date:, tags: and path: match its document. Without QUERY or --speaker, every
    quotation is listed, in document order.

    \b
    Example:
      corpus-search quotes 'sex workers'
      corpus-search quotes --speaker malik
      corpus-search quotes police date:2017 --json
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit
    from corpus_search.searching.quotes import find_quotes

    text = " ".join(query)
    with library_errors(ctx), open_index(index_dir) as ix:
        result = find_quotes(
            ix, text or None, speaker=speaker, limit=limit, page=page, match_all=not match_any
        )
    emit("quotes", result, fmt=fmt)
    sys.exit(EXIT_OK if result.quotes else EXIT_NO_HITS)


SPEAKERS_ON_A_TERMINAL = 20  # a screenful; piped or --json, every speaker unless --limit


@click.command()
@index_option
@click.option(
    "--limit",
    "-n",
    type=WholeNumber(min=1),
    default=None,
    help=f"Speakers per page. Default: {SPEAKERS_ON_A_TERMINAL} on a terminal, all when piped "
    "or with --json.",
)
@click.option(
    "--page", "-p", type=WholeNumber(min=1), default=1, show_default=True, help="Page number."
)
@output_options
@click.pass_context
def speakers(
    ctx: click.Context, index_dir: str | None, limit: int | None, page: int, fmt: str | None
) -> None:
    """Everyone quoted in the index, with their quotations and documents, most quoted first.

    On a terminal the first 20 are shown (--limit N, --page N for others); piped or with --json,
    all of them unless --limit is given. Exit 0 when there are speakers, 1 when the index quotes
    nobody, 2 on error.

    \b
    Example:
      corpus-search speakers
      corpus-search speakers -n 50 --page 2
      corpus-search speakers --json
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit, stdout_is_terminal
    from corpus_search.searching.quotes import list_speakers

    with library_errors(ctx), open_index(index_dir) as ix:
        found = list_speakers(ix)
    if limit is None and fmt is None and stdout_is_terminal():
        limit = SPEAKERS_ON_A_TERMINAL
    shown = found if limit is None else found[(page - 1) * limit : page * limit]
    if limit is None and page > 1:
        shown = ()  # every speaker is on page 1
    emit("speakers", shown, fmt=fmt, total=len(found), page=page, limit=limit)
    sys.exit(EXIT_OK if shown else EXIT_NO_HITS)
