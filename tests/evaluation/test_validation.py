"""Validation measures for notebook 05: confusion tables, error examples, summaries, missing data."""

from __future__ import annotations

import pandas as pd
import pytest

from presslens.evaluation import validation


def _predictions() -> pd.DataFrame:
    # Five rw_dev targets scored by one method: gold vs predicted, with the method's score.
    return pd.DataFrame({
        "split": ["rw_dev"] * 5,
        "method": ["lexicon"] * 5,
        "target_gid": ["a", "b", "c", "d", "e"],
        "sentence": ["s1", "s2", "s3", "s4", "s5"],
        "start": [0] * 5,
        "end": [1] * 5,
        "mention": ["A", "B", "C", "D", "E"],
        "gold_label": ["negative", "negative", "neutral", "positive", "positive"],
        "predicted": ["negative", "positive", "neutral", "neutral", "positive"],
        "score": [-0.8, 0.3, 0.0, -0.3, 0.9],
    })


def test_confusion_table_counts_every_cell_and_row_shares():
    table = validation.confusion_table(_predictions())
    assert len(table) == 9  # all 3 x 3 cells, zeros included
    cell = table.set_index(["gold_label", "predicted"])
    # gold negative: one predicted negative, one positive -> shares 0.5 / 0.0 / 0.5
    assert cell.loc[("negative", "negative"), "targets"] == 1
    assert cell.loc[("negative", "positive"), "share_of_gold"] == 0.5
    assert cell.loc[("negative", "neutral"), "targets"] == 0
    assert cell.loc[("positive", "neutral"), "share_of_gold"] == 0.5
    assert table["targets"].sum() == 5


def test_target_summary_macro_f1_worked_by_hand():
    summary = validation.target_summary(_predictions())
    row = summary.iloc[0]
    # negative: P = 1/1, R = 1/2 -> F1 = 2/3; neutral: P = 1/2, R = 1/1 -> 2/3; positive: P = 1/2, R = 1/2 -> 1/2
    # macro-F1 = (2/3 + 2/3 + 1/2) / 3 = 11/18; accuracy = 3/5
    assert round(row["macro_f1"], 6) == round(11 / 18, 6)
    assert row["accuracy"] == 0.6
    assert (round(row["f1_negative"], 6), round(row["f1_positive"], 6)) == (round(2 / 3, 6), 0.5)


def test_example_errors_are_the_most_confident_mistakes_first():
    errors = validation.example_errors(_predictions(), method="lexicon", n=5)
    # mistakes: B (score 0.3) and D (-0.3): equal |score|, so file order decides
    assert errors["mention"].tolist() == ["B", "D"]
    assert validation.example_errors(_predictions(), method="lexicon", n=1)["mention"].tolist() == ["B"]


def test_vader_nyt_summary_correlation_and_agreement():
    predictions = pd.DataFrame({"compound": [-0.5, 0.0, 0.5], "human_mean": [-2.0, 0.0, 1.0],
                                "human_label": ["negative", "neutral", "positive"],
                                "vader_label": ["negative", "neutral", "neutral"]})
    summary = validation.vader_nyt_summary(predictions)
    # Pearson r by hand: x - mean = (-0.5, 0, 0.5), y - mean = (-5/3, 1/3, 4/3); sum xy = 0.8333 + 0.6667 = 1.5;
    # sum x^2 = 0.5; sum y^2 = 25/9 + 1/9 + 16/9 = 42/9; r = 1.5 / sqrt(0.5 * 42/9) = 0.98198;
    # labels agree on 2 of 3 snippets
    assert round(float(summary["pearson_r"].iloc[0]), 5) == 0.98198
    assert round(float(summary["accuracy_3way"].iloc[0]), 4) == round(2 / 3, 4)


def test_missing_gold_files_give_empty_tables_and_say_where_to_get_them(tmp_path):
    status = validation.dataset_status(tmp_path)
    assert status["present"].tolist() == [False, False, False]
    assert status["get_it_from"].str.contains("NewsMTSC").sum() == 2
    predictions = validation.target_predictions(tmp_path, methods=["lexicon"])
    assert predictions.empty and list(predictions.columns) == validation.PREDICTION_COLUMNS
    assert validation.vader_nyt_summary(validation.vader_nyt_predictions(tmp_path)).empty
    assert validation.confusion_table(predictions).empty


def test_unknown_method_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown method or split"):
        validation.target_predictions(tmp_path, methods=["magic"])


def test_comparison_table_puts_published_figures_beside_measured_ones():
    summary = validation.target_summary(_predictions())
    table = validation.comparison_table(summary, pd.DataFrame(columns=["pearson_r", "accuracy_3way"]))
    best = table.loc[(table["dataset"] == "rw_dev") & (table["method"] == "best_published")]
    assert best["published"].tolist() == [0.831]
    lexicon = table.loc[(table["dataset"] == "rw_dev") & (table["method"] == "lexicon")]
    assert lexicon["measured"].tolist() == [round(11 / 18, 3)]


@pytest.mark.shared
def test_sentence_vader_on_the_nyt_snippets_matches_the_published_correlation(shared_dir):
    summary = validation.vader_nyt_summary(validation.vader_nyt_predictions(shared_dir))
    assert summary["snippets"].iloc[0] == 5190
    assert 0.45 <= summary["pearson_r"].iloc[0] <= 0.55  # published: about 0.50


@pytest.mark.skipif(not validation.onnx_build.is_available(), reason="needs the `learned` extra")
def test_method_agreement_counts_label_pairs_on_a_sample_of_at_most_max_mentions():
    sentence = "Merkel was praised for her courage, but Trump was condemned as a liar."
    targets = pd.DataFrame({"sentence": [sentence] * 3, "start": [0, 40, 0], "end": [6, 45, 6]})
    table = validation.method_agreement(targets, max_mentions=2)
    assert len(table) == 9  # every lexicon x learned pair, zeros included
    assert table["mentions"].sum() == 2
    assert round(table["share"].sum(), 6) == 1.0


def test_agreement_is_described_from_the_table_it_summarises():
    table = pd.DataFrame({"lexicon": ["negative", "negative", "neutral", "positive"],
                          "learned": ["negative", "neutral", "neutral", "neutral"],
                          "mentions": [4, 5, 1, 2], "share": [4 / 12, 5 / 12, 1 / 12, 2 / 12]})

    assert validation.describe_agreement(table) == (
        "On 12 mentions of this corpus the lexicon and learned methods give the same label to 42% (5); the most "
        "common disagreement: lexicon negative, learned neutral (5 mentions).")
    assert validation.describe_agreement(table.head(0)).startswith("The lexicon and learned methods were not compared")


def test_target_predictions_are_kept_and_read_back_until_the_gold_file_changes(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    gold_file = shared / validation.DATASETS["rw_dev"][0]
    gold_file.parent.mkdir(parents=True)
    gold_file.write_text('{"primary_gid": "g", "sentence_normalized": "Critics slammed the awful plan by Obama.", '
                         '"targets": [{"Input.gid": "t", "from": 34, "to": 39, "mention": "Obama", '
                         '"polarity": 2.0}]}\n', encoding="utf-8")
    monkeypatch.setattr(validation.config, "PROCESSED_DIR", tmp_path / "processed")
    first = validation.target_predictions(shared, methods=["lexicon"], splits=["rw_dev"])
    assert first["predicted"].tolist() == ["negative"]

    def refuse(targets, method):
        raise AssertionError("scored again although the labels were kept")
    with monkeypatch.context() as patched:
        patched.setattr(validation, "_predict", refuse)
        again = validation.target_predictions(shared, methods=["lexicon"], splits=["rw_dev"])
    pd.testing.assert_frame_equal(again, first)

    gold_file.write_text(gold_file.read_text(encoding="utf-8").replace("awful", "grand"), encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(validation, "_predict", refuse)
        with pytest.raises(AssertionError, match="scored again"):
            validation.target_predictions(shared, methods=["lexicon"], splits=["rw_dev"])
