"""Speaker rules from reviewing a development pool of news articles (issue 15), on text written
for these tests: a title's last capitalised word is not part of the name after it, "X of Y" is
one name, a person named in an appositive is a person, and a name set off by a comma after a
long role is that role's holder."""

from __future__ import annotations

from corpus_search.documents.quotations import find_quotations


def speakers(text: str) -> list[tuple[str, str]]:
    """(opening words, speaker) of each quotation found, checking the offsets."""
    out = []
    for q in find_quotations(text):
        assert text[q.start : q.end] == q.text
        out.append((" ".join(q.text.split()[:3]), q.speaker))
    return out


def test_a_title_ending_in_a_capitalised_word_is_not_part_of_the_name() -> None:
    text = (
        "Minister for Schools, Parents and Families Margaret Oduya said the rules would change. "
        'Ms Oduya said: "No family should pay more than it must." Trade Secretary of State Colin '
        'Dunmore said: "The figures speak for themselves."'
    )
    assert speakers(text) == [
        ("No family should", "Margaret Oduya"),
        ("The figures speak", "Colin Dunmore"),
    ]


def test_a_full_name_after_of_with_no_given_name_to_go_by_stays_whole() -> None:
    text = (
        "The band played with Percy Hale and Jerry Lee Brandt. "
        '"We had a wonderful night with old friends," said Jerry Lee Brandt.'
    )
    assert speakers(text) == [("We had a", "Jerry Lee Brandt")]


def test_one_word_of_a_place_is_one_name_not_the_place() -> None:
    text = (
        'Claims are rising. Harwick of London told the paper: "Our exposure will be limited to '
        'marine risks." Later Bank of Freedonia said: "Rates will stay where they are."'
    )
    assert speakers(text) == [
        ("Our exposure will", "Harwick of London"),
        ("Rates will stay", "Bank of Freedonia"),
    ]


def test_a_person_named_before_is_still_that_person_with_of_and_a_country() -> None:
    text = (
        "Top seed Carlos Ibarra lost to Olivier Vanmeer in straight sets. "
        'Vanmeer of Belgium said: "I had nothing to lose today, so I just played."'
    )
    assert speakers(text) == [("I had nothing", "Olivier Vanmeer")]


def test_a_name_set_off_by_commas_before_said_is_a_person_for_he() -> None:
    text = (
        "The sprinters Maria Kovac and Peter Lund were banned. The pair then spent days in "
        "hospital. The head of that panel, Dimitris Stavrou, said it had not been proven that "
        'the athletes refused the test. "The charge cannot be substantiated," he said.'
    )
    assert speakers(text) == [("The charge cannot", "Dimitris Stavrou")]


def test_the_name_after_a_long_role_and_a_comma_is_the_speaker() -> None:
    text = (
        'Mike Tolland wrote the report. "It will be a tragedy if the plan fails," said the '
        "chairman of the Commons education committee, Labour MP Barry Shearwood. "
        '"We must tackle the mess head-on," he wrote.'
    )
    assert speakers(text) == [
        ("It will be", "Barry Shearwood"),
        ("We must tackle", "Barry Shearwood"),
    ]


def test_a_list_of_titles_after_a_role_is_not_a_name() -> None:
    text = (
        "The film maker Oliver Stane was honoured in Stockholm. "
        '"Europeans tend to see me a little differently," said the director behind Glory, '
        "Harbour and Born on the Fourth Day."
    )
    assert speakers(text) == [("Europeans tend to", "Oliver Stane")]
