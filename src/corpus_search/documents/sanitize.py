"""Make untrusted text safe and tidy to index and to print.

Document text ends up on a terminal. Escape sequences could recolour the screen, retitle the window
or plant hyperlinks (OSC 8); bidi overrides can make a line read differently from its bytes.
Cleaning happens once, at ingest, so the character offsets the index stores line up with what is
printed. Standard library only.
"""

from __future__ import annotations

import re

from corpus_search.config import UNSAFE_CHARACTERS

__all__ = ["clean_line", "clean_text", "drop_repeated_paragraphs", "strip_controls"]

# ESC-introduced sequences, 7-bit and 8-bit forms. String commands (OSC, DCS, SOS, PM, APC) run to
# BEL or ST; an unterminated one is cut at the end of its line rather than eating the document.
_STRING_CMD = r"(?:\x1b[\]P^_X]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
_CSI = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
_OTHER_ESC = r"\x1b[ -/]*[0-~]"
_ESCAPES = re.compile(f"{_STRING_CMD}|{_CSI}|{_OTHER_ESC}")
# Every escape sequence starts with one of these; a search for them is ~10x faster than _ESCAPES.
_ESCAPE_START = re.compile("[\x1b\x9b\x9d\x90\x98\x9e\x9f]")

# Line breaks spelled other ways. Form feed and vertical tab are page/line breaks in old text dumps.
_NEWLINES = str.maketrans(
    {"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
)

# C0/C1 controls except \t and \n (\r, \x0b and \x0c are handled before this runs); DEL; bidi
# embeddings/overrides/isolates and marks (config.UNSAFE_CHARACTERS), and invisible junk:
# zero-width space, word joiner, BOM/ZWNBSP, soft hyphen, Mongolian vowel separator.
# ZWJ/ZWNJ (U+200C/D) stay: emoji sequences and several scripts need them.
_INVISIBLE = re.compile(f"[{UNSAFE_CHARACTERS}\u200b\u2060\ufeff\u00ad\u180e]")

# Every Unicode space except tab and newline becomes a plain space.
_SPACES = re.compile("[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_EDGES = re.compile(r"[ \t]*\n[ \t]*")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_ANY_WHITESPACE = re.compile(r"\s+")

# Lines at least this long that repeat an earlier line are scraping artefacts (a teaser followed by
# the full post); shorter ones ("Yes", "* * *", a refrain) are left alone.
_MIN_REPEATED_LINE = 40


def strip_controls(text: str) -> str:
    """Remove escape sequences, control, bidi and zero-width characters; normalise line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ESCAPE_START.search(text):
        text = _ESCAPES.sub("", text)
    text = text.translate(_NEWLINES)
    return _INVISIBLE.sub("", text)


def drop_repeated_paragraphs(text: str) -> str:
    """Drop paragraphs (and long lines) that exactly repeat an earlier one, keeping the first.

    Paragraphs are separated by blank lines and compared with whitespace normalised.
    """
    seen_paragraphs: set[str] = set()
    seen_lines: set[str] = set()
    kept: list[str] = []
    # Keys are whitespace-normalised: " ".join(s.split()) is _ANY_WHITESPACE.sub(" ", s).strip()
    # (str.split and re's \s agree on every character), and a line shorter than the minimum cannot
    # have a key that long.
    for paragraph in text.split("\n\n"):
        lines = []
        for line in paragraph.split("\n"):
            if len(line) >= _MIN_REPEATED_LINE:
                line_key = " ".join(line.split())
                if len(line_key) >= _MIN_REPEATED_LINE:
                    if line_key in seen_lines:
                        continue
                    seen_lines.add(line_key)
            lines.append(line)
        # Keyed after dropping lines, so a second pass finds nothing more to drop.
        paragraph = "\n".join(lines)
        key = " ".join(paragraph.split())
        if key and key not in seen_paragraphs:
            seen_paragraphs.add(key)
            kept.append(paragraph)
    return "\n\n".join(kept)


def clean_text(text: str, *, dedupe: bool = True) -> str:
    """Clean a document body: no escapes or controls, plain spaces, trimmed lines, at most one blank
    line in a row, and (unless ``dedupe=False``) no exact repeated paragraphs."""
    text = strip_controls(text)
    text = _SPACES.sub(" ", text)
    text = _LINE_EDGES.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text).strip()
    if dedupe:
        text = drop_repeated_paragraphs(text)
    return text


def clean_line(text: str) -> str:
    """Clean a one-line value (title, author, tag): as ``clean_text`` but all whitespace becomes one
    space."""
    return _ANY_WHITESPACE.sub(" ", strip_controls(text)).strip()
