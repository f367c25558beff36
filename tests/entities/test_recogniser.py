"""The statistical name recogniser (the `ner` of the shipped syntax pipeline, presslens.text.syntax) and its
sample."""

from __future__ import annotations

import pandas as pd
import pytest

from presslens import entities
from presslens.entities import recognise


def shipped_model():
    pytest.importorskip("spacy")
    return recognise.load_nlp()


def test_the_recogniser_finds_people_places_and_organisations_in_news_sentences():
    text = ("Russian President Vladimir Putin met German Chancellor Angela Merkel in Moscow on Friday. "
            "Putin's spokesman said the talks with Merkel were useful. "
            "Putin and Merkel will meet again at the United Nations in New York.")
    table = entities.discover(text, nlp=shipped_model())
    putin = table.set_index("entity").loc["Vladimir Putin"]
    assert (putin["kind"], putin["aliases"], putin["affiliation"]) == ("person", "Putin|Vladimir Putin", "Russia")
    assert "Angela Merkel" in set(table["entity"])


def test_a_large_corpus_is_sampled_lead_sentences_first_and_a_small_one_read_whole():
    sentences = pd.DataFrame({"article_id": [f"a{n // 10}" for n in range(100)],
                              "sentence_id": [n % 10 for n in range(100)],
                              "text": ["one two three four five six seven eight nine ten"] * 100})
    assert len(recognise.sample_rows(sentences, max_words=None)) == 100
    assert len(recognise.sample_rows(sentences, max_words=1000, read_all_up_to=1000)) == 100
    # 300 words: each article's first three sentences (ten articles, ten words a sentence)
    rows = recognise.sample_rows(sentences, max_words=300, read_all_up_to=0)
    assert sentences.iloc[rows]["sentence_id"].tolist() == [0, 1, 2] * 10
