"""``corpus-search timeline``: matching documents per day, week, month or year, by document date.

Dates come from the index's date column (front matter, metadata or a dateline; never a file's
modification time). Every period between the first and the last dated match is a bin, empty ones
included, with the number of corpus documents dated in it beside the number of matches; undated
matches are counted apart. ``split`` draws one series per author or tag (the ``top`` commonest).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from corpus_search.index import Index
from corpus_search.searching.matches import dated_matches
from corpus_search.searching.suggest import suggest_for

Period = Literal["day", "week", "month", "year"]
Split = Literal["author", "tag"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "year")
# A day-by-day timeline of a corpus spanning centuries would print a million lines; refuse it.
MAX_BINS = 100_000


@dataclass(frozen=True)
class Series:
    """One author's or tag's matching documents: one count per bin, and its undated ones."""

    name: str
    documents: int
    counts: tuple[int, ...]
    undated: int


@dataclass(frozen=True)
class Bin:
    """One period, ``start`` to ``end`` (both inclusive days): matches and corpus documents."""

    start: date
    end: date
    documents: int
    corpus_documents: int

    @property
    def share(self) -> float | None:
        """Matches as a share of the period's documents (None for a period with none)."""
        return self.documents / self.corpus_documents if self.corpus_documents else None


@dataclass(frozen=True)
class Timeline:
    """Matching documents per period. ``total`` counts every match, dated or not."""

    query: str
    by: Period
    bins: tuple[Bin, ...]
    undated: int
    total: int
    corpus_undated: int = 0
    split: Split | None = None
    series: tuple[Series, ...] = ()
    suggestion: str | None = None  # "Did you mean", when nothing matched


def period_start(day: date, by: Period) -> date:
    """The first day of the period holding ``day`` (weeks start on Monday, as ISO weeks)."""
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: date, by: Period) -> date:
    """The first day of the period after the one starting on ``start``."""
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def period_label(start: date, by: Period) -> str:
    """How a period is shown: 2017-02-03, 2017-W05, 2017-02 or 2017."""
    if by == "day":
        return start.isoformat()
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start.year:04d}"


def bin_days(
    hit_days: Sequence[int | None], corpus_days: Sequence[int | None], by: Period
) -> tuple[list[tuple[date, date, int, int]], int]:
    """Bin day ordinals (``date.toordinal``; None for undated) into periods.

    Returns ([(start, end, matches, corpus documents)] from the first to the last period holding
    a dated match, empty periods included, and the number of undated matches).
    """
    hits = _per_period(hit_days, by)
    undated = hits.pop(None, 0)
    if not hits:
        return [], undated
    corpus = _per_period(corpus_days, by)
    dated = [start for start in hits if start is not None]
    start, last = min(dated), max(dated)
    bins = []
    while start <= last:
        following = next_period(start, by)
        end = following - timedelta(days=1)
        bins.append((start, end, hits.get(start, 0), corpus.get(start, 0)))
        if len(bins) > MAX_BINS:
            raise ValueError(f"more than {MAX_BINS:,} periods")
        start = following
    return bins, undated


def _per_period(days: Sequence[int | None], by: Period) -> Counter[date | None]:
    """Documents per period start (None: undated), each distinct day converted once."""
    per_day = Counter(days)
    out: Counter[date | None] = Counter()
    for day, count in per_day.items():
        out[None if day is None else period_start(date.fromordinal(day), by)] += count
    return out


def timeline(
    index: Index,
    query: str,
    *,
    by: Period = "month",
    split: Split | None = None,
    top: int = 5,
    match_all: bool = True,
) -> Timeline:
    """Matching documents per ``by`` period over every match of ``query``, with the corpus's
    documents per period beside them; ``split`` adds one series per author or tag (``top``
    commonest among the matches). Raises QueryError for a query that cannot run."""
    from corpus_search.errors import QueryError

    found = dated_matches(index, query, match_all=match_all, values=split)
    try:
        rows, undated = bin_days(found.hit_days, found.corpus_days, by)
    except ValueError:
        raise QueryError(
            f"The matches span more than {MAX_BINS:,} {by}s; use a longer period, e.g. --by year"
        ) from None
    bins = tuple(Bin(start, end, n, corpus) for start, end, n, corpus in rows)
    series: tuple[Series, ...] = ()
    if split is not None:
        series = _series(found.hit_days, found.hit_values, bins, by, top)
    return Timeline(
        query=query,
        by=by,
        bins=bins,
        undated=undated,
        total=len(found.hit_days),
        corpus_undated=sum(1 for d in found.corpus_days if d is None),
        split=split,
        series=series,
        suggestion=None if found.hit_days else suggest_for(index, query),
    )


def _series(
    days: Sequence[int | None],
    values: Sequence[tuple[str, ...]],
    bins: Sequence[Bin],
    by: Period,
    top: int,
) -> tuple[Series, ...]:
    """The ``top`` values with the most matching documents (ties by name), one count per bin."""
    per_value: Counter[str] = Counter(v for vs in values for v in set(vs))
    chosen = sorted(per_value, key=lambda v: (-per_value[v], v))[: max(0, top)]
    position = {b.start: i for i, b in enumerate(bins)}
    out = []
    for name in chosen:
        counts = [0] * len(bins)
        undated = 0
        for day, vs in zip(days, values, strict=True):
            if name not in vs:
                continue
            if day is None:
                undated += 1
            else:
                counts[position[period_start(date.fromordinal(day), by)]] += 1
        out.append(Series(name, per_value[name], tuple(counts), undated))
    return tuple(out)
