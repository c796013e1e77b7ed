"""``corpus-search completion SHELL``: the shell script that completes commands and options."""

from __future__ import annotations

import click

PROG_NAME = "corpus-search"
COMPLETE_VAR = "_CORPUS_SEARCH_COMPLETE"  # what click's main() answers completion requests on


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the tab-completion script for bash, zsh or fish.

    Load it in your shell's start-up file (commands, options and their choices complete).

    \b
    Example:
      eval "$(corpus-search completion bash)"      # in ~/.bashrc
      eval "$(corpus-search completion zsh)"       # in ~/.zshrc
      corpus-search completion fish > ~/.config/fish/completions/corpus-search.fish
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None  # click knows all three shells of the Choice
    root = ctx.find_root().command
    click.echo(completer(root, {}, PROG_NAME, COMPLETE_VAR).source())
