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


class _BadValue(click.BadParameter):
    """``--limit: 'abc' is not a whole number``: the option, then what is wrong with the value
    (click's "Invalid value for '--limit' / '-n': 'abc' is not a valid integer range.")."""

    def format_message(self) -> str:
        opts = self.param.opts if self.param is not None else []
        return f"{opts[0] if opts else 'value'}: {self.message}"


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"from {low:g} to {high:g}"
    return f"of at least {low:g}" if low is not None else f"of at most {high:g}"


def _checked(
    value: Any,
    parse: Callable[[str], Any],
    noun: str,
    limits: click.IntRange | click.FloatRange,
    ctx: click.Context | None,
    param: click.Parameter | None,
) -> Any:
    """``value`` parsed, or a :class:`_BadValue` saying what is wrong with it."""
    text = str(value).strip()
    _left_out(text, noun, ctx, param)
    try:
        number = parse(text)
    except ValueError:
        raise _BadValue(f"{value!r} is not {noun}", ctx, param) from None
    low, high = limits.min, limits.max
    if (low is not None and number < low) or (high is not None and number > high):
        raise _BadValue(f"{text} is out of range ({noun} {_bounds(low, high)})", ctx, param)
    return number


class WholeNumber(click.IntRange):
    """An integer option's type, with errors a user can act on (``--limit: 'abc' is not a
    whole number``, ``--limit: 0 is out of range (a whole number of at least 1)``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return _checked(value, int, "a whole number", self, ctx, param)


class Number(click.FloatRange):
    """A decimal option's type, with the errors of :class:`WholeNumber`."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return _checked(value, float, "a number", self, ctx, param)


def index_option(fn: F) -> F:
    """``--index`` (and $CORPUS_SEARCH_INDEX), passed as ``index_dir``. No short form: ``-i`` is
    ignore-case to every grep user (``search -i`` accepts it; matching always ignores case)."""
    return click.option(
        "--index",
        "index_dir",
        envvar=INDEX_ENV_VAR,
        show_envvar=True,
        type=click.Path(file_okay=False),
        default=None,
        callback=option_value,
        help="Index folder. Default: $CORPUS_SEARCH_INDEX, else ./.corpus-search",
    )(fn)


def snippet_options(*, fragments: int, per: str = "hit") -> Callable[[F], F]:
    """``--fragments/-f`` (snippets per hit, ``fragments`` by default) and ``--context/-C``."""

    def add(fn: F) -> F:
        fn = click.option(
            "--fragments",
            "-f",
            type=WholeNumber(min=0),
            default=fragments,
            show_default=True,
            help=f"Snippets per {per} (0 for none).",
        )(fn)
        return click.option(
            "--context",
            "-C",
            type=WholeNumber(min=10),
            default=80,
            show_default=True,
            help="Characters of context around matches in a snippet.",
        )(fn)

    return add


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


def csv_option(fn: F) -> F:
    """``--csv``: the ``fmt`` destination of :func:`output_options`, for the views with rows."""
    return click.option(
        "--csv",
        "fmt",
        flag_value="csv",
        default=None,
        help="Print CSV: a header row, then one row each (columns in the README).",
    )(fn)


def wants_json(ctx: click.Context | None) -> bool:
    """Whether the command line asked for ``--json`` (parsed, or still raw when the error came
    from parsing the command line itself)."""
    if ctx is None:
        return False
    if ctx.params.get("fmt") == "json":
        return True
    raw = ctx.find_root().meta.get(RAW_ARGS, [])
    return "--json" in (raw[: raw.index("--")] if "--" in raw else raw)


RAW_ARGS = "corpus_search.raw_args"  # the root context's meta key for the command line


def json_error(message: str) -> None:
    """``{"error": message}`` on stdout, so that ``--json`` output always parses."""
    from corpus_search.render import machine

    click.echo(machine.dumps({"error": message}))


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """One ``Error:`` line on stderr (and with ``--json``, ``{"error": ...}`` on stdout), then
    exit (2 unless told otherwise)."""
    if wants_json(click.get_current_context(silent=True)):
        json_error(message)
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def debugging(ctx: click.Context) -> bool:
    """``--debug``, given before or after the command's name."""
    return bool(ctx.find_root().params.get("debug") or ctx.params.get("debug"))


@contextmanager
def library_errors(ctx: click.Context) -> Iterator[None]:
    """Library exceptions become one stderr line and exit 2 (a traceback only with --debug)."""
    from corpus_search.errors import CorpusSearchError, DocumentNotFoundError

    debug = debugging(ctx)
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


def option_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A text option's value, refused when it is the next option (``quotes police --speaker
    --json``: the name was left out, and --json would be searched for as a speaker)."""
    if value is not None:
        _left_out(value, "a value", ctx, param)
    return value


def _left_out(
    value: str, noun: str, ctx: click.Context | None, param: click.Parameter | None
) -> None:
    """Refuse a value that is the next option: the real value was left out ("search police
    -n --json" would otherwise read "--json" as the number)."""
    if value == "--":  # the option ended the command line
        raise _BadValue(f"needs {noun}", ctx, param)
    if value.startswith("--"):
        raise _BadValue(f"needs {noun} (got the option {value})", ctx, param)
