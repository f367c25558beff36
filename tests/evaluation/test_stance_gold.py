"""The stance gold set of unseen news: its matching rule, its coding read back, and the figures notebook 03 shows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from presslens.evaluation import stance_gold

import project_tools

STATEMENT = {"article_id": "a", "sentence": "Sen. John McCain criticized the health care law on Sunday.",
             "holder": "John McCain", "holder_text": "Sen. John McCain", "target_text": "the health care law",
             "target_head": "law", "sign": -1}


@pytest.mark.parametrize(("change", "matches"), [
    ({}, True),
    ({"holder": "McCain", "holder_text": "he"}, True),                     # one shared name word is enough
    ({"target_text": "the law", "target_head": "law"}, True),             # the head is among the other's words
    ({"holder": "Lindsey Graham", "holder_text": "Graham"}, False),
    ({"target_text": "the website", "target_head": "website"}, False),
    ({"sign": 1}, False),
    ({"sentence": "McCain praised the law in another speech."}, False),
])
def test_two_statements_match_on_sentence_holder_target_and_sign(change: dict, matches: bool):
    assert stance_gold.statements_match(STATEMENT, STATEMENT | change) is matches


@pytest.mark.parametrize(("one", "other", "same"), [
    (["IOC"], ["International Olympic Committee"], True),     # initials
    (["U.N."], ["United Nations"], True),
    (["Obama"], ["President Barack Obama"], True),           # a shared name word
    (["US"], ["Donald Trump"], False),
    (["NATO"], ["National Rifle Association"], False),      # initials must spell the whole name
])
def test_two_names_agree_on_a_shared_word_or_on_initials(one: list, other: list, same: bool):
    assert stance_gold.same_actor(one, other) is same


def test_precision_and_recall_count_each_gold_statement_once():
    gold = pd.DataFrame([STATEMENT, STATEMENT | {"target_text": "the website", "target_head": "website"}])
    tool = pd.DataFrame([STATEMENT, STATEMENT, STATEMENT | {"sign": 1}])
    scores = stance_gold.precision_recall(gold, tool, resamples=50).iloc[0]
    assert (scores["matched"], scores["precision"], scores["recall"]) == (1, 0.333, 0.5)


def test_the_measured_figures_cover_both_splits_and_name_bad_requests():
    statements = stance_gold.measured("statements")
    assert statements["split"].tolist() == ["dev", "test"]
    assert ((statements["precision_low"] <= statements["precision"])
            & (statements["precision"] <= statements["precision_high"])).all()
    assert set(stance_gold.measured("quotes")["split"]) == {"dev", "test"}
    with pytest.raises(ValueError, match="expected one of"):
        stance_gold.measured("speed")


def test_the_coding_points_at_the_sentences_the_coders_read(shared_dir: Path):
    coded = stance_gold.gold_table("statements-adjudicated", shared_dir=shared_dir)
    hashes = [hashlib.sha1(text.encode()).hexdigest()[:12] for text in coded["text"]]
    assert hashes == coded["sentence_sha1"].tolist()
    assert set(coded["split"]) == {"dev", "test"}
    listed = pd.read_csv(stance_gold.GOLDSET_DIR / "articles.csv")
    assert listed.groupby("split").size().to_dict() == {"dev": 128, "test": 40}
    assert set(coded["article_id"]) <= set(listed["article_id"])


def test_the_scorer_stores_no_figures_of_a_single_batch(monkeypatch):
    tool = project_tools.load("evaluate_stance")
    monkeypatch.setattr(tool, "evaluate", lambda *args, **kwargs: pytest.fail("scored a batch meant for --write"))
    with pytest.raises(SystemExit):
        tool.main(["--topics", "russia", "--write"])
