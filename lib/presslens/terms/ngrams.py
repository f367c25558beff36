"""Phrases: n-grams of adjacent tokens and collocations (PMI, log-likelihood), never across sentences."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from presslens.terms.tables import (ALL_KEY, SENTENCE_KEY, UNITS, adjacent_runs, check_min_count, check_unit,
                                    g2_from_cells, group_keys, in_reading_order, join_codes, ranked, require_tokens,
                                    sorted_by, token_columns, with_all_key)

NGRAM_STOPWORD_RULES = ("edges", "only", "any")
COLLOCATION_MEASURES = ("pmi", "llr")


def ngrams(
    tokens: pd.DataFrame,
    *,
    n: int = 2,
    unit: str = "lower",
    by: str | Sequence[str] | None = None,
    stopwords: str = "edges",
    drop_punctuation: bool = True,
    min_count: int = 1,
) -> pd.DataFrame:
    """Count n-grams of adjacent tokens within a sentence.

    An n-gram never spans two sentences. N-grams made only of stopwords and/or punctuation ("of the",
    ", and") are always left out; by default so are n-grams that begin or end with a stopword ("a
    ceasefire", "talks in"; textacy's rule), which keeps inner ones ("russia and ukraine"). With
    `drop_punctuation` (default) any n-gram containing a punctuation token is left out too, since
    punctuation breaks a phrase ("Russia ,").

    Args:
        tokens: a token table from `presslens.tokenize`.
        n: tokens per n-gram (2 = bigrams).
        unit: which token column forms the n-gram: "lower" (default), "lemma" or "token".
        by: column(s) of `tokens` to count within; None for the whole table.
        stopwords: which n-grams with stopwords to leave out: "only" (made only of stopwords),
            "edges" (beginning or ending with one; the default) or "any" (containing one).
        drop_punctuation: leave out n-grams that contain a punctuation token.
        min_count: n-grams seen fewer times than this (within their group) are left out.

    Returns:
        One row per (group, n-gram): the `by` columns, `ngram` (the tokens joined by single spaces),
        `count`, `document_frequency` (articles containing it; only when `by` does not split by article)
        and `rank` (1 = most frequent, ties share the lowest rank). Sorted by group, count descending,
        n-gram.
    """
    check_unit(unit, UNITS)
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive whole number of tokens per n-gram, got {n!r}")
    if stopwords not in NGRAM_STOPWORD_RULES:
        raise ValueError(f"stopwords must be one of {NGRAM_STOPWORD_RULES}, got {stopwords!r}")
    keys = group_keys(by, tokens)
    require_tokens(
        tokens, [*SENTENCE_KEY, "position", unit, "is_stop", "is_punct", *keys], argument="tokens"
    )
    check_min_count(min_count)
    needed = list(dict.fromkeys([*SENTENCE_KEY, "position", unit, "is_stop", "is_punct", *keys]))
    ordered = in_reading_order(with_all_key(token_columns(tokens, needed), keys))
    group = keys or [ALL_KEY]
    starts, parts = adjacent_runs(ordered, n)
    stop = ordered["is_stop"].astype(bool).to_numpy()
    punct = ordered["is_punct"].astype(bool).to_numpy()
    keep = ~np.logical_and.reduce([stop[p] | punct[p] for p in parts])
    if stopwords == "edges":
        keep &= ~stop[parts[0]] & ~stop[parts[-1]]
    elif stopwords == "any":
        keep &= ~np.logical_or.reduce([stop[p] for p in parts])
    if drop_punctuation:
        keep &= ~np.logical_or.reduce([punct[p] for p in parts])
    codes, vocabulary = pd.factorize(ordered[unit].astype(str))
    first = starts[keep]
    found = ordered.iloc[first][list(dict.fromkeys([*group, "article_id"]))].reset_index(drop=True)
    places = [f"_word_{k}" for k in range(n)]
    for place, rows in zip(places, parts):
        found[place] = codes[rows[keep]]
    counts = found.groupby([*group, *places], dropna=False, sort=False).size().rename("count").reset_index()
    counts = counts.loc[counts["count"] >= min_count]
    columns = [*keys, "ngram", "count"]
    if "article_id" not in keys:
        documents = (
            found.drop_duplicates([*group, "article_id", *places])
            .groupby([*group, *places], dropna=False, sort=False)
            .size()
            .rename("document_frequency")
            .reset_index()
        )
        counts = counts.merge(documents, on=[*group, *places], how="left")
        columns.append("document_frequency")
    counts["ngram"] = join_codes(counts, places, vocabulary)
    return ranked(counts, group=group, label="ngram", columns=columns)


def collocations(
    tokens: pd.DataFrame,
    *,
    measure: str = "pmi",
    window: int = 2,
    min_count: int = 3,
    unit: str = "lower",
    drop_stopwords: bool = True,
) -> pd.DataFrame:
    """Score word pairs that occur near each other more often than chance, within sentences.

    Pairs are counted as nltk's `BigramCollocationFinder.from_words(words, window_size=window)` counts
    them, but per sentence so that no window crosses a sentence boundary: punctuation is removed first,
    then every word is paired with each of the `window - 1` words after it. Scores follow nltk's
    `BigramAssocMeasures` with the pair count divided by `window - 1` (nltk's correction for wide
    windows), N = number of word tokens, first/second = the words' own counts:
        pmi = log2(pair * N / (first * second));
        llr = Dunning's G2 = 2 * sum(O * ln(O / E)) over the 2x2 table of (first here or not) x
        (second here or not), E = row total * column total / N.
    PMI favours rare pairs, so keep `min_count` at 3 or more on real corpora; LLR favours frequent ones.

    Args:
        tokens: a token table from `presslens.tokenize`.
        measure: "pmi" (pointwise mutual information, bits) or "llr" (log-likelihood ratio, G2).
        window: span in words that a pair must fall within (2 = adjacent words).
        min_count: pairs seen fewer times than this are left out.
        unit: which token column forms the pair: "lower" (default), "lemma" or "token".
        drop_stopwords: leave out pairs in which either word is a stopword (they still count towards N
            and take up window positions).

    Returns:
        One row per pair: `first`, `second`, `count` (times the pair occurs within the window),
        `first_count`, `second_count` (each word's count), `score`. Sorted by score descending, then
        count descending, first, second.
    """
    if measure not in COLLOCATION_MEASURES:
        raise ValueError(f"measure must be one of {COLLOCATION_MEASURES}, got {measure!r}")
    check_unit(unit, UNITS)
    if not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 2:
        raise ValueError(f"window must be a whole number of at least 2 words, got {window!r}")
    require_tokens(tokens, [*SENTENCE_KEY, "position", unit, "is_stop", "is_punct"], argument="tokens")
    check_min_count(min_count)
    needed = list(dict.fromkeys([*SENTENCE_KEY, "position", unit, "is_stop"]))
    words = in_reading_order(token_columns(tokens, needed, rows=~tokens["is_punct"].astype(bool)))
    values = words[unit].astype(str).to_numpy(dtype=object)
    stop = words["is_stop"].astype(bool).to_numpy()
    article = pd.factorize(words["article_id"])[0]
    sentence = words["sentence_id"].to_numpy()
    total = len(values)
    pair_frames = []
    for offset in range(1, min(window, total)):
        same = (article[offset:] == article[:-offset]) & (sentence[offset:] == sentence[:-offset])
        if drop_stopwords:
            same &= ~stop[offset:] & ~stop[:-offset]
        pair_frames.append(
            pd.DataFrame({"first": values[:-offset][same], "second": values[offset:][same]})
        )
    columns = ["first", "second", "count", "first_count", "second_count", "score"]
    if not pair_frames:
        return pd.DataFrame({column: [] for column in columns})
    pairs = pd.concat(pair_frames, ignore_index=True)
    counts = pairs.groupby(["first", "second"], sort=False).size().rename("count").reset_index()
    counts = counts.loc[counts["count"] >= min_count].copy()
    word_counts = pd.Series(values).value_counts()
    counts["first_count"] = counts["first"].map(word_counts).astype("int64")
    counts["second_count"] = counts["second"].map(word_counts).astype("int64")
    pair = counts["count"].to_numpy(dtype=float) / (window - 1)
    first = counts["first_count"].to_numpy(dtype=float)
    second = counts["second_count"].to_numpy(dtype=float)
    if measure == "pmi":
        counts["score"] = np.log2(pair * total / (first * second))
    else:
        counts["score"] = g2_from_cells(pair, second - pair, first - pair, total - first - second + pair)
    counts = sorted_by(counts, ["score", "count", "first", "second"], descending={"score", "count"})
    return counts[columns].reset_index(drop=True)
