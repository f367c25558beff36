"""Term counts, the vocabulary summary, surface forms and article columns; checks on the token table."""

from __future__ import annotations

import pandas as pd
import pytest

from presslens import terms

from token_tables import token_table


def test_term_frequencies_count_lemmas_per_1000_word_tokens_with_document_frequency(two_articles):
    freqs = terms.term_frequencies(two_articles)
    # Word tokens (not punctuation, stopwords included): a = 3 + 5, b = 2 -> 10.
    # Content lemmas: talk 3 (talks, talks, Talks), resume 2, stall 1, russia 1, ukraine 1.
    # per_1000 = count / 10 * 1000; talk is in both articles, resume in both, the rest in one.
    assert list(freqs.columns) == ["term", "count", "per_1000", "document_frequency", "rank"]
    assert freqs.to_dict("list") == {
        "term": ["talk", "resume", "russia", "stall", "ukraine"],
        "count": [3, 2, 1, 1, 1],
        "per_1000": [300.0, 200.0, 100.0, 100.0, 100.0],
        "document_frequency": [2, 2, 1, 1, 1],
        "rank": [1, 2, 3, 3, 3],
    }


def test_term_frequencies_keep_the_denominator_when_stopwords_are_kept(two_articles):
    freqs = terms.term_frequencies(two_articles, drop_stopwords=False).set_index("term")
    # "the" and "and" now appear, each 1 of the same 10 word tokens; talk's rate does not change.
    assert freqs.loc["the", "per_1000"] == 100.0
    assert freqs.loc["and", "count"] == 1
    assert freqs.loc["talk", "per_1000"] == 300.0


def test_term_frequencies_lemma_merges_forms_that_surface_units_keep_apart(two_articles):
    lower = terms.term_frequencies(two_articles, unit="lower").set_index("term")["count"]
    token = terms.term_frequencies(two_articles, unit="token").set_index("term")["count"]
    assert lower["talks"] == 3 and lower["resumed"] == 2
    assert token["talks"] == 2 and token["Talks"] == 1


def test_term_frequencies_by_article_use_each_articles_own_word_count(two_articles):
    freqs = terms.term_frequencies(two_articles, by="article_id", min_count=1)
    talk = freqs.loc[freqs["term"] == "talk"].set_index("article_id")
    # a: 2 of 8 word tokens -> 250 per 1,000; b: 1 of 2 -> 500.
    assert talk["per_1000"].to_dict() == {"a": 250.0, "b": 500.0}
    assert "document_frequency" not in freqs.columns
    assert list(freqs.columns[:2]) == ["article_id", "term"]


def test_term_frequencies_min_count_leaves_out_rare_terms(two_articles):
    freqs = terms.term_frequencies(two_articles, min_count=2)
    assert freqs["term"].tolist() == ["talk", "resume"]


def test_term_frequencies_reject_a_table_without_token_columns():
    with pytest.raises(ValueError, match=r"tokens lacks the column\(s\)"):
        terms.term_frequencies(pd.DataFrame({"word": ["peace"]}))
    with pytest.raises(ValueError, match="unit must be one of"):
        terms.term_frequencies(token_table({"a": ["peace"]}), unit="stem")
    with pytest.raises(ValueError, match="attach_article_column"):
        terms.term_frequencies(token_table({"a": ["peace"]}), by="source")
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        terms.term_frequencies(["peace", "talks"])


def test_seed_top_ten_content_lemmas_include_the_story(seed):
    top = terms.term_frequencies(seed.tokens).head(10)["term"].tolist()
    assert {"russia", "ukraine", "ceasefire", "talk"} <= set(top)


def test_functions_put_shuffled_tokens_back_in_reading_order(two_articles):
    shuffled = two_articles.sample(frac=1, random_state=7)
    assert terms.ngrams(shuffled, unit="lemma").equals(terms.ngrams(two_articles, unit="lemma"))
    assert terms.kwic(shuffled, "talks").equals(terms.kwic(two_articles, "talks"))


def test_vocabulary_summary_counts_the_denominators(two_articles):
    summary = terms.vocabulary_summary(two_articles)
    # a: 2 sentences, 10 tokens (2 full stops), 8 word tokens, 6 content (less "The", "and");
    # b: 1 sentence, 3 tokens, 2 words, 2 content. Distinct lemmas: the talk stall russia and ukraine resume.
    assert summary.to_dict("records") == [{
        "articles": 2, "sentences": 3, "tokens": 13, "word_tokens": 10, "content_tokens": 8,
        "distinct_forms": 7, "distinct_lemmas": 7,
    }]


def test_surface_forms_list_the_spellings_behind_each_lemma(two_articles):
    forms = terms.surface_forms(two_articles, ["talk", "resume"])
    assert forms[["lemma", "form", "count"]].values.tolist() == [
        ["talk", "talks", 3], ["resume", "resumed", 2],
    ]


def test_attach_article_column_labels_articles_without_a_value(two_articles):
    articles = pd.DataFrame({"article_id": ["a", "b"], "source": ["Reuters", None]})
    tokens = terms.attach_article_column(two_articles, articles, "source")
    assert tokens.groupby("source")["article_id"].first().to_dict() == {"(unknown)": "b", "Reuters": "a"}
