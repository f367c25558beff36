"""Sentiment: VADER sentence tone, its summaries, and target-aware sentiment toward actors."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from presslens import gold, sentiment
from presslens.sentiment import (actor_evidence, actor_sentiment, add_voice, aggregate, arc, explain_target,
                                 label_scores, over_time, prefix_compound, score_sentences, score_targets)


def _toward(sentence: str, mention: str, *, occurrence: int = 0) -> float:
    """Lexicon score toward the n-th occurrence of `mention` in `sentence`."""
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(mention, start + 1)
    return sentiment.score_target_lexicon(sentence, start, start + len(mention))


def _targets(*rows: tuple[str, str]) -> pd.DataFrame:
    """A targets table (sentence, start, end, mention) from (sentence, mention) pairs."""
    records = []
    for sentence, mention in rows:
        start = sentence.index(mention)
        records.append({"sentence": sentence, "start": start, "end": start + len(mention), "mention": mention})
    return pd.DataFrame(records)


# --- Sentence tone ---------------------------------------------------------------------------------------

def test_sentence_scores_are_vader_with_a_threshold_label():
    scored = score_sentences(["The plan is good.", "The talks were a disaster.", "Delegations met."])
    # VADER: "good" has valence 1.9, compound 1.9 / sqrt(1.9^2 + 15) = 0.4404; "disaster" -3.1 -> -0.6249.
    assert scored["compound"].tolist() == [0.4404, -0.6249, 0.0]
    assert scored["label"].tolist() == ["positive", "negative", "neutral"]
    assert list(scored.columns) == ["article_id", "sentence_id", "text", "neg", "neu", "pos", "compound", "label"]
    assert score_sentences(["The plan is good."], threshold=0.5)["label"].tolist() == ["neutral"]


def test_one_string_is_split_into_sentences_and_keeps_the_quotation_flag():
    scored = score_sentences("The plan is good. “It is a disaster,” he said.")
    assert scored["text"].tolist() == ["The plan is good.", "“It is a disaster,” he said."]
    assert scored["quotation"].tolist() == ["none", "partial"]


def test_bad_sentence_input_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="'text' column"):
        score_sentences(pd.DataFrame({"sentence": ["x"]}))
    with pytest.raises(ValueError, match="item 1 is int"):
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


# --- Sentiment toward a target ---------------------------------------------------------------------------

def test_the_swap_example_gives_opposite_labels_to_the_two_countries():
    scored = score_targets(_targets(
        ("Ukraine welcomed the proposal, but Russia rejected it.", "Ukraine"),
        ("Ukraine welcomed the proposal, but Russia rejected it.", "Russia"),
        ("Russia welcomed the proposal, but Ukraine rejected it.", "Ukraine"),
        ("Russia welcomed the proposal, but Ukraine rejected it.", "Russia"),
    ), method="lexicon")
    assert scored["label"].tolist() == ["positive", "negative", "negative", "positive"]
    assert set(scored["method"]) == {"lexicon"}


def test_a_sentence_opening_concession_is_its_own_clause():
    sentence = "Although Russia rejected the plan, Ukraine welcomed it."
    assert _toward(sentence, "Russia") < 0 < _toward(sentence, "Ukraine")


def test_negation_stops_a_criticism_from_counting_against_the_target():
    assert _toward("The minister did not criticise Russia.", "Russia") >= 0
    assert _toward("The minister never praised Russia.", "Russia") < 0


def test_the_object_of_a_negative_verb_is_scored_negative_in_either_voice():
    assert _toward("The minister condemned Russia.", "Russia") < 0
    assert _toward("Russia was condemned by the minister.", "Russia") < 0
    assert _toward("Russia rejected the proposal.", "Russia") < 0


def test_the_one_judging_counts_half_the_verdict_it_passes():
    # "condemned" -1.9 next to both: the patient gets it whole, the agent half -> -1.9 vs -0.95 before squashing.
    sentence = "Kallas condemned Lavrov."
    assert explain_target(sentence, 0, 6)["contribution"].tolist() == [-0.95]
    assert explain_target(sentence, 17, 23)["contribution"].tolist() == [-1.9]


def test_contest_verbs_favour_the_winner_and_harm_verbs_spare_the_victim():
    assert _toward("Kyiv defeated Moscow's forces.", "Kyiv") > 0 > _toward("Kyiv defeated Moscow's forces.", "Moscow")
    assert _toward("Russian troops attacked Kyiv overnight.", "Kyiv") == 0.0
    assert _toward("Russian troops attacked Kyiv overnight.", "troops") < 0


def test_names_and_reported_speech_do_not_colour_the_target():
    # "United" (+1.8) and "Justice" (+2.4) are parts of names here, not praise.
    assert _toward("Russia met the United Nations and the Justice Department.", "Russia") == 0.0
    # What a speaker says is about its topic, not about the speaker.
    assert _toward("Zelensky said the attack was horrific.", "Zelensky") == 0.0


def test_score_targets_keeps_rows_and_refuses_bad_spans():
    table = _targets(("Ukraine welcomed the proposal.", "Ukraine")).assign(actor="Ukraine")
    scored = score_targets(table, method="lexicon")
    assert list(scored.columns) == ["sentence", "start", "end", "mention", "actor", "label", "score", "method"]
    # "welcomed" 1.4, next to the mention: 1.4 / sqrt(1.4^2 + 15) = 0.3400.
    assert round(scored["score"].item(), 4) == 0.34
    with pytest.raises(ValueError, match="outside its sentence"):
        score_targets(table.assign(end=99), method="lexicon")
    with pytest.raises(ValueError, match="lacks column"):
        score_targets(table.drop(columns="start"))
    with pytest.raises(ValueError, match="method"):
        score_targets(table, method="neural")


def test_auto_falls_back_to_the_lexicon_and_says_so_once(monkeypatch):
    monkeypatch.setattr(sentiment, "_learned_status", lambda: (False, "not installed"))
    assert sentiment.best_method() == "lexicon"
    monkeypatch.setattr(sentiment, "_warned_fallback", False)
    table = _targets(("Ukraine welcomed the proposal.", "Ukraine"))
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
    # Russia: mean 0, sample sd 0.5, interval 0 +- 1.96 * 0.5 / sqrt(3) = +-0.5658.
    assert (russia["actor"], russia["mentions"], russia["articles"], russia["mean_score"]) == ("Russia", 3, 2, 0.0)
    assert (round(russia["ci_low"], 4), round(russia["ci_high"], 4)) == (-0.5658, 0.5658)
    assert round(russia["share_negative"], 4) == 0.3333
    assert math.isnan(table.iloc[1]["ci_low"])
    assert actor_evidence(scored, "Russia")["sentence"].tolist() == ["s0", "s2", "s1"]
    assert actor_evidence(scored, "Russia", label="negative")["sentence"].tolist() == ["s0"]


# --- Gold readers and human-label checks -----------------------------------------------------------------

def test_gold_readers_parse_crlf_tsv_and_jsonl_spans(tmp_path):
    nyt = tmp_path / "nyt.txt"
    nyt.write_bytes(b"1_1\t0.4\tA calm day.\r\n1_2\t-2.5\tA terrible loss.\r\n")
    assert gold.read_vader_nyt(nyt).values.tolist() == [["1_1", 0.4, "A calm day."], ["1_2", -2.5, "A terrible loss."]]
    mtsc = tmp_path / "dev.jsonl"
    mtsc.write_text('{"primary_gid": "g", "sentence_normalized": "Obama won.", "targets": '
                    '[{"Input.gid": "t", "from": 0, "to": 5, "mention": "Obama", "polarity": 6.0}]}\n')
    assert gold.read_newsmtsc(mtsc)[["sentence", "start", "end", "label"]].values.tolist() == [
        ["Obama won.", 0, 5, "positive"]]
    mtsc.write_text(mtsc.read_text().replace('"to": 5', '"to": 4'))
    with pytest.raises(ValueError, match="line 1: span 0:4"):
        gold.read_newsmtsc(mtsc)


def test_macro_f1_averages_the_per_class_f1():
    truth = ["negative", "negative", "neutral", "positive"]
    predicted = ["negative", "neutral", "neutral", "negative"]
    # negative: P 1/2, R 1/2, F1 0.5; neutral: P 1/2, R 1, F1 2/3; positive: 0 -> macro (0.5 + 0.6667 + 0) / 3.
    assert round(gold.macro_f1(truth, predicted), 4) == 0.3889


@pytest.mark.shared
def test_sentence_compound_tracks_human_ratings_of_nyt_snippets(shared_dir):
    snippets = gold.read_vader_nyt(shared_dir / "gold" / "vader-nyt" / "nytEditorialSnippets_GroundTruth.txt")
    scored = score_sentences(snippets["text"].tolist())
    r = float(np.corrcoef(scored["compound"], snippets["human_mean"])[0, 1])
    message = f"VADER-NYT: {len(snippets)} snippets, Pearson r = {r:.3f} (VADER paper: about 0.50)"
    print(message)
    assert len(snippets) == 5190
    assert r >= 0.45, message


@pytest.mark.shared
@pytest.mark.parametrize("split", ["rw_dev", "mt_dev"])
def test_target_lexicon_beats_the_sentence_label_on_newsmtsc(shared_dir, split):
    targets = gold.read_newsmtsc(shared_dir / "gold" / "newsmtsc" / f"{split}.jsonl")
    baseline = gold.macro_f1(targets["label"], score_sentences(targets["sentence"].tolist())["label"])
    lexicon = gold.macro_f1(targets["label"], score_targets(targets, method="lexicon")["label"])
    message = (f"NewsMTSC {split}: {len(targets)} targets, macro-F1 lexicon target method {lexicon:.3f} "
               f"vs sentence-level VADER label {baseline:.3f}")
    print(message)
    assert lexicon > baseline, message


def test_voice_separates_narration_from_quoted_sentences():
    sentences = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2],
                              "quotation": ["none", "partial", "full"]})
    mentions = pd.DataFrame({"article_id": "a", "sentence_id": [2, 0, 2], "actor": ["Russia", "Ukraine", "NATO"]})
    assert add_voice(mentions, sentences)["voice"].tolist() == ["quoted", "narration", "quoted"]
    with pytest.raises(ValueError, match="not in the sentences table"):
        add_voice(mentions.assign(sentence_id=5), sentences)


# --- Quoted speakers, and corpora that name no actor ----------------------------------------------------

def test_quoted_actor_sentiment_scores_each_speakers_words_about_each_actor():
    from presslens import stance
    from presslens.segment import sentence_table_from_texts

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
    with pytest.raises(ValueError, match="quotes lacks column"):
        sentiment.quoted_mentions(scored, quotes.drop(columns="speaker"), sentences)


def test_a_corpus_naming_no_actor_gives_empty_tables_and_says_so(tmp_path, monkeypatch):
    from presslens import plots, stance
    from presslens.segment import sentence_table_from_texts

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
    plots.actor_sentiment_bars(actors)
    assert (tmp_path / "figures" / "sentiment-toward-actors.png").is_file()


def test_describe_targets_names_the_method_and_counts():
    scored = pd.DataFrame({"article_id": ["a", "a", "b"], "actor": ["Russia", "Ukraine", "Russia"],
                           "method": "lexicon"})
    assert sentiment.describe_targets(scored) == "Target method: lexicon; 3 mentions of 2 actors in 2 articles."
    assert sentiment.most_mentioned_actor(scored) == "Russia"
