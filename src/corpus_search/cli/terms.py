"""``corpus-search terms``: the words over-represented in a query's matches, or its collocates."""

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
@click.option("--limit", "-n", type=WholeNumber(min=1), default=20, show_default=True, help="Rows.")
@click.option(
    "--collocates",
    "window",
    type=WholeNumber(min=1, max=20),
    default=None,
    metavar="N",
    help="Instead: the words within N positions of the matches, ranked by log-Dice.",
)
@click.option(
    "--sample",
    type=WholeNumber(min=1),
    default=None,
    help="Keyness in an index built before term lists were kept (schema 5; rebuild it to count "
    "every match): read at most this many matching documents, a seeded random sample "
    "(default 500). Corpus counts are always exact.",
)
@click.option("--no-phrases", is_flag=True, help="Keyness: words only, no two-word phrases.")
@click.option(
    "--any", "match_any", is_flag=True, help="Match documents with any of the words, not all."
)
@output_options
@csv_option
@click.pass_context
def terms(
    ctx: click.Context,
    query: tuple[str, ...],
    index_dir: str | None,
    limit: int,
    window: int | None,
    sample: int | None,
    no_phrases: bool,
    match_any: bool,
    fmt: str | None,
) -> None:
    """List the words and phrases over-represented in a query's matches (keyness).

    Every matching document is compared with the rest of the corpus: words and two-word phrases
    found in a larger share of the matching documents, ranked by log-likelihood (G2, as
    AntConc's keyword list), significant at p < 0.01 (G2 >= 6.63), with the log ratio of the two
    shares as the effect size. --collocates N lists instead the words within N positions of each
    match, ranked by log-Dice (MI beside it). Exit 0 with rows, 1 with none, 2 on error.

    \b
    Example:
      corpus-search terms trafficking
      corpus-search terms police --collocates 5 --json
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit
    from corpus_search.views.terms import DEFAULT_SAMPLE, collocates, keyness

    text = " ".join(query)
    with library_errors(ctx), open_index(index_dir) as ix:
        if window is None:
            result = keyness(
                ix,
                text,
                limit=limit,
                sample=sample or DEFAULT_SAMPLE,
                phrases=not no_phrases,
                match_all=not match_any,
            )
        else:
            result = collocates(ix, text, window=window, limit=limit, match_all=not match_any)
    emit("terms", result, fmt=fmt)
    sys.exit(EXIT_OK if result.rows else EXIT_NO_HITS)
