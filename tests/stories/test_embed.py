"""Article embeddings: the precision option, and vectors that do not depend on how passages are cut."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.sentiment import onnx_build
from presslens.stories import embed


def test_an_unknown_precision_is_refused_before_any_model_loads():
    with pytest.raises(ValueError, match="precision must be one of \\('int8', 'fp32'\\), not 'fp16'"):
        embed.embed_texts(["Talks in Istanbul."], precision="fp16")


@pytest.mark.slow
@pytest.mark.skipif(not onnx_build.is_available(), reason="needs the `learned` extra (onnxruntime, tokenizers, ...)")
def test_vectors_are_the_same_however_the_passages_are_cut_and_int8_is_close_to_fp32(monkeypatch):
    texts = ["Russia and Ukraine hold first direct peace talks in Istanbul.", "Senate passes spending bill.",
             "Ukrainian and Russian delegations meet in Turkey for negotiations " * 3, "Kyiv", "A " * 300]
    fp32 = embed.embed_texts(texts, precision="fp32", batch_size=4)
    int8 = embed.embed_texts(texts)
    assert int8.shape == (5, 384) and int8.dtype == np.float32
    assert np.einsum("ij,ij->i", int8, fp32).min() > 0.95
    monkeypatch.setattr(embed, "ONNX_CHUNK", 2)
    assert np.array_equal(embed.embed_texts(texts, precision="fp32", batch_size=1), fp32)
    # int8 passages go one at a time: the same vector beside any other passages
    assert np.array_equal(embed.embed_texts(texts[::-1])[::-1], int8)
