"""One meaning per input: what the analysis functions accept, turned into the table their stage needs.

Every function that reads text (`score_sentences`, `find_mentions`, `extract_quotes`, `extract_stances`,
`kwic`, ...) accepts the same five things, with the same meaning:

- a `Corpus`: its sentence table (or its token table);
- a sentence table: a DataFrame with `article_id`, `sentence_id` and `text` (from `split_sentences`);
- a DataFrame of texts: a `text` column without `article_id` and `sentence_id`; each row is one sentence,
  taken whole, of its own article ("text-1", "text-2", ...);
- a list of strings: one article each ("text-1", "text-2", ...), split into sentences;
- one string: one article ("text-1"), split into sentences.

Tables are never split again; strings always are (without boilerplate cleaning). Anything else is refused
with one message naming what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from presslens.text.sentences import split_sentences

EXPECTED = ("a Corpus, a sentence table (article_id, sentence_id, text), a DataFrame with a 'text' column, "
            "a list of strings (one article each) or one string")
SENTENCE_KEYS = ["article_id", "sentence_id"]


def sentence_table_from_texts(texts: str | Iterable[str]) -> pd.DataFrame:
    """A sentence table from plain strings, one article per string (ids "text-1", "text-2", ...).

    The strings are split as they are (no boilerplate cleaning).
    """
    texts = [texts] if isinstance(texts, str) else list(texts)
    articles = pd.DataFrame({"article_id": [f"text-{n}" for n in range(1, len(texts) + 1)], "body": texts})
    return split_sentences(articles)


HEADLINE_ID = -1  # the sentence_id and paragraph of a headline row: before the body's first sentence (0)


def with_headlines(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The sentence table with each article's headline as a row of its own before the body.

    A headline row has `sentence_id` and `paragraph` -1 (`HEADLINE_ID`) and `start` and `end` -1 (it is not in
    the body); articles without a title get none. Body sentences keep their ids.
    """
    titled = articles[articles["title"].notna() & articles["title"].astype(str).str.strip().ne("")]
    headlines = pd.DataFrame({"article_id": titled["article_id"].astype(str).to_numpy(),
                              "sentence_id": HEADLINE_ID, "paragraph": HEADLINE_ID,
                              "text": titled["title"].astype(str).str.strip().to_numpy(), "start": -1, "end": -1})
    if "quotation" in sentences:
        headlines["quotation"] = "none"
    combined = pd.concat([headlines.astype({column: sentences[column].dtype for column in headlines
                                            if column in sentences}), sentences], ignore_index=True)
    return combined.sort_values(SENTENCE_KEYS, kind="stable").reset_index(drop=True)[list(sentences.columns)]


def as_sentences(source: object, *, argument: str = "source", offsets: bool = False,
                 headlines: bool = False) -> pd.DataFrame:
    """The sentence table of any accepted `source` (see the module docstring), index reset.

    Args:
        source: a Corpus, a sentence table, a DataFrame of texts, a list of strings or one string.
        argument: the caller's name for `source`, for the error message.
        offsets: make sure the table has `paragraph`, `start` and `end`: a table without them gets paragraph 0
            and each sentence's offsets in its article's sentences joined by single spaces.
        headlines: for a Corpus, add each article's headline as a row of its own (`with_headlines`); other
            sources have no headlines.

    Raises:
        TypeError: for anything else (a list item that is not a string included).
        ValueError: for a DataFrame without a `text` column.
    """
    if isinstance(source, str):
        return sentence_table_from_texts([source])
    if isinstance(source, pd.DataFrame):
        table = _table_of_sentences(source, argument)
        return _with_offsets(table) if offsets else table
    if isinstance(getattr(source, "sentences", None), pd.DataFrame):
        table = as_sentences(source.sentences, argument=argument, offsets=offsets)
        return with_headlines(table, source.articles) if headlines else table
    if isinstance(source, Iterable) and not isinstance(source, (bytes, dict)):
        texts = list(source)
        bad = next((index for index, text in enumerate(texts) if not isinstance(text, str)), None)
        if bad is not None:
            raise TypeError(f"{argument}: expected {EXPECTED}; item {bad} is {type(texts[bad]).__name__}, "
                            "not a string")
        return sentence_table_from_texts(texts)
    raise TypeError(f"{argument}: expected {EXPECTED}; got {type(source).__name__}")


def as_tokens(source: object, *, argument: str = "source") -> pd.DataFrame:
    """A token table: a token table (a DataFrame with `token`) or a Corpus's as they are, else `tokenize` of
    `as_sentences(source)`."""
    from presslens.text.tokens import tokenize

    if isinstance(source, pd.DataFrame) and "token" in source.columns:
        return source
    if isinstance(getattr(source, "tokens", None), pd.DataFrame):
        return source.tokens
    return tokenize(as_sentences(source, argument=argument, offsets=True))


def require_columns(table: object, columns: Iterable[str], *, argument: str, expected: str = "a table") -> None:
    """Raise a clear error when `table` is not a DataFrame holding `columns`.

    Raises:
        TypeError: when `table` is not a DataFrame.
        ValueError: naming the missing columns, what was expected and the columns present.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{argument} must be a pandas DataFrame ({expected}), got {type(table).__name__}")
    missing = [column for column in dict.fromkeys(columns) if column not in table.columns]
    if missing:
        raise ValueError(f"{argument} lacks the column(s) {missing}; expected {expected} "
                         f"(present: {list(table.columns)})")


def _table_of_sentences(table: pd.DataFrame, argument: str) -> pd.DataFrame:
    """A sentence table, or a DataFrame of texts given the keys of one-sentence articles."""
    if "text" not in table.columns:
        raise ValueError(f"{argument}: expected {EXPECTED}; got a DataFrame with the columns {list(table.columns)}")
    table = table.reset_index(drop=True)
    if not {"article_id", "sentence_id"} & set(table.columns):
        keys = pd.DataFrame({"article_id": pd.Series([f"text-{n}" for n in range(1, len(table) + 1)], dtype="str"),
                             "sentence_id": np.zeros(len(table), dtype="int64")})
        return pd.concat([keys, table], axis=1)
    require_columns(table, [*SENTENCE_KEYS, "text"], argument=argument, expected="a sentence table")
    return table


def _with_offsets(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with `paragraph` (0 when missing), and `start`/`end` as if each article's sentences were joined
    by single spaces (when missing), sorted by article and sentence when offsets had to be made."""
    if "start" not in table or "end" not in table:
        table = table.sort_values(SENTENCE_KEYS, kind="stable").reset_index(drop=True)
        lengths = table["text"].str.len().to_numpy() + 1
        starts = np.cumsum(lengths) - lengths
        first = table.groupby("article_id", sort=False)["sentence_id"].transform("idxmin").to_numpy()
        table["start"] = starts - starts[first]
        table["end"] = table["start"] + lengths - 1
    if "paragraph" not in table:
        table["paragraph"] = 0
    return table
