"""Speaker rules from a review of unseen BBC-style articles (issue 15), on text written for these
tests: a sentence's second half after a verb-first attribution, people before a description
that ends with an organisation, and organisations quoted through their statements."""

from __future__ import annotations

from corpus_search.documents.quotations import find_quotations


def speakers(text: str) -> list[tuple[str, str, str]]:
    """(opening words, speaker, attribution) of each quotation found, checking the offsets."""
    out = []
    for q in find_quotations(text):
        assert text[q.start : q.end] == q.text
        out.append((" ".join(q.text.split()[:3]), q.speaker, q.attribution))
    return out


def test_the_second_half_after_a_verb_first_attribution_is_the_same_speaker() -> None:
    text = (
        'Ministers met on Monday. "A deal is close," said Joan Pike, "but we need more time."\n'
        '"Talks went well," insisted Mr Arlo Venn, chief negotiator for the union, "and they '
        'will resume on Friday."'
    )
    assert speakers(text) == [
        ("A deal is", "Joan Pike", "named"),
        ("but we need", "Joan Pike", "named"),
        ("Talks went well", "Arlo Venn", "named"),
        ("and they will", "Arlo Venn", "named"),
    ]



def test_a_name_before_a_description_ending_with_capitals_is_the_speaker() -> None:
    text = (
        "The fair opened on Friday. Tom Reed, the venue's Events Manager, said: \"We have never "
        'seen crowds like this."\nPaul Dean MP, Labour\'s Chief Secretary to the Treasury, said: '
        '"The budget is sound."\nLiz Marr, a former Eton pupil and joint leader of the South Vale '
        'Hunt, said: "I have no regrets."\nChelsea, the league leaders, said: "We are calm."'
    )
    assert speakers(text) == [
        ("We have never", "Tom Reed", "named"),
        ("The budget is", "Paul Dean", "named"),
        ("I have no", "Liz Marr", "named"),
        ("We are calm.", "Chelsea", "named"),
    ]
