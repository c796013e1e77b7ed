"""``corpus-search search``: the hits for a query."""

from __future__ import annotations

import sys
from typing import Any

import click

from .options import (
    EXIT_NO_HITS,
    EXIT_OK,
    cluster_option,
    index_option,
    library_errors,
    output_options,
)


@click.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Hits per page.",
)
@click.option(
    "--page", "-p", type=click.IntRange(min=1), default=1, show_default=True, help="Page number."
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Best match first, or newest first.",
)
@click.option(
    "--fragments",
    "-f",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Snippets per hit (0 for none).",
)
@click.option(
    "--context",
    "-C",
    type=click.IntRange(min=10),
    default=80,
    show_default=True,
    help="Characters of context around matches in a snippet.",
)
@click.option(
    "--any", "match_any", is_flag=True, help="Match documents with any of the words, not all."
)
@click.option(
    "--speaker",
    "-s",
    metavar="NAME",
    default=None,
    help="Only documents where NAME is quoted saying something that matches the query.",
)
@cluster_option
@output_options
@click.pass_context
def search(
    ctx: click.Context,
    query: tuple[str, ...],
    index_dir: str | None,
    limit: int,
    page: int,
    sort: str,
    fragments: int,
    context: int,
    match_any: bool,
    speaker: str | None,
    cluster: str | None,
    fmt: str | None,
) -> None:
    """Search the index; exit 0 with hits, 1 with none, 2 on error.

    Words must ALL match unless joined with OR (or --any). The query language:

    \b
      police arrest            both words (stemmed: "arrests" matches too)
      "sex workers"            an exact phrase
      "sex workers"~3          the words within 3 positions of each other
      police OR nypd           either word; also AND, NOT and (parentheses)
      title:victory            in a field: title, author, path, tags, body, date
      traffick*  mersyside~    prefix wildcard; fuzzy (one or two typos)
      date:2017  date:[2017-01-01 TO 2017-06-30]  date:[2018-01-01 TO]

    Matching ignores case and accents ("caban" finds "Cabán"). When nothing matches, a spelling
    suggestion is shown if one exists.

    \b
    Example:
      corpus-search search '"sex workers" police'
      corpus-search search 'author:whitford' --json
      corpus-search search arrest --speaker "o'neill"
      corpus-search search 'minister' --cluster tcp://scheduler:8786
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit
    from corpus_search.searching.results import search as run_search

    text = " ".join(query)
    options: dict[str, Any] = {
        "limit": limit,
        "page": page,
        "sort": "date" if sort == "date" else "relevance",
        "fragments": fragments,
        "context": context,
        "match_all": not match_any,
    }
    with library_errors(ctx):
        if speaker is not None and cluster:
            raise click.UsageError("--speaker does not work with --cluster yet")
        if cluster:
            from corpus_search.config import resolve_index_dir
            from corpus_search.searching.cluster import search_on_cluster

            target = resolve_index_dir(index_dir)
            result = search_on_cluster(target, text, cluster=cluster, **options)
        else:
            with open_index(index_dir) as ix:
                if speaker is not None:
                    from corpus_search.searching.quotes import quoted_keys

                    options["only_keys"] = quoted_keys(
                        ix, text, speaker=speaker, match_all=not match_any
                    )
                result = run_search(ix, text, **options)
    emit("search", result, fmt=fmt)
    sys.exit(EXIT_OK if result.hits else EXIT_NO_HITS)
