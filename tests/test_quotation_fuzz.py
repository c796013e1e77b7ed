"""find_quotations on generated text made of the pieces its rules look for (quote marks, speech
verbs, names, titles, roles, pronouns, punctuation): it never raises, and every quotation's
offsets hold its text (a crash here would stop a document from being indexed)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_search.documents.quotations import find_quotations

_PIECES = [
    '"',
    "“",
    "”",
    "«",
    "»",
    "'",
    ",",
    ".",
    ":",
    ";",
    "?",
    "!",
    "-",
    " - ",
    "(",
    ")",
    "\n",
    "\n\n",
    " ",
    " ",
    " ",
    "said",
    "says",
    "told",
    "added",
    "Said",
    "adding",
    "according to",
    "wrote",
    "he",
    "she",
    "He",
    "She",
    "it",
    "they",
    "the",
    "The",
    "a",
    "A",
    "of",
    "for",
    "and",
    "that",
    "Mr",
    "Ms",
    "Dr",
    "Lord",
    "Sir",
    "Mr.",
    "Ann",
    "Lee",
    "Bob",
    "May",
    "March",
    "Radio",
    "4",
    "Ken",
    "Quayle",
    "QC",
    "Harbour",
    "International",
    "Group",
    "US",
    "Fed",
    "Reserve",
    "spokesman",
    "spokeswoman",
    "minister",
    "director",
    "coach",
    "chairman",
    "rugby",
    "BBC",
    "Now",
    "But",
    "all",
    "three",
    "matches",
    "statement",
    "in",
    "a statement",
    "reporters",
    "the Whirlwind",
    "Jimmy",
    "White",
    "Campaign",
    "Institute",
    "Professor",
    "Kids",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=120))
def test_generated_text_never_breaks_the_extractor(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for q in find_quotations(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.speaker.strip()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=60), st.lists(st.sampled_from(_PIECES), max_size=60)
)
def test_a_quotation_between_generated_narration_never_breaks_it(
    before: list[str], after: list[str]
) -> None:
    text = " ".join(before) + ' "We will look at every complaint again," ' + " ".join(after)
    for q in find_quotations(text):
        assert text[q.start : q.end] == q.text


_WORDS = st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_WORDS, _WORDS, _WORDS, _WORDS, _WORDS)
def test_sentences_shaped_like_attributions_never_break_it(
    subject: str, verb: str, middle: str, glue: str, after: str
) -> None:
    # 'Subject verb middle "short" glue "a longer quotation of words" after.' and its variants
    text = (
        f'{subject} {verb} {middle} "no doubt" {glue} "it will cut fraud in shops" {after}. '
        f'"Second one here now," {subject} {verb}. {glue}: "Third quotation of words"'
    )
    for q in find_quotations(text):
        assert text[q.start : q.end] == q.text
