"""read_corpus: the whole load -> clean -> segment route, offline, on the seed and on a real corpus."""

from __future__ import annotations

import warnings

import socket

import nltk
import pandas as pd
import pytest

import presslens
from presslens import config
from presslens.engine import MAX_CHUNK_SIZE, chunks_of, default_chunk_size, workers_of


def test_seed_corpus_is_the_default_and_yields_one_article_with_its_tables():
    corpus = presslens.read_corpus()
    assert corpus.articles["article_id"].tolist() == ["000_ca096e530bf6cc93"]
    assert corpus.articles.loc[0, "title"] == "Deception and Tension: Unveiling the Events of the Istanbul Negotiations"
    assert corpus.articles.loc[0, "editor"] == "Ali Musa"
    assert len(corpus.sentences) == 37
    assert corpus.skipped.empty
    body = corpus.articles.loc[0, "body"]
    assert all(body[start:end] == token for token, start, end in
               zip(corpus.tokens["token"], corpus.tokens["start"], corpus.tokens["end"]))


def test_counts_add_up_to_the_tables():
    corpus = presslens.read_corpus()
    counts = corpus.counts()
    assert counts.loc[0, "sentences"] == len(corpus.sentences)
    assert counts.loc[0, "tokens"] == len(corpus.tokens)
    assert counts.loc[0, "removed_lines"] == len(corpus.audit) == 6


def test_pipeline_runs_with_downloads_and_network_forbidden(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("presslens tried to reach the network")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from presslens.sentiment import lexicon

    from presslens.text import punkt

    punkt.punkt_tokenizer.cache_clear()
    lexicon.sentiment_analyzer.cache_clear()
    corpus = presslens.read_corpus(config.SEEDS_DIR)
    assert len(corpus.tokens) > 900
    assert lexicon.sentiment_analyzer().polarity_scores("a great deal")["compound"] > 0


def test_a_folder_with_a_bad_file_reports_it_and_loads_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("A title\n\nRussia and Ukraine met in Istanbul.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    corpus = presslens.read_corpus(tmp_path, errors="report")
    assert corpus.articles["article_id"].tolist() == ["good"]
    assert corpus.skipped["reason"].str.contains("empty").tolist() == [True]
    with pytest.raises(presslens.CorpusError, match="empty.txt"):
        presslens.read_corpus(tmp_path)


def test_notes_say_what_was_left_out_and_what_was_read_otherwise_than_written(tmp_path):
    (tmp_path / "a-good.txt").write_text("A title\n\nRussia and Ukraine met in Istanbul.", encoding="utf-8")
    (tmp_path / "b-lines.jsonl").write_text('{"text": "Talks began."}\n{broken\n', encoding="utf-8")
    (tmp_path / "c-windows.txt").write_bytes("Caf\u00e9 talks\n\nThey met at the caf\u00e9.".encode("cp1252"))
    (tmp_path / "d-pasted.txt").write_text("Title\n\n<p>Talks <b>resumed</b>.</p>", encoding="utf-8")
    (tmp_path / "e-endless.txt").write_text("Title\n\n" + "and the talks went on " * 500, encoding="utf-8")

    (tmp_path / "f-headline.jsonl").write_text('{"title": "Talks end", "text": "Talks end"}\n', encoding="utf-8")

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reported in the notes, not raised as warnings as well
        notes = presslens.read_corpus(tmp_path, errors="report").notes()

    assert notes.columns.tolist() == ["file", "line", "article_id", "what", "why"]
    assert notes[["file", "line", "what"]].astype(object).values.tolist() == [
        ["b-lines.jsonl", 2, "skipped"],
        ["c-windows.txt", pd.NA, "read otherwise than written"],
        ["d-pasted.txt", pd.NA, "read otherwise than written"],
        ["f-headline.jsonl", pd.NA, "empty"],
        ["e-endless.txt", pd.NA, "cut sentence"]]
    assert notes["article_id"].fillna("(none)").tolist() == [
        "(none)", "c-windows", "d-pasted", "f-headline-1", "e-endless"]
    assert notes["why"].tolist()[1:] == [
        "not valid UTF-8; decoded as cp1252 (Windows-1252)",
        "HTML markup in a .txt file: 4 tag(s) removed, entities decoded",
        "the record holds nothing beyond its headline: no body to analyse (its headline is kept)",
        "10,999 characters without a sentence end cut into 3 pieces (sentences 0 to 2)"]
    assert str(tmp_path) not in notes.to_string()
    assert presslens.read_corpus(config.DEFAULT_CORPUS).notes().empty


@pytest.mark.shared
def test_ukraine_subset_loses_no_article_and_leaves_no_body_empty(shared_dir):
    corpus = presslens.read_corpus(shared_dir / "corpora" / "allsides" / "ukraine-subset.jsonl")
    assert len(corpus.articles) == 840
    assert corpus.articles["article_id"].is_unique
    assert (corpus.articles["body"].str.strip() != "").all()
    assert set(corpus.sentences["article_id"]) == set(corpus.articles["article_id"])
    assert corpus.skipped.empty


def test_chunks_are_large_but_every_worker_gets_four():
    assert default_chunk_size(37_554, workers=2) == MAX_CHUNK_SIZE
    assert default_chunk_size(5_000, workers=2) == 625
    assert len(chunks_of(pd.DataFrame({"n": range(5_000)}), default_chunk_size(5_000, workers=2))) == 8
    assert default_chunk_size(3, workers=2) == 1
    assert workers_of("pandas", 8) == 1 and workers_of("processes", 3) == 3
