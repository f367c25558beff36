"""Which terms are key: keyness against general English (wordfreq) or another table, and TF-IDF."""

from __future__ import annotations

import numpy as np
import pandas as pd

from presslens.terms.spellings import merge_spellings
from presslens.terms.tables import (HYPHEN, UNITS, check_min_count, check_unit, g2_from_cells, require_tokens,
                                    sorted_by, token_columns)
from presslens.text.instruments import stopwords
from presslens.text.tokens import lemma_of, lower_form

TFIDF_LEVELS = ("article", "paragraph")
WORDFREQ_REFERENCE_SIZE = 1_000_000_000
"""Nominal size (tokens) given to wordfreq's general-English list when computing G2 against it."""
WORDFREQ_FLOOR = 5e-9
"""Frequency given to terms wordfreq does not list: half the rarest frequency it lists (about 1e-8)."""
WORDFREQ_COMMON_WORDS = 1000
"""How many of wordfreq's most common English words are checked for absence (under-use) in the target."""
LOG_RATIO_ZERO_COUNT = 0.5
"""Count that replaces a zero in the log-ratio (Hardie 2014's convention), so the ratio stays finite."""
_LETTER = r"[^\W\d_]"


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
    check_unit(unit, UNITS)
    check_min_count(min_count)
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
    return sorted_by(result, ["g2", "term"], descending={"g2"})


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
    check_unit(unit, UNITS)
    check_min_count(min_count)
    if not isinstance(by, str):
        raise TypeError(f"by must be one column name, got {by!r}")
    require_tokens(tokens, ["is_stop", "is_punct", unit, by], argument="tokens")
    words = token_columns(tokens, [by, unit, "is_stop"], rows=~tokens["is_punct"].astype(bool))
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
    return sorted_by(result, [by, "g2", "term"], descending={"g2"})


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
    check_unit(unit, UNITS)
    document = ["article_id"] if by == "article" else ["article_id", "paragraph"]
    require_tokens(tokens, [*document, unit, "is_stop", "is_punct"], argument="tokens")
    words = token_columns(tokens, [*document, unit, "is_stop"], rows=~tokens["is_punct"].astype(bool))
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
    table = sorted_by(table, [*document, "tfidf", "term"], descending={"tfidf"})
    return table[[*document, "term", "count", "tf", "document_frequency", "idf", "tfidf"]].reset_index(
        drop=True
    )


def _term_counts(
    tokens: pd.DataFrame, unit: str, drop_stopwords: bool, argument: str
) -> tuple[pd.Series, int]:
    """Term counts (index = term) and the number of word tokens of one token table."""
    require_tokens(tokens, [unit, "is_stop", "is_punct"], argument=argument)
    words = token_columns(tokens, [unit, "is_stop"], rows=~tokens["is_punct"].astype(bool))
    kept = words.loc[~words["is_stop"].astype(bool)] if drop_stopwords else words
    counts = kept[unit].value_counts(sort=False)
    counts.index = counts.index.astype(object)
    return counts, len(words)


def _wordfreq_reference(tokens: pd.DataFrame, unit: str, drop_stopwords: bool) -> pd.DataFrame:
    """Target counts and nominal wordfreq reference counts per term (see `keyness`)."""
    from wordfreq import word_frequency

    require_tokens(tokens, [unit, "lower", "is_stop", "is_punct"], argument="target_tokens")
    words = token_columns(tokens, [unit, "lower", "is_stop"], rows=~tokens["is_punct"].astype(bool))
    kept = words.loc[~words["is_stop"].astype(bool)] if drop_stopwords else words
    comparable = kept["lower"].str.contains(_LETTER, regex=True) & ~kept["lower"].str.contains(HYPHEN, regex=True)
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

    common = [word for word in top_n_list("en", WORDFREQ_COMMON_WORDS) if word.isalpha()]
    if drop_stopwords:
        common = [word for word in common if word not in stopwords()]
    absent = pd.DataFrame({"lower": common})
    if unit == "lemma":
        absent["term"] = merge_spellings(pd.Series([lemma_of(lower_form(word)) for word in common], dtype=object))
    else:
        absent["term"] = common
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
    result["g2"] = g2_from_cells(a, b, target_total - a, reference_total - b)
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
