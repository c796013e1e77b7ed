"""``corpus-search watch``: saved searches that report only what is new."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .options import (
    EXIT_NO_HITS,
    EXIT_OK,
    index_option,
    library_errors,
    output_options,
    snippet_options,
)


@click.group()
def watch() -> None:
    """Saved searches that report only new or changed documents (for cron).

    `add` remembers what matches now; `run` reports the documents added or changed (by content
    hash) since the watch last ran, then remembers them. `run` exits 0 when something is new, 1
    when nothing is, 2 on error; piped, it prints nothing when nothing is new. Watches live in
    the index folder and survive `index --rebuild`.

    \b
    Example:
      corpus-search watch add strikes '"general strike" OR walkout'
      corpus-search watch run
      corpus-search index ~/press --watch    # index, then run every watch
    """


@watch.command(name="add")
@click.argument("name")
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option(
    "--any", "match_any", is_flag=True, help="Match documents with any of the words, not all."
)
@output_options
@click.pass_context
def add(
    ctx: click.Context,
    name: str,
    query: tuple[str, ...],
    index_dir: str | None,
    match_any: bool,
    fmt: str | None,
) -> None:
    """Save QUERY as watch NAME; the documents matching now are not reported by its first run.

    \b
    Example:
      corpus-search watch add merseyside 'merseyside police'
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit
    from corpus_search.searching.watches import add_watch, watches_locked

    with library_errors(ctx), open_index(index_dir) as ix, watches_locked(ix.path):
        added = add_watch(ix, name, " ".join(query), match_all=not match_any)
    emit("watch_list", [added], fmt=fmt)


@watch.command(name="list")
@index_option
@output_options
@click.pass_context
def list_(ctx: click.Context, index_dir: str | None, fmt: str | None) -> None:
    """List the watches: name, query, documents remembered, last run.

    \b
    Example:
      corpus-search watch list --json
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit
    from corpus_search.searching.watches import list_watches

    with library_errors(ctx), open_index(index_dir) as ix:
        watches = list_watches(ix.path)
    emit("watch_list", watches, fmt=fmt)


@watch.command()
@click.argument("name")
@index_option
@output_options
@click.pass_context
def remove(ctx: click.Context, name: str, index_dir: str | None, fmt: str | None) -> None:
    """Delete watch NAME; with --json, print it as `watch list --json` would.

    \b
    Example:
      corpus-search watch remove merseyside
    """
    from corpus_search.config import resolve_index_dir
    from corpus_search.render import emit
    from corpus_search.searching.watches import remove_watch, watches_locked

    target = resolve_index_dir(index_dir)
    with library_errors(ctx), watches_locked(target):
        removed = remove_watch(target, name)
    click.echo(f"Removed watch {removed.name} ({removed.query}).", err=True)
    if fmt == "json":
        emit("watch_list", [removed], fmt=fmt)


@watch.command(name="run")
@click.argument("names", nargs=-1)
@index_option
@snippet_options(fragments=1, per="new document")
@output_options
@click.pass_context
def run(
    ctx: click.Context,
    names: tuple[str, ...],
    index_dir: str | None,
    fragments: int,
    context: int,
    fmt: str | None,
) -> None:
    """Report what is new for each watch (or the NAMES given) since it last ran; exit 0 when
    something is, 1 when nothing is, 2 on error.

    A report is recorded only after it was printed: a run that is killed reports the same
    documents again next time (never lost; repeated only if killed in the instant between).

    \b
    Example:
      corpus-search watch run
      corpus-search watch run strikes --json
    """
    from corpus_search.index import open_index

    with library_errors(ctx), open_index(index_dir) as ix:
        found = run_watches(ix, names, fmt=fmt, fragments=fragments, context=context)
    sys.exit(EXIT_OK if found else EXIT_NO_HITS)


def run_watches(
    ix: Any,
    names: Sequence[str],
    *,
    fmt: str | None,
    fragments: int = 1,
    context: int = 80,
    json_extra: dict[str, Any] | None = None,
) -> bool:
    """Check, print and record each watch (``index --watch`` calls this too, with its own keys
    for the JSON object in ``json_extra``); True if anything was new. Each report is recorded
    only after it was written and flushed; piped, a watch with nothing new prints nothing."""
    from corpus_search.render import emit, machine, stdout_is_terminal
    from corpus_search.searching.watches import (
        check_watch,
        list_watches,
        record_run,
        watches_locked,
    )

    path = Path(ix.path)
    with watches_locked(path):
        chosen = list(names) or [w.name for w in list_watches(path)]
        if fmt == "json":
            reports = [check_watch(ix, n, fragments=fragments, context=context) for n in chosen]
            data = {**(json_extra or {}), **machine.VIEWS["watch_run"](reports)}
            sys.stdout.write(machine.dumps(data) + "\n")
            sys.stdout.flush()
            for report in reports:
                record_run(path, report)
            return any(r.new for r in reports)
        if not chosen:
            click.echo("No watches. Add one with: corpus-search watch add NAME QUERY", err=True)
        found = False
        for name in chosen:
            report = check_watch(ix, name, fragments=fragments, context=context)
            if report.new or stdout_is_terminal():
                emit("watch_run", [report], fmt=fmt)  # flushes stdout
            record_run(path, report)
            found = found or bool(report.new)
        return found
