"""Scoring every mention and summarising per actor, voice and quoted speaker."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

from presslens import sentiment
from presslens.sentiment import actor_evidence, actor_sentiment, score_targets

from target_tables import targets_table


def test_score_targets_keeps_rows_and_refuses_bad_spans():
    table = targets_table(("Ukraine welcomed the proposal.", "Ukraine")).assign(actor="Ukraine")
    scored = score_targets(table, method="lexicon")
    assert list(scored.columns) == ["sentence", "start", "end", "mention", "actor", "label", "score", "method"]
    # "welcomed" 1.4, next to the mention: 1.4 / sqrt(1.4^2 + 15) = 0.3400.
    assert round(scored["score"].item(), 4) == 0.34
    with pytest.raises(ValueError, match="outside its sentence"):
        score_targets(table.assign(end=99), method="lexicon")
    with pytest.raises(ValueError, match="lacks the column"):
        score_targets(table.drop(columns="start"))
    with pytest.raises(ValueError, match="method"):
        score_targets(table, method="neural")


def test_auto_falls_back_to_the_lexicon_and_says_so_once(monkeypatch):
    monkeypatch.setattr(sentiment.targets, "_learned_status", lambda: (False, "not installed"))
    assert sentiment.best_method() == "lexicon"
    monkeypatch.setattr(sentiment.targets, "_warned_fallback", False)
    table = targets_table(("Ukraine welcomed the proposal.", "Ukraine"))
    with pytest.warns(UserWarning, match="lexicon"):
        assert score_targets(table)["method"].item() == "lexicon"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        score_targets(table)
    with pytest.raises(RuntimeError, match="not installed"):
        score_targets(table, method="learned")


def test_actor_sentiment_counts_mentions_with_an_interval_and_keeps_the_evidence():
    scored = pd.DataFrame({
        "article_id": ["a", "a", "b", "b"], "sentence_id": [0, 1, 0, 2], "actor": ["Russia"] * 3 + ["Ukraine"],
        "sentence": ["s0", "s1", "s2", "s3"], "start": 0, "end": 2,
        "score": [-0.5, 0.5, 0.0, 0.3], "label": ["negative", "positive", "neutral", "positive"],
        "method": "lexicon"})
    table = actor_sentiment(scored)
    russia = table.iloc[0]
    # Russia: mean 0. The interval resamples whole articles: article a (-0.5, 0.5) and article b (0.0) both
    # average 0, so every resample's mean is 0 and so are both bounds. (The old normal approximation treated the
    # three mentions as independent: 0 +- 1.96 * 0.5 / sqrt(3) = +-0.5658.) Ukraine, in one article: NaN.
    assert (russia["actor"], russia["mentions"], russia["articles"], russia["mean_score"]) == ("Russia", 3, 2, 0.0)
    assert (russia["ci_low"], russia["ci_high"]) == (0.0, 0.0)
    assert round(russia["share_negative"], 4) == 0.3333
    assert math.isnan(table.iloc[1]["ci_low"])
    assert actor_evidence(scored, "Russia")["sentence"].tolist() == ["s0", "s2", "s1"]
    assert actor_evidence(scored, "Russia", label="negative")["sentence"].tolist() == ["s0"]


def test_quoted_actor_sentiment_scores_each_speakers_words_about_each_actor():
    from presslens import stance
    from presslens.text import sentence_table_from_texts

    sentences = sentence_table_from_texts([
        "“Russia rejected the proposal,” said Anna Berg, a Polish analyst. Ukraine welcomed it. "
        "“Ukraine deserves praise,” noted Tom Hale. Berg added that Russia had lied."])
    scored = score_targets(stance.find_mentions(sentences), method="lexicon")
    quotes = stance.extract_quotes(sentences)
    table = sentiment.quoted_actor_sentiment(scored, quotes, sentences)
    # Berg on Russia: "rejected" -2.3 next to it -> -2.3 / sqrt(2.3^2 + 15) = -0.5106, and in her reported words
    # "had lied" -1.6 one word away (weight 0.8) -> -1.28 / sqrt(1.28^2 + 15) = -0.3138; mean -0.4122.
    # Hale on Ukraine: "praise" 2.6 one word away (0.8), an evaluation word with Ukraine before it, so counted
    # half -> 1.04 / sqrt(1.04^2 + 15) = 0.2593.
    # "Ukraine welcomed it" is narration and "Polish" sits in the attribution: neither is in a quote.
    assert table[["speaker", "actor", "mentions", "quotes"]].values.tolist() == [
        ["Anna Berg", "Russia", 2, 2], ["Tom Hale", "Ukraine", 1, 1]]
    assert table["mean_score"].round(4).tolist() == [-0.4122, 0.2593]
    assert table["speaker_actor"].iloc[0] == "Poland" and pd.isna(table["speaker_actor"].iloc[1])
    rows = sentiment.quoted_mentions(scored, quotes, sentences)
    assert rows[["sentence_id", "mention", "kind"]].values.tolist() == [
        [0, "Russia", "direct"], [2, "Ukraine", "direct"], [3, "Russia", "reported"]]


def test_quoted_mentions_need_the_sentence_offsets():
    scored = pd.DataFrame({"article_id": ["a"], "sentence_id": [4], "start": [0], "end": [6], "actor": ["Russia"],
                           "score": [0.0], "label": ["neutral"], "method": ["lexicon"]})
    quotes = pd.DataFrame(columns=["article_id", "kind", "speaker", "speaker_actor", "start", "end"])
    sentences = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0]})
    with pytest.raises(ValueError, match="not in the sentences table"):
        sentiment.quoted_mentions(scored, quotes, sentences)
    with pytest.raises(ValueError, match="quotes lacks the column"):
        sentiment.quoted_mentions(scored, quotes.drop(columns="speaker"), sentences)


def test_a_corpus_naming_no_actor_gives_empty_tables_and_says_so(tmp_path, monkeypatch):
    from presslens import plots, stance
    from presslens.text import sentence_table_from_texts

    monkeypatch.setenv("PRESSLENS_REPORTS_DIR", str(tmp_path))
    sentences = sentence_table_from_texts(['The town council approved the budget. "It is fair," said Mary Lowe.'])
    scored = score_targets(stance.find_mentions(sentences), method="lexicon")
    actors = actor_sentiment(scored, min_mentions=2)
    assert scored.empty and actors.empty and sentiment.most_mentioned_actor(scored) is None
    assert actor_evidence(scored).empty
    assert sentiment.quoted_actor_sentiment(scored, stance.extract_quotes(sentences), sentences).empty
    assert sentiment.describe_targets(scored, method="lexicon") == (
        "Target method: lexicon; no actor from the codebook is named in this corpus, "
        "so the actor tables below are empty.")
    # An empty table gets a one-line note instead of a chart (since "Charts with nothing to show ... publish no
    # chart"): no PNG is saved, and an earlier run's PNG is removed.
    shown: list[str] = []
    monkeypatch.setattr("IPython.display.display", lambda html: shown.append(html.data))
    (tmp_path / "figures").mkdir(parents=True, exist_ok=True)
    (tmp_path / "figures" / "sentiment-toward-actors.png").write_text("old")
    assert plots.actor_sentiment_bars(actors) is None
    assert len(shown) == 1 and "presslens-nothing-to-draw" in shown[0]
    assert not (tmp_path / "figures" / "sentiment-toward-actors.png").exists()


def test_describe_targets_names_the_method_and_counts():
    scored = pd.DataFrame({"article_id": ["a", "a", "b"], "actor": ["Russia", "Ukraine", "Russia"],
                           "method": "lexicon"})
    assert sentiment.describe_targets(scored) == "Target method: lexicon; 3 mentions of 2 actors in 2 articles."
    assert sentiment.most_mentioned_actor(scored) == "Russia"
