"""What every command shares: exit codes, the options defined once (``index_option``,
``output_options``), and the one place library errors become an ``Error:`` line and exit 2."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from corpus_search.config import CLUSTER_ENV_VAR, INDEX_ENV_VAR

EXIT_OK, EXIT_NO_HITS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

F = TypeVar("F", bound=Callable[..., Any])


def index_option(fn: F) -> F:
    """``--index/-i`` (and $CORPUS_SEARCH_INDEX), passed as ``index_dir``."""
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


def cluster_option(fn: F) -> F:
    """``--cluster ADDRESS`` (and $CORPUS_SEARCH_CLUSTER), passed as ``cluster``."""
    return click.option(
        "--cluster",
        "cluster",
        envvar=CLUSTER_ENV_VAR,
        show_envvar=True,
        metavar="ADDRESS",
        default=None,
        help="Run on a Dask cluster: its scheduler, tcp://HOST:PORT (README 'Scaling out').",
    )(fn)


def output_options(fn: F) -> F:
    """The machine formats, passed as ``fmt`` (None: Rich on a terminal, plain text in a pipe),
    which the command hands to :func:`corpus_search.render.emit`. Another format is one more
    option with the same ``"fmt"`` destination and its ``flag_value``."""
    return click.option(
        "--json",
        "fmt",
        flag_value="json",
        default=None,
        help="Print one JSON object (keys in the README).",
    )(fn)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """One ``Error:`` line on stderr, then exit (2 unless told otherwise)."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@contextmanager
def library_errors(ctx: click.Context) -> Iterator[None]:
    """Library exceptions become one stderr line and exit 2 (a traceback only with --debug)."""
    from corpus_search.errors import CorpusSearchError, DocumentNotFoundError

    debug = bool(ctx.find_root().params.get("debug"))
    try:
        yield
    except DocumentNotFoundError as e:  # a miss, like grep's: exit 1
        fail(str(e), EXIT_NO_HITS)
    except CorpusSearchError as e:
        if debug:
            raise
        fail(str(e))
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        raise  # the reader (head) has what it wanted: main() exits quietly
    except OSError as e:
        if debug:
            raise
        fail(f"{e.strerror or e}: {e.filename}" if e.filename else str(e))
