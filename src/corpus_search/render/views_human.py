"""The views over all matches drawn with Rich for terminals. Document text is always a ``Text``
object, never markup, so "[red]" in a document prints literally."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .text import display_path, safe_line, short_path
from .views import bar_value, kwic_summary, nothing_matched

if TYPE_CHECKING:
    from ..searching.clauses import Clause
    from ..views import Concordance, Explanation, TermsResult, Timeline

MATCH_STYLE = "bold black on yellow"
BAR_STYLE = "cyan"


def kwic_renderable(result: Concordance, *, document_width: int = 24) -> RenderableType:
    """Lines aligned on the match, the match highlighted, the document's name at the end."""
    if not result.lines:
        return _nothing(nothing_matched(result.query, in_text=True), result.suggestion)
    width = result.width
    match_width = max(len(line.match) for line in result.lines)
    lines: list[RenderableType] = []
    for line in result.lines:
        # The file name is what tells the documents apart: its folders are shortened first.
        name = short_path(safe_line(display_path(line.path)), document_width)
        if line.field == "title":
            name += " (title)"
        lines.append(
            Text.assemble(
                safe_line(line.left).rjust(width),
                " ",
                (safe_line(line.match), MATCH_STYLE),
                " " * (match_width - len(line.match) + 1),
                safe_line(line.right).ljust(width),
                "  ",
                (name, "dim"),
                no_wrap=True,
                overflow="ellipsis",
            )
        )
    lines.append(Text(kwic_summary(result), style="dim"))
    return Group(*lines)


def timeline_renderable(result: Timeline, *, normalise: bool = False) -> RenderableType:
    """A bar per period, the corpus's documents beside it, a column per series."""
    from ..views.timeline import period_label

    if not result.total:
        return _nothing(nothing_matched(result.query), result.suggestion, style="bold")
    table = Table(show_edge=False, box=None, pad_edge=False)
    table.add_column(result.by)
    table.add_column("matches", justify="right")
    table.add_column("corpus", justify="right", style="dim")
    table.add_column("share", justify="right")
    for series in result.series:
        table.add_column(Text(safe_line(series.name)[:16]), justify="right")
    table.add_column("")
    values = [bar_value(b.documents, b.corpus_documents, normalise) for b in result.bins]
    top = max(values, default=0) or 1
    for i, (b, value) in enumerate(zip(result.bins, values, strict=True)):
        share = "" if b.share is None else f"{b.share:.1%}"
        bar = Text("█" * round(30 * value / top), style=BAR_STYLE)
        table.add_row(
            period_label(b.start, result.by),
            str(b.documents),
            str(b.corpus_documents),
            share,
            *(str(s.counts[i]) for s in result.series),
            bar,
        )
    table.add_row(
        Text("undated", style="italic"),
        str(result.undated),
        str(result.corpus_undated),
        "",
        *(str(s.undated) for s in result.series),
        "",
    )
    title = Text(
        f"{result.total} matching documents by {result.by}"
        + (" (bars: share of the period's documents)" if normalise else ""),
        style="dim",
    )
    return Group(title, table)


def terms_renderable(result: TermsResult) -> RenderableType:
    if not result.hit_documents:
        return _nothing(nothing_matched(result.query), result.suggestion, style="bold")
    table = Table(show_edge=False)
    table.add_column("term", style="bold")
    if result.measure == "g2":
        sampled = f" (word counts from a sample of {result.sampled})" if result.sampled else ""
        title = (
            f"Over-represented in {result.hit_documents} of {result.corpus_documents} documents"
            f"{sampled}, by log-likelihood G2; effect: log ratio."
        )
        for name in ("matching", "corpus", "G2", "log ratio"):
            table.add_column(name, justify="right")
        for r in result.rows:
            table.add_row(
                Text(safe_line(r.term)),
                str(r.hit_documents),
                str(r.corpus_documents),
                f"{r.score:.1f}",
                f"{r.effect:.2f}",
            )
    else:
        title = (
            f"Words within {result.window} of {result.matches} matches in "
            f"{result.hit_documents} documents, by log-Dice (MI beside it)."
        )
        for name in ("together", "documents", "corpus", "log-Dice", "MI"):
            table.add_column(name, justify="right")
        for r in result.rows:
            table.add_row(
                Text(safe_line(r.term)),
                str(r.cooccurrences),
                str(r.hit_documents),
                str(r.corpus_frequency),
                f"{r.score:.2f}",
                f"{r.effect:.2f}",
            )
    parts: list[RenderableType] = [Text(title, style="dim"), table]
    if not result.rows:
        parts.append(Text("(none significant)", style="dim"))
    return Group(*parts)


def explain_renderable(result: Explanation) -> RenderableType:
    from ..views.explain import label

    tree = Tree(Text.assemble("The query is read as: ", (safe_line(result.parsed), "bold")))
    _branch(tree, result.root, label, result.emptied_by)
    parts: list[RenderableType] = [tree]
    if result.emptied_by is not None:
        parts.append(
            Text.assemble(
                "No results because of ",
                (safe_line(label(result.emptied_by)), "bold red"),
                f": {safe_line(result.reason)}.",
            )
        )
    for suggestion in result.suggestions:
        parts.append(Text.assemble("Try: ", (safe_line(suggestion), "green")))
    return Group(*parts)


def _branch(tree: Tree, clause: Clause, name_of: object, culprit: Clause | None) -> None:
    assert callable(name_of)
    where = f" in {'/'.join(clause.fields)}" if clause.fields and clause.kind != "range" else ""
    style = "bold red" if clause is culprit else ("red" if not clause.documents else "")
    label = Text.assemble(
        (safe_line(name_of(clause)), style or "bold"), where, f": {clause.documents:,} documents"
    )
    node = tree.add(label)
    if clause.expansions:
        shown = ", ".join(f"{safe_line(w)} ({n:,})" for w, n in clause.expansions)
        more = clause.expansion_count - len(clause.expansions)
        node.add(Text("= " + shown + (f" and {more:,} more" if more else ""), style="dim"))
    for child in clause.children:
        _branch(node, child, name_of, culprit)


def did_you_mean_text(suggestion: str) -> Text:
    """The spelling to try, as every command shows it on a terminal (the spelling in green)."""
    return Text.assemble("Did you mean: ", (safe_line(suggestion), "bold green"), "?")


def _nothing(message: str, suggestion: str | None, *, style: str = "") -> Text:
    """A view's line for no match, and "Did you mean" under it as ``search`` shows it."""
    text = Text(message, style=style)
    if suggestion:
        text.append("\n")
        text.append(did_you_mean_text(suggestion))
    return text
