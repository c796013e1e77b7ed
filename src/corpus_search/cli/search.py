"""``corpus-search search``: the hits for a query."""

from __future__ import annotations

import sys
from typing import Any

import click

from .options import (
    EXIT_ERROR,
    EXIT_NO_HITS,
    EXIT_OK,
    WholeNumber,
    cluster_option,
    fail,
    index_option,
    library_errors,
    option_value,
    output_options,
    snippet_options,
)


class QueryCommand(click.Command):
    """A command whose arguments are query words: a word starting with "-" that is not one of
    the command's options (``police -nypd``) is a query word, not the option ``-n`` with the
    value "ypd"; options still work anywhere (``police --limit 5 -nypd``), and an attached value
    counts only when it is a valid number or choice (``-n5`` is ``--limit 5``; ``-sex`` is a word,
    not ``--speaker ex``). A misspelt long option (``--limt``)
    is still an error."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options, words = self._split(ctx, list(args))
        try:
            return super().parse_args(ctx, options + ["--"] + words if words else options)
        except click.NoSuchOption as e:
            raise _word_hint(e) from None

    def _split(self, ctx: click.Context, args: list[str]) -> tuple[list[str], list[str]]:
        takes_value: dict[str, click.Option] = {}
        flags: set[str] = set()
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in param.opts + param.secondary_opts:
                    if param.is_flag or param.count:
                        flags.add(name)
                    else:
                        takes_value[name] = param
        options: list[str] = []
        words: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                words.extend(args[i:])
                break
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg
            if name in flags or (arg.startswith("--") and name not in takes_value):
                options.append(arg)  # a flag, or an unknown --option for click to report
            elif name in takes_value:
                options.append(arg)
                if "=" not in arg and i < len(args):
                    options.append(args[i])
                    i += 1
            elif arg.startswith("-") and len(arg) > 2 and arg[:2] in takes_value:
                option = takes_value[arg[:2]]  # -n5: a short option with its value attached
                if option.type is not click.STRING and _valid(option, arg[2:], ctx):
                    options.append(arg)
                else:
                    words.append(arg)  # -nypd: a word to leave out
            else:
                words.append(arg)
        return options, words


def _word_hint(error: click.NoSuchOption) -> click.NoSuchOption:
    """``--nypd``, which no option resembles, is likely a word meant to be left out: say how
    (click suggested "one of: '--any', '--index'"). A misspelt option (``--limt``) keeps its
    "Did you mean '--limit'?"."""
    import difflib

    name = error.option_name
    word = name[2:]
    close = difflib.get_close_matches(name, error.possibilities or [], cutoff=0.75)
    if close or not name.startswith("--") or not word.replace("-", "").isalnum():
        return error
    return click.NoSuchOption(
        name, message=f"No such option '{name}' (a word to leave out is -{word}).", ctx=error.ctx
    )


def _valid(option: click.Option, value: str, ctx: click.Context) -> bool:
    try:
        option.type.convert(value, option, ctx)
    except click.BadParameter:
        return False
    return True


@click.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@index_option
@click.option(
    "--limit",
    "-n",
    type=WholeNumber(min=1),
    default=10,
    show_default=True,
    help="Hits per page.",
)
@click.option(
    "--page", "-p", type=WholeNumber(min=1), default=1, show_default=True, help="Page number."
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date", "oldest"]),
    default="relevance",
    show_default=True,
    help="Best match first, newest first (date) or oldest first; undated hits come last.",
)
@snippet_options(fragments=3)
@click.option(
    "--any", "match_any", is_flag=True, help="Match documents with any of the words, not all."
)
@click.option("--count", "-c", is_flag=True, help="Print only the number of matching documents.")
@click.option(
    "--files-with-matches",
    "-l",
    "files_only",
    is_flag=True,
    help="Print only the matching documents' paths, one per line (all of them unless --limit).",
)
@click.option(
    "--color",
    "--colour",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour and layout for terminals: auto (on a terminal), always (also in a pipe), never.",
)
@click.option(
    "--ignore-case",
    "-i",
    is_flag=True,
    help="Accepted for grep habits; matching always ignores case and accents.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Also show how the query was read: its clauses, what each matches on its own, the "
    "expansions of wildcards (automatic when nothing matches).",
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
    help="Only documents where NAME is quoted saying something that matches the query; with no "
    "query, every document where NAME is quoted.",
    callback=option_value,
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
    explain: bool,
    count: bool,
    files_only: bool,
    color: str,
    ignore_case: bool,
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

      police -nypd  +police court --any     leave out a word; require one
      -                        read the query from standard input

    Matching ignores case and accents ("caban" finds "Cabán"). When nothing (or only a handful)
    matches, a spelling suggestion is shown if one exists; with no hits, also how the query was
    read (as with --explain): what each clause matches alone, which left nothing, what to try.

    --collapse folds near-copies (estimated similarity >= 0.8) into the best of them. --batch
    FILE runs one query per line and prints a row per query (total and top documents); exit 2
    if a line failed (the others still run), else 0 if any matched, else 1.

    \b
    Example:
      corpus-search search '"sex workers" police'
      corpus-search search police -nypd --limit 5
      corpus-search search 'author:whitford' --json
      corpus-search search traffick* -l | xargs grep -l Lancman
      echo 'police arrest' | corpus-search search - --count
      corpus-search search 'mac mini' --collapse
      corpus-search search --batch queries.txt --csv
      corpus-search search arrest --speaker "o'neill"
      corpus-search search --speaker malik --sort date
      corpus-search search 'minister' --cluster tcp://scheduler:8786
      corpus-search search 'police zebra' --explain
    """
    from corpus_search.render import emit

    if bool(query) == (batch_file is not None) and not (speaker and batch_file is None):
        fail("Give either QUERY or --batch FILE (one query per line).")
    if explain and not query and batch_file is None:
        fail("--explain needs a QUERY to explain (with --speaker alone, nothing is parsed).")
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
    if query == ("-",):
        text = " ".join(sys.stdin.read().split())  # the query, from standard input
    options: dict[str, Any] = {
        "limit": limit,
        "page": page,
        "sort": sort,
        "fragments": fragments,
        "context": context,
        "match_all": not match_any,
    }
    if count or files_only:
        options["fragments"] = 0
    if count:
        options.update(limit=1, page=1)
    with library_errors(ctx):
        if speaker is not None and cluster:
            raise click.UsageError("--speaker does not work with --cluster yet")
        result, respelled = _run(
            text, index_dir, cluster, options, speaker=speaker, collapse=collapse
        )
        explicit = ctx.get_parameter_source("limit") is not click.core.ParameterSource.DEFAULT
        if files_only and not explicit and result.total > len(result.hits) and page == 1:
            options = {**options, "limit": result.total}
            result, respelled = _run(
                text, index_dir, cluster, options, speaker=speaker, collapse=collapse
            )
    if speaker and not result.total and fmt is None and not count and not files_only:
        from corpus_search.render.quotes import nobody_quoted_text

        click.echo(nobody_quoted_text(speaker, text, respelled))
        sys.exit(EXIT_NO_HITS)
    if count:
        emit("count", result, fmt=fmt, color=color)
        sys.exit(EXIT_OK if result.total else EXIT_NO_HITS)
    if explain or (not result.total and speaker is None and not cluster and not files_only):
        from corpus_search.index import open_index
        from corpus_search.views.explain import explain as explain_query

        with library_errors(ctx), open_index(index_dir) as ix:
            explanation = explain_query(ix, text, match_all=not match_any)
        emit("search_explained", result, explanation, fmt=fmt, color=color)
    else:
        emit("paths" if files_only else "search", result, fmt=fmt, color=color)
    sys.exit(EXIT_OK if result.hits else EXIT_NO_HITS)


def _run(
    text: str,
    index_dir: str | None,
    cluster: str | None,
    options: dict[str, Any],
    *,
    speaker: str | None = None,
    collapse: bool = False,
) -> Any:
    """One search, on this machine or on a cluster, and a respelt ``speaker`` when it quoted
    nobody; with ``speaker``, only the documents where that speaker is quoted saying something
    that matches."""
    if cluster:
        from corpus_search.config import resolve_index_dir
        from corpus_search.searching.cluster import search_on_cluster

        found = search_on_cluster(resolve_index_dir(index_dir), text, cluster=cluster, **options)
        return found, None
    from corpus_search.index import open_index
    from corpus_search.searching.results import search as run_search

    with open_index(index_dir) as ix:
        if speaker is not None:
            from corpus_search.searching.quotes import search_quoted

            return search_quoted(ix, text, speaker=speaker, collapse=collapse, **options)
        return run_search(ix, text, collapse=collapse, **options), None


def _batch(
    ctx: click.Context, lines: Any, index_dir: str | None, *, fmt: str | None, **options: Any
) -> None:
    """``search --batch``: run each line, print a row per query (streamed when piped or CSV),
    exit 2 if any line failed, else 0 if any matched, else 1."""
    from corpus_search.index import open_index
    from corpus_search.render import collection, emit, stdout_is_terminal
    from corpus_search.searching.batch import search_batch

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
