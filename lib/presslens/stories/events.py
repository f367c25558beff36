"""Stories: articles about the same event that are not copies, grouped by meaning within a date window.

Method: each copy group counts once (its first article; the copies follow it into its story). The first
articles are embedded by headline and lede (`embed_articles`, MiniLM) and clustered by agglomerative clustering
(scikit-learn, average linkage on cosine distance) cut at `max_distance`, where two articles published more than
`window_days` apart are at the largest distance, so a story cannot stretch far beyond the window. To keep this
fast on large corpora, clustering runs inside the connected parts of the graph of article pairs that are both
within the window and within `max_distance` (no cluster can span two parts). Articles without a date are in no
story. A story needs `min_articles` different texts (copy groups); copies join the story of their first article;
the rest are in no story (`story` missing).

Limits: a story is what reads alike in headline and lede; two reports of one event written from very different
angles may stay apart, and two similar events in one week (two school shootings) may join.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from presslens.stories.copies import keep_first_copies
from presslens.stories.documents import DocumentTerms, class_tfidf
from presslens.stories.embed import embed_articles

DEFAULT_WINDOW_DAYS = 3
DEFAULT_MAX_DISTANCE = 0.35
# rows of embeddings compared with their date window in one matrix product
BLOCK_ROWS = 1024
# a connected part larger than this is clustered in consecutive slices by date (bounds the dense distance matrix)
MAX_PART = 4000


def find_stories(corpus: object, *, groups: pd.DataFrame | None = None, embeddings: np.ndarray | None = None,
                 window_days: int = DEFAULT_WINDOW_DAYS, max_distance: float = DEFAULT_MAX_DISTANCE,
                 min_articles: int = 2) -> pd.DataFrame:
    """Group articles about the same event into stories (see the module docstring).

    Args:
        corpus: a Corpus or an articles table (article_id, title, body or text, published).
        groups: copy groups from `near_duplicates`; without them every article counts on its own.
        embeddings: `embed_articles` rows of `keep_first_copies(articles, groups)` (of all articles without
            `groups`), in table order; computed when not given (in `embed_articles`' default precision, int8).
            With them, only `article_id` and `published` are read.
        window_days: most days between two articles of a story for them to be compared directly.
        max_distance: the cosine distance (1 - cosine similarity) at which average-linkage merging stops.
        min_articles: fewest different texts (copy groups) a story has; its copies come on top.

    Returns:
        One row per article, in table order: article_id, story (1, 2, ... by first date; missing when the article
        is in no story).
    """
    articles = getattr(corpus, "articles", corpus).reset_index(drop=True)
    if embeddings is None:
        embeddings = embed_articles(keep_first_copies(articles, groups) if groups is not None else articles)
    # only ids and dates are read from here on: the texts are not copied
    articles = articles[[column for column in ("article_id", "published") if column in articles.columns]]
    firsts = keep_first_copies(articles, groups) if groups is not None else articles
    published = pd.to_datetime(firsts["published"], errors="coerce") if "published" in firsts.columns else (
        pd.Series(pd.NaT, index=firsts.index))
    dated = np.flatnonzero(published.notna().to_numpy())
    labels = np.full(len(firsts), -1, dtype=np.int64)
    if len(dated) > 1:
        days = published.iloc[dated].to_numpy(dtype="datetime64[D]").astype(np.int64)
        labels[dated] = _cluster(np.asarray(embeddings, dtype=np.float32)[dated], days, window_days=window_days,
                                 max_distance=max_distance)
    story_of_first = pd.Series(labels, index=firsts["article_id"].to_numpy())
    leader = (groups.set_index("article_id")["first_published"] if groups is not None
              else pd.Series(articles["article_id"].to_numpy(), index=articles["article_id"].to_numpy()))
    leaders = leader.reindex(articles["article_id"]).fillna(pd.Series(articles["article_id"].to_numpy(),
                                                                     index=articles["article_id"].to_numpy()))
    texts = story_of_first[story_of_first >= 0].value_counts()  # each first article is one text
    big_enough = texts[texts >= min_articles].index
    story_of_first = story_of_first.where(story_of_first.isin(big_enough), -1)
    raw = story_of_first.reindex(leaders.to_numpy()).fillna(-1).astype(np.int64).to_numpy()
    return _numbered(articles, raw)


def _numbered(articles: pd.DataFrame, raw: np.ndarray) -> pd.DataFrame:
    """Stories numbered 1, 2, ... by first date, then size (largest first), then first article id."""
    frame = pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "raw": raw,
                          "published": pd.to_datetime(articles["published"], errors="coerce").to_numpy()})
    sized = frame[frame["raw"] >= 0].groupby("raw").agg(size=("article_id", "size"), first=("published", "min"),
                                                         first_id=("article_id", "min"))
    sized = sized.sort_values(["first", "size", "first_id"], ascending=[True, False, True])
    number = pd.Series(np.arange(1, len(sized) + 1), index=sized.index)
    story = frame["raw"].map(number).astype("Int64")
    return pd.DataFrame({"article_id": frame["article_id"], "story": story})


def _neighbour_parts(vectors: np.ndarray, days: np.ndarray, *, window_days: int, max_distance: float) -> np.ndarray:
    """Connected parts of the graph of pairs within `window_days` and `max_distance` (rows sorted by day)."""
    count = len(vectors)
    rows, columns = [], []
    for start in range(0, count, BLOCK_ROWS):
        stop = min(count, start + BLOCK_ROWS)
        reach = int(np.searchsorted(days, days[stop - 1] + window_days, side="right"))
        similarity = vectors[start:stop] @ vectors[start:reach].T
        near = similarity >= 1 - max_distance
        near &= (days[start:reach][None, :] - days[start:stop][:, None]) <= window_days
        i, j = np.nonzero(near)
        keep = (j + start) > (i + start)
        rows.append(i[keep] + start)
        columns.append(j[keep] + start)
    rows, columns = np.concatenate(rows), np.concatenate(columns)
    graph = sparse.coo_matrix((np.ones(len(rows)), (rows, columns)), shape=(count, count))
    return connected_components(graph, directed=False)[1]


def _cluster(vectors: np.ndarray, days: np.ndarray, *, window_days: int, max_distance: float) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    order = np.argsort(days, kind="stable")
    vectors, days = vectors[order], days[order]
    parts = _neighbour_parts(vectors, days, window_days=window_days, max_distance=max_distance)
    labels = np.full(len(vectors), -1, dtype=np.int64)
    next_label = 0
    for members in pd.Series(np.arange(len(vectors))).groupby(parts).indices.values():
        if len(members) == 1:
            continue
        for piece in np.array_split(members, int(np.ceil(len(members) / MAX_PART))):
            if len(piece) == 2:
                found = np.zeros(2, dtype=np.int64)
            else:
                distance = 1 - vectors[piece] @ vectors[piece].T
                distance[np.abs(days[piece][:, None] - days[piece][None, :]) > window_days] = 2.0
                np.fill_diagonal(distance, 0)
                found = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                                distance_threshold=max_distance).fit_predict(
                                                    np.clip(distance, 0, 2).astype(np.float64))
            labels[piece] = found + next_label
            next_label += int(found.max()) + 1
    result = np.empty_like(labels)
    result[order] = labels
    return result


def story_summary(stories: pd.DataFrame, corpus: object, documents: DocumentTerms, *, terms: int = 6) -> pd.DataFrame:
    """One row per story: its size, sources, date span, key terms (class-based TF-IDF) and first headline.

    Args:
        stories: from `find_stories`.
        corpus: the Corpus or articles table the stories came from.
        documents: `document_terms` of the same articles (rows in the same order).
        terms: key terms per story.

    Returns:
        Columns story, articles, sources, first_date, last_date, days, key_terms ("a, b, c"), headline (of the
        story's earliest article), sorted by story.
    """
    articles = getattr(corpus, "articles", corpus)
    table = stories.merge(articles[["article_id", "title", "source", "published"]], on="article_id", how="left")
    table["published"] = pd.to_datetime(table["published"], errors="coerce")
    table = table[table["story"].notna()]
    columns = ["story", "articles", "sources", "first_date", "last_date", "days", "key_terms", "headline"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    label_of = stories.set_index("article_id")["story"]
    labels = label_of.reindex(documents.article_ids).astype("float64").fillna(-1).to_numpy()
    key = class_tfidf(documents, labels, top_n=terms).groupby("label")["term"].agg(", ".join)
    first = table.sort_values(["published", "article_id"]).groupby("story").first()
    summary = table.groupby("story").agg(articles=("article_id", "size"), sources=("source", "nunique"),
                                         first_date=("published", "min"), last_date=("published", "max"))
    summary["days"] = (summary["last_date"] - summary["first_date"]).dt.days + 1
    summary["key_terms"] = key.reindex(summary.index.astype("int64")).fillna("").to_numpy()
    summary["headline"] = first["title"]
    for column in ("first_date", "last_date"):
        summary[column] = summary[column].dt.date
    return summary.reset_index().astype({"story": "int64"})[columns].sort_values("story", ignore_index=True)


def describe_stories(stories: pd.DataFrame, corpus: object) -> str:
    """One sentence on the stories found, or on why there are none."""
    articles = getattr(corpus, "articles", corpus)
    dated = int(pd.to_datetime(articles["published"], errors="coerce").notna().sum()) if "published" in articles else 0
    found = int(stories["story"].nunique())
    if dated < 2:
        return (f"Stories need at least two dated articles about one event; this corpus has {len(articles):,} "
                f"article{'s' * (len(articles) != 1)}, {dated} dated: no stories.")
    held = int(stories["story"].notna().sum())
    return f"{found:,} stories hold {held:,} of {len(stories):,} articles ({dated:,} dated)."
