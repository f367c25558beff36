"""VADER sentence scores identical to nltk's, several times faster.

`polarity_scores_many` gives, for every text, exactly (bit for bit) what nltk 3.10's
`SentimentIntensityAnalyzer.polarity_scores` gives with the analyzer from
`presslens.resources.sentiment_analyzer()`: the same lexicon, the same rules, the same quirks and the
same floating-point operations in the same order. It is faster because

- nltk rebuilds, for every sentence, a dictionary of every word glued to every one of 17 punctuation
  strings (about 700 string joins for a 20-word sentence) just to strip one leading or trailing
  punctuation mark; here the stripping rule is applied directly, once per distinct token, and cached
  together with the token's lower-case form, lexicon valence, booster scalar and negation flag;
- a sentence with no lexicon word at all is answered without running the rules (neu 1.0, or all zeros
  when no token of two or more characters is left);
- repeated texts (boilerplate lines, datelines) are scored once per call;
- the scores are rounded together with numpy (`_round_like_python`, Python's own `round` next to ties).

The nltk behaviours reproduced on purpose (they look surprising but are what nltk returns):

- Tokens of one character ("a", "I", "$") are dropped before anything else, so "I" scores all zeros,
  not neu 1.0. Text whose tokens are all dropped (the empty string, "a", "!") scores all zeros, while
  punctuation of two or more characters ("!!!", "...") counts as neutral words (neu 1.0).
- Only a leading or trailing punctuation string from VADER's list (".", "!!", "?!?", ...) is stripped,
  and only when the rest has no ASCII punctuation and two or more characters: "good," -> "good", but
  "good..." and "(good)" stay as they are and miss the lexicon.
- Every occurrence of a token is scored with the context of the token's FIRST occurrence (nltk looks
  positions up by value): in "She is kind of busy and kind" both "kind"s (valence 2.4) count as the
  booster "kind of", so the sentence is neutral.
- "so" or "this" right before a lexicon word multiplies it by 1.25 when the word is the 4th token or later
  and the token three before it is not in the lexicon (an operator-precedence slip in nltk's
  "never so/this" rule).
- "never", "so", "this" in that rule and the idioms ("the shit", "cut the mustard", ...) are matched
  case-sensitively; the lexicon, negations, boosters, "least" and "but" are matched on lower case.
- "no" is not a negation in VADER's list; it is a lexicon word with valence -1.2.
"""

from __future__ import annotations

import math
import string
import time
from collections.abc import Sequence
from functools import cache
from itertools import chain, compress
from operator import itemgetter

import numpy as np
import pandas as pd

from presslens import resources

#: Output columns, in order.
SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]

#: Scores of a text with tokens but no lexicon word, and of a text with no token of 2+ characters.
NEUTRAL_SCORES = (0.0, 1.0, 0.0, 0.0)
EMPTY_SCORES = (0.0, 0.0, 0.0, 0.0)

#: The token cache (one per process, about 280 bytes a token) is cleared when it holds this many distinct
#: tokens, so it never takes more than about 140 MB on huge corpora.
MAX_CACHED_TOKENS = 500_000

_ASCII_PUNCTUATION_DELETER = str.maketrans("", "", string.punctuation)

# Fields of a token record (a tuple, for speed), see `_TokenTable.__missing__`. A token of one character
# maps to the empty tuple, which `filter(None, ...)` drops as nltk does.
_WORD, _LOWER, _VALENCE, _IS_UPPER, _BOOSTER, _NEGATED, _SCORED = range(7)
_SHORT_TOKEN: tuple = ()
_is_scored = itemgetter(_SCORED)
_is_upper = itemgetter(_IS_UPPER)
_lower_form = itemgetter(_LOWER)
_SO_THIS = ("so", "this")


class _Rules:
    """nltk's VADER constants and lexicon, taken from the analyzer itself so both can never drift apart."""

    def __init__(self) -> None:
        analyzer = resources.sentiment_analyzer()
        constants = analyzer.constants
        self.lexicon: dict[str, float] = analyzer.lexicon
        self.negations: frozenset[str] = frozenset(constants.NEGATE)
        self.boosters: dict[str, float] = dict(constants.BOOSTER_DICT)
        self.punctuation_strings: frozenset[str] = frozenset(constants.PUNC_LIST)
        self.cap_increment: float = constants.C_INCR
        self.negation_scalar: float = constants.N_SCALAR
        self.dampener: float = constants.B_DECR
        # Idioms and multi-word boosters keyed by their words (tokens never contain whitespace, so
        # comparing word tuples is the same as nltk's comparison of space-joined strings).
        self.idioms: dict[tuple[str, ...], float] = {
            tuple(key.split(" ")): value for key, value in constants.SPECIAL_CASE_IDIOMS.items()}
        self.booster_bigrams: frozenset[tuple[str, ...]] = frozenset(
            tuple(key.split(" ")) for key in constants.BOOSTER_DICT if " " in key)
        self.multiword_words: frozenset[str] = frozenset(
            word for key in (*self.idioms, *self.booster_bigrams) for word in key)


class _TokenTable(dict):
    """Raw whitespace token -> record of its VADER word, computed on first use."""

    def __init__(self, rules: _Rules) -> None:
        super().__init__()
        self.rules = rules
        self._valence_of = rules.lexicon.get
        self._booster_of = rules.boosters.get

    def __missing__(self, token: str) -> tuple:
        """Describe a token not seen yet: nltk's punctuation stripping, then the word's VADER properties.

        nltk maps every `p + word` and `word + p` (p in PUNC_LIST, word a 2+ character token of the text with
        all ASCII punctuation removed) back to `word`. For a token that is `p + word` or `word + p`, `word` is
        the token with its ASCII punctuation removed, so the rule can be checked on the token alone.
        """
        if len(self) >= MAX_CACHED_TOKENS:
            self.clear()
        if len(token) < 2:
            self[token] = _SHORT_TOKEN
            return _SHORT_TOKEN
        word = token
        if not token.isalnum():  # letters and digits only: no punctuation to strip (the usual case)
            bare = token.translate(_ASCII_PUNCTUATION_DELETER)
            if len(bare) > 1 and bare != token:
                if token.startswith(bare):
                    if token[len(bare):] in self.rules.punctuation_strings:
                        word = bare
                elif token.endswith(bare) and token[:-len(bare)] in self.rules.punctuation_strings:
                    word = bare
        lower = word.lower()
        valence = self._valence_of(lower)
        booster = self._booster_of(lower)
        record = (word, lower, valence, word.isupper(), booster, lower in self.rules.negations or "n't" in lower,
                  valence is not None and booster is None)
        self[token] = record
        return record


@cache
def _token_table() -> _TokenTable:
    return _TokenTable(_Rules())


def polarity_scores_many(texts: Sequence[str]) -> pd.DataFrame:
    """VADER scores of many texts, equal to nltk's `polarity_scores` for each.

    Args:
        texts: the texts (sentences, usually), in any order; duplicates are scored once.

    Returns:
        One row per text, in input order, index 0..n-1: `neg`, `neu`, `pos` (shares of the text, rounded to
        3 decimals) and `compound` (-1..1, rounded to 4 decimals), all float64.

    Raises:
        TypeError: when `texts` is a single string or an item is not a string (naming its position).
    """
    if isinstance(texts, str):
        raise TypeError("texts: expected a sequence of strings, got one string (wrap it in a list)")
    texts = list(texts)
    if not all(isinstance(text, str) for text in texts):
        position, text = next((n, text) for n, text in enumerate(texts) if not isinstance(text, str))
        raise TypeError(f"texts[{position}]: expected a string, got {type(text).__name__}")
    tokens = _token_table()
    scored = {text: _score(text, tokens) for text in dict.fromkeys(texts)}
    values = np.fromiter(chain.from_iterable(map(scored.__getitem__, texts)), dtype="float64",
                         count=4 * len(texts)).reshape(len(texts), 4)
    values[:, :3] = _round_like_python(values[:, :3], 3)
    values[:, 3] = _round_like_python(values[:, 3], 4)
    return pd.DataFrame(values, columns=SCORE_COLUMNS)


def polarity_scores(text: str) -> dict[str, float]:
    """VADER scores of one text as nltk returns them: {"neg", "neu", "pos", "compound"}."""
    if not isinstance(text, str):
        raise TypeError(f"text: expected a string, got {type(text).__name__}")
    neg, neu, pos, compound = _score(text, _token_table())
    return dict(zip(SCORE_COLUMNS, (round(neg, 3), round(neu, 3), round(pos, 3), round(compound, 4))))


def _round_like_python(values: np.ndarray, digits: int) -> np.ndarray:
    """`round(value, digits)` of every value in [-1, 1], vectorised, equal to Python's bit for bit.

    Python rounds the exact value of the float to the nearest multiple of 10**-digits (ties to even) and
    returns the float nearest to it. `rint(value * 10**digits)` finds the same multiple unless the scaled
    value is within its own rounding error (below 1e-11 here) of a tie, and dividing that integer by
    10**digits (exact) gives the same nearest float; values near a tie are rounded by Python itself.
    """
    scale = 10.0**digits
    scaled = values * scale
    rounded = np.rint(scaled) / scale
    near_tie = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    rounded[near_tie] = [round(value, digits) for value in values[near_tie].tolist()]
    return rounded


def _score(text: str, tokens: _TokenTable) -> tuple[float, float, float, float]:
    """nltk's `polarity_scores` on one text, as (neg, neu, pos, compound) before rounding."""
    words = list(filter(None, map(tokens.__getitem__, text.split())))
    if not words:
        return EMPTY_SCORES
    positions = list(compress(range(len(words)), map(_is_scored, words)))
    if not positions:
        return NEUTRAL_SCORES
    return _combine(_lexicon_sentiments(words, positions, text, tokens.rules), len(words), text)


def _lexicon_sentiments(words: list[tuple], positions: list[int], text: str, rules: _Rules) -> list[float]:
    """nltk's valences of the lexicon words (at `positions`), in order, after all rules including "but".

    Every other word has valence 0 in nltk (boosters, "kind" before "of", words not in the lexicon); those
    zeros change neither the sum nor the positive/negative sums, so only their count is needed.
    """
    # nltk scores every repeat of a word with the context of its first occurrence, i.e. gives it the same
    # valence; positions are in order, so the first time a word is met here is its first occurrence.
    by_word: dict[str, float] = {}
    sentiments = []
    for position in positions:
        word = words[position][_WORD]
        valence = by_word.get(word)
        if valence is None:
            if (words[position][_LOWER] == "kind" and position < len(words) - 1
                    and words[position + 1][_LOWER] == "of"):
                valence = 0
            else:
                valence = _word_valence(words, position, rules)
            by_word[word] = valence
        sentiments.append(valence)
    # A word whose lower case is "but" is lower-cased to "but" inside the lower-cased text too.
    if "but" in text.lower():
        _but_check(sentiments, positions, list(map(_lower_form, words)))
    return sentiments


def _but_check(sentiments: list[float], positions: list[int], lowers: list[str]) -> None:
    """nltk's `_but_check`, in place: halve valences before the first "but", add half to those after it."""
    if "but" not in lowers:
        return
    but_index = lowers.index("but")
    for number, (position, sentiment) in enumerate(zip(positions, sentiments)):
        if position < but_index:
            sentiments[number] = sentiment * 0.5
        elif position > but_index:
            sentiments[number] = sentiment * 1.5


def _cap_differential(words: list[tuple]) -> bool:
    """nltk's `allcap_differential`: some but not all words are ALL CAPS."""
    return 0 < len(words) - sum(map(_is_upper, words)) < len(words)


def _word_valence(words: list[tuple], index: int, rules: _Rules) -> float:
    """nltk's `sentiment_valence` for the lexicon word at `index` (its first occurrence).

    nltk's loop over the three preceding words is unrolled; for each preceding word that is not itself in the
    lexicon it adds the booster scalar (dampened by distance), then applies `_never_check` and, for the third,
    `_idioms_check`. Adding a zero scalar is skipped: it cannot change the value.
    """
    word = words[index]
    valence = word[_VALENCE]
    if word[_IS_UPPER] and _cap_differential(words):
        if valence > 0:
            valence += rules.cap_increment
        else:
            valence -= rules.cap_increment
    if index >= 1:
        before = words[index - 1]
        if before[_VALENCE] is None:
            if before[_BOOSTER] is not None:
                valence = valence + _booster_scalar(before, valence, words, rules)
            if before[_NEGATED]:
                valence = valence * rules.negation_scalar
    if index >= 2:
        before = words[index - 2]
        if before[_VALENCE] is None:
            if before[_BOOSTER] is not None:
                valence = valence + _booster_scalar(before, valence, words, rules) * 0.95
            if before[_WORD] == "never" and words[index - 1][_WORD] in _SO_THIS:
                valence = valence * 1.5
            elif before[_NEGATED]:
                valence = valence * rules.negation_scalar
    if index >= 3:
        before = words[index - 3]
        if before[_VALENCE] is None:
            if before[_BOOSTER] is not None:
                valence = valence + _booster_scalar(before, valence, words, rules) * 0.9
            # nltk's `A and B or C`: "so"/"this" right before the word counts even without "never".
            if (before[_WORD] == "never" and words[index - 2][_WORD] in _SO_THIS
                    or words[index - 1][_WORD] in _SO_THIS):
                valence = valence * 1.25
            elif before[_NEGATED]:
                valence = valence * rules.negation_scalar
            multiword_words = rules.multiword_words
            if (words[index - 2][_WORD] in multiword_words or words[index - 1][_WORD] in multiword_words
                    or word[_WORD] in multiword_words):
                # every word sequence nltk's idiom check compares contains one of these three words
                valence = _idioms_check(valence, words, index, rules)
    return _least_check(valence, words, index, rules)


def _booster_scalar(booster_word: tuple, valence: float, words: list[tuple], rules: _Rules) -> float:
    """nltk's `scalar_inc_dec` for a booster/dampener word (before the dampening by distance)."""
    scalar = booster_word[_BOOSTER]
    if valence < 0:
        scalar *= -1
    if booster_word[_IS_UPPER] and _cap_differential(words):
        if valence > 0:
            scalar += rules.cap_increment
        else:
            scalar -= rules.cap_increment
    return scalar


def _idioms_check(valence: float, words: list[tuple], index: int, rules: _Rules) -> float:
    """nltk's `_idioms_check`: idioms around the word, then the "kind of"/"sort of" dampener before it."""
    three, two, one, zero = words[index - 3][_WORD], words[index - 2][_WORD], words[index - 1][_WORD], \
        words[index][_WORD]
    for sequence in ((one, zero), (two, one, zero), (two, one), (three, two, one), (three, two)):
        if sequence in rules.idioms:
            valence = rules.idioms[sequence]
            break
    count = len(words)
    if count - 1 > index:
        sequence = (zero, words[index + 1][_WORD])
        if sequence in rules.idioms:
            valence = rules.idioms[sequence]
    if count - 1 > index + 1:
        sequence = (zero, words[index + 1][_WORD], words[index + 2][_WORD])
        if sequence in rules.idioms:
            valence = rules.idioms[sequence]
    if (three, two) in rules.booster_bigrams or (two, one) in rules.booster_bigrams:
        valence = valence + rules.dampener
    return valence


def _least_check(valence: float, words: list[tuple], index: int, rules: _Rules) -> float:
    """nltk's `_least_check`: "least" right before the word negates it, unless "at least" / "very least"."""
    if index > 0 and words[index - 1][_LOWER] == "least" and words[index - 1][_VALENCE] is None:
        if index == 1 or words[index - 2][_LOWER] not in ("at", "very"):
            valence = valence * rules.negation_scalar
    return valence


def _combine(sentiments: list[float], word_count: int, text: str) -> tuple[float, float, float, float]:
    """nltk's `score_valence`: punctuation emphasis, normalisation and the three shares, not yet rounded.

    Args:
        sentiments: the lexicon words' valences (`_lexicon_sentiments`); the other words count as neutral.
        word_count: all words, as nltk counts them.
        text: the text, for its "!" and "?" marks.
    """
    sum_s = float(sum(sentiments))
    exclamations = min(text.count("!"), 4)
    questions = text.count("?")
    question_amplifier = 0
    if questions > 1:
        question_amplifier = questions * 0.18 if questions <= 3 else 0.96
    amplifier = exclamations * 0.292 + question_amplifier
    if sum_s > 0:
        sum_s += amplifier
    elif sum_s < 0:
        sum_s -= amplifier
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    pos_sum = 0.0
    neg_sum = 0.0
    neutral_count = word_count - len(sentiments)
    for sentiment in sentiments:
        if sentiment > 0:
            pos_sum += float(sentiment) + 1
        if sentiment < 0:
            neg_sum += float(sentiment) - 1
        if sentiment == 0:
            neutral_count += 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amplifier
    total = pos_sum + math.fabs(neg_sum) + neutral_count
    return math.fabs(neg_sum / total), math.fabs(neutral_count / total), math.fabs(pos_sum / total), compound


def time_against_nltk(texts: Sequence[str], *, repeats: int = 3) -> pd.DataFrame:
    """Time nltk's per-text `polarity_scores` and `polarity_scores_many` on the same texts, alternating.

    Times are CPU seconds of this process (`time.process_time`), the best of `repeats` runs of each, so that
    other users of a shared machine distort the ratio as little as possible. "fastvader" starts every run
    with an empty token cache (its warm-up included, as for a first call on a small corpus);
    "fastvader (warm)" runs right after it, with every token already described, as in most of a large corpus.

    Args:
        texts: the texts to score (news sentences, for a representative figure).
        repeats: runs of each scorer.

    Returns:
        One row per scorer ("nltk", "fastvader", "fastvader (warm)"): `scorer`, `texts`, `seconds` (best run),
        `microseconds_per_text` and `speedup` (nltk seconds / this scorer's seconds).

    Example:
        `time_against_nltk(sentence_table_from_texts(bodies)["text"].tolist()[:20_000])`
    """
    analyzer = resources.sentiment_analyzer()
    tokens = _token_table()
    best = {"nltk": math.inf, "fastvader": math.inf, "fastvader (warm)": math.inf}
    for _ in range(repeats):
        started = time.process_time()
        for text in texts:
            analyzer.polarity_scores(text)
        best["nltk"] = min(best["nltk"], time.process_time() - started)
        tokens.clear()
        for scorer in ("fastvader", "fastvader (warm)"):
            started = time.process_time()
            polarity_scores_many(texts)
            best[scorer] = min(best[scorer], time.process_time() - started)
    count = len(texts)
    return pd.DataFrame([
        {"scorer": scorer, "texts": count, "seconds": seconds,
         "microseconds_per_text": seconds / max(count, 1) * 1e6, "speedup": best["nltk"] / seconds}
        for scorer, seconds in best.items()])
