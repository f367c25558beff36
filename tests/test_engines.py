"""The parallel engines give exactly the tables of the straightforward one."""

from __future__ import annotations

import pandas as pd
import pytest

import presslens


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
