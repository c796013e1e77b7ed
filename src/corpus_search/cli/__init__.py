"""The ``corpus-search`` command, stage 5: each command parses its options, calls the library,
hands the result to :func:`corpus_search.render.emit` (which picks JSON, Rich on a terminal or
plain text in a pipe) and exits like grep (0 results, 1 none, 2 error, 130 interrupted).

One module per command group: :mod:`.index`, :mod:`.search`, :mod:`.show` (show and info),
:mod:`.eval`; :mod:`.options` holds what they share (``index_option``, ``output_options``,
``library_errors``, ``fail``, the exit codes).

Adding a command:

1. Write ``cli/<name>.py`` with one ``@click.command()`` function (docstring: a one-line summary
   and an ``Example:`` block; the README must mention ``corpus-search <name>``: a test checks).
   Use the shared options, wrap library calls in ``with library_errors(ctx):``, and finish with
   ``emit("<view>", result, fmt=fmt)``, the view's shapes added to ``render/machine.py``,
   ``render/plain.py`` and ``render/human.py`` (each module's ``VIEWS``).
2. Import the library *inside* the function, never at the top of the module: a piped search must
   stay light (tests/test_layering.py checks what it loads).
3. Add a line to ``COMMANDS`` below: command name -> "module:function". A command's module is
   imported only when that command runs (or ``--help`` lists them all).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import IO, Any

import click

from .options import EXIT_ERROR, RAW_ARGS, json_error, wants_json

COMMANDS: dict[str, str] = {
    "index": "index:index",
    "search": "search:search",
    "show": "show:show",
    "info": "show:info",
    "eval": "eval:evaluate",
    "completion": "completion:completion",
    "quotes": "quotes:quotes",
    "speakers": "quotes:speakers",
    "kwic": "kwic:kwic",
    "timeline": "timeline:timeline",
    "terms": "terms:terms",
    "duplicates": "duplicates:duplicates",
    "export": "export:export",
    "watch": "watch:watch",
}


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands, each imported from its module when first looked up."""

    def __init__(self, where: dict[str, str]) -> None:
        self.where = where
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            module, _, attr = self.where[name].partition(":")
            self.loaded[name] = getattr(import_module(f"{__name__}.{module}"), attr)
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command
        self.where.setdefault(name, "")

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        del self.where[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)


class _Group(click.Group):
    """The root command: ``--debug`` may come after the command's name too (it is moved before
    it), a command-line mistake is one ``Error:`` line and a hint naming ``--help`` (click's
    usage line above it is left out), and with ``--json`` it is also ``{"error": ...}``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[RAW_ARGS] = list(args)
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:end]:
            args = ["--debug"] + [a for a in args[:end] if a != "--debug"] + args[end:]
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as e:
            raise _usage_error(ctx, e) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.ClickException as e:  # unknown command, bad option or value of a command
            raise _usage_error(ctx, e) from None


def _usage_error(ctx: click.Context, e: click.ClickException) -> click.ClickException:
    """``e`` to raise again: printed as ``{"error": ...}`` on stdout too with ``--json``, and a
    usage mistake as :class:`_UsageError` (``corpus-search`` alone still prints the help)."""
    if wants_json(ctx):
        json_error(e.format_message())
    if isinstance(e, click.UsageError) and not isinstance(
        e, (click.exceptions.NoArgsIsHelpError, _UsageError)
    ):
        return _UsageError(e.format_message(), e.ctx or ctx)
    return e


class _UsageError(click.UsageError):
    """A command-line mistake, shown as every other error is (one ``Error:`` line, exit 2),
    then where the right usage is: ``Try 'corpus-search search --help'.``"""

    def show(self, file: IO[Any] | None = None) -> None:
        hint = f"\nTry '{self.ctx.command_path} --help'." if self.ctx is not None else ""
        click.echo(f"Error: {self.format_message()}{hint}", file=file, err=file is None)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corpus-search")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def cli(debug: bool) -> None:
    """Full-text search for a folder of articles, press releases and blog posts.

    \b
    Example:
      corpus-search index seeds
      corpus-search search '"sex workers" police'
    """


cli.commands = _Commands(dict(COMMANDS))


def main() -> None:
    """Console-script entry point."""
    # Python's default SIGPIPE handling prints a traceback when piped into `head`; exit quietly.
    try:
        cli.main(prog_name="corpus-search")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
