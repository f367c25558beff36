"""Articles as bags of lemmas, and the measures built on them: class-based TF-IDF and NPMI coherence.

The document-term matrix counts the same lemmas as the rest of presslens (`presslens.text.token_counts`: the
tokens and lemmas of `tokenize`) in each article's headline and body, without stopwords (`data/stopwords-en.txt`),
numbers or punctuation, keeping lemmas of at least three letters found in at least `min_df` articles and in at
most `max_df` of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse

from presslens import engine as chunk_engine
from presslens.text.tokens import token_counts


@dataclass
class DocumentTerms:
    """A document-term matrix: `counts[i, j]` is how often lemma `terms[j]` occurs in article `article_ids[i]`."""

    article_ids: np.ndarray
    terms: np.ndarray
    counts: sparse.csr_matrix


def _chunk_terms(articles: pd.DataFrame) -> tuple[pd.Series, sparse.csr_matrix]:
    """One chunk's lemmas (in order of first occurrence) and its articles x lemmas count matrix.

    A compact result to send back from a worker: a row of counts per (article, lemma) in a table would
    repeat the article id and the lemma string on each of millions of rows.
    """
    texts = pd.DataFrame({"article_id": articles["article_id"],
                          "text": articles["title"] + "\n\n" + articles["text"]})
    counts = token_counts(texts)
    counts = counts[counts["is_alpha"] & ~counts["is_stop"] & (counts["lemma"].str.len() >= 3)]
    column_of, lemmas = pd.factorize(counts["lemma"])
    rows = pd.Index(articles["article_id"]).get_indexer(counts["article_id"])
    matrix = sparse.csr_matrix((counts["count"].to_numpy(dtype=np.float64), (rows, column_of)),
                               shape=(len(articles), len(lemmas)))
    return pd.Series(lemmas, dtype="str"), matrix


def document_terms(corpus: object, *, min_df: int = 2, max_df: float = 0.5, engine: str = "auto",
                   n_jobs: int | None = None) -> DocumentTerms:
    """Count the lemmas of each article's headline and body (see the module docstring).

    Args:
        corpus: a Corpus or an articles table (article_id, title, body or text).
        min_df: fewest articles a lemma must occur in (lowered to 1 for a corpus of one article).
        max_df: largest share of articles a lemma may occur in (1.0 keeps every lemma).
        engine, n_jobs: where the counting runs (see `presslens.engine.map_articles`).

    Returns:
        A `DocumentTerms` whose rows follow the articles table; terms sorted alphabetically.
    """
    articles = getattr(corpus, "articles", corpus)
    column = "body" if "body" in articles.columns else "text"
    # Arrow-backed columns, not arrays of Python strings: the texts of a large corpus are not copied twice more
    table = pd.DataFrame({"article_id": articles["article_id"].astype("str"),
                          "title": articles["title"].fillna("").astype("str") if "title" in articles.columns else "",
                          "text": articles[column].fillna("").astype("str")}).reset_index(drop=True)
    parts = chunk_engine.map_articles(_chunk_terms, table, engine=engine, n_jobs=n_jobs, progress=False)
    ids = table["article_id"].to_numpy()
    del table
    # one vocabulary, sorted, for all chunks; each chunk's columns are renumbered into it
    column_of, terms = pd.factorize(pd.concat([lemmas for lemmas, _ in parts], ignore_index=True) if parts
                                    else pd.Series(dtype="str"), sort=True)
    blocks, first = [], 0
    for lemmas, block in parts:
        columns = column_of[first:first + len(lemmas)][block.indices]
        blocks.append(sparse.csr_matrix((block.data, columns, block.indptr), shape=(block.shape[0], len(terms))))
        first += len(lemmas)
    matrix = (sparse.vstack(blocks, format="csr") if blocks
              else sparse.csr_matrix((len(ids), len(terms)), dtype=np.float64))
    matrix.sort_indices()
    del parts, blocks
    frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    low = min_df if len(ids) > 1 else 1
    keep = (frequency >= low) & (frequency <= max(max_df * len(ids), low))
    return DocumentTerms(article_ids=ids, terms=np.asarray(terms)[keep], counts=matrix[:, keep].tocsr())


def class_tfidf(documents: DocumentTerms, labels: np.ndarray, *, top_n: int = 10) -> pd.DataFrame:
    """The key terms of each class of articles by class-based TF-IDF (Grootendorst 2022, as in BERTopic).

    All articles of a class are joined into one document; a term's weight in class c is its share of the class's
    words times log(1 + A / f), with A the mean number of words per class and f the term's count in all classes.
    Articles whose label is missing (or -1) form no class but count in f.

    Args:
        documents: from `document_terms`.
        labels: one class label per article row (e.g. story or topic numbers).
        top_n: terms kept per class.

    Returns:
        One row per (class, rank): label, rank (1 = strongest), term, weight; sorted by label and rank.
    """
    labels = pd.Series(labels)
    known = labels.notna() & (labels.astype("float64") != -1)
    classes, codes = np.unique(labels[known].astype("int64"), return_inverse=True)
    if not len(classes) or not documents.counts.shape[1]:
        return pd.DataFrame({"label": pd.Series(dtype="int64"), "rank": pd.Series(dtype="int64"),
                             "term": pd.Series(dtype="str"), "weight": pd.Series(dtype="float64")})
    member = sparse.csr_matrix((np.ones(len(codes)), (codes, np.flatnonzero(known))),
                               shape=(len(classes), documents.counts.shape[0]))
    # classes x terms stays sparse: thousands of stories over tens of thousands of terms are gigabytes when dense
    per_class = sparse.csr_matrix(member @ documents.counts)
    per_class.sum_duplicates()
    totals = np.asarray(documents.counts.sum(axis=0)).ravel()
    class_words = np.asarray(per_class.sum(axis=1)).ravel()
    average_words = class_words.sum() / len(classes)
    rows = np.repeat(np.arange(len(classes)), np.diff(per_class.indptr))
    weights = (per_class.data / np.maximum(class_words, 1)[rows]) * np.log1p(
        average_words / np.maximum(totals, 1))[per_class.indices]
    positive = weights > 0
    rows, columns, weights = rows[positive], per_class.indices[positive], weights[positive]
    # by class, then weight (largest first), then term: the first `top_n` of each class
    order = np.lexsort((_term_ranks(documents.terms)[columns], -weights, rows))
    rows, columns, weights = rows[order], columns[order], weights[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows) + 1
    kept = rank <= top_n
    return pd.DataFrame({"label": classes[rows[kept]].astype("int64"), "rank": rank[kept].astype("int64"),
                         "term": pd.Series(documents.terms[columns[kept]], dtype="str"),
                         "weight": weights[kept].astype("float64")})


def _term_ranks(terms: np.ndarray) -> np.ndarray:
    """Each term's place in alphabetical order (ties in table order), to break ties between equal weights."""
    ranks = np.empty(len(terms), dtype=np.int64)
    ranks[np.argsort(np.asarray(terms, dtype=str), kind="stable")] = np.arange(len(terms))
    return ranks


def npmi_coherence(documents: DocumentTerms, top_terms: dict[int, list[str]]) -> pd.DataFrame:
    """Normalised pointwise mutual information of each topic's top terms, with articles as the context.

    For each pair of top terms, NPMI = log(P(a, b) / (P(a) P(b))) / -log P(a, b), with P the share of articles
    containing the term(s): 1 when the terms always occur together, 0 when independently, -1 when never together
    (Bouma 2009; Aletras & Stevenson 2013 use it to judge topics). A topic's coherence is the mean over its pairs.

    Args:
        documents: the reference articles (usually the corpus the topics came from).
        top_terms: topic label -> its top terms (terms unknown to `documents` are left out).

    Returns:
        One row per topic: label, terms (pairs counted from these), npmi.
    """
    present = (documents.counts > 0).astype(np.float64).tocsc()
    column_of = {term: index for index, term in enumerate(documents.terms)}
    articles = max(documents.counts.shape[0], 1)
    rows = []
    for label, terms in top_terms.items():
        columns = [column_of[term] for term in terms if term in column_of]
        occurrence = present[:, columns]
        together = (occurrence.T @ occurrence).toarray() / articles
        single = np.diag(together)
        scores = []
        for i, j in combinations(range(len(columns)), 2):
            joint = together[i, j]
            if joint <= 0:
                scores.append(-1.0)
            elif joint >= 1:
                scores.append(1.0)
            else:
                scores.append(float(np.log(joint / (single[i] * single[j])) / -np.log(joint)))
        rows.append({"label": label, "terms": len(columns), "npmi": float(np.mean(scores)) if scores else np.nan})
    return pd.DataFrame(rows, columns=["label", "terms", "npmi"])
