"""Speaker rules from a review of unseen BBC-style articles (issue 15), on text written for these
tests: a sentence's second half after a verb-first attribution, people before a description
that ends with an organisation, and organisations quoted through their statements."""

from __future__ import annotations

from quoting import speakers_and_kinds


def test_the_second_half_after_a_verb_first_attribution_is_the_same_speaker() -> None:
    text = (
        'Ministers met on Monday. "A deal is close," said Joan Pike, "but we need more time."\n'
        '"Talks went well," insisted Mr Arlo Venn, chief negotiator for the union, "and they '
        'will resume on Friday."'
    )
    assert speakers_and_kinds(text) == [
        ("A deal is", "Joan Pike", "named"),
        ("but we need", "Joan Pike", "named"),
        ("Talks went well", "Arlo Venn", "named"),
        ("and they will", "Arlo Venn", "named"),
    ]


def test_a_name_before_a_description_ending_with_capitals_is_the_speaker() -> None:
    text = (
        "The fair opened on Friday. Tom Reed, the venue's Events Manager, said: \"We have never "
        "seen crowds like this.\"\nPaul Dean MP, Labour's Chief Secretary to the Treasury, said: "
        '"The budget is sound."\nLiz Marr, a former Eton pupil and joint leader of the South Vale '
        'Hunt, said: "I have no regrets."\nChelsea, the league leaders, said: "We are calm."'
    )
    assert speakers_and_kinds(text) == [
        ("We have never", "Tom Reed", "named"),
        ("The budget is", "Paul Dean", "named"),
        ("I have no", "Liz Marr", "named"),
        ("We are calm.", "Chelsea", "named"),
    ]


def test_an_organisation_or_a_descriptive_word_before_a_full_name_is_not_part_of_it() -> None:
    text = (
        'Fellow Lib Dem Nora Bakewell said: "It paints an unflattering picture."\n'
        'For the Greens Davey Lowes said: "The money will go on the election."\n'
        'The chairman of the Environmental Audit Committee Petra Ainslie said: "The plan is '
        'weak."\nGoalscorer Jimmy Floyd Hasselt added: "It was not a great game."\n'
        'Was Germana Greer said: "I never drink cola."'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == [
        "Nora Bakewell",
        "Davey Lowes",
        "Petra Ainslie",
        "Jimmy Floyd Hasselt",
        "Germana Greer",
    ]


def test_a_statement_is_its_owners_words() -> None:
    text = (
        "Mr Howard hired Lyle Crow last year. Mr Crow's statement said: \"The party has made an "
        'impact this week." It added: "Our rivals want to distract attention from the issues."\n'
        "Bob Glaze owns 28% of the club, and United's statement to the stock exchange said: "
        '"The board has noted the recent press speculation."'
    )
    assert speakers_and_kinds(text) == [
        ("The party has", "Lyle Crow", "named"),
        ("Our rivals want", "Lyle Crow", "continued"),
        ("The board has", "United", "named"),
    ]


def test_an_organisation_by_its_acronym_is_named_as_the_document_writes_it_out() -> None:
    text = (
        'US giant General Widgets posted higher sales. "Orders grew across the board in the '
        'quarter," GW said.\n"Despite weak growth, the economy will expand in 2006," NIER said.'
    )
    assert speakers_and_kinds(text) == [
        ("Orders grew across", "General Widgets", "named"),
        ("Despite weak growth,", "NIER", "named"),
    ]


def test_initials_are_not_written_out_as_a_persons_name() -> None:
    text = 'Mr Gary West met the board. "Orders grew across the board this year," GW said.'
    assert speakers_and_kinds(text) == [("Orders grew across", "GW", "named")]


def test_a_line_naming_a_speaker_before_a_colon_introduces_the_quotation() -> None:
    text = (
        "Reactions to the draw:\n"
        '- Rovers boss Kevin Kettle: "We had a great chance to win it today."\n'
        'Sir Alan Fergus: "It was not our best performance of the year."\n'
        "A spokesman for Darlow Council said:\n"
        'The plan: "We will win this one in the end."'
    )
    assert speakers_and_kinds(text) == [
        ("We had a", "Kevin Kettle", "named"),
        ("It was not", "Alan Fergus", "named"),
    ]


def test_insisting_assured_and_confesses_introduce_speech() -> None:
    text = (
        'An Acme club spokesperson denied the claim, insisting: "He definitely didn\'t say it."\n'
        '"There will be no singing Hobbits on the stage," assured Mr Kevin Walls.\n'
        'Asked about ping pong, Mrs Ann Hale confesses: "It would be more fun if I could win."'
    )
    assert speakers_and_kinds(text) == [
        ("He definitely didn't", "An Acme club spokesperson", "role"),
        ("There will be", "Kevin Walls", "named"),
        ("It would be", "Ann Hale", "named"),
    ]


def test_a_speaker_set_off_from_the_verb_by_dashes_or_a_comma() -> None:
    text = (
        '"We used to see street hustlers do this," Andrei Illar - then adviser to President Vlad '
        'Putin - told a press conference. "Now officials are doing it."\n'
        '"My savings will suddenly shrink," shop owner Hayri Evren, told Associated Press.\n'
        '"It will help on hard courts," US coach Pat McEnro - a former player - said.'
    )
    assert speakers_and_kinds(text) == [
        ("We used to", "Andrei Illar", "named"),
        ("Now officials are", "Andrei Illar", "continued"),
        ("My savings will", "Hayri Evren", "named"),
        ("It will help", "Pat McEnro", "named"),
    ]


def test_he_after_another_office_holder_is_nobody_rather_than_the_last_name() -> None:
    text = (
        "Police Commissioner Sir Jon Steel backed the plan last month. The pressure prompted "
        'the prime minister to order a review. He told MPs: "If we get the right response we '
        'will support a change in the law."\n'
        "Chancellor Gordon Brawn was in China. Mr Brawn said he would return. He told "
        'reporters: "The budget date is fixed and will not move."'
    )
    assert speakers_and_kinds(text) == [("The budget date", "Gordon Brawn", "pronoun")]


def test_a_name_or_a_description_before_a_relative_clause_is_the_speaker() -> None:
    text = (
        "Ms Hewes spoke first. Her call was backed by Culture, Media and Sport Secretary Tessa "
        'Jowl who said: "You would not let your child watch that film."\nActor Liam Neel came too. '
        "The Oscar-nominated actor, whose films include Schindler's Lift and Star Wars: The "
        'Phantom Menace, said: "The Lyric is too important to lose."'
    )
    assert speakers_and_kinds(text) == [
        ("You would not", "Tessa Jowl", "named"),
        ("The Lyric is", "Liam Neel", "role"),
    ]


def test_a_quotation_after_reported_speech_ending_with_its_attribution() -> None:
    text = (
        "The cabinet met. Patriots wanted the UK to be strong and influential abroad, Mr Jack "
        'Strand said. "Our role as a leading member of the EU is crucial."\nProfits fell. The '
        'first weeks of this year were better, Wimley said. "Visitor levels have been '
        'encouraging."\nThe talks ended, the weather said. "Nothing else happened that day."'
    )
    assert speakers_and_kinds(text) == [
        ("Our role as", "Jack Strand", "reported"),
        ("Visitor levels have", "Wimley", "reported"),
    ]


def test_he_or_she_after_an_unnamed_spokesperson_introduced_with_the() -> None:
    text = (
        "Shops were busy. The Mallow Centre spokeswoman said 8,500 cars had arrived by noon. "
        '"We predict that next week will continue the same trend," she added.\n'
        "A Department for Work and Pensions spokeswoman confirmed Mr Dow Smithers was still in "
        'post. "No date was ever given for his departure," she said.'
    )
    assert speakers_and_kinds(text) == [
        ("We predict that", "The Mallow Centre spokeswoman", "pronoun"),
        ("No date was", "A Department for Work and Pensions spokeswoman", "pronoun"),
    ]


def test_a_hyphenated_surname_with_a_particle_is_one_name() -> None:
    text = 'Dutch sports minister Clemence Ross-van Dorn said: "He made Dutch football big."'
    assert speakers_and_kinds(text) == [("He made Dutch", "Clemence Ross-van Dorn", "named")]


def test_an_adjective_before_a_surname_alone_is_not_part_of_the_name() -> None:
    text = (
        'Faultless Fedder has no equal\n\nRoger Fedder won again on Sunday. "I feel that a '
        'little bit," he told BBC Sport.'
    )
    assert speakers_and_kinds(text) == [("I feel that", "Roger Fedder", "pronoun")]
