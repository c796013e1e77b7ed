"""``corpus-search show`` (one document) and ``corpus-search info`` (the index)."""

from __future__ import annotations

import click

from .options import WholeNumber, fail, index_option, library_errors, output_options


@click.command()
@click.argument("document")
@index_option
@click.option("--query", "-q", default=None, help="Highlight this query's matches in the text.")
@click.option(
    "--page",
    "page",
    type=WholeNumber(min=1),
    default=None,
    help="Print only this page of a PDF (1 is the first).",
)
@output_options
@click.pass_context
def show(
    ctx: click.Context,
    document: str,
    index_dir: str | None,
    query: str | None,
    page: int | None,
    fmt: str | None,
) -> None:
    """Print one document's metadata and cleaned text; exit 1 if it is not in the index.

    DOCUMENT is a path (as indexed, relative or absolute), a unique end of a path such as a file
    name, or a JSON Lines record id. A name that ends several paths is a usage error (exit 2,
    with the first few listed). A PDF's text is shown page by page; --page N shows one page.

    \b
    Example:
      corpus-search show seeds/003_68a3840553de617d.txt --query 'pimps'
      corpus-search show report.pdf --page 3 --query 'budget'
    """
    from corpus_search.errors import AmbiguousDocumentError
    from corpus_search.index import open_index
    from corpus_search.render import display_path, emit
    from corpus_search.searching.results import ambiguous_message, document_page, get_document

    with library_errors(ctx), open_index(index_dir) as ix:
        try:
            doc, highlighted = get_document(ix, document, query=query)
        except AmbiguousDocumentError as e:  # a usage mistake: exit 2, the paths as a user types
            fail(ambiguous_message(document, [display_path(p) for p in e.candidates]))
        if page is not None:
            doc, highlighted = document_page(doc, highlighted, page)
    emit("document", doc, highlighted, fmt=fmt, page=page)


@click.command()
@index_option
@output_options
@click.pass_context
def info(ctx: click.Context, index_dir: str | None, fmt: str | None) -> None:
    """Show the index's location, document count, size, last update and schema.

    \b
    Example:
      corpus-search info --json
    """
    from corpus_search.index import index_info, open_index
    from corpus_search.render import emit

    with library_errors(ctx), open_index(index_dir) as ix:
        details = index_info(ix)
    emit("info", details, fmt=fmt)
