"""Stories: close articles within the date window group, far ones in time or meaning do not, copies follow."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from presslens.stories import documents, events


def _articles(dates: list[str]) -> pd.DataFrame:
    count = len(dates)
    return pd.DataFrame({"article_id": [f"a{n}" for n in range(count)], "title": [f"Headline {n}" for n in range(count)],
                         "body": ["Talks in Istanbul ended without a ceasefire."] * count,
                         "source": [f"Outlet {n % 2}" for n in range(count)], "published": pd.to_datetime(dates)})


def _vectors(directions: list[int], *, tilt: float = 0.1) -> np.ndarray:
    """Unit vectors, one per article: `directions[i]` picks an axis, and each gets a small private tilt."""
    vectors = np.zeros((len(directions), 384), dtype=np.float32)
    for row, axis in enumerate(directions):
        vectors[row, axis] = 1.0
        vectors[row, 100 + row] = tilt
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_articles_close_in_meaning_and_time_form_a_story_and_others_do_not():
    articles = _articles(["2025-05-16", "2025-05-17", "2025-05-30", "2025-05-16", None])
    stories = events.find_stories(articles, embeddings=_vectors([0, 0, 0, 1, 0]), window_days=3,
                                  max_distance=0.35)
    # a2 reads like a0 and a1 but comes 13 days later; a3 is another event; a4 has no date
    assert _stories(stories) == [1, 1, 0, 0, 0]


def _stories(table: pd.DataFrame) -> list[int]:
    return table["story"].fillna(0).astype(int).tolist()  # 0: in no story


def test_copies_join_the_story_of_their_first_article_but_do_not_make_a_story_alone():
    articles = _articles(["2025-05-16", "2025-05-17", "2025-05-16", "2025-05-16", "2025-05-17"])
    groups = pd.DataFrame({"article_id": [f"a{n}" for n in range(5)], "copy_group": [1, 2, 1, 3, 3],
                           "similarity": [1.0, 1.0, 0.9, 1.0, 0.95], "first_published": ["a0", "a1", "a0", "a3", "a3"]})
    # only the first articles a0, a1, a3 are embedded: a0 and a1 read alike; a2 copies a0, a4 copies a3
    stories = events.find_stories(articles, groups=groups, embeddings=_vectors([0, 0, 1]), min_articles=2)
    assert _stories(stories) == [1, 1, 1, 0, 0]
    fewer = events.find_stories(articles, groups=groups, embeddings=_vectors([0, 0, 1]), min_articles=3)
    assert _stories(fewer) == [0, 0, 0, 0, 0]


def test_with_embeddings_given_only_ids_and_dates_are_needed():
    articles = _articles(["2025-05-16", "2025-05-17", "2025-05-16"])
    stories = events.find_stories(articles[["article_id", "published"]], embeddings=_vectors([0, 0, 1]))
    assert _stories(stories) == [1, 1, 0]


def test_story_summary_names_each_story_by_its_terms_and_dates():
    articles = _articles(["2025-05-16", "2025-05-18", "2025-05-16"]).assign(
        body=["Prisoner swap agreed in Istanbul talks.", "Istanbul talks end with a prisoner swap.",
              "Budget vote in the senate."])
    stories = events.find_stories(articles, embeddings=_vectors([0, 0, 1]))
    summary = events.story_summary(stories, articles, documents.document_terms(articles, min_df=1), terms=3)
    assert summary.columns.tolist() == ["story", "articles", "sources", "first_date", "last_date", "days",
                                        "key_terms", "headline"]
    row = summary.iloc[0]
    assert (row["story"], row["articles"], row["sources"], row["days"], row["headline"]) == (1, 2, 2, 3, "Headline 0")
    assert set(row["key_terms"].split(", ")) <= {"istanbul", "prisoner", "swap", "talk", "agree", "end", "headline"}


@pytest.mark.slow
def test_the_encoder_puts_two_reports_of_one_event_closer_than_another_event():
    pytest.importorskip("sentence_transformers")
    from presslens.stories import embed

    vectors = embed.embed_texts(["Russia and Ukraine hold first direct peace talks in Istanbul",
                                 "Ukrainian and Russian delegations meet in Turkey for negotiations",
                                 "Senate passes spending bill to avert government shutdown"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
