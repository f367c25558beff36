"""The on-disk cache of processed tables: read back unchanged, keyed by everything the tables depend on."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from presslens import config
from presslens.io import cache
from presslens.io.load import load_articles
from presslens.pipeline import run_pipeline


def _assert_same_result(expected, actual) -> None:
    for table in ("articles", "sentence_sentiment", "term_counts", "stances"):
        pd.testing.assert_frame_equal(getattr(actual, table), getattr(expected, table), obj=table)
    assert (actual.sentences, actual.tokens) == (expected.sentences, expected.tokens)


def test_a_second_run_reads_the_same_tables_from_the_cache(tmp_path, seed_path):
    first = run_pipeline(seed_path, engine="pandas", progress=False, cache=tmp_path)
    second = run_pipeline(seed_path, engine="pandas", progress=False, cache=tmp_path)
    assert not first.from_cache and second.from_cache
    _assert_same_result(first, second)
    assert len(first.stances) > 0 and first.sentences > 30
    (folder,) = tmp_path.iterdir()
    assert folder.name.startswith("pipeline-")
    assert sorted(path.name for path in folder.iterdir()) == [
        "about.json", "sentence_sentiment.parquet", "sizes.parquet", "stances.parquet", "term_counts.parquet"]


def test_without_the_cache_nothing_is_written(tmp_path, seed_path, monkeypatch):
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    result = run_pipeline(seed_path, engine="pandas", progress=False, cache=False)
    assert not result.from_cache and not (tmp_path / "processed").exists()


def test_the_key_changes_with_the_articles_the_version_and_the_instruments(tmp_path, seed_path, monkeypatch):
    articles = load_articles(seed_path)
    key = cache.cache_key(articles, purpose="pipeline", options={})
    assert cache.cache_key(articles.copy(), purpose="pipeline", options={}) == key

    edited_file = tmp_path / seed_path.name
    edited_file.write_text(seed_path.read_text(encoding="utf-8").replace("Russia", "Rusia", 1), encoding="utf-8")
    edited = load_articles(edited_file).assign(path=articles["path"])  # only the text (and its sha256) differ
    assert edited.drop(columns=["text", "sha256"]).equals(articles.drop(columns=["text", "sha256"]))
    assert cache.cache_key(edited, purpose="pipeline", options={}) != key
    retitled = articles.copy()
    retitled.loc[0, "title"] = "Another title"
    assert cache.cache_key(retitled, purpose="pipeline", options={}) != key
    assert cache.cache_key(articles, purpose="pipeline", options={"chunk": 1}) != key

    monkeypatch.setattr(cache, "PRESSLENS_VERSION", cache.PRESSLENS_VERSION + ".post1")
    assert cache.cache_key(articles, purpose="pipeline", options={}) != key
    monkeypatch.undo()

    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data, ignore=shutil.ignore_patterns("raw", "processed"))
    monkeypatch.setattr(config, "INSTRUMENTS_DIR", data)
    assert cache.cache_key(articles, purpose="pipeline", options={}) == key
    stopwords = data / "stopwords-en.txt"
    stopwords.write_text(stopwords.read_text(encoding="utf-8") + "kremlin\n", encoding="utf-8")
    assert cache.cache_key(articles, purpose="pipeline", options={}) != key


def test_a_damaged_cache_file_is_recomputed_with_a_warning(tmp_path, seed_path):
    first = run_pipeline(seed_path, engine="pandas", progress=False, cache=tmp_path)
    (folder,) = tmp_path.iterdir()
    (folder / "stances.parquet").write_bytes(b"not parquet")
    with pytest.warns(UserWarning, match="could not be read"):
        again = run_pipeline(seed_path, engine="pandas", progress=False, cache=tmp_path)
    assert not again.from_cache
    _assert_same_result(first, again)
    assert pd.read_parquet(folder / "stances.parquet").shape == first.stances.shape


@pytest.mark.parametrize("tampering", ["other-columns", "other-table", "copied-under-another-key", "no-about"])
def test_a_cache_folder_that_is_not_what_its_key_says_is_recomputed_with_a_warning(tmp_path, seed_path, tampering):
    first = run_pipeline(seed_path, engine="pandas", progress=False, cache=tmp_path)
    (folder,) = tmp_path.iterdir()
    if tampering == "other-columns":  # a valid parquet file, not the table: it raised KeyError
        pd.DataFrame({"term": ["x"], "n": [1]}).to_parquet(folder / "term_counts.parquet")
    elif tampering == "other-table":  # a valid table of the wrong kind: it was served as if right
        shutil.copy(folder / "sentence_sentiment.parquet", folder / "stances.parquet")
    elif tampering == "copied-under-another-key":
        about = json.loads((folder / "about.json").read_text())
        (folder / "about.json").write_text(json.dumps({**about, "key": "pipeline-000000000000000000000000"}))
    else:
        (folder / "about.json").unlink()

    with pytest.warns(UserWarning, match=rf"cache folder {folder} could not be read \(.+\); computing the tables anew"):
        again = run_pipeline(seed_path, engine="pandas", progress=False, cache=tmp_path)

    assert not again.from_cache
    _assert_same_result(first, again)
    assert run_pipeline(seed_path, engine="pandas", progress=False, cache=tmp_path).from_cache  # written anew
