"""Where terms occur: keyword in context (KWIC) and dispersion along the article."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import product
from typing import Any

import numpy as np
import pandas as pd

from presslens.terms.spellings import merge_spellings, variant_lemmas
from presslens.terms.tables import (HYPHEN, SENTENCE_KEY, UNITS, adjacent_runs, check_unit, in_reading_order,
                                    require_tokens, token_columns)
from presslens.text.inputs import as_tokens
from presslens.text.tokens import lemma_of, lower_form

KWIC_UNITS = ("token", "lower", "lemma", "regex")
_KEY_SEPARATOR = "\x1f"


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
            the word, e.g. "talk" finds "talks", and any spelling the variants file merges with it, "Kiev"
            finds "Kyiv"); a word also matches as a part of a hyphenated token ("Putin" finds "Trump-Putin"),
            as a word search in the text would; for "regex", a regular expression matched against the whole of
            each single token, case-insensitively (e.g. r"cease-?fires?").
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
    tokens = as_tokens(sentences_or_tokens, argument="sentences_or_tokens")
    column = "token" if unit == "regex" else unit
    require_tokens(
        tokens, [*SENTENCE_KEY, "position", "token", "start", "end", column], argument="sentences_or_tokens"
    )
    ordered = in_reading_order(token_columns(tokens, [*SENTENCE_KEY, "position", "token", "start", "end", column]))
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
    joined = _joined_by_group(context, ["match", "part"], "text").unstack(fill_value="")
    result = matches.join(joined.reindex(columns=["left", "keyword", "right"], fill_value=""), on="match")
    result[["left", "right"]] = result[["left", "right"]].fillna("")
    result = result.sort_values([*SENTENCE_KEY, "keyword_start"], kind="stable")
    return result[columns].astype({"left": object, "keyword": object, "right": object}).reset_index(drop=True)


def _joined_by_group(table: pd.DataFrame, keys: list[str], column: str) -> pd.Series:
    """The strings of `column` joined within each run of equal `keys` (the table sorted by them), indexed by the
    keys: what `groupby(keys)[column].agg("".join)` gives, without a Python call per group."""
    codes = table[keys].to_numpy()
    starts = np.flatnonzero(np.r_[True, (codes[1:] != codes[:-1]).any(axis=1)])
    texts = np.add.reduceat(table[column].to_numpy(dtype=object), starts)
    return pd.Series(texts, index=pd.MultiIndex.from_arrays([table[key].to_numpy()[starts] for key in keys],
                                                             names=keys), name=column)


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
    check_unit(unit, UNITS)
    require_tokens(tokens, [*SENTENCE_KEY, "position", "token_index", unit], argument="tokens")
    if isinstance(terms, str):
        raise TypeError("terms must be a list of words or a mapping of labels to words, not a single string")
    variants = {label: [label] for label in terms} if not isinstance(terms, Mapping) else dict(terms)
    if not variants:
        raise ValueError("terms is empty: give at least one word or phrase to locate")
    ordered = in_reading_order(token_columns(tokens, [*SENTENCE_KEY, "position", "token_index", unit]))
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
    require_tokens(occurrences, ["term", "offset"], argument="occurrences")
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
    require_tokens(actors, ["actor", "aliases"], argument="actors")
    chosen = actors if kinds is None else actors.loc[actors["kind"].isin(list(kinds))]
    aliases = chosen["aliases"].astype(str).str.split("|")
    return {
        str(actor): [alias.strip() for alias in forms if alias.strip()]
        for actor, forms in zip(chosen["actor"], aliases)
    }


def _find_phrases(ordered: pd.DataFrame, labels: Mapping[str, str], unit: str) -> pd.DataFrame:
    """Where phrases occur in a token table in reading order, all phrases searched at once.

    A phrase's words are matched token by token on `unit` ("lower": case-insensitive; "lemma": the word's
    lower form or its lemma, spelling variants merged as in the token table's `lemma`; "token": as written).
    A one-word phrase also matches a part of a hyphenated token ("Putin" in "Trump-Putin").

    Args:
        ordered: tokens from `in_reading_order`.
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
            hyphenated = np.flatnonzero(values.str.contains(HYPHEN, regex=True).to_numpy(dtype=bool))
            parts = values.iloc[hyphenated].str.split(HYPHEN, regex=True).explode()
            if unit == "lemma":
                parts = merge_spellings(parts)
            candidates = pd.DataFrame({
                "row": np.concatenate([whole, hyphenated[_group_rows(parts)]]),
                "key": np.concatenate([values.iloc[whole].to_numpy(dtype=object), parts.to_numpy(dtype=object)]),
            })
        else:
            starts, rows = adjacent_runs(ordered, length)
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
        return {lower_form(word)}
    if unit == "lemma":
        merged = variant_lemmas()
        return {merged.get(form, form) for form in (lower_form(word), lemma_of(lower_form(word)))}
    return {word}
