"""``corpus-search search``: the hits for a query."""

from __future__ import annotations

import sys
from typing import Any

import click

from .options import (
    EXIT_ERROR,
    EXIT_NO_HITS,
    EXIT_OK,
    cluster_option,
    fail,
    index_option,
    library_errors,
    output_options,
)


@click.command()
@click.argument("query", nargs=-1)
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
    "--collapse",
    is_flag=True,
    help="One document per group of near-copies (the best), with '+N near copies'.",
)
@click.option(
    "--batch",
    "batch_file",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Run each line of this file as a query ('-': standard input); one row per query.",
)
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="With --batch: CSV rows (query, total, error, top1..topN).",
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
    collapse: bool,
    batch_file: Any,
    as_csv: bool,
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

    --collapse folds near-copies (estimated similarity >= 0.8) into the best of them. --batch
    FILE runs one query per line and prints a row per query (total and top documents); exit 2
    if a line failed (the others still run), else 0 if any matched, else 1.

    \b
    Example:
      corpus-search search '"sex workers" police'
      corpus-search search 'author:whitford' --json
      corpus-search search 'mac mini' --collapse
      corpus-search search --batch queries.txt --csv
      corpus-search search arrest --speaker "o'neill"
      corpus-search search 'minister' --cluster tcp://scheduler:8786
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit
    from corpus_search.searching.results import search as run_search

    if bool(query) == (batch_file is not None):
        fail("Give either QUERY or --batch FILE (one query per line).")
    if cluster and (collapse or batch_file is not None):
        fail("--collapse and --batch search a local index; leave out --cluster.")
    if as_csv and batch_file is None:
        fail("--csv goes with --batch; for one query use --json.")
    if batch_file is not None:
        _batch(
            ctx,
            batch_file,
            index_dir,
            fmt="csv" if as_csv else fmt,
            limit=limit,
            sort=sort,
            fragments=fragments if _given(ctx, "fragments") else 0,
            context=context,
            match_all=not match_any,
            collapse=collapse,
        )
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
                result = run_search(ix, text, **options, collapse=collapse)
    emit("search", result, fmt=fmt)
    sys.exit(EXIT_OK if result.hits else EXIT_NO_HITS)


def _batch(
    ctx: click.Context, lines: Any, index_dir: str | None, *, fmt: str | None, **options: Any
) -> None:
    """``search --batch``: run each line, print a row per query (streamed when piped or CSV),
    exit 2 if any line failed, else 0 if any matched, else 1."""
    from corpus_search.index import open_index
    from corpus_search.render import collection, emit, stdout_is_terminal
    from corpus_search.searching.batch import search_batch

    options["sort"] = "date" if options["sort"] == "date" else "relevance"
    limit = options["limit"]
    results = []
    with library_errors(ctx), open_index(index_dir) as ix:
        if fmt == "csv":
            sys.stdout.write(collection.batch_csv_header(limit))
        for result in search_batch(ix, lines, **options):
            results.append(result)
            if fmt == "csv":
                sys.stdout.write(collection.batch_csv_row(result, limit))
            elif fmt is None and not stdout_is_terminal():
                sys.stdout.write(collection.batch_text_row(result) + "\n")
            sys.stdout.flush()
    if fmt == "json" or (fmt is None and stdout_is_terminal()):
        emit("batch", results, fmt=fmt)
    if any(r.error is not None for r in results):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK if any(r.total for r in results) else EXIT_NO_HITS)


def _given(ctx: click.Context, name: str) -> bool:
    """Whether the user set option ``name`` (not its default)."""
    return ctx.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT)
