"""What the entity functions accept, and the clear messages for input they cannot use.

An empty corpus is an error (`ValueError`); a corpus in which no entity is found, and text that does not look like
English (the recogniser and every word list are English), are warnings (`EntityWarning`) and give empty or thin
tables, never a crash.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from presslens.text.inputs import as_sentences
from presslens.text.instruments import stopwords

# English news has about 45% function words (stopwords); below this share a text is taken for another language,
# once there are enough words to tell (a few short sentences full of names have few function words), or at once
# when most of its letters are not Latin ones
MIN_ENGLISH_SHARE = 0.15
MIN_WORDS_TO_JUDGE = 60
ENGLISH_SAMPLE_SENTENCES = 2000
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class EntityWarning(UserWarning):
    """Input the entity functions can read but not make much of (no entities, not English)."""


def sentence_table(source: object, *, caller: str) -> pd.DataFrame:
    """The sentence table of `source`, sorted by article and sentence, after the checks of this module.

    Raises:
        TypeError: for a source that is no corpus, table or text (from `as_sentences`).
        ValueError: for a corpus without sentences.
    """
    if isinstance(source, pd.DataFrame) and source.empty:
        raise ValueError(f"{caller}: the corpus has no sentences to read (an empty table)")
    sentences = as_sentences(source, argument=f"{caller}: corpus", offsets=True)
    if sentences.empty or not sentences["text"].astype(str).str.strip().any():
        articles = len(getattr(source, "articles", [])) if hasattr(source, "articles") else 0
        raise ValueError(f"{caller}: the corpus has no sentences to read ({articles} articles); "
                         "check the path given to read_corpus and Corpus.skipped")
    sentences = sentences.sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)
    warn_if_not_english(sentences["text"], caller=caller)
    return sentences


def english_share(texts: pd.Series) -> tuple[float, int, float]:
    """In up to 2,000 sentences spread across the texts: the share of words that are English function words
    (stopwords), the number of words, and the share of letters that are not Latin ones."""
    step = max(1, len(texts) // ENGLISH_SAMPLE_SENTENCES)
    words = [word.lower() for text in texts.iloc[::step].astype(str) for word in _WORD.findall(text)]
    if not words:
        return 0.0, 0, 0.0
    small = stopwords()
    letters = "".join(words)
    latin = sum(char < "ɏ" for char in letters)
    return sum(word in small for word in words) / len(words), len(words), 1 - latin / len(letters)


def warn_if_not_english(texts: pd.Series, *, caller: str) -> None:
    share, words, not_latin = english_share(texts)
    if share < MIN_ENGLISH_SHARE and (words >= MIN_WORDS_TO_JUDGE or not_latin > 0.5):
        warnings.warn(f"{caller}: the text does not look like English: {share:.0%} of its words are English "
                      "function words (English news: about 45%); the name recogniser and the titles, places and "
                      "groups tables are English, so expect few entities and wrong kinds", EntityWarning,
                      stacklevel=3)


def warn_no_entities(sentences: int) -> None:
    warnings.warn(f"discover: no entity was found in {sentences} sentences (none recognised, or none mentioned "
                  "at least min_mentions times); the table is empty", EntityWarning, stacklevel=3)


def article_dates(source: object, sentences: pd.DataFrame) -> pd.Series:
    """Each article's date (article_id -> Timestamp, NaT when unknown): a Corpus's `published` column, or a
    `published` or `date` column of a sentence table."""
    articles = getattr(source, "articles", None)
    table = None
    if isinstance(articles, pd.DataFrame) and "article_id" in articles:
        table = articles
    elif isinstance(source, pd.DataFrame):
        table = source
    if table is not None:
        for column in ("published", "date"):
            if column in table:
                dates = pd.to_datetime(table[column], errors="coerce", utc=False)
                if getattr(dates.dt, "tz", None) is not None:
                    dates = dates.dt.tz_localize(None)
                series = pd.Series(dates.to_numpy(), index=table["article_id"].astype(str))
                return series[~series.index.duplicated()]
    ids = pd.unique(sentences["article_id"].astype(str))
    return pd.Series(np.full(len(ids), np.datetime64("NaT"), dtype="datetime64[ns]"), index=ids)
