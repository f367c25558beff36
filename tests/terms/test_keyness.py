"""Keyness (G2, log-ratio) against a table or general English, and TF-IDF, worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from wordfreq import word_frequency

from presslens import terms

from token_tables import token_table


def _article(counts: dict[str, int]) -> list[str]:
    return [" ".join(word for word, count in counts.items() for _ in range(count))]


def test_keyness_g2_and_log_ratio_worked_by_hand_on_a_2x2_table():
    target = token_table({"t": _article({"ceasefire": 10, "news": 90})})
    reference = token_table({"r": _article({"ceasefire": 5, "sanctions": 4, "news": 191})})
    table = terms.keyness(target, reference, min_count=1).set_index("term")
    # ceasefire: a = 10 of C = 100, b = 5 of D = 200, N = 300; row totals 15 and 285.
    # E = 100*15/300 = 5, 200*15/300 = 10, 100*285/300 = 95, 200*285/300 = 190.
    # G2 = 2 * (10 ln(10/5) + 5 ln(5/10) + 90 ln(90/95) + 195 ln(195/190))
    #    = 2 * (6.931472 - 3.465736 - 4.866050 + 5.065220) = 2 * 3.664906 = 7.329812
    # log-ratio = log2((10/100) / (5/200)) = log2(4) = 2; over-used.
    assert round(table.loc["ceasefire", "g2"], 6) == 7.329812
    assert table.loc["ceasefire", "log_ratio"] == 2.0
    assert table.loc["ceasefire", "direction"] == "over"
    # sanctions: only in the reference, a = 0 -> 0.5 in the log-ratio: log2((0.5/100) / (4/200)) = -2.
    assert table.loc["sanctions", "count"] == 0
    assert table.loc["sanctions", "log_ratio"] == -2.0
    assert table.loc["sanctions", "direction"] == "under"
    # news: log2((90/100) / (191/200)) = log2(0.942408) = -0.085576, under-used.
    assert round(table.loc["news", "log_ratio"], 6) == -0.085576
    assert table.index[0] == "ceasefire"  # sorted by G2


def test_keyness_against_wordfreq_uses_the_nominal_size_and_the_floor():
    target = token_table({"t": ["ceasefire ceasefire xqzvbk talks talk"]})
    table = terms.keyness(target, "wordfreq", min_count=1).set_index("term")
    size = terms.WORDFREQ_REFERENCE_SIZE
    assert table.loc["ceasefire", "reference_count"] == pytest.approx(word_frequency("ceasefire", "en") * size)
    # An unseen word gets the floor: 5e-9 * 1e9 = 5 nominal occurrences.
    # log-ratio = log2((1/5) / (5/1e9)) = log2(4e7) = 25.253497
    assert table.loc["xqzvbk", "reference_count"] == pytest.approx(5.0)
    assert round(table.loc["xqzvbk", "log_ratio"], 6) == 25.253497
    # The lemma "talk" is compared with the summed frequency of the forms it occurs as: talks + talk.
    expected = (word_frequency("talks", "en") + word_frequency("talk", "en")) * size
    assert table.loc["talk", "count"] == 2
    assert table.loc["talk", "reference_count"] == pytest.approx(expected)


def test_keyness_by_group_equals_keyness_of_one_group_against_the_other():
    tokens = pd.concat([
        token_table({"t": _article({"ceasefire": 10, "news": 90})}).assign(source="One"),
        token_table({"r": _article({"ceasefire": 5, "sanctions": 4, "news": 191})}).assign(source="Two"),
    ], ignore_index=True)
    grouped = terms.keyness_by_group(tokens, "source", min_count=1)
    one = grouped.loc[grouped["source"] == "One"].drop(columns="source").reset_index(drop=True)
    direct = terms.keyness(tokens.loc[tokens["source"] == "One"], tokens.loc[tokens["source"] == "Two"],
                           min_count=1)
    pd.testing.assert_frame_equal(one, direct)
    with pytest.raises(ValueError, match="at least two distinct values"):
        terms.keyness_by_group(tokens.loc[tokens["source"] == "One"], "source")


def test_tfidf_worked_by_hand_on_two_articles():
    tokens = token_table({"a": ["peace talks"], "b": ["peace deals deals"]})
    table = terms.tfidf(tokens).set_index(["article_id", "term"])
    # N = 2; idf(peace) = ln(2/2) = 0; idf(talk) = idf(deal) = ln(2/1) = 0.693147.
    # talk: tf = 1/2 -> 0.346574; deal: tf = 2/3 -> 0.462098.
    assert table.loc[("a", "peace"), "tfidf"] == 0.0
    assert round(table.loc[("a", "talk"), "tfidf"], 6) == 0.346574
    assert round(table.loc[("b", "deal"), "tfidf"], 6) == 0.462098


def test_tfidf_refuses_a_single_article_and_points_to_paragraphs():
    tokens = token_table({"a": ["peace talks"]})
    with pytest.raises(ValueError, match='by="paragraph"'):
        terms.tfidf(tokens)


def test_seed_ceasefire_is_a_top_ten_key_term_against_general_english(seed):
    assert "ceasefire" in terms.keyness(seed.tokens, "wordfreq").head(10)["term"].tolist()


def test_keyness_against_wordfreq_lists_common_words_the_target_never_uses_as_under_used():
    target = token_table({"t": _article({"ceasefire": 1000})})
    table = terms.keyness(target, "wordfreq").set_index("term")
    people = word_frequency("people", "en")
    # Expected in 1,000 word tokens: 1000 * people > 1, yet absent: count 0, under-used.
    # log-ratio = log2((0.5 / 1000) / people), the zero count replaced by 0.5.
    assert table.loc["people", "count"] == 0
    assert table.loc["people", "direction"] == "under"
    assert table.loc["people", "log_ratio"] == pytest.approx(math.log2(0.5 / 1000 / people))
    # "respect" is rarer: fewer than one occurrence expected, so its absence is no evidence.
    assert word_frequency("respect", "en") * 1000 < 1
    assert "respect" not in table.index
    with pytest.raises(ValueError, match='unit="lower" or "lemma"'):
        terms.keyness(target, "wordfreq", unit="token")


def test_keyness_against_wordfreq_leaves_compounds_and_numbers_out_but_counts_them_in_the_size():
    target = token_table({"t": ["all-in ceasefire talks 2"]})
    table = terms.keyness(target, "wordfreq", min_count=1).set_index("term")
    # wordfreq would rate "all-in" about as common as "all", and "2" by its digit pattern; neither is
    # compared, yet both count in C = 4 word tokens.
    assert "all-in" not in table.index and "2" not in table.index
    assert table.loc["ceasefire", "per_1000"] == 250.0
