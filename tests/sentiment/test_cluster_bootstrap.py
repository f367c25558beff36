"""Intervals that resample whole articles: mentions in one article are not independent."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from presslens.sentiment import actor_sentiment
from presslens.sentiment.tone import cluster_bootstrap_mean


def clustered_mentions(*, articles: int, per_article: int, seed: int = 3) -> pd.DataFrame:
    """Mentions of actor "A" whose scores are identical within an article and differ between articles."""
    article_scores = np.random.default_rng(seed).uniform(-0.8, 0.8, articles)
    return pd.DataFrame({"actor": "A", "article_id": np.repeat([f"art-{i}" for i in range(articles)], per_article),
                         "score": np.repeat(article_scores, per_article)})


def independent_half_width(scores: pd.Series) -> float:
    """The old interval's half width, treating every mention as independent: 1.96 SD / sqrt(n)."""
    return 1.96 * scores.std() / math.sqrt(len(scores))


def test_a_group_in_one_article_gets_nan_bounds_and_its_article_count():
    frame = pd.DataFrame({"actor": ["A"] * 15 + ["B"] * 3, "article_id": ["a"] * 15 + ["b", "c", "c"],
                          "score": [0.5] * 14 + [-0.5] + [0.1, 0.2, 0.3]})
    table = cluster_bootstrap_mean(frame, by=["actor"], value="score")
    assert list(table.columns) == ["actor", "rows", "articles", "mean", "ci_low", "ci_high"]
    a, b = table.iloc[0], table.iloc[1]
    # A: 15 mentions, all in article a -> mean (14 * 0.5 - 0.5) / 15 = 0.4333 but no interval.
    assert (a["actor"], a["rows"], a["articles"], round(a["mean"], 4)) == ("A", 15, 1, 0.4333)
    assert math.isnan(a["ci_low"]) and math.isnan(a["ci_high"])
    assert (b["rows"], b["articles"]) == (3, 2) and b["ci_low"] <= b["mean"] <= b["ci_high"]


def test_the_issue_s_actor_with_15_of_16_mentions_in_one_article_gets_no_false_precision():
    mentions = pd.DataFrame({"actor": "Russia", "article_id": ["a"] * 15 + ["b"], "score": [-0.6] * 15 + [0.4],
                             "label": ["negative"] * 15 + ["positive"], "method": "lexicon"})
    row = actor_sentiment(mentions).iloc[0]
    # Mean (15 * -0.6 + 0.4) / 16 = -0.5375. Treating the 16 mentions as independent gave -0.5375 +- 0.1225
    # (SD 0.25), as if 16 writers had judged Russia. Resampling the two articles: a twice (mean -0.6), b twice
    # (0.4) or one each (-0.5375); a and b each come up in about a quarter of the resamples, so the 2.5th and
    # 97.5th percentiles are their means: the interval spans what the two articles say.
    assert (row["mentions"], row["articles"], round(row["mean_score"], 4)) == (16, 2, -0.5375)
    assert round(independent_half_width(mentions["score"]), 4) == 0.1225
    assert (round(row["ci_low"], 10), round(row["ci_high"], 10)) == (-0.6, 0.4)


def test_clustered_scores_get_a_wider_interval_than_independent_mentions():
    frame = clustered_mentions(articles=40, per_article=10)
    row = cluster_bootstrap_mean(frame, by=["actor"], value="score").iloc[0]
    assert (row["rows"], row["articles"]) == (400, 40)
    assert row["ci_low"] < row["mean"] < row["ci_high"]
    # Ten identical scores per article carry the information of one: the interval is about sqrt(10) = 3.2 times
    # as wide as 1.96 SD / sqrt(400) pretends.
    width, independent_width = row["ci_high"] - row["ci_low"], 2 * independent_half_width(frame["score"])
    assert 2.5 < width / independent_width < 4


def test_with_one_mention_per_article_the_interval_matches_the_standard_error():
    frame = clustered_mentions(articles=400, per_article=1)
    row = cluster_bootstrap_mean(frame, by=["actor"], value="score").iloc[0]
    # Independent articles: the percentile interval is close to mean +- 1.96 SD / sqrt(n).
    half_width = (row["ci_high"] - row["ci_low"]) / 2
    assert half_width == pytest.approx(independent_half_width(frame["score"]), rel=0.1)
    assert abs((row["ci_high"] + row["ci_low"]) / 2 - row["mean"]) < 0.1 * half_width


def test_the_mean_weighs_mentions_and_the_interval_resamples_articles_per_group():
    frame = pd.concat([clustered_mentions(articles=30, per_article=4).assign(actor="A"),
                       clustered_mentions(articles=3, per_article=2, seed=8).assign(actor="B")])
    frame = frame.assign(score=frame["score"] + np.tile([0.0, 0.1], len(frame) // 2))  # articles of unequal means
    table = cluster_bootstrap_mean(frame, by=["actor"], value="score", level=0.9)
    expected = frame.groupby("actor")["score"].agg(["size", "mean"])
    assert table["rows"].tolist() == expected["size"].tolist() and table["articles"].tolist() == [30, 3]
    assert np.allclose(table["mean"], expected["mean"])
    b_article_means = frame[frame["actor"] == "B"].groupby("article_id")["score"].mean()
    b = table.iloc[1]
    assert b_article_means.min() <= b["ci_low"] < b["ci_high"] <= b_article_means.max()
    wide = cluster_bootstrap_mean(frame, by=["actor"], value="score", level=0.99)
    assert (wide["ci_high"] - wide["ci_low"] >= table["ci_high"] - table["ci_low"]).all()


def test_the_same_seed_gives_the_same_numbers_and_another_seed_other_ones():
    frame = pd.concat([clustered_mentions(articles=25, per_article=3).assign(actor="A"),
                       clustered_mentions(articles=8, per_article=5, seed=4).assign(actor="B")])
    first = cluster_bootstrap_mean(frame, by=["actor"], value="score", seed=7, resamples=500)
    pd.testing.assert_frame_equal(first, cluster_bootstrap_mean(frame, by=["actor"], value="score", seed=7,
                                                                resamples=500))
    other = cluster_bootstrap_mean(frame, by=["actor"], value="score", seed=8, resamples=500)
    assert (first["mean"] == other["mean"]).all() and (first["ci_low"] != other["ci_low"]).any()


def test_missing_keys_form_groups_and_an_empty_table_gives_an_empty_summary():
    frame = pd.DataFrame({"speaker": ["X", None, None, "X"], "actor": "A", "article_id": ["a", "b", "c", "d"],
                          "score": [0.1, 0.2, 0.4, 0.3]})
    table = cluster_bootstrap_mean(frame, by=["speaker", "actor"], value="score")
    assert table["rows"].tolist() == [2, 2] and table["speaker"].iloc[0] == "X" and pd.isna(table["speaker"].iloc[1])
    assert table["mean"].round(4).tolist() == [0.2, 0.3]
    empty = cluster_bootstrap_mean(frame.iloc[:0], by=["speaker", "actor"], value="score")
    assert empty.empty and list(empty.columns) == ["speaker", "actor", "rows", "articles", "mean", "ci_low",
                                                   "ci_high"]


def test_bad_options_are_refused_with_the_reason():
    frame = clustered_mentions(articles=3, per_article=2)
    with pytest.raises(ValueError, match="at least one column"):
        cluster_bootstrap_mean(frame, by=[], value="score")
    with pytest.raises(ValueError, match="lacks the column"):
        cluster_bootstrap_mean(frame, by=["actor"], value="score", cluster="story")
    with pytest.raises(ValueError, match="NaN"):
        cluster_bootstrap_mean(frame.assign(score=np.nan), by=["actor"], value="score")
    with pytest.raises(ValueError, match="resamples"):
        cluster_bootstrap_mean(frame, by=["actor"], value="score", resamples=0)
    with pytest.raises(ValueError, match="level"):
        cluster_bootstrap_mean(frame, by=["actor"], value="score", level=95)
    with pytest.raises(ValueError, match="article_id"):
        actor_sentiment(frame.drop(columns="article_id").assign(label="neutral", method="lexicon"))
