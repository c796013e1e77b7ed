"""Snippet cutting: sentence-aware fragments whose spans point at the matched words."""

from __future__ import annotations

import pytest

from corpus_search.searching.highlight import _phrase_matches, make_snippets

TEXT = (
    "The council met on Monday. Police chiefs spoke first. "
    "Then the mayor described a new policy on sex workers and safety. "
    "Nothing else happened. "
    * 1
    + "Filler sentence number one is here. " * 20
    + "At the very end, sex workers spoke again."
)


def spans_of(text: str, *words: str) -> list[tuple[int, int, str]]:
    found = []
    for word in words:
        start = text.find(word)
        while start != -1:
            found.append((start, start + len(word), word))
            start = text.find(word, start + 1)
    return sorted(found)


def test_fragment_starts_at_a_sentence_and_marks_the_match() -> None:
    (snippet,) = make_snippets(TEXT, spans_of(TEXT, "mayor")[:1], fragments=1, context=60)
    assert snippet.text.startswith("Then the mayor")
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["mayor"]


def test_fragments_come_in_text_order_best_first_chosen() -> None:
    spans = spans_of(TEXT, "sex workers", "mayor")
    snippets = make_snippets(TEXT, spans, fragments=2, context=40)
    assert len(snippets) == 2
    assert "mayor" in snippets[0].text and "very end" in snippets[1].text
    for snippet in snippets:
        assert all(snippet.text[s:e] in ("sex workers", "mayor") for s, e in snippet.spans)


def test_cut_inside_a_sentence_is_marked_with_an_ellipsis() -> None:
    text = "word " * 100 + "needle " + "word " * 100
    (snippet,) = make_snippets(text, spans_of(text, "needle"), context=30)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["needle"]
    assert len(snippet.text) < 100


def test_no_matches_shows_the_opening() -> None:
    (snippet,) = make_snippets(TEXT, [], context=40)
    assert snippet.text.startswith("The council met on Monday.") and snippet.spans == ()


def test_newlines_do_not_shift_offsets() -> None:
    text = "First line.\nSecond line has the target.\nThird."
    (snippet,) = make_snippets(text, spans_of(text, "target"), context=80)
    assert "\n" not in snippet.text
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["target"]


@pytest.mark.parametrize(
    "positions, slop, expected",
    [
        ([[(1, 0, 3)], [(2, 4, 9)]], 1, [(0, 9)]),  # adjacent
        ([[(1, 0, 3)], [(3, 8, 13)]], 1, []),  # a word between: no exact phrase
        ([[(1, 0, 3)], [(3, 8, 13)]], 2, [(0, 13)]),  # within slop 2
        ([[(1, 0, 3), (7, 30, 33)], [(8, 34, 39)]], 1, [(30, 39)]),
        ([[], [(8, 34, 39)]], 1, []),
    ],
)
def test_phrase_spans(positions: list, slop: int, expected: list) -> None:
    assert [(s, e) for s, e, _, _ in _phrase_matches(positions, slop)] == expected
