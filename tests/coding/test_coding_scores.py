"""score: simulated coders fill the exported sheets; agreement, precision and recall come back as they coded."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from presslens import cli, coding
from presslens.coding.tasks import TASKS

from simulated_coders import accept_everything, fill_sheet

OTHER_LABEL = {"negative": "positive", "neutral": "negative", "positive": "neutral"}


def _rejects_even_positions(task, item, position):
    """Agrees with the tool on odd positions; on even ones rejects it and counts one missed statement."""
    if position % 2:
        return accept_everything(task, item, position)
    return {"stance": {"judgement": "wrong sign"}, "quote": {"judgement": "not a quote"},
            "sentiment": {"sentiment": OTHER_LABEL.get(item["label"], "neutral")},
            "missed": {"missed_statements": 1, "missed_quotes": 0}}[task]


def _row(scores, task, rule="all"):
    accuracy = scores.accuracy
    return accuracy[(accuracy["task"] == task) & (accuracy["rule"] == rule)].iloc[0]


def test_a_coder_who_accepts_everything_gives_precision_and_recall_1(seed_items, tmp_path):
    path = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything)
    scores = coding.score(coding.read_sample(path), coding.read_sheets([path]), resamples=200)
    judged = scores.accuracy[scores.accuracy["judged"] > 0]
    assert (judged["precision"] == 1).all() and (judged["precision_low"] == 1).all()
    for task in ("stance", "quote"):
        assert _row(scores, task)["recall"] == 1


def test_a_coder_who_rejects_a_known_half_gives_half_with_an_interval_around_it(seed_items, tmp_path):
    path = fill_sheet(seed_items, tmp_path / "bob.xlsx", _rejects_even_positions)
    scores = coding.score(seed_items, coding.read_sheets([path]), resamples=500)
    sentiment = _row(scores, "sentiment")
    assert (seed_items["task"] == "sentiment").sum() % 2 == 0 and seed_items["weight"].eq(1).all()
    assert sentiment["precision"] == 0.5
    assert sentiment["precision_low"] < 0.5 < sentiment["precision_high"]
    # stance: the odd positions are right; recall = TP / (TP + FN) with one miss in each even missed sentence
    stance_items = (seed_items["task"] == "stance").sum()
    missed_sentences = (seed_items["task"] == "missed").sum()
    right, misses = stance_items // 2, (missed_sentences + 1) // 2
    stance = _row(scores, "stance")
    assert stance["precision"] == pytest.approx(right / stance_items)
    assert stance["recall"] == pytest.approx(right / (right + misses))
    assert stance["f1"] == pytest.approx(2 * stance["precision"] * stance["recall"] /
                                         (stance["precision"] + stance["recall"]))
    assert stance["recall_low"] < stance["recall"] < stance["recall_high"]
    assert stance["resampled_by"] == "sentence"  # the seed corpus is one article


def test_two_coders_who_disagree_on_known_items_give_krippendorffs_alpha(seed_items, tmp_path):
    ann = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything)
    bob = fill_sheet(seed_items, tmp_path / "bob.xlsx", _rejects_even_positions)
    scores = coding.score(seed_items, coding.read_sheets([ann, bob]), resamples=200)
    for task_name in ("stance", "sentiment"):
        task = TASKS[task_name]
        items = seed_items[seed_items["task"] == task_name].reset_index(drop=True)
        answers = [[accept(task_name, item, i)[task.judged] for i, item in items.iterrows()]
                   for accept in (accept_everything, _rejects_even_positions)]
        choices = task.fields[0].choices
        data = np.array([[choices.index(a) for a in coder] for coder in answers], dtype=float)
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        row = scores.agreement[(scores.agreement["task"] == task_name) & (scores.agreement["field"] == task.judged)]
        assert row["alpha"].iloc[0] == pytest.approx(expected)
        assert row["coders"].iloc[0] == 2
    # where they disagree there is no adjudicated answer, and those items are not scored
    adjudicated = scores.adjudicated[scores.adjudicated["task"] == "stance"]
    assert adjudicated["agreed"].sum() == (seed_items["task"] == "stance").sum() // 2
    assert adjudicated.loc[~adjudicated["agreed"], "value"].isna().all()
    assert _row(scores, "stance")["judged"] == adjudicated["agreed"].sum()


def test_intervals_resample_articles_when_the_sample_has_several(seed_items, tmp_path):
    path = fill_sheet(seed_items, tmp_path / "bob.xlsx", _rejects_even_positions)
    codings = coding.read_sheets([path])
    halves = seed_items.assign(article_id=seed_items["article_id"] + np.where(seed_items["sentence_id"] < 18, "-a", "-b"))
    stance = _row(coding.score(halves, codings, resamples=200), "stance")
    assert (stance["resampled_by"], stance["clusters"]) == ("article", 2)


def test_codings_of_another_sample_are_refused(seed_items, seed_tables, tmp_path):
    path = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything)
    other = coding.sample_items(seed_tables, n=5, seed=99)
    with pytest.raises(ValueError, match="do not belong to sample"):
        coding.score(other, coding.read_sheets([path]))


def test_the_command_scores_filled_sheets_and_refuses_to_overwrite(seed_items, tmp_path, capsys):
    ann = fill_sheet(seed_items, tmp_path / "ann.xlsx", accept_everything)
    bob = fill_sheet(seed_items, tmp_path / "bob.xlsx", _rejects_even_positions)
    assert cli.main(["code", "score", str(ann), str(bob), "--resamples", "100", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "Krippendorff's alpha" in printed and "precision" in printed
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"agreement.csv", "adjudicated.csv", "accuracy.csv"}
    assert cli.main(["code", "export", "--out", str(ann)]) == 1
    assert "will not overwrite" in capsys.readouterr().err
