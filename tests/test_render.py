"""Untrusted text on screen: markup stays literal, control characters never reach a terminal."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from corpus_search import index_paths, open_index, search
from corpus_search.cli import cli
from corpus_search.models import Hit, SearchResult, Snippet
from corpus_search.render import human, machine, plain, safe

HOSTILE_TITLE = "[red]Alert[/red] [/b] \x1b]0;pwned\x07\x1b[31mred\u202etxt"


def hostile_result() -> SearchResult:
    text = "Before [bold]markup[/bold] \x1b[2J cleared \x1b]8;;http://x\x1b\\link needle after"
    start = text.index("needle")
    hit = Hit(
        rank=1,
        key="/k",
        path="/k",
        title=HOSTILE_TITLE,
        score=1.0,
        author="[i]Eve[/i]",
        date=datetime(2020, 1, 2),
        snippets=(Snippet(text, ((start, start + 6),)),),
    )
    return SearchResult(query="needle", total=1, hits=(hit,))


def rich_output(renderable: object) -> tuple[str, str]:
    """(what the terminal receives, the same as plain text)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=True, width=200, color_system="truecolor", record=True
    )
    console.print(renderable)
    return buffer.getvalue(), console.export_text()


def test_safe_keeps_length_and_removes_controls() -> None:
    text = "a\x1b[31mb\u202ec\x07"
    assert len(safe(text)) == len(text)
    assert "\x1b" not in safe(text) and "\u202e" not in safe(text) and "\x07" not in safe(text)


def test_rich_prints_markup_literally_and_no_document_escapes() -> None:
    raw, text = rich_output(human.search_renderable(hostile_result()))
    assert "[red]Alert[/red] [/b]" in text
    assert "[bold]markup[/bold]" in text and "[i]Eve[/i]" in text
    assert "\x1b]0;" not in raw and "\x1b[2J" not in raw and "\x1b]8;" not in raw
    assert "\u202e" not in raw


def test_plain_output_neutralises_controls() -> None:
    out = plain.search_text(hostile_result())
    assert "[red]Alert[/red]" in out and "\x1b" not in out and "\u202e" not in out


def test_json_keeps_text_as_stored() -> None:
    data = json.loads(machine.dumps(machine.search_dict(hostile_result())))
    snippet = data["hits"][0]["snippets"][0]
    start, end = snippet["matches"][0]
    assert snippet["text"][start:end] == "needle"
    assert data["hits"][0]["date"] == "2020-01-02T00:00:00"


def test_hostile_document_end_to_end(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "evil.md").write_text(
        '---\ntitle: "[blink]Title[/blink] \\e[5m"\nauthor: "\\e]0;owned\\a[b]Mallory[/b]"\n---\n'
        "Body with [red]markup[/red], an escape \x1b[31mred\x1b[0m, a link "
        "\x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\ and bidi \u202egnirts\u202c, "
        "carriage\rreturn.\n",
        encoding="utf-8",
    )
    index_paths([root], index_dir=tmp_path / "ix", jobs=1)
    with open_index(tmp_path / "ix") as ix:
        result = search(ix, "markup")
    hit = result.hits[0]
    for text in (hit.title, hit.author or "", *(s.text for s in hit.snippets)):
        assert (
            "\x1b" not in text and "\u202e" not in text and "\r" not in text and "\x07" not in text
        )
    assert "[red]markup[/red]" in hit.snippets[0].text
    raw, text = rich_output(human.search_renderable(result))
    assert "[red]markup[/red]" in text and "[blink]Title[/blink]" in text
    assert "\x1b]0;" not in raw and "\x1b]8;" not in raw and "\u202e" not in raw
    runner = CliRunner()
    shown = runner.invoke(cli, ["show", "evil.md", "--index", str(tmp_path / "ix")])
    assert shown.exit_code == 0 and "[red]markup[/red]" in shown.stdout
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
