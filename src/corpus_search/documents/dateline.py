"""A document's date read from its text: a dateline, and only where a dateline stands.

A date in the text is the document's date only when both hold:

* it is a full, plausible calendar date: day, month and year written together on one line
  ("January 11, 2018", "11 Jan. 2018", "2018-01-11"), a real day, a year from 1800 to next year,
  the weekday right if one is given, and the year not a clock time ("1 March 2000 GMT" is a
  kick-off at eight in the evening, not a year);
* it stands where a dateline stands: in the first ``DATELINE_LINES`` non-empty lines, and either
  alone on its line with only dateline furniture around it (a weekday, a time, "Published",
  "Posted", "Updated", a byline "By Jane Doe", a place in capitals such as "NEW YORK,", "PRESS
  RELEASE", punctuation), or right next to such a cue ("... crime January 11, 2018 ***PRESS
  RELEASE***", "Posted on 3 March 2021 by ..."). A cue word inside a sentence ("the report,
  published on 5 March 2005, found") does not count: it must start its line or be capitalised.
  A quoted line ("> Date: ...", from an e-mail reply) does not count either.

Anything else (a birth date, a deadline, "died on 4 February 2005", a kick-off time) is not the
document's date.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATELINE_LINES", "DATELINE_WINDOW", "dateline"]

DATELINE_LINES = 8  # non-empty lines looked at
DATELINE_WINDOW = 1000  # characters looked at, at most

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"), ("fri", "friday"), ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}  # fmt: skip


def _alternatives(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_MONTH = rf"(?P<month>{_alternatives(_MONTHS)})\.?"
_WEEKDAY = rf"(?:(?P<weekday>{_alternatives(_WEEKDAYS)})\.?,?[ \t]+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_ZONES = r"GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|IST|JST|AEST|AEDT"
# After the year: not more digits, not a clock ("2000 GMT", "1945 hrs", "2000:").
_YEAR = rf"(?P<year>\d{{4}})(?![\d:])(?![ \t]*(?:{_ZONES}|hrs?|h)\b)"
_DATES = [
    re.compile(p, re.I)
    for p in (
        rf"\b{_WEEKDAY}{_MONTH}[ \t]+{_DAY},?[ \t]+{_YEAR}",  # January 11, 2018
        rf"\b{_WEEKDAY}{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH},?[ \t]+{_YEAR}",  # 11 January 2018
        r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])",  # 2018-01-11
    )
]

# Words that announce a date where a dateline stands.
_CUE = (
    r"(?:last[ \t]+)?(?:published|posted|updated|modified|dated|released|issued|filed)"
    r"|date[ \t]*:|(?:press|news|media)[ \t]+release|for[ \t]+immediate[ \t]+release"
)
_BYLINE = r"by[ \t]+(?-i:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})"  # By Jane Doe
# What may stand next to a dateline on its line, besides a cue and a byline.
# One character per repetition: a "+" here, inside the "*" that repeats _FILLER, would try every
# way of splitting a run of asterisks or dashes and hang on a banner line (measured: 18 "*" took
# 26 s, 65 would take years).
_FILLER = (
    rf"[\s\-–—|·•:,;.*()\[\]/#_~]|on\b|at\b|{_alternatives(_WEEKDAYS)}\b|{_ZONES}\b"
    r"|\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t]*[ap]\.?m\b\.?)?|\d{1,2}[ \t]*[ap]\.?m\b\.?"
    r"|[+-]\d{4}\b|\(?reuters\)?|\(?ap\)?\b|\(?afp\)?\b"
)
_FURNITURE = re.compile(rf"(?:{_FILLER}|{_CUE}|{_BYLINE})*", re.I)
_CUE_BEFORE = re.compile(rf"(?:^|[^\w])(?P<cue>{_CUE}|{_BYLINE})(?:{_FILLER})*$", re.I)
_CUE_AFTER = re.compile(rf"^(?:{_FILLER})*?(?P<cue>{_CUE}|{_BYLINE})", re.I)
# A place in capitals opening a news dateline: "NEW YORK, January 11, 2018 — ..."
_PLACE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+)*(?:,[ \t]*[A-Z][a-z]+\.?)?"  # SAN FRANCISCO, Calif.
    r"(?:[ \t]*\(\w+\))?[, \t]*$"  # (Reuters)
)
_DASH = re.compile(r"^[ \t]*(?:\(\w+\)[ \t]*)?[-–—]")


def dateline(body: str) -> dt.datetime | None:
    """The document's date from a dateline near the top of ``body``, or None (see the module)."""
    seen = 0
    for line in body[:DATELINE_WINDOW].split("\n"):
        if line.strip():
            seen += 1
            if line.lstrip().startswith(">"):
                continue  # a quoted message's date is not this one's
            for match in _dates_in(line):
                if _stands_as_dateline(line, match):
                    return _calendar_date(match)
            if seen >= DATELINE_LINES:
                break
    return None


def _dates_in(line: str) -> list[re.Match[str]]:
    found = [m for pattern in _DATES for m in pattern.finditer(line)]
    found = [m for m in found if _calendar_date(m) is not None]
    return sorted(found, key=lambda m: m.start())


def _calendar_date(match: re.Match[str]) -> dt.datetime | None:
    month = match["month"]
    month_number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
    year = int(match["year"])
    if not 1800 <= year <= dt.date.today().year + 1:
        return None
    try:
        date = dt.datetime(year, month_number, int(match["day"]))
    except ValueError:  # February 30
        return None
    weekday = match.groupdict().get("weekday")
    if weekday and _WEEKDAYS[weekday.lower()] != date.weekday():
        return None  # "Tuesday, 1 March 2000" was a Wednesday: not this year
    return date


def _stands_as_dateline(line: str, match: re.Match[str]) -> bool:
    before, after = line[: match.start()], line[match.end() :]
    if _is_furniture(before) and _is_furniture(after):
        return True  # alone on its line, or with a weekday, a time, a cue, a byline
    if _PLACE.match(before) and (_DASH.match(after) or _is_furniture(after)):
        return True  # NEW YORK, January 11, 2018 — The city...
    cue = _CUE_BEFORE.search(before)
    if cue is not None and _prominent(before, cue.start("cue"), cue["cue"]):
        return True  # Published: 3 March 2017 / Posted on ...
    cue = _CUE_AFTER.match(after)
    return cue is not None and cue["cue"][0].isupper()  # ... 2018 ***PRESS RELEASE***


def _is_furniture(text: str) -> bool:
    return _PLACE.match(text) is not None or _FURNITURE.fullmatch(text) is not None


def _prominent(before: str, start: int, cue: str) -> bool:
    """A cue counts when it opens its line or is capitalised, not as a word inside a sentence."""
    return cue[0].isupper() or not before[:start].strip()
