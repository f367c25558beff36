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
