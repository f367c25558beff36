"""News sentences from the AllSides corpus: text for the word vectors and for measuring parsing speed.

The article bodies are split with presslens' own sentence splitter, so the sentences are the ones the
library's later stages will hand to the parser.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path

from presslens.text import sentence_table_from_texts

import corpus


def allsides_file(*, root: Path | None = None) -> Path:
    """The AllSides `articles.jsonl.gz` in the shared folder (research use only)."""
    return corpus.shared_file(corpus.ALLSIDES_FILE, root=root)


def articles(path: Path) -> Iterator[dict]:
    """Every article record of the AllSides file, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def article_bodies(path: Path) -> Iterator[str]:
    """The non-empty `content_original` of every article, in file order."""
    for article in articles(path):
        body = article.get("content_original") or ""
        if body.strip():
            yield body


def sentences(bodies: list[str]) -> list[str]:
    """The sentences of some article bodies, as presslens splits them."""
    return sentence_table_from_texts(bodies)["text"].tolist()


def speed_sample(path: Path, *, articles: int = 300, seed: int = 17) -> list[str]:
    """News sentences of a seeded sample of articles, to time the pipeline on."""
    bodies = list(article_bodies(path))
    return sentences(random.Random(seed).sample(bodies, articles))
