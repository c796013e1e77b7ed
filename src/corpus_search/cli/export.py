"""``corpus-search export``: every match of a query, for citation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .options import EXIT_NO_HITS, EXIT_OK, fail, index_option, library_errors


@click.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option(
    "--format",
    "-F",
    "fmt",
    type=click.Choice(["csv", "jsonl", "ris", "md"]),
    default="csv",
    show_default=True,
    help="csv and jsonl: one row per match; ris: for Zotero or EndNote; md: an evidence list.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file (replaced only when the export is complete). Default: stdout.",
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Documents best match first, or newest first.",
)
@click.option(
    "--any", "match_any", is_flag=True, help="Match documents with any of the words, not all."
)
@click.pass_context
def export(
    ctx: click.Context,
    query: tuple[str, ...],
    index_dir: str | None,
    fmt: str,
    output: str | None,
    sort: str,
    match_any: bool,
) -> None:
    """Export every match of a query for citation (csv, jsonl, ris, md); exit 0 with matches.

    Each row: path, SHA-256, title, author, date, page, the passage and the match's character
    offsets; exit 1 when nothing matches, 2 on error. One row per match in the text (a document
    matched only in its title or metadata: one row without offsets), all matching documents in
    rank order, written as they are found. START and END are character offsets into the
    document's text as `corpus-search show` prints it.

    \b
    Example:
      corpus-search export '"sex workers" police' --format csv --output evidence.csv
      corpus-search export merseyside --format ris -o merseyside.ris
      corpus-search export 'author:whitford' --format md | less
    """
    from corpus_search.index import open_index
    from corpus_search.render.export import write
    from corpus_search.render.text import did_you_mean_line
    from corpus_search.searching.citations import iter_matches
    from corpus_search.searching.suggest import suggest_for

    text = " ".join(query)
    with library_errors(ctx), open_index(index_dir) as ix:
        matches = iter_matches(
            ix, text, match_all=not match_any, sort="date" if sort == "date" else "relevance"
        )
        if output is None:
            count = write(fmt, matches, sys.stdout, query=text)
            sys.stdout.flush()
        else:
            count = _write_file(Path(output), fmt, matches, text)
        # On stderr, beside the no-match line: stdout (or the file) holds only rows.
        spelling = suggest_for(ix, text) if count == 0 else None
    if count == 0:
        click.echo(f"No documents match {text!r}.", err=True)
        if spelling:
            click.echo(did_you_mean_line(spelling), err=True)
    sys.exit(EXIT_OK if count else EXIT_NO_HITS)


def _write_file(path: Path, fmt: str, matches: object, query: str) -> int:
    """Write to a temporary file beside ``path``, then rename it: a failed or interrupted export
    never leaves a half-written file in its place."""
    from corpus_search.render.export import write

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            count = write(fmt, matches, f, query=query)  # type: ignore[arg-type]
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        fail(f"Cannot write {path}: {e.strerror or e}")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count
