"""Topics: what a corpus is about, and who covers what when.

Two methods, measured against each other on AllSides (notebook 06 and README):

- `nmf_topics`: non-negative matrix factorisation of the TF-IDF matrix (sublinear term frequency, unit-length
  rows, float32) into `n_topics` topics (scikit-learn, NNDSVDa start, fixed seed); an article's topic is its
  largest weight, and a topic's terms are its largest loadings;
- `embedding_topics`: k-means on the MiniLM embeddings (`embed_articles`) into `n_topics` clusters, each described
  by class-based TF-IDF (as BERTopic does, without its dimension reduction).

`compare_topic_methods` scores both by the NPMI coherence of their top terms against the corpus and by topic
diversity (the share of distinct terms among all topics' top terms). Topic shares by source and over time are
tidy tables (`topic_shares`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from presslens.stories.copies import keep_first_copies, spread_to_copies
from presslens.stories.documents import DocumentTerms, class_tfidf, npmi_coherence

DEFAULT_TOPICS = 20
SEED = 0
METHODS = ("nmf", "embedding")


def _topic_frame(documents: DocumentTerms, labels: np.ndarray, weights: np.ndarray, terms: pd.DataFrame,
                 method: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    assignments = pd.DataFrame({"article_id": documents.article_ids, "topic": pd.array(labels, dtype="Int64"),
                                "weight": np.round(weights, 4)})
    terms = terms.assign(method=method)[["method", "label", "rank", "term", "weight"]].rename(columns={"label": "topic"})
    return assignments.assign(method=method), terms.assign(weight=terms["weight"].round(4))


def nmf_topics(documents: DocumentTerms, *, n_topics: int = DEFAULT_TOPICS, top_n: int = 10,
               seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics by NMF over TF-IDF (see the module docstring).

    Returns:
        (assignments, terms). assignments: article_id, topic (1..n; missing for an article without terms),
        weight (its share of the article's topic weights), method. terms: method, topic, rank, term, weight.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    n_topics = _usable_topics(documents, n_topics)
    if n_topics == 0:
        return _empty("nmf")
    # float32 halves the matrix and took 40-50% off the time; on AllSides (37,437 texts) every topic kept its top 10
    # terms in order and every article its topic against float64 (weights moved by 0.0001 at most)
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(documents.counts.astype(np.float32))
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=400)
    article_weights = model.fit_transform(tfidf).astype(np.float64)
    totals = article_weights.sum(axis=1)
    labels = np.where(totals > 0, article_weights.argmax(axis=1) + 1, -1)
    shares = np.where(totals > 0, article_weights.max(axis=1) / np.maximum(totals, 1e-12), 0.0)
    rows = []
    for topic, loadings in enumerate(model.components_, start=1):
        order = [term for term in np.lexsort((documents.terms, -loadings))[:top_n] if loadings[term] > 0]
        rows += [{"label": topic, "rank": rank, "term": str(documents.terms[term]), "weight": float(loadings[term])}
                 for rank, term in enumerate(order, start=1)]
    labels = pd.array(np.where(labels > 0, labels, pd.NA), dtype="Int64")
    return _topic_frame(documents, labels, shares, pd.DataFrame(rows), "nmf")


def embedding_topics(documents: DocumentTerms, embeddings: np.ndarray, *, n_topics: int = DEFAULT_TOPICS,
                     top_n: int = 10, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics by k-means on MiniLM embeddings, described by class-based TF-IDF (see the module docstring).

    Args:
        documents: `document_terms` of the articles.
        embeddings: their `embed_articles` rows, in the same order.

    Returns:
        (assignments, terms) as `nmf_topics`; weight is the article's cosine similarity to its topic's centre.
    """
    from sklearn.cluster import KMeans

    n_topics = _usable_topics(documents, n_topics)
    if n_topics == 0:
        return _empty("embedding")
    model = KMeans(n_clusters=n_topics, n_init=4, random_state=seed).fit(embeddings)
    # number the clusters by size, largest first, ties by their first article (k-means' own numbering is arbitrary)
    sizes = np.bincount(model.labels_, minlength=n_topics)
    first_row = np.array([np.flatnonzero(model.labels_ == label).min(initial=len(model.labels_))
                          for label in range(n_topics)])
    renumber = np.empty(n_topics, dtype=np.int64)
    renumber[np.lexsort((first_row, -sizes))] = np.arange(1, n_topics + 1)
    labels = renumber[model.labels_]
    centres = model.cluster_centers_ / np.maximum(np.linalg.norm(model.cluster_centers_, axis=1, keepdims=True), 1e-12)
    closeness = np.einsum("ij,ij->i", embeddings, centres[model.labels_])
    return _topic_frame(documents, labels, closeness, class_tfidf(documents, labels, top_n=top_n), "embedding")


def _usable_topics(documents: DocumentTerms, n_topics: int) -> int:
    """At most one topic per two articles and per term: none for a corpus of fewer than four articles."""
    articles, terms = documents.counts.shape
    return 0 if articles < 4 or terms < 2 else int(min(n_topics, articles // 2, terms))


def _empty(method: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (pd.DataFrame({"article_id": pd.Series(dtype="str"), "topic": pd.Series(dtype="Int64"),
                          "weight": pd.Series(dtype="float64"), "method": pd.Series(dtype="str")}),
            pd.DataFrame({"method": pd.Series(dtype="str"), "topic": pd.Series(dtype="int64"),
                          "rank": pd.Series(dtype="int64"), "term": pd.Series(dtype="str"),
                          "weight": pd.Series(dtype="float64")}))


def topic_terms_wide(terms: pd.DataFrame, *, top_n: int = 10) -> dict[int, list[str]]:
    """topic -> its top `top_n` terms in rank order."""
    ranked = terms[terms["rank"] <= top_n].sort_values(["topic", "rank"])
    return {int(topic): group["term"].tolist() for topic, group in ranked.groupby("topic")}


def compare_topic_methods(documents: DocumentTerms, results: dict[str, tuple[pd.DataFrame, pd.DataFrame]], *,
                          top_n: int = 10) -> pd.DataFrame:
    """How well each method's topics read: mean NPMI of the top terms, and topic diversity.

    Args:
        documents: the corpus the coherence is measured against.
        results: method name -> (assignments, terms) from `nmf_topics` / `embedding_topics`.

    Returns:
        One row per method: method, topics, mean_npmi, median_npmi, diversity (distinct top terms / all top
        terms), smallest_topic and largest_topic (articles).
    """
    rows = []
    for method, (assignments, terms) in results.items():
        tops = topic_terms_wide(terms, top_n=top_n)
        coherence = npmi_coherence(documents, tops)
        all_terms = [term for words in tops.values() for term in words]
        sizes = assignments["topic"].value_counts()
        rows.append({"method": method, "topics": len(tops),
                     "mean_npmi": round(float(coherence["npmi"].mean()), 4) if len(coherence) else np.nan,
                     "median_npmi": round(float(coherence["npmi"].median()), 4) if len(coherence) else np.nan,
                     "diversity": round(len(set(all_terms)) / len(all_terms), 4) if all_terms else np.nan,
                     "smallest_topic": int(sizes.min()) if len(sizes) else 0,
                     "largest_topic": int(sizes.max()) if len(sizes) else 0})
    return pd.DataFrame(rows)


def topic_table(assignments: pd.DataFrame, terms: pd.DataFrame, corpus: object, *, top_n: int = 8,
                examples: int = 3) -> pd.DataFrame:
    """One row per topic: its articles, share, top terms and example headlines (the articles most in it).

    Returns:
        Columns topic, articles, share, top_terms ("a, b, c"), examples (headlines joined by " | "), by topic.
    """
    articles = getattr(corpus, "articles", corpus)
    columns = ["topic", "articles", "share", "top_terms", "examples"]
    known = assignments[assignments["topic"].notna()].merge(articles[["article_id", "title"]], on="article_id")
    if known.empty:
        return pd.DataFrame(columns=columns)
    tops = topic_terms_wide(terms, top_n=top_n)
    ranked = known.sort_values(["topic", "weight", "article_id"], ascending=[True, False, True])
    headlines = ranked.groupby("topic")["title"].agg(
        lambda titles: " | ".join(titles.fillna("").astype(str).drop_duplicates().head(examples)))
    sizes = known.groupby("topic").size()
    table = pd.DataFrame({"topic": sizes.index.astype("int64"), "articles": sizes.to_numpy(),
                          "share": (sizes / sizes.sum()).round(4).to_numpy()})
    table["top_terms"] = table["topic"].map(lambda topic: ", ".join(tops.get(int(topic), [])))
    table["examples"] = table["topic"].map(headlines)
    return table[columns].sort_values("topic", ignore_index=True)


def topic_labels(terms: pd.DataFrame, *, top_n: int = 3) -> dict[int, str]:
    """topic -> its first `top_n` terms joined ("talk, ceasefire, truce"), to name topics in charts."""
    return {topic: ", ".join(words) for topic, words in topic_terms_wide(terms, top_n=top_n).items()}


def topic_shares(assignments: pd.DataFrame, corpus: object, *, by: str = "source", freq: str | None = None,
                 groups: pd.DataFrame | None = None, dedupe: str = "none", min_articles: int = 1) -> pd.DataFrame:
    """Each group's share of articles in each topic: by source, or by period of publication.

    Args:
        assignments: from `nmf_topics` or `embedding_topics`.
        corpus: the Corpus or articles table (source, published).
        groups: copy groups from `near_duplicates`, when the topics were fitted on first copies only.
        dedupe: with `groups`, "none" counts every copy under its own source and date (with its first article's
            topic: republishing wire copy is coverage too); "first" counts each copied text once, for its first
            publisher.
        by: "source" or "period".
        freq: the period for by="period": "day", "week", "month", "quarter" or "year".
        min_articles: groups with fewer articles are left out.

    Returns:
        One row per (group, topic) with at least one article: the group column (`source` or `period`, the period's
        first day), topic, articles, group_articles, share; sorted by group and topic.
    """
    articles = getattr(corpus, "articles", corpus)
    if dedupe not in ("none", "first"):
        raise ValueError(f"dedupe must be 'none' or 'first', not {dedupe!r}")
    if groups is not None:
        assignments = keep_first_copies(assignments, groups)
        if dedupe == "none":
            assignments = spread_to_copies(assignments, groups)
    table = assignments[assignments["topic"].notna()].merge(articles[["article_id", "source", "published"]],
                                                            on="article_id")
    if by == "source":
        key = "source"
        table = table[table["source"].notna() & (table["source"].astype(str) != "")]
    elif by == "period":
        periods = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
        if freq not in periods:
            raise ValueError(f"freq must be one of {list(periods)} for by='period', not {freq!r}")
        key = "period"
        published = pd.to_datetime(table["published"], errors="coerce")
        table = table.assign(period=published.dt.to_period(periods[freq]).dt.start_time.dt.date)
        table = table[published.notna()]
    else:
        raise ValueError(f"by must be 'source' or 'period', not {by!r}")
    counts = table.groupby([key, "topic"]).size().rename("articles").reset_index()
    totals = counts.groupby(key)["articles"].transform("sum")
    counts["group_articles"] = totals
    counts["share"] = (counts["articles"] / totals).round(4)
    counts = counts[counts["group_articles"] >= min_articles]
    return counts.astype({"topic": "int64"}).sort_values([key, "topic"], ignore_index=True)


def describe_topics(documents: DocumentTerms, assignments: pd.DataFrame) -> str:
    """One sentence on the topics fitted, or on why there are none."""
    articles = documents.counts.shape[0]
    if _usable_topics(documents, DEFAULT_TOPICS) == 0:
        return (f"Topic models need at least four articles; this corpus has {articles:,} (after counting copies "
                "once): no topics.")
    topics = int(assignments["topic"].nunique())
    return f"{topics} topics over {int(assignments['topic'].notna().sum()):,} of {articles:,} articles."
