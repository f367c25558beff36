"""`presslens.analyse`: the tables every notebook reads, computed once in fixed chunks, kept, and resumable."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import presslens
from presslens import analysis as analysis_module, sentiment, stance

ARTICLES = 12
CHUNK = 5  # three chunks: 5, 5 and 2 articles


@pytest.fixture(scope="module")
def twelve_articles(shared_dir, tmp_path_factory):
    """The first twelve articles of the AllSides Ukraine subset (several outlets, quotes, stances)."""
    source = shared_dir / "corpora" / "allsides" / "ukraine-subset.jsonl"
    path = tmp_path_factory.mktemp("analysis") / "twelve.jsonl"
    with source.open(encoding="utf-8") as lines:
        path.write_text("".join(line for _, line in zip(range(ARTICLES), lines)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_chunks():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(analysis_module, "CHUNK_ARTICLES", CHUNK)
        yield


@pytest.fixture(scope="module")
def analysed(twelve_articles, small_chunks, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kept")
    return folder, presslens.analyse(twelve_articles, engine="processes", n_jobs=2, cache=folder)


def test_the_chunked_analysis_gives_the_tables_of_the_direct_calls(twelve_articles, analysed):
    _, result = analysed
    corpus = presslens.read_corpus(twelve_articles, errors="report")
    for name in ("articles", "audit", "sentences", "tokens"):
        pd.testing.assert_frame_equal(getattr(result.corpus, name), getattr(corpus, name), obj=name)
    quotes, stances = stance.extract_quotes_and_stances(corpus)
    pd.testing.assert_frame_equal(result.quotes, quotes, obj="quotes")
    pd.testing.assert_frame_equal(result.stances, stances, obj="stances")
    pd.testing.assert_frame_equal(result.stances, stance.extract_stances(corpus), obj="extract_stances")
    mentions = result.mentions.drop(columns=["label", "score", "method"])
    pd.testing.assert_frame_equal(mentions, stance.find_mentions(corpus), obj="mentions")
    assert set(result.mentions["method"]) == {sentiment.best_method()}
    assert result.mentions["label"].isin(["negative", "neutral", "positive"]).all()
    expected = sentiment.score_sentences(corpus.sentences)
    pd.testing.assert_frame_equal(result.sentence_scores(), expected, obj="sentence scores")
    assert len(result.corpus.articles) == result.read == ARTICLES
    assert not result.from_cache and len(result.stances) > 0 and len(result.quotes) > 0
    assert result.stage_seconds["stage"].tolist() == ["clean, sentences, tokens", "parse, quotes, stances",
                                                      "sentence sentiment", "actor mentions", "target sentiment"]
    assert (result.stage_seconds["cpu_seconds"] > 0).all()


def test_a_second_call_reads_the_kept_tables(twelve_articles, analysed):
    folder, first = analysed
    again = presslens.analyse(twelve_articles, cache=folder)
    assert again.from_cache
    pd.testing.assert_frame_equal(again.stage_seconds, first.stage_seconds, obj="CPU seconds of the computation")
    for name in ("mentions", "quotes", "stances", "scores"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(first, name), obj=name)
    pd.testing.assert_frame_equal(again.corpus.tokens, first.corpus.tokens)
    assert not list(folder.glob("*.chunks")), "the chunks are joined and removed once every chunk is done"


def test_an_interrupted_run_resumes_from_the_chunks_already_done(twelve_articles, analysed, small_chunks,
                                                                 tmp_path, monkeypatch):
    _, complete = analysed
    real_chunk = analysis_module.analyse_chunk
    calls = []

    def failing_third(articles, **options):
        calls.append(articles["article_id"].iloc[0])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_chunk(articles, **options)

    monkeypatch.setattr(analysis_module, "analyse_chunk", failing_third)
    with pytest.raises(KeyboardInterrupt):
        presslens.analyse(twelve_articles, engine="pandas", cache=tmp_path)
    kept = sorted(path.name for path in tmp_path.glob("*.chunks/*"))
    assert kept == ["00000", "00001"]

    calls.clear()
    resumed = presslens.analyse(twelve_articles, engine="pandas", cache=tmp_path)
    assert len(calls) == 1, "only the chunk not done yet is computed"
    assert not resumed.from_cache
    for name in ("mentions", "quotes", "stances", "scores"):
        pd.testing.assert_frame_equal(getattr(resumed, name), getattr(complete, name), obj=name)


def test_an_edited_article_is_analysed_anew(twelve_articles, small_chunks, tmp_path):
    records = [json.loads(line) for line in twelve_articles.read_text(encoding="utf-8").splitlines()[:3]]
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    assert presslens.analyse(path, cache=tmp_path / "kept").from_cache is False
    assert presslens.analyse(path, cache=tmp_path / "kept").from_cache is True
    records[1]["content_original"] = records[1]["content_original"].replace(".", ". Officials declined to comment.", 1)
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    assert presslens.analyse(path, cache=tmp_path / "kept").from_cache is False


def test_counting_copies_once_leaves_them_out_of_every_table(twelve_articles, small_chunks, tmp_path):
    records = [json.loads(line) for line in twelve_articles.read_text(encoding="utf-8").splitlines()[:3]]
    copy = {**records[0], "ID": "wire-copy", "source": "Another outlet"}
    copy["date"] = "2099-01-01"  # published later, so the original counts
    path = tmp_path / "with-copy.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in [*records, copy]), encoding="utf-8")
    everything = presslens.analyse(path, cache=tmp_path / "kept")
    once = presslens.analyse(path, cache=tmp_path / "kept", dedupe="first")
    copy_id = next(article_id for article_id in everything.corpus.articles["article_id"]
                   if article_id not in set(once.corpus.articles["article_id"]))
    assert once.articles_counted().to_dict("records") == [{"dedupe": "first", "articles": 4, "counted": 3}]
    for table in (once.corpus.sentences, once.corpus.tokens, once.mentions, once.quotes, once.stances, once.scores):
        assert copy_id not in set(table["article_id"])
    assert (everything.mentions["article_id"] == copy_id).any()
    assert "copy left out" in set(once.corpus.notes()["what"])


def test_the_sentence_label_threshold_is_applied_to_the_kept_scores(analysed):
    _, result = analysed
    strict = result.sentence_scores(threshold=0.5)
    assert (strict.loc[strict["compound"].abs() < 0.5, "label"] == "neutral").all()
    assert (strict["label"] != result.sentence_scores()["label"]).any()
    with pytest.raises(ValueError, match="threshold"):
        result.sentence_scores(threshold=1.5)


def test_entity_discovery_runs_once_and_is_kept(analysed, monkeypatch):
    folder, result = analysed
    first = result.discovery()
    assert len(first.entities) > 0
    monkeypatch.setattr(presslens.entities, "discover_all", lambda *_args, **_kwargs: pytest.fail("ran again"))
    again = presslens.analyse(result.corpus.articles["path"].iloc[0], cache=folder).discovery()
    pd.testing.assert_frame_equal(again.entities, first.entities)
    pd.testing.assert_frame_equal(again.ambiguities, first.ambiguities)


def test_story_vectors_are_embedded_once_for_the_first_copies(analysed, monkeypatch):
    from presslens import stories

    folder, result = analysed
    firsts, vectors = result.first_copies_embedded()
    expected_firsts = stories.keep_first_copies(result.corpus.articles, stories.near_duplicates(result.corpus))
    pd.testing.assert_frame_equal(firsts, expected_firsts)
    assert vectors.shape == (len(firsts), 384) and vectors.dtype == "float32"
    assert abs(float(vectors[0] @ vectors[0]) - 1) < 1e-3
    assert (vectors == stories.embed_articles(firsts)).all()
    monkeypatch.setattr(stories, "embed_articles", lambda *_args, **_kwargs: pytest.fail("embedded again"))
    _, again = presslens.analyse(result.corpus.articles["path"].iloc[0], cache=folder).first_copies_embedded()
    assert (again == vectors).all()


def test_a_corpus_with_no_readable_article_is_refused_naming_the_folder_and_the_reason(tmp_path):
    (tmp_path / "blank.txt").write_text("   \n", encoding="utf-8")
    with pytest.raises(presslens.CorpusError, match=r"blank\.txt: empty article"):
        presslens.analyse(tmp_path, cache=tmp_path / "kept")
    assert not (tmp_path / "kept").exists(), "nothing is kept for a corpus that could not be read"
