"""Stage 3b, read only: views over every match of a query, not one page of hits.

``kwic`` (concordance lines), ``timeline`` (matches per period), ``terms`` (keyness and
collocates) and ``explain`` (why a query matches what it does). Each returns a dataclass for
``render`` to draw.
"""

from __future__ import annotations

from .explain import Explanation, explain
from .kwic import Concordance, KwicLine, kwic
from .terms import TermRow, TermsResult, collocates, keyness
from .timeline import Bin, Series, Timeline, timeline

__all__ = [
    "Bin",
    "Concordance",
    "Explanation",
    "KwicLine",
    "Series",
    "TermRow",
    "TermsResult",
    "Timeline",
    "collocates",
    "explain",
    "keyness",
    "kwic",
    "timeline",
]
