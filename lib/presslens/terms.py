"""Term frequency, n-grams, collocations, keyness, TF-IDF, keyword in context and dispersion.

Every function takes the tidy token table from `presslens.tokenize` (columns article_id, sentence_id,
paragraph, position, token_index, token, lower, lemma, is_stop, is_alpha, is_punct, start, end) and
returns a tidy table, sorted, with nothing in the index.

Shared conventions:
    * `unit` picks the token column that is counted: "lemma" (default for counts: "talks" and "talk"
      are one term), "lower" (surface form, case folded) or "token" (surface form as written).
    * Word tokens are the tokens that are not punctuation (`is_punct` False); stopwords are word
      tokens. Relative frequencies (`per_1000`) and keyness sizes use the number of word tokens,
      stopwords included, so that dropping stopwords from the list does not inflate the rates of
      the terms that remain.
    * Nothing crosses a sentence boundary: n-grams, collocation windows and KWIC contexts are built
      from tokens of the same (article_id, sentence_id) that are adjacent by `position`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import product
from typing import Any

import numpy as np
import pandas as pd

UNITS = ("lemma", "lower", "token")
KWIC_UNITS = ("token", "lower", "lemma", "regex")
COLLOCATION_MEASURES = ("pmi", "llr")
NGRAM_STOPWORD_RULES = ("edges", "only", "any")
TFIDF_LEVELS = ("article", "paragraph")
SENTENCE_KEY = ["article_id", "sentence_id"]

WORDFREQ_REFERENCE_SIZE = 1_000_000_000
"""Nominal size (tokens) given to wordfreq's general-English list when computing G2 against it."""

WORDFREQ_FLOOR = 5e-9
"""Frequency given to terms wordfreq does not list: half the rarest frequency it lists (about 1e-8)."""

WORDFREQ_COMMON_WORDS = 1000
"""How many of wordfreq's most common English words are checked for absence (under-use) in the target."""

LOG_RATIO_ZERO_COUNT = 0.5
"""Count that replaces a zero in the log-ratio (Hardie 2014's convention), so the ratio stays finite."""

_ALL = "_all_tokens"
_HYPHEN = "[-‐]"
_KEY_SEPARATOR = "\x1f"
_LETTER = r"[^\W\d_]"


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
    keys = _group_keys(by, tokens)
    needed = list(dict.fromkeys([*SENTENCE_KEY, "lower", "lemma", "is_stop", "is_punct", *keys]))
    _require_columns(tokens, needed, argument="tokens")
    frame = _with_all_key(tokens[needed], keys)
    word = ~frame["is_punct"].astype(bool)
    frame = frame.assign(
        word=word,
        content=word & ~frame["is_stop"].astype(bool),
        form=frame["lower"].where(word),
        word_lemma=frame["lemma"].where(word),
    )
    group = keys or [_ALL]
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
            `presslens.segment.token_counts` (rows weighted by their `count`; same result, much faster on
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
    _check_unit(unit, UNITS)
    keys = _group_keys(by, tokens)
    _require_columns(tokens, ["article_id", unit, "is_stop", "is_punct", *keys], argument="tokens")
    _check_min_count(min_count)
    columns = list(dict.fromkeys([*keys, "article_id", unit, "is_stop"]))
    words = _with_all_key(tokens.loc[~tokens["is_punct"].astype(bool), columns], keys)
    words["occurrences"] = tokens["count"] if "count" in tokens.columns else 1
    group = keys or [_ALL]
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
    return _ranked(counts, group=group, label="term", columns=columns)


def _ranked(counts: pd.DataFrame, *, group: list[str], label: str, columns: list[str]) -> pd.DataFrame:
    """Sort by group, count (descending) and `label`, and add `rank` within each group (ties share the lowest)."""
    counts = _sort(counts, [*group, "count", label], descending={"count"})
    counts["rank"] = counts.groupby(group, dropna=False)["count"].rank(method="min", ascending=False).astype("int64")
    return counts[[*columns, "rank"]].reset_index(drop=True)


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
    _check_unit(unit, UNITS)
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive whole number of tokens per n-gram, got {n!r}")
    if stopwords not in NGRAM_STOPWORD_RULES:
        raise ValueError(f"stopwords must be one of {NGRAM_STOPWORD_RULES}, got {stopwords!r}")
    keys = _group_keys(by, tokens)
    _require_columns(
        tokens, [*SENTENCE_KEY, "position", unit, "is_stop", "is_punct", *keys], argument="tokens"
    )
    _check_min_count(min_count)
    needed = list(dict.fromkeys([*SENTENCE_KEY, "position", unit, "is_stop", "is_punct", *keys]))
    ordered = _in_reading_order(_with_all_key(tokens[needed], keys))
    group = keys or [_ALL]
    starts, parts = _adjacent_runs(ordered, n)
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
    counts["ngram"] = _join_codes(counts, places, vocabulary)
    return _ranked(counts, group=group, label="ngram", columns=columns)


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
    _check_unit(unit, UNITS)
    if not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 2:
        raise ValueError(f"window must be a whole number of at least 2 words, got {window!r}")
    _require_columns(tokens, [*SENTENCE_KEY, "position", unit, "is_stop", "is_punct"], argument="tokens")
    _check_min_count(min_count)
    needed = list(dict.fromkeys([*SENTENCE_KEY, "position", unit, "is_stop"]))
    words = _in_reading_order(tokens.loc[~tokens["is_punct"].astype(bool), needed])
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
        counts["score"] = _g2_from_cells(pair, second - pair, first - pair, total - first - second + pair)
    counts = _sort(counts, ["score", "count", "first", "second"], descending={"score", "count"})
    return counts[columns].reset_index(drop=True)


def keyness(
    target_tokens: pd.DataFrame,
    reference: pd.DataFrame | str = "wordfreq",
    *,
    unit: str = "lemma",
    drop_stopwords: bool = True,
    min_count: int = 3,
) -> pd.DataFrame:
    """Rank terms by how much more (or less) often they occur in the target than in a reference.

    Against a second token table (one article vs the rest, one outlet vs another): both sides are
    counted the same way; C and D are the two tables' word-token totals (stopwords included).
    Against `reference="wordfreq"` (general English from the wordfreq package, lower-case surface forms):
    each term's reference frequency is the sum of the wordfreq frequencies of the surface forms
    (`lower`) through which it occurs in the target, so "talk" as a lemma seen only as "talks" is
    compared with the frequency of "talks"; forms wordfreq does not list get `WORDFREQ_FLOOR` (5e-9,
    half its rarest listed frequency); the reference is given the nominal size
    `WORDFREQ_REFERENCE_SIZE` (1,000,000,000 tokens) for G2, so reference_count = frequency * 1e9.
    Words of wordfreq's `WORDFREQ_COMMON_WORDS` (1,000) most common English words (letters only) whose
    term never occurs in the target, although its size predicts at least one occurrence, are added with
    count 0, so that under-use can show ("people", "time"). Hyphenated forms ("all-in", "30-day") and
    forms without a letter (numbers) are left out of this comparison (they still count in C): wordfreq
    does not list compounds, and its estimate for one (about the frequency of its rarer part) would make
    most of them look under-used; its figures for numbers are estimates by digit pattern, not words.

    Statistics, with a = target count, b = reference count:
        g2 = Dunning's log-likelihood over the full 2x2 table [[a, b], [C - a, D - b]]:
            2 * sum(O * ln(O / E)), E = row total * column total / (C + D), 0 * ln 0 = 0.
            3.84, 6.63, 10.83 and 15.13 are its p < .05, .01, .001, .0001 critical values (1 d.f.).
        log_ratio = Hardie's log-ratio, log2((a / C) / (b / D)): +1 means twice as frequent in the
            target, -1 half as frequent. A zero count is replaced by 0.5 (`LOG_RATIO_ZERO_COUNT`) to keep
            it finite, and the result is clipped at 0 so a zero count never points the wrong way (with a
            small target, 0.5 / C can exceed b / D).
        direction = "over" (relatively more frequent in the target), "under" (less) or "equal".

    Args:
        target_tokens: the token table to characterise.
        reference: a second token table, or "wordfreq" for general English.
        unit: which token column is the term: "lemma" (default), "lower" or "token".
        drop_stopwords: leave stopwords out of the terms compared (they still count in C and D).
        min_count: terms with a + b below this are left out (against wordfreq: terms of the target seen
            fewer times than this; the absent common words are always kept).

    Returns:
        One row per term: `term`, `count`, `reference_count`, `per_1000`, `reference_per_1000`, `g2`,
        `log_ratio`, `direction`. Sorted by g2 descending, then term. Against a token table, terms that
        occur only in the reference are included (a = 0, direction "under").
    """
    _check_unit(unit, UNITS)
    _check_min_count(min_count)
    target_counts, target_total = _term_counts(target_tokens, unit, drop_stopwords, "target_tokens")
    if isinstance(reference, str):
        if reference != "wordfreq":
            raise ValueError(f'reference must be a token table or "wordfreq", got {reference!r}')
        if unit == "token":
            raise ValueError('wordfreq counts lower-case words: use unit="lower" or "lemma" against it')
        table = _wordfreq_reference(target_tokens, unit, drop_stopwords)
        table = table.loc[(table["count"] >= min_count) | (table["count"] == 0)]
        reference_total = float(WORDFREQ_REFERENCE_SIZE)
    else:
        reference_counts, reference_total = _term_counts(
            reference, unit, drop_stopwords, "reference"
        )
        table = pd.merge(
            target_counts.rename("count"),
            reference_counts.rename("reference_count"),
            left_index=True,
            right_index=True,
            how="outer",
        ).fillna(0)
        table.index.name = "term"
        table = table.reset_index()
        table = table.loc[table["count"] + table["reference_count"] >= min_count]
    if target_total == 0 or reference_total == 0:
        raise ValueError("keyness needs word tokens on both sides; the target or the reference has none")
    result = _keyness_table(table, float(target_total), float(reference_total))
    return _sort(result, ["g2", "term"], descending={"g2"})


def keyness_by_group(
    tokens: pd.DataFrame,
    by: str,
    *,
    unit: str = "lemma",
    drop_stopwords: bool = True,
    min_count: int = 3,
) -> pd.DataFrame:
    """Keyness of each group (e.g. each source) against the rest of the same table.

    For every value of `by`, the target is that group's tokens and the reference is all other tokens;
    statistics are those of `keyness` against a token table.

    Args:
        tokens: a token table with a `by` column (e.g. `source`, merged in from the articles table).
        by: the column that defines the groups; needs at least two distinct values.
        unit: which token column is the term.
        drop_stopwords: leave stopwords out of the terms compared.
        min_count: terms with group count + rest count below this are left out.

    Returns:
        The `by` column followed by the columns of `keyness`, sorted by group, then g2 descending, term.
    """
    _check_unit(unit, UNITS)
    _check_min_count(min_count)
    if not isinstance(by, str):
        raise TypeError(f"by must be one column name, got {by!r}")
    _require_columns(tokens, ["is_stop", "is_punct", unit, by], argument="tokens")
    words = tokens.loc[~tokens["is_punct"].astype(bool), list(dict.fromkeys([by, unit, "is_stop"]))]
    totals = words.groupby(by, dropna=False).size()
    if len(totals) < 2:
        raise ValueError(
            f"keyness_by_group needs at least two distinct values of {by!r} to compare; "
            f"the token table has {len(totals)}"
        )
    kept = words.loc[~words["is_stop"].astype(bool)] if drop_stopwords else words
    wide = kept.groupby([by, unit], dropna=False).size().unstack(fill_value=0)
    overall = wide.sum(axis=0)
    wide = wide.loc[:, overall >= min_count]
    table = wide.stack().rename("count").reset_index().rename(columns={unit: "term"})
    table["reference_count"] = table["term"].map(overall).to_numpy() - table["count"].to_numpy()
    group_total = table[by].map(totals).to_numpy(dtype=float)
    result = _keyness_table(table, group_total, float(totals.sum()) - group_total)
    result.insert(0, by, table[by].to_numpy())
    return _sort(result, [by, "g2", "term"], descending={"g2"})


def tfidf(
    tokens: pd.DataFrame,
    *,
    by: str = "article",
    unit: str = "lemma",
    drop_stopwords: bool = True,
) -> pd.DataFrame:
    """Weight each document's terms by TF-IDF: frequent here, rare in the other documents.

    tf = count / the document's word tokens (stopwords included); idf = ln(N / df) with N documents and
    df the documents containing the term, so a term found in every document scores 0. TF-IDF over a
    single document is meaningless (every idf is 0): with one article use `by="paragraph"`.

    Args:
        tokens: a token table from `presslens.tokenize`.
        by: the document: "article" (key article_id) or "paragraph" (key article_id, paragraph).
        unit: which token column is the term.
        drop_stopwords: leave stopwords out.

    Returns:
        One row per (document, term): `article_id` (and `paragraph`), `term`, `count`, `tf`,
        `document_frequency`, `idf`, `tfidf`. Sorted by document, tfidf descending, term.

    Raises:
        ValueError: when the table holds fewer than two documents at the chosen level.
    """
    if by not in TFIDF_LEVELS:
        raise ValueError(f"by must be one of {TFIDF_LEVELS}, got {by!r}")
    _check_unit(unit, UNITS)
    document = ["article_id"] if by == "article" else ["article_id", "paragraph"]
    _require_columns(tokens, [*document, unit, "is_stop", "is_punct"], argument="tokens")
    words = tokens.loc[~tokens["is_punct"].astype(bool), list(dict.fromkeys([*document, unit, "is_stop"]))]
    lengths = words.groupby(document, sort=False).size().rename("document_tokens").reset_index()
    if len(lengths) < 2:
        hint = ' Use by="paragraph" for a single article.' if by == "article" else ""
        raise ValueError(
            f"tfidf by={by!r} needs at least two documents, the token table has {len(lengths)}: "
            f"with one document every idf is 0 and TF-IDF is meaningless.{hint}"
        )
    kept = words.loc[~words["is_stop"].astype(bool)] if drop_stopwords else words
    table = (
        kept.groupby([*document, unit], sort=False).size().rename("count").reset_index()
        .rename(columns={unit: "term"})
        .merge(lengths, on=document, how="left")
    )
    table["tf"] = table["count"] / table["document_tokens"]
    table["document_frequency"] = table.groupby("term")["term"].transform("size").astype("int64")
    table["idf"] = np.log(len(lengths) / table["document_frequency"])
    table["tfidf"] = table["tf"] * table["idf"]
    table = _sort(table, [*document, "tfidf", "term"], descending={"tfidf"})
    return table[[*document, "term", "count", "tf", "document_frequency", "idf", "tfidf"]].reset_index(
        drop=True
    )


def kwic(
    sentences_or_tokens: Any,
    query: str,
    *,
    window: int = 5,
    unit: str = "lower",
) -> pd.DataFrame:
    """Keyword in context: every occurrence of `query` with the tokens around it in its sentence.

    Contexts never cross a sentence boundary: a keyword near the start of a sentence simply has a
    shorter left context. Punctuation tokens count as tokens in the window.

    Args:
        sentences_or_tokens: a token table, a sentences table, a `Corpus`, a string or a list of strings
            (tables and strings are tokenized with presslens first).
        query: for "token", "lower" and "lemma", one word or a phrase of words separated by spaces
            matched token by token ("token": as written; "lower": case-insensitive; "lemma": any form of
            the word, e.g. "talk" finds "talks"); a word also matches as a part of a hyphenated token
            ("Putin" finds "Trump-Putin"), as a word search in the text would; for "regex", a regular expression matched against the
            whole of each single token, case-insensitively (e.g. r"cease-?fires?").
        window: tokens of context on each side.
        unit: "lower" (default), "token", "lemma" or "regex".

    Returns:
        One row per occurrence: `article_id`, `sentence_id`, `left`, `keyword`, `right` (the tokens as
        written, with one space wherever the text had white space between them; empty string when there
        is no context). Sorted by article, sentence, position.
    """
    if unit not in KWIC_UNITS:
        raise ValueError(f"unit must be one of {KWIC_UNITS}, got {unit!r}")
    if not isinstance(query, str) or not query.strip():
        raise ValueError(f"query must be a non-empty string, got {query!r}")
    if not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 0:
        raise ValueError(f"window must be a whole number of tokens, 0 or more, got {window!r}")
    tokens = _as_tokens(sentences_or_tokens, argument="sentences_or_tokens")
    column = "token" if unit == "regex" else unit
    _require_columns(
        tokens, [*SENTENCE_KEY, "position", "token", "start", "end", column], argument="sentences_or_tokens"
    )
    ordered = _in_reading_order(tokens[list(dict.fromkeys([*SENTENCE_KEY, "position", "token", "start", "end", column]))])
    if unit == "regex":
        try:
            pattern = re.compile(query, flags=re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"query is not a valid regular expression: {query!r} ({error})") from None
        starts = np.flatnonzero(ordered["token"].astype(str).str.fullmatch(pattern).to_numpy(dtype=bool))
        length = 1
    else:
        found = _find_phrases(ordered, {query: query}, unit)
        starts, length = found["row"].to_numpy(), len(query.split())
    columns = [*SENTENCE_KEY, "left", "keyword", "right"]
    if len(starts) == 0:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    matches = ordered.iloc[starts][[*SENTENCE_KEY, "position"]].reset_index(drop=True)
    matches["match"] = np.arange(len(matches))
    matches = matches.rename(columns={"position": "keyword_start"})
    matches["keyword_end"] = matches["keyword_start"] + length - 1
    context = matches.merge(ordered[[*SENTENCE_KEY, "position", "token", "start", "end"]], on=SENTENCE_KEY)
    position = context["position"]
    context["part"] = np.select(
        [
            (position >= context["keyword_start"] - window) & (position < context["keyword_start"]),
            (position >= context["keyword_start"]) & (position <= context["keyword_end"]),
            (position > context["keyword_end"]) & (position <= context["keyword_end"] + window),
        ],
        ["left", "keyword", "right"],
        default="",
    )
    context = context.loc[context["part"] != ""].sort_values(["match", "position"])
    previous_end = context.groupby(["match", "part"])["end"].shift()
    spaced = previous_end.notna() & (context["start"] > previous_end)
    context["text"] = np.where(spaced, " ", "") + context["token"].astype(str).to_numpy(dtype=object)
    joined = context.groupby(["match", "part"])["text"].agg("".join).unstack(fill_value="")
    result = matches.join(joined.reindex(columns=["left", "keyword", "right"], fill_value=""), on="match")
    result[["left", "right"]] = result[["left", "right"]].fillna("")
    result = result.sort_values([*SENTENCE_KEY, "keyword_start"], kind="stable")
    return result[columns].astype({"left": object, "keyword": object, "right": object}).reset_index(drop=True)


def dispersion(
    tokens: pd.DataFrame,
    terms: Sequence[str] | Mapping[str, Sequence[str]],
    *,
    unit: str = "lower",
) -> pd.DataFrame:
    """Where each term occurs in its article, as a token offset normalised to 0 (start) - 1 (end).

    Args:
        tokens: a token table from `presslens.tokenize`.
        terms: words or phrases to look for (["Putin", "Zelensky"]), or a mapping from a label to the
            words/phrases that count as it ({"Russia": ["Russia", "Moscow", "Kremlin"]}); matched as in
            `kwic`, including as parts of hyphenated tokens.
        unit: how to match, as in `kwic`: "lower" (default), "token" or "lemma".

    Returns:
        One row per occurrence: `term` (the word or label), `article_id`, `sentence_id`, `token_index`,
        `offset` (token_index / (tokens in the article - 1); 0 for a one-token article). Sorted by the
        order of `terms`, then article, token_index.
    """
    _check_unit(unit, UNITS)
    _require_columns(tokens, [*SENTENCE_KEY, "position", "token_index", unit], argument="tokens")
    if isinstance(terms, str):
        raise TypeError("terms must be a list of words or a mapping of labels to words, not a single string")
    variants = {label: [label] for label in terms} if not isinstance(terms, Mapping) else dict(terms)
    if not variants:
        raise ValueError("terms is empty: give at least one word or phrase to locate")
    ordered = _in_reading_order(tokens[list(dict.fromkeys([*SENTENCE_KEY, "position", "token_index", unit]))])
    labels: dict[str, str] = {}
    for label, phrases in variants.items():
        for phrase in [phrases] if isinstance(phrases, str) else phrases:
            labels.setdefault(str(phrase), str(label))
    found = _find_phrases(ordered, labels, unit)
    found["article_id"] = ordered["article_id"].to_numpy(dtype=object)[found["row"]]
    found["end"] = found["row"] + found["length"]
    # A longer alias and a shorter one inside it ("Vladimir Putin", "Putin") are one mention.
    found = found.sort_values(["label", "row", "length"], ascending=[True, True, False], kind="stable")
    reach = found.groupby(["label", "article_id"], sort=False)["end"].cummax()
    covered = found["end"] <= reach.groupby([found["label"], found["article_id"]], sort=False).shift()
    found = found.loc[~covered.fillna(False).astype(bool)]
    rows = found["row"].to_numpy()
    article_length = ordered.groupby("article_id")["token_index"].transform("max").to_numpy()[rows]
    result = ordered.iloc[rows][[*SENTENCE_KEY, "token_index"]].reset_index(drop=True)
    result["offset"] = result["token_index"] / np.clip(article_length, 1, None)
    result["term"] = found["label"].to_numpy(dtype=object)
    order = {str(label): number for number, label in enumerate(variants)}
    result["term_order"] = result["term"].map(order)
    result = result.sort_values(["term_order", "article_id", "token_index"], kind="stable")
    return result[["term", "article_id", "sentence_id", "token_index", "offset"]].reset_index(drop=True)


def dispersion_profile(occurrences: pd.DataFrame, *, bins: int = 10) -> pd.DataFrame:
    """Share of each term's mentions that falls in each stretch of the article (for many articles).

    Args:
        occurrences: the output of `dispersion`.
        bins: how many equal stretches to divide the article into (10 = tenths).

    Returns:
        One row per (term, stretch), every stretch present: `term`, `bin` (0-based), `start`, `end`
        (offsets bounding the stretch; the last one includes 1.0), `mentions`, `share` (of the term's
        mentions, 0-1). Terms in the order of `occurrences`.
    """
    _require_columns(occurrences, ["term", "offset"], argument="occurrences")
    if not isinstance(bins, (int, np.integer)) or isinstance(bins, bool) or bins < 1:
        raise ValueError(f"bins must be a whole number of at least 1, got {bins!r}")
    order = list(dict.fromkeys(occurrences["term"]))
    stretch = np.minimum((occurrences["offset"].to_numpy(dtype=float) * bins).astype(np.int64), bins - 1)
    counts = pd.crosstab(occurrences["term"], stretch).reindex(index=order, columns=range(bins), fill_value=0)
    table = counts.stack().rename("mentions").reset_index()
    table.columns = ["term", "bin", "mentions"]
    table["start"] = table["bin"] / bins
    table["end"] = (table["bin"] + 1) / bins
    table["share"] = table["mentions"] / table.groupby("term", sort=False)["mentions"].transform("sum")
    return table[["term", "bin", "start", "end", "mentions", "share"]]


def surface_forms(tokens: pd.DataFrame, lemmas: Sequence[str]) -> pd.DataFrame:
    """The surface forms (`lower`) through which each lemma occurs, with counts: "talk" <- "talks", "talk".

    Args:
        tokens: a token table from `presslens.tokenize`.
        lemmas: the lemmas to spell out (e.g. the top rows of `term_frequencies`).

    Returns:
        One row per (lemma, form): `lemma`, `form`, `count`, `share` (of the lemma's occurrences, 0-1).
        Sorted in the order of `lemmas`, then count descending, form.
    """
    _require_columns(tokens, ["lemma", "lower"], argument="tokens")
    wanted = list(dict.fromkeys(lemmas))
    found = tokens.loc[tokens["lemma"].isin(wanted), ["lemma", "lower"]]
    table = found.groupby(["lemma", "lower"]).size().rename("count").reset_index()
    table = table.rename(columns={"lower": "form"})
    table["share"] = table["count"] / table.groupby("lemma")["count"].transform("sum")
    table["lemma_order"] = table["lemma"].map({lemma: order for order, lemma in enumerate(wanted)})
    table = _sort(table, ["lemma_order", "count", "form"], descending={"count"})
    return table[["lemma", "form", "count", "share"]]


def codebook_terms(actors: pd.DataFrame, *, kinds: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Turn the stance codebook's actor table into a `dispersion` mapping: actor -> its aliases.

    Args:
        actors: `presslens.stance.load_codebook().actors` (columns actor, kind, aliases with "|" between
            aliases), or any table with `actor` and `aliases` columns.
        kinds: keep only these kinds of actor (e.g. ["person"]); None keeps all.

    Returns:
        {actor: [alias, ...]} in the table's order; aliases are case-sensitive, so call `dispersion` with
        `unit="token"`.
    """
    _require_columns(actors, ["actor", "aliases"], argument="actors")
    chosen = actors if kinds is None else actors.loc[actors["kind"].isin(list(kinds))]
    aliases = chosen["aliases"].astype(str).str.split("|")
    return {
        str(actor): [alias.strip() for alias in forms if alias.strip()]
        for actor, forms in zip(chosen["actor"], aliases)
    }


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
    _require_columns(articles, ["article_id", column], argument="articles")
    _require_columns(tokens, ["article_id"], argument="tokens")
    labels = articles.drop_duplicates("article_id").set_index("article_id")[column]
    values = tokens["article_id"].map(labels).astype(object)
    return tokens.assign(**{column: values.where(values.notna(), missing).astype(str)})


# --- helpers -----------------------------------------------------------------------------------------


def _require_columns(table: Any, columns: Sequence[str], *, argument: str) -> None:
    """Raise a clear error when `table` is not a DataFrame holding `columns`."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"{argument} must be a pandas DataFrame (a token table from presslens.tokenize), "
            f"got {type(table).__name__}"
        )
    missing = [column for column in dict.fromkeys(columns) if column not in table.columns]
    if missing:
        raise ValueError(
            f"{argument} lacks the column(s) {missing}; expected a token table from presslens.tokenize "
            f"(present: {list(table.columns)})"
        )


def _check_unit(unit: str, allowed: Sequence[str]) -> None:
    if unit not in allowed:
        raise ValueError(f"unit must be one of {tuple(allowed)}, got {unit!r}")


def _check_min_count(min_count: int) -> None:
    if not isinstance(min_count, (int, np.integer)) or isinstance(min_count, bool) or min_count < 1:
        raise ValueError(f"min_count must be a whole number of at least 1, got {min_count!r}")


def _group_keys(by: str | Sequence[str] | None, tokens: pd.DataFrame) -> list[str]:
    if by is None:
        return []
    keys = [by] if isinstance(by, str) else list(by)
    if _ALL in keys:
        raise ValueError(f"{_ALL!r} is reserved and cannot be used in by")
    _require_columns(tokens, [], argument="tokens")
    missing = [key for key in keys if key not in tokens.columns]
    if missing:
        raise ValueError(
            f"by names column(s) {missing} that the token table does not have; add an articles column "
            f"first, e.g. terms.attach_article_column(tokens, articles, {missing[0]!r})"
        )
    return keys


def _with_all_key(tokens: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Add a constant grouping column when there are no `by` keys, so one code path serves both."""
    return tokens if keys else tokens.assign(**{_ALL: 0})


def _in_reading_order(tokens: pd.DataFrame) -> pd.DataFrame:
    """Rows grouped by article (in order of first appearance), then by sentence and position."""
    article_codes, _ = pd.factorize(tokens["article_id"])
    sentence = tokens["sentence_id"].to_numpy()
    position = tokens["position"].to_numpy()
    same_article = article_codes[1:] == article_codes[:-1]
    same_sentence = same_article & (sentence[1:] == sentence[:-1])
    in_order = (
        (article_codes[1:] >= article_codes[:-1]).all()
        and (~same_article | (sentence[1:] >= sentence[:-1])).all()
        and (~same_sentence | (position[1:] > position[:-1])).all()
    )
    if in_order:
        return tokens.reset_index(drop=True)
    return tokens.iloc[np.lexsort((position, sentence, article_codes))].reset_index(drop=True)


def _sort(table: pd.DataFrame, columns: list[str], *, descending: set[str]) -> pd.DataFrame:
    return table.sort_values(
        columns, ascending=[column not in descending for column in columns], kind="stable"
    ).reset_index(drop=True)


def _adjacent_runs(ordered: pd.DataFrame, length: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """Row numbers of runs of `length` tokens adjacent by position within one sentence.

    Returns the start rows and, for each place k in the run, the rows of its k-th token.
    """
    size = len(ordered) - length + 1
    if size <= 0:
        empty = np.array([], dtype=np.int64)
        return empty, [empty] * length
    article = pd.factorize(ordered["article_id"])[0]
    sentence = ordered["sentence_id"].to_numpy()
    position = ordered["position"].to_numpy()
    valid = np.ones(size, dtype=bool)
    for k in range(1, length):
        valid &= (
            (article[k : k + size] == article[:size])
            & (sentence[k : k + size] == sentence[:size])
            & (position[k : k + size] == position[:size] + k)
        )
    starts = np.flatnonzero(valid)
    return starts, [starts + k for k in range(length)]


def _join_codes(table: pd.DataFrame, places: list[str], vocabulary: pd.Index) -> np.ndarray:
    """The words behind integer codes in columns `places`, joined by single spaces."""
    words = vocabulary.to_numpy(dtype=object)
    joined = pd.Series(words[table[places[0]].to_numpy()], dtype=object)
    if len(places) > 1:
        joined = joined.str.cat(
            [pd.Series(words[table[place].to_numpy()], dtype=object) for place in places[1:]], sep=" "
        )
    return joined.to_numpy(dtype=object)


def _find_phrases(ordered: pd.DataFrame, labels: Mapping[str, str], unit: str) -> pd.DataFrame:
    """Where phrases occur in a token table in reading order, all phrases searched at once.

    A phrase's words are matched token by token on `unit` ("lower": case-insensitive; "lemma": the word's
    lower form or its lemma; "token": as written). A one-word phrase also matches a part of a hyphenated
    token ("Putin" in "Trump-Putin").

    Args:
        ordered: tokens from `_in_reading_order`.
        labels: {phrase: label}.
        unit: "lower", "lemma" or "token".

    Returns:
        One row per (start row, label): `row` (position in `ordered`), `length` (tokens), `label`.
    """
    keys_by_length: dict[int, dict[str, str]] = {}
    for phrase, label in labels.items():
        words = str(phrase).split()
        if not words:
            raise ValueError(f"cannot search for an empty phrase: {phrase!r}")
        for combination in product(*[_forms(word, unit) for word in words]):
            keys_by_length.setdefault(len(words), {}).setdefault(_KEY_SEPARATOR.join(combination), label)
    values = ordered[unit].astype(str).reset_index(drop=True)
    frames = []
    for length, keys in keys_by_length.items():
        if length == 1:
            whole = np.flatnonzero(values.isin(list(keys)).to_numpy(dtype=bool))
            hyphenated = np.flatnonzero(values.str.contains(_HYPHEN, regex=True).to_numpy(dtype=bool))
            parts = values.iloc[hyphenated].str.split(_HYPHEN, regex=True).explode()
            candidates = pd.DataFrame({
                "row": np.concatenate([whole, hyphenated[_group_rows(parts)]]),
                "key": np.concatenate([values.iloc[whole].to_numpy(dtype=object), parts.to_numpy(dtype=object)]),
            })
        else:
            starts, rows = _adjacent_runs(ordered, length)
            first_words = {key.split(_KEY_SEPARATOR)[0] for key in keys}
            plausible = values.isin(first_words).to_numpy(dtype=bool)[starts]
            starts, rows = starts[plausible], [row[plausible] for row in rows]
            joined = pd.Series(values.iloc[rows[0]].to_numpy(dtype=object), dtype=object).str.cat(
                [pd.Series(values.iloc[row].to_numpy(dtype=object), dtype=object) for row in rows[1:]],
                sep=_KEY_SEPARATOR,
            )
            candidates = pd.DataFrame({"row": starts, "key": joined.to_numpy(dtype=object)})
        hits = candidates.loc[candidates["key"].isin(list(keys))]
        frames.append(pd.DataFrame({"row": hits["row"].to_numpy(dtype=np.int64), "length": length,
                                    "label": hits["key"].map(keys).to_numpy(dtype=object)}))
    found = pd.concat(frames, ignore_index=True).drop_duplicates(["row", "label"])
    return found.sort_values(["row", "length"], ascending=[True, False], kind="stable").reset_index(drop=True)


def _group_rows(parts: pd.Series) -> np.ndarray:
    """For an exploded Series, the position (0..n-1) of the row each part came from."""
    return pd.factorize(parts.index)[0] if len(parts) else np.array([], dtype=np.int64)


def _forms(word: str, unit: str) -> set[str]:
    """The token values that count as `word` under `unit`."""
    if unit == "lower":
        return {_lower(word)}
    if unit == "lemma":
        return {_lower(word), _lemma(word)}
    return {word}


def _lower(word: str) -> str:
    """The `lower` form of one word, as the tokenizer computes it (curly apostrophes made straight)."""
    return word.lower().replace("’", "'")


def _lemma(word: str) -> str:
    """The lowercase lemma of one word, as the tokenizer computes it."""
    import simplemma

    return simplemma.lemmatize(_lower(word), lang="en").lower()


def _as_tokens(source: Any, *, argument: str) -> pd.DataFrame:
    """A token table from a token table, a sentences table, a Corpus, a string or a list of strings."""
    if isinstance(source, pd.DataFrame):
        if "token" in source.columns:
            return source
        if {"article_id", "sentence_id", "text"} <= set(source.columns):
            from presslens import tokenize

            return tokenize(source)
        raise ValueError(
            f"{argument} is neither a token table nor a sentences table (columns: {list(source.columns)})"
        )
    if isinstance(getattr(source, "tokens", None), pd.DataFrame):
        return source.tokens
    if isinstance(source, str) or (
        isinstance(source, Sequence) and source and all(isinstance(text, str) for text in source)
    ):
        from presslens import tokenize
        from presslens.segment import sentence_table_from_texts

        return tokenize(sentence_table_from_texts([source] if isinstance(source, str) else list(source)))
    raise TypeError(
        f"{argument} must be a token table, a sentences table, a Corpus, a string or a list of strings; "
        f"got {type(source).__name__}"
    )


def _term_counts(
    tokens: pd.DataFrame, unit: str, drop_stopwords: bool, argument: str
) -> tuple[pd.Series, int]:
    """Term counts (index = term) and the number of word tokens of one token table."""
    _require_columns(tokens, [unit, "is_stop", "is_punct"], argument=argument)
    words = tokens.loc[~tokens["is_punct"].astype(bool), list(dict.fromkeys([unit, "is_stop"]))]
    kept = words.loc[~words["is_stop"].astype(bool)] if drop_stopwords else words
    counts = kept[unit].value_counts(sort=False)
    counts.index = counts.index.astype(object)
    return counts, len(words)


def _wordfreq_reference(tokens: pd.DataFrame, unit: str, drop_stopwords: bool) -> pd.DataFrame:
    """Target counts and nominal wordfreq reference counts per term (see `keyness`)."""
    from wordfreq import word_frequency

    _require_columns(tokens, [unit, "lower", "is_stop", "is_punct"], argument="target_tokens")
    words = tokens.loc[~tokens["is_punct"].astype(bool), list(dict.fromkeys([unit, "lower", "is_stop"]))]
    kept = words.loc[~words["is_stop"].astype(bool)] if drop_stopwords else words
    comparable = kept["lower"].str.contains(_LETTER, regex=True) & ~kept["lower"].str.contains(_HYPHEN, regex=True)
    kept = kept.loc[comparable]
    forms = kept.groupby(list(dict.fromkeys([unit, "lower"])), sort=False).size().rename("count").reset_index()
    unique_forms = pd.Series(forms["lower"].unique(), dtype=object)
    frequency = pd.Series(
        [word_frequency(form, "en") for form in unique_forms], index=unique_forms, dtype=float
    )
    forms["frequency"] = forms["lower"].map(frequency).clip(lower=WORDFREQ_FLOOR)
    table = forms.groupby(unit, sort=False).agg(count=("count", "sum"), frequency=("frequency", "sum"))
    table.index = table.index.astype(object)
    table.index.name = "term"
    absent = _absent_common_words(forms, unit, drop_stopwords, target_size=len(words))
    table = pd.concat([table.reset_index(), absent], ignore_index=True)
    table["reference_count"] = table["frequency"] * WORDFREQ_REFERENCE_SIZE
    return table[["term", "count", "reference_count"]]


def _absent_common_words(
    forms: pd.DataFrame, unit: str, drop_stopwords: bool, *, target_size: int
) -> pd.DataFrame:
    """Common English words (wordfreq) whose term does not occur in the target, with count 0.

    Only words the target would be expected to contain at least once (frequency * target_size >= 1) are
    returned: the absence of a word one would not expect to see is no evidence of under-use.
    """
    from wordfreq import top_n_list, word_frequency

    from presslens import resources

    common = [word for word in top_n_list("en", WORDFREQ_COMMON_WORDS) if word.isalpha()]
    if drop_stopwords:
        common = [word for word in common if word not in resources.stopwords()]
    absent = pd.DataFrame({"lower": common})
    absent["term"] = [_lemma(word) for word in common] if unit == "lemma" else common
    seen_terms = set(forms[unit].astype(str)) | set(forms["lower"].astype(str))
    absent = absent.loc[~absent["term"].isin(seen_terms) & ~absent["lower"].isin(seen_terms)]
    absent["frequency"] = [word_frequency(word, "en") for word in absent["lower"]]
    table = absent.groupby("term", sort=False).agg(frequency=("frequency", "sum")).reset_index()
    table = table.loc[table["frequency"] * target_size >= 1]
    table.insert(1, "count", 0)
    return table


def _keyness_table(
    table: pd.DataFrame, target_total: float | np.ndarray, reference_total: float | np.ndarray
) -> pd.DataFrame:
    """Per-1,000 rates, G2, log-ratio and direction for a table of term, count, reference_count.

    The totals are scalars or arrays aligned with `table`'s rows. The result is in `table`'s row order.
    """
    a = table["count"].to_numpy(dtype=float)
    b = table["reference_count"].to_numpy(dtype=float)
    result = pd.DataFrame(
        {
            "term": table["term"].astype(object).to_numpy(),
            "count": a.astype(np.int64),
            "reference_count": b,
        }
    )
    if (b == np.round(b)).all():
        result["reference_count"] = b.astype(np.int64)
    result["per_1000"] = a / target_total * 1000
    result["reference_per_1000"] = b / reference_total * 1000
    result["g2"] = _g2_from_cells(a, b, target_total - a, reference_total - b)
    log_ratio = np.log2(
        (np.where(a > 0, a, LOG_RATIO_ZERO_COUNT) / target_total)
        / (np.where(b > 0, b, LOG_RATIO_ZERO_COUNT) / reference_total)
    )
    log_ratio = np.where(a == 0, np.minimum(log_ratio, 0.0), log_ratio)
    result["log_ratio"] = np.where(b == 0, np.maximum(log_ratio, 0.0), log_ratio)
    result["direction"] = np.select(
        [a / target_total > b / reference_total, a / target_total < b / reference_total],
        ["over", "under"],
        default="equal",
    )
    return result


def _g2_from_cells(
    top_left: np.ndarray, top_right: np.ndarray, bottom_left: np.ndarray, bottom_right: np.ndarray
) -> np.ndarray:
    """Dunning's G2 = 2 * sum(O * ln(O / E)) for 2x2 tables given cell by cell (arrays), 0 ln 0 = 0."""
    cells = [np.asarray(cell, dtype=float) for cell in (top_left, top_right, bottom_left, bottom_right)]
    total = sum(cells)
    rows = (cells[0] + cells[1], cells[0] + cells[1], cells[2] + cells[3], cells[2] + cells[3])
    columns = (cells[0] + cells[2], cells[1] + cells[3], cells[0] + cells[2], cells[1] + cells[3])
    g2 = np.zeros_like(total)
    for observed, row, column in zip(cells, rows, columns):
        expected = row * column / np.where(total > 0, total, 1)
        positive = observed > 0
        safe_expected = np.where(positive, expected, 1.0)
        g2 += np.where(positive, observed * np.log(np.where(positive, observed, 1.0) / safe_expected), 0.0)
    return 2 * g2
