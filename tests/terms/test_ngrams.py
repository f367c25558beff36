"""N-grams and collocations, never across sentences; collocation scores as nltk computes them."""

from __future__ import annotations

import pandas as pd
import pytest
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from presslens import terms

from token_tables import token_table


def test_ngrams_never_cross_sentence_or_article_boundaries():
    # No full stops, so only the sentence key separates "talks" | "talks" and "ceasefire" | "ceasefire".
    table = token_table({"a": ["peace talks", "talks resumed ceasefire"], "b": ["ceasefire holds"]})
    bigrams = terms.ngrams(table)
    assert bigrams["ngram"].tolist() == ["ceasefire holds", "peace talks", "resumed ceasefire", "talks resumed"]
    assert bigrams["count"].tolist() == [1, 1, 1, 1]


def test_ngrams_stopword_rules_only_edges_and_any():
    table = token_table({"a": ["prisoner of war in the east"]})
    # Trigrams: "prisoner of war", "of war in", "war in the", "in the east".
    edges = terms.ngrams(table, n=3)
    only = terms.ngrams(table, n=3, stopwords="only")
    none = terms.ngrams(table, n=3, stopwords="any")
    assert edges["ngram"].tolist() == ["prisoner of war"]
    assert sorted(only["ngram"]) == ["in the east", "of war in", "prisoner of war", "war in the"]
    assert none.empty
    # Bigrams made only of stopwords are always left out: "in the".
    assert "in the" not in terms.ngrams(table, stopwords="only")["ngram"].tolist()


def test_ngrams_leave_out_punctuation_unless_asked():
    table = token_table({"a": ["Russia , Ukraine , talks"]})
    assert terms.ngrams(table)["ngram"].tolist() == []
    kept = terms.ngrams(table, drop_punctuation=False)["ngram"].tolist()
    assert kept == [", talks", ", ukraine", "russia ,", "ukraine ,"]


def test_ngrams_by_group_count_within_each_group(two_articles):
    bigrams = terms.ngrams(two_articles, by="article_id", unit="lemma")
    assert bigrams[["article_id", "ngram", "count"]].values.tolist() == [
        ["a", "resume talk", 1], ["a", "talk stall", 1], ["a", "ukraine resume", 1], ["b", "talk resume", 1],
    ]


@pytest.fixture(scope="module")
def three_sentences() -> pd.DataFrame:
    # Words: peace 3, talks 2, resumed 2 -> N = 7. Adjacent pairs within sentences:
    # (peace, talks) 2, (talks, resumed) 1, (resumed, peace) 1. "resumed | peace" across the first
    # sentence boundary must not be counted a second time.
    return token_table({"a": ["peace talks resumed .", "peace talks", "resumed peace"]})


def test_collocations_pmi_worked_by_hand(three_sentences):
    table = terms.collocations(three_sentences, min_count=1).set_index(["first", "second"])
    # pmi = log2(pair * N / (first * second)):
    # peace talks: log2(2 * 7 / (3 * 2)) = log2(2.3333) = 1.222392
    # talks resumed: log2(1 * 7 / (2 * 2)) = log2(1.75) = 0.807355
    # resumed peace: log2(1 * 7 / (2 * 3)) = log2(1.1667) = 0.222392
    assert table["count"].to_dict() == {
        ("peace", "talks"): 2, ("talks", "resumed"): 1, ("resumed", "peace"): 1,
    }
    assert table["score"].round(6).to_dict() == {
        ("peace", "talks"): 1.222392, ("talks", "resumed"): 0.807355, ("resumed", "peace"): 0.222392,
    }


def test_collocations_llr_worked_by_hand(three_sentences):
    table = terms.collocations(three_sentences, measure="llr", min_count=2)
    # peace talks: 2x2 table of (peace first?) x (talks second?): [[2, 1], [0, 4]], N = 7.
    # Expected: 3*2/7 = 0.857143, 3*5/7 = 2.142857, 4*2/7 = 1.142857, 4*5/7 = 2.857143.
    # G2 = 2 * (2 ln(2/0.857143) + 1 ln(1/2.142857) + 0 + 4 ln(4/2.857143))
    #    = 2 * (1.694596 - 0.762140 + 1.345888) = 4.556688
    assert table[["first", "second", "count"]].values.tolist() == [["peace", "talks", 2]]
    assert round(table.loc[0, "score"], 5) == 4.55669


def test_collocations_match_nltk_on_one_sentence_with_a_wider_window():
    words = "the envoy said the talks in istanbul and the talks in kyiv could open a path to talks".split()
    table = terms.collocations(token_table({"a": [" ".join(words)]}), measure="llr", window=3,
                               min_count=1, drop_stopwords=False)
    finder = BigramCollocationFinder.from_words(words, window_size=3)
    expected = dict(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio))
    ours = {(first, second): score for first, second, score in table[["first", "second", "score"]].values}
    assert ours.keys() == expected.keys()
    for pair, score in expected.items():
        assert ours[pair] == pytest.approx(score, abs=1e-6)


def test_seed_ngrams_never_span_two_sentences(seed):
    tokens = seed.tokens
    within = set()
    for _, sentence in tokens.groupby(["article_id", "sentence_id"]):
        words = sentence.sort_values("position")["lower"].tolist()
        within.update(zip(words, words[1:]))
    bigrams = terms.ngrams(tokens, stopwords="only", drop_punctuation=False)
    assert {tuple(gram.split(" ")) for gram in bigrams["ngram"]} <= within
    # Count check: every within-sentence pair except the 'only stopwords/punctuation' ones is counted.
    filler = tokens["is_stop"] | tokens["is_punct"]
    pairs = tokens.assign(next_filler=filler.groupby([tokens["article_id"], tokens["sentence_id"]]).shift(-1))
    countable = pairs["next_filler"].notna() & ~(filler & pairs["next_filler"].astype(bool))
    assert bigrams["count"].sum() == countable.sum()
