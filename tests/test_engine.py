"""The parallel engines and the streaming pipeline give exactly the tables of the straightforward route."""

from __future__ import annotations

import pandas as pd
import pytest

import presslens
from presslens import sentiment, stance, terms
from presslens.pipeline import SENTIMENT_COLUMNS, TERM_COUNT_COLUMNS, run_pipeline


def _assert_same_corpus(expected: presslens.Corpus, actual: presslens.Corpus) -> None:
    for table in ("articles", "audit", "sentences", "tokens", "skipped"):
        pd.testing.assert_frame_equal(getattr(actual, table), getattr(expected, table), obj=table)


@pytest.fixture(scope="module")
def ukraine_subset(shared_dir):
    return shared_dir / "corpora" / "allsides" / "ukraine-subset.jsonl"


@pytest.fixture(scope="module")
def straightforward(ukraine_subset):
    return presslens.read_corpus(ukraine_subset, engine="pandas", chunk_size=100_000)


def test_chunked_worker_processes_give_the_same_tables(ukraine_subset, straightforward):
    _assert_same_corpus(straightforward, presslens.read_corpus(ukraine_subset, engine="processes", n_jobs=2,
                                                               chunk_size=97))


def test_dask_on_a_two_worker_local_cluster_gives_the_same_tables(ukraine_subset, straightforward):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        _assert_same_corpus(straightforward, presslens.read_corpus(ukraine_subset, engine="dask", chunk_size=120))


def test_an_unknown_engine_is_refused_by_name():
    with pytest.raises(ValueError, match="engine must be one of .* not 'spark'"):
        presslens.read_corpus(engine="spark")


@pytest.fixture(scope="module")
def first_articles(ukraine_subset, tmp_path_factory):
    """The subset's first 80 articles: enough for several chunks, small enough to parse twice in a test."""
    path = tmp_path_factory.mktemp("subset") / "first-80.jsonl"
    with ukraine_subset.open(encoding="utf-8") as source:
        path.write_text("".join(line for _, line in zip(range(80), source)), encoding="utf-8")
    return path


def test_the_streaming_pipeline_gives_the_tables_of_the_straightforward_route(first_articles):
    # The fast path counts tokens per article and word form instead of keeping the token table, runs in two
    # worker processes over chunks of 23 articles, and must still give exactly what the notebooks' route
    # (read_corpus -> tokenize -> term_frequencies, score_sentences, extract_stances) gives. The stance stage
    # parses sentences, so this runs on the subset's first 80 articles, not all 840.
    straightforward = presslens.read_corpus(first_articles, engine="pandas", chunk_size=100_000)
    result = run_pipeline(first_articles, engine="processes", n_jobs=2, chunk_size=23, progress=False, cache=False)
    expected_counts = terms.term_frequencies(straightforward.tokens)[TERM_COUNT_COLUMNS]
    pd.testing.assert_frame_equal(result.term_counts, expected_counts, obj="term_counts")
    expected_scores = sentiment.score_sentences(straightforward.sentences)[SENTIMENT_COLUMNS]
    pd.testing.assert_frame_equal(result.sentence_sentiment, expected_scores, obj="sentence_sentiment")
    pd.testing.assert_frame_equal(result.stances, stance.extract_stances(straightforward.sentences), obj="stances")
    assert (result.sentences, result.tokens) == (len(straightforward.sentences), len(straightforward.tokens))
    assert not result.from_cache
