"""What every term function shares: the token table's checks, its columns with spelling variants merged, reading
order, adjacent runs, sorting and G2."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from presslens.terms.spellings import merge_spellings
from presslens.text.inputs import require_columns

UNITS = ("lemma", "lower", "token")
SENTENCE_KEY = ["article_id", "sentence_id"]
ALL_KEY = "_all_tokens"
HYPHEN = "[-‐]"


def require_tokens(table: Any, columns: Sequence[str], *, argument: str) -> None:
    """Raise a clear error when `table` is not a token table holding `columns` (see `require_columns`)."""
    require_columns(table, columns, argument=argument, expected="a token table from presslens.tokenize")


def token_columns(tokens: pd.DataFrame, columns: Sequence[str], *, rows: pd.Series | None = None) -> pd.DataFrame:
    """The `columns` of a token table (only the `rows` where a boolean mask is True, when given), as every term
    function reads them: the `lemma` column with spelling variants merged (`spellings.merge_spellings`)."""
    columns = list(dict.fromkeys(columns))
    selected = tokens[columns] if rows is None else tokens.loc[rows, columns]
    if "lemma" in columns:
        selected = selected.assign(lemma=merge_spellings(selected["lemma"]))
    return selected


def check_unit(unit: str, allowed: Sequence[str]) -> None:
    if unit not in allowed:
        raise ValueError(f"unit must be one of {tuple(allowed)}, got {unit!r}")


def check_min_count(min_count: int) -> None:
    if not isinstance(min_count, (int, np.integer)) or isinstance(min_count, bool) or min_count < 1:
        raise ValueError(f"min_count must be a whole number of at least 1, got {min_count!r}")


def group_keys(by: str | Sequence[str] | None, tokens: pd.DataFrame) -> list[str]:
    if by is None:
        return []
    keys = [by] if isinstance(by, str) else list(by)
    if ALL_KEY in keys:
        raise ValueError(f"{ALL_KEY!r} is reserved and cannot be used in by")
    require_tokens(tokens, [], argument="tokens")
    missing = [key for key in keys if key not in tokens.columns]
    if missing:
        raise ValueError(
            f"by names column(s) {missing} that the token table does not have; add an articles column "
            f"first, e.g. terms.attach_article_column(tokens, articles, {missing[0]!r})"
        )
    return keys


def with_all_key(tokens: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Add a constant grouping column when there are no `by` keys, so one code path serves both."""
    return tokens if keys else tokens.assign(**{ALL_KEY: 0})


def in_reading_order(tokens: pd.DataFrame) -> pd.DataFrame:
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


def sorted_by(table: pd.DataFrame, columns: list[str], *, descending: set[str]) -> pd.DataFrame:
    return table.sort_values(
        columns, ascending=[column not in descending for column in columns], kind="stable"
    ).reset_index(drop=True)


def ranked(counts: pd.DataFrame, *, group: list[str], label: str, columns: list[str]) -> pd.DataFrame:
    """Sort by group, count (descending) and `label`, and add `rank` within each group (ties share the lowest)."""
    counts = sorted_by(counts, [*group, "count", label], descending={"count"})
    counts["rank"] = counts.groupby(group, dropna=False)["count"].rank(method="min", ascending=False).astype("int64")
    return counts[[*columns, "rank"]].reset_index(drop=True)


def adjacent_runs(ordered: pd.DataFrame, length: int) -> tuple[np.ndarray, list[np.ndarray]]:
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


def join_codes(table: pd.DataFrame, places: list[str], vocabulary: pd.Index) -> np.ndarray:
    """The words behind integer codes in columns `places`, joined by single spaces."""
    words = vocabulary.to_numpy(dtype=object)
    joined = pd.Series(words[table[places[0]].to_numpy()], dtype=object)
    if len(places) > 1:
        joined = joined.str.cat(
            [pd.Series(words[table[place].to_numpy()], dtype=object) for place in places[1:]], sep=" "
        )
    return joined.to_numpy(dtype=object)


def g2_from_cells(
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
