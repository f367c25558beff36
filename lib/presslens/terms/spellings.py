"""Spelling variants in term counts: "Kiev" counted as "kyiv", by the researcher's `data/entity-variants.csv`.

The variants file is read by `presslens.entities.variants`, as entity discovery reads it. Term functions count
lemmas, so a pair is merged in the `lemma` column: the lemma a token of the variant gets ("kiev", case folded
as `presslens.tokenize` folds it) becomes the lemma a token of the canonical form gets ("kyiv"), whatever the
case the text wrote it in. Only pairs that are one token on both sides are merged ("Kiev"/"Kyiv",
"al-Qaida"/"al-Qaeda"): a term is one token, so a variant of several words ("Dmitri Medvedev"), or a one-word
variant whose canonical form has several ("ISIS" -> "Islamic State"), stays counted as written. The surface
units (`lower`, `token`) are never changed: they say how the text spelled a word.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from presslens.entities.variants import variants
from presslens.text.tokens import token_counts


@functools.cache
def variant_lemmas() -> dict[str, str]:
    """{lemma of a variant: lemma of its canonical form} for the one-token pairs of the variants file.

    Pairs whose two lemmas are equal once case is folded ("Al-Shabaab"/"al-Shabaab") need no merging and are
    left out.

    Raises:
        ValueError: when, once case is folded, one variant stands for two canonical forms, or a canonical form
            is itself a variant (the merge would depend on the order of the rows).
    """
    mapping = variants()
    lemmas = _one_token_lemmas(sorted(set(mapping) | set(mapping.values())))
    merged: dict[str, str] = {}
    written: dict[str, tuple[str, str]] = {}
    for variant, canonical in mapping.items():
        if variant not in lemmas or canonical not in lemmas or lemmas[variant] == lemmas[canonical]:
            continue
        key = lemmas[variant]
        if merged.setdefault(key, lemmas[canonical]) != lemmas[canonical]:
            raise ValueError(f"entity variants {written[key][0]!r} -> {written[key][1]!r} and {variant!r} -> "
                             f"{canonical!r} give the term {key!r} two canonical forms once case is folded")
        written[key] = (variant, canonical)
    chained = sorted(set(merged) & set(merged.values()))
    if chained:
        raise ValueError(f"entity variants: the terms {chained} are both variants and canonical forms once case "
                         f"is folded; give one final spelling")
    return merged


def merge_spellings(lemmas: pd.Series) -> pd.Series:
    """`lemmas` with each variant's lemma replaced by its canonical form's (see `variant_lemmas`).

    Vectorised: only the rows holding a variant are rewritten, and `lemmas` itself is returned when there is none.
    """
    mapping = variant_lemmas()
    rows = np.flatnonzero(lemmas.isin(list(mapping)).to_numpy(dtype=bool))
    if not len(rows):
        return lemmas
    merged = lemmas.copy()
    merged.iloc[rows] = lemmas.iloc[rows].map(mapping).to_numpy()
    return merged


def _one_token_lemmas(names: list[str]) -> dict[str, str]:
    """The lemma each name gets in a token table, for the names that are one token (`token_counts` tokenises as
    `presslens.tokenize` does)."""
    counted = token_counts(pd.DataFrame({"article_id": [str(number) for number in range(len(names))],
                                         "text": names}))
    tokens_per_name = counted.groupby("article_id")["count"].sum()
    single = counted.loc[counted["article_id"].map(tokens_per_name).eq(1).to_numpy()]
    return {names[int(number)]: lemma for number, lemma in zip(single["article_id"], single["lemma"])}
