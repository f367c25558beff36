"""Stance statements read from the parse: one test per class of construction, on made-up sentences and the seed."""

from __future__ import annotations

import pandas as pd
import pytest

import presslens as pl
from presslens import stance
from presslens.text import sentence_table_from_texts


def cells(stances: pd.DataFrame) -> set[tuple[str, str, int]]:
    """(holder, target, stance) triples, the part of a statement a reader checks first."""
    return set(zip(stances["holder"], stances["target"], stances["stance"]))


@pytest.fixture(scope="module")
def seed() -> pl.Corpus:
    return pl.read_corpus()


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ukraine welcomed the proposal, but Russia rejected it.", {("Ukraine", "proposal", 1), ("Russia", "proposal", -1)}),
    ("Russia welcomed the proposal, but Ukraine rejected it.", {("Russia", "proposal", 1), ("Ukraine", "proposal", -1)}),
    ("While Hamas accepted the truce, Israel rejected it.", {("Hamas", "ceasefire", 1), ("Israel", "ceasefire", -1)}),
    ("Germany opposed the tariffs, whereas Poland backed them.", {("Germany", "tariffs", -1), ("Poland", "tariffs", 1)}),
])
def test_holder_and_target_are_bound_per_clause_so_swapping_swaps_the_result(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


def test_it_and_them_stand_for_the_target_before_and_say_so():
    stances = stance.extract_stances("Israel rejected a ceasefire and Hamas accepted it.")
    assert cells(stances) == {("Israel", "ceasefire", -1), ("Hamas", "ceasefire", 1)}
    assert stances.set_index("holder").loc["Hamas", ["target_mention", "target_resolved"]].tolist() == ["it", True]
    assert stance.extract_stances("Hamas accepted it.").empty   # nothing to stand for: no guess


def test_a_generic_noun_with_a_demonstrative_refers_back_and_without_one_stays_itself():
    stances = stance.extract_stances("Qatar proposed a prisoner swap. Israel has repeatedly dismissed this idea.")
    israel = stances[stances["holder"] == "Israel"]
    assert israel[["target", "stance", "target_resolved", "target_mention"]].values.tolist() == [
        ["prisoner exchange", -1, True, "this idea"]]
    assert cells(stance.extract_stances("Israel rejected the plan.")) == {("Israel", "plan", -1)}


def test_passive_voice_takes_the_holder_after_by_also_in_a_coordinated_verb():
    stances = stance.extract_stances("The ceasefire was rejected by Moscow.")
    assert stances[["holder", "holder_mention", "target", "stance"]].values.tolist() == [
        ["Russia", "Moscow", "ceasefire", -1]]
    both = stance.extract_stances("The truce was accepted by Hamas but rejected by Israel.")
    assert cells(both) == {("Hamas", "ceasefire", 1), ("Israel", "ceasefire", -1)}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Russia did not reject the ceasefire.", None),       # negated opposition is no statement, never support
    ("Russia refused to back the ceasefire.", -1),        # negated support is opposition
    ("The Kremlin has never supported the truce.", -1),
    ("Moscow no longer supports the peace talks.", -1),
    ("Putin withdrew his support for the ceasefire.", -1),
])
def test_negation_and_withdrawal(sentence: str, expected: int | None):
    stances = stance.extract_stances(sentence)
    if expected is None:
        assert stances.empty
    else:
        assert stances[["holder_actor", "target", "stance", "negated"]].values.tolist() == [
            ["Russia", "ceasefire" if "direct" not in stances["target"].iloc[0] else "direct talks", expected, True]]


@pytest.mark.parametrize("sentence", [
    "If Ukraine accepts the ceasefire, Russia will lift the sanctions.",
    "\"Assuming the reports are true, Nevada's practice is shockingly inhumane and illegal,” Herrera said.",
    "\"The hole is much deeper, and the global aftershocks are much greater,\" he said.",   # a comparison
    "Russia could accept the ceasefire.",
    "Would Russia accept the ceasefire?",
    "Russia might back the truce.",
    "Assuming Russia backs the truce, talks will resume.",
    # what a hypothetical or negated report says is not asserted by anyone
    "The interview may have been read to suggest that Russia supports the ceasefire.",
    "Lavrov did not say that Russia supports the ceasefire.",
])
def test_conditionals_questions_and_hypotheticals_yield_nothing(sentence: str):
    assert stance.extract_stances(sentence).empty


def test_a_person_is_the_holder_and_counts_for_their_state():
    stances = stance.extract_stances("French President Emmanuel Macron called for more weapons deliveries.")
    assert stances[["holder", "holder_actor", "target", "stance"]].values.tolist() == [
        ["Emmanuel Macron", "France", "weapons deliveries", 1]]


def test_noun_cues_take_the_possessor_as_holder():
    stances = stance.extract_stances("Moscow's rejection of the ceasefire angered Kyiv.")
    assert stances[["holder", "target", "stance", "rule"]].values.tolist() == [["Russia", "ceasefire", -1, "noun"]]


def test_a_controlling_verb_hands_its_holder_the_position_of_the_verb_it_governs():
    stances = stance.extract_stances("Trump urged Zelensky to accept the peace deal.")
    assert stances[["holder", "target", "stance", "rule"]].values.tolist() == [
        ["Donald Trump", "peace deal", 1, "control"]]
    urged_not = stance.extract_stances("The EU urged Hungary not to block the sanctions.")
    assert urged_not[["holder", "target", "stance", "negated"]].values.tolist() == [
        ["European Union", "sanctions", 1, True]]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Obama struck a deal in Paris.", ("Barack Obama", "deal", 1)),
    ("Russia withdrew from the truce.", ("Russia", "ceasefire", -1)),
    ("Kyiv fought the sanctions in court.", ("Ukraine", "sanctions", -1)),
])
def test_irregular_verb_forms_are_read_like_regular_ones(sentence: str, expected: tuple):
    assert cells(stance.extract_stances(sentence)) == {expected}


def test_a_light_verb_may_carry_the_phrase_that_names_its_nouns_target():
    stances = stance.extract_stances("President Trump threw his support on Tuesday behind the peace deal.")
    assert stances[["holder", "target", "stance", "rule"]].values.tolist() == [
        ["Donald Trump", "peace deal", 1, "noun"]]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The plan drew sharp criticism from Kyiv.", {("Ukraine", "plan", -1)}),
    ("The bill won the backing of Germany.", {("Germany", "bill", 1)}),
    ("The bill did not win the backing of Germany.", set()),    # not received: no position reported
    ("Zelensky won the votes of Democrats.", set()),            # a vote is for or against: no sign to give
])
def test_a_received_position_is_held_by_whom_it_comes_from_on_the_receiver(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Susan Rice had great respect for the senator.", {("Susan Rice", "senator", 1)}),   # "have" as a light verb
    ("The plan has the backing of Germany.", {("Germany", "plan", 1)}),                # ... and as a receiving one
    ("Russia has no objection to the plan.", set()),     # "no" on the noun: no objection is no statement
])
def test_have_carries_a_position_either_way_and_no_negates_its_noun(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Obama struck a deal with China.", {("Barack Obama", "deal", 1), ("China", "deal", 1)}),
    ("Inhofe joined Sen. Joe Manchin in introducing a resolution.",
     {("Inhofe", "resolution", 1), ("Joe Manchin", "resolution", 1)}),
    ("Russia signed the accord with a pen.", {("Russia", "accord", 1)}),   # a partner is named, not a thing
])
def test_partners_of_a_joint_act_share_its_position(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Esper knocked down the Journal story.", {("Esper", "story", -1)}),
    ("Esper knocked down the wall.", set()),              # a phrasal cue only on the targets its row lists
    ("Governor Brian Sandoval denied the allegations.", {("Brian Sandoval", "allegation", -1)}),
    ("Governor Brian Sandoval denied the request.", set()),
    ("Republicans love the plan.", {("Republicans", "plan", 1)}),
])
def test_cues_of_denial_rebuttal_and_affection(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Wisconsin is considering eliminating the permit requirements.", set()),   # a deliberation, not yet a position
    ("Trump wants Republicans to scrap the law.", {("Donald Trump", "law", -1)}),   # "want X to": X is no target
])
def test_no_statement_from_a_deliberation_or_from_the_object_of_a_control_verb(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Russia hosted the talks. Residents of the city said they support the new plan.", set()),
    ("Russia hosted the talks. Private citizens who thought they had the virus wanted confirmation.", set()),
    ("The Post ran the story. The paper announced it was standing by its reporting.",
     {("Post", "report", 1)}),
])
def test_they_and_it_stand_for_the_noun_whose_clause_holds_them_before_any_name_further_back(sentence: str,
                                                                                            expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Pope Francis said the terrorists who attacked Paris and Brussels had grown up in a ghetto.", set()),
    ("North Korea is preparing to attack South Korea, officials said.", set()),
    ("Trump attacked the reporters on Twitter.", {("Donald Trump", "reporter", -1)}),   # words, not force
])
def test_an_act_of_force_on_a_place_is_no_position(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize("sentence", [
    "Kennedy looked like the swing vote, possibly siding with the four liberals.",   # speculation
    "The Senate is set to approve the treaty next week.",   # a schedule, a prediction
    "The House is about to pass the bill.",
    "They could set back the movement by upholding California's ban.",   # the means of a hypothetical
    "Any California Republican who votes for the tax bill will regret it.",   # no one in particular
    "Wallace is among dozens of Republicans who filed a brief arguing against Prop 8.",   # a quantity of people
    "Households of all income levels are adopting solar power.",   # a population, not an actor
    "The folks that want more normal relationships are not the ones most engaged.",
])
def test_speculation_hypothetical_means_and_unspecific_holders_yield_nothing(sentence: str):
    assert stance.extract_stances(sentence).empty


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The bill garnered praise from the air traffic controllers' union.",
     ("air traffic controllers' union", "bill", 1)),   # definite, and no union named before it
    ("A veteran campaign strategist disputed the claim.", ("veteran campaign strategist", "claim", -1)),
    ("A new video by the president's campaign accuses Mr. Romney of lying.", ("president's campaign", "Romney", -1)),
])
def test_an_actor_described_but_never_named_holds_the_position_under_its_description(sentence: str, expected: tuple):
    assert cells(stance.extract_stances(sentence)) == {expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("Pope Francis spoke on Thursday. The Vatican said the pontiff approved a change to the catechism.",
     ("Francis", "change", 1)),
    ("Jane Smith announced her bid in May. The challenger rejected the plan.", ("Jane Smith", "plan", -1)),
])
def test_a_definite_role_noun_refers_back_to_the_person_named_before(text: str, expected: tuple):
    assert cells(stance.extract_stances(text)) == {expected}


@pytest.mark.parametrize("sentence", [
    "A reporter rejected the claim.",   # a bare description: no one identifiable
    "Neither party wants the new rules.",   # no one in particular
])
def test_a_bare_or_unspecific_description_holds_nothing(sentence: str):
    assert stance.extract_stances(sentence).empty


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The 9th Circuit Court of Appeals previously struck down Prop 8.",
     ("9th Circuit Court of Appeals", "prop 8", -1)),   # a name; a measure named by its number
    ("Boko Haram pledged its support to ISIS.", ("Boko Haram", "ISIS", 1)),
])
def test_a_proper_name_headed_by_an_actor_noun_and_support_to(sentence: str, expected: tuple):
    assert cells(stance.extract_stances(sentence)) == {expected}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Hubbard says higher rates are a bad idea.", ("Hubbard", "rate", -1)),   # a neutral noun, an evaluative modifier
    ("LaBolt sought to cast doubt on Romney's career narrative.", ("LaBolt", "narrative", -1)),
    ("Ben LaBolt discounted the testimony from the CEOs.", ("Ben LaBolt", "testimony", -1)),
])
def test_evaluative_modifiers_doubt_and_discounting(sentence: str, expected: tuple):
    assert cells(stance.extract_stances(sentence)) == {expected}


@pytest.mark.parametrize(("sentence", "expected"), [
    ('"Congress should pass the bill," Smith said.', {("Smith", "bill", 1)}),    # the speaker's position
    ("Smith said Congress must reject the treaty.", {("Smith", "treaty", -1)}),
    ("Congress should pass the bill.", set()),                                  # nobody says it: no holder
    ('"We should focus on repealing and replacing Obamacare," said Walker.', {("Walker", "obamacare", -1)}),
])
def test_what_ought_to_happen_is_the_speakers_position_and_coordinated_verbs_share_an_object(
        sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("South Korea has suggested that the U.S. sign a treaty.", {("South Korea", "treaty", 1)}),
    ("Warren asked that Congress pass the legislation.", {("Warren", "legislation", 1)}),   # tagged as a present
    ("Smith insisted that the board reject the plan.", {("Smith", "plan", -1)}),
    ("Smith said that Germany rejects the plan.", {("Germany", "plan", -1)}),   # an indicative: Germany's own
])
def test_a_subjunctive_says_what_ought_to_happen_so_it_is_the_speakers_position(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Newsom took shots at the Trump administration on Tuesday.", {("Newsom", "Trump administration", -1)}),
    ("Warren took aim at the banks.", {("Warren", "bank", -1)}),
    ("Trump took a swipe at Pelosi.", {("Donald Trump", "Nancy Pelosi", -1)}),
    ("Russian troops took shots at Bucha.", set()),   # force on a place, not a position
])
def test_taking_shots_aim_or_a_swipe_at_someone_is_opposition(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The 9th Circuit Court of Appeals previously struck down Prop 8, without making any sweeping pronouncements.",
     {("9th Circuit Court of Appeals", "prop 8", -1)}),   # the parser made the number the head
    ("Smith opposed Proposition 47.", {("Smith", "proposition 47", -1)}),
    ("The agency needed 30,000 more.", set()),             # a number alone is no target
])
def test_a_measure_named_by_its_number_is_a_target(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Brushing aside demands of illegal immigrant Dreamers, Congress on Thursday approved a short-term spending bill.",
     {("US Congress", "bill", 1)}),
    ("Neighboring New Jersey became the latest state on Saturday to adopt a statewide directive.",
     {("New Jersey", "directive", 1)}),
])
def test_a_participle_opening_the_sentence_is_not_its_subject(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Following the lawsuit, Mr Trump had slammed Democrats.", {("Donald Trump", "Democrats", -1)}),
    ("Mrs May rejected the plan on Tuesday.", {("May", "plan", -1)}),
])
def test_a_title_without_a_dot_the_parser_made_a_subject_gives_way_to_the_name(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The changes are yet to be approved by the FAA.", set()),   # not done so far: no position taken
    ("Congress has yet to pass the bill.", set()),
    ("Germany has yet to reject the plan.", set()),
    ("Germany rejected the plan, yet it wants to talk.", {("Germany", "plan", -1)}),   # "yet" as "but"
])
def test_what_has_yet_to_happen_is_no_position(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Democrats do not want a government shutdown.", {("Democrats", "shutdown", -1)}),   # not wanting is opposing
    ("Pence called out the NBA on Thursday.", {("Pence", "NBA", -1)}),
    ("Trump backs off proposed funding cuts.", {("Donald Trump", "cut", -1)}),     # not "backs" them
    ("Smith has never voted for a tax increase.", {("Smith", "increase", -1)}),
    ("Trump backed away from the proposed cuts.", {("Donald Trump", "cut", -1)}),
    ("Daryl Morey tweeted in support of the protesters.", {("Daryl Morey", "protester", 1)}),
    ("Senator Smith resigned in protest of the decision.", {("Smith", "decision", -1)}),
    ("Smith did not speak in support of the bill.", set()),                    # a negated act states nothing
    ("If Smith speaks in support of the bill, it will pass.", set()),          # nor does a conditional
])
def test_not_wanting_calling_out_backing_off_and_acting_in_support_or_protest_of_something(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Rep. Jeff Miller said the veterans needed a quick response.", {("Jeff Miller", "response", 1)}),
    ("Democrats have argued the agency needs more money.", {("Democrats", "money", 1)}),
    ('"We will deal with it," Sanders said, adding that the agency will need a cultural change.',
     {("Sanders", "change", 1)}),   # the participle read as what was said still has said's subject
    ('"The agency needs more money," Sanders said.', {("Sanders", "money", 1)}),
    ("The agency needs more money.", set()),                  # nobody but the writer says it: no one's position
])
def test_a_need_someone_states_is_their_position(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Russia doesn’t support the plan.", {("Russia", "plan", -1)}),     # a curly apostrophe negates as well
    ('Mr. Romney said of Mr. Obama: “He says we need more firemen.”', {("Barack Obama", "fireman", 1)}),
])
def test_curly_negation_and_first_person_in_speech_reported_inside_a_quote(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


def test_a_predicate_nouns_phrase_leaves_out_its_subject():
    stances = stance.extract_stances("Kyiv and Moscow are against the plan.")
    assert cells(stances) == {("Ukraine", "plan", -1), ("Russia", "plan", -1)}
    assert set(stances["target_mention"]) == {"the plan"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A Washington Post column denounced the Obama ad.", ("Washington Post", "ad", -1)),
    ("A new video by the Obama campaign accuses Mr. Romney of not caring about jobs.",
     ("Obama campaign", "Romney", -1)),
    ("Senator John Smith's letter criticized the plan.", ("John Smith", "plan", -1)),
])
def test_a_published_thing_holds_its_authors_position(sentence: str, expected: tuple):
    assert cells(stance.extract_stances(sentence)) == {expected}


def test_a_relative_pronoun_target_is_the_noun_its_clause_modifies():
    stances = stance.extract_stances("Kerry praised the treaty, which the U.N. General Assembly approved in April.")
    assert cells(stances) == {("Kerry", "treaty", 1), ("U.N. General Assembly", "treaty", 1)}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("However, Rubio, along with Sen. Roy Blunt, criticized the plan.",
     {("Marco Rubio", "plan", -1), ("Roy Blunt", "plan", -1)}),   # a codebook person
    ("Germany, together with France, rejected the plan.", {("Germany", "plan", -1), ("France", "plan", -1)}),
    ("Germany rejected the plan along with the budget.", {("Germany", "plan", -1)}),   # with the target: no holder
])
def test_along_with_a_holder_names_another_holder(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


def test_a_name_inside_a_hyphenated_word_is_not_that_actor():
    stances = stance.extract_stances("Irate Cuban-Americans lambasted the White House's move.")
    assert "United States" not in set(stances["holder"]) | set(stances["holder_actor"])


def test_an_actor_is_the_target_of_a_verb_aimed_at_it():
    stances = stance.extract_stances("Trump criticised Zelensky.")
    assert stances[["holder", "target", "target_kind", "stance"]].values.tolist() == [
        ["Donald Trump", "Volodymyr Zelensky", "actor", -1]]


def test_labelling_verbs_read_the_label():
    stances = stance.extract_stances("Republicans called the law a disaster.")
    assert stances[["holder", "target", "stance", "rule"]].values.tolist() == [
        ["Republicans", "law", -1, "labelling"]]


def test_reported_speech_is_held_by_its_subject_and_attributed_to_the_speaker():
    stances = stance.extract_stances("Trump said Zelensky was ready to accept a truce.")
    assert stances[["holder", "target", "stance", "quoted", "attributed_to"]].values.tolist() == [
        ["Volodymyr Zelensky", "ceasefire", 1, True, "Donald Trump"]]


def test_first_person_inside_a_quote_is_the_speaker():
    stances = stance.extract_stances("“We reject this ceasefire,” Netanyahu said.")
    assert stances[["holder", "holder_actor", "target", "stance", "quoted", "attributed_to"]].values.tolist() == [
        ["Benjamin Netanyahu", "Israel", "ceasefire", -1, True, "Benjamin Netanyahu"]]


def test_every_row_keeps_its_evidence(seed: pl.Corpus):
    stances = stance.extract_stances(seed)
    assert stances.columns.tolist() == stance.statements.STANCE_COLUMNS
    assert set(stances["rule"]) <= {"verb", "control", "noun", "adjective", "labelling", "evaluation"}
    for row in stances.itertuples():
        assert row.cue_mention in row.sentence
        assert row.target_mention in row.sentence


def test_seed_positions(seed: pl.Corpus):
    found = cells(stance.extract_stances(seed))
    assert {("Ukraine", "ceasefire", 1), ("Vladimir Putin", "direct talks", 1), ("United States", "proposal", 1),
            ("Russia", "ceasefire", -1), ("France", "ceasefire", 1)} <= found
    assert not {("Ukraine", "ceasefire", -1), ("Russia", "ceasefire", 1)} & found


def test_headlines_are_a_unit_of_their_own(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Russia rejects the ceasefire\n---\nUkraine welcomed the talks.\n",
                                   encoding="utf-8")
    corpus = pl.read_corpus(tmp_path)
    with_headline = stance.extract_stances(corpus)
    assert with_headline[["sentence_id", "holder", "target", "stance"]].values.tolist() == [
        [-1, "Russia", "ceasefire", -1], [0, "Ukraine", "direct talks", 1]]
    assert stance.extract_stances(corpus, headlines=False)["sentence_id"].tolist() == [0]



def test_a_headline_in_title_case_is_read_like_a_sentence(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Trump Slams Democrats Over Border Wall\n---\nTrump met Democrats.\n",
                                   encoding="utf-8")
    stances = stance.extract_stances(pl.read_corpus(tmp_path))
    assert stances[["sentence_id", "holder", "target", "stance", "cue_mention"]].values.tolist() == [
        [-1, "Donald Trump", "Democrats", -1, "Slams"]]

def test_every_kind_of_source_gives_the_same_statements(seed: pl.Corpus):
    text = "Ukraine welcomed the truce, but Russia rejected it."
    from_string = stance.extract_stances(text)
    from_list = stance.extract_stances([text, "Germany backed the sanctions."])
    from_table = stance.extract_stances(sentence_table_from_texts([text]))
    assert from_string.equals(from_table)
    assert from_list["article_id"].tolist() == ["text-1", "text-1", "text-2"]
    assert stance.extract_stances(seed, headlines=False).equals(stance.extract_stances(seed.sentences))
    with pytest.raises(TypeError, match="source: expected a Corpus, a sentence table"):
        stance.extract_stances(42)


def test_a_surname_the_recogniser_missed_is_the_person_named_in_full_elsewhere():
    from presslens.stance.articles import SentenceView, spread_names
    from presslens.stance.resolution import Named

    musk = Named(0, 9, "Elon Musk", "Elon Musk", "person", "Elon Musk", "entity")
    sentences = [SentenceView("a", 0, "Elon Musk spoke in Berlin.", 0, None, [musk]),
                 SentenceView("a", 1, "Musk has long sought to remove cobalt, Musky said.", 27, None, [])]
    spread_names(sentences)
    assert [(named.mention, named.name, named.start) for named in sentences[1].names] == [
        ("Musk", "Elon Musk", 0)]   # a whole word only: not "Musky"


def test_words_a_speaker_quotes_in_single_marks_are_held_by_whoever_said_them():
    text = ("Mitt Romney spoke in Iowa on Friday. “In another moment of being out of touch, he said ‘we don’t need "
            "more fire fighters, policemen and teachers,’” said Brad Woodhouse of the Democratic National Committee.")
    stances = stance.extract_stances(text)
    assert set(zip(stances["holder"], stances["target_mention"], stances["stance"])) == {
        ("Mitt Romney", "more fire fighters", -1), ("Mitt Romney", "policemen", -1), ("Mitt Romney", "teachers", -1)}
    plain = stance.extract_stances("Mitt Romney spoke in Iowa on Friday. “We don’t need more fire fighters, "
                                   "policemen and teachers,” said Brad Woodhouse of the Democratic National Committee.")
    assert set(plain["holder"]) == {"Brad Woodhouse"}   # without the inner quotation: the quote's speaker


@pytest.mark.parametrize(("sentence", "expected"), [
    # names the parser read as conjuncts of the plural noun they name, not beside it
    ("Two U.S. Defense Secretaries, Leon Panetta and James Mattis, called this weekend for U.S.-Iranian "
     "negotiations.", {"Leon Panetta", "James Mattis"}),
    ("The two senators, Bob Casey and John Thune, backed the bill.", {"Bob Casey", "John Thune"}),
    ("Republicans, Democrats and the White House backed the bill.", {"Republicans", "Democrats", "White House"}),
])
def test_a_plural_noun_named_by_the_people_after_it_is_those_people(sentence: str, expected: set):
    assert set(stance.extract_stances(sentence)["holder"]) == expected


def test_a_body_of_a_state_holds_its_own_position_and_counts_for_the_state():
    stances = stance.extract_stances("Both the White House and State Department condemned the attack.")
    assert stances[["holder", "holder_actor", "stance"]].values.tolist() == [
        ["White House", "United States", -1], ["State Department", "United States", -1]]


def test_him_or_her_as_a_target_is_someone_other_than_the_holder():
    stances = stance.extract_stances("Jeff Younger has been locked in a dispute with his ex-wife Dr. Anne Georgulas "
                                     "who has accused him of child abuse.")
    assert stances[["holder", "target", "stance", "target_resolved"]].values.tolist() == [
        ["Anne Georgulas", "Jeff Younger", -1, True]]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Macron touted the ceasefire on Monday.", {("Emmanuel Macron", "ceasefire", 1)}),
    ("Zelensky berated the Kremlin for the attack.", {("Volodymyr Zelensky", "Russia", -1)}),
    ("Orban moved to thwart the sanctions.", {("Viktor Orbán", "sanctions", -1)}),
    ("Republicans took aim at the sanctions.", {("Republicans", "sanctions", -1)}),   # idioms: a light verb's noun
    ("Macron threw his weight behind the ceasefire.", {("Emmanuel Macron", "ceasefire", 1)}),
    ("Poland signed on to the sanctions.", {("Poland", "sanctions", 1)}),   # phrasal verbs
    ("Germany got behind the sanctions.", {("Germany", "sanctions", 1)}),
    ("Hungary pushed back on the sanctions.", {("Hungary", "sanctions", -1)}),
])
def test_news_verbs_of_praise_and_attack(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Orban is critical of the sanctions.", {("Viktor Orbán", "sanctions", -1)}),
    ("Obama, frustrated with Congress, acted alone.", {("Barack Obama", "US Congress", -1)}),   # a modifier
    ("Obama, angry at Putin, left the summit.", {("Barack Obama", "Vladimir Putin", -1)}),
])
def test_an_adjective_cue_is_held_by_whom_it_describes(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("“The peace plan is a joke,” Zelensky said.", {("Volodymyr Zelensky", "peace deal", -1)}),   # the codebook issue
    ("“The attack on Kharkiv was barbaric,” Zelensky said.", {("Volodymyr Zelensky", "attack", -1)}),
])
def test_a_quoted_evaluation_is_the_speakers_position(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


def test_a_population_named_by_its_demonym_holds_no_position_of_its_state():
    stances = stance.extract_stances("It is a change overwhelmingly supported by the majority of Americans.")
    assert stances.empty
    assert cells(stance.extract_stances("Washington supported the change.")) == {("United States", "change", 1)}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Obama wants to keep the tax cuts for the middle class.", {("Barack Obama", "cut", 1)}),
    ("Obama urged Congress to extend the payroll tax cut.", {("Barack Obama", "cut", 1)}),
    ("Obama does not want to keep the sanctions.", {("Barack Obama", "sanctions", -1)}),
    ("Obama kept the sanctions.", set()),                      # an act, not a position
    ("The agency began to implement the sanctions.", set()),   # beginning wants nothing
])
def test_an_enacting_verb_is_a_position_only_where_someone_wants_it_done(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


@pytest.mark.parametrize("sentence", [
    "House Republicans said they would vote for the Senate bill if given a chance.",   # a trailing condition
    "Trump is unlikely to favor the sanctions.",                                       # a prediction
    "Obama and Putin have been unable to reach a deal.",                               # an inability
])
def test_trailing_conditions_predictions_and_inabilities_yield_nothing(sentence: str):
    assert stance.extract_stances(sentence).empty


def test_a_time_a_place_of_speaking_or_a_number_is_never_a_target():
    assert stance.extract_stances("Obama will fight for it each day.").empty
    assert stance.extract_stances("Pelosi insisted on the House floor it was a solemn day.").empty
    assert stance.extract_stances("Cuomo said the state needed 30,000 more.").empty


def test_a_verb_with_a_position_of_its_own_keeps_it_in_a_coordination():
    stances = stance.extract_stances("“We need to get at the underlying issue, replace the sanctions,” Obama said.")
    assert cells(stances) == {("Barack Obama", "sanctions", -1)}


def test_a_member_among_a_holding_group_holds_its_position():
    stances = stance.extract_stances("Rep. Chris Van Hollen was among 29 House Democrats who voted against the bill.")
    assert {"Chris Van Hollen", "House Democrats"} <= set(stances["holder"])
    assert set(stances["stance"]) == {-1}


def test_a_published_thing_is_held_by_who_put_it_out():
    stances = stance.extract_stances("Patti Davis has written an op-ed denouncing her father's remarks.")
    assert cells(stances) == {("Patti Davis", "remark", -1)}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Trump has long promised massive tax cuts.", {("Donald Trump", "cut", 1)}),
    ("Negotiators said Murray and Alexander have agreed on those principles.",
     {("Murray", "principle", 1), ("Alexander", "principle", 1)}),   # surnames not in the codebook stay as written
    ("Obama declared the mission a success.", {("Barack Obama", "mission", 1)}),
])
def test_promises_agreements_and_declarations(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


def test_a_main_verb_the_parser_left_without_a_subject_takes_the_name_right_before_it():
    stances = stance.extract_stances("For years before Monday, Republicans, from King to Mitt Romney to John McCain, "
                                     "have accused Obama of dangerously downplaying the threat.")
    assert ("John McCain", "Barack Obama", -1) in cells(stances)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Republicans say hiking rates for anyone is the wrong approach.", {("Republicans", "hike", -1)}),   # a gerund
    ("The White House said the bills were non-starters.", {("White House", "bill", -1)}),   # a hyphenated word
    ("“The meeting was worthwhile,” Pelosi said.", {("Nancy Pelosi", "meet", 1)}),
])
def test_evaluations_of_a_gerund_and_in_hyphenated_words(sentence: str, expected: set):
    assert cells(stance.extract_stances(sentence)) == expected


def test_a_verb_coordinated_with_an_infinitive_is_no_imperative():
    stances = stance.extract_stances("Trump said this week it would be easier to accomplish if Republicans passed "
                                     "legislation to repeal and replace Obamacare first.")
    assert stances.empty   # a condition, and no one's imperative: not Trump's position


def test_a_party_tag_after_a_name_does_not_hide_the_holder():
    stances = stance.extract_stances("Sen. Richard Blumenthal, D-Conn., plans to introduce a bill that would ban "
                                     "high-capacity magazines.")
    assert cells(stances) == {("Richard Blumenthal", "bill", 1)}


@pytest.mark.parametrize("sentence", [
    "But McConnell needs only a bare majority to ignore the demands.",        # what the object is to do: a means
    "Republicans want a stimulus package to include a slush fund.",
    "The march was one of several nationwide events Sunday calling for better wages.",   # a time is no holder
])
def test_no_statement_on_an_object_that_is_to_do_something_or_from_a_time_as_subject(sentence: str):
    assert stance.extract_stances(sentence).empty


def test_a_reflexive_target_is_the_holder_itself():
    stances = stance.extract_stances("Chris Van Hollen spoke first. Mr Yiannopoulos has defended himself on "
                                     "Facebook, saying the message was a troll.")
    assert stances[["holder", "target", "target_mention", "stance"]].values.tolist() == [
        ["Yiannopoulos", "Yiannopoulos", "himself", 1]]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Senator Maria Ortiz, a longtime critic of the pipeline, spoke on Monday.", ("Maria Ortiz", "pipeline", -1)),
    ("Governor Tom Walsh was long viewed as a dogged crusader for smaller government.",
     ("Tom Walsh", "government", 1)),
    ("Mayor Ann Kirby is a staunch supporter of the stadium plan.", ("Ann Kirby", "plan", 1)),
])
def test_a_noun_for_someone_holding_a_position_names_its_holder(sentence: str, expected: tuple):
    assert cells(stance.extract_stances(sentence)) == {expected}


@pytest.mark.parametrize("sentence", ["Critics of the stadium plan say it costs too much.",
                                      "Mayor Ann Kirby is not a supporter of the stadium plan."])
def test_a_supporter_noun_without_whom_it_describes_or_negated_is_no_statement(sentence: str):
    assert stance.extract_stances(sentence).empty


def test_devotion_to_and_a_vow_to_are_positions_of_their_possessor():
    stances = stance.extract_stances("Governor Tom Walsh's devotion to entitlement reform was at odds with the plan.")
    assert cells(stances) == {("Tom Walsh", "reform", 1)}


def test_warning_of_something_opposes_it_and_an_aberration_is_a_negative_label():
    assert cells(stance.extract_stances("Senator Maria Ortiz warns of Chinese intimidation in the region.")) == {
        ("Maria Ortiz", "intimidation", -1)}
    labelled = stance.extract_stances("Patti Davis calls her father's comments about Africa an aberration.")
    assert cells(labelled) == {("Patti Davis", "comment", -1)}


def test_a_day_in_apposition_to_a_published_thing_is_not_its_author():
    stances = stance.extract_stances("Rep. Trey Gowdy sent Pruitt a letter Wednesday demanding the travel records.")
    assert cells(stances) == {("Trey Gowdy", "record", 1)}


def test_the_subject_of_an_infinitive_after_call_for_is_not_the_target():
    assert stance.extract_stances("Three senators have called for the president to fire the administrator.").empty
    passed = stance.extract_stances("Senator Maria Ortiz called for the ban to be passed this year.")
    assert cells(passed) == {("Maria Ortiz", "ban", 1)}   # a passive infinitive: the position is about the ban
    purpose = stance.extract_stances("Senator Maria Ortiz called for new hearings to counter the pressure.")
    assert cells(purpose) == {("Maria Ortiz", "hearing", 1)}   # not an actor: the infinitive is her purpose


def test_weapons_alone_is_no_weapons_delivery():
    stances = stance.extract_stances("Senator Maria Ortiz called for a ban on assault weapons.")
    assert cells(stances) == {("Maria Ortiz", "ban", 1)}


def test_a_demonstrative_stands_for_a_situation_not_for_the_actor_named_before_it():
    text = "Senator Maria Ortiz criticized Tom Walsh on Monday. “That is regrettable,” Ortiz said."
    stances = stance.extract_stances(text)
    assert stances[["target", "cue"]].values.tolist() == [["Tom Walsh", "criticize"]]   # not "That" as Walsh
