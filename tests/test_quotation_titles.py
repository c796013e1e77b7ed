"""Speaker rules from reviewing a development pool of news articles (issue 15), on text written
for these tests: a title's last capitalised word is not part of the name after it, "X of Y" is
one name, a person named in an appositive is a person, and a name set off by a comma after a
long role is that role's holder."""

from __future__ import annotations

from quoting import speakers


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


def test_a_month_after_a_given_name_or_an_honorific_is_a_surname() -> None:
    text = (
        "The vote is due in May. The shadow secretary for the family, Sarah May, said: "
        '"These plans were announced long ago." Mrs May added: "We will do better than that."'
    )
    assert speakers(text) == [
        ("These plans were", "Sarah May"),
        ("We will do", "Sarah May"),
    ]


def test_a_surname_alone_before_a_relative_clause_is_the_person_named_in_full() -> None:
    text = (
        "Guests included Kirk Dale, Jeremy Ivors and Jean Van Damme. "
        '"We have been careful to be respectful," said Christine Rusk, the director. '
        "Ivors, whose film is in competition for the festival awards, said he had wondered "
        'whether to come. "I questioned whether I should come at all," the British actor said.'
    )
    assert speakers(text) == [
        ("We have been", "Christine Rusk"),
        ("I questioned whether", "Jeremy Ivors"),
    ]


def test_a_role_inside_a_relative_clause_or_after_an_honorific_is_not_the_name_s() -> None:
    text = (
        "Richard Dunn is ready to stay at the club. He was once dropped by boss Kevin Keeling, "
        "who sent the defender home. Early talks have taken place and the defender said: "
        '"Hopefully something will be sorted out soon." The festival is growing like Pusan in '
        'South Korea, Mr Prater predicts. "It has grown awfully fast," he concedes.'
    )
    assert speakers(text) == [
        ("Hopefully something will", "Richard Dunn"),
        ("It has grown", "Mr Prater"),
    ]


def test_a_mood_before_a_name_after_the_quotation_is_not_part_of_it() -> None:
    text = (
        'Panel member Kelvin Mack was blunt. "When the minister turns to the chancellor it is '
        'over," observed Mr Mack. "That was a total disaster for me," a crestfallen Mr Lim '
        "confided in the presenter."
    )
    assert speakers(text) == [
        ("When the minister", "Kelvin Mack"),
        ("That was a", "Mr Lim"),
    ]


def test_a_playing_position_before_a_name_is_not_part_of_it() -> None:
    text = (
        "The side are unbeaten. Keeper Tony Bullard echoed the captain. "
        '"I think all the boys are behind the manager," he added. Wing Christophe Domingo was '
        'upbeat. "We can still win the title," said Domingo.'
    )
    assert speakers(text) == [
        ("I think all", "Tony Bullard"),
        ("We can still", "Christophe Domingo"),
    ]


def test_he_is_not_the_person_the_quotation_names() -> None:
    text = (
        "Manager David Leary has rapped skipper Olof Mellan for his comments. Mellan spoke of his "
        "dislike of their rivals before the match. \"I've had more than a quiet word with Olof. "
        'It was said within the whole group," he told the club website.'
    )
    assert speakers(text) == []


def test_he_after_an_unnamed_spokesman_defending_something_is_the_spokesman() -> None:
    text = (
        'Committee chairman John Denby said: "We want murder treated as a separate offence." '
        "But a spokesman for the Home Office defended the proposals. He said: \"The rules "
        'make express provision for murder."'
    )
    assert speakers(text) == [
        ("We want murder", "John Denby"),
        ("The rules make", "A spokesman for the Home Office"),
    ]


def test_a_role_that_starts_the_next_clause_is_not_the_name_s_before_the_comma() -> None:
    text = (
        "Bishop of Durham Tom Wrightson wrote about the novel. Writing in the Northern Herald, "
        'the Bishop said: "Conspiracy theories are always fun to read." The evidence is good, '
        'according to the Bishop. "We have a hundred times more manuscripts," he said.'
    )
    assert speakers(text) == [
        ("Conspiracy theories are", "Tom Wrightson"),
        ("We have a", "Tom Wrightson"),
    ]


def test_a_person_for_a_party_set_off_by_commas_is_the_speaker_not_the_party() -> None:
    text = (
        'Ieuan Jones spoke first. Kirsty Wilkins, for the Lib Dems, added: "If the policy is '
        'going to continue, then changing the minister is pointless."'
    )
    assert speakers(text) == [("If the policy", "Kirsty Wilkins")]


def test_words_after_a_quotation_starting_with_a_preposition_name_no_speaker() -> None:
    # (the chancellor before the quotation, not "National Statistics" after it; "Others" is
    # nobody)
    text = (
        'The row grew. But the chancellor said Mr Fallon was "impugning the integrity of it all" '
        "of the Office of National Statistics and said the decision was independent. Others, "
        'however, continued to warn that the "bubble may burst any time at all".'
    )
    assert speakers(text) == [("impugning the integrity", "The chancellor")]


def test_the_chancellor_is_not_the_shadow_chancellor() -> None:
    text = (
        "Gordon Brane has issued a rallying cry to supporters. Mr Brane accused shadow "
        "chancellor Oliver Letts of plotting cuts. Turning to the economy, the chancellor "
        "promised to continue economic stability. And he promised help for first-time buyers. "
        '"My message to the thousands of young couples is that housing matters," he said.'
    )
    assert speakers(text) == [("My message to", "Gordon Brane")]


def test_a_surname_alone_is_the_three_word_name_written_inside_a_sentence() -> None:
    text = (
        "The twins thrashed Juan Carlos Ferrando and Tomas Robles in straight sets. When Robles "
        "dropped serve the match was over. Ferrando, who was upset to be dropped, hinted at "
        'further trouble. "I was not told why I was left out of the singles," he said.'
    )
    assert speakers(text) == [("I was not", "Juan Carlos Ferrando")]
