"""Speaker rules added while tuning on a fresh labelled set (issue 15), on text written for these
tests: nested quote marks, people credited before their organisation, descriptions, things that
are not people, and first-person speech resumed after narration."""

from __future__ import annotations

from quoting import speakers_and_kinds

from corpus_search.documents.quotations import find_quotations


def test_a_short_quoted_word_inside_a_long_quotation_does_not_end_it() -> None:
    text = (
        'Ruth Okoro said: "The trial went badly. "The witness told me he would "forget" the '
        'date in court. "I expect better next time."'
    )
    assert speakers_and_kinds(text) == [("The trial went", "Ruth Okoro", "named")]
    assert find_quotations(text)[0].text.endswith("better next time.")


def test_a_quotation_reopens_after_an_inner_single_quoted_sentence() -> None:
    text = (
        "\"We lost the first set and I thought: 'This is not my day.' \"But then the crowd "
        'lifted me," Dara Vance said.'
    )
    assert speakers_and_kinds(text) == [("We lost the", "Dara Vance", "named")]


def test_the_person_is_credited_not_the_firm_named_after_the_role() -> None:
    text = (
        'Tomas Reyl, analyst at Harbour Capital, said: "The sale was agreed long ago."\n'
        '"Prices will fall again next year," said Lena Ostrova of the Northern Pension Institute.'
    )
    assert speakers_and_kinds(text) == [
        ("The sale was", "Tomas Reyl", "named"),
        ("Prices will fall", "Lena Ostrova", "named"),
    ]


def test_the_youngster_is_the_person_just_introduced_not_the_last_speaker() -> None:
    text = (
        'Coach Marc Delorme said: "We will travel with some fear." He added: "We are never '
        'good when we are favourites." Meanwhile, winger Paul Arnaud is delighted with his first '
        'call-up. "It is incredible," the youngster said. "I was not expecting it at all."'
    )
    assert speakers_and_kinds(text) == [
        ("We will travel", "Marc Delorme", "named"),
        ("We are never", "Marc Delorme", "pronoun"),
        ("It is incredible", "Paul Arnaud", "role"),
        ("I was not", "Paul Arnaud", "continued"),
    ]


def test_a_whole_sentence_after_a_finished_quotation_breaks_the_continuation() -> None:
    text = (
        'Kim Adler said: "We are ready." The match starts at noon on the main court. '
        '"Tickets are sold out."'
    )
    assert speakers_and_kinds(text) == [("We are ready.", "Kim Adler", "named")]


def test_a_name_written_with_the_is_no_antecedent_for_he() -> None:
    text = (
        "Coach Sam Ferris met his players on Monday. While the 2006 Winter Games look out of "
        'reach, Ferris is calm. As the Winter Games draws near, "I think we can still surprise '
        'people with our form," he said.'
    )
    assert [s[1] for s in speakers_and_kinds(text)] == ["Sam Ferris"]


def test_first_person_speech_after_narration_resumes_the_last_speaker() -> None:
    text = (
        'Vice-chairman Omar Haddad said: "We will review everything." The club is funding the '
        "move through loans and the sale of land. Haddad, who joined in 1990, is sure the move "
        'will help coach Ian Brody. "We have two scouts in Asia at the moment building links '
        'with clubs."'
    )
    assert speakers_and_kinds(text) == [
        ("We will review", "Omar Haddad", "named"),
        ("We have two", "Omar Haddad", "continued"),
    ]


def test_speech_does_not_resume_when_someone_else_is_the_subject_since() -> None:
    text = (
        'Vice-chairman Omar Haddad said: "We will review everything." Coach Ian Brody has '
        'other plans for the summer. "We have two scouts in Asia at the moment building links '
        'with clubs."'
    )
    assert speakers_and_kinds(text) == [("We will review", "Omar Haddad", "named")]


def test_a_pronoun_after_an_opening_clause_says_a_partial_quotation() -> None:
    text = (
        "Club director Ada Finch spoke in Dubai on Monday. Speaking at a forum there, she said "
        'a listing was "one of the options" for the club.'
    )
    assert speakers_and_kinds(text) == [("one of the", "Ada Finch", "pronoun")]


def test_an_acronym_speaker_is_given_the_full_name_the_document_spells_out() -> None:
    text = (
        "The Northern Bowls Federation (NBF) met on Monday.\n"
        'The NBF said in a statement: "We will review every complaint about the new greens."'
    )
    assert speakers_and_kinds(text) == [("We will review", "Northern Bowls Federation", "named")]


def test_vowed_and_remarks_are_speech_verbs() -> None:
    text = (
        'Rosa Delgado quit on Monday and vowed: "I will never coach this side again."\n'
        '"The food here has improved a great deal," Karl Obst remarks.'
    )
    assert speakers_and_kinds(text) == [
        ("I will never", "Rosa Delgado", "named"),
        ("The food here", "Karl Obst", "named"),
    ]


def test_adding_and_telling_credit_the_subject_of_the_sentence_not_the_object() -> None:
    text = (
        'Ana Reyes praised the coach Tom Vale, telling him: "I hope you stay for many years."\n'
        'Rome was calmer, with finance minister Gino Sala telling MPs: "We must keep saving."\n'
        'The fans were booed by Lars Berg\'s supporters, Ivo Marsh adding: "It was shameful."'
    )
    assert [s[1] for s in speakers_and_kinds(text)] == ["Ana Reyes", "Gino Sala", "Ivo Marsh"]


def test_he_went_on_keeps_the_speaker_after_a_finished_quotation() -> None:
    text = (
        'Minister Ola Brandt said: "Courts must put victims first." He went on: "Giving '
        'evidence is a nerve-wracking experience."'
    )
    assert speakers_and_kinds(text) == [
        ("Courts must put", "Ola Brandt", "named"),
        ("Giving evidence is", "Ola Brandt", "pronoun"),
    ]


def test_speech_does_not_resume_when_the_speaker_is_only_named_late_in_a_sentence() -> None:
    text = (
        'Trade envoy Rhys Pender said: "We have agreed to talk again." Two large aircraft '
        "makers welcomed Mr Pender's announcement. \"We have always preferred to settle our "
        'differences by talking."'
    )
    assert speakers_and_kinds(text) == [("We have agreed", "Rhys Pender", "named")]


def test_a_question_and_its_attribution_are_continued_by_the_next_quotation() -> None:
    text = (
        'Coach Ivan Petrak rejected the comparison. "How can a rowing coach and a boxing coach '
        'have anything in common?" he asked. "It is a silly analogy. It borders on the absurd."'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Ivan Petrak", "Ivan Petrak"]


def test_he_after_a_sentence_with_a_speaker_is_that_speaker() -> None:
    text = (
        "Opposition leader Karl Moss attacked the budget of Finance Minister Ida Renn. "
        'Ms Renn\'s budget was "all about the next election and nothing else," the opposition '
        'leader said. "This is a budget of tricks and nothing more," he said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Karl Moss", "Karl Moss"]


def test_a_name_before_a_relative_clause_is_the_subject() -> None:
    text = (
        "Lena Varga, who won the seat from the veteran Otto Brand in 1997, said voters were "
        'tired. "We need public figures we trust to tell the truth." Ana Pohl, who starred in '
        'a film called Winter, said: "Winning this means an enormous amount to me."'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Lena Varga", "Ana Pohl"]


def test_a_speaker_phrase_never_runs_across_a_full_stop() -> None:
    text = 'He called it the "natural home" of Top of the Pops. He added that it was fine.'
    assert [s for _, s, _ in speakers_and_kinds(text)] == []


def test_a_speaker_known_only_by_a_description_is_who_he_is_next() -> None:
    text = (
        "Download sales of the album Broken Hearts are rising. A spokesman for the Harbour "
        "Music Association (HMA) said the chart was due to be compiled "
        '"within the first half of this year". "Work is going on across the music business '
        'right now," he said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == [
        "A spokesman for the Harbour Music Association",
        "A spokesman for the Harbour Music Association",
    ]


def test_a_role_after_a_place_or_an_organisation_is_a_description() -> None:
    text = (
        'One leading Tallinn broker said the reasons were political. "If you chase money away '
        'it will not come back any time soon." A Department for Parks, Lakes and Rivers '
        'spokeswoman said: "We are aware that people are having problems."'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == [
        "One leading Tallinn broker",
        "A Department for Parks, Lakes and Rivers spokeswoman",
    ]


def test_who_is_asked_does_not_speak_and_a_describing_noun_is_not_a_name() -> None:
    text = (
        'Panel guest Ivo Marr was asked: "Why on earth do you want to be on the council?" '
        "Erik Holm beat the holder in two sets. "
        '"It is always a problem to stop for rain but you get used to it," said Danish teenager '
        "Holm."
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Erik Holm"]


def test_a_title_is_never_read_across_a_sentence_end() -> None:
    text = (
        "The system may spot smuggling, according to a spokesman.\n\nData specialist at the "
        "agency, Piet Smit, wants to change it. "
        '"The pictures you now see have people moving around in a virtual world," he said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == []


def test_a_speaker_after_the_verb_may_end_the_sentence() -> None:
    text = (
        'A "costly publicity stunt paid by taxpayers" is being used to calm the public, say the '
        'Greens. "Prices will go up," one trader admitted, told Harbour Radio. '
        '"Nothing will change for us this year." Tax will rise, told Lena Ott.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)][:1] == ["Greens"]
    assert "Harbour Radio" not in [s for _, s, _ in speakers_and_kinds(text)]


def test_an_unnamed_source_or_statement_is_the_speaker_as_written() -> None:
    text = (
        '"Mia had considered returning in Paris on 7 February," a statement on her website '
        'said. "She has decided against this." "They moved so quickly it caught the bank by '
        'surprise," the Daily Courier quoted an insider in the talks as saying. '
        '"This is done," the source said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == [
        "A statement on her website",
        "A statement on her website",
        "An insider in the talks",
        "An insider in the talks",  # "the source" is that insider, continued
    ]


def test_the_committee_is_the_committee_named_before() -> None:
    text = (
        "Sloppy wording could leave anglers in court, the rural affairs committee said. "
        '"However, the government should be careful not to give anyone carte blanche," the '
        'committee added. "This must be fixed at once," the board said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["rural affairs committee"]


def test_a_second_partial_quotation_joined_by_and_has_the_same_speaker() -> None:
    text = (
        'Harbour Bank said the lender was a "well-run bank with a skilled workforce" and '
        'represented a "significant step in a growth market".'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Harbour Bank", "Harbour Bank"]


def test_the_spokesman_is_the_unnamed_one_introduced_before() -> None:
    text = (
        "Party member Nils Berg has resigned. A Harbour Party spokesman said Mr Berg's departure "
        'followed reports about a meeting. "He did once attend a meeting. He did not like what '
        'he saw," the spokesman added. It said it was "plain" Iraq continued to be in breach.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["A Harbour Party spokesman"]


def test_a_spokesman_is_never_the_person_last_named_and_a_shadow_holds_no_role() -> None:
    text = (
        "Shadow Foreign Secretary Tom Akers attacked Foreign Secretary Ian Dale. "
        '"He is clever but not wise," the foreign secretary told the BBC. Mr Akers was asked '
        "about it. Later the prime minister's spokesman was asked about Mr Akers. The "
        'spokesman said: "The person you refer to can speak for himself." '
        '"We will look at it," the council’s spokesperson said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == [
        "Ian Dale",
        "The prime minister's spokesman",
        "The council’s spokesperson",
    ]


def test_a_title_after_film_or_album_is_not_a_person() -> None:
    text = (
        "Jem Ayres, whose film Being Marta is in competition, said he had wondered whether to "
        'come. "I questioned whether I should come at all," the British actor said.'
    )
    assert "Being Marta" not in [s for _, s, _ in speakers_and_kinds(text)]


def test_with_a_named_person_saying_and_who_was_told() -> None:
    text = (
        "Bonn welcomed the decision, with finance minister Hugo Ebel saying it showed the policy "
        'was "on the right track even amid very difficult conditions". Another member of the '
        'Cabinet says she was told: "Oh, you have had a very fast rise in this place." '
        '"This is typical of their hypocrisy," said Tory shadow local government secretary '
        'Carla Spelton. "I want no other family to go through this," said Mr Skane of Brownsville.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Hugo Ebel", "Carla Spelton", "Mr Skane"]


def test_an_unnamed_spokesman_as_a_subject_is_who_he_is_next() -> None:
    text = (
        "The report criticised the Home Office, said committee chairman Ed Lane. A Home Office "
        'spokesman said the system had been tightened since. He added: "The old way of deciding '
        'every case twice has been stopped." Yet Eva Mann, an analyst, was unsure. "The real '
        'issue is what happens over the next year," she said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["A Home Office spokesman", "Eva Mann"]


def test_a_name_before_an_appositive_and_a_verb_is_a_person() -> None:
    text = (
        "Lib Dem Mark Oates backed the plan. Shami Chakra, from rights group Liberty, joined "
        'calls for a change. She said: "Adherence to the rule of law is not a game."'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Shami Chakra"]


def test_a_full_stop_with_no_space_after_it_still_ends_the_sentence() -> None:
    text = (
        'Bus driver Dana Holt was attacked in 2009. She said: "I was scared for weeks after it '
        'happened." She went to the Harbour Trust, who, through its hotline, warned other drivers '
        'about him.She said: "Nobody asked me anything that was not about the crime." The group '
        'runs Help.Drivers.Org, the site. "We answer every call we get," said Ian Bell.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Dana Holt", "Dana Holt", "Ian Bell"]


def test_a_dateline_does_not_hide_the_attribution_after_it() -> None:
    for dateline in ("WASHINGTON (AP) — ", "LONDON, England -- ", "PARIS – "):
        text = dateline + 'Senator Bob Brown said Monday that "nothing is off the table."'
        assert speakers_and_kinds(text) == [("nothing is off", "Bob Brown", "named")], dateline


def test_a_role_is_not_given_to_someone_who_holds_another_office() -> None:
    text = (
        'Senator Bob Brown said the bill would pass. "It will get through, I am sure of it," he '
        'said.\nThe minister said the plan was "dead in the water," aides said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Bob Brown"]
    text = (
        'Chancellor Ada Park spoke on Monday. "Growth is back where it was before," the minister '
        "said."
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Ada Park"]  # a chancellor is a minister


def test_a_name_and_a_clause_after_a_closed_question_start_a_new_sentence() -> None:
    text = (
        'Ann Cole said: "The rules are vague. "How is an officer supposed to tell the '
        'difference?" Tory MP Dan Heath, another co-chairman of the group, said that the law was '
        '"so poorly drafted nobody can define the offence". The coach spoke after the game. '
        '"Will I have the energy for another season?" Tom Reid asked himself.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Ann Cole", "Dan Heath", "Tom Reid"]
    text = (
        'Ed Mills asked: "How could you have thought anything else?" Mr Hale replied that the '
        "posters were fair."
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Ed Mills"]


def test_a_description_set_off_by_commas_before_the_name_after_the_quotation() -> None:
    text = (
        '"We are not going away, and we will be back one day," hunt master, Captain Ian '
        "Farrow, said."
    )
    assert speakers_and_kinds(text) == [("We are not", "Ian Farrow", "named")]


def test_the_institution_ending_a_role_is_not_part_of_the_name() -> None:
    text = (
        'Shadow leader of the Commons Oliver Heald said: "This is part of our aim to reduce '
        'the State." He met the leader of the House Geoff Hoon. "We talked about the timetable '
        'for the bill," Mr Hoon said.'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Oliver Heald", "Geoff Hoon"]


def test_people_introduced_with_an_organisation_or_between_dashes() -> None:
    text = (
        "Police spokesman Nigel Yates said most would obey. But Simon Hart of the Rural "
        'Alliance has questioned the plan. "The definitions are so blurred that the police '
        'cannot judge," he said.\nPolice chief Ed Lowe spoke first. However, Gerry Conway - who '
        "was wrongly convicted - said the families were delighted. He said Mr Blair had spoken "
        'with "such sincerity", adding: "He went beyond what we thought he would."'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Simon Hart", "Gerry Conway"]


def test_more_attributions_found() -> None:
    # a lowercase word ending the sentence after the name; "and the defender said:"; "adding:"
    # after a partial quotation and a few more words
    text = (
        "Rafael Nadel beat Andy Rodd in the opening singles. "
        '"What a great way to finish the year," said Nadel afterwards. US coach Pat Mack wants '
        "more clay practice.\nRichard Dunn is ready to stay at City. He was once threatened "
        "with the sack by City boss Kevin Keen but has since played well. Early talks have taken "
        'place and the defender said: "Hopefully something will be sorted out soon."\n'
        'The meeting ran late. Labour\'s Paul Flint said the two men had a "scorching" from MPs '
        'adding: "It was a Parliamentary Labour Party meeting like no other."'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == [
        "Rafael Nadel",
        "Richard Dunn",
        "Paul Flint",
    ]


def test_a_role_before_an_honorific_is_held_too() -> None:
    # "London mayor Mr Livingstone" is a mayor, so "the prime minister" is not him
    text = (
        "London mayor Mr Livingstone says he is standing by his remarks. But the prime minister "
        'says it is time for Mr Livingstone to say sorry. Later the prime minister said: "A lot '
        'of us in politics get angry with journalists from time to time." Mr Livingstone said: '
        '"I will not apologise, whatever they say."'
    )
    assert [s for _, s, _ in speakers_and_kinds(text)] == ["Mr Livingstone"]
