"""``corpus-search index``: build or update an index."""

from __future__ import annotations

import sys

import click

from corpus_search.config import COMMIT_EVERY_ENV_VAR, DEFAULT_INCLUDE, DEFAULT_LOCK_TIMEOUT

from .options import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    cluster_option,
    fail,
    index_option,
    library_errors,
    output_options,
)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option(
    "--rebuild", is_flag=True, help="Drop everything in the index and index PATHS afresh."
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help=f"File name pattern to index (repeatable). Default: {' '.join(DEFAULT_INCLUDE)}",
)
@click.option(
    "--exclude", multiple=True, metavar="GLOB", help="File name pattern to leave out (repeatable)."
)
@click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links (loops are detected).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for parsing. Default: the number of CPUs.",
)
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for another index run to finish.",
)
@click.option("--id-key", default="_id", show_default=True, help="JSON Lines: the record id key.")
@click.option("--title-key", default="title", show_default=True, help="JSON Lines: the title key.")
@click.option("--text-key", default="text", show_default=True, help="JSON Lines: the text key.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write one JSON line per skipped or flagged file (path, status, reason).",
)
@click.option(
    "--commit-every",
    type=click.IntRange(min=1),
    default=None,
    envvar=COMMIT_EVERY_ENV_VAR,
    hidden=True,  # README "Reliability"; for tests and slow disks, not everyday use
    help="Documents per commit (default 10,000).",
)
@cluster_option
@output_options
@click.pass_context
def index(
    ctx: click.Context,
    paths: tuple[str, ...],
    index_dir: str | None,
    rebuild: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    follow_symlinks: bool,
    jobs: int | None,
    lock_timeout: float,
    id_key: str,
    title_key: str,
    text_key: str,
    report_file: str | None,
    commit_every: int | None,
    cluster: str | None,
    fmt: str | None,
) -> None:
    """Index files and folders (recursively); only changed files are re-read.

    Plain text, Markdown, HTML, DOCX, OpenDocument, EPUB and e-mail are recognised by content;
    YAML front matter and document properties become metadata. JSON Lines files (.jsonl,
    .jsonl.gz) index one document per record, mbox files (.mbox) one per message. Files that
    cannot be read are skipped and listed; they never stop the run. Files in a format no reader
    takes (.doc, images, archives) are counted as "not a supported format". Exit 0 when the run
    completes, 2 on error, 130 when interrupted (what was committed is kept; run again to resume).

    \b
    Example:
      corpus-search index seeds
      corpus-search index ~/articles --exclude 'draft-*' --index ~/articles.idx
      corpus-search index /shared/archive --cluster tcp://scheduler:8786
    """
    from corpus_search.config import COMMIT_EVERY, resolve_index_dir
    from corpus_search.documents.sources import RecordKeys
    from corpus_search.index.run import index_paths
    from corpus_search.render import emit, index_progress, machine, stderr_is_terminal

    target = resolve_index_dir(index_dir)
    with (
        library_errors(ctx),
        index_progress(enabled=stderr_is_terminal() and fmt is None) as progress,
    ):
        report = index_paths(
            list(paths),
            index_dir=target,
            rebuild=rebuild,
            include=include or DEFAULT_INCLUDE,
            exclude=exclude,
            follow_symlinks=follow_symlinks,
            jobs=jobs,
            lock_timeout=lock_timeout,
            record_keys=RecordKeys(id_key=id_key, title_key=title_key, text_key=text_key),
            progress=progress,
            commit_every=commit_every or COMMIT_EVERY,
            cluster=cluster,
        )
    if report_file:
        try:
            with open(report_file, "w", encoding="utf-8") as f:
                f.writelines(line + "\n" for line in machine.report_file_lines(report))
        except OSError as e:
            fail(f"Cannot write the report {report_file}: {e.strerror or e}")
    emit("report", report, str(target), fmt=fmt)
    sys.exit(EXIT_INTERRUPTED if report.interrupted else EXIT_OK)
