"""Static word vectors trained on AllSides news text with word2vec, pruned into a small spaCy vectors table.

Every article body is split into sentences by presslens and into tokens by spaCy's English tokenizer
(the tokens the pipeline sees), then gensim's word2vec (CBOW) learns one vector per cased form.
Only the most frequent forms are kept; the tok2vec hashes every form anyway, so rare words still get
an embedding, just not a pretrained one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import spacy
from spacy.vectors import Vectors

import news

DIMENSIONS = 96
KEPT_WORDS = 30_000
MIN_COUNT = 5
EPOCHS = 3
WINDOW = 5
SEED = 17


def write_tokenised(texts: list[str], path: Path, *, batch_size: int = 2000) -> Path:
    """Write each sentence as one line of its spaCy tokens joined by spaces (whitespace tokens left out)."""
    tokenizer = spacy.blank("en").tokenizer
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for doc in tokenizer.pipe(texts, batch_size=batch_size):
            out.write(" ".join(token.text for token in doc if not token.is_space) + "\n")
    return path


def train_word2vec(corpus_file: Path, *, workers: int = 2):
    """A gensim CBOW word2vec model of a one-sentence-a-line file (seeded; `workers` threads)."""
    from gensim.models import Word2Vec

    return Word2Vec(corpus_file=str(corpus_file), vector_size=DIMENSIONS, window=WINDOW, min_count=MIN_COUNT,
                    sg=0, epochs=EPOCHS, seed=SEED, workers=workers)


def write_vectors(model, out_dir: Path, *, kept_words: int = KEPT_WORDS) -> Path:
    """Save the `kept_words` most frequent forms as a blank English pipeline's vectors (float32)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    words = model.wv.index_to_key[:kept_words]
    table = np.asarray(model.wv.vectors[:kept_words], dtype="float32")
    nlp = spacy.blank("en")
    for word in words:
        nlp.vocab.strings.add(word)
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=table, keys=words)
    nlp.to_disk(out_dir)
    return out_dir


def build(out_dir: Path, *, root: Path | None = None, workers: int = 2) -> Path:
    """Train the vectors on every AllSides article and write them to `out_dir`.

    The tokenised text (`out_dir/../news-tokens.txt`) and the word2vec model (`out_dir/../word2vec.model`)
    are kept beside it and reused by the next run.
    """
    tokens_file = out_dir.parent / "news-tokens.txt"
    model_file = out_dir.parent / "word2vec.model"
    if not tokens_file.is_file():
        texts = news.sentences(list(news.article_bodies(news.allsides_file(root=root))))
        write_tokenised(texts, tokens_file.with_suffix(".partial")).rename(tokens_file)
    if model_file.is_file():
        from gensim.models import Word2Vec

        model = Word2Vec.load(str(model_file))
    else:
        model = train_word2vec(tokens_file, workers=workers)
        model.save(str(model_file))
    return write_vectors(model, out_dir)
