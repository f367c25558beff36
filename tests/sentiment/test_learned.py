"""The torch route of the learned target-sentiment scorer (training, reference): weight check, marking, dev scores."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from presslens.evaluation import gold
from presslens.sentiment import learned as target_model

needs_learned = pytest.mark.skipif(not target_model.is_available(),
                                   reason="needs the `train` extra (torch, transformers) and the trained parameters")


@pytest.fixture(scope="module")
def model():
    if not target_model.is_available():
        pytest.skip("needs the `train` extra (torch, transformers) and the trained parameters")
    return target_model.TargetSentimentModel.load()


def test_is_available_is_false_without_trained_parameters(tmp_path):
    assert target_model.is_available(params_dir=tmp_path) is False


def test_without_torch_the_torch_scorer_is_unavailable():
    # A fresh interpreter where importing torch fails stands for an install without the `train` extra;
    # scoring then goes through ONNX Runtime (tests/sentiment/test_onnx_runtime.py).
    code = """
import sys
class BlockTorch:
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, BlockTorch())
from presslens.sentiment import learned as target_model
print(target_model.is_available())
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[0] == "False"


@needs_learned
def test_shipped_parameters_stay_within_10_megabytes():
    total = sum(path.stat().st_size for path in target_model.PARAMS_DIR.rglob("*") if path.is_file())
    assert 0 < total <= 10 * 1024 * 1024


@needs_learned
def test_weight_check_accepts_the_official_encoder():
    assert target_model.verify_encoder_weights(target_model.encoder_dir()).name == "model.safetensors"


@needs_learned
def test_weight_check_refuses_an_encoder_with_one_changed_byte(tmp_path):
    copy = tmp_path / "encoder"
    shutil.copytree(target_model.encoder_dir(), copy)
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(target_model.EncoderWeightsMismatch, match="refusing to run"):
        target_model.verify_encoder_weights(copy)
    with pytest.raises(target_model.EncoderWeightsMismatch):
        target_model.TargetSentimentModel.load(encoder_folder=copy)


@needs_learned
def test_marking_puts_markers_around_the_target_only():
    from presslens.sentiment import network as target_network

    marked, start, end = target_network.mark_target("Ukraine welcomed it", 0, 7)
    assert marked == "<Ukraine> welcomed it"
    assert marked[start:end] == "<Ukraine>"


@needs_learned
def test_long_sentence_keeps_a_window_around_its_target():
    from presslens.sentiment import network as target_network

    _, tokenizer = target_model.load_encoder()
    sentence = "word " * 300 + "Putin lost."
    start = sentence.index("Putin")
    batch = target_network.encode_targets(tokenizer, [sentence], [start], [start + 5], max_length=16)
    tokens = tokenizer.convert_ids_to_tokens(batch.input_ids[0])
    spanned = [token for token, inside in zip(tokens, batch.span_mask[0].tolist()) if inside]
    # 16 slots: [CLS] + 14 word pieces + [SEP]; the span is "<", "putin", ">"
    assert len(tokens) == 16 and tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"
    assert spanned == ["<", "putin", ">"]


@needs_learned
def test_two_targets_in_one_sentence_get_different_labels(model):
    sentence = "Merkel was praised for her courage, but Trump was condemned as a liar."
    predicted = model.predict([sentence, sentence], [0, 40], [6, 45])
    assert sentence[40:45] == "Trump"
    assert predicted["label"].tolist() == ["positive", "negative"]


@needs_learned
def test_the_target_that_rejects_scores_lower_than_the_one_that_welcomes(model):
    # NewsMTSC's annotators call plain reports of welcoming or rejecting mostly neutral, and so does the
    # model here; still, the two marked inputs differ, and Russia's score sits below Ukraine's.
    sentence = "Ukraine welcomed the proposal, but Russia rejected it."
    predicted = model.predict([sentence, sentence], [0, 35], [7, 41])
    assert sentence[35:41] == "Russia"
    assert predicted["score"].iloc[1] < predicted["score"].iloc[0]


@needs_learned
def test_predict_keeps_input_order_and_probabilities_sum_to_one(model):
    sentences = ["Critics said the senator lied repeatedly and should resign in disgrace.",
                 "The minister met reporters on Tuesday.",
                 "Fans cheered the coach, who was praised for a brilliant season."]
    starts, ends = [17, 4, 17], [24, 12, 22]
    predicted = model.predict(sentences, starts, ends, batch_size=2)
    assert list(predicted.columns) == ["label", "score", "p_negative", "p_neutral", "p_positive"]
    assert predicted["label"].tolist() == ["negative", "neutral", "positive"]
    totals = predicted[["p_negative", "p_neutral", "p_positive"]].sum(axis=1)
    assert totals.round(6).tolist() == [1.0, 1.0, 1.0]
    assert (predicted["score"] == predicted["p_positive"] - predicted["p_negative"]).all()


@needs_learned
def test_predict_rejects_a_span_outside_its_sentence(model):
    with pytest.raises(ValueError, match="target 0 has span 3:40"):
        model.predict(["Short."], [3], [40])


@needs_learned
def test_folding_adapters_into_weights_changes_no_output():
    import torch

    from presslens.sentiment import network as target_network

    torch.manual_seed(0)
    layer = target_network.LoRALinear(torch.nn.Linear(6, 4), rank=2, alpha=4)
    torch.nn.init.normal_(layer.lora_b)
    inputs = torch.randn(3, 6)
    with torch.no_grad():
        before = layer(inputs)
        after = layer.merged()(inputs)
    assert torch.allclose(before, after, atol=1e-6)


@pytest.mark.shared
@pytest.mark.slow
@needs_learned
def test_dev_macro_f1_reaches_the_goal(shared_dir, model):
    scores = {}
    for split in ("rw_dev", "mt_dev"):
        targets = gold.read_newsmtsc(shared_dir / "gold" / "newsmtsc" / f"{split}.jsonl")
        predicted = model.predict(targets["sentence"], targets["start"], targets["end"])
        scores[split] = gold.macro_f1(targets["label"], predicted["label"])
    print(f"learned target sentiment, macro-F1: rw_dev {scores['rw_dev']:.3f}, mt_dev {scores['mt_dev']:.3f}")
    assert scores["rw_dev"] >= 0.75
    assert scores["mt_dev"] >= 0.70

