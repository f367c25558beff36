"""Tokens: clitics, spans, lemmas and flags, and the per-article form counts that sum the token table."""

from __future__ import annotations

import pandas as pd
import pytest

from presslens.text import sentence_lengths, sentence_table_from_texts, split_sentences, token_counts, tokenize
from presslens.text.tokens import FORM_COUNT_COLUMNS


def test_tokens_split_clitics_punctuation_and_keep_hyphenated_words_and_abbreviations():
    tokens = tokenize(sentence_table_from_texts("Russia’s face-to-face talks didn't start in the U.S. on 1,000 days."))
    assert tokens["token"].tolist() == ["Russia", "’s", "face-to-face", "talks", "did", "n't", "start", "in",
                                        "the", "U.S.", "on", "1,000", "days", "."]
    assert tokens.loc[tokens["token"] == "’s", "lower"].item() == "'s"


def test_token_flags_lemmas_and_positions():
    tokens = tokenize(sentence_table_from_texts(["The talks were held. Delegations met.", "Ceasefire now!"]))
    talks = tokens[tokens["token"] == "talks"].iloc[0]
    assert (talks["lemma"], talks["is_stop"], talks["is_alpha"], talks["is_punct"]) == ("talk", False, True, False)
    the = tokens[tokens["token"] == "The"].iloc[0]
    assert (the["lower"], the["is_stop"]) == ("the", True)
    assert tokens.loc[tokens["token"] == "!", "is_punct"].item()
    assert tokens["position"].tolist() == [0, 1, 2, 3, 4, 0, 1, 2, 0, 1, 2]
    assert tokens["token_index"].tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2]
    assert tokens["sentence_id"].tolist() == [0] * 5 + [1] * 3 + [0] * 3


def test_token_spans_point_into_the_body():
    body = "Putin—who called for talks—did not attend.\n\nZelensky’s team went to snake_case.org… ½ ok."
    sentences = split_sentences(pd.DataFrame({"article_id": ["a"], "body": [body]}))
    tokens = tokenize(sentences)
    assert [body[start:end] for start, end in zip(tokens["start"], tokens["end"])] == tokens["token"].tolist()
    assert tokens.loc[tokens["token"] == "Zelensky", "paragraph"].item() == 1


def test_sentence_lengths_count_tokens_and_words():
    tokens = tokenize(sentence_table_from_texts("One, two three. Four!"))
    assert sentence_lengths(tokens)[["sentence_id", "tokens", "words"]].values.tolist() == [[0, 5, 3], [1, 2, 1]]


def _summed_token_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """The token table of `tokenize` summed per article and lower form: what `token_counts` must give."""
    keys = ["article_id", "lower", "lemma", "is_stop", "is_alpha", "is_punct"]
    return (tokenize(sentences).groupby(keys, sort=True).size().rename("count").reset_index()
            [FORM_COUNT_COLUMNS].astype({"count": "int64"}))


def test_token_counts_sum_the_token_table_of_tricky_text():
    sentences = sentence_table_from_texts([
        "The U.S. didn't say it. They DON’T, won't—can't! Aren't 'they' \"right\"?\u00a0Yes:\u2009no 1,000.5 $",
        "Didn't he? isn'tn't x'tn 3-day face‐to‐face… didn’t didn\u200at",
    ])
    counts = token_counts(sentences)
    # first text: didn't, DON’T, won't, can't, Aren't -> five "n't" after did, do, wo, ca, are
    first = counts[counts["article_id"] == "text-1"].set_index("lower")["count"]
    assert first["n't"] == 5 and first["did"] == 1 and first["do"] == 1 and first["u.s."] == 1
    pd.testing.assert_frame_equal(counts, _summed_token_table(sentences))


def test_whitespace_that_cuts_pieces_is_the_whitespace_tokens_skip():
    # token_counts cuts text with str.split(); tokenize's pattern skips \s: both must agree on every character
    import re
    import sys

    splitting = {chr(code) for code in range(sys.maxunicode + 1) if len(f"a{chr(code)}b".split()) == 2}
    spaces = {chr(code) for code in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(code))}
    assert splitting == spaces and "\u00a0" in spaces


@pytest.mark.shared
def test_token_counts_sum_the_token_table_on_the_ukraine_subset(shared_dir):
    from presslens.io import load
    from presslens.text import clean

    articles, _ = clean.clean_articles(load.load_articles(shared_dir / "corpora/allsides/ukraine-subset.jsonl"))
    sentences = split_sentences(articles)
    pd.testing.assert_frame_equal(token_counts(sentences), _summed_token_table(sentences))


def test_token_counts_keep_clitics_of_separate_pieces_apart():
    # "can 't" is two pieces: the "n" stays with "can" (as in tokenize); "can't" is "ca" + "n't"
    sentences = sentence_table_from_texts(["I can 't go. We can't. 't"])
    counts = token_counts(sentences).set_index("lower")["count"]
    assert (counts["can"], counts["'t"], counts["ca"], counts["n't"]) == (1, 2, 1, 1)
    pd.testing.assert_frame_equal(token_counts(sentences), _summed_token_table(sentences))


def test_token_counts_are_the_same_when_remembered_forms_are_forgotten(monkeypatch):
    from presslens.text import tokens as token_module

    # forms: the, talks, were, held, in, u.s., delegations, met, "." (9) and then ",", and, more, ";", nobody (5)
    first, second = "The talks were held in the U.S. Delegations met.", "Talks, talks and more talks; nobody met."
    monkeypatch.setattr(token_module, "_MAX_REMEMBERED_FORMS", 10)
    monkeypatch.setattr(token_module, "_REMEMBERED_FORMS", {})
    remembered = []
    for texts in ([first], [first, second], [second]):
        sentences = sentence_table_from_texts(texts)
        pd.testing.assert_frame_equal(token_counts(sentences), _summed_token_table(sentences))
        remembered.append(len(token_module._REMEMBERED_FORMS))
    # 9 fit; 9 + 5 new do not, so all is forgotten and the chunk's 14 are kept; the last chunk adds none
    assert remembered == [9, 14, 14]


def test_arrow_cuts_pieces_at_the_whitespace_str_split_cuts_at():
    # token_counts cuts sentences with pyarrow's utf8_split_whitespace; tokenize joins them and uses \s
    import sys

    import pyarrow as pa
    import pyarrow.compute as pc

    characters = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000]
    arrow_pieces = pc.utf8_split_whitespace(pa.array([f"a{character}b" for character in characters]))
    arrow_cuts = {character for character, pieces in zip(characters, arrow_pieces.to_pylist())
                  if [piece for piece in pieces if piece] == ["a", "b"]}
    python_cuts = {character for character in characters if f"a{character}b".split() == ["a", "b"]}
    assert arrow_cuts == python_cuts and len(python_cuts) == 29  # 29 characters, \x1c-\x1f and \u3000 among them


def test_token_counts_refuses_missing_sentence_text():
    with pytest.raises(ValueError, match="'text' has missing values"):
        token_counts(pd.DataFrame({"article_id": ["a", "a"], "text": ["Fine.", None]}))
