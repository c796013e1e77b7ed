"""The ranking model: BM25F with BM25's own idf, its settings (:class:`Ranking`: k1, b and the
title boost) and how ``--ranking k1=0.9,b=0.4`` is read. README "Evaluation" has the
measurements behind the defaults."""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import log
from typing import Any

from whoosh import scoring

from corpus_search.errors import QueryError

__all__ = [
    "BM25_B",
    "BM25_K1",
    "DEFAULT_RANKING",
    "FIELD_BOOSTS",
    "TITLE_BOOST",
    "Ranking",
    "bm25_idf",
    "parse_ranking",
]

# BM25F weight of a title match relative to a body match. Each field is scored on its own and the
# scores add up, and a title's words are nearly always in the body too: a title match already
# counts twice, so a boost above 1 over-rewards it (SciFact nDCG@10: 2.0 -> 0.62, 1.0 -> 0.66,
# 0.5 -> 0.68; README "Evaluation").
TITLE_BOOST = 0.5
FIELD_BOOSTS = {"title": TITLE_BOOST, "body": 1.0}
# BM25 saturation (k1) and length normalisation (b); README "Evaluation" has the measurements.
BM25_K1 = 1.2
BM25_B = 0.75


class _BM25(scoring.BM25F):  # type: ignore[misc]
    """Whoosh's BM25F with BM25's own idf, log(1 + (N - n + 0.5) / (n + 0.5)) as in Lucene, instead
    of Whoosh's tf-idf idf, log(N / (n + 1)) + 1, which under-weights rare words relative to common
    ones (SciFact nDCG@10 +0.007; README "Evaluation")."""

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        return bm25_idf(parent.doc_frequency(fieldname, text), parent.doc_count_all())


def bm25_idf(doc_frequency: int, doc_count: int) -> float:
    """BM25's idf of a word found in ``doc_frequency`` of ``doc_count`` documents."""
    return log(1 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


@dataclass(frozen=True)
class Ranking:
    """The ranking settings ``search`` and ``eval`` share: BM25F's k1 and b, and the title boost."""

    k1: float = BM25_K1
    b: float = BM25_B
    title_boost: float = TITLE_BOOST

    def weighting(self) -> Any:
        """The Whoosh weighting model for these settings (pass to ``ix.searcher(weighting=)``)."""
        return _BM25(B=self.b, K1=self.k1)

    def describe(self) -> str:
        return f"k1={self.k1:g},b={self.b:g},title_boost={self.title_boost:g}"


DEFAULT_RANKING = Ranking()
_RANKING_KEYS = {"k1": "k1", "b": "b", "title_boost": "title_boost", "title": "title_boost"}


def parse_ranking(text: str, *, base: Ranking = DEFAULT_RANKING) -> Ranking:
    """``"k1=0.9,b=0.4,title_boost=1"`` -> ``base`` with those settings replaced (QueryError)."""
    values: dict[str, float] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, eq, raw = item.partition("=")
        key = _RANKING_KEYS.get(name.strip().lower())
        if key is None or not eq:
            raise QueryError(
                f"Unknown ranking setting {item.strip()!r}: use k1=N, b=N, title_boost=N "
                "(e.g. k1=0.9,b=0.4)"
            )
        try:
            value = float(raw)
        except ValueError:
            raise QueryError(f"Ranking setting {name.strip()}: {raw!r} is not a number") from None
        if not value >= 0 or (key == "b" and value > 1):
            raise QueryError(f"Ranking setting {name.strip()}={raw} is out of range")
        values[key] = value
    return replace(base, **values)
