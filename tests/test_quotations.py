"""Quotations and their speakers (documents/quotations.py), on text written for these tests."""

from __future__ import annotations

import pytest
from quoting import speakers_and_kinds

from corpus_search.documents.quotations import MAX_QUOTE_CHARS, find_quotations


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Rents are far too high," Malik said.', ("Rents are far", "Malik", "named")),
        ("“Rents are far too high,” Ana Lopes said.", ("Rents are far", "Ana Lopes", "named")),
        ("«Rents are far too high», said Ana Lopes.", ("Rents are far", "Ana Lopes", "named")),
        (
            '"Rents are far too high," said housing attorney Ana Lopes, who runs a clinic.',
            ("Rents are far", "Ana Lopes", "named"),
        ),
        ('Mr Howard said: "Rents are far too high."', ("Rents are far", "Mr Howard", "named")),
        (
            '"Rents are far too high," Ana Lopes told reporters.',
            ("Rents are far", "Ana Lopes", "named"),
        ),
        (
            '"Rents are far too high," Ana Lopes said in a statement.',
            ("Rents are far", "Ana Lopes", "named"),
        ),
        (
            '"Rents are far too high," according to Ana Lopes.',
            ("Rents are far", "Ana Lopes", "named"),
        ),
        ("Ana Lopes wrote: “Rents are far too high.”", ("Rents are far", "Ana Lopes", "named")),
    ],
)
def test_attribution_patterns(text: str, expected: tuple[str, str, str]) -> None:
    assert speakers_and_kinds(text) == [expected]


def test_continued_quotation_keeps_its_speaker_and_names_are_normalised() -> None:
    text = (
        "Mina Okafor joined the race on Monday.\n"
        "“Nobody should be arrested for being poor,” Okafor said. “Further, the courts are full.”\n"
        "The hearing was adjourned."
    )
    assert speakers_and_kinds(text) == [
        ("Nobody should be", "Mina Okafor", "named"),
        ("Further, the courts", "Mina Okafor", "continued"),
    ]
    assert [q.verb for q in find_quotations(text)] == ["said", "said"]


def test_pronouns_and_roles_point_to_the_person_named_earlier() -> None:
    text = (
        "District Attorney Rosa Vance spoke first. The hearing lasted an hour.\n"
        "Mayor Tom Brandt arrived later with aides.\n"
        "“We will not prosecute these cases,” the district attorney said.\n"
        "“The city will pay for the clinics,” the mayor said.\n"
        "“This is only the start,” he added."
    )
    assert speakers_and_kinds(text) == [
        ("We will not", "Rosa Vance", "role"),
        ("The city will", "Tom Brandt", "role"),
        ("This is only", "Tom Brandt", "pronoun"),
    ]


def test_quotation_spanning_a_paragraph_break_is_one_quotation() -> None:
    text = (
        "Chief Inspector Ruth Dale described the night.\n\n"
        "“We searched the whole block before dawn.\n\n"
        "“Nobody was hurt, and that matters most,” she said."
    )
    (q,) = find_quotations(text)
    assert q.speaker == "Ruth Dale"
    assert q.text.startswith("We searched") and q.text.endswith("matters most")
    assert "\n\n" in q.text and q.text == text[q.start : q.end]


def test_nested_single_quotes_stay_inside_the_quotation() -> None:
    text = "\"They told me, 'Here we're not welcome,' and left,\" said campaigner Joan Pike."
    (q,) = find_quotations(text)
    assert q.text == "They told me, 'Here we're not welcome,' and left"
    assert q.speaker == "Joan Pike"


def test_an_unbalanced_quote_mark_does_not_swallow_the_document() -> None:
    text = (
        'The report called it "a disaster and moved on.\n\n'
        + "Nothing else happened that week. " * 20
        + '\n\n"We will appeal," said Ben Ortiz.\n\n'
        + "More text follows. " * 10
    )
    found = find_quotations(text)
    assert [(q.text, q.speaker) for q in found] == [("We will appeal", "Ben Ortiz")]


def test_a_mark_left_open_is_dropped_after_the_length_limit() -> None:
    text = '"Open and never closed ' + "word " * (MAX_QUOTE_CHARS // 4) + '"Done," Al Reyes said.'
    assert [q.speaker for q in find_quotations(text)] == ["Al Reyes"]
    assert find_quotations(text)[0].text == "Done"


@pytest.mark.parametrize(
    "text",
    [
        "The mayor made the announcement as part of the “recovery for all of us” plan.",
        'The film "Rain Man" won four awards.',
        'Critics called the scheme "desperate" and moved on.',
        "No quotation marks at all here.",
        '"Unattributed words that nobody claims."',
    ],
)
def test_scare_quotes_titles_and_unattributed_quotes_have_no_speaker(text: str) -> None:
    assert find_quotations(text) == ()


def test_reported_speech_before_a_quotation_names_its_speaker() -> None:
    text = (
        "Chancellor Greta Moss spoke to the committee. She said the deficit would fall by 2027. "
        '"We have made a firm commitment to the public," she added.\n\n'
        "Labour spokesman Sam Hale said the plan was a fantasy. "
        '"Nobody believes these numbers at all."'
    )
    assert speakers_and_kinds(text) == [
        ("We have made", "Greta Moss", "pronoun"),
        ("Nobody believes these", "Sam Hale", "reported"),
    ]


def test_hostile_text_is_kept_as_written() -> None:
    text = '"[bold red]Pay now[/] \\x1b[31m or else," said Eve Marsh.'
    (q,) = find_quotations(text)
    assert q.text == "[bold red]Pay now[/] \\x1b[31m or else" and q.speaker == "Eve Marsh"


def test_a_job_title_before_the_name_is_not_the_speaker() -> None:
    text = (
        "The opposition set out its own plans on Tuesday. Shadow Housing minister Clara Bentley "
        'said: "Rents have risen faster than wages for a decade," she said. "Nobody in '
        'government will admit it."'
    )
    assert [q.speaker for q in find_quotations(text)] == ["Clara Bentley", "Clara Bentley"]


def test_a_speaker_named_after_the_verb_ends_where_the_name_ends() -> None:
    text = '"The pressure is big on the coach," said Duval ahead of the 12 March tie.'
    assert speakers_and_kinds(text) == [("The pressure is", "Duval", "named")]
    text = '"We expect rain," said Oscars communications director Dale Pike, who runs the show.'
    assert speakers_and_kinds(text) == [("We expect rain", "Dale Pike", "named")]


def test_the_speaker_of_the_sentence_before_behind_an_appositive_and_a_scare_quote() -> None:
    text = (
        "The chairman of the Bar Council, Ruth Keane QC warned there was a real risk that people "
        'on the "margins of society" would be driven away. "What is going to happen to young '
        'men when a bomb has gone off somewhere?"'
    )
    assert speakers_and_kinds(text) == [("What is going", "Ruth Keane", "reported")]


@pytest.mark.parametrize(
    "text, wrong",
    [
        # an adjective with a hyphen is not part of a name
        (
            "Coffee-loving Kemp has sold machines through his site. "
            '"It is a very good little business for me," he said.',
            "Coffee-loving Kemp",
        ),
        # acronyms are organisations and places, never who "he" is
        (
            'The BBC asked the UK minister about it. "Nobody told us anything at all," he said.',
            "BBC",
        ),
        ('The IMF report came out. "Nobody told us anything at all," he said.', "IMF"),
        # a sentence ends after "Mr Ross."
        (
            '"It just works," said Mr Ross. Ian Fogg, an analyst, agreed that it would sell. '
            '"It is a good machine for the money," he said.',
            "Ross. Ian Fogg",
        ),
        # "Us Weekly" is a magazine; "us" is never a name
        ('Us Weekly ran the pictures. "We stand by every word of it," she said.', "Us"),
    ],
)
def test_junk_words_are_never_speakers(text: str, wrong: str) -> None:
    said = [q.speaker for q in find_quotations(text)]
    assert wrong not in said and not any(s in ("Us", "BBC", "IMF", "UK") for s in said)


def test_fogg_after_ross_is_fogg() -> None:
    text = (
        '"It just works," said Mr Ross. Ian Fogg, an analyst at Jupiter, agreed that it would '
        'sell. "It is a good machine for the money," he said.'
    )
    assert [q.speaker for q in find_quotations(text)] == ["Mr Ross", "Ian Fogg"]


def test_mr_surname_is_the_full_name_the_document_gives() -> None:
    text = (
        "Prime Minister Tony Marsh opened the debate on Monday.\n"
        '"We will not raise taxes," Mr Marsh said. Later Marsh told reporters: "The sums add '
        'up and everyone can check them."'
    )
    assert [q.speaker for q in find_quotations(text)] == ["Tony Marsh", "Tony Marsh"]


def test_organisations_speak_only_as_the_subject_of_the_speech_verb() -> None:
    text = (
        '"We are ready for talks with anyone," the UK said.\n\n'
        "The talks went on. "
        '"Growth will slow sharply next year," the IMF said on Tuesday.\n\n'
        '"The figures are sound and fully costed," the Home Office said.\n\n'
        "Finance minister Lena Holt spoke to the BBC on Monday. "
        '"Nobody told us about these figures," she told the BBC.'
    )
    assert [q.speaker for q in find_quotations(text)] == ["IMF", "Home Office", "Lena Holt"]


def test_a_party_before_a_role_and_a_name_is_not_the_speaker() -> None:
    text = (
        "The new party was launched on Monday. Labour campaign spokesman Omar Reid said the "
        'party was joining "an already crowded field on the right of politics".\n\n'
        "Conservative leader Ruth Hale spoke in Leeds. And she hit back at Labour claims she had "
        'used a patient as a "human shield". "She is not a human shield, she is a human being."'
    )
    said = [q.speaker for q in find_quotations(text)]
    assert said[0] == "Omar Reid" and "Labour" not in said


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Unveiling the latest increase, Mr Hale said he wanted the wage to become a "
            '"symbol of decency and fairness in work".',
            "Mr Hale",
        ),
        (
            "Tennis star Mia Roth spoke to reporters. Speaking to Le Matin, the 24-year-old Swiss "
            'added: "I will play in the spring tournaments."',
            "Mia Roth",
        ),
        ('"He was my hero," said Aviator star Alan Dunn, a family friend.', "Alan Dunn"),
        (
            'A Conservative Party spokesman said: "The sums add up and everyone can see it."',
            "A Conservative Party spokesman",
        ),
        (
            "Deputy Prime Minister John Pratt said a good deal had been secured. "
            '"Delivery of the plan is guaranteed for years," he said.',
            "John Pratt",
        ),
        (
            'Prime Minister Tony Marsh\'s official spokesman said: "There are staff on standby."',
            "Prime Minister Tony Marsh's official spokesman",
        ),
    ],
)
def test_the_subject_is_the_person_not_a_word_of_its_clause(text: str, speaker: str) -> None:
    assert [q.speaker for q in find_quotations(text)] == [speaker]


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            'Scottish Conservative leader, Dan Muir, said earlier it was "almost beyond belief '
            'that nobody was told".',
            "Dan Muir",
        ),
        (
            'Sara Quinn, who is also in Dubai, added: "I\'m obviously for equal prize money."',
            "Sara Quinn",
        ),
    ],
)
def test_appositives_and_relative_clauses_are_not_the_speaker(text: str, speaker: str) -> None:
    assert [q.speaker for q in find_quotations(text)] == [speaker]
