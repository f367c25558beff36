"""Spelling variants of data/entity-variants.csv merged in the terms' lemma ("Kiev" counts as "kyiv")."""

from __future__ import annotations

import pandas as pd
import pytest

from presslens import terms
from presslens.terms import spellings
from presslens.terms.spellings import merge_spellings, variant_lemmas
from presslens.text.inputs import as_tokens

TEXT = "Kiev said the talks in Kiev would go on. Officials in Kyiv agreed with Dmitri Medvedev."


@pytest.fixture(scope="module")
def kiev_tokens() -> pd.DataFrame:
    return as_tokens(TEXT)


def test_term_frequencies_count_a_variant_as_its_canonical_form(kiev_tokens):
    counts = terms.term_frequencies(kiev_tokens).set_index("term")["count"]
    assert counts["kyiv"] == 3
    assert "kiev" not in counts.index
    # the surface units say how the text spelled the word
    lower = terms.term_frequencies(kiev_tokens, unit="lower").set_index("term")["count"]
    assert (lower["kiev"], lower["kyiv"]) == (2, 1)
    # a variant of several words is counted as written
    assert counts["dmitri"] == 1 and "dmitry" not in counts.index


def test_every_term_function_reads_the_merged_lemma(kiev_tokens):
    forms = terms.surface_forms(kiev_tokens, ["kyiv"])
    assert forms[["form", "count"]].values.tolist() == [["kiev", 2], ["kyiv", 1]]
    bigrams = terms.ngrams(kiev_tokens, unit="lemma").set_index("ngram")["count"]
    assert bigrams["kyiv say"] == 1 and "kiev say" not in bigrams.index
    written = set(kiev_tokens.loc[~kiev_tokens["is_punct"], "lemma"])
    assert terms.vocabulary_summary(kiev_tokens)["distinct_lemmas"].item() == len(written - {"kiev"})
    key = terms.keyness(kiev_tokens, as_tokens("Officials in Kiev met."), min_count=1).set_index("term")
    assert key.loc["kyiv", ["count", "reference_count"]].tolist() == [3, 1] and "kiev" not in key.index
    assert terms.kwic(kiev_tokens, "Kyiv", unit="lemma")["keyword"].tolist() == ["Kiev", "Kiev", "Kyiv"]
    assert terms.kwic(kiev_tokens, "Kiev", unit="lemma")["keyword"].tolist() == ["Kiev", "Kiev", "Kyiv"]
    assert terms.kwic(kiev_tokens, "Kiev", unit="lower")["keyword"].tolist() == ["Kiev", "Kiev"]


def test_a_variant_is_merged_whatever_its_case_and_inside_a_hyphenated_token():
    tokens = as_tokens("KIEV and kiev answered. The pro-Kiev side agreed.")
    assert terms.term_frequencies(tokens).set_index("term").loc["kyiv", "count"] == 2
    assert terms.kwic(tokens, "Kyiv", unit="lemma")["keyword"].tolist() == ["KIEV", "kiev", "pro-Kiev"]


def test_only_one_token_pairs_are_merged_in_lower_case():
    merged = variant_lemmas()
    assert merged["kiev"] == "kyiv" and merged["qaddafi"] == "gaddafi" and merged["al-qaida"] == "al-qaeda"
    assert "isis" not in merged  # its canonical form, "Islamic State", is two tokens
    assert "al-shabaab" not in merged  # "Al-Shabaab" is "al-Shabaab" once case is folded


def test_merge_spellings_rewrites_only_the_variants_and_keeps_the_index():
    lemmas = pd.Series(["kiev", "talk", "odessa", "kiev"], index=[5, 5, 7, 9], dtype="str")
    merged = merge_spellings(lemmas)
    assert merged.tolist() == ["kyiv", "talk", "odesa", "kyiv"]
    assert merged.index.tolist() == [5, 5, 7, 9] and lemmas.tolist() == ["kiev", "talk", "odessa", "kiev"]
    plain = pd.Series(["talk", "say"], dtype="str")
    assert merge_spellings(plain) is plain


@pytest.mark.parametrize("pairs, message", [
    ({"KIEV": "Kyiv", "kiev": "Kiyv"}, "'kiev' two canonical forms"),
    ({"Kiev": "Kyiv", "KYIV": "Kyjiw"}, r"\['kyiv'\] are both variants and canonical forms"),
])
def test_variants_that_clash_once_case_is_folded_are_refused(monkeypatch, pairs, message):
    monkeypatch.setattr(spellings, "variants", lambda: pairs)
    variant_lemmas.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            variant_lemmas()
    finally:
        variant_lemmas.cache_clear()
