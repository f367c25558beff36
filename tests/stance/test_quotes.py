"""Quotes and reported speech with their speakers."""

from __future__ import annotations

import pytest

import presslens as pl
from presslens import stance


@pytest.fixture(scope="module")
def seed() -> pl.Corpus:
    return pl.read_corpus()


def test_quote_with_the_speaker_after_keeps_name_description_and_actor():
    quotes = stance.extract_quotes("“Sanctions are working well,” said Jana Novak, a German economist.")
    assert quotes[["kind", "speaker", "speaker_description", "speaker_actor", "cue", "quote"]].values.tolist() == [
        ["direct", "Jana Novak", "a German economist", "Germany", "said", "Sanctions are working well"]]


def test_quote_with_the_speaker_before():
    quotes = stance.extract_quotes("Peskov said: “Moscow will not accept these terms.”")
    assert quotes[["speaker", "speaker_actor", "quote"]].values.tolist() == [
        ["Dmitry Peskov", "Russia", "Moscow will not accept these terms."]]


def test_a_quote_over_two_sentences_is_one_quote_and_a_following_quote_continues_it():
    text = ("“We are ready to talk. We want a just peace,” Kuleba told reporters. "
            "“But nobody should expect us to give up land.”")
    quotes = stance.extract_quotes(text)
    assert quotes[["speaker", "sentence_id", "sentence_id_end", "continuation"]].values.tolist() == [
        ["Dmytro Kuleba", 0, 1, False], ["Dmytro Kuleba", 2, 2, True]]


def test_he_after_a_quote_is_the_previous_speaker_and_a_name_in_the_appositive_is_the_speaker():
    text = ("“Why should we trust them?” asked Zelensky. “They broke every promise,” he added. "
            "Ukraine's foreign minister, Andrii Sybiha, said that Kyiv was ready.")
    quotes = stance.extract_quotes(text).fillna({"speaker_description": ""})
    assert quotes[["kind", "speaker", "speaker_description", "cue", "continuation"]].values.tolist() == [
        ["direct", "Volodymyr Zelensky", "", "asked", False],
        ["direct", "Volodymyr Zelensky", "", "added", False],
        ["reported", "Andrii Sybiha", "Ukraine's foreign minister", "said", False]]


def test_reported_speech_and_scare_quotes():
    text = ("As analyst Jane Roe remarked, the truce is fragile. Lavrov said that Moscow rejected the plan. "
            "He called it a “special operation”.")
    quotes = stance.extract_quotes(text)
    assert quotes[["kind", "speaker", "quote"]].values.tolist() == [
        ["reported", "Jane Roe", "the truce is fragile."], ["reported", "Sergey Lavrov", "Moscow rejected the plan."]]
    assert quotes["speaker_description"].iloc[0] == "analyst"
    assert quotes["speaker_description"].isna().iloc[1]


def test_seed_quotes_and_speakers(seed: pl.Corpus):
    quotes = stance.extract_quotes(seed)
    direct = quotes[quotes["kind"] == "direct"]
    assert direct["speaker"].value_counts().to_dict() == {"Witold Rodkiewicz": 3, "Oleksandr Kraiev": 1}
    rodkiewicz = direct[direct["speaker"] == "Witold Rodkiewicz"]
    assert rodkiewicz["speaker_description"].unique().tolist() == ["a Polish expert on Russian foreign policy"]
    assert rodkiewicz["speaker_actor"].unique().tolist() == ["Poland"]
    assert rodkiewicz["continuation"].tolist() == [False, False, True]
    reported = quotes[quotes["kind"] == "reported"].set_index("speaker")
    assert reported.loc["Dickinson", "quote"] == "signaled Ukraine's serious approach to the talks."
    assert reported.loc["Dickinson", "speaker_description"] == "political analyst"
