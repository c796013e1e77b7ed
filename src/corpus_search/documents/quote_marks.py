"""Where quotations are in a text: quotation marks paired into spans, before any attribution.

- **Marks.** Straight (``"``) and curly (“ ”) double quotes and guillemets (« »). Single quotes
  are apostrophes or quotes inside quotes ("'Here we're not ...'"), so they never open one.
  A straight quote opens when it follows a space or the start of a line and is followed by a
  word, and closes otherwise.
- **Long quotations.** News prose reopens a quotation, without closing it, at each new paragraph
  or sentence of the same speech (``said: "A. "B."``, or a paragraph ending unclosed and the next
  starting with a quote mark): those parts are one quotation. A mark left open at a blank line
  (with no reopening), or for more than ``MAX_QUOTE_CHARS``, is ignored: an unbalanced mark never
  swallows the rest of the document.
"""

from __future__ import annotations

import re

__all__ = ["MAX_QUOTE_CHARS", "quote_spans", "reopenings"]

MAX_QUOTE_CHARS = 3_000

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_MARK = re.compile('["“”«»]')
_OPENERS = "“«"
_CLOSERS = "”»"
_LEFT_EDGE = " \t\n([{—–-/"  # before an opening straight quote


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(text start, text end, opening mark, after the closing mark) of each quotation."""
    marks = [(m.start(), m.group()) for m in _MARK.finditer(text)]
    spans: list[tuple[int, int, int, int]] = []
    open_at = -1  # the opening mark of the quotation being read
    part_at = -1  # the latest (re)opening mark
    skip = -1  # the closing mark of a pair nested in the quotation being read
    for k, (pos, mark) in enumerate(marks):
        if pos == skip:
            continue
        role = _mark_role(text, pos, mark)
        if open_at >= 0 and role == "open" and k + 1 < len(marks):
            nested_end = marks[k + 1][0]
            if _nested(
                text, part_at, pos, nested_end, _mark_role(text, nested_end, marks[k + 1][1])
            ):
                skip = nested_end  # he was going to "fake" an injury: inside the quotation
                continue
        if open_at >= 0:
            crossed = _BLANK_LINE.search(text, part_at, pos) is not None
            too_long = pos - open_at > MAX_QUOTE_CHARS
            if role == "open" or too_long or crossed:
                if not too_long and role == "open" and _reopens(text, part_at, pos, crossed):
                    part_at = pos  # the same speech goes on: one quotation
                    continue
                open_at = -1  # an unbalanced mark: forget it
            else:
                start, end = _trim(text, open_at + 1, pos)
                if end > start:
                    spans.append((start, end, open_at, pos + 1))
                open_at = -1
                continue
        if role != "close":
            open_at = part_at = pos
    return spans


def reopenings(text: str, open_at: int, close_at: int) -> list[int]:
    """The marks inside the quotation opened at ``open_at`` that reopen it (``"A. "B."``)."""
    return [
        m.start()
        for m in _MARK.finditer(text, open_at + 1, close_at - 1)
        if _mark_role(text, m.start(), m.group()) == "open"
        and _ends_sentence(text, open_at + 1, m.start())
    ]


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` ends a sentence, behind spaces and then closing quotes or a bracket
    (``... 'This is my day.' ``), read backwards from ``end``: no copy of a long quotation."""
    i = end - 1
    while i >= start and text[i].isspace():
        i -= 1
    while i >= start and text[i] in "'’)":
        i -= 1
    return i >= start and text[i] in ".!?…:;—–-"


def _mark_role(text: str, pos: int, mark: str) -> str:
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if before in _LEFT_EDGE and not after.isspace():
        return "open"
    if not before.isspace():
        return "close"
    return "either"


def _reopens(text: str, part_at: int, pos: int, crossed: bool) -> bool:
    """A new opening mark at ``pos`` carries on the speech opened at ``part_at``: the part before
    ends a sentence, and across a line break the mark starts the next paragraph."""
    if not _ends_sentence(text, part_at + 1, pos):  # ... 'This is my day.' "But
        return False
    breaks = _PARAGRAPH_BREAK.findall(text[part_at + 1 : pos])
    if len(breaks) > 1:
        return False  # a paragraph without quotation marks between: not the same speech
    if breaks:
        crossed = True
    if crossed:  # the mark must open the new paragraph
        return not text[text.rfind("\n", part_at, pos) + 1 : pos].strip()
    return True


def _nested(text: str, part_at: int, pos: int, close: int, close_role: str) -> bool:
    """A short quoted phrase inside a quotation written with the same marks (``"... he would
    "fake" an injury ..."``): the mark at ``pos`` is mid-sentence, the next mark closes within a
    few words and the sentence goes on after it in lowercase."""
    before = text[part_at + 1 : pos].rstrip()
    if not before or before[-1] in ".!?…:;" or "\n" in text[part_at:pos]:
        return False
    inner = text[pos + 1 : close]
    if close_role == "open" or close - pos > 60 or re.search(r"[.!?]\s", inner):
        return False
    return re.match(r"[,;]?\s+[a-z]", text[close + 1 : close + 4]) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
