"""The evaluate stage (after views, before render): retrieval evaluation. Topics and relevance
judgments (:mod:`.judgments`) + a ranker -> IR measures, and two configurations compared
(:mod:`.measures`, which says how a run is scored). ``ir_measures`` is imported only by
:func:`evaluate`."""

from __future__ import annotations

from .judgments import Qrels, Topics, load_qrels, load_topics
from .measures import (
    DEFAULT_DEPTH,
    DEFAULT_MEASURES,
    DEFAULT_RUN_TAG,
    MEASURE_ALIASES,
    Comparison,
    EvalResult,
    MeasureDelta,
    QueryDelta,
    Ranker,
    RunLine,
    compare,
    evaluate,
    run_docid,
    write_run,
)

__all__ = [
    "DEFAULT_DEPTH",
    "DEFAULT_MEASURES",
    "DEFAULT_RUN_TAG",
    "MEASURE_ALIASES",
    "Comparison",
    "EvalResult",
    "MeasureDelta",
    "QueryDelta",
    "Qrels",
    "Ranker",
    "RunLine",
    "Topics",
    "compare",
    "evaluate",
    "load_qrels",
    "load_topics",
    "run_docid",
    "write_run",
]
