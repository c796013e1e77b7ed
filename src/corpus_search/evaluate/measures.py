"""Retrieval evaluation: topics + relevance judgments + a ranker -> IR measures (via ir-measures).

How a run is scored:

- The **ranker** is any ``Callable[[str, int], Sequence[tuple[str, float]]]``: given a topic's
  text and a depth it returns ``(docid, score)`` pairs, best first. The real one is
  ``searching.rank``, which runs the topic as a bag-of-words OR query with the index's analyzer, so
  quotes, colons and ``AND`` in topics are plain words, never query syntax. Evaluation never sees
  Whoosh.
- **Only judged topics are evaluated**: a topic with no judgment of relevance > 0 is dropped and
  counted in ``unjudged_topics``; judged query ids with no topic are counted in ``missing_topics``.
- The ranking is scored **in the order the ranker returned it** (duplicate docids keep their first
  position, the list is cut at ``depth``); ties in score are not reordered by docid.
- Document ids containing whitespace (file paths with spaces) are percent-encoded
  (``my%20notes.txt``) by :func:`run_docid`, in the scored run and in run files alike: runs and
  qrels are whitespace-separated, so qrels must name such documents the same way.
- A topic with **zero results** (or whose query the ranker rejects with ``QueryError``) stays in the
  evaluation and scores **0** on every measure; its id is listed in ``no_results``.
- ``overall`` is the arithmetic mean over the evaluated topics of the per-topic values (trec_eval's
  ``-c`` convention). nDCG uses the judged relevance as the gain (trec_eval's ``ndcg_cut``); P, R,
  AP and RR count relevance >= 1 as relevant.

Measures are named as reported: ``nDCG@10``, ``MAP`` (ir-measures ``AP``), ``P@10``, ``R@100`` and
``MRR`` (``RR``); any other ir-measures name (``R@1000``, ``nDCG@20``...) also works.
``import ir_measures`` happens only inside :func:`evaluate`. Topics and judgments are read by
:mod:`.judgments`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple, TextIO

from corpus_search.errors import InputError, QueryError

Ranker = Callable[[str, int], Sequence[tuple[str, float]]]

# Reported name -> ir-measures name.
MEASURE_ALIASES: dict[str, str] = {
    "nDCG@10": "nDCG@10",
    "MAP": "AP",
    "P@10": "P@10",
    "R@100": "R@100",
    "MRR": "RR",
}
DEFAULT_MEASURES: tuple[str, ...] = tuple(MEASURE_ALIASES)
DEFAULT_DEPTH = 1000
DEFAULT_RUN_TAG = "corpus-search"

_WHITESPACE = re.compile(r"\s")
_TIE = 1e-9


class RunLine(NamedTuple):
    """One line of a TREC run: ``qid Q0 docid rank score tag``."""

    qid: str
    docid: str
    rank: int
    score: float


@dataclass(frozen=True)
class EvalResult:
    """The measures of one configuration on one set of judged topics (dicts are read-only)."""

    measures: tuple[str, ...]
    overall: dict[str, float]  # measure -> mean over the evaluated topics
    per_query: dict[str, dict[str, float]]  # qid -> measure -> value, in topic order
    queries: int  # topics evaluated
    unjudged_topics: int = 0  # topics dropped: no relevant judgment
    missing_topics: int = 0  # judged query ids with no topic
    no_results: tuple[str, ...] = ()  # evaluated topics the ranker returned nothing for (scored 0)
    failed: dict[str, str] = field(default_factory=dict)  # qid -> QueryError message (scored 0)
    run: tuple[RunLine, ...] = ()
    depth: int = DEFAULT_DEPTH

    def to_dict(self, *, per_query: bool = False) -> dict[str, Any]:
        """JSON-ready: keys ``measures, overall, queries, unjudged_topics, missing_topics,
        no_results, failed, depth`` and, with ``per_query=True``, ``per_query``."""
        out: dict[str, Any] = {
            "measures": list(self.measures),
            "overall": dict(self.overall),
            "queries": self.queries,
            "unjudged_topics": self.unjudged_topics,
            "missing_topics": self.missing_topics,
            "no_results": list(self.no_results),
            "failed": dict(self.failed),
            "depth": self.depth,
        }
        if per_query:
            out["per_query"] = {qid: dict(values) for qid, values in self.per_query.items()}
        return out


@dataclass(frozen=True)
class MeasureDelta:
    a: float
    b: float
    delta: float  # b - a


@dataclass(frozen=True)
class QueryDelta:
    qid: str
    a: float
    b: float
    delta: float  # b - a: positive means b won


@dataclass(frozen=True)
class Comparison:
    """B against A: a *win* is a topic where B scores higher on ``measure``."""

    measure: str
    overall: dict[str, MeasureDelta]  # every measure both results have
    per_query: tuple[QueryDelta, ...]  # sorted by delta, largest loss first
    wins: tuple[str, ...]
    losses: tuple[str, ...]
    ties: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: keys ``measure, overall, wins, losses, ties, per_query``."""
        return {
            "measure": self.measure,
            "overall": {m: {"a": d.a, "b": d.b, "delta": d.delta} for m, d in self.overall.items()},
            "wins": len(self.wins),
            "losses": len(self.losses),
            "ties": len(self.ties),
            "per_query": [
                {"qid": q.qid, "a": q.a, "b": q.b, "delta": q.delta} for q in self.per_query
            ],
        }


def evaluate(
    topics: Mapping[str, str],
    qrels: Mapping[str, Mapping[str, int]],
    ranker: Ranker,
    *,
    depth: int = DEFAULT_DEPTH,
    measures: Sequence[str] = DEFAULT_MEASURES,
    progress: Callable[[int, int], None] | None = None,
) -> EvalResult:
    """Run every judged topic through ``ranker`` and score the run with ir-measures.

    ``progress(done, total)`` is called after each topic. See the module docstring for the rules
    (judged topics only, zero results score 0, the ranker's order is kept).
    Raises InputError if no topic is judged or a measure name is unknown.
    """
    if depth < 1:
        raise InputError(f"depth must be at least 1, got {depth}")
    parsed = _parse_measures(measures)
    judged = {qid for qid, docs in qrels.items() if any(rel > 0 for rel in docs.values())}
    evaluated = [qid for qid in topics if qid in judged]
    if not evaluated:
        raise InputError(
            "No topic has a relevance judgment: check that the topic ids match the query ids "
            "in the qrels file (first topic ids: "
            + ", ".join(list(topics)[:3])
            + "; first qrels ids: "
            + ", ".join(list(qrels)[:3])
            + ")"
        )
    run_lines: list[RunLine] = []
    no_results: list[str] = []
    failed: dict[str, str] = {}
    for done, qid in enumerate(evaluated, start=1):
        try:
            ranked = ranker(topics[qid], depth)
        except QueryError as exc:
            ranked = []
            failed[qid] = str(exc)
        lines = _rank_lines(qid, ranked, depth)
        if not lines:
            no_results.append(qid)
        run_lines.extend(lines)
        if progress is not None:
            progress(done, len(evaluated))
    per_query = _score(parsed, evaluated, qrels, run_lines)
    overall = {
        name: sum(values[name] for values in per_query.values()) / len(per_query)
        for name, _ in parsed
    }
    return EvalResult(
        measures=tuple(name for name, _ in parsed),
        overall=overall,
        per_query=per_query,
        queries=len(evaluated),
        unjudged_topics=len(topics) - len(evaluated),
        missing_topics=len(judged.difference(topics)),
        no_results=tuple(no_results),
        failed=failed,
        run=tuple(run_lines),
        depth=depth,
    )


def _parse_measures(names: Sequence[str]) -> list[tuple[str, Any]]:
    import ir_measures  # lazy: heavy, and only eval needs it

    parsed: list[tuple[str, Any]] = []
    for name in names:
        try:
            measure = ir_measures.parse_measure(MEASURE_ALIASES.get(name, name))
        except (ValueError, NameError, SyntaxError, TypeError, AttributeError):
            raise InputError(
                f"Unknown measure {name!r}. Use names like " + ", ".join(DEFAULT_MEASURES)
            ) from None
        parsed.append((name, measure))
    if not parsed:
        raise InputError("No measures to compute")
    return parsed


def _rank_lines(qid: str, ranked: Sequence[tuple[str, float]], depth: int) -> list[RunLine]:
    lines: list[RunLine] = []
    seen: set[str] = set()
    for raw, score in ranked:
        docid = run_docid(raw)
        if docid in seen:
            continue
        seen.add(docid)
        lines.append(RunLine(qid, docid, len(lines) + 1, float(score)))
        if len(lines) == depth:
            break
    return lines


def run_docid(docid: str) -> str:
    """``docid`` as it appears in runs and must appear in qrels: whitespace (a file path with a
    space) is percent-encoded, ``my notes.txt`` -> ``my%20notes.txt``; other ids are unchanged."""
    if not _WHITESPACE.search(docid):
        return docid
    return _WHITESPACE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), docid)


def _score(
    parsed: list[tuple[str, Any]],
    evaluated: list[str],
    qrels: Mapping[str, Mapping[str, int]],
    run_lines: list[RunLine],
) -> dict[str, dict[str, float]]:
    import ir_measures

    eval_qrels = {qid: dict(qrels[qid]) for qid in evaluated}
    # Scores that strictly fall with rank, so ir-measures keeps the ranker's order even on ties.
    eval_run: dict[str, dict[str, float]] = {}
    for line in run_lines:
        eval_run.setdefault(line.qid, {})[line.docid] = float(-line.rank)
    per_query = {qid: {name: 0.0 for name, _ in parsed} for qid in evaluated}
    by_measure = {measure: name for name, measure in parsed}
    if eval_run:
        for metric in ir_measures.iter_calc([m for _, m in parsed], eval_qrels, eval_run):
            name = by_measure.get(metric.measure)
            if name is not None and metric.query_id in per_query:
                per_query[metric.query_id][name] = float(metric.value)
    return per_query


# --------------------------------------------------------------------------- run files


def write_run(
    path: str | os.PathLike[str] | TextIO,
    run: Iterable[RunLine | tuple[str, str, int, float]],
    *,
    tag: str = DEFAULT_RUN_TAG,
) -> int:
    """Write a TREC run file, one ``qid Q0 docid rank score tag`` line per result; return the count.

    ``path`` may be an open text stream (e.g. stdout). Scores are written with 6 decimals.
    Raises InputError if a qid, docid or the tag is empty or contains whitespace.
    """
    _check_token(tag, "run tag")
    if isinstance(path, (str, os.PathLike)):
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                return _write_run_lines(out, run, tag)
        except OSError as exc:
            raise InputError(f"Cannot write the run file {path}: {exc.strerror or exc}") from None
    return _write_run_lines(path, run, tag)


def _write_run_lines(
    out: IO[str], run: Iterable[RunLine | tuple[str, str, int, float]], tag: str
) -> int:
    count = 0
    for qid, docid, rank, score in run:
        _check_token(qid, "query id")
        _check_token(docid, "document id")
        out.write(f"{qid} Q0 {docid} {int(rank)} {float(score):.6f} {tag}\n")
        count += 1
    return count


def _check_token(value: str, what: str) -> None:
    if not value or _WHITESPACE.search(value):
        raise InputError(f"A run file {what} must be non-empty with no spaces, got {value!r}")


# --------------------------------------------------------------------------- comparing


def compare(a: EvalResult, b: EvalResult, *, measure: str = "nDCG@10") -> Comparison:
    """Compare configuration B with A on the same topics: per-topic deltas (b - a) on ``measure``,
    wins (B higher), losses (B lower), ties (within 1e-9), and the overall delta of every measure.

    Raises InputError if ``measure`` is missing from either result or the topic sets differ.
    """
    if measure not in a.measures or measure not in b.measures:
        raise InputError(f"Measure {measure!r} is not in both results")
    if set(a.per_query) != set(b.per_query):
        raise InputError(
            "The two results were evaluated on different topics; compare runs on the same "
            "topics and qrels"
        )
    deltas = [
        QueryDelta(qid, va, vb, vb - va)
        for qid in a.per_query
        for va, vb in [(a.per_query[qid][measure], b.per_query[qid][measure])]
    ]
    wins = tuple(d.qid for d in deltas if d.delta > _TIE)
    losses = tuple(d.qid for d in deltas if d.delta < -_TIE)
    ties = tuple(d.qid for d in deltas if abs(d.delta) <= _TIE)
    overall = {
        m: MeasureDelta(a.overall[m], b.overall[m], b.overall[m] - a.overall[m])
        for m in a.measures
        if m in b.overall
    }
    return Comparison(
        measure=measure,
        overall=overall,
        per_query=tuple(sorted(deltas, key=lambda d: (d.delta, d.qid))),
        wins=wins,
        losses=losses,
        ties=ties,
    )
