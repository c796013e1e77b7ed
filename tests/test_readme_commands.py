"""The README's example commands use only options that exist, and its sentence on which commands
take ``--index`` and ``--json`` names exactly the commands that do not (a new user's walkthrough
ran ``corpus-search index ~/articles-2024 --prune -i ~/articles.idx`` and got "No such option
'-i'")."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from corpus_search.cli import cli
from corpus_search.cli.search import QueryCommand

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
# "corpus-search " as a command: not a file name (./.corpus-search), an engine's name in another
# tool's command line (--engines corpus-search) or prose ("Another corpus-search run").
COMMAND = re.compile(r"(?<![\w./-])corpus-search (?=\S)")
COMMAND_START = re.compile(r"(^|\$\(|[$|;&]\s*|\btime\s+|\btimeout \S+\s+)$")
SHELL_END = {"|", "||", "&&", ";", ">", ">>", "<", "(", ")", "&", "2>"}


def leaf_commands(
    group: click.Group = cli, prefix: str = ""
) -> Iterator[tuple[str, click.Command]]:
    for name in group.commands:
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from leaf_commands(command, f"{prefix}{name} ")
        else:
            yield prefix + name, command


def option_names(command: click.Command) -> dict[str, click.Option]:
    return {
        name: param
        for param in command.params
        if isinstance(param, click.Option)
        for name in param.opts + param.secondary_opts
    }


def readme_commands() -> list[str]:
    """Every ``corpus-search ...`` command in the README: lines of code blocks, then inline code
    spans (which may wrap onto the next line), each cut where the shell command ends."""
    text = README.read_text(encoding="utf-8")
    found: list[str] = []
    for block in FENCE.findall(text):
        for line in block.splitlines():
            found += _commands_in(line)
    prose = FENCE.sub("", text)
    for span in re.findall(r"`([^`]+)`", prose):
        found += _commands_in(span.replace("\n", " "))
    return found


def _commands_in(text: str) -> list[str]:
    commands = []
    for match in COMMAND.finditer(text):
        before = text[: match.start()]
        if not COMMAND_START.search(before.rstrip(" ") if not before.endswith("$(") else before):
            continue
        rest = text[match.start() :]
        if before.endswith("$("):
            rest = rest.split(")", 1)[0]
        commands.append(rest)
    return commands


def tokens(command: str) -> list[str]:
    """The words of one command, up to the end of it (a pipe, a redirection, a comment)."""
    while True:
        lexer = shlex.shlex(command, posix=True, punctuation_chars="|&;<>()")
        lexer.whitespace_split = True
        try:
            words = list(lexer)
            break
        except ValueError:  # an unbalanced quote: the span ends inside the prose's quotation
            cut = max(command.rfind("'"), command.rfind('"'))
            if cut <= 0:
                raise
            command = command[:cut]
    out = []
    for word in words[1:]:  # words[0] is corpus-search
        if word in SHELL_END or word.startswith("#"):
            break
        out.append(word)
    return out


def unknown_options(words: list[str]) -> tuple[str, list[str]]:
    """The command a README example names, and the options it uses that the command lacks."""
    root = option_names(cli)
    while words and words[0].startswith("-"):
        if words[0] not in root:
            return "", [words[0]]
        words = words[1:]
    if not words or words[0] in ("...", "COMMAND"):
        return "", []
    name = words[0].split("|")[0]  # a table's `watch add\|list\|remove\|run`
    command: click.Command = cli.commands[name]
    words = words[1:]
    while isinstance(command, click.Group):
        if not words:
            return name, []
        sub = words[0].split("|")[0]
        name, command, words = f"{name} {sub}", command.commands[sub], words[1:]
    options = option_names(command)
    bad = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            break
        if not word.startswith("-") or word == "-" or re.fullmatch(r"-\d[\d.]*", word):
            continue
        base = word.split("=", 1)[0]
        if base in options:
            option = options[base]
            if not (option.is_flag or option.count) and "=" not in word:
                i += 1  # its value
        elif base in root or base in ("--help", "-h"):  # --debug after the command's name
            continue
        elif not word.startswith("--") and word[:2] in options:
            continue  # -n5: a short option with its value attached
        elif not word.startswith("--") and isinstance(command, QueryCommand):
            continue  # police -nypd: a word to leave out
        else:
            bad.append(word)
    return name, bad


def help_examples() -> list[str]:
    """The commands in every command's ``Example:`` block (its --help)."""
    found = []
    commands = [("", cli)] + [("", c) for c in cli.commands.values()] + list(leaf_commands())
    for _, command in commands:
        for line in (command.help or "").split("Example:")[-1].splitlines():
            found += _commands_in(line.strip())
    return found


EXAMPLES = readme_commands()


def test_the_readme_has_examples_of_every_command() -> None:
    named = {unknown_options(tokens(c))[0].split(" ")[0] for c in EXAMPLES}
    assert {name.split(" ")[0] for name, _ in leaf_commands()} <= named


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_option_in_a_readme_example_exists(example: str) -> None:
    name, bad = unknown_options(tokens(example))
    assert bad == [], f"README: `{example.strip()}`: {name or 'corpus-search'} has no {bad}"


@pytest.mark.parametrize("example", sorted(set(help_examples())))
def test_every_option_in_a_help_example_exists(example: str) -> None:
    name, bad = unknown_options(tokens(example))
    assert bad == [], f"--help: `{example.strip()}`: {name or 'corpus-search'} has no {bad}"


def test_the_checker_finds_an_option_that_does_not_exist() -> None:
    example = "corpus-search index ~/articles-2024 --prune -i ~/articles.idx   # after a move"
    assert unknown_options(tokens(example)) == ("index", ["-i"])
    assert unknown_options(tokens("corpus-search search police -nypd -n 5")) == ("search", [])
    assert unknown_options(tokens("corpus-search watch remove x --jsn")) == (
        "watch remove",
        ["--jsn"],
    )


def _commands_without(option: str) -> set[str]:
    return {name for name, command in leaf_commands() if option not in option_names(command)}


def _named_exceptions(option: str) -> set[str]:
    """The commands the README's sentence "every command but `x` and `y` ... takes `OPTION`"
    names."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    match = re.search(r"every command but (.*?) takes `" + re.escape(option), text)
    assert match, f"the README no longer says which commands take {option}"
    clause = re.sub(r"\([^)]*\)", "", match.group(1))  # leave out a parenthesis' options
    return set(re.findall(r"`([a-z][a-z ]*)`", clause))


@pytest.mark.parametrize("option", ["--index", "--json"])
def test_the_readme_says_exactly_which_commands_lack_an_option(option: str) -> None:
    assert _named_exceptions(option) == _commands_without(option)
