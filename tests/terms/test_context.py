"""Keyword in context and dispersion."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from presslens import terms

from token_tables import token_table

TEXT = "Ceasefire now. They agreed a ceasefire on Monday and a second ceasefire later. No deal."


def test_kwic_context_stays_inside_the_sentence():
    lines = terms.kwic(TEXT, "ceasefire", window=3)
    assert lines.to_dict("list") == {
        "article_id": ["text-1", "text-1", "text-1"],
        "sentence_id": [0, 1, 1],
        "left": ["", "They agreed a", "and a second"],
        "keyword": ["Ceasefire", "ceasefire", "ceasefire"],
        "right": ["now.", "on Monday and", "later."],
    }


def test_kwic_units_token_lemma_regex_and_phrases():
    assert len(terms.kwic(TEXT, "Ceasefire", unit="token")) == 1
    assert len(terms.kwic(TEXT, "ceasefires", unit="lemma")) == 3
    assert len(terms.kwic(TEXT, r"cease-?fires?", unit="regex")) == 3
    phrase = terms.kwic(TEXT, "a ceasefire", window=2)
    assert phrase[["left", "keyword", "right"]].values.tolist() == [["They agreed", "a ceasefire", "on Monday"]]
    with pytest.raises(ValueError, match="not a valid regular expression"):
        terms.kwic(TEXT, "(", unit="regex")


def test_dispersion_offsets_run_from_zero_to_one_within_each_article():
    tokens = token_table({"a": ["Putin met Zelensky and Putin"], "b": ["Zelensky spoke"]})
    places = terms.dispersion(tokens, {"Putin": ["Putin"], "Ukraine": ["Zelensky", "Kyiv"]})
    # a has 5 tokens (index 0..4): offset = index / 4; b has 2 tokens: offset = index / 1.
    assert places[["term", "article_id", "token_index", "offset"]].values.tolist() == [
        ["Putin", "a", 0, 0.0], ["Putin", "a", 4, 1.0], ["Ukraine", "a", 2, 0.5], ["Ukraine", "b", 0, 0.0],
    ]


@pytest.mark.parametrize("word", ["ceasefire", "Putin"])
def test_seed_kwic_returns_every_sentence_with_the_word_and_nothing_else(seed, word):
    lines = terms.kwic(seed.tokens, word)
    pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
    sentences = seed.sentences
    expected = sentences.loc[sentences["text"].str.contains(pattern), ["article_id", "sentence_id"]]
    found = lines[["article_id", "sentence_id"]].drop_duplicates()
    assert sorted(map(tuple, found.values.tolist())) == sorted(map(tuple, expected.values.tolist()))
    assert lines["keyword"].str.contains(pattern).all()
    assert len(lines) == sum(len(pattern.findall(text)) for text in sentences["text"])


def test_dispersion_counts_a_long_alias_and_a_short_one_inside_it_once():
    tokens = token_table({"a": ["Vladimir Putin met Putin before a Trump-Putin summit"]})
    places = terms.dispersion(tokens, {"Putin": ["Vladimir Putin", "Putin"]}, unit="token")
    # "Vladimir Putin" (starts at token 0), "Putin" (token 3), "Trump-Putin" (token 6, hyphen part).
    assert places["token_index"].tolist() == [0, 3, 6]


def test_dispersion_profile_shares_each_terms_mentions_over_stretches_of_the_article():
    occurrences = pd.DataFrame({"term": ["Putin", "Putin", "Putin", "Kyiv"], "offset": [0.0, 0.3, 1.0, 0.6]})
    profile = terms.dispersion_profile(occurrences, bins=2)
    # Putin: 0.0 and 0.3 fall in [0, 0.5), 1.0 in the last stretch -> 2/3 and 1/3; Kyiv: 0.6 -> 0 and 1.
    assert profile[["term", "bin", "mentions"]].values.tolist() == [
        ["Putin", 0, 2], ["Putin", 1, 1], ["Kyiv", 0, 0], ["Kyiv", 1, 1],
    ]
    assert profile["share"].round(4).tolist() == [0.6667, 0.3333, 0.0, 1.0]


def test_codebook_terms_split_aliases_and_filter_kinds():
    actors = pd.DataFrame({"actor": ["Russia", "Vladimir Putin"], "kind": ["state", "person"],
                           "aliases": ["Russia|Moscow|the Kremlin", "Vladimir Putin|Putin"]})
    assert terms.codebook_terms(actors, kinds=["person"]) == {"Vladimir Putin": ["Vladimir Putin", "Putin"]}
    assert terms.codebook_terms(actors)["Russia"] == ["Russia", "Moscow", "the Kremlin"]
