"""Rich output of the collection commands (``duplicates``, ``watch``, ``search --batch``) on a
terminal. Document text is always a ``Text`` object, never markup."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..models import BatchResult, DuplicateReport, Snippet, Watch, WatchReport
from .text import display_path, safe, safe_line

MATCH_STYLE = "bold black on yellow"


def _highlighted(snippet: Snippet) -> Text:
    text = Text(safe(snippet.text))
    for start, end in snippet.spans:
        text.stylize(MATCH_STYLE, start, end)
    return text


def duplicates_renderable(report: DuplicateReport) -> RenderableType:
    if not report.groups:
        return Text(
            f"No near-copies among {report.documents} documents "
            f"(similarity >= {report.threshold:g}).",
            style="bold",
        )
    copies = sum(len(g.documents) for g in report.groups)
    parts: list[RenderableType] = [
        Text(
            f"{len(report.groups)} groups of near-copies ({copies} documents of "
            f"{report.documents}; similarity >= {report.threshold:g}).",
            style="dim",
        )
    ]
    for n, g in enumerate(report.groups, start=1):
        parts.append(Text(""))
        parts.append(
            Text.assemble(
                (f"{n}. ", "bold"),
                (f"{len(g.documents)} documents", "bold cyan"),
                (f"  similarity {g.similarity:.2f}", "dim"),
            )
        )
        for d in g.documents:
            line = Text.assemble(
                (safe_line(display_path(d.key)), ""), "  ", (safe_line(d.title), "dim")
            )
            parts.append(Padding(line, (0, 0, 0, 3)))
    return Group(*parts)


def watch_reports_renderable(reports: Sequence[WatchReport]) -> RenderableType:
    parts: list[RenderableType] = []
    for r in reports:
        w = r.watch
        count = f"{len(r.new)} new" if r.new else "nothing new"
        parts.append(
            Text.assemble(
                (safe_line(w.name), "bold cyan"), f" ({safe_line(w.query)}): ", (count, "bold")
            )
        )
        for n in r.new:
            hit = n.hit
            parts.append(
                Padding(
                    Text.assemble(
                        (f"{hit.rank}. ", "bold"),
                        (n.reason, "green" if n.reason == "added" else "yellow"),
                        " ",
                        (safe_line(hit.title), "bold"),
                    ),
                    (0, 0, 0, 2),
                )
            )
            meta = [display_path(hit.path)]
            if hit.date is not None:
                meta.append(hit.date.strftime("%Y-%m-%d"))
            parts.append(Padding(Text(safe_line(" · ".join(meta)), style="dim"), (0, 0, 0, 5)))
            for s in hit.snippets:
                parts.append(Padding(_highlighted(s), (0, 0, 0, 5)))
    if not parts:
        return Text("No watches. Add one with: corpus-search watch add NAME QUERY")
    return Group(*parts)


def watch_list_renderable(watches: Sequence[Watch]) -> RenderableType:
    if not watches:
        return Text("No watches. Add one with: corpus-search watch add NAME QUERY")
    table = Table(show_edge=False)
    for column in ("name", "query", "documents", "last run"):
        table.add_column(column, justify="right" if column == "documents" else "left")
    for w in watches:
        last = w.last_run.strftime("%Y-%m-%d %H:%M") if w.last_run else "never"
        table.add_row(Text(safe_line(w.name)), Text(safe_line(w.query)), f"{w.documents}", last)
    return table


def batch_renderable(results: Sequence[BatchResult]) -> RenderableType:
    table = Table(show_edge=False)
    table.add_column("query")
    table.add_column("matches", justify="right")
    table.add_column("top documents")
    for r in results:
        if r.error is not None:
            table.add_row(Text(safe_line(r.query)), "", Text(safe_line(r.error), style="red"))
            continue
        top = Text("\n".join(safe_line(display_path(h.path)) for h in r.hits))
        table.add_row(Text(safe_line(r.query)), f"{r.total}", top)
    return table


HUMAN_VIEWS: dict[str, Callable[..., RenderableType]] = {
    "duplicates": duplicates_renderable,
    "watch_run": watch_reports_renderable,
    "watch_list": watch_list_renderable,
    "batch": batch_renderable,
}
