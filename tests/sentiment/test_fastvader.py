"""fastvader: VADER scores exactly equal to nltk's (==, not approximately), rule by rule and on real text."""

from __future__ import annotations

import gzip
import itertools
import json
import random
from collections.abc import Sequence

import pandas as pd
import pytest

from presslens.evaluation import gold
from presslens.sentiment import fastvader, lexicon
from presslens.text import sentence_table_from_texts


def _nltk_scores(texts: Sequence[str]) -> pd.DataFrame:
    analyzer = lexicon.sentiment_analyzer()
    return pd.DataFrame([analyzer.polarity_scores(text) for text in texts], columns=fastvader.SCORE_COLUMNS)


def _mismatches(texts: Sequence[str]) -> list[tuple[str, tuple, tuple]]:
    """(text, nltk's scores, fastvader's scores) for every text where any of the four scores differ."""
    expected = _nltk_scores(texts)
    actual = fastvader.polarity_scores_many(texts)
    assert list(actual.columns) == ["neg", "neu", "pos", "compound"]
    assert (actual.dtypes == "float64").all()
    assert actual.index.tolist() == list(range(len(texts)))
    differ = (expected != actual).any(axis=1)
    return [(texts[n], tuple(expected.loc[n]), tuple(actual.loc[n])) for n in differ[differ].index]


def _scores(text: str) -> tuple[float, float, float, float]:
    return tuple(fastvader.polarity_scores_many([text]).loc[0])


# --- Hand-worked scores ------------------------------------------------------------------------------------


def test_one_lexicon_word_gives_the_vader_shares_and_compound():
    # "good." -> "good" (trailing "." stripped), valence 1.9; compound 1.9 / sqrt(1.9^2 + 15) = 0.44043;
    # pos = (1.9 + 1) / (2.9 + 3 neutral words) = 0.4915, neu = 3 / 5.9 = 0.5085.
    assert _scores("The plan is good.") == (0.0, 0.508, 0.492, 0.4404)


def test_not_before_a_word_flips_and_shrinks_it():
    # 1.9 * -0.74 = -1.406; compound -1.406 / sqrt(1.406^2 + 15) = -0.34124;
    # neg = (1.406 + 1) / (2.406 + 4 neutral words) = 0.3756, neu = 4 / 6.406 = 0.6244.
    assert _scores("The plan is not good.") == (0.376, 0.624, 0.0, -0.3412)


def test_text_without_lexicon_words_is_fully_neutral_but_text_without_words_scores_zero():
    # Tokens of one character are dropped first: "" and "I" and "!" leave no word at all -> all zeros;
    # "!!!" is a (3-character) word outside the lexicon, like "The cat sat." -> neu 1.0.
    assert _scores("The cat sat.") == (0.0, 1.0, 0.0, 0.0)
    assert _scores("!!!") == (0.0, 1.0, 0.0, 0.0)
    for text in ("", "I", "!", "   ", "a , . ?"):
        assert _scores(text) == (0.0, 0.0, 0.0, 0.0), text


def test_first_occurrence_context_applies_to_every_repeat_of_a_word():
    # "kind" (valence 2.4) first appears before "of", so nltk scores both "kind"s as the booster "kind of":
    # every word is neutral. Alone, the final "kind" scores 2.4 / sqrt(2.4^2 + 15) = 0.5267.
    assert _scores("She is kind of busy and kind") == (0.0, 1.0, 0.0, 0.0)
    assert _scores("She is busy and kind")[3] == 0.5267


# --- Equal to nltk, rule by rule ---------------------------------------------------------------------------

RULE_SENTENCES = {
    "negation": ["The plan is not good.", "It isn't bad.", "Nobody said it was never good", "He doesn't like it",
                 "They didnt win", "without hope", "The talks are rarely fruitful", "None of it helped."],
    "negation two and three back": ["not a good plan", "not at all a good plan", "can't really say happy"],
    "but": ["The food was good but the service was bad", "Good, BUT bad", "but good", "good but",
            "Nice plan, but it failed, but it helps"],
    "boosters": ["It was very good", "extremely bad news", "It was very very good", "barely good enough",
                 "Most people are happy", "so sad", "slightly positive results", "more or less fine"],
    "allcaps": ["The plan is GOOD", "The plan is VERY good", "THE PLAN IS GOOD", "This is REALLY BAD news",
                "GOOD", "The U.S. is GOOD and NATO is happy"],
    "kind of": ["It was kind of good", "It was sort of good", "kind of good", "a kind man", "It was kinda good",
                "I was just enough happy", "It was kind-of good"],
    "least": ["the least good plan", "at least good", "the very least good plan", "least good",
              "not the least bad"],
    "exclamation": ["Good!!!", "Good!", "Terrible!!!!!!", "Good! Good! Bad!", "Nothing happened!!!"],
    "question": ["Is it good??", "Is it good?", "Is it bad????", "Why?? Who??", "What happened???"],
    "idioms": ["That party was the bomb", "That party was the shit", "he is a bad ass guy",
               "oh yeah right that works", "they can cut the mustard now", "it was the kiss of death for them",
               "they live hand to mouth every day", "The bomb exploded",
               # texts are scored together: an idiom never runs on from one text into the next
               "so glad we went to the", "bomb shelter", "good they could cut the", "mustard, kind", "of good"],
    "never so / this": ["this is never so good", "it is never this bad", "never so good", "it was this good",
                        "I think this good", "Never so good"],
    "punctuation stripping": ["good, bad.", "'good' \"bad\"", "good... bad...", "(good) [bad]", "“good”",
                              "!?!good ?!?bad", "--good bad--", "good?! bad!?", ":) :( <3 :D"],
    "punctuation only": ["...", "!!! ???", "-- -- --", "?!?!", ". , ; :", "“ ” — …"],
    "whitespace and unicode": ["good\tbad\ngood", "good\u00a0bad", "İYİ good", "naïve approach was fine",
                               "\u2009good\u2009"],
}


@pytest.mark.parametrize("rule", sorted(RULE_SENTENCES))
def test_each_vader_rule_scores_exactly_as_nltk(rule):
    assert _mismatches(RULE_SENTENCES[rule]) == []


def test_random_sentences_of_rule_words_score_exactly_as_nltk():
    analyzer = lexicon.sentiment_analyzer()
    constants = analyzer.constants
    generator = random.Random(8)
    vocabulary = sorted({*constants.NEGATE, *constants.BOOSTER_DICT, *constants.SPECIAL_CASE_IDIOMS,
                         "kind", "of", "least", "at", "very", "but", "never", "so", "this", "the", "a", "I",
                         "n't", "cat", "U.S.", "!", "?", "...", ":)", "“good”", *generator.sample(
                             sorted(analyzer.lexicon), 300)})
    decorations = [str.upper, str.capitalize, str.lower, lambda word: word + generator.choice(
        constants.PUNC_LIST), lambda word: generator.choice(constants.PUNC_LIST) + word]
    texts = []
    for _ in range(3000):
        words = [generator.choice(decorations)(generator.choice(vocabulary))
                 for _ in range(generator.randint(0, 12))]
        if words and generator.random() < 0.3:
            words.insert(generator.randrange(len(words)), generator.choice(words))  # a repeated token
        texts.append(" ".join(words) + generator.choice(["", ".", "!!", "??", "?!", "!!!!!"]))
    assert _mismatches(texts) == []


def test_scores_stay_exact_when_the_token_numbering_starts_afresh(monkeypatch):
    # with room for 20 tokens the numbering is cleared before almost every call; the words of earlier
    # calls get new numbers and the same properties
    monkeypatch.setattr(fastvader, "MAX_CACHED_TOKENS", 20)
    batches = [["It was very good", "not bad at all!"], ["It was very good", "the least good plan but fine"],
               ["GOOD news, kind of", "never so good", "It was very good"]]
    for batch in batches:
        assert _mismatches(batch) == []


def test_texts_with_any_whitespace_character_score_exactly_as_nltk():
    # `polarity_scores_many` splits texts with pyarrow, nltk with `str.split()` (that both cut at the same
    # characters is tested in test_segment.py); pyarrow's empty tokens at either end must be dropped
    import sys

    whitespace = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert _mismatches([f"{space}good{space}bad{space}" for space in whitespace]) == []


# --- Equal to nltk on real text ------------------------------------------------------------------------------


def test_all_vader_nyt_snippets_score_exactly_as_nltk(shared_dir):
    snippets = gold.read_vader_nyt(shared_dir / "gold" / "vader-nyt" / "nytEditorialSnippets_GroundTruth.txt")
    assert len(snippets) == 5190
    assert _mismatches(snippets["text"].tolist()) == []


def test_ten_thousand_allsides_sentences_score_exactly_as_nltk(shared_dir):
    with gzip.open(shared_dir / "corpora" / "allsides" / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        bodies = [json.loads(line)["content_original"] for line in itertools.islice(lines, 300)]
    sentences = sentence_table_from_texts(bodies)["text"].tolist()[:10_000]
    assert len(sentences) == 10_000
    assert _mismatches(sentences) == []


# --- Interface ------------------------------------------------------------------------------------------------


def test_duplicates_keep_input_order_and_get_the_same_scores():
    texts = ["Bad.", "Good.", "Bad.", "", "Good."]
    scores = fastvader.polarity_scores_many(texts)
    assert scores.loc[0].tolist() == scores.loc[2].tolist() == [1.0, 0.0, 0.0, -0.5423]  # -2.5/sqrt(21.25)
    assert scores.loc[1].tolist() == scores.loc[4].tolist() == [0.0, 0.0, 1.0, 0.4404]
    assert scores.loc[3].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_no_texts_give_an_empty_table_with_the_score_columns():
    scores = fastvader.polarity_scores_many([])
    assert list(scores.columns) == ["neg", "neu", "pos", "compound"] and len(scores) == 0


def test_single_text_scores_as_a_dict_like_nltk():
    assert fastvader.polarity_scores("It was very good!") == lexicon.sentiment_analyzer().polarity_scores(
        "It was very good!")


def test_non_string_items_are_rejected_with_their_position():
    with pytest.raises(TypeError, match=r"texts\[1\]: expected a string, got float"):
        fastvader.polarity_scores_many(["fine", float("nan")])
    with pytest.raises(TypeError, match="got one string"):
        fastvader.polarity_scores_many("fine")


def test_vectorised_rounding_equals_python_round_at_and_next_to_ties():
    # 0.0125 and 0.00125 are not exact floats: Python rounds their exact values (0.01249999... -> 0.012);
    # the neighbours one float step either side of every tie must round as Python rounds them too.
    import numpy as np

    for digits in (3, 4):
        ties = (np.arange(-(10**digits), 10**digits) + 0.5) / 10**digits
        values = np.concatenate([ties, np.nextafter(ties, 2.0), np.nextafter(ties, -2.0), [0.0125, -0.00125]])
        expected = [round(value, digits) for value in values.tolist()]
        assert fastvader._round_like_python(values, digits).tolist() == expected
