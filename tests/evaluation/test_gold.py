"""The gold-set readers and the F1 measures."""

from __future__ import annotations

import pytest

from presslens.evaluation import gold


def test_gold_readers_parse_crlf_tsv_and_jsonl_spans(tmp_path):
    nyt = tmp_path / "nyt.txt"
    nyt.write_bytes(b"1_1\t0.4\tA calm day.\r\n1_2\t-2.5\tA terrible loss.\r\n")
    assert gold.read_vader_nyt(nyt).values.tolist() == [["1_1", 0.4, "A calm day."], ["1_2", -2.5, "A terrible loss."]]
    mtsc = tmp_path / "dev.jsonl"
    mtsc.write_text('{"primary_gid": "g", "sentence_normalized": "Obama won.", "targets": '
                    '[{"Input.gid": "t", "from": 0, "to": 5, "mention": "Obama", "polarity": 6.0}]}\n')
    assert gold.read_newsmtsc(mtsc)[["sentence", "start", "end", "label"]].values.tolist() == [
        ["Obama won.", 0, 5, "positive"]]
    mtsc.write_text(mtsc.read_text().replace('"to": 5', '"to": 4'))
    with pytest.raises(ValueError, match="line 1: span 0:4"):
        gold.read_newsmtsc(mtsc)


def test_macro_f1_averages_the_per_class_f1():
    truth = ["negative", "negative", "neutral", "positive"]
    predicted = ["negative", "neutral", "neutral", "negative"]
    # negative: P 1/2, R 1/2, F1 0.5; neutral: P 1/2, R 1, F1 2/3; positive: 0 -> macro (0.5 + 0.6667 + 0) / 3.
    assert round(gold.macro_f1(truth, predicted), 4) == 0.3889
