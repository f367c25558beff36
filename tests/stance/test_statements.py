"""Stance statements: holder, target and sign from each clause, on made-up sentences and the seed."""

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


def test_holder_and_target_are_bound_per_clause_so_swapping_swaps_the_result():
    assert cells(stance.extract_stances("Ukraine welcomed the proposal, but Russia rejected it.")) == {
        ("Ukraine", "proposal", 1), ("Russia", "proposal", -1)}
    assert cells(stance.extract_stances("Russia welcomed the proposal, but Ukraine rejected it.")) == {
        ("Russia", "proposal", 1), ("Ukraine", "proposal", -1)}
    assert cells(stance.extract_stances("While Hamas accepted the truce, Israel rejected it.")) == {
        ("Hamas", "ceasefire", 1), ("Israel", "ceasefire", -1)}
    assert cells(stance.extract_stances("Germany opposed the tariffs, whereas Poland backed them.")) == {
        ("Germany", "tariffs", -1), ("Poland", "tariffs", 1)}


def test_it_after_a_named_issue_is_resolved_and_flagged():
    stances = stance.extract_stances("Israel rejected a ceasefire and Hamas accepted it.")
    assert cells(stances) == {("Israel", "ceasefire", -1), ("Hamas", "ceasefire", 1)}
    assert stances.set_index("holder").loc["Hamas", "target_resolved"]


def test_this_idea_refers_back_to_the_first_issue_of_the_previous_sentence():
    stances = stance.extract_stances("Qatar proposed a prisoner swap. Israel has repeatedly dismissed this idea.")
    israel = stances[stances["holder"] == "Israel"]
    assert israel[["target", "stance", "target_resolved", "target_mention"]].values.tolist() == [
        ["prisoner exchange", -1, True, "this idea"]]


def test_passive_voice_takes_the_holder_after_by():
    stances = stance.extract_stances("The ceasefire was rejected by Moscow.")
    assert stances[["holder", "holder_mention", "target", "stance", "passive"]].values.tolist() == [
        ["Russia", "Moscow", "ceasefire", -1, True]]
    lifted = stance.extract_stances("The sanctions were lifted by Washington.")
    assert cells(lifted) == {("United States", "sanctions", -1)}


def test_a_second_passive_shares_the_subject_of_the_first():
    stances = stance.extract_stances("The truce was accepted by Hamas but rejected by Israel.")
    assert cells(stances) == {("Hamas", "ceasefire", 1), ("Israel", "ceasefire", -1)}
    assert stances["passive"].all()


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Russia did not reject the ceasefire.", 0),          # negated opposition is non-committal, never support
    ("Russia refused to back the ceasefire.", -1),        # negated support is opposition
    ("The Kremlin has never supported the truce.", -1),
    ("Moscow no longer supports the peace talks.", -1),
    ("Russia's reluctance to endorse a ceasefire is clear.", -1),
])
def test_negation_flips_support_and_cancels_opposition(sentence: str, expected: int):
    stances = stance.extract_stances(sentence)
    assert stances[["holder", "stance", "negated"]].values.tolist() == [["Russia", expected, True]]


def test_a_person_counts_for_their_affiliation_and_keeps_the_words_that_named_them():
    stances = stance.extract_stances("French President Emmanuel Macron called for more weapons deliveries.")
    assert stances[["holder", "holder_mention", "target", "stance"]].values.tolist() == [
        ["France", "French President Emmanuel Macron", "weapons deliveries", 1]]


def test_several_members_of_one_group_hold_the_position_as_the_group():
    grouped = stance.extract_stances("Leaders from France, Germany, Poland and the UK demanded a ceasefire.")
    assert cells(grouped) == {("Europe", "ceasefire", 1)}
    assert grouped["holder_mention"].tolist() == ["France, Germany, Poland and the UK"]
    alone = stance.extract_stances("France demanded a ceasefire.")
    assert cells(alone) == {("France", "ceasefire", 1)}
    mixed = stance.extract_stances("China and Iran condemned the sanctions.")
    assert cells(mixed) == {("China", "sanctions", -1), ("Iran", "sanctions", -1)}


def test_noun_cues_take_the_possessor_as_holder():
    stances = stance.extract_stances("Moscow's rejection of the ceasefire angered Kyiv.")
    assert cells(stances) == {("Russia", "ceasefire", -1)}
    both = stance.extract_stances("Hamas rejected Israel's proposal for a ceasefire.")
    assert cells(both) == {("Hamas", "ceasefire", -1), ("Israel", "ceasefire", 1)}


def test_a_controlling_cue_passes_its_holder_to_the_cue_it_governs():
    stances = stance.extract_stances("Trump urged Zelensky to accept the peace deal.")
    assert stances[["holder", "target", "stance", "cue"]].values.tolist() == [
        ["United States", "peace deal", 1, "urge > accept"]]
    ultimatum = stance.extract_stances("The EU issued an ultimatum to Iran: agree to a nuclear deal or face sanctions.")
    assert cells(ultimatum) == {("European Union", "nuclear deal", 1)}


def test_urging_someone_not_to_oppose_is_support():
    stances = stance.extract_stances("The EU urged Hungary not to block the sanctions.")
    assert stances[["holder", "target", "stance", "negated"]].values.tolist() == [
        ["European Union", "sanctions", 1, True]]


def test_a_noun_cue_right_after_a_verb_cue_is_its_object():
    stances = stance.extract_stances("Netanyahu rejected calls for a Palestinian state.")
    assert cells(stances) == {("Israel", "two-state solution", -1)}


def test_the_actor_before_of_or_for_does_a_gerund_cue():
    stances = stance.extract_stances("Hamas accused Israel of violating the ceasefire.")
    assert cells(stances) == {("Hamas", "Israel", -1), ("Israel", "ceasefire", -1)}


def test_a_speech_verb_starts_a_new_holder_search_and_marks_the_statement_as_reported():
    stances = stance.extract_stances("Trump said Zelensky was ready to accept a truce.")
    assert stances[["holder", "target", "stance", "quoted", "attributed_to"]].values.tolist() == [
        ["Ukraine", "ceasefire", 1, True, "Donald Trump"]]


def test_an_actor_is_the_target_when_no_issue_follows_the_cue():
    stances = stance.extract_stances("Trump criticised Zelensky.")
    assert stances[["holder", "target", "target_kind", "stance"]].values.tolist() == [
        ["United States", "Ukraine", "actor", -1]]


def test_first_person_inside_a_quote_is_the_speaker_and_the_statement_is_attributed():
    stances = stance.extract_stances("“We reject this ceasefire,” Netanyahu said.")
    assert stances[["holder", "holder_mention", "target", "stance", "quoted", "attributed_to"]].values.tolist() == [
        ["Israel", "we", "ceasefire", -1, True, "Benjamin Netanyahu"]]


def test_seed_positions(seed: pl.Corpus):
    stances = stance.extract_stances(seed)
    found = cells(stances)
    assert {("Ukraine", "ceasefire", 1), ("Russia", "ceasefire", -1), ("United States", "direct talks", 1),
            ("Europe", "ceasefire", 1)} <= found
    assert not {("Ukraine", "ceasefire", -1), ("Russia", "ceasefire", 1), ("Europe", "ceasefire", -1)} & found
    dismissal = stance.evidence(stances, "Russia", "ceasefire")
    assert dismissal["sentence"].str.contains("repeatedly dismissed this idea").any()
    ultimatum = stance.evidence(stances, "Europe", "ceasefire")
    assert ultimatum["holder_mention"].str.contains("France, Germany, Poland, and the UK").any()


def test_every_kind_of_source_gives_the_same_statements(seed: pl.Corpus):
    text = "Ukraine welcomed the truce, but Russia rejected it."
    from_string = stance.extract_stances(text)
    from_list = stance.extract_stances([text, "Germany backed the sanctions."])
    from_table = stance.extract_stances(sentence_table_from_texts([text]))
    assert from_string.equals(from_table)
    assert from_list["article_id"].tolist() == ["text-1", "text-1", "text-2"]
    assert stance.extract_stances(seed).equals(stance.extract_stances(seed.sentences))
    assert stance.extract_stances(seed, quotes=stance.extract_quotes(seed)).equals(stance.extract_stances(seed))
    with pytest.raises(TypeError, match="source: expected a Corpus, a sentence table"):
        stance.extract_stances(42)
    with pytest.raises(ValueError, match=r"source: expected .* got a DataFrame with the columns \['article_id', 'sentence_id'\]"):
        stance.extract_stances(pd.DataFrame({"article_id": ["a"], "sentence_id": [0]}))
