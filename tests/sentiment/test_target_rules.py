"""The lexicon method for sentiment toward a target: each rule on a sentence that shows it."""

from __future__ import annotations

import pandas as pd
import pytest

from presslens import sentiment
from presslens.evaluation import gold
from presslens.sentiment import explain_target, score_sentences, score_targets

from target_tables import targets_table


def _toward(sentence: str, mention: str, *, occurrence: int = 0) -> float:
    """Lexicon score toward the n-th occurrence of `mention` in `sentence`."""
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(mention, start + 1)
    return sentiment.score_target_lexicon(sentence, start, start + len(mention))


def test_the_swap_example_gives_opposite_labels_to_the_two_countries():
    scored = score_targets(targets_table(
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


@pytest.mark.shared
@pytest.mark.parametrize("split", ["rw_dev", "mt_dev"])
def test_target_lexicon_beats_the_sentence_label_on_newsmtsc(shared_dir, split):
    targets = gold.read_newsmtsc(shared_dir / "gold" / "newsmtsc" / f"{split}.jsonl")
    sentences = pd.DataFrame({"text": targets["sentence"]})  # each scored whole
    baseline = gold.macro_f1(targets["label"], score_sentences(sentences)["label"])
    lexicon = gold.macro_f1(targets["label"], score_targets(targets, method="lexicon")["label"])
    message = (f"NewsMTSC {split}: {len(targets)} targets, macro-F1 lexicon target method {lexicon:.3f} "
               f"vs sentence-level VADER label {baseline:.3f}")
    print(message)
    assert lexicon > baseline, message
