"""Speaker rules from the second fresh labelled set (issue 15), on text written for these tests:
a person credited before an organisation set off by commas, peers' and particle names kept whole,
and two people who share a surname kept apart."""

from __future__ import annotations

from quoting import speakers

from corpus_search.documents.person import sentence_start_in
from corpus_search.documents.quotations import find_quotations


def test_the_person_is_credited_not_the_organisation_in_commas() -> None:
    text = (
        'Mara Quell, from the Harbour Policy Institute, told reporters: "The numbers do not add '
        'up." Ivo Brandt, of Larkspur Capital, said: "Growth will be slower than promised."'
    )
    assert speakers(text) == [
        ("The numbers do", "Mara Quell"),
        ("Growth will be", "Ivo Brandt"),
    ]


def test_a_peer_keeps_the_place_in_the_name() -> None:
    text = (
        'Lord Penrose of Marlow, in his judgment, said: "Detention without trial cannot '
        'stand in a free country."'
    )
    assert speakers(text) == [("Detention without trial", "Penrose of Marlow")]


def test_a_prince_named_by_the_given_name_is_the_full_name() -> None:
    text = (
        "Trade Minister Prince Omar Al-Rashid announced new rules on Monday. "
        '"Our reforms have opened the market to everyone," Prince Omar said.'
    )
    assert speakers(text) == [("Our reforms have", "Prince Omar Al-Rashid")]


def test_two_people_with_one_surname_stay_apart() -> None:
    text = (
        "Team captain Nina Harlow will miss the final. "
        'Harlow said: "I am gutted to miss the game this weekend." '
        'Coach Pete Harlow said: "We will miss her leadership on the pitch." '
        '"Harlow is the heart of this squad," said Harlow.'
    )
    assert speakers(text) == [
        ("I am gutted", "Nina Harlow"),
        ("We will miss", "Pete Harlow"),
        ("Harlow is the", "Pete Harlow"),
    ]


def test_an_initial_is_the_same_person_as_the_full_first_name() -> None:
    text = (
        'Judge Carla Benn opened the hearing. "The court will sit late," C. Benn said. '
        '"We start again tomorrow," Benn added.'
    )
    assert [s for _, s in speakers(text)] == ["Carla Benn", "Carla Benn"]


def test_he_after_a_sentence_opened_by_he_is_that_sentences_subject() -> None:
    text = (
        "Party spokesman Owen Tally said the vote was fair. Mr Tally said it had been checked "
        "by officials. He said they had also spoken to Mr Brisk about it. "
        'He told reporters: "We have nothing to hide from anyone at all."'
    )
    assert speakers(text) == [("We have nothing", "Owen Tally")]


def test_reported_speech_before_a_quotation_past_an_appositive() -> None:
    text = (
        "Rona Vale, who is the club chairwoman, said she had dropped Mr Birch on Monday. "
        '"He will stay out of the team while we look into it."'
    )
    assert speakers(text) == [("He will stay", "Rona Vale")]


def test_the_newspaper_is_the_title_named_before() -> None:
    text = (
        "The local Harbour Gazette reported the decision on Monday. The newspaper said many "
        'readers thought the excuse was "a weak reason for doing nothing at all".'
    )
    assert speakers(text) == [("a weak reason", "Harbour Gazette")]


def test_the_paper_with_no_title_named_credits_nobody() -> None:
    text = 'The paper said residents called the plan "a waste of public money and time".'
    assert speakers(text) == []


def test_a_government_called_executive_is_an_organisation_not_a_role() -> None:
    text = (
        "First Minister Ewan Tolland spoke to pupils on Friday. But the Welsh Executive has "
        'insisted Mr Tolland meant adults and that his words were "a plain fact of life".'
    )
    assert speakers(text) == [("a plain fact", "Welsh Executive")]
    chief = 'Ewan Tolland joined in May. The Chief Executive said the results were "very bad news".'
    assert [s for _, s in speakers(chief)] != ["Chief Executive"]


def test_a_double_surname_alone_is_the_same_person() -> None:
    text = (
        'Economist Ana Baez Silva studied the crisis. Baez Silva said: "People lost '
        'their savings overnight." "Many never recovered," Baez Silva added.'
    )
    assert [s for _, s in speakers(text)] == ["Ana Baez Silva", "Ana Baez Silva"]


def test_a_word_describing_the_person_is_not_part_of_the_name() -> None:
    text = (
        "Defiant Tomas Eberle says he will not resign as coach. "
        '"I have never walked away from anything in my life," he told reporters. '
        "Lyricist Nora Halvey, who has written for many stars, backs the plan. "
        'Halvey said: "Young people should learn how songs are made."'
    )
    assert [s for _, s in speakers(text)] == ["Tomas Eberle", "Nora Halvey"]
    # a three-word name whose first word is a plain given name stays whole
    whole = 'Rosa Dalia Moreno said: "The film took four years of my life."'
    assert [s for _, s in speakers(whole)] == ["Rosa Dalia Moreno"]


def test_a_knight_named_by_the_given_name_is_the_full_name() -> None:
    text = (
        "The funding body said fewer poor pupils applied. But the gap has "
        '"barely moved in ten years", said its chief executive, Sir Roland Tibbet. '
        "Sir Roland said the figures were stark. He told reporters: "
        '"We must reach families long before the age of sixteen."'
    )
    assert [s for _, s in speakers(text)] == ["Roland Tibbet", "Roland Tibbet"]


def test_an_opening_word_or_participle_is_never_a_speaker() -> None:
    text = (
        'Overall, the lender said that "the market for homes remains very strong". '
        "Paying tribute, the Lord Chancellor Lord Amberly said the judge was one of the "
        '"finest legal minds of this whole generation".'
    )
    assert [s for _, s in speakers(text)] == ["Lord Amberly"]


def test_a_surname_alone_as_a_subject_is_the_person_named_in_full_before() -> None:
    text = (
        "Top seed Lars Obst will meet Remy Vallon in the final on Sunday. "
        '"I felt horrible earlier in the week," Obst said. "Tonight was better." '
        'Vallon will move into the top 50 for the first time. "It has taken a lot of work and '
        'a lot of fighting in my mind," he said. "Now I am here."'
    )
    assert [s for _, s in speakers(text)] == ["Lars Obst"] * 2 + ["Remy Vallon"] * 2


def test_a_team_named_in_the_plural_is_not_made_a_person() -> None:
    text = (
        'Coach Ivo Lind said: "We will keep going." Fans watched Port Rovers lose to Dale '
        'Town. Rovers have won once all year. "We are working on it and it will be fixed very '
        'soon," he said.'
    )
    assert [s for _, s in speakers(text)] == ["Ivo Lind", "Ivo Lind"]


def test_the_person_is_credited_past_an_age_a_title_or_a_bracketed_acronym() -> None:
    text = (
        'Omar Reyes, 26, from Wales, said after the speech: "It was a turning point for us." '
        'Dana Holt, Vice President of the Rowing Union, admitted: "We should have acted." '
        'Lena Voss, Harbour Radio political correspondent, added: "This is a real concern." '
        "A spokesman for the Council of Small Ports (CSP), which meets in Oslo this week, told "
        'reporters: "The divide is real and needs to be addressed."'
    )
    assert [s for _, s in speakers(text)] == [
        "Omar Reyes",
        "Dana Holt",
        "Lena Voss",
        "A spokesman for the Council of Small Ports",
    ]


def test_words_describing_a_person_before_the_name_after_the_verb() -> None:
    text = (
        '"It is incredible, he is so clean cut and soft-spoken," said Florida state archivist '
        'Jody Norr. "We have brought in a lot of new clothing at new price points," said the '
        "M&S spokesman. Ex-TV host Ray Dunn said he wants to "
        '"change the face of British politics for good".'
    )
    assert [s for _, s in speakers(text)][:2] == ["Jody Norr", "The M&S spokesman"]
    assert "Ex-TV" not in [s for _, s in speakers(text)]


def test_a_person_after_an_organisation_and_a_role_or_described_by_an_appositive() -> None:
    text = (
        '"We need a good and feasible plan," National Bureau of Statistics chief Li Wenhai told '
        "reporters. Jo Marsh, a football specialist at accountancy firm Grant Okafor, said the "
        'support was "utterly crucial". "The bid will not proceed without their support." '
        'Australian Lynn Cosby said: "I have never had any such conversation."'
    )
    assert [s for _, s in speakers(text)] == ["Li Wenhai", "Jo Marsh", "Lynn Cosby"]


def test_said_the_young_player_with_a_surname_is_that_player() -> None:
    text = (
        "Coach Rafa Benet praised the squad. Liverpool want Fernando Moreno. "
        '"If there is an attractive offer I would be keen to leave," admitted the 28-year-old '
        'Moreno. He added: "Unfortunately, I am not in control of the situation." The game sold '
        'well. "Halo is the most important launch game for any console," wrote the influential '
        "Edge magazine."
    )
    assert [s for _, s in speakers(text)] == ["Fernando Moreno", "Fernando Moreno"]


def test_a_possessive_noun_after_a_name_is_no_verb() -> None:
    text = (
        "The prop Jon Whyte is in form. With a World Cup winner's medal to his name, Whyte "
        'helps the young players. "I am pleased with my form," he said.'
    )
    assert [s for _, s in speakers(text)] == ["Jon Whyte"]


def test_a_solicitor_or_an_accountant_is_a_role_before_a_name() -> None:
    text = (
        "The case was dropped last week. The men's solicitor Matt Knightley, said that at no time "
        'had they broken the law. "There is no offence of trespassing in the House," he said. '
        '"I do not know who is right, but the harm is ours," said accountant Jo Lopes.'
    )
    assert [s for _, s in speakers(text)] == ["Matt Knightley", "Jo Lopes"]


def test_she_is_never_a_man_and_he_never_a_woman() -> None:
    # Honorifics, gendered role words and a short list of given names say who is a man or a
    # woman; "she" then skips the men mentioned after the woman, and "he" the women.
    text = (
        "Party leader Alan Reed said the ban would start in May. Mr Reed added that fines would "
        "follow. The Green Party's health spokeswoman, Ruth Dale, welcomed the move. Mr Reed "
        'also spoke to reporters. "The time has come for this," she said.'
    )
    assert [s for _, s in speakers(text)] == ["Ruth Dale"]
    text = (
        "Mr Okafor's daughter Jill said her father would be missed. Mr Okafor died on Monday. "
        '"He was loved by everyone who met him," she said.'
    )
    assert [s for _, s in speakers(text)] == ["Jill"]
    text = (
        "Rita Vance met Mrs Lowe on Monday, and Tomas Berg joined them later. Mrs Lowe left "
        'early. "It was a useful meeting," he said.'
    )
    assert [s for _, s in speakers(text)] == ["Tomas Berg"]


def test_a_chairman_may_be_a_woman() -> None:
    text = (
        "Party chairman Petra Holm wrote to the two men. Mr Cole said the law was clear. "
        'She said: "We have taken legal advice and we will act."'
    )
    assert [s for _, s in speakers(text)] == ["Petra Holm"]


def test_an_unnamed_spokeswoman_after_but_is_who_she_is() -> None:
    text = (
        'Opposition leader Nina Ross said: "This is a gaffe by the minister." But an executive '
        "spokeswoman insisted Mr Dunn had meant adults. "
        '"He was talking about adults and cheap drinks," she said.'
    )
    assert [s for _, s in speakers(text)] == ["Nina Ross", "An executive spokeswoman"]


def test_a_nickname_after_the_name_is_not_the_speaker() -> None:
    text = (
        "Carlos Mora described the win as the highlight of his career. And Mora, nicknamed "
        'Charly, admitted: "The cup is my dream and I was a bit nervous at the outset."'
    )
    assert speakers(text) == [("The cup is", "Carlos Mora")]


def test_a_quoted_nickname_inside_a_full_name_is_that_person() -> None:
    text = (
        "Ahmed 'Zizo' Kamal has made another apology to the fans.\n\n"
        'The 21-year-old spoke in Cairo. Zizo said: "There is not much I have to say today, '
        'except sorry." Zizo was dropped by coach Marco Tardo last year.'
    )
    assert speakers(text) == [("There is not", "Ahmed 'Zizo' Kamal")]


def test_a_runaway_quotation_is_cut_before_the_narration_naming_the_next_speaker() -> None:
    # The closing mark after "at times." is missing: the speaker named after the next quotation
    # is mentioned in the narration between, so the run is cut there.
    text = (
        'Dan Kamal apologised in Cairo. He added: "It is not my right to give orders. "I feel the '
        'players have a new spirit. "So I am used to the press being against me at times. '
        "Meanwhile, FA spokesman Medhat Shalan welcomed the apology and said nobody had forced "
        'Kamal. "His apology makes him a bigger star and a role model," Shalan said.'
    )
    found = find_quotations(text)
    assert [(q.speaker, q.text[:9], q.text[-9:]) for q in found] == [
        ("Dan Kamal", "It is not", "at times."),
        ("Medhat Shalan", "His apolo", "ole model"),
    ]


def test_a_person_introduced_with_who_then_said_wins_over_an_earlier_speaker() -> None:
    # A red-carpet report: each guest introduced in a sentence, then "he said".
    text = (
        "Actor Tomas Verel, who is starring in a play in the city, was greeted by cheers. "
        'Oskar Lindqvist, who presented the main award, said the night was "busy". '
        '"It is always strange and when it is good, it is good," he said. '
        "Bruno Castell, whose film went on to win, said the prize meant a lot. "
        'He said: "I admire the young film-makers of this country."'
    )
    assert speakers(text) == [
        ("It is always", "Oskar Lindqvist"),
        ("I admire the", "Bruno Castell"),
    ]


def test_a_given_name_before_who_is_a_person_a_description_then_points_to() -> None:
    text = (
        "The young stars were represented in the shape of Emily Tarrant, who plays a witch "
        'in the films. The 14-year-old said she hoped to meet her idols but joked that "they '
        'are probably a little too old for me".'
    )
    assert speakers(text) == [("they are probably", "Emily Tarrant")]


def test_a_role_is_not_given_to_someone_named_with_it_only_later() -> None:
    text = (
        "Ines Marlow, who won the best actress prize, told reporters she was thrilled. "
        'Shivering in a long dress, the Australian-born actress stopped and joked: "It is '
        'tight but I love it." Glamour came too from actress Petra Sollis, who wore red.'
    )
    assert [s for _, s in speakers(text)] != ["Petra Sollis"]


def test_a_title_before_the_surname_is_the_same_person() -> None:
    text = (
        "Wilma Thornbury has said the chamber needs its own Speaker. Baroness Thornbury, who "
        'was the first woman to hold the post, said change was overdue. "Now we have to take '
        'care of it ourselves," she said.'
    )
    assert speakers(text) == [("Now we have", "Wilma Thornbury")]


def test_a_performer_named_with_the_is_the_speaker_as_written() -> None:
    text = (
        "Rapper Big Lenny has ended his feud with his protege The Drift in Boston. "
        'The Drift, whose real name is Omar Vell, told a news conference: "I want to '
        'apologise for the things that went on."'
    )
    assert speakers(text) == [("I want to", "The Drift")]


def test_he_inside_a_clause_before_the_colon_is_not_the_sentence_subject() -> None:
    text = (
        'Mr Hollis later told reporters: "Of course I trust the chairman." The party office '
        "cited that comment when reporters suggested Mr Hollis had failed to deny claims he "
        'had once told Mr Brandt: "There is nothing you could say that I would believe".'
    )
    assert speakers(text)[-1] == ("There is nothing", "Mr Hollis")


def test_a_partial_quotation_a_group_claims_is_not_the_ministers() -> None:
    text = (
        'Changes to a bill which critics claim would allow it "through the back door" were '
        "not a ploy, the minister has said."
    )
    assert speakers(text) == []


def test_a_name_after_says_is_a_person_then_he_says() -> None:
    text = (
        "Director Paul Renard says he is under pressure from cheaper factories abroad.\n\n"
        "That is one reason why people here distrust the union, says Loic Darmon, a politics "
        "lecturer at the university.\n\n"
        '"In the region today the jobless rate is 12%, in some areas 15%," he says.'
    )
    assert speakers(text) == [("In the region", "Loic Darmon")]


def test_a_number_after_a_full_stop_starts_a_sentence() -> None:
    text = "The Drift also gave money to a school. 50 Cent announced he had set up a fund."
    assert sentence_start_in(text, text.index("announced")) == text.index("50 Cent")


def test_an_organisations_statement_is_the_organisation() -> None:
    text = (
        'The striker was sent off. "We do not know how many red cards he was shown," said an '
        'FLA statement. A Harbour Rowing Club statement said: "Our members are safe."'
    )
    assert speakers(text) == [("We do not", "FLA"), ("Our members are", "Harbour Rowing Club")]


def test_a_message_was_colon_is_its_owners() -> None:
    text = (
        "Tom Varley wrote to the minister on Monday. His message to the chancellor was: "
        '"Please do not give it away." The board then heard Ann Rook. '
        'Ms Rook\'s verdict was: "It is too late."'
    )
    assert speakers(text) == [("Please do not", "Tom Varley"), ("It is too", "Ann Rook")]


def test_a_surname_prefix_written_apart_stays_in_the_name() -> None:
    text = (
        "The study was out. Rory O' Neill, editor of the Weekly Widget, which ran it, said: "
        '"Safety is good for all of us." Later Mr O\' Neill said: "We will keep at it."'
    )
    assert speakers(text) == [
        ("Safety is good", "Rory O' Neill"),
        ("We will keep", "Rory O' Neill"),
    ]


def test_a_long_description_after_the_name_does_not_hide_the_person() -> None:
    text = (
        "The plan was agreed. Anna Berg, Director of the Centre for Local Rural Studies at "
        'Glenfield University, said: "With this plan the costs are rising quickly now."'
    )
    assert speakers(text) == [("With this plan", "Anna Berg")]


def test_a_place_after_in_is_never_the_speaker() -> None:
    text = (
        "The ruling came. In a statement, prisoner 'B' in Hillmoor Prison said: "
        '"I hope that the ministers will act now on this." Speaking in Leeds Mr Howard said: '
        '"We will win this fight in the end."'
    )
    assert speakers(text) == [("We will win", "Mr Howard")]


def test_a_double_quoted_nickname_inside_a_full_name_is_that_person() -> None:
    text = (
        'Another champion - Danny "the Hammer " Ferris - once missed school too. "Pete Lane and '
        'me would play all day," Mr Ferris said.'
    )
    assert speakers(text) == [("Pete Lane and", "Danny Ferris")]


def test_an_organisation_is_named_at_its_fullest() -> None:
    text = (
        "Brellon International, of Leeds, leads the consortium. Brellon said the plan was "
        '"not workable at the agreed price". The Reserve Bank of Norland said rates would hold. '
        'Officials at the UK Harbour Authority agreed. "Traffic is down by a fifth," the Harbour '
        "Authority said. Mr Tarrant said he would resign. "
        '"I have done my part," Tarrant said of Tarrant Group.'
    )
    assert speakers(text) == [
        ("not workable at", "Brellon International"),
        ("Traffic is down", "UK Harbour Authority"),
        ("I have done", "Mr Tarrant"),  # a person, though a firm carries his name
    ]


def test_he_is_the_person_not_the_end_of_an_organisations_name() -> None:
    text = (
        "Judge Ada Varn ruled against the ministry on Monday. But Piet Omond of the League for "
        'Cleaner Rivers Now urged the ministry to appeal. "This ruling must not end the case," he '
        "said. A geneticist at the Institute of Marine Biology, Professor Hal Dunmore, said he "
        'was alarmed. He said: "Nobody has studied the estuary for years."'
    )
    assert speakers(text) == [
        ("This ruling must", "Piet Omond"),
        ("Nobody has studied", "Hal Dunmore"),
    ]


def test_letters_after_a_name_do_not_hide_the_person() -> None:
    text = (
        'Lord Farrow said the rules were fair. "They are long overdue," he said. The Director of '
        "Harbour Appeals, Tom Quayle QC, who sits on the council, said the discount was set by "
        'parliament. "What the rule does is bring clarity," he said.'
    )
    assert speakers(text) == [
        ("They are long", "Lord Farrow"),
        ("What the rule", "Tom Quayle"),
    ]


def test_now_he_looks_back_past_the_names_in_his_sentence() -> None:
    # "Now he fears ... including captain Ian Roe": the sentence is about "he", so he is the
    # person before it; "all three Harbour Cup matches" is a noun, no verb making a person.
    text = (
        'Coach Marc Belot is worried. "It is a hard week," he told reporters. It is an issue he '
        "raised before, when Leeds lost all three Harbour Cup matches they played. Now he fears "
        "a defeat after eight players, including captain Ian Roe, were called up. "
        '"We have to be careful," he added.'
    )
    assert speakers(text) == [
        ("It is a", "Marc Belot"),
        ("We have to", "Marc Belot"),
    ]


def test_a_role_of_something_before_the_name() -> None:
    text = (
        '"Under the agreement, the league wanted a second opinion," director of rugby Ned Parr '
        "told the Harbour Gazette. Head of public affairs Ann Lee said the club agreed."
    )
    assert speakers(text) == [("Under the agreement,", "Ned Parr")]


def test_a_surname_that_is_also_a_month() -> None:
    text = (
        "The band will tour in May. Guitarist Brian May said he expects to be on the road by "
        'March. May said: "Suddenly the band is rising again from the ashes." Joan March, the '
        'promoter, added: "Tickets go on sale in May."'
    )
    assert speakers(text) == [
        ("Suddenly the band", "Brian May"),
        ("Tickets go on", "Joan March"),
    ]


def test_the_verb_before_the_speaker() -> None:
    text = (
        'The squad met on Monday. Said assistant coach Tom Reddy: "They have worked through the '
        'weekend and the news is better." Said the league: nothing.'
    )
    assert speakers(text) == [("They have worked", "Tom Reddy")]


def test_a_second_partial_quotation_in_the_sentence_of_the_first() -> None:
    text = (
        'Harbour Payments chief executive Carla Dunne told the BBC there was "no doubt" that the '
        'new cards would "reduce card fraud in the shops". Radio 4 said it was "a big change for '
        'the high street" and the Fed was "watching it very closely indeed".'
    )
    # (only a person's name reaches past the first quotation: "the Fed" is not read on)
    assert speakers(text) == [("reduce card fraud", "Carla Dunne")]


def test_a_surname_that_has_done_something_is_the_person_named_after_by() -> None:
    text = (
        "Top seed Carl Adder suffered a heavy defeat by Ivo Marek in the quarter-finals. Adder "
        'was often beaten by drop shots. Marek has now beaten Adder twice. "I had a good game '
        'plan and I followed it," he said.'
    )
    assert speakers(text) == [("I had a", "Ivo Marek")]


def test_he_after_but_someone_rejected_it_is_that_someone() -> None:
    text = (
        'Lina Roth criticised the courts. Roth said she had had "enough of asking" but the '
        "federation's Piet Dahl rejected her comments. \"We made the courts faster,\" he said."
    )
    assert speakers(text) == [("We made the", "Piet Dahl")]


def test_church_and_army_titles_are_not_part_of_the_name_and_will_say_attributes() -> None:
    text = (
        "Cardinal Tomas Varga has criticised the cost of the war. Lt Col Ed Bryce of the "
        'army said: "Some parts of the country are calm." "Peace is worth striving for," the '
        "cardinal will say on Friday."
    )
    assert speakers(text) == [
        ("Some parts of", "Ed Bryce"),
        ("Peace is worth", "Tomas Varga"),
    ]


def test_an_opening_adjective_or_adverb_is_no_speaker() -> None:
    text = (
        'Leaked papers have suggested the minister called the plan a "leap in the dark for all '
        'of us". Only last month she insisted that a return was "not something I would consider '
        'this year".'
    )
    assert [s for _, s in speakers(text)] == []


def test_a_stage_name_stays_the_speaker_when_the_real_name_is_given() -> None:
    text = (
        "Rapper 40 Watt has ended his feud with his protege. Chart-topper 40 Watt, real name "
        'Derek Small, said the truce was for the fans. "We are here to show that people can '
        'work together."'
    )
    assert speakers(text) == [("We are here", "40 Watt")]


def test_a_headline_describing_word_is_not_part_of_the_name() -> None:
    text = (
        "Veteran Ortiz wins Harbour title\n\n"
        "Carmen Ortiz won her first title in five years on Sunday. "
        '"It feels really good," said Ortiz, who retires this year.'
    )
    assert speakers(text) == [("It feels really", "Carmen Ortiz")]


def test_the_subject_of_the_clause_the_verb_is_in() -> None:
    text = (
        "Tory MP Ian Crane is to stand down. Mr Crane was suspended for two weeks after the "
        'Commons standards committee said his conduct had fallen "well below the standards '
        'expected". Rita Moss called the prize "quite an honour" while Blue Harbour said their '
        'win was "a real surprise for us".'
    )
    assert speakers(text) == [
        ("well below the", "Commons standards committee"),
        ("a real surprise", "Blue Harbour"),
    ]


def test_first_person_words_after_a_sentence_about_a_person_are_theirs() -> None:
    text = (
        "Amira Castell reached the final in Linz on Sunday. Castell spent five weeks at number "
        'one last year. "Since then, I feel very confident on court." Best actor Tom Ryle could '
        'not come. "I am honoured and proud to receive this award." Two firms welcomed the '
        'plan. "My view is that it will work."'
    )
    # (not "Best" nor "Two": a name written in full before, or a full name, opens the sentence)
    assert speakers(text) == [("Since then, I", "Amira Castell")]


def test_it_said_is_the_body_that_spoke_before() -> None:
    text = (
        "Growth will slow this year, the Harbour Economic Council said on Monday. Exports will "
        'carry most economies. "The stronger euro will weigh on activity for some time," it said. '
        'Ann Vale welcomed the forecast. "It is what we expected," it added.'
    )
    # (after a sentence naming a person, "it" is nobody)
    assert speakers(text) == [("The stronger euro", "Harbour Economic Council")]


def test_a_comma_missing_a_passive_agent_and_a_shadow_role() -> None:
    text = (
        "Shadow foreign secretary Tom Ancell said the campaign was going well. In a speech to the "
        'Harbour Policy Centre Mr Strand said of his rival: "He is clever, but he is not wise." '
        'The Foreign Secretary told the BBC: "I was making an observation." The claim was denied '
        'by a UKIP spokesman, who said: "These accusations are false."'
    )
    assert speakers(text) == [
        ("He is clever,", "Mr Strand"),
        ("I was making", "Mr Strand"),
        ("These accusations are", "A UKIP spokesman"),
    ]


def test_a_signature_line_is_not_a_sentence_about_its_owner() -> None:
    text = (
        "See the manual for details.\n--\nSteve Lamb\nHarbour Imaging and Microscopy Lab/Leeds "
        'LS2 9JT\n"I am a Marxist, of the Groucho sort."'
    )
    assert speakers(text) == []
