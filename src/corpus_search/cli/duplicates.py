"""``corpus-search duplicates``: groups of near-copies in the index."""

from __future__ import annotations

import sys

import click

from .options import EXIT_NO_HITS, EXIT_OK, Number, index_option, library_errors, output_options


@click.command()
@index_option
@click.option(
    "--threshold",
    "-t",
    type=Number(min=0.5, max=1.0),
    default=0.8,
    show_default=True,
    help="Lowest estimated similarity (Jaccard, of the documents' word sets) of two near-copies.",
)
@output_options
@click.pass_context
def duplicates(
    ctx: click.Context, index_dir: str | None, threshold: float, fmt: str | None
) -> None:
    """List groups of near-copies (republished or syndicated texts); exit 0 with groups, 1 none.

    Each document's words are sketched at indexing time (MinHash); two documents whose estimated
    Jaccard similarity is at least the threshold are near-copies, and a group is a connected set
    of them. Largest groups first; a group's similarity is its least similar pair.

    \b
    Example:
      corpus-search duplicates
      corpus-search duplicates --threshold 0.95 --json
    """
    from corpus_search.index import open_index
    from corpus_search.render import emit
    from corpus_search.searching.duplicates import find_duplicates

    with library_errors(ctx), open_index(index_dir) as ix:
        report = find_duplicates(ix, threshold=threshold)
    emit("duplicates", report, fmt=fmt)
    sys.exit(EXIT_OK if report.groups else EXIT_NO_HITS)
