"""Term frequency: counts, n-grams, collocations, keyness, TF-IDF, KWIC and dispersion.

Most tests build a small token table by hand (`_token_table`) so that every count can be checked on
paper; the seed tests run the real pipeline through `presslens.read_corpus`.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from wordfreq import word_frequency

import presslens
from presslens import terms
from presslens.segment import TOKEN_COLUMNS

STOP = {"the", "a", "and", "of", "in", "to", "on"}
LEMMAS = {"talks": "talk", "resumed": "resume", "stalled": "stall", "deals": "deal", "leaders": "leader"}
PUNCT = {".", ",", "!", "?", ":"}


def _token_table(articles: dict[str, list[str]]) -> pd.DataFrame:
    """A token table with the contract's columns from {article_id: [sentence, ...]}, tokens split on spaces."""
    rows = []
    for article_id, sentences in articles.items():
        token_index, offset = 0, 0
        for sentence_id, sentence in enumerate(sentences):
            for position, token in enumerate(sentence.split()):
                lower = token.lower()
                rows.append({
                    "article_id": article_id, "sentence_id": sentence_id, "paragraph": 0,
                    "position": position, "token_index": token_index, "token": token, "lower": lower,
                    "lemma": LEMMAS.get(lower, lower), "is_stop": lower in STOP,
                    "is_alpha": lower.isalpha(), "is_punct": token in PUNCT,
                    "start": offset, "end": offset + len(token),
                })
                token_index += 1
                offset += len(token) + 1
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


@pytest.fixture(scope="module")
def two_articles() -> pd.DataFrame:
    return _token_table({
        "a": ["The talks stalled .", "Russia and Ukraine resumed talks ."],
        "b": ["Talks resumed ."],
    })


@pytest.fixture(scope="module")
def seed():
    return presslens.read_corpus()


# --- term_frequencies -----------------------------------------------------------------------------


def test_term_frequencies_count_lemmas_per_1000_word_tokens_with_document_frequency(two_articles):
    freqs = terms.term_frequencies(two_articles)
    # Word tokens (not punctuation, stopwords included): a = 3 + 5, b = 2 -> 10.
    # Content lemmas: talk 3 (talks, talks, Talks), resume 2, stall 1, russia 1, ukraine 1.
    # per_1000 = count / 10 * 1000; talk is in both articles, resume in both, the rest in one.
    assert list(freqs.columns) == ["term", "count", "per_1000", "document_frequency", "rank"]
    assert freqs.to_dict("list") == {
        "term": ["talk", "resume", "russia", "stall", "ukraine"],
        "count": [3, 2, 1, 1, 1],
        "per_1000": [300.0, 200.0, 100.0, 100.0, 100.0],
        "document_frequency": [2, 2, 1, 1, 1],
        "rank": [1, 2, 3, 3, 3],
    }


def test_term_frequencies_keep_the_denominator_when_stopwords_are_kept(two_articles):
    freqs = terms.term_frequencies(two_articles, drop_stopwords=False).set_index("term")
    # "the" and "and" now appear, each 1 of the same 10 word tokens; talk's rate does not change.
    assert freqs.loc["the", "per_1000"] == 100.0
    assert freqs.loc["and", "count"] == 1
    assert freqs.loc["talk", "per_1000"] == 300.0


def test_term_frequencies_lemma_merges_forms_that_surface_units_keep_apart(two_articles):
    lower = terms.term_frequencies(two_articles, unit="lower").set_index("term")["count"]
    token = terms.term_frequencies(two_articles, unit="token").set_index("term")["count"]
    assert lower["talks"] == 3 and lower["resumed"] == 2
    assert token["talks"] == 2 and token["Talks"] == 1


def test_term_frequencies_by_article_use_each_articles_own_word_count(two_articles):
    freqs = terms.term_frequencies(two_articles, by="article_id", min_count=1)
    talk = freqs.loc[freqs["term"] == "talk"].set_index("article_id")
    # a: 2 of 8 word tokens -> 250 per 1,000; b: 1 of 2 -> 500.
    assert talk["per_1000"].to_dict() == {"a": 250.0, "b": 500.0}
    assert "document_frequency" not in freqs.columns
    assert list(freqs.columns[:2]) == ["article_id", "term"]


def test_term_frequencies_min_count_leaves_out_rare_terms(two_articles):
    freqs = terms.term_frequencies(two_articles, min_count=2)
    assert freqs["term"].tolist() == ["talk", "resume"]


def test_term_frequencies_reject_a_table_without_token_columns():
    with pytest.raises(ValueError, match=r"tokens lacks the column\(s\)"):
        terms.term_frequencies(pd.DataFrame({"word": ["peace"]}))
    with pytest.raises(ValueError, match="unit must be one of"):
        terms.term_frequencies(_token_table({"a": ["peace"]}), unit="stem")
    with pytest.raises(ValueError, match="attach_article_column"):
        terms.term_frequencies(_token_table({"a": ["peace"]}), by="source")
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        terms.term_frequencies(["peace", "talks"])


# --- ngrams -----------------------------------------------------------------------------------------


def test_ngrams_never_cross_sentence_or_article_boundaries():
    # No full stops, so only the sentence key separates "talks" | "talks" and "ceasefire" | "ceasefire".
    table = _token_table({"a": ["peace talks", "talks resumed ceasefire"], "b": ["ceasefire holds"]})
    bigrams = terms.ngrams(table)
    assert bigrams["ngram"].tolist() == ["ceasefire holds", "peace talks", "resumed ceasefire", "talks resumed"]
    assert bigrams["count"].tolist() == [1, 1, 1, 1]


def test_ngrams_stopword_rules_only_edges_and_any():
    table = _token_table({"a": ["prisoner of war in the east"]})
    # Trigrams: "prisoner of war", "of war in", "war in the", "in the east".
    edges = terms.ngrams(table, n=3)
    only = terms.ngrams(table, n=3, stopwords="only")
    none = terms.ngrams(table, n=3, stopwords="any")
    assert edges["ngram"].tolist() == ["prisoner of war"]
    assert sorted(only["ngram"]) == ["in the east", "of war in", "prisoner of war", "war in the"]
    assert none.empty
    # Bigrams made only of stopwords are always left out: "in the".
    assert "in the" not in terms.ngrams(table, stopwords="only")["ngram"].tolist()


def test_ngrams_leave_out_punctuation_unless_asked():
    table = _token_table({"a": ["Russia , Ukraine , talks"]})
    assert terms.ngrams(table)["ngram"].tolist() == []
    kept = terms.ngrams(table, drop_punctuation=False)["ngram"].tolist()
    assert kept == [", talks", ", ukraine", "russia ,", "ukraine ,"]


def test_ngrams_by_group_count_within_each_group(two_articles):
    bigrams = terms.ngrams(two_articles, by="article_id", unit="lemma")
    assert bigrams[["article_id", "ngram", "count"]].values.tolist() == [
        ["a", "resume talk", 1], ["a", "talk stall", 1], ["a", "ukraine resume", 1], ["b", "talk resume", 1],
    ]


# --- collocations ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three_sentences() -> pd.DataFrame:
    # Words: peace 3, talks 2, resumed 2 -> N = 7. Adjacent pairs within sentences:
    # (peace, talks) 2, (talks, resumed) 1, (resumed, peace) 1. "resumed | peace" across the first
    # sentence boundary must not be counted a second time.
    return _token_table({"a": ["peace talks resumed .", "peace talks", "resumed peace"]})


def test_collocations_pmi_worked_by_hand(three_sentences):
    table = terms.collocations(three_sentences, min_count=1).set_index(["first", "second"])
    # pmi = log2(pair * N / (first * second)):
    # peace talks: log2(2 * 7 / (3 * 2)) = log2(2.3333) = 1.222392
    # talks resumed: log2(1 * 7 / (2 * 2)) = log2(1.75) = 0.807355
    # resumed peace: log2(1 * 7 / (2 * 3)) = log2(1.1667) = 0.222392
    assert table["count"].to_dict() == {
        ("peace", "talks"): 2, ("talks", "resumed"): 1, ("resumed", "peace"): 1,
    }
    assert table["score"].round(6).to_dict() == {
        ("peace", "talks"): 1.222392, ("talks", "resumed"): 0.807355, ("resumed", "peace"): 0.222392,
    }


def test_collocations_llr_worked_by_hand(three_sentences):
    table = terms.collocations(three_sentences, measure="llr", min_count=2)
    # peace talks: 2x2 table of (peace first?) x (talks second?): [[2, 1], [0, 4]], N = 7.
    # Expected: 3*2/7 = 0.857143, 3*5/7 = 2.142857, 4*2/7 = 1.142857, 4*5/7 = 2.857143.
    # G2 = 2 * (2 ln(2/0.857143) + 1 ln(1/2.142857) + 0 + 4 ln(4/2.857143))
    #    = 2 * (1.694596 - 0.762140 + 1.345888) = 4.556688
    assert table[["first", "second", "count"]].values.tolist() == [["peace", "talks", 2]]
    assert round(table.loc[0, "score"], 5) == 4.55669


def test_collocations_match_nltk_on_one_sentence_with_a_wider_window():
    words = "the envoy said the talks in istanbul and the talks in kyiv could open a path to talks".split()
    table = terms.collocations(_token_table({"a": [" ".join(words)]}), measure="llr", window=3,
                               min_count=1, drop_stopwords=False)
    finder = BigramCollocationFinder.from_words(words, window_size=3)
    expected = dict(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio))
    ours = {(first, second): score for first, second, score in table[["first", "second", "score"]].values}
    assert ours.keys() == expected.keys()
    for pair, score in expected.items():
        assert ours[pair] == pytest.approx(score, abs=1e-6)


# --- keyness -----------------------------------------------------------------------------------------


def _article(counts: dict[str, int]) -> list[str]:
    return [" ".join(word for word, count in counts.items() for _ in range(count))]


def test_keyness_g2_and_log_ratio_worked_by_hand_on_a_2x2_table():
    target = _token_table({"t": _article({"ceasefire": 10, "news": 90})})
    reference = _token_table({"r": _article({"ceasefire": 5, "sanctions": 4, "news": 191})})
    table = terms.keyness(target, reference, min_count=1).set_index("term")
    # ceasefire: a = 10 of C = 100, b = 5 of D = 200, N = 300; row totals 15 and 285.
    # E = 100*15/300 = 5, 200*15/300 = 10, 100*285/300 = 95, 200*285/300 = 190.
    # G2 = 2 * (10 ln(10/5) + 5 ln(5/10) + 90 ln(90/95) + 195 ln(195/190))
    #    = 2 * (6.931472 - 3.465736 - 4.866050 + 5.065220) = 2 * 3.664906 = 7.329812
    # log-ratio = log2((10/100) / (5/200)) = log2(4) = 2; over-used.
    assert round(table.loc["ceasefire", "g2"], 6) == 7.329812
    assert table.loc["ceasefire", "log_ratio"] == 2.0
    assert table.loc["ceasefire", "direction"] == "over"
    # sanctions: only in the reference, a = 0 -> 0.5 in the log-ratio: log2((0.5/100) / (4/200)) = -2.
    assert table.loc["sanctions", "count"] == 0
    assert table.loc["sanctions", "log_ratio"] == -2.0
    assert table.loc["sanctions", "direction"] == "under"
    # news: log2((90/100) / (191/200)) = log2(0.942408) = -0.085576, under-used.
    assert round(table.loc["news", "log_ratio"], 6) == -0.085576
    assert table.index[0] == "ceasefire"  # sorted by G2


def test_keyness_against_wordfreq_uses_the_nominal_size_and_the_floor():
    target = _token_table({"t": ["ceasefire ceasefire xqzvbk talks talk"]})
    table = terms.keyness(target, "wordfreq", min_count=1).set_index("term")
    size = terms.WORDFREQ_REFERENCE_SIZE
    assert table.loc["ceasefire", "reference_count"] == pytest.approx(word_frequency("ceasefire", "en") * size)
    # An unseen word gets the floor: 5e-9 * 1e9 = 5 nominal occurrences.
    # log-ratio = log2((1/5) / (5/1e9)) = log2(4e7) = 25.253497
    assert table.loc["xqzvbk", "reference_count"] == pytest.approx(5.0)
    assert round(table.loc["xqzvbk", "log_ratio"], 6) == 25.253497
    # The lemma "talk" is compared with the summed frequency of the forms it occurs as: talks + talk.
    expected = (word_frequency("talks", "en") + word_frequency("talk", "en")) * size
    assert table.loc["talk", "count"] == 2
    assert table.loc["talk", "reference_count"] == pytest.approx(expected)


def test_keyness_by_group_equals_keyness_of_one_group_against_the_other():
    tokens = pd.concat([
        _token_table({"t": _article({"ceasefire": 10, "news": 90})}).assign(source="One"),
        _token_table({"r": _article({"ceasefire": 5, "sanctions": 4, "news": 191})}).assign(source="Two"),
    ], ignore_index=True)
    grouped = terms.keyness_by_group(tokens, "source", min_count=1)
    one = grouped.loc[grouped["source"] == "One"].drop(columns="source").reset_index(drop=True)
    direct = terms.keyness(tokens.loc[tokens["source"] == "One"], tokens.loc[tokens["source"] == "Two"],
                           min_count=1)
    pd.testing.assert_frame_equal(one, direct)
    with pytest.raises(ValueError, match="at least two distinct values"):
        terms.keyness_by_group(tokens.loc[tokens["source"] == "One"], "source")


# --- tfidf -------------------------------------------------------------------------------------------


def test_tfidf_worked_by_hand_on_two_articles():
    tokens = _token_table({"a": ["peace talks"], "b": ["peace deals deals"]})
    table = terms.tfidf(tokens).set_index(["article_id", "term"])
    # N = 2; idf(peace) = ln(2/2) = 0; idf(talk) = idf(deal) = ln(2/1) = 0.693147.
    # talk: tf = 1/2 -> 0.346574; deal: tf = 2/3 -> 0.462098.
    assert table.loc[("a", "peace"), "tfidf"] == 0.0
    assert round(table.loc[("a", "talk"), "tfidf"], 6) == 0.346574
    assert round(table.loc[("b", "deal"), "tfidf"], 6) == 0.462098


def test_tfidf_refuses_a_single_article_and_points_to_paragraphs():
    tokens = _token_table({"a": ["peace talks"]})
    with pytest.raises(ValueError, match='by="paragraph"'):
        terms.tfidf(tokens)


# --- kwic --------------------------------------------------------------------------------------------


TEXT = "Ceasefire now. They agreed a ceasefire on Monday and a second ceasefire later. No deal."


def test_kwic_context_stays_inside_the_sentence():
    lines = terms.kwic(TEXT, "ceasefire", window=3)
    assert lines.to_dict("list") == {
        "article_id": ["text-1", "text-1", "text-1"],
        "sentence_id": [0, 1, 1],
        "left": ["", "They agreed a", "and a second"],
        "keyword": ["Ceasefire", "ceasefire", "ceasefire"],
        "right": ["now.", "on Monday and", "later."],
    }


def test_kwic_units_token_lemma_regex_and_phrases():
    assert len(terms.kwic(TEXT, "Ceasefire", unit="token")) == 1
    assert len(terms.kwic(TEXT, "ceasefires", unit="lemma")) == 3
    assert len(terms.kwic(TEXT, r"cease-?fires?", unit="regex")) == 3
    phrase = terms.kwic(TEXT, "a ceasefire", window=2)
    assert phrase[["left", "keyword", "right"]].values.tolist() == [["They agreed", "a ceasefire", "on Monday"]]
    with pytest.raises(ValueError, match="not a valid regular expression"):
        terms.kwic(TEXT, "(", unit="regex")


# --- dispersion --------------------------------------------------------------------------------------


def test_dispersion_offsets_run_from_zero_to_one_within_each_article():
    tokens = _token_table({"a": ["Putin met Zelensky and Putin"], "b": ["Zelensky spoke"]})
    places = terms.dispersion(tokens, {"Putin": ["Putin"], "Ukraine": ["Zelensky", "Kyiv"]})
    # a has 5 tokens (index 0..4): offset = index / 4; b has 2 tokens: offset = index / 1.
    assert places[["term", "article_id", "token_index", "offset"]].values.tolist() == [
        ["Putin", "a", 0, 0.0], ["Putin", "a", 4, 1.0], ["Ukraine", "a", 2, 0.5], ["Ukraine", "b", 0, 0.0],
    ]


# --- the seed article --------------------------------------------------------------------------------


def test_seed_top_ten_content_lemmas_include_the_story(seed):
    top = terms.term_frequencies(seed.tokens).head(10)["term"].tolist()
    assert {"russia", "ukraine", "ceasefire", "talk"} <= set(top)


def test_seed_ceasefire_is_a_top_ten_key_term_against_general_english(seed):
    assert "ceasefire" in terms.keyness(seed.tokens, "wordfreq").head(10)["term"].tolist()


def test_seed_ngrams_never_span_two_sentences(seed):
    tokens = seed.tokens
    within = set()
    for _, sentence in tokens.groupby(["article_id", "sentence_id"]):
        words = sentence.sort_values("position")["lower"].tolist()
        within.update(zip(words, words[1:]))
    bigrams = terms.ngrams(tokens, stopwords="only", drop_punctuation=False)
    assert {tuple(gram.split(" ")) for gram in bigrams["ngram"]} <= within
    # Count check: every within-sentence pair except the 'only stopwords/punctuation' ones is counted.
    filler = tokens["is_stop"] | tokens["is_punct"]
    pairs = tokens.assign(next_filler=filler.groupby([tokens["article_id"], tokens["sentence_id"]]).shift(-1))
    countable = pairs["next_filler"].notna() & ~(filler & pairs["next_filler"].astype(bool))
    assert bigrams["count"].sum() == countable.sum()


@pytest.mark.parametrize("word", ["ceasefire", "Putin"])
def test_seed_kwic_returns_every_sentence_with_the_word_and_nothing_else(seed, word):
    lines = terms.kwic(seed.tokens, word)
    pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
    sentences = seed.sentences
    expected = sentences.loc[sentences["text"].str.contains(pattern), ["article_id", "sentence_id"]]
    found = lines[["article_id", "sentence_id"]].drop_duplicates()
    assert sorted(map(tuple, found.values.tolist())) == sorted(map(tuple, expected.values.tolist()))
    assert lines["keyword"].str.contains(pattern).all()
    assert len(lines) == sum(len(pattern.findall(text)) for text in sentences["text"])


def test_dispersion_counts_a_long_alias_and_a_short_one_inside_it_once():
    tokens = _token_table({"a": ["Vladimir Putin met Putin before a Trump-Putin summit"]})
    places = terms.dispersion(tokens, {"Putin": ["Vladimir Putin", "Putin"]}, unit="token")
    # "Vladimir Putin" (starts at token 0), "Putin" (token 3), "Trump-Putin" (token 6, hyphen part).
    assert places["token_index"].tolist() == [0, 3, 6]


def test_keyness_against_wordfreq_lists_common_words_the_target_never_uses_as_under_used():
    target = _token_table({"t": _article({"ceasefire": 1000})})
    table = terms.keyness(target, "wordfreq").set_index("term")
    people = word_frequency("people", "en")
    # Expected in 1,000 word tokens: 1000 * people > 1, yet absent: count 0, under-used.
    # log-ratio = log2((0.5 / 1000) / people), the zero count replaced by 0.5.
    assert table.loc["people", "count"] == 0
    assert table.loc["people", "direction"] == "under"
    assert table.loc["people", "log_ratio"] == pytest.approx(math.log2(0.5 / 1000 / people))
    # "respect" is rarer: fewer than one occurrence expected, so its absence is no evidence.
    assert word_frequency("respect", "en") * 1000 < 1
    assert "respect" not in table.index
    with pytest.raises(ValueError, match='unit="lower" or "lemma"'):
        terms.keyness(target, "wordfreq", unit="token")


def test_keyness_against_wordfreq_leaves_compounds_and_numbers_out_but_counts_them_in_the_size():
    target = _token_table({"t": ["all-in ceasefire talks 2"]})
    table = terms.keyness(target, "wordfreq", min_count=1).set_index("term")
    # wordfreq would rate "all-in" about as common as "all", and "2" by its digit pattern; neither is
    # compared, yet both count in C = 4 word tokens.
    assert "all-in" not in table.index and "2" not in table.index
    assert table.loc["ceasefire", "per_1000"] == 250.0


def test_dispersion_profile_shares_each_terms_mentions_over_stretches_of_the_article():
    occurrences = pd.DataFrame({"term": ["Putin", "Putin", "Putin", "Kyiv"], "offset": [0.0, 0.3, 1.0, 0.6]})
    profile = terms.dispersion_profile(occurrences, bins=2)
    # Putin: 0.0 and 0.3 fall in [0, 0.5), 1.0 in the last stretch -> 2/3 and 1/3; Kyiv: 0.6 -> 0 and 1.
    assert profile[["term", "bin", "mentions"]].values.tolist() == [
        ["Putin", 0, 2], ["Putin", 1, 1], ["Kyiv", 0, 0], ["Kyiv", 1, 1],
    ]
    assert profile["share"].round(4).tolist() == [0.6667, 0.3333, 0.0, 1.0]


def test_functions_put_shuffled_tokens_back_in_reading_order(two_articles):
    shuffled = two_articles.sample(frac=1, random_state=7)
    assert terms.ngrams(shuffled, unit="lemma").equals(terms.ngrams(two_articles, unit="lemma"))
    assert terms.kwic(shuffled, "talks").equals(terms.kwic(two_articles, "talks"))


def test_vocabulary_summary_counts_the_denominators(two_articles):
    summary = terms.vocabulary_summary(two_articles)
    # a: 2 sentences, 10 tokens (2 full stops), 8 word tokens, 6 content (less "The", "and");
    # b: 1 sentence, 3 tokens, 2 words, 2 content. Distinct lemmas: the talk stall russia and ukraine resume.
    assert summary.to_dict("records") == [{
        "articles": 2, "sentences": 3, "tokens": 13, "word_tokens": 10, "content_tokens": 8,
        "distinct_forms": 7, "distinct_lemmas": 7,
    }]


def test_surface_forms_list_the_spellings_behind_each_lemma(two_articles):
    forms = terms.surface_forms(two_articles, ["talk", "resume"])
    assert forms[["lemma", "form", "count"]].values.tolist() == [
        ["talk", "talks", 3], ["resume", "resumed", 2],
    ]


def test_attach_article_column_labels_articles_without_a_value(two_articles):
    articles = pd.DataFrame({"article_id": ["a", "b"], "source": ["Reuters", None]})
    tokens = terms.attach_article_column(two_articles, articles, "source")
    assert tokens.groupby("source")["article_id"].first().to_dict() == {"(unknown)": "b", "Reuters": "a"}


def test_codebook_terms_split_aliases_and_filter_kinds():
    actors = pd.DataFrame({"actor": ["Russia", "Vladimir Putin"], "kind": ["state", "person"],
                           "aliases": ["Russia|Moscow|the Kremlin", "Vladimir Putin|Putin"]})
    assert terms.codebook_terms(actors, kinds=["person"]) == {"Vladimir Putin": ["Vladimir Putin", "Putin"]}
    assert terms.codebook_terms(actors)["Russia"] == ["Russia", "Moscow", "the Kremlin"]
