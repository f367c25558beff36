"""The tool that adds a batch of coded articles to the stance gold set (tools/stance_gold_batch.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from presslens import config
from presslens.evaluation import stance_gold

import project_tools


@pytest.fixture(scope="module")
def batch_tool():
    return project_tools.load("stance_gold_batch")


def test_paragraphs_are_the_non_empty_lines_with_their_offsets(batch_tool):
    text = "First line.\n\n   Second, indented.\nThird."
    assert batch_tool.paragraphs(text) == [(0, "First line."), (16, "Second, indented."), (34, "Third.")]
    for offset, paragraph in batch_tool.paragraphs(text):
        assert text[offset:offset + len(paragraph)] == paragraph


def test_the_packets_number_paragraphs_as_the_stored_coding_does(batch_tool, shared_dir: Path):
    coded = pd.read_json(stance_gold.GOLDSET_DIR / "quotes-coder-a.jsonl", lines=True, dtype={"article_id": str})
    body = coded[coded["field"] == "body"]
    texts = {record["ID"]: record["content_original"]
             for record in stance_gold.allsides_records(set(body["article_id"]), shared_dir=shared_dir)}
    for row in body.itertuples(index=False):
        offset, paragraph = batch_tool.paragraphs(texts[row.article_id])[int(row.unit[1:]) - 1]
        assert offset <= row.start and row.end <= offset + len(paragraph), (row.article_id, row.unit)


def _one_article_batch(folder: Path, shared_dir: Path) -> tuple[Path, dict]:
    article_id = "RkU3CRwFCQJHtBAr"
    record = stance_gold.allsides_records({article_id}, shared_dir=shared_dir)[0]
    pd.DataFrame([{"article_id": article_id, "split": "dev", "topic": "justice", "source": record["source"],
                   "date": record["date"]}]).to_csv(folder / "batch.csv", index=False)
    return folder, record


def test_a_coding_becomes_offsets_into_the_article(batch_tool, shared_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(config, "SHARED_DIR", shared_dir)
    batch, record = _one_article_batch(tmp_path, shared_dir)
    _, first = batch_tool.paragraphs(record["content_original"])[0]
    sentence = first.split(". ")[0]
    coding = {"statements": [{"unit": "P1", "sentence": sentence, "holder": "X", "holder_text": "X",
                              "target_text": "the law", "target_head": "law", "sign": -1}],
              "quotes": []}
    (tmp_path / "coder").mkdir()
    (tmp_path / "coder" / "RkU3CRwFCQJHtBAr.json").write_text(json.dumps(coding), encoding="utf-8")
    statements, quotes = batch_tool.convert(batch, tmp_path / "coder", coder="A1")
    row = statements[0]
    assert record["content_original"][row["start"]:row["end"]] == sentence
    assert row["sentence_sha1"] == hashlib.sha1(sentence.encode()).hexdigest()[:12]
    assert (row["coder"], row["field"], quotes) == ("A1", "body", [])


def test_a_sentence_not_copied_word_for_word_is_named_by_file_and_item(batch_tool, shared_dir: Path, tmp_path: Path,
                                                                        monkeypatch):
    monkeypatch.setattr(config, "SHARED_DIR", shared_dir)
    batch, _ = _one_article_batch(tmp_path, shared_dir)
    coding = {"statements": [{"unit": "P1", "sentence": "A sentence no reporter wrote.", "holder": "X",
                              "holder_text": "X", "target_text": "the law", "target_head": "law", "sign": 1}]}
    (tmp_path / "coder").mkdir()
    (tmp_path / "coder" / "RkU3CRwFCQJHtBAr.json").write_text(json.dumps(coding), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"RkU3CRwFCQJHtBAr\.json: statement 1: sentence not found"):
        batch_tool.convert(batch, tmp_path / "coder", coder="A1")


def test_an_undecided_dispute_stops_the_adjudication(batch_tool):
    with pytest.raises(SystemExit, match="line 1: decision must be"):
        batch_tool.adjudicate([], [], [{"article_id": "a", "decision": "maybe"}])
