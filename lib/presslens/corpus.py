"""One call from files on disk to the tidy tables every notebook starts from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from presslens import config
from presslens.clean import clean_articles
from presslens.load import DEFAULT_MAX_BYTES, load_articles_with_report
from presslens.segment import split_sentences, tokenize


@dataclass
class Corpus:
    """The tables of one corpus, joined by `article_id` (and `sentence_id`).

    Attributes:
        articles: one row per article (`load_articles` columns plus `body`, `editor`).
        audit: one row per line that cleaning removed or moved.
        sentences: one row per sentence (`split_sentences`).
        tokens: one row per token (`tokenize`).
        skipped: one row per file or record that could not be loaded (path, line, reason); empty
            unless `errors="report"`.
    """

    articles: pd.DataFrame
    audit: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    skipped: pd.DataFrame

    def counts(self) -> pd.DataFrame:
        """Per-article counts: article_id, title, paragraphs, sentences, tokens, words, removed_lines."""
        per_sentence = self.sentences.groupby("article_id").agg(
            paragraphs=("paragraph", "nunique"), sentences=("sentence_id", "size"))
        per_token = self.tokens.groupby("article_id").agg(tokens=("token", "size"), words=("is_alpha", "sum"))
        removed = self.audit.groupby("article_id").size().rename("removed_lines")
        table = (self.articles[["article_id", "title"]].set_index("article_id")
                 .join([per_sentence, per_token, removed]).fillna(0).reset_index())
        counted = ["paragraphs", "sentences", "tokens", "words", "removed_lines"]
        return table.astype(dict.fromkeys(counted, "int64")).sort_values("article_id", ignore_index=True)


def read_corpus(
    source: str | Path | list[str | Path] | None = None,
    *,
    errors: str = "raise",
    text_column: str | None = None,
    rules_path: str | Path | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Corpus:
    """Load, clean and segment a corpus.

    Args:
        source: a file, a folder (read recursively), a glob pattern or a list of those; defaults to the
            bundled seed article in `seeds/`.
        errors: "raise" stops at the first bad file with a `CorpusError`; "report" skips bad files and
            lists them in `Corpus.skipped`.
        text_column: the text field of CSV/JSON records when it is not one of the usual names.
        rules_path: a boilerplate rules CSV other than `data/boilerplate-rules.csv`.
        max_bytes: the largest file to read (None for no limit).

    Returns:
        A `Corpus` with the articles, audit, sentences, tokens and skipped tables.
    """
    articles, skipped = load_articles_with_report(
        config.DEFAULT_CORPUS if source is None else source, errors=errors, text_column=text_column,
        max_bytes=max_bytes)
    articles, audit = clean_articles(articles, rules_path=rules_path)
    sentences = split_sentences(articles)
    return Corpus(articles=articles, audit=audit, sentences=sentences, tokens=tokenize(sentences),
                  skipped=skipped)
