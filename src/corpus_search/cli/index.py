"""``corpus-search index``: build or update an index."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from corpus_search.config import COMMIT_EVERY_ENV_VAR, DEFAULT_INCLUDE, DEFAULT_LOCK_TIMEOUT

from .options import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_NO_HITS,
    EXIT_OK,
    Number,
    WholeNumber,
    cluster_option,
    fail,
    index_option,
    library_errors,
    output_options,
)

EXIT_TERMINATED = 128 + signal.SIGTERM  # 143


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
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
@click.option(
    "--prune",
    is_flag=True,
    help="Remove documents whose files are gone or no longer match the patterns.",
)
@click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links (loops are detected).")
@click.option(
    "--jobs",
    "-j",
    type=WholeNumber(min=1),
    default=None,
    help="Worker processes for parsing. Default: the number of CPUs.",
)
@click.option(
    "--lock-timeout",
    type=Number(min=0),
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
    type=WholeNumber(min=1),
    default=None,
    envvar=COMMIT_EVERY_ENV_VAR,
    hidden=True,  # README "Reliability"; for tests and slow disks, not everyday use
    help="Documents per commit (default 10,000).",
)
@click.option(
    "--watch",
    "run_watches",
    is_flag=True,
    help="Then run every watch (see `corpus-search watch`): the summary goes to stderr, the "
    "reports to stdout, and the exit status is the watches' (0 something new, 1 nothing).",
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
    prune: bool,
    follow_symlinks: bool,
    jobs: int | None,
    lock_timeout: float,
    id_key: str,
    title_key: str,
    text_key: str,
    report_file: str | None,
    commit_every: int | None,
    run_watches: bool,
    cluster: str | None,
    fmt: str | None,
) -> None:
    """Index files and folders (recursively); only changed files are re-read.

    Plain text, Markdown, HTML, DOCX, OpenDocument, EPUB and e-mail are recognised by content;
    YAML front matter and document properties become metadata. JSON Lines files (.jsonl,
    .jsonl.gz) index one document per record, mbox files (.mbox) one per message. Files that
    cannot be read are skipped and listed; they never stop the run. Files in a format no reader
    takes (.doc, images, archives) are counted as "not a supported format", other files the
    include patterns leave out by extension (--include '*' reads every file); empty files are
    skipped. Exit 0 when the run
    completes. The index remembers the folders it was given (see `info`): with no PATH, all of
    them are refreshed. Exit 2 on error or when a PATH does not exist (the others are indexed),
    130 on Ctrl-C and 143 on SIGTERM (the documents analysed so far are committed; run again to
    carry on).

    \b
    Example:
      corpus-search index seeds
      corpus-search index ~/articles --exclude 'draft-*' --index ~/articles.idx
      corpus-search index ~/press --watch
      corpus-search index --index ~/articles.idx          # refresh every remembered folder
      corpus-search index ~/articles-2024 --prune --index ~/articles.idx
      corpus-search index /shared/archive --cluster tcp://scheduler:8786
    """
    from corpus_search.config import COMMIT_EVERY, resolve_index_dir
    from corpus_search.documents.sources import RecordKeys
    from corpus_search.index.run import index_paths
    from corpus_search.render import (
        display_path,
        emit,
        index_progress,
        machine,
        stderr_is_terminal,
    )

    target = resolve_index_dir(index_dir)
    with (
        _sigterm_as_ctrl_c() as terminated,
        library_errors(ctx),
        index_progress(enabled=stderr_is_terminal() and fmt is None) as progress,
    ):
        report = index_paths(
            list(paths),
            index_dir=target,
            rebuild=rebuild,
            include=include or None,  # None: each folder's remembered patterns
            exclude=exclude or None,
            prune=prune,
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
    if run_watches and not report.interrupted and not report.missing:
        _index_then_watches(ctx, report, str(target.resolve()), fmt)
    if report.roots or not report.missing or fmt is not None:
        emit("report", report, str(target.resolve()), fmt=fmt)
    for missing in report.missing:  # as grep does: name it, index the rest, exit 2
        click.echo(f"Error: {display_path(missing)}: no such file or directory", err=True)
    if report.interrupted:
        sys.exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED)
    sys.exit(EXIT_ERROR if report.missing else EXIT_OK)


@contextmanager
def _sigterm_as_ctrl_c() -> Iterator[list[int]]:
    """While the run lasts, SIGTERM (``timeout``, systemd) is handled like Ctrl-C: the documents
    analysed are committed. The list it yields is non-empty once SIGTERM came."""
    received: list[int] = []

    def on_sigterm(signum: int, frame: Any) -> None:
        received.append(signum)
        signal.raise_signal(signal.SIGINT)

    try:
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    except ValueError:  # not the main thread
        yield received
        return
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, previous)


def _index_then_watches(ctx: click.Context, report: Any, target: str, fmt: str | None) -> None:
    """``index --watch``: the summary (on stderr, or under "index" in JSON), then every watch's
    report; exits with the watches' status."""
    from corpus_search.index import open_index
    from corpus_search.render import machine, plain

    from .watch import run_watches

    extra = None
    if fmt == "json":
        extra = {"index": machine.report_dict(report, target)}
    else:
        click.echo(plain.report_text(report, target), err=True)
    with library_errors(ctx), open_index(target) as ix:
        found = run_watches(ix, (), fmt=fmt, json_extra=extra)
    sys.exit(EXIT_OK if found else EXIT_NO_HITS)
