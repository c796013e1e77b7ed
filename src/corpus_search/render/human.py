"""Rich output for terminals. Document text is always a ``Text`` object, never markup, so "[red]"
in a document prints literally; matches are styled by span."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..models import Document, IndexInfo, IndexReport, SearchResult, Snippet
from . import views_human
from .collection_human import HUMAN_VIEWS
from .quotes_human import quotes_renderable, speakers_renderable
from .text import (
    INTERRUPTED_NOTE,
    dates_line,
    display_path,
    eval_label,
    extremes,
    hit_path,
    match_pages,
    matching,
    meta_line,
    page_label,
    page_ranges,
    plural,
    report_notes,
    reread_line,
    root_line,
    safe,
    safe_line,
    short_date,
    unsupported_kinds,
)

if TYPE_CHECKING:  # evaluate is only needed by eval
    from ..evaluate import Comparison, EvalResult

MATCH_STYLE = "bold black on yellow"


def _highlighted(snippet: Snippet) -> Text:
    text = Text(safe(snippet.text))
    for start, end in snippet.spans:
        text.stylize(MATCH_STYLE, start, end)
    return text


def _with_page(snippet: Snippet) -> Text:
    label = page_label(snippet.page)
    line = _highlighted(snippet)
    return Text.assemble((f"{label}  ", "dim"), line) if label else line


def _pages_body(doc: Document, highlighted: Snippet | None) -> Text:
    """A PDF shown whole: each page under a dim ``p. N`` rule, its matches highlighted."""
    body = Text()
    for n, start, end in page_ranges(doc):
        if body:
            body.append("\n\n")
        body.append(f"── p. {n} ──\n", style="dim")
        offset = len(body)
        body.append(safe(doc.text[start:end]))
        if highlighted is not None:
            for s, e in highlighted.spans:
                if start <= s < end:
                    body.stylize(MATCH_STYLE, offset + s - start, offset + min(e, end) - start)
    return body


def _meta(path: str, date: Any, author: str | None) -> Text:
    return Text(meta_line(path, date, author, " · "), style="dim")


def search_renderable(result: SearchResult) -> RenderableType:
    if not result.hits:
        lines = [Text(f"No documents match {safe_line(result.query)!r}.", style="bold")]
        if result.total:
            lines = [
                Text(f"No hits on page {result.page} ({result.total:,} in all).", style="bold")
            ]
        if result.suggestion:
            lines.append(views_human.did_you_mean_text(result.suggestion))
        return Group(*lines)
    first, last = result.hits[0].rank, result.hits[-1].rank
    parts: list[RenderableType] = [
        Text(f"{matching(result.total)}; showing {first}-{last}.", style="dim")
    ]
    if result.suggestion:
        parts.append(views_human.did_you_mean_text(result.suggestion))
    for hit in result.hits:
        title = Text.assemble(
            (f"{hit.rank}. ", "bold"),
            (safe_line(hit.title), "bold cyan"),
            (f"  score {hit.score:.2f}" if result.query.strip() else "", "dim"),
        )
        if hit.near_copies:  # search --collapse
            n = hit.near_copies
            title.append(f"  +{n} near {'copy' if n == 1 else 'copies'}", style="yellow")
        parts.append(Text(""))
        parts.append(title)
        parts.append(Padding(_meta(hit.path, hit.date, hit.author), (0, 0, 0, 3)))
        for snippet in hit.snippets:
            parts.append(Padding(_with_page(snippet), (0, 0, 0, 3)))
    return Group(*parts)


def document_renderable(
    doc: Document, highlighted: Snippet | None = None, *, page: int | None = None
) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Title", Text(safe_line(doc.title), style="bold cyan"))
    table.add_row("Path", Text(safe_line(display_path(doc.path))))
    if doc.doc_id:
        table.add_row("Id", Text(safe_line(doc.doc_id)))
    if doc.author:
        table.add_row("Author", Text(safe_line(doc.author)))
    if doc.date is not None:
        table.add_row("Date", Text(short_date(doc.date)))
    if doc.tags:
        table.add_row("Tags", Text(safe_line(", ".join(doc.tags))))
    fmt = f"{doc.format}, {doc.encoding}, {doc.size:,} bytes" + (
        " (truncated)" if doc.truncated else ""
    )
    table.add_row("Format", Text(fmt))
    if doc.attachments:
        table.add_row("Attachments", Text(safe_line(", ".join(doc.attachments))))
    if doc.pages:
        count = len(doc.pages)
        table.add_row(
            "Page" if page else "Pages", Text(f"{page} of {count}" if page else str(count))
        )
    where = match_pages(doc, highlighted) if page is None else ""
    if where:
        table.add_row("Found", Text(where))
    if doc.pages and page is None:
        body = _pages_body(doc, highlighted)
    elif highlighted is not None:
        body = _highlighted(highlighted)
    else:
        body = Text(safe(doc.text))
    return Group(table, Text(""), body)


def info_renderable(info: IndexInfo) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    updated = info.updated.strftime("%Y-%m-%d %H:%M:%S") if info.updated else "never"
    table.add_row("Index", Text(info.index))
    table.add_row("Documents", f"{info.documents:,}")
    table.add_row("Size", f"{info.size_bytes:,} bytes ({plural(info.segments, 'segment')})")
    table.add_row("Updated", updated)
    table.add_row("Schema", f"version {info.schema_version}; fields {', '.join(info.fields)}")
    for i, root in enumerate(info.roots):
        table.add_row("Folders" if i == 0 else "", Text(root_line(root)))
    return table


def report_renderable(report: IndexReport, index: str) -> RenderableType:
    summary = Text.assemble(
        "Indexed into ",
        (index, "bold"),
        ": ",
        (f"{report.added:,} added", "green"),
        ", ",
        (f"{report.updated:,} updated", "cyan"),
        ", ",
        (f"{report.removed:,} removed", "magenta"),
        ", ",
        f"{report.unchanged:,} unchanged, ",
        (f"{len(report.skipped):,} skipped", "yellow" if report.skipped else ""),
        (f", {report.pruned:,} pruned" if report.prune else "", "magenta"),
        f" ({report.elapsed:.2f}s).",
    )
    lines: list[RenderableType] = [summary]
    reread = reread_line(report)
    if reread:
        lines.append(Text(reread))
    lines += [Text(note, style="yellow") for note in report_notes(report)]
    dates = dates_line(report.dates, report.indexed)
    if dates:
        lines.append(Text(dates))
    for s in report.skipped:
        lines.append(
            Text(
                f"  skipped {safe_line(display_path(s.path))}: {safe_line(s.reason)}",
                style="yellow",
            )
        )
    for s in report.warnings:
        lines.append(
            Text(f"  warning {safe_line(display_path(s.path))}: {safe_line(s.reason)}", style="dim")
        )
    for path in report.truncated:
        lines.append(
            Text(
                f"  truncated {safe_line(display_path(path))}: longer than the size limit",
                style="dim",
            )
        )
    if report.unsupported:
        lines.append(
            Text(
                f"  {len(report.unsupported)} not a supported format: "
                f"{safe_line(unsupported_kinds(report.unsupported))} (listed by --report)",
                style="dim",
            )
        )
    if report.interrupted:
        lines.append(Text(INTERRUPTED_NOTE, style="bold red"))
    return Group(*lines)


class _RateColumn(ProgressColumn):
    """Files per second and MB per second."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        if elapsed <= 0:
            return Text("")
        mb = task.fields.get("bytes", 0) / 1e6
        return Text(
            f"{task.completed / elapsed:,.0f} files/s  {mb / elapsed:.1f} MB/s", style="dim"
        )


def print_renderable(renderable: RenderableType, *, color: str = "auto") -> None:
    """Print on stdout through a Console made now (so NO_COLOR and tests' streams apply).
    ``color``: "auto" (NO_COLOR decides), "always" (colour even in a pipe and with NO_COLOR, as
    grep's --color=always) or "never"."""
    if color == "always":
        Console(highlight=False, force_terminal=True, no_color=False).print(renderable)
    elif color == "never":
        Console(highlight=False, no_color=True).print(renderable)
    else:
        Console(highlight=False).print(renderable)


@contextmanager
def index_progress_bar() -> Iterator[Callable[[Any], None]]:
    """A Rich bar on stderr for an index run; yields the run's progress callback."""
    bar = Progress(
        TextColumn("Indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("index", total=None, bytes=0)

    def update(p: Any) -> None:
        bar.update(task, total=p.files_total, completed=p.files_done, bytes=p.bytes_done)

    with bar:
        yield update


@contextmanager
def eval_progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich bar on stderr while one configuration is evaluated; yields (done, total) -> None."""
    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task(f"Evaluating {label}", total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, total=total, completed=done)

    with bar:
        yield update


def eval_renderable(
    result: EvalResult,
    *,
    per_query: bool = False,
    context: dict[str, Any] | None = None,
    compared: tuple[EvalResult, Comparison, dict[str, Any]] | None = None,
    top: int = 10,
) -> RenderableType:
    """``eval`` on a terminal: a table of measures (A, B and the change when comparing), then
    per-query values (``per_query``) or the biggest wins and losses (comparing)."""
    parts: list[RenderableType] = []
    if context:
        parts.append(Text(f"A: {eval_label(context)}", style="bold"))
    counts = f"{result.queries} queries evaluated"
    if result.unjudged_topics:
        counts += f", {result.unjudged_topics} topics without judgments skipped"
    if result.no_results:
        counts += f", {len(result.no_results)} with no results"
    parts.append(Text(counts + ".", style="dim"))
    if compared is None:
        table = Table(show_edge=False)
        table.add_column("measure")
        table.add_column("value", justify="right")
        for name in result.measures:
            table.add_row(name, f"{result.overall[name]:.4f}")
        parts.append(table)
        if per_query:
            queries = Table(show_edge=False)
            queries.add_column("query")
            for name in result.measures:
                queries.add_column(name, justify="right")
            for qid, values in result.per_query.items():
                queries.add_row(
                    Text(safe_line(qid)), *(f"{values[n]:.4f}" for n in result.measures)
                )
            parts.append(queries)
    else:
        other, comparison, other_context = compared
        parts.append(Text(f"B: {eval_label(other_context)}", style="bold"))
        table = Table(show_edge=False)
        for column in ("measure", "A", "B", "B-A"):
            table.add_column(column, justify="left" if column == "measure" else "right")
        for name, d in comparison.overall.items():
            style = "green" if d.delta > 0 else "red" if d.delta < 0 else ""
            table.add_row(name, f"{d.a:.4f}", f"{d.b:.4f}", Text(f"{d.delta:+.4f}", style=style))
        parts.append(table)
        parts.append(
            Text.assemble(
                f"{comparison.measure}: B ",
                (f"wins {len(comparison.wins)}", "green"),
                ", ",
                (f"loses {len(comparison.losses)}", "red"),
                f", ties {len(comparison.ties)}",
            )
        )
        shown = comparison.per_query if per_query else extremes(comparison.per_query, top)
        if shown:
            queries = Table(show_edge=False)
            for column in ("query", "A", "B", "B-A"):
                queries.add_column(column, justify="left" if column == "query" else "right")
            for q in shown:
                style = "green" if q.delta > 0 else "red" if q.delta < 0 else ""
                queries.add_row(
                    Text(safe_line(q.qid)),
                    f"{q.a:.4f}",
                    f"{q.b:.4f}",
                    Text(f"{q.delta:+.4f}", style=style),
                )
            parts.append(queries)
    for qid, message in result.failed.items():
        parts.append(Text(f"query {safe_line(qid)} failed: {safe_line(message)}", style="yellow"))
    return Group(*parts)


def count_renderable(result: SearchResult) -> RenderableType:
    return Text(f"{result.total:,}", style="bold")


def paths_renderable(result: SearchResult) -> RenderableType:
    return Group(
        *(Text(safe_line(display_path(hit_path(hit))), style="magenta") for hit in result.hits)
    )


def search_explained_renderable(result: SearchResult, explanation: Any) -> RenderableType:
    """``search --explain`` (and a search with no hits): the hits, then how the query was read."""
    return Group(search_renderable(result), Text(""), views_human.explain_renderable(explanation))


# View name -> Rich renderable, for render.emit.
VIEWS: dict[str, Callable[..., RenderableType]] = {
    "search": search_renderable,
    "search_explained": search_explained_renderable,
    "kwic": views_human.kwic_renderable,
    "timeline": views_human.timeline_renderable,
    "terms": views_human.terms_renderable,
    "count": count_renderable,
    "paths": paths_renderable,
    "document": document_renderable,
    "info": info_renderable,
    "report": report_renderable,
    "eval": eval_renderable,
    **HUMAN_VIEWS,
    "quotes": quotes_renderable,
    "speakers": speakers_renderable,
}
