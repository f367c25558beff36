"""How often each term occurs: term counts, the vocabulary behind the rates, and the forms behind a lemma."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from presslens.terms.tables import (ALL_KEY, SENTENCE_KEY, UNITS, check_min_count, check_unit, group_keys, ranked,
                                    require_tokens, sorted_by, token_columns, with_all_key)


def vocabulary_summary(tokens: pd.DataFrame, *, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """How much text there is to count, overall or per group: the denominators behind every rate.

    Args:
        tokens: a token table from `presslens.tokenize`.
        by: column(s) of `tokens` to summarise within (e.g. "source"); None for the whole table.

    Returns:
        One row per group: the `by` columns, `articles`, `sentences`, `tokens` (all, punctuation
        included), `word_tokens` (not punctuation), `content_tokens` (word tokens that are not stopwords),
        `distinct_forms` (distinct `lower` word forms), `distinct_lemmas`. Sorted by group.
    """
    keys = group_keys(by, tokens)
    needed = list(dict.fromkeys([*SENTENCE_KEY, "lower", "lemma", "is_stop", "is_punct", *keys]))
    require_tokens(tokens, needed, argument="tokens")
    frame = with_all_key(token_columns(tokens, needed), keys)
    word = ~frame["is_punct"].astype(bool)
    frame = frame.assign(
        word=word,
        content=word & ~frame["is_stop"].astype(bool),
        form=frame["lower"].where(word),
        word_lemma=frame["lemma"].where(word),
    )
    group = keys or [ALL_KEY]
    table = frame.groupby(group, dropna=False).agg(
        articles=("article_id", "nunique"),
        tokens=("word", "size"),
        word_tokens=("word", "sum"),
        content_tokens=("content", "sum"),
        distinct_forms=("form", "nunique"),
        distinct_lemmas=("word_lemma", "nunique"),
    )
    table.insert(1, "sentences", frame.drop_duplicates([*group, *SENTENCE_KEY]).groupby(group, dropna=False).size())
    table = table.reset_index().astype({column: "int64" for column in ["word_tokens", "content_tokens"]})
    return table[[*keys, *table.columns.drop(group)]]


def term_frequencies(
    tokens: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    unit: str = "lemma",
    drop_stopwords: bool = True,
    min_count: int = 1,
) -> pd.DataFrame:
    """Count how often each term occurs, overall or per group.

    Args:
        tokens: a token table from `presslens.tokenize`, or the per-article form counts of
            `presslens.text.token_counts` (rows weighted by their `count`; same result, much faster on
            a large corpus). Add a column such as `source` with a merge to group by it.
        by: column(s) of `tokens` to count within, e.g. "article_id" or "source"; None for the whole table.
        unit: which token column is the term: "lemma", "lower" or "token".
        drop_stopwords: leave stopwords (`is_stop`) out of the list; punctuation is always left out.
        min_count: terms seen fewer times than this (within their group) are left out.

    Returns:
        One row per (group, term): the `by` columns, `term`, `count`, `per_1000` (count per 1,000 word
        tokens of the group, stopwords included in the denominator), `document_frequency` (number of
        articles of the group that contain the term; only when `by` does not split by article) and
        `rank` (1 = most frequent; ties share the lowest rank). Sorted by group, count descending, term.
    """
    check_unit(unit, UNITS)
    keys = group_keys(by, tokens)
    require_tokens(tokens, ["article_id", unit, "is_stop", "is_punct", *keys], argument="tokens")
    check_min_count(min_count)
    columns = list(dict.fromkeys([*keys, "article_id", unit, "is_stop"]))
    words = with_all_key(token_columns(tokens, columns, rows=~tokens["is_punct"].astype(bool)), keys)
    words["occurrences"] = tokens["count"] if "count" in tokens.columns else 1
    group = keys or [ALL_KEY]
    totals = words.groupby(group, dropna=False, sort=False)["occurrences"].sum().rename("word_tokens").reset_index()
    kept = words.loc[~words["is_stop"].astype(bool)] if drop_stopwords else words
    aggregations = {"count": ("occurrences", "sum")}
    columns = [*keys, "term", "count", "per_1000"]
    if "article_id" not in keys:
        aggregations["document_frequency"] = ("article_id", "nunique")
        columns.append("document_frequency")
    counts = (kept.groupby([*group, unit], dropna=False, sort=False).agg(**aggregations)
              .reset_index().rename(columns={unit: "term"}))
    counts = counts.loc[counts["count"] >= min_count].merge(totals, on=group, how="left")
    counts["per_1000"] = counts["count"] / counts["word_tokens"] * 1000
    return ranked(counts, group=group, label="term", columns=columns)


def surface_forms(tokens: pd.DataFrame, lemmas: Sequence[str]) -> pd.DataFrame:
    """The surface forms (`lower`) through which each lemma occurs, with counts: "talk" <- "talks", "talk".

    Args:
        tokens: a token table from `presslens.tokenize`.
        lemmas: the lemmas to spell out (e.g. the top rows of `term_frequencies`).

    Returns:
        One row per (lemma, form): `lemma`, `form`, `count`, `share` (of the lemma's occurrences, 0-1).
        Sorted in the order of `lemmas`, then count descending, form.
    """
    require_tokens(tokens, ["lemma", "lower"], argument="tokens")
    wanted = list(dict.fromkeys(lemmas))
    forms = token_columns(tokens, ["lemma", "lower"])
    found = forms.loc[forms["lemma"].isin(wanted)]
    table = found.groupby(["lemma", "lower"]).size().rename("count").reset_index()
    table = table.rename(columns={"lower": "form"})
    table["share"] = table["count"] / table.groupby("lemma")["count"].transform("sum")
    table["lemma_order"] = table["lemma"].map({lemma: order for order, lemma in enumerate(wanted)})
    table = sorted_by(table, ["lemma_order", "count", "form"], descending={"count"})
    return table[["lemma", "form", "count", "share"]]


def attach_article_column(
    tokens: pd.DataFrame, articles: pd.DataFrame, column: str, *, missing: str = "(unknown)"
) -> pd.DataFrame:
    """The token table with one column of the articles table (e.g. `source`) added, for `by=` grouping.

    Args:
        tokens: a token table.
        articles: the articles table of the same corpus.
        column: the articles column to add.
        missing: label for articles where the column is empty, so they form a visible group of their own.

    Returns:
        `tokens` with `column` appended (a str column).
    """
    require_tokens(articles, ["article_id", column], argument="articles")
    require_tokens(tokens, ["article_id"], argument="tokens")
    labels = articles.drop_duplicates("article_id").set_index("article_id")[column]
    values = tokens["article_id"].map(labels).astype(object)
    return tokens.assign(**{column: values.where(values.notna(), missing).astype(str)})
