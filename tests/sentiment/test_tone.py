"""Sentence tone: VADER scores, labels and the summaries that stay meaningful on news."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from presslens.evaluation import gold
from presslens.sentiment import (add_voice, aggregate, arc, label_scores, over_time, prefix_compound, score_sentences)


def test_sentence_scores_are_vader_with_a_threshold_label():
    scored = score_sentences(pd.DataFrame({"text": ["The plan is good.", "The talks were a disaster.",
                                                    "Delegations met."]}))
    # VADER: "good" has valence 1.9, compound 1.9 / sqrt(1.9^2 + 15) = 0.4404; "disaster" -3.1 -> -0.6249.
    assert scored["compound"].tolist() == [0.4404, -0.6249, 0.0]
    assert scored["label"].tolist() == ["positive", "negative", "neutral"]
    assert list(scored.columns) == ["article_id", "sentence_id", "text", "neg", "neu", "pos", "compound", "label"]
    assert score_sentences("The plan is good.", threshold=0.5)["label"].tolist() == ["neutral"]


def test_a_list_of_strings_is_one_article_each_split_into_sentences():
    scored = score_sentences(["The plan is good. The talks were a disaster.", "Delegations met."])
    assert scored[["article_id", "sentence_id", "compound"]].values.tolist() == [
        ["text-1", 0, 0.4404], ["text-1", 1, -0.6249], ["text-2", 0, 0.0]]


def test_one_string_is_split_into_sentences_and_keeps_the_quotation_flag():
    scored = score_sentences("The plan is good. “It is a disaster,” he said.")
    assert scored["text"].tolist() == ["The plan is good.", "“It is a disaster,” he said."]
    assert scored["quotation"].tolist() == ["none", "partial"]


def test_bad_sentence_input_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="'text' column"):
        score_sentences(pd.DataFrame({"sentence": ["x"]}))
    with pytest.raises(TypeError, match="item 1 is int"):
        score_sentences(["fine", 3])
    with pytest.raises(ValueError, match="threshold"):
        label_scores([0.1], threshold=1.5)


def test_aggregate_gives_mean_median_and_label_shares_per_group():
    scores = pd.DataFrame({"article_id": ["a", "a", "a", "b"], "paragraph": [0, 0, 1, 0],
                           "compound": [0.5, -0.3, 0.1, 0.0],
                           "label": ["positive", "negative", "positive", "neutral"]})
    by_article = aggregate(scores, by="article")
    # article a: mean (0.5 - 0.3 + 0.1) / 3 = 0.1, median 0.1, 2 of 3 positive, 1 of 3 negative.
    a = by_article.iloc[0]
    assert (a["article_id"], a["sentences"], round(a["mean_compound"], 4), a["median_compound"]) == ("a", 3, 0.1, 0.1)
    assert (round(a["share_positive"], 4), round(a["share_negative"], 4), a["share_neutral"]) == (0.6667, 0.3333, 0.0)
    assert aggregate(scores, by="paragraph")[["article_id", "paragraph", "sentences"]].values.tolist() == [
        ["a", 0, 2], ["a", 1, 1], ["b", 0, 1]]
    assert aggregate(scores, by="corpus")["sentences"].tolist() == [4]
    with pytest.raises(ValueError, match="source"):
        aggregate(scores, by="source")


def test_the_compound_of_a_growing_text_saturates_while_the_sentence_mean_does_not():
    prefixes = prefix_compound(" ".join(["The plan is good."] * 10), steps=10)
    # One sentence: 0.4404; two: the valences add up, 3.8 / sqrt(3.8^2 + 15) = 0.7003 (VADER sums, then squashes).
    assert prefixes["compound"].tolist()[:2] == [0.4404, 0.7003]
    assert prefixes["compound"].is_monotonic_increasing and prefixes["compound"].iloc[-1] > 0.95
    assert set(prefixes["mean_sentence_compound"].round(4)) == {0.4404}


def test_the_arc_has_a_rolling_mean_and_marks_paragraph_starts():
    scores = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2, 3], "paragraph": [0, 0, 1, 1],
                           "compound": [0.3, 0.0, -0.6, 0.3]})
    table = arc(scores, window=3)
    # Centred window of 3, shorter at the ends: (0.3+0)/2, (0.3+0-0.6)/3, (0-0.6+0.3)/3, (-0.6+0.3)/2.
    assert table["rolling_mean"].round(4).tolist() == [0.15, -0.1, -0.1, -0.15]
    assert table["paragraph_start"].tolist() == [True, False, True, False]


def test_over_time_averages_articles_per_month_and_skips_undated_ones():
    scores = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "compound": [0.2, 0.4, -0.1, 0.9],
                           "label": ["positive", "positive", "negative", "positive"]})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"],
                             "published": pd.to_datetime(["2024-03-05", "2024-03-28", None])})
    table = over_time(scores, articles, freq="month")
    # March 2024: article means 0.3 (a) and -0.1 (b) -> 0.1; c has no date.
    assert table["period"].tolist() == [pd.Timestamp("2024-03-01")]
    assert (table["articles"].item(), round(table["mean_compound"].item(), 4)) == (2, 0.1)
    # The interval resamples the two articles: both a (0.3), both b (-0.1) or one each (0.1); each article alone
    # comes up in about a quarter of the resamples, so the 2.5th and 97.5th percentiles are -0.1 and 0.3.
    assert (round(table["ci_low"].item(), 10), round(table["ci_high"].item(), 10)) == (-0.1, 0.3)
    one_article = over_time(scores, articles.assign(published=pd.to_datetime(["2024-03-05", "2024-04-28", None])))
    assert one_article["articles"].tolist() == [1, 1] and one_article["ci_low"].isna().all()


@pytest.mark.shared
def test_sentence_compound_tracks_human_ratings_of_nyt_snippets(shared_dir):
    snippets = gold.read_vader_nyt(shared_dir / "gold" / "vader-nyt" / "nytEditorialSnippets_GroundTruth.txt")
    scored = score_sentences(snippets[["text"]])  # each snippet scored whole
    r = float(np.corrcoef(scored["compound"], snippets["human_mean"])[0, 1])
    message = f"VADER-NYT: {len(snippets)} snippets, Pearson r = {r:.3f} (VADER paper: about 0.50)"
    print(message)
    assert len(snippets) == 5190
    assert r >= 0.45, message


def test_voice_separates_narration_from_quoted_sentences():
    sentences = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2],
                              "quotation": ["none", "partial", "full"]})
    mentions = pd.DataFrame({"article_id": "a", "sentence_id": [2, 0, 2], "actor": ["Russia", "Ukraine", "NATO"]})
    assert add_voice(mentions, sentences)["voice"].tolist() == ["quoted", "narration", "quoted"]
    with pytest.raises(ValueError, match="not in the sentences table"):
        add_voice(mentions.assign(sentence_id=5), sentences)
