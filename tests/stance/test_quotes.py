"""Quotes and reported speech with their speakers, attributed on the parse of each quote's frame."""

from __future__ import annotations

import pytest

import presslens as pl
from presslens import stance


@pytest.fixture(scope="module")
def seed() -> pl.Corpus:
    return pl.read_corpus()


def test_speaker_after_the_quote_with_the_verb_before_or_after_the_name():
    quotes = stance.extract_quotes("“Sanctions are working well,” said Jana Novak, a German economist.")
    assert quotes[["kind", "speaker", "cue", "quote", "rule"]].values.tolist() == [
        ["direct", "Jana Novak", "say", "Sanctions are working well", "speech verb"]]
    asked = stance.extract_quotes("“Why should we trust them?” asked Zelensky.")   # parsed as 'asked Zelensky'
    assert asked[["speaker", "speaker_actor", "cue"]].values.tolist() == [["Volodymyr Zelensky", "Ukraine", "ask"]]


def test_an_attribution_the_sentence_splitter_cut_off_is_still_read():
    quotes = stance.extract_quotes("“Why should we trust them?” Zelensky asked.")
    assert quotes[["speaker", "quote"]].values.tolist() == [["Volodymyr Zelensky", "Why should we trust them?"]]


def test_speaker_before_the_quote():
    quotes = stance.extract_quotes("Peskov said: “Moscow will not accept these terms.”")
    assert quotes[["speaker", "speaker_actor", "quote"]].values.tolist() == [
        ["Dmitry Peskov", "Russia", "Moscow will not accept these terms."]]


def test_a_quote_over_two_sentences_is_one_quote_and_a_following_quote_continues_it():
    text = ("“We are ready to talk. We want a just peace,” Kuleba told reporters. "
            "“But nobody should expect us to give up land.”")
    quotes = stance.extract_quotes(text)
    assert quotes[["speaker", "sentence_id", "sentence_id_end", "continuation", "rule"]].values.tolist() == [
        ["Dmytro Kuleba", 0, 1, False, "speech verb"], ["Dmytro Kuleba", 2, 2, True, "continuation"]]


def test_he_after_a_quote_is_the_previous_speaker():
    text = "“Why should we trust them?” asked Zelensky. “They broke every promise,” he added."
    quotes = stance.extract_quotes(text)
    assert quotes[["speaker", "cue"]].values.tolist() == [["Volodymyr Zelensky", "ask"], ["Volodymyr Zelensky", "add"]]


@pytest.mark.parametrize(("text", "description"), [
    ("“He wants to cut jobs for firefighters, police and teachers,” the video says.", "the video"),
    ("“Remember, all of this has happened in less than a year,” the piece continued.", "the piece"),
    ("“Medical intervention should be suspended,” the website says.", "the website"),
])
def test_a_published_thing_that_speaks_is_described(text: str, description: str):
    quotes = stance.extract_quotes(text)
    assert quotes[["speaker", "speaker_description"]].values.tolist() == [[None, description]]


def test_an_unnamed_speaker_is_described_not_guessed():
    quotes = stance.extract_quotes("“The deal is dead,” a senior official said.")
    assert quotes[["speaker", "speaker_description"]].values.tolist() == [[None, "a senior official"]]


def test_according_to_names_the_speaker():
    quotes = stance.extract_quotes("“The talks will go on,” according to Peskov.")
    assert quotes[["speaker", "rule"]].values.tolist() == [["Dmitry Peskov", "according to"]]


def test_reported_speech_and_short_scare_quotes():
    quotes = stance.extract_quotes("Lavrov said that Moscow rejected the plan. He called it a “special operation”.")
    assert quotes[["kind", "speaker", "quote"]].values.tolist() == [
        ["reported", "Sergey Lavrov", "that Moscow rejected the plan"]]


def test_seed_quotes_and_speakers(seed: pl.Corpus):
    quotes = stance.extract_quotes(seed)
    direct = quotes[quotes["kind"] == "direct"]
    assert direct["speaker"].value_counts().to_dict() == {"Witold Rodkiewicz": 3, "Oleksandr Kraiev": 1}
    assert direct["continuation"].tolist() == [False, False, False, True]
    assert all(seed.sentences.set_index(["article_id", "sentence_id"]).loc[(row.article_id, row.sentence_id), "text"]
               .find(row.quote[:30]) >= 0 for row in direct.itertuples())


def test_a_title_refers_back_to_the_person_titled_so_even_after_another_person_is_named():
    text = ("Gov. Brian Sandoval said this week that his administration has launched three investigations. "
            "The city attorney, Carmen Trutanich, filed a lawsuit on Monday. "
            "“Let me be clear, one patient discharged improperly is one too many,” said the governor.")
    quotes = stance.extract_quotes(text)
    direct = quotes[quotes["kind"] == "direct"]
    assert direct[["speaker", "speaker_mention", "speaker_description"]].values.tolist() == [
        ["Brian Sandoval", "the governor", None]]


def test_a_speaker_who_was_quoted_saying_and_a_title_heading_the_name():
    quoted = stance.extract_quotes("Secretary of State John Kerry rattled European officials when he was quoted "
                                   "in the Financial Times saying any agreement was “definitively not going to be a "
                                   "treaty.”")
    assert quoted.loc[quoted["kind"] == "direct", "speaker"].tolist() == ["John Kerry"]
    titled = stance.extract_quotes("“The ballooning costs of healthcare act as a hungry tapeworm on the American "
                                   "economy,” said Berkshire Hathaway Chairman and CEO Warren Buffett.")
    assert titled["speaker"].tolist() == ["Warren Buffett"]


def test_attributions_by_evaluative_speech_verbs_and_speaker_words_stop_at_the_quote():
    text = ("“This entire policy shift is based on an illusion, based on a lie,” Sen. Marco Rubio, a son of Cuban "
            "immigrants, lashed out on Capitol Hill today. "
            "Israeli Prime Minister Benjamin Netanyahu exulted, “We're seeing the Iranian empire totter.”")
    quotes = stance.extract_quotes(text)
    assert quotes["speaker_mention"].tolist() == ["Sen. Marco Rubio", "Israeli Prime Minister Benjamin Netanyahu"]
    assert quotes["speaker"].str.endswith(("Marco Rubio", "Benjamin Netanyahu")).all()   # (the recogniser
    # takes the whole of Netanyahu's words for an organisation's name)


def test_he_after_a_new_person_is_named_is_that_person_not_the_previous_speaker():
    text = ("“We are ready to talk,” Kuleba told reporters on Tuesday. "
            "Kremlin spokesman Dmitry Peskov answered on Wednesday that Moscow would wait. "
            "“Nobody should expect quick steps from us,” he said.")
    quotes = stance.extract_quotes(text)
    assert quotes.loc[quotes["kind"] == "direct", "speaker"].tolist() == ["Dmytro Kuleba", "Dmitry Peskov"]


def test_doubled_single_marks_open_and_close_a_quote():
    text = ("“He’s got it just opposite,’’ Mr. Romney said at a fund-raiser in Georgia. "
            "‘‘He doesn’t understand what it takes to get this economy going,’’ he added.")
    quotes = stance.extract_quotes(text)
    assert quotes[["speaker", "quote"]].values.tolist() == [
        ["Romney", "He’s got it just opposite"],
        ["Romney", "He doesn’t understand what it takes to get this economy going"]]


def test_a_speech_verb_the_parser_left_without_subject_takes_the_name_before_it():
    text = ("Before flying to Lisbon to meet Secretary Mike Pompeo, Israeli Prime Minister Benjamin Netanyahu "
            "exulted, “We're seeing the Iranian empire totter.”")
    quotes = stance.extract_quotes(text)
    assert quotes["speaker"].str.endswith("Benjamin Netanyahu").tolist() == [True]
    assert quotes["cue"].tolist() == ["exult"]


def test_a_quote_worked_into_a_stance_verb_phrase_is_its_subjects_wording():
    text = ("The U.N. Security Council condemned the attack in a statement, calling it a “heinous and barbaric "
            "terrorist attack.” Senator Jane Doe denounced the ad as “misleading, unfair, and untrue.”")
    quotes = stance.extract_quotes(text)
    assert quotes[["speaker_mention", "cue", "rule"]].values.tolist() == [
        ["The U.N. Security Council", "call", "governing cue"], ["Senator Jane Doe", "denounce", "governing cue"]]


def test_a_quote_of_a_sentence_of_its_own_has_no_governing_cue():
    quotes = stance.extract_quotes("The ministers met on Monday. “No substantive progress has been made.”")
    assert quotes[["speaker", "speaker_description", "rule"]].values.tolist() == [[None, None, None]]


@pytest.mark.parametrize("first_name, pronoun", [("Mark", "he"), ("Maria", "she")])
def test_a_pronoun_after_two_people_named_is_not_the_one_the_codebook_happens_to_know(first_name: str, pronoun: str):
    text = (f"{first_name} Lopez has studied the exile community for decades. Lopez says the survey shows later "
            f"immigrants are more open to Obama's policy shift. But they are rarely heard, {pronoun} adds. "
            f"“The folks that want more normal relationships are not the ones most politically engaged,” {pronoun} "
            "explains.")
    quotes = stance.extract_quotes(text)
    assert quotes.loc[quotes["kind"] == "direct", "speaker"].str.endswith("Lopez").tolist() == [True]


def test_the_speaker_of_a_passive_of_hearing_or_quoting_is_its_subject():
    quotes = stance.extract_quotes("“Ninety-five percent of murders fit one M.O.,” Mr. Bloomberg is heard saying.")
    assert quotes[["speaker_mention", "cue"]].values.tolist() == [["Mr. Bloomberg", "say"]]


def test_a_description_named_by_an_apposition_is_that_name():
    quotes = stance.extract_quotes("His adviser, Jana Novak, tweeted the video and commented, “This is a scandal, plain "
                                   "and simple.”")
    assert quotes[["speaker", "speaker_mention"]].values.tolist() == [["Jana Novak", "Jana Novak"]]


def test_a_published_thing_without_an_author_continues_the_previous_speaker():
    quotes = stance.extract_quotes("“We will keep talking to Japan,” IOC President Thomas Bach said on Sunday. "
                                   "The statement added that “cancellation is not on the agenda.”")
    assert quotes[["speaker", "speaker_mention"]].values.tolist() == [
        ["Thomas Bach", "IOC President Thomas Bach"], ["Thomas Bach", "statement"]]


@pytest.mark.parametrize("document", ["email", "message", "speech"])
def test_an_email_a_message_or_a_speech_speaks_for_the_previous_speaker(document: str):
    quotes = stance.extract_quotes(f"“Everyone must do their part,” Wolf said. “We will need the wealthy to do their "
                                   f"part financially,” the {document} said.")
    assert quotes["speaker"].tolist() == ["Wolf", "Wolf"]


@pytest.mark.parametrize("verb", ["reiterating", "repeating"])
def test_reiterating_or_repeating_introduces_quoted_words(verb: str):
    quotes = stance.extract_quotes(f"Mattis made a glancing reference to North Korea, {verb} that the objective "
                                   "remained the “complete, verifiable and irreversible denuclearization of the "
                                   "Korean Peninsula.”")
    direct = quotes[quotes["kind"] == "direct"]
    assert direct["speaker"].tolist() == ["Mattis"]


def test_a_name_with_a_generational_suffix_is_not_the_codebook_person():
    mentions = stance.find_mentions("Donald Trump Jr. tweeted. Donald Trump did not.")
    assert mentions["mention"].tolist() == ["Donald Trump"]
    assert mentions["sentence_id"].tolist() == [1]


def test_a_fragment_in_reported_speech_is_the_reporters_wording_unless_the_clause_names_its_own_speaker():
    bauer = stance.extract_quotes('Gary Bauer told "Fox News Sunday" that proponents of gay marriage are effectively '
                                  'asking "for unelected judges to deny the people of the states the right to decide."')
    assert bauer[["speaker", "cue"]].values.tolist() == [["Gary Bauer", "tell"]]
    nested = stance.extract_quotes("Mr. Parscale also tweeted a 2013 radio interview in which Mr. Bloomberg said "
                                   "police “disproportionately stop whites too much and minorities too little.”")
    assert nested[nested["kind"] == "direct"]["speaker_mention"].tolist() == ["Mr. Bloomberg"]


def test_the_subject_of_was_quoted_saying_speaks_whatever_stands_between():
    quotes = stance.extract_quotes("Secretary of State John Kerry rattled European officials when he was quoted "
                                   "earlier this month in the Financial Times saying any agreement was “definitively "
                                   "not going to be a treaty.”")
    assert quotes[["speaker", "cue"]].values.tolist() == [["John Kerry", "say"]]


@pytest.mark.parametrize(("text", "speaker"), [
    ("The footage comes from the campaign of 2008, when then-Sen. Clinton – now President Obama’s loyal and steadfast "
     "secretary of state – complained about the Illinois insurgent spending “millions of dollars perpetuating "
     "falsehoods.”", "Sen. Clinton"),
    ("“We owe it to them to vote on this measure,” Sen. Richard Blumenthal, D-Conn., said this week.",
     "Sen. Richard Blumenthal"),
    ("“That’s not how you run the United States Senate,” said Sen. Jon Tester (D-Mont.).", "Sen. Jon Tester"),
])
def test_asides_between_dashes_and_party_tags_do_not_hide_the_speaker(text: str, speaker: str):
    assert stance.extract_quotes(text)["speaker_mention"].tolist() == [speaker]


def test_an_inverted_attribution_is_the_name_right_after_the_verb_whatever_follows_it():
    quotes = stance.extract_quotes("\"It's time to move on. It's no longer the '60s,\" says Fernando Miro, an office "
                                   "manager whose father, a former attorney in Cuba, was involved in the Bay of Pigs "
                                   "invasion and was held afterwards as a political prisoner by the Cuban government.")
    assert quotes[quotes["kind"] == "direct"]["speaker"].tolist() == ["Fernando Miro"]


def test_a_speech_verb_whose_subject_stands_for_no_one_gives_way_to_the_next():
    quotes = stance.extract_quotes("Rashida Tlaib toured the facility and tweeted that Detroit “should probably "
                                   "rethink this whole facial recognition thing,” the Hill reports.")
    assert quotes[quotes["kind"] == "direct"][["speaker", "cue"]].values.tolist() == [["Rashida Tlaib", "tweet"]]


def test_a_quote_without_attribution_continues_the_reported_speech_before_it():
    quotes = stance.extract_quotes("At a news conference, Pelosi shot back at a reporter, saying that she prays for "
                                   "the president.\n\n“This is about the Constitution of the United States and the "
                                   "facts.”")
    direct = quotes[quotes["kind"] == "direct"]
    assert direct[["speaker", "rule"]].values.tolist() == [["Nancy Pelosi", "continuation"]]


def test_a_definite_title_of_a_party_or_body_is_its_member_named_last():
    quotes = stance.extract_quotes("Senate Majority Leader Mitch McConnell said he had the votes. “We will get around "
                                   "to the discussion of witnesses,” the GOP leader said.")
    assert quotes[quotes["kind"] == "direct"]["speaker"].tolist() == ["Mitch McConnell"]
    spokesman = stance.extract_quotes("“The ad is misleading,” the Obama campaign spokesman said.")
    assert spokesman["speaker"].tolist() == ["Obama campaign"]   # no member named: the body speaks


def test_titles_coordinated_before_a_name_are_that_name():
    quotes = stance.extract_quotes("Former NBA star and current TNT analyst Charles Barkley said Vice President Mike "
                                   "Pence \"needs to shut the hell up\" about the NBA's handling of China.")
    assert quotes[quotes["kind"] == "direct"]["speaker"].tolist() == ["Charles Barkley"]


def test_a_quote_naming_another_person_in_its_sentence_does_not_continue_the_previous_speaker():
    text = ("Larry Kudlow suggested that we must make tradeoffs to reopen the economy. “You want a pat on the back "
            "for sending 400 ventilators,” was the reply of New York Gov. Andrew Cuomo.")
    direct = stance.extract_quotes(text).query("kind == 'direct'")
    assert direct["speaker"].tolist() != ["Larry Kudlow"]   # Cuomo is named there: not Kudlow's words continued
    barked = stance.extract_quotes("“You want a pat on the back for sending 400 ventilators,” Cuomo barked at FEMA.")
    assert barked[["speaker_mention", "cue"]].values.tolist() == [["Cuomo", "bark"]]   # a verb of manner of speaking


@pytest.mark.parametrize("verb", ["reported", "answered"])
def test_report_and_answer_attribute_quotes(verb: str):
    quotes = stance.extract_quotes(f"“The talks have stalled since the spring,” Maria Lopez {verb}.")
    assert quotes[["speaker", "cue"]].values.tolist() == [["Maria Lopez", verb.removesuffix("ed")]]


def test_a_name_in_a_hyphenated_modifier_is_not_who_a_pronoun_speaker_is():
    text = ("Letting the Bush-era tariffs lapse would help exporters, Helen Ward says. "
            "“We would gain two billion dollars a year,” she says.")
    direct = stance.extract_quotes(text).query("kind == 'direct'")
    assert direct["speaker"].tolist() == ["Helen Ward"]


def test_a_pronoun_before_a_name_in_its_sentence_does_not_hide_that_name():
    text = ("“It is our money, not yours,” said Ms. Norton, who vowed to lobby Mr. Obama. "
            "As he left the meeting, Mr. Boehner said that remains a sticking point. "
            "“All we are asking for here is a discussion,” he said.")
    direct = stance.extract_quotes(text).query("kind == 'direct'")
    assert direct["speaker"].tolist()[-1] == "Boehner"   # "he" in "As he left" is Boehner, not Obama


@pytest.mark.parametrize("text, quote", [
    ("It’s insulting,” said Detroit Police Chief James Craig. “We have a diverse group of analysts.”",
     "It’s insulting"),
    ("The House “was not pushing for the witnesses,” said Sen. Joni Ernst, who is up for reelection. Pelosi is "
     "playing a political game right now.”", "Pelosi is playing a political game right now."),
])
def test_a_quote_whose_opening_mark_was_lost_runs_from_its_paragraph_or_sentence_start(text: str, quote: str):
    assert quote in stance.extract_quotes(text).query("kind == 'direct'")["quote"].tolist()


def test_a_stray_closing_mark_with_no_sentence_before_it_makes_no_quote():
    quotes = stance.extract_quotes("”’We are proud as a nation!!!” his office said in a statement on Monday.")
    assert quotes.query("kind == 'direct'").empty


@pytest.mark.parametrize("text, speaker", [
    ("Ryan was “signaling the peril that the majority faces in the midterms,” The New York Times says.",
     "New York Times"),
    ("Ryan is “adding further uncertainty about the House,” says The Washington Post.", "Washington Post"),
])
def test_of_two_subjects_of_a_speech_verb_the_one_no_quote_separates_from_it_speaks(text: str, speaker: str):
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == [speaker]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Rep. Gerry Connolly of Virginia jokingly chimed in to support the idea of appointing a non-lawyer to the "
     "court, saying it would be “the healthiest thing we have had in fifty years.”", "Gerry Connolly"),
    ("Trump has suggested that the U.S. will take a tougher stance against North Korea, telling reporters last "
     "week: “North Korea is a problem. The problem will be taken care of.”", "Donald Trump"),   # not the U.S.
])
def test_a_participle_set_off_by_a_comma_takes_the_main_clause_subject(text: str, speaker: str):
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == [speaker]


def test_the_surname_of_a_person_named_in_full_is_that_person_whatever_the_recogniser_made_of_it():
    text = ("Deborah Burger, who leads a nurses' union, testified on Friday. Gowns worn by nurses in Dallas still left "
            "their necks exposed, Burger said. “This is what happens when the rules are voluntary,” she said.")
    direct = stance.extract_quotes(text).query("kind == 'direct'")
    assert direct["speaker"].tolist() == ["Deborah Burger"]


@pytest.mark.parametrize("text, verb", [
    ("Welker even mentioned his remarks from October: “With his approval ratings in the low 40s, the President "
     "may have given Republicans an opening.”", "mention"),
    ("Pope Francis implied that the attackers had turned to violence because they “grew up in a ghetto.”", "imply"),
])
def test_mention_and_imply_introduce_quotes(text: str, verb: str):
    assert stance.extract_quotes(text).query("kind == 'direct'")["cue"].tolist() == [verb]


def test_an_unnamed_aide_is_a_described_speaker():
    quotes = stance.extract_quotes("“It is sad that you have to hope it was a random thing,” said a longtime Obama "
                                   "adviser.")
    assert quotes[["speaker", "speaker_description"]].values.tolist() == [[None, "a longtime Obama adviser"]]


def test_a_headline_quotes_in_single_marks(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text('{"id": "a1", "title": "Mayor says the old docks are \'where the real trouble is\' in new audio", '
                    '"text": "An audio recording of Mayor Ann Kirby surfaced on Tuesday. Kirby has not commented."}\n',
                    encoding="utf-8")
    quotes = stance.extract_quotes(pl.read_corpus(path)).query("kind == 'direct'")
    assert quotes[["sentence_id", "quote"]].values.tolist() == [[-1, "where the real trouble is"]]
    body = stance.extract_quotes("The mayor's 'new deal' for the docks was 'a good start for us all' at best.")
    assert body.query("kind == 'direct'").empty   # in the body, single marks are scare quotes or a quote's quote


def test_a_day_in_apposition_to_a_letter_is_not_its_speaker():
    text = ("Rep. Trey Gowdy sent Pruitt a letter Wednesday demanding the records because “the agency has failed to "
            "produce all the documents requested in February.”")
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == ["Trey Gowdy"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("“No substantive progress has been made.” That’s what House Speaker John Boehner had to say Thursday about "
     "the talks.", "John Boehner"),
    ("“We will win this fight.” That is what Senator John Smith told reporters on Monday.", "John Smith"),
    ("“We will win this fight.” That is what the party needs now.", None),   # no one speaks in the sentence after
])
def test_a_sentence_saying_whose_words_a_quote_were_gives_its_speaker(text: str, speaker: str | None):
    assert stance.extract_quotes(text)["speaker"].tolist() == [speaker]


@pytest.mark.parametrize(("text", "speaker"), [
    ("“Why in the world did the president pick a dadgum lawyer?” Rep. Trey Gowdy, R-South Carolina, asked at the "
     "hearing, pointing out that Klain has no background in medicine.", "Trey Gowdy"),
    ("“So is everything OK?” Kim Jong Un asked through an interpreter as they walked toward the banquet hall.",
     "Kim Jong Un"),
    ("“Is everything OK?” The question hung in the air while the guests waited in the banquet hall.", None),
])
def test_an_attribution_the_splitter_cut_off_after_a_question_still_names_the_speaker(text: str, speaker: str | None):
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == [speaker]


def test_an_age_after_a_name_is_no_part_of_it_and_does_not_hide_the_subject():
    text = "For his part, Morris Dees, 82, told the Montgomery Advertiser, “I feel like some things were unfortunate.”"
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes[["speaker", "speaker_mention"]].values.tolist() == [["Morris Dees", "Morris Dees"]]


@pytest.mark.parametrize(("words", "label", "expected"), [
    ("Pope Francis", "ORG", ("Francis", "person")),            # a title and a name, whatever the label
    ("House Democrats", "ORG", ("House Democrats", "organisation")),   # a plural is no person
    ("Senate", "ORG", ("Senate", "organisation")),
])
def test_a_title_and_a_name_are_a_person_whatever_label_the_recogniser_gave(words: str, label: str, expected: tuple):
    from spacy.tokens import Span

    from presslens.stance.resolution import names_of_doc
    from presslens.text import syntax

    doc = syntax.parse([f"{words} spoke on Sunday."])[0]
    doc.ents = [Span(doc, 0, len(words.split()), label=label)]
    assert [(named.name, named.kind) for named in names_of_doc(doc)] == [expected]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Charles Barkley to VP Pence: “Shut the hell up about the NBA.”", "Charles Barkley"),   # not the addressee
    ("Sen. Ted Cruz: “I don’t work for the party bosses in Washington.”", "Ted Cruz"),
    ("The plan had one flaw: “nobody in the city wanted to pay for it.”", None),   # no name before the colon
])
def test_a_name_and_a_colon_open_a_quote_in_headline_and_transcript_style(text: str, speaker: str | None):
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == [speaker]


@pytest.mark.parametrize(("text", "speaker"), [
    ("“This is a victory, and yet we know it is not permanent.” — Greisa Martinez Rosas to HuffPost",
     "Greisa Martinez Rosas"),
    ("“Until Congress acts, Dreamers will continue to be used as bargaining chips.” — Editorial board, Boston Globe",
     "Boston Globe"),
    ("As one scholar points out, “terrorists in America are walk-in volunteers”—people living in the U.S. who have "
     "been radicalized by videos.", None),   # a dash that explains the quote signs nothing
])
def test_a_dash_and_a_name_after_a_quote_sign_it(text: str, speaker: str | None):
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == [speaker]


def test_she_continues_the_speaker_of_the_reported_speech_before_her_quote():
    text = ("Some advocates applauded the decision, such as Patty McCarthy Metcalf, executive director of Faces and "
            "Voices of Recovery. But she said that Trump's action must be more than a communication tool. "
            "“We need help,” she said.")
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes["speaker"].tolist() == ["Patty McCarthy Metcalf"]


def test_it_continues_an_organisation_that_spoke_just_before():
    text = ("Purdue Pharma rejected the ruling. The company said that its painkillers had accounted for less than 1% "
            "of the US market. “The decision in this case is flawed,” it said.")
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes["speaker"].tolist() == ["Purdue Pharma"]


def test_a_person_named_inside_another_phrase_does_not_take_over_he():
    text = ("“We have made enormous strides,” Obama said. At the same time, discrimination has not disappeared, and "
            "the legacy of Jim Crow has left lasting barriers to success. “There are a lot of folks who are poor,” he "
            "said.")
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes["speaker"].tolist() == ["Barack Obama", "Barack Obama"]


@pytest.mark.parametrize(("text", "description"), [
    ("John Smith was charged with fraud on Monday. “He lied to every investor he met,” the prosecutor said.",
     "the prosecutor"),   # a role: not the person named last (the defendant)
    ("“The evidence was overwhelming,” a witness told reporters.", "a witness"),
    ("An NBC source told Page Six that the employee complained on Monday, stating, “This happened so quickly.”",
     "An NBC source"),
])
def test_a_speaker_described_by_role_or_relation_is_kept_as_a_description(text: str, description: str):
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes[["speaker", "speaker_description"]].values.tolist() == [[None, description]]


@pytest.mark.parametrize(("text", "speaker"), [
    ("“Other left-leaning outlets also fared well,” PJ Media reported.", "PJ Media"),
    ("“The meeting creates a gift-wrapped excuse,” writes Allahpundit.", "Allahpundit"),
])
def test_a_capitalised_name_the_tagger_took_for_a_common_noun_still_speaks(text: str, speaker: str):
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == [speaker]


def test_an_inverted_attribution_names_the_speaker_even_when_the_quote_continues_the_sentence():
    text = "The Phoenix meeting “creates a gift-wrapped excuse for Trump,” writes Allahpundit at Hot Air."
    speakers = stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist()
    assert len(speakers) == 1 and speakers[0].startswith("Allahpundit")


def test_a_name_set_off_by_its_apposition_speaks_when_the_parser_attached_it_elsewhere():
    text = ("Speaking to reporters on Air Force One during the flight to Texas, Sarah Sanders, the White House press "
            "secretary, said the intention of Tuesday's trip was to “lay the foundation for what we know will be a "
            "long recovery effort.”")
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == ["Sarah Sanders"]


def test_a_quote_of_its_own_continues_a_speech_verb_without_a_reported_clause_just_before():
    text = ("When George Washington gave his Farewell Address in 1796, he warned the nation of the danger of political "
            "factions. “The alternate domination of one faction over another is itself a frightful despotism.”")
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes[["speaker", "rule"]].values.tolist() == [["George Washington", "continuation"]]
    assert stance.extract_quotes(text).query("kind != 'direct'").empty   # the speech act is no quote of its own


def test_a_quote_of_its_own_continues_a_labelling_verb_just_before():
    text = ("In his concurring opinion Tuesday, Justice Antonin Scalia called it folly to divide Americans into racial "
            "blocs. “Does a half-Latino, half-American Indian have Latino interests, American-Indian interests, both, "
            "or half of both?”")
    assert stance.extract_quotes(text).query("kind == 'direct'")["speaker"].tolist() == ["Antonin Scalia"]


@pytest.mark.parametrize(("text", "speaker", "cue"), [
    ("Senator Ted Cruz weighed in: “This is a disgrace to the Senate.”", "Ted Cruz", "weigh"),
    ("Rep. Jim Jordan chimed in, “The process has been a sham from the start.”", "Jim Jordan", "chime"),
    ("“We will not back down,” Gov. Andrew Cuomo maintained.", "Andrew Cuomo", "maintain"),
])
def test_weighing_in_chiming_in_and_maintaining_introduce_quotes(text: str, speaker: str, cue: str):
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes[["speaker", "cue"]].values.tolist() == [[speaker, cue]]


@pytest.mark.parametrize(("text", "description"), [
    ("The ruling said the state had “failed to present evidence that the company caused a public nuisance.”",
     "The ruling"),
    ("The order described the death penalty as “inconsistent with our bedrock values” on Wednesday.", "The order"),
])
def test_a_ruling_or_an_order_that_speaks_is_described(text: str, description: str):
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes[["speaker", "speaker_description"]].values.tolist() == [[None, description]]


def test_it_continuing_an_unnamed_speaker_keeps_it_unnamed():
    text = ("The new text says the previous policy is outdated. It says: “Recourse to the death penalty was long "
            "considered an appropriate response to the gravity of certain crimes.”")
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes[["speaker", "speaker_description"]].values.tolist() == [[None, "The new text"]]


def test_a_participle_in_a_relative_clause_speaks_for_the_noun_the_clause_describes():
    text = ("He was referring to a whistleblower, who filed a complaint last month alleging Trump was “using the power "
            "of his office to solicit interference.”")
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes[["speaker", "speaker_description"]].values.tolist() == [[None, "a whistleblower"]]


@pytest.mark.parametrize(("text", "description"), [
    ("A former classmate from Yale recently told me “monogamy is kind of outdated.”", "A former classmate from Yale"),
    ("One caller told the station: “We have no water and no one is coming.”", "One caller"),
])
def test_a_relation_or_everyday_role_that_speaks_is_described(text: str, description: str):
    quotes = stance.extract_quotes(text).query("kind == 'direct'")
    assert quotes[["speaker", "speaker_description"]].values.tolist() == [[None, description]]


def test_a_capitalised_plural_noun_is_no_name_a_pronoun_could_stand_for():
    quotes = stance.extract_quotes("“Need tax cuts,” Trump tweeted. Moments later, he added: “The Democrats want "
                                   "massive tax increases.”")
    assert quotes["speaker"].tolist() == ["Donald Trump", "Donald Trump"]
