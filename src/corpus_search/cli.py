"""The ``corpus-search`` command: parse options, call the library, pick a renderer, map errors to
exit codes (0 hits / success, 1 no hits, 2 error, 130 interrupted). Heavy modules are imported
inside the commands, so a piped search never loads Rich, bs4 or lxml."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from .config import COMMIT_EVERY_ENV_VAR, DEFAULT_INCLUDE, DEFAULT_LOCK_TIMEOUT, INDEX_ENV_VAR

EXIT_OK, EXIT_NO_HITS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

F = TypeVar("F", bound=Callable[..., Any])


def index_option(fn: F) -> F:
    return click.option(
        "--index",
        "-i",
        "index_dir",
        envvar=INDEX_ENV_VAR,
        show_envvar=True,
        type=click.Path(file_okay=False),
        default=None,
        help="Index folder. Default: $CORPUS_SEARCH_INDEX, else ./.corpus-search",
    )(fn)


def json_option(fn: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object (keys in the README)."
    )(fn)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@contextmanager
def library_errors(ctx: click.Context) -> Iterator[None]:
    """Library exceptions become one stderr line and exit 2 (a traceback only with --debug)."""
    from .errors import CorpusSearchError, DocumentNotFoundError

    debug = bool(ctx.find_root().params.get("debug"))
    try:
        yield
    except DocumentNotFoundError as e:  # a miss, like grep's: exit 1
        _fail(str(e), EXIT_NO_HITS)
    except CorpusSearchError as e:
        if debug:
            raise
        _fail(str(e))
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except OSError as e:
        if debug:
            raise
        _fail(f"{e.strerror or e}: {e.filename}" if e.filename else str(e))


def _print_human(renderable: Any, *, err: bool = False) -> None:
    from rich.console import Console

    Console(stderr=err, highlight=False).print(renderable)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corpus-search")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def cli(debug: bool) -> None:
    """Full-text search for a folder of articles, press releases and blog posts.

    \b
    Example:
      corpus-search index seeds
      corpus-search search '"sex workers" police'
    """


@cli.command()
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
@json_option
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
    as_json: bool,
) -> None:
    """Index files and folders (recursively); only changed files are re-read.

    Plain text, Markdown and HTML are recognised by content; YAML front matter becomes metadata.
    JSON Lines files (.jsonl, .jsonl.gz) index one document per record. Files that cannot be read
    are skipped and listed; they never stop the run. Exit 0 when the run completes, 2 on error,
    130 when interrupted (what was committed is kept; run again to resume).

    \b
    Example:
      corpus-search index seeds
      corpus-search index ~/articles --exclude 'draft-*' --index ~/articles.idx
    """
    from .config import COMMIT_EVERY, resolve_index_dir
    from .documents.sources import RecordKeys
    from .index.run import index_paths
    from .render import machine

    target = resolve_index_dir(index_dir)
    with (
        library_errors(ctx),
        progress_bar(enabled=sys.stderr.isatty() and not as_json) as progress,
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
        )
    if report_file:
        _write_report_file(report_file, report)
    if as_json:
        click.echo(machine.dumps(machine.report_dict(report, str(target))))
    elif _stdout_is_terminal():
        from .render.human import report_renderable

        _print_human(report_renderable(report, str(target)))
    else:
        from .render.plain import report_text

        click.echo(report_text(report, str(target)))
    sys.exit(EXIT_INTERRUPTED if report.interrupted else EXIT_OK)


def _write_report_file(path: str, report: Any) -> None:
    from .render import machine

    rows = [{"path": s.path, "status": "skipped", "reason": s.reason} for s in report.skipped]
    rows += [{"path": s.path, "status": "warning", "reason": s.reason} for s in report.warnings]
    rows += [
        {"path": p, "status": "truncated", "reason": "longer than the size limit"}
        for p in report.truncated
    ]
    try:
        with open(path, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(machine.dumps(row) + "\n")
    except OSError as e:
        _fail(f"Cannot write the report {path}: {e.strerror or e}")


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[Any]:
    """A progress callback drawing a Rich bar on stderr, or None when not on a terminal."""
    if not enabled:
        yield None
        return
    from rich.console import Console

    from .render.human import index_progress

    bar = index_progress(Console(stderr=True))
    task = bar.add_task("index", total=None, bytes=0)

    def update(p: Any) -> None:
        bar.update(task, total=p.files_total, completed=p.files_done, bytes=p.bytes_done)

    with bar:
        yield update


@cli.command()
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
@json_option
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
    as_json: bool,
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
    """
    from .index import open_index
    from .render import machine
    from .searching.results import search as run_search

    text = " ".join(query)
    with library_errors(ctx):
        with open_index(index_dir) as ix:
            result = run_search(
                ix,
                text,
                limit=limit,
                page=page,
                sort="date" if sort == "date" else "relevance",
                fragments=fragments,
                context=context,
                match_all=not match_any,
            )
    if as_json:
        click.echo(machine.dumps(machine.search_dict(result)))
    elif _stdout_is_terminal():
        from .render.human import search_renderable

        _print_human(search_renderable(result))
    else:
        from .render.plain import search_text

        click.echo(search_text(result))
    sys.exit(EXIT_OK if result.hits else EXIT_NO_HITS)


@cli.command()
@click.argument("document")
@index_option
@click.option("--query", "-q", default=None, help="Highlight this query's matches in the text.")
@click.option(
    "--page",
    "page",
    type=click.IntRange(min=1),
    default=None,
    help="Print only this page of a PDF (1 is the first).",
)
@json_option
@click.pass_context
def show(
    ctx: click.Context,
    document: str,
    index_dir: str | None,
    query: str | None,
    page: int | None,
    as_json: bool,
) -> None:
    """Print one document's metadata and cleaned text; exit 1 if it is not in the index.

    DOCUMENT is a path (as indexed, relative or absolute), a unique end of a path such as a file
    name, or a JSON Lines record id. A PDF's text is shown page by page; --page N shows one page.

    \b
    Example:
      corpus-search show seeds/003_68a3840553de617d.txt --query 'pimps'
      corpus-search show report.pdf --page 3 --query 'budget'
    """
    from .index import open_index
    from .render import machine
    from .searching.results import document_page, get_document

    with library_errors(ctx), open_index(index_dir) as ix:
        doc, highlighted = get_document(ix, document, query=query)
        if page is not None:
            doc, highlighted = document_page(doc, highlighted, page)
    if as_json:
        click.echo(machine.dumps(machine.document_dict(doc, highlighted, page=page)))
    elif _stdout_is_terminal():
        from .render.human import document_renderable

        _print_human(document_renderable(doc, highlighted, page=page))
    else:
        from .render.plain import document_text

        click.echo(document_text(doc, highlighted, page=page))


@cli.command()
@index_option
@json_option
@click.pass_context
def info(ctx: click.Context, index_dir: str | None, as_json: bool) -> None:
    """Show the index's location, document count, size, last update and schema.

    \b
    Example:
      corpus-search info --json
    """
    from .index import index_info, open_index
    from .render import machine

    with library_errors(ctx), open_index(index_dir) as ix:
        details = index_info(ix)
    if as_json:
        click.echo(machine.dumps(machine.info_dict(details)))
    elif _stdout_is_terminal():
        from .render.human import info_renderable

        _print_human(info_renderable(details))
    else:
        from .render.plain import info_text

        click.echo(info_text(details))


@cli.command(name="eval")
@click.option(
    "--topics",
    "topics_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="Queries: 'qid<TAB>text' lines, BEIR queries.jsonl, or Cranfield cran.qry (maybe .gz).",
)
@click.option(
    "--qrels",
    "qrels_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="Judgments: TREC 'qid 0 docid rel', BEIR qrels .tsv, or Cranfield cranqrel.",
)
@index_option
@click.option(
    "--run",
    "run_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write A's TREC run file: 'qid Q0 docid rank score tag', --depth lines per query.",
)
@click.option("--run-tag", default="corpus-search", show_default=True, help="The run file's tag.")
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Results retrieved and scored per query.",
)
@click.option(
    "--measure",
    "-m",
    "measures",
    multiple=True,
    metavar="NAME",
    help="A measure to report (repeatable). Default: nDCG@10 MAP P@10 R@100 MRR; any "
    "ir-measures name (R@1000, nDCG@20...) also works.",
)
@click.option("--per-query", is_flag=True, help="Also report every query's values.")
@click.option(
    "--ranking",
    "ranking_text",
    default="",
    metavar="SETTINGS",
    help="Evaluate with these ranking settings instead of the defaults, e.g. 'k1=0.9,b=0.4' "
    "(k1, b, title_boost).",
)
@click.option(
    "--compare",
    "compare_text",
    default=None,
    metavar="SETTINGS",
    help="Also evaluate configuration B, the ranking with these settings changed (e.g. "
    "'title_boost=2'), and report B against A with per-query wins and losses.",
)
@click.option(
    "--compare-index",
    type=click.Path(file_okay=False),
    default=None,
    help="Configuration B searches this index (e.g. one built by another analyzer version).",
)
@json_option
@click.pass_context
def evaluate(
    ctx: click.Context,
    topics_file: str,
    qrels_file: str,
    index_dir: str | None,
    run_file: str | None,
    run_tag: str,
    depth: int,
    measures: tuple[str, ...],
    per_query: bool,
    ranking_text: str,
    compare_text: str | None,
    compare_index: str | None,
    as_json: bool,
) -> None:
    """Score the ranking against judged queries: nDCG@10, MAP, P@10, R@100 and MRR.

    Each topic runs as a bag of words (an OR of its words, analysed like the documents, scored
    with the same BM25F settings as search), so quotes, colons and AND in a topic are just text.
    Only topics with a relevance judgment are scored; one with no results scores 0. Documents are
    matched to judgments by record id (JSON Lines) or by absolute path (files; whitespace written
    as %20). With --compare or --compare-index, B is compared with A on the first measure.

    \b
    Example:
      corpus-search index corpus.jsonl.gz
      corpus-search eval --topics queries.jsonl.gz --qrels qrels/test.tsv --run run.txt
      corpus-search eval --topics t.tsv --qrels q.txt --compare 'k1=0.9,b=0.4' --json
    """
    from . import evaluate as ev
    from .index import open_index
    from .render import machine
    from .searching.query import parse_ranking
    from .searching.results import rank

    with library_errors(ctx):
        ranking = parse_ranking(ranking_text)
        other_ranking = parse_ranking(compare_text or "", base=ranking)
        comparing = compare_text is not None or compare_index is not None
        topics = ev.load_topics(topics_file)
        qrels = ev.load_qrels(qrels_file)
        chosen = measures or ev.DEFAULT_MEASURES

        def run_one(index_path: str | None, settings: Any, label: str) -> Any:
            with open_index(index_path) as ix, eval_progress(label) as progress:
                result = ev.evaluate(
                    topics,
                    qrels,
                    lambda text, n: rank(ix, text, limit=n, ranking=settings),
                    depth=depth,
                    measures=chosen,
                    progress=progress,
                )
                return result, str(ix.path)

        result, index_path = run_one(index_dir, ranking, "A")
        if run_file:
            ev.write_run(run_file, result.run, tag=run_tag)
        compared = None
        if comparing:
            other, other_path = run_one(compare_index or index_dir, other_ranking, "B")
            comparison = ev.compare(result, other, measure=result.measures[0])
            compared = (other, comparison, _eval_context(other_path, other_ranking, None))
    context = _eval_context(index_path, ranking, run_file)
    context = {"topics": topics_file, "qrels": qrels_file, **context}
    if as_json:
        click.echo(
            machine.dumps(
                machine.eval_dict(result, per_query=per_query, context=context, compared=compared)
            )
        )
        sys.exit(EXIT_OK)
    title = f"A: {_eval_label(index_path, ranking)}"
    other_title = _eval_label(compared[2]["index"], other_ranking) if compared else ""
    shown = (compared[0], compared[1], other_title) if compared else None
    if _stdout_is_terminal():
        from .render.human import eval_renderable

        _print_human(eval_renderable(result, per_query=per_query, title=title, compared=shown))
    else:
        from .render.plain import eval_text

        click.echo(eval_text(result, per_query=per_query, title=title, compared=shown))
    sys.exit(EXIT_OK)


def _eval_context(index_path: str, ranking: Any, run_file: str | None) -> dict[str, Any]:
    return {
        "index": index_path,
        "mode": "bag-of-words",
        "ranking": {"k1": ranking.k1, "b": ranking.b, "title_boost": ranking.title_boost},
        "run": run_file,
    }


def _eval_label(index_path: str, ranking: Any) -> str:
    return f"{index_path}, bag-of-words, {ranking.describe()}"


@contextmanager
def eval_progress(label: str) -> Iterator[Any]:
    """A progress callback drawing a Rich bar on stderr, or None when not on a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task(f"Evaluating {label}", total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, total=total, completed=done)

    with bar:
        yield update


def main() -> None:
    """Console-script entry point."""
    # Python's default SIGPIPE handling prints a traceback when piped into `head`; exit quietly.
    try:
        cli.main(prog_name="corpus-search")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
