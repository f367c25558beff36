"""What every analysis function accepts: one meaning per input, one error message."""

from __future__ import annotations

import pandas as pd
import pytest

import presslens as pl
from presslens import sentiment, stance, terms
from presslens.text.inputs import EXPECTED, as_sentences, as_tokens

TWO_ARTICLES = ["Kyiv welcomed the plan. Moscow rejected it.", "Talks resumed."]


def test_a_list_of_strings_is_one_article_each_split_into_sentences():
    table = as_sentences(TWO_ARTICLES)
    assert table[["article_id", "sentence_id", "text"]].values.tolist() == [
        ["text-1", 0, "Kyiv welcomed the plan."], ["text-1", 1, "Moscow rejected it."], ["text-2", 0, "Talks resumed."]]
    assert as_sentences(TWO_ARTICLES[0]).equals(as_sentences(TWO_ARTICLES[:1]))


def test_every_stage_reads_a_list_of_strings_the_same_way():
    sentences = as_sentences(TWO_ARTICLES)
    assert sentiment.score_sentences(TWO_ARTICLES)[["article_id", "sentence_id", "text"]].equals(
        sentences[["article_id", "sentence_id", "text"]])
    assert stance.find_mentions(TWO_ARTICLES).equals(stance.find_mentions(sentences))
    assert terms.kwic(TWO_ARTICLES, "talks").equals(terms.kwic(sentences, "talks"))


def test_a_table_of_texts_is_never_split_again():
    texts = pd.DataFrame({"text": ["Good. Bad.", "Fine."]})
    table = as_sentences(texts)
    assert table[["article_id", "sentence_id", "text"]].values.tolist() == [["text-1", 0, "Good. Bad."],
                                                                             ["text-2", 0, "Fine."]]
    assert sentiment.score_sentences(texts)["text"].tolist() == ["Good. Bad.", "Fine."]


def test_a_corpus_gives_its_sentence_and_token_tables():
    corpus = pl.read_corpus()
    assert as_sentences(corpus) is not corpus.sentences and as_sentences(corpus).equals(corpus.sentences)
    assert as_tokens(corpus) is corpus.tokens


def test_a_sentence_table_without_offsets_gets_them_from_its_sentences_joined_by_spaces():
    table = as_sentences(pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "text": ["One.", "Two."]}),
                         offsets=True)
    assert table[["paragraph", "start", "end"]].values.tolist() == [[0, 0, 4], [0, 5, 9]]


@pytest.mark.parametrize("source, error", [
    (3, TypeError), (["fine", 3], TypeError), (pd.DataFrame({"sentence": ["x"]}), ValueError),
    (pd.DataFrame({"article_id": ["a"], "text": ["x"]}), ValueError)])
def test_anything_else_is_refused_with_one_message_naming_what_was_expected(source, error):
    with pytest.raises(error, match="expected"):
        as_sentences(source)
    for function in (sentiment.score_sentences, stance.find_mentions, stance.extract_quotes):
        with pytest.raises(error):
            function(source)
    assert "a list of strings (one article each)" in EXPECTED
