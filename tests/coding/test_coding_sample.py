"""sample_items: a seeded, stratified sample of the tool's findings, each item with a stable id and its evidence."""

from __future__ import annotations

import pytest

from presslens import coding


def test_the_same_seed_draws_the_same_items_and_another_seed_others(seed_tables):
    first = coding.sample_items(seed_tables, n=4, seed=1)
    again = coding.sample_items(seed_tables, n=4, seed=1)
    other = coding.sample_items(seed_tables, n=4, seed=2)
    assert list(first["item_id"]) == list(again["item_id"])
    assert first["sample_id"].iloc[0] == again["sample_id"].iloc[0] != other["sample_id"].iloc[0]
    assert set(first["item_id"]) != set(other["item_id"])


def test_every_stratum_is_drawn_and_the_weights_add_up_to_the_tools_findings(seed_tables):
    items = coding.sample_items(seed_tables, n=5, seed=3)
    weights = items.groupby("task")["weight"].sum().round(6)
    assert weights["stance"] == len(seed_tables["stances"])
    assert weights["quote"] == len(seed_tables["quotes"])
    assert weights["sentiment"] == len(seed_tables["mentions"])
    stance = items[items["task"] == "stance"]
    assert set(stance["stratum"]) == set(
        seed_tables["stances"].apply(lambda s: f"{s.rule} / {'+1' if s.stance > 0 else '-1'}", axis=1).radd(
            stance["source"].iloc[0] + " / "))
    assert items.groupby("task").size().max() <= 5


def test_the_missed_sample_holds_only_sentences_without_a_statement_or_a_quote(seed_items, seed_tables):
    found = set(zip(seed_tables["stances"]["article_id"], seed_tables["stances"]["sentence_id"]))
    for quote in seed_tables["quotes"].itertuples():
        found |= {(quote.article_id, s) for s in range(quote.sentence_id, quote.sentence_id_end + 1)}
    missed = seed_items[seed_items["task"] == "missed"]
    assert len(missed) == len(seed_tables["sentences"]) - len(found)
    assert not found & set(zip(missed["article_id"], missed["sentence_id"]))


def test_each_item_has_a_unique_id_and_its_evidence_marks_holder_and_target(seed_items):
    assert seed_items["item_id"].is_unique
    first = seed_items[seed_items["task"] == "stance"].iloc[0]
    assert first["item_id"] == coding.sample.item_id("stance", first["article_id"], first["sentence_id"],
                                                     first["tool_answer"])
    assert "[[" in first["sentence"] and "{{" in first["sentence"]
    mention = seed_items[seed_items["task"] == "sentiment"].iloc[0]
    assert f"[[{mention['sentence'].split('[[')[1].split(']]')[0]}]]" in mention["sentence"]
    assert seed_items.loc[seed_items["sentence_id"] > 0, "before"].ne("").all()


def test_n_must_be_a_whole_number(seed_tables):
    with pytest.raises(ValueError, match="whole number"):
        coding.sample_items(seed_tables, n=-1)
