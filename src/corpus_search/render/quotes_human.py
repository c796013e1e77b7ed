"""Quotations and speakers on a terminal (Rich). Quotation text is a ``Text`` object, never
markup: "[red]" in a quotation prints as written; the query's matches are styled by span."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..models import QuoteResult, SpeakerCount
from .quotes import did_you_mean, quotes_heading, speakers_footer
from .text import display_path, safe, safe_line, short_date
from .views_human import did_you_mean_text

MATCH_STYLE = "bold black on yellow"  # as render/human.py's matches


def quotes_renderable(result: QuoteResult) -> RenderableType:
    if not result.quotes:
        heading = Text(quotes_heading(result), style="bold")
        spelling = did_you_mean(result)
        if spelling:
            heading.append("\n")
            heading.append(did_you_mean_text(spelling))
        return heading
    first = (result.page - 1) * result.limit + 1
    parts: list[RenderableType] = [Text(quotes_heading(result), style="dim")]
    for n, q in enumerate(result.quotes, start=first):
        who = Text.assemble((f"{n}. ", "dim"), (safe_line(q.speaker), "bold cyan"))
        if q.verb:
            who.append(f" {safe_line(q.verb)}", style="dim")
        quote = Text("“" + safe(q.text) + "”")
        for start, end in q.spans:
            quote.stylize(MATCH_STYLE, start + 1, end + 1)
        meta = [display_path(q.path)]
        if q.date is not None:
            meta.insert(0, short_date(q.date))
        source = Text.assemble((safe_line(q.title), "bold"), ("  " + " · ".join(meta), "dim"))
        parts.append(
            Padding(
                Group(who, Padding(quote, (0, 0, 0, 3)), Padding(source, (0, 0, 0, 3))),
                (1, 0, 0, 0),
            )
        )
    return Group(*parts)


def speakers_renderable(
    speakers: tuple[SpeakerCount, ...],
    *,
    total: int | None = None,
    page: int = 1,
    limit: int | None = None,
) -> RenderableType:
    footer = speakers_footer(len(speakers), total=total, page=page, limit=limit)
    if not speakers:
        return Text(footer or "No speakers in the index.", style="bold")
    table = Table(box=None, header_style="bold")
    table.add_column("quotations", justify="right")
    table.add_column("documents", justify="right")
    table.add_column("speaker")
    for s in speakers:
        table.add_row(str(s.quotations), str(s.documents), Text(safe_line(s.name), "cyan"))
    return Group(table, Text(footer, style="dim")) if footer else table
