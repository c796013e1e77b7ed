"""sanitize: what reaches the index (and the terminal) has no escapes, controls or bidi tricks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus_search.documents.sanitize import (
    clean_line,
    clean_text,
    drop_repeated_paragraphs,
    strip_controls,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\x1b[31mred\x1b[0m text", "red text"),  # SGR colour
        ("\x1b[2J\x1b[Hcleared", "cleared"),  # clear screen, cursor home
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("\x1b]0;pwned title\x07after", "after"),  # OSC title change, BEL-terminated
        ("\x1b]2;title\x1b\\after", "after"),  # OSC, ST-terminated
        ("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ here", "click here"),  # OSC 8
        ("\x1bPdevice control\x1b\\ok", "ok"),  # DCS
        ("\x1b(Bcharset", "charset"),  # designate character set
        ("\x1b7saved\x1b8", "saved"),  # save/restore cursor
        ("bell\x07 back\x08space", "bell backspace"),  # C0 controls
        ("c1\x85next", "c1\nnext"),  # NEL is a line break
        ("c1\x80\x8a\x96gone", "c1gone"),  # other C1 controls
        ("dcs\x90payload\x9cafter", "dcsafter"),  # 8-bit DCS ... ST
        ("del\x7fete", "delete"),
        ("lone\x1b", "lone"),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_escapes_and_controls_are_stripped(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\u202eevil\u202c.txt", "evil.txt"),  # right-to-left override
        ("a\u2066b\u2067c\u2068d\u2069e", "abcde"),  # isolates
        ("\u202a\u202b\u202dx", "x"),  # embeddings
        ("zero\u200bwidth\u2060join\ufeff", "zerowidthjoin"),
        ("soft\u00adhyphen", "softhyphen"),
        ("emoji\u200dzwj", "emoji\u200dzwj"),  # ZWJ is kept: emoji sequences need it
    ],
)
def test_bidi_and_zero_width_are_stripped(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("non\xa0breaking\u2009thin\u3000wide\u202fnarrow", "non breaking thin wide narrow"),
        ("many     spaces", "many spaces"),
        ("  trimmed  \n  lines  ", "trimmed\nlines"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("a\n \t \n \nb", "a\n\nb"),
        ("page\x0cbreak", "page\nbreak"),
        ("para\u2029graph", "para\n\ngraph"),
        ("", ""),
    ],
)
def test_whitespace_is_normalised(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_repeated_paragraphs_are_dropped_keeping_the_first() -> None:
    text = "One para.\n\nTwo  para.\n\nOne para.\n\nTwo para.\n\nThree."
    assert clean_text(text) == "One para.\n\nTwo para.\n\nThree."
    assert (
        clean_text(text, dedupe=False)
        == "One para.\n\nTwo para.\n\nOne para.\n\nTwo para.\n\nThree."
    )


def test_long_repeated_lines_are_dropped_short_ones_kept() -> None:
    long_line = "Silence on Violence: Boff recommends all violence be treated seriously."
    text = f"{long_line}\n{long_line}\nYes\nYes"
    assert drop_repeated_paragraphs(text) == f"{long_line}\nYes\nYes"


def test_clean_line_makes_one_line() -> None:
    assert (
        clean_line("  A\ttitle\n\nover\r\nlines \x1b[1mbold\x1b[0m\u202e ")
        == "A title over lines bold"
    )


def test_strip_controls_keeps_layout() -> None:
    assert strip_controls("a  b\n\n\nc") == "a  b\n\n\nc"


# Everything the cleaner removes, mixed with ordinary text, spaces and line breaks.
_JUNK = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b]8;;x\x07",
        "\x00",
        "\x07",
        "\x9b",
        "\u202e",
        "\u2066",
        "\u200b",
        "\xa0",
        "\r",
    ]
)
_PIECES = st.one_of(_JUNK, st.sampled_from([" ", "\n", "\t", "\n\n\n"]), st.text(max_size=8))


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_clean_text_is_safe_and_idempotent(raw: str) -> None:
    cleaned = clean_text(raw)
    assert clean_text(cleaned) == cleaned
    assert "\x1b" not in cleaned and "\r" not in cleaned and "\n\n\n" not in cleaned
    assert not any(c in cleaned for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert all(c in "\n\t" or not (ord(c) < 32 or 0x7F <= ord(c) <= 0x9F) for c in cleaned)


@given(st.text(max_size=200))
def test_clean_line_has_no_line_breaks(raw: str) -> None:
    line = clean_line(raw)
    assert "\n" not in line and "\r" not in line and line == line.strip()


def test_split_and_join_normalise_whitespace_as_the_regex_does() -> None:
    # drop_repeated_paragraphs keys lines with " ".join(s.split()), the faster equivalent.
    from corpus_search.documents.sanitize import _ANY_WHITESPACE

    spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    for s in [spaces, f"a{spaces}b", " x \u00a0y\x1c\x1dz\u3000 ", "", "plain words"]:
        assert " ".join(s.split()) == _ANY_WHITESPACE.sub(" ", s).strip()
    assert all(_ANY_WHITESPACE.fullmatch(c) for c in spaces)
