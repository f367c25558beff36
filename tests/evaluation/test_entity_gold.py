"""The entity gold set of unseen news: its coding read back and checked, and the held-out figures notebook 03 shows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import presslens as pl
from presslens.evaluation import entity_gold

import project_tools


def load_tool():
    return project_tools.load("evaluate_entities")


def test_every_listed_article_is_coded_by_both_coders():
    listed = entity_gold.articles()
    assert listed["article_id"].is_unique
    for corpus in entity_gold.corpora():
        wanted = set(listed.loc[listed["corpus"] == corpus, "article_id"])
        for coder in entity_gold.CODERS:
            coded = entity_gold.codings(coder, corpus)
            assert set(coded) == wanted
            assert sum(len(actors) for actors in coded.values()) >= 5 * len(wanted)   # news names its actors


def test_a_bad_coding_line_is_named_by_file_and_line(tmp_path: Path, monkeypatch):
    shutil.copy(entity_gold.GOLDSET_DIR / "articles.csv", tmp_path / "articles.csv")
    corpus, article = entity_gold.articles().iloc[0][["corpus", "article_id"]]
    bad = {"article_id": article, "entities": [{"entity": "Marco Rubio", "kind": "senator", "forms": ["Rubio"]}]}
    (tmp_path / "coder-a.jsonl").write_text(json.dumps(bad) + "\n", encoding="utf-8")
    monkeypatch.setattr(entity_gold, "GOLDSET_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"coder-a\.jsonl, line 1: actor 'Marco Rubio'"):
        entity_gold.codings("a", corpus)
    with pytest.raises(ValueError, match="expected one of"):
        entity_gold.codings("a", "no such corpus")


def test_the_coders_forms_are_words_of_the_articles(shared_dir: Path, tmp_path: Path):
    for corpus in entity_gold.corpora():
        texts = {article.article_id: f"{article.title}\n{article.text}" for article in
                 pl.read_corpus(entity_gold.write_corpus(tmp_path, corpus, shared_dir=shared_dir)).articles.itertuples()}
        for coder in entity_gold.CODERS:
            forms = [(article, form) for article, actors in entity_gold.codings(coder, corpus).items()
                     for actor in actors for form in actor["forms"]]
            written = sum(form.replace("’", "'") in texts[article].replace("’", "'") for article, form in forms)
            assert written / len(forms) >= 0.9, f"{corpus}, coder {coder}: forms not found in the texts"


def test_the_stored_figures_are_what_the_check_measures_today(shared_dir: Path):
    tool = load_tool()
    stored = entity_gold.measured().set_index("corpus")
    assert list(stored.index) == entity_gold.corpora()
    for corpus in entity_gold.corpora():
        figures, table = tool.evaluate(corpus)
        assert len(table) == stored.at[corpus, "top"]
        for column in ("f1", "found", "aliases_merged", "kind_right", "precision_at_20_listed"):
            assert figures[column] == pytest.approx(stored.at[corpus, column], abs=0.0005), column
    assert pd.api.types.is_float_dtype(stored["found"])
