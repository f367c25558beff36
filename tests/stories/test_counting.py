"""Counting once: the figures on all articles and on first copies only, side by side; copies share topics."""

from __future__ import annotations

import pandas as pd
import pytest

import presslens as pl
from presslens import stories

WIRE = ("Russian and Ukrainian delegations met in Istanbul on Friday for their first direct talks in three years, "
        "but the meeting ended after less than two hours without a ceasefire. Both sides agreed to exchange one "
        "thousand prisoners of war each, Turkish officials said.")
OTHER = ("The senate passed the budget bill on Thursday after a long debate over spending cuts and taxes, and the "
         "house is expected to vote on it next week before the deadline.")


def _corpus(tmp_path) -> pl.Corpus:
    for name, date, source, body in (("a", "2025-05-16", "Wire", WIRE), ("b", "2025-05-17", "Herald", WIRE),
                                      ("c", "2025-05-16", "Herald", OTHER)):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: {name}\ndate: {date}\nsource: {source}\n---\n{body}\n",
                                             encoding="utf-8")
    return pl.read_corpus(tmp_path)


def test_counting_once_puts_each_figure_on_all_articles_beside_first_copies(tmp_path):
    corpus = _corpus(tmp_path)
    groups = stories.near_duplicates(corpus)
    assert groups["copy_group"].nunique() == 2
    effect = stories.counting_once(corpus, groups).set_index("measure")
    assert effect.columns.tolist() == ["all_articles", "first_copies", "change", "change_percent"]
    assert effect.loc["articles"].tolist() == [3.0, 2.0, -1.0, -33.33]
    # the wire text has two sentences and is printed twice, the budget text one: 5 sentences, 3 once copies count once
    assert effect.loc["sentences"].tolist() == [5.0, 3.0, -2.0, -40.0]
    assert pd.isna(effect.loc["mean sentence compound", "change_percent"])


def test_copies_get_their_first_articles_topic_and_count_under_their_own_source_unless_deduped(tmp_path):
    corpus = _corpus(tmp_path)
    groups = stories.near_duplicates(corpus)
    ids = corpus.articles.set_index("title")["article_id"]
    assignments = pd.DataFrame({"article_id": [ids["a"], ids["c"]], "topic": pd.array([1, 2], dtype="Int64")})
    spread = stories.spread_to_copies(assignments, groups)
    assert spread.set_index("article_id")["topic"].to_dict() == {ids["a"]: 1, ids["c"]: 2, ids["b"]: 1}
    every = stories.topic_shares(assignments, corpus, groups=groups, dedupe="none")
    assert every[["source", "topic", "articles"]].to_dict("list") == {"source": ["Herald", "Herald", "Wire"],
                                                                      "topic": [1, 2, 1], "articles": [1, 1, 1]}
    once = stories.topic_shares(assignments, corpus, groups=groups, dedupe="first")
    assert once[["source", "topic", "articles"]].to_dict("list") == {"source": ["Herald", "Wire"], "topic": [2, 1],
                                                                     "articles": [1, 1]}


def test_dedupe_corpus_first_keeps_the_earliest_copy_in_every_table_and_none_keeps_all(tmp_path):
    corpus = _corpus(tmp_path)
    ids = corpus.articles.set_index("title")["article_id"]

    once = stories.dedupe_corpus(corpus, "first")

    assert sorted(once.articles["title"]) == ["a", "c"]  # b reprints a's wire text a day later
    for table in (once.sentences, once.tokens, once.audit):
        assert ids["b"] not in set(table["article_id"])
    assert len(once.sentences) == 3 and len(corpus.sentences) == 5
    notes = once.notes()
    assert notes[["file", "article_id", "what"]].values.tolist() == [["b.md", ids["b"], "copy left out"]]
    assert notes["why"].iloc[0].startswith(f"a copy of article {ids['a']} (similarity 1.00)")
    assert stories.dedupe_corpus(corpus, "none") is corpus
    with pytest.raises(ValueError, match="dedupe must be one of \\('none', 'first'\\), not 'all'"):
        stories.dedupe_corpus(corpus, "all")
