"""Document terms, class-based TF-IDF, NPMI coherence, topic models and topic shares: shapes and hand-worked values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from presslens.stories import documents, topics

WAR = ["Troops shelled the eastern city as the ceasefire collapsed and troops retreated.",
       "The ceasefire collapsed after troops shelled villages near the front line.",
       "Shelling of the city continued and troops dug in along the front line.",
       "Troops and tanks massed near the front line as the ceasefire failed."]
BUDGET = ["The senate passed the budget bill after a vote on spending cuts.",
          "Senators debated the budget and the spending bill before the vote.",
          "The budget vote in the senate split the party over spending.",
          "A spending bill and the budget deal passed the senate vote."]


def _articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": [f"war-{n}" for n in range(4)] + [f"budget-{n}" for n in range(4)],
        "title": [""] * 8, "body": WAR + BUDGET,
        "source": ["North", "South", "North", "South", "North", "North", "South", "South"],
        "published": pd.to_datetime(["2020-01-05", "2020-01-20", "2020-02-03", "2020-02-10"] * 2)})


def test_document_terms_count_lemmas_of_headline_and_body_without_stopwords():
    table = pd.DataFrame({"article_id": ["a", "b"], "title": ["Talks", ""],
                          "body": ["The talks ended. Talks resume in May.", "Troops and talks."]})
    terms = documents.document_terms(table, min_df=1, max_df=1.0)
    counts = pd.DataFrame(terms.counts.toarray().astype(int), index=terms.article_ids, columns=terms.terms)
    # "the", "in", "may", "and" are stopwords; "talks"/"Talks" -> talk (3 times in a: headline + body twice)
    assert counts.to_dict("index") == {"a": {"end": 1, "resume": 1, "talk": 3, "troop": 0},
                                       "b": {"end": 0, "resume": 0, "talk": 1, "troop": 1}}
    assert documents.document_terms(table, min_df=2).terms.tolist() == ["talk"]


def test_class_tfidf_weights_a_terms_share_of_its_class_by_its_rarity():
    terms = documents.DocumentTerms(article_ids=np.array(["a", "b", "c"]), terms=np.array(["talk", "war"]),
                                    counts=sparse.csr_matrix([[2, 0], [1, 1], [0, 3]], dtype=float))
    table = documents.class_tfidf(terms, np.array([1, 1, 2]), top_n=2)
    # class 1 holds talk 3, war 1; class 2 war 3. A = 7 words / 2 classes = 3.5; f(talk) = 3, f(war) = 4
    talk_1 = 3 / 4 * math.log(1 + 3.5 / 3)
    war_1 = 1 / 4 * math.log(1 + 3.5 / 4)
    war_2 = 3 / 3 * math.log(1 + 3.5 / 4)
    assert table[["label", "rank", "term"]].to_dict("list") == {"label": [1, 1, 2], "rank": [1, 2, 1],
                                                                "term": ["talk", "war", "war"]}
    assert table["weight"].tolist() == pytest.approx([talk_1, war_1, war_2])


def test_class_tfidf_keeps_the_top_terms_of_many_classes_with_ties_broken_by_term():
    generator = np.random.default_rng(3)
    counts = sparse.random(60, 40, density=0.2, random_state=4, format="csr")
    counts.data = np.ceil(counts.data * 3)  # small whole counts: many equal weights
    terms = np.array([f"term{number:02d}" for number in generator.permutation(40)], dtype=object)
    labels = np.where(generator.random(60) < 0.2, -1, generator.integers(1, 12, 60))
    table = documents.class_tfidf(documents.DocumentTerms(article_ids=np.arange(60).astype(str), terms=terms,
                                                          counts=counts), labels, top_n=4)
    # the definition, on dense arrays: per-class share of words times log(1 + A / f), ties by term
    classes = np.unique(labels[labels != -1])
    per_class = np.array([counts[labels == label].sum(axis=0).A1 for label in classes])
    weights = per_class / per_class.sum(axis=1, keepdims=True) * np.log1p(
        per_class.sum() / len(classes) / counts.sum(axis=0).A1)
    expected = [(label, rank, terms[term]) for row, label in enumerate(classes)
                for rank, term in enumerate([term for term in np.lexsort((terms, -weights[row]))[:4]
                                             if weights[row, term] > 0], start=1)]
    assert list(table[["label", "rank", "term"]].itertuples(index=False, name=None)) == expected
    assert table["weight"].to_numpy() == pytest.approx([weights[list(classes).index(label), list(terms).index(term)]
                                                        for label, _, term in expected])


def test_npmi_is_one_for_terms_always_together_and_minus_one_for_terms_never_together():
    terms = documents.DocumentTerms(article_ids=np.array(["a", "b", "c", "d"]),
                                    terms=np.array(["army", "budget", "tank"]),
                                    counts=sparse.csr_matrix([[1, 0, 1], [1, 0, 1], [0, 1, 0], [0, 1, 0]],
                                                             dtype=float))
    coherence = documents.npmi_coherence(terms, {1: ["army", "tank"], 2: ["army", "budget"],
                                                 3: ["army", "tank", "budget"]})
    # topic 3: pairs (army, tank) = 1, (army, budget) = -1, (tank, budget) = -1 -> mean -1/3
    assert coherence["npmi"].round(4).tolist() == [1.0, -1.0, -0.3333]


def test_nmf_and_embedding_topics_separate_two_themes_and_give_tidy_tables():
    articles = _articles()
    terms = documents.document_terms(articles, min_df=2)
    assignments, topic_terms = topics.nmf_topics(terms, n_topics=2, top_n=5)
    assert assignments.columns.tolist() == ["article_id", "topic", "weight", "method"]
    assert topic_terms.columns.tolist() == ["method", "topic", "rank", "term", "weight"]
    by_theme = assignments.assign(theme=assignments["article_id"].str.split("-").str[0]).groupby("theme")["topic"]
    assert by_theme.nunique().tolist() == [1, 1] and by_theme.first().nunique() == 2
    assert topic_terms.groupby("topic").size().tolist() == [5, 5]
    vectors = np.repeat(np.eye(2, 384, dtype=np.float32), 4, axis=0)  # one direction per theme
    embedded, embedded_terms = topics.embedding_topics(terms, vectors, n_topics=2, top_n=3)
    assert embedded["topic"].tolist() == [1, 1, 1, 1, 2, 2, 2, 2]
    assert set(embedded_terms.loc[embedded_terms["topic"] == 2, "term"]) <= {"budget", "senate", "spend",
                                                                             "vote", "bill"}
    comparison = topics.compare_topic_methods(terms, {"nmf": (assignments, topic_terms),
                                                      "embedding": (embedded, embedded_terms)})
    assert comparison.columns.tolist() == ["method", "topics", "mean_npmi", "median_npmi", "diversity",
                                           "smallest_topic", "largest_topic"]
    assert comparison["topics"].tolist() == [2, 2]
    table = topics.topic_table(assignments, topic_terms, articles, top_n=3, examples=2)
    assert table.columns.tolist() == ["topic", "articles", "share", "top_terms", "examples"]
    assert table["articles"].tolist() == [4, 4] and table["share"].tolist() == [0.5, 0.5]


def test_topic_shares_by_source_and_by_month():
    articles = _articles()
    assignments = pd.DataFrame({"article_id": articles["article_id"], "topic": pd.array([1] * 4 + [2] * 4,
                                                                                         dtype="Int64")})
    by_source = topics.topic_shares(assignments, articles, by="source")
    assert by_source.to_dict("list") == {"source": ["North", "North", "South", "South"], "topic": [1, 2, 1, 2],
                                         "articles": [2, 2, 2, 2], "group_articles": [4, 4, 4, 4],
                                         "share": [0.5, 0.5, 0.5, 0.5]}
    by_month = topics.topic_shares(assignments, articles, by="period", freq="month")
    assert by_month[["period", "topic", "articles", "share"]].astype({"period": str}).to_dict("list") == {
        "period": ["2020-01-01", "2020-01-01", "2020-02-01", "2020-02-01"], "topic": [1, 2, 1, 2],
        "articles": [2, 2, 2, 2], "share": [0.5, 0.5, 0.5, 0.5]}
    with pytest.raises(ValueError, match="freq"):
        topics.topic_shares(assignments, articles, by="period")


def test_a_corpus_of_fewer_than_four_articles_has_no_topics():
    terms = documents.document_terms(_articles().head(3), min_df=1)
    assignments, topic_terms = topics.nmf_topics(terms)
    assert assignments.empty and topic_terms.empty
    assert topic_terms.columns.tolist() == ["method", "topic", "rank", "term", "weight"]
