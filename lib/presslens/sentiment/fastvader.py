"""VADER sentence scores identical to nltk's, several times faster.

`polarity_scores_many` gives, for every text, exactly (bit for bit) what nltk 3.10's
`SentimentIntensityAnalyzer.polarity_scores` gives with the analyzer from
`presslens.sentiment.lexicon.sentiment_analyzer()`: the same lexicon, the same rules, the same quirks and the
same floating-point operations in the same order. It is faster because

- nltk rebuilds, for every sentence, a dictionary of every word glued to every one of 17 punctuation
  strings (about 700 string joins for a 20-word sentence) just to strip one leading or trailing
  punctuation mark; here the stripping rule is applied directly, once per distinct token, and the token's
  word, lexicon valence, booster scalar and negation flag are kept in numpy arrays, indexed by a number
  given to the token the first time it is seen;
- the rules are applied to all texts at once, with numpy: every rule looks at most three words back
  (boosters, negations, "never so", "least") or is a count over the text (capitals, "!", "?", "but"), so
  it is a computation on the lexicon words' positions and the words just before them. Only the rare
  lexicon words next to the start of an idiom ("cut the mustard", "kind of") go through the idiom rule one
  by one. Sums are taken word by word, left to right, as nltk adds them, so every float is the same;
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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from presslens.sentiment.lexicon import sentiment_analyzer

#: Output columns, in order.
SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]

#: The token numbering (one per process, about 300 bytes a token) starts afresh before a call when it holds
#: this many distinct tokens, so it never takes more than about 150 MB on huge corpora.
MAX_CACHED_TOKENS = 500_000

_ASCII_PUNCTUATION_DELETER = str.maketrans("", "", string.punctuation)
_SO_THIS = ("so", "this")
# The lower-case words VADER's rules look for by name, coded in `_TokenTable.lower_code`.
_OTHER, _KIND, _OF, _LEAST, _BUT, _AT_OR_VERY = range(6)
_LOWER_CODES = {"kind": _KIND, "of": _OF, "least": _LEAST, "but": _BUT, "at": _AT_OR_VERY, "very": _AT_OR_VERY}


class _Rules:
    """nltk's VADER constants and lexicon, taken from the analyzer itself so both can never drift apart."""

    def __init__(self) -> None:
        analyzer = sentiment_analyzer()
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
        # The first two words of every idiom and multi-word booster: the idiom rule can only change a
        # valence when one of these pairs stands in the words it compares (one-word idioms, "badass",
        # never match: nltk compares sequences of two or three words).
        self.opening_pairs: frozenset[tuple[str, ...]] = frozenset(
            key[:2] for key in (*self.idioms, *self.booster_bigrams) if len(key) > 1)


class _TokenTable:
    """Raw whitespace tokens numbered on first sight, with the VADER properties of each in numpy arrays.

    A token is described once: nltk's punctuation stripping gives its word, whose lower case gives the
    lexicon valence, booster scalar and negation flag. nltk maps every `p + word` and `word + p` (p in
    PUNC_LIST, word a 2+ character token of the text with all ASCII punctuation removed) back to `word`; for
    a token that is `p + word` or `word + p`, `word` is the token with its ASCII punctuation removed, so the
    rule can be checked on the token alone.

    `columns` holds, per token number: `dropped` (one character: nltk drops it), `valence` (0.0 when not in
    the lexicon), `in_lexicon`, `booster` (the scalar, 0.0 when none), `is_booster`, `is_upper` (ALL CAPS),
    `negated`, `scored` (in the lexicon and not a booster: the words that get a valence), `word` (the
    number of the stripped word, case kept, in `word_numbers`), `lower_code` (`_KIND`, `_OF`, ... or
    `_OTHER`), `never`, `so_or_this` (the word, case kept) and `multiword` (the word is part of an idiom or
    multi-word booster).
    """

    _COLUMN_TYPES = {"dropped": bool, "valence": np.float64, "in_lexicon": bool, "booster": np.float64,
                     "is_booster": bool, "is_upper": bool, "negated": bool, "scored": bool, "word": np.int64,
                     "lower_code": np.int8, "never": bool, "so_or_this": bool, "multiword": bool}

    def __init__(self, rules: _Rules) -> None:
        self.rules = rules
        self.clear()

    def clear(self) -> None:
        """Forget every token (the next call numbers them afresh)."""
        self.numbers = _Numbering()
        self.word_numbers: dict[str, int] = {}
        self.word_texts: list[str] = []
        self.columns = {name: np.zeros(1024, dtype=dtype) for name, dtype in self._COLUMN_TYPES.items()}
        self.opening_pair_codes = np.array(sorted(
            self.pair_code(self._word_number(first), self._word_number(second))
            for first, second in self.rules.opening_pairs), dtype=np.int64)

    def __len__(self) -> int:
        return len(self.numbers)

    @staticmethod
    def pair_code(first: np.ndarray | int, second: np.ndarray | int) -> np.ndarray | int:
        """One integer for a pair of word numbers (each below 2**31)."""
        return first * 2**31 + second

    def numbers_of(self, tokens: list[str]) -> np.ndarray:
        """The number of every token, describing the tokens not seen before."""
        numbers = np.fromiter(map(self.numbers.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        if self.numbers.pending:
            self._describe(self.numbers.pending)
            self.numbers.pending = []
        return numbers

    def _word_number(self, word: str) -> int:
        number = self.word_numbers.get(word)
        if number is None:
            number = self.word_numbers[word] = len(self.word_texts)
            self.word_texts.append(word)
        return number

    def _describe(self, tokens: list[str]) -> None:
        """Fill the columns of new tokens, numbered from `len(self) - len(tokens)` on."""
        rules = self.rules
        rows = []
        for token in tokens:
            word = token
            if len(token) > 1 and not token.isalnum():  # letters and digits only: nothing to strip (usual)
                bare = token.translate(_ASCII_PUNCTUATION_DELETER)
                if len(bare) > 1 and bare != token:
                    if token.startswith(bare):
                        if token[len(bare):] in rules.punctuation_strings:
                            word = bare
                    elif token.endswith(bare) and token[:-len(bare)] in rules.punctuation_strings:
                        word = bare
            lower = word.lower()
            valence = rules.lexicon.get(lower)
            booster = rules.boosters.get(lower)
            rows.append((len(token) < 2, valence or 0.0, valence is not None, booster or 0.0, booster is not None,
                         word.isupper(), lower in rules.negations or "n't" in lower,
                         valence is not None and booster is None, self._word_number(word),
                         _LOWER_CODES.get(lower, _OTHER), word == "never", word in _SO_THIS,
                         word in rules.multiword_words))
        first, stop = len(self) - len(tokens), len(self)
        if stop > len(self.columns["dropped"]):
            size = max(stop, 2 * len(self.columns["dropped"]))
            for name, values in self.columns.items():
                grown = np.zeros(size, dtype=values.dtype)
                grown[:first] = values[:first]
                self.columns[name] = grown
        for name, values in zip(self.columns, zip(*rows)):
            self.columns[name][first:stop] = values


class _Numbering(dict):
    """Token -> number; a token not seen yet gets the next number and waits in `pending` to be described."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list[str] = []

    def __missing__(self, token: str) -> int:
        number = self[token] = len(self)
        self.pending.append(token)
        return number


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
    if set(map(type, texts)) - {str} and not all(isinstance(text, str) for text in texts):
        position, text = next((n, text) for n, text in enumerate(texts) if not isinstance(text, str))
        raise TypeError(f"texts[{position}]: expected a string, got {type(text).__name__}")
    distinct = pc.dictionary_encode(pa.array(texts, type=pa.large_string()))
    values = _scores(distinct.dictionary, _token_table())[distinct.indices.to_numpy(zero_copy_only=False)]
    values[:, :3] = _round_like_python(values[:, :3], 3)
    values[:, 3] = _round_like_python(values[:, 3], 4)
    return pd.DataFrame(values, columns=SCORE_COLUMNS)


def polarity_scores(text: str) -> dict[str, float]:
    """VADER scores of one text as nltk returns them: {"neg", "neu", "pos", "compound"}."""
    if not isinstance(text, str):
        raise TypeError(f"text: expected a string, got {type(text).__name__}")
    return dict(zip(SCORE_COLUMNS, polarity_scores_many([text]).iloc[0].tolist()))


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


def _scores(texts: pa.Array, table: _TokenTable) -> np.ndarray:
    """nltk's `polarity_scores` of every text (an arrow string array), before rounding: one row (neg, neu,
    pos, compound) per text.

    The words of all texts are laid end to end in one array ("flat" positions); `position` is a word's place
    in its own text, counted as nltk counts after dropping one-character tokens.
    """
    if len(table) > MAX_CACHED_TOKENS:
        table.clear()
    # pyarrow splits at the same whitespace as `str.split()` (tested over all of Unicode), but gives an empty
    # token for whitespace at either end, which is dropped below like every token of fewer than two characters
    token_lists = pc.utf8_split_whitespace(texts)
    tokens_per_text = np.diff(token_lists.offsets.to_numpy())
    distinct_tokens = pc.dictionary_encode(token_lists.flatten())
    numbers = table.numbers_of(distinct_tokens.dictionary.to_pylist())[
        distinct_tokens.indices.to_numpy(zero_copy_only=False)]
    columns = table.columns
    kept = ~columns["dropped"][numbers]
    numbers = numbers[kept]
    text_of = np.repeat(np.arange(len(texts)), tokens_per_text)[kept]
    words_per_text = np.bincount(text_of, minlength=len(texts))
    position = np.arange(len(numbers)) - (np.cumsum(words_per_text) - words_per_text)[text_of]
    upper_words = np.bincount(text_of, weights=columns["is_upper"][numbers], minlength=len(texts))
    cap_differential = (0 < words_per_text - upper_words) & (words_per_text - upper_words < words_per_text)

    # The lexicon words, and the first occurrence of each word in its text, whose valence every repeat gets.
    lexicon_words = np.flatnonzero(columns["scored"][numbers])
    repeat_keys = text_of[lexicon_words] * len(table.word_texts) + columns["word"][numbers[lexicon_words]]
    _, first_index, first_of = np.unique(repeat_keys, return_index=True, return_inverse=True)
    valences = _first_valences(lexicon_words[first_index], numbers, text_of, position, words_per_text,
                               cap_differential, table)[first_of]

    # "but": valences before the text's first "but" halved, those after it increased by half.
    buts = np.flatnonzero(columns["lower_code"][numbers] == _BUT)
    but_position = np.full(len(texts), -1)
    texts_with_but, first_but = np.unique(text_of[buts], return_index=True)
    but_position[texts_with_but] = position[buts[first_but]]
    word_but = but_position[text_of[lexicon_words]]
    word_position = position[lexicon_words]
    valences = np.where((word_but >= 0) & (word_position < word_but), valences * 0.5,
                        np.where((word_but >= 0) & (word_position > word_but), valences * 1.5, valences))
    return _combine(valences, text_of[lexicon_words], words_per_text, texts)


def _first_valences(at: np.ndarray, numbers: np.ndarray, text_of: np.ndarray, position: np.ndarray,
                    words_per_text: np.ndarray, cap_differential: np.ndarray, table: _TokenTable) -> np.ndarray:
    """nltk's `sentiment_valence` of the lexicon words at flat positions `at` (first occurrences).

    nltk's loop over the three preceding words is unrolled: for each preceding word that is not itself in
    the lexicon it adds the booster scalar (dampened by distance), then applies the "never" and negation
    rules and, for the third, the idiom rule; then "least" and "kind of". Each step is the same float
    operation as nltk's, on every word at once (`np.where` keeps the old value where a rule does not apply).
    """
    columns, rules = table.columns, table.rules
    last = len(numbers) - 1

    def of(name: str, offset: int) -> np.ndarray:
        """Column `name` of the word `offset` places after each word of `at` (clipped to the flat array)."""
        return columns[name][numbers[np.clip(at + offset, 0, last)]]

    word_position, text = position[at], text_of[at]
    valence = of("valence", 0)
    capitals = of("is_upper", 0) & cap_differential[text]
    valence = np.where(capitals, np.where(valence > 0, valence + rules.cap_increment,
                                          valence - rules.cap_increment), valence)
    for back, dampening in ((1, None), (2, 0.95), (3, 0.9)):
        open_before = (word_position >= back) & ~of("in_lexicon", -back)
        scalar = np.where(valence < 0, -of("booster", -back), of("booster", -back))
        scalar = np.where(of("is_upper", -back) & cap_differential[text],
                          np.where(valence > 0, scalar + rules.cap_increment, scalar - rules.cap_increment), scalar)
        if dampening is not None:
            scalar = scalar * dampening
        valence = np.where(open_before & of("is_booster", -back), valence + scalar, valence)
        negated = open_before & of("negated", -back)
        if back == 1:
            valence = np.where(negated, valence * rules.negation_scalar, valence)
        elif back == 2:
            never_so = open_before & of("never", -2) & of("so_or_this", -1)
            valence = np.where(never_so, valence * 1.5, np.where(negated, valence * rules.negation_scalar, valence))
        else:
            # nltk's `A and B or C`: "so"/"this" right before the word counts even without "never".
            so_this = open_before & (of("never", -3) & of("so_or_this", -2) | of("so_or_this", -1))
            valence = np.where(so_this, valence * 1.25, np.where(negated, valence * rules.negation_scalar, valence))
            valence = _idioms(valence, at, open_before, numbers, text_of, position, words_per_text, table)
    least = (word_position >= 1) & (of("lower_code", -1) == _LEAST) & ~of("in_lexicon", -1)
    least &= (word_position == 1) | (of("lower_code", -2) != _AT_OR_VERY)
    valence = np.where(least, valence * rules.negation_scalar, valence)
    kind_of = (of("lower_code", 0) == _KIND) & (word_position < words_per_text[text] - 1) \
        & (of("lower_code", 1) == _OF)
    return np.where(kind_of, 0.0, valence)


def _idioms(valence: np.ndarray, at: np.ndarray, open_before: np.ndarray, numbers: np.ndarray,
            text_of: np.ndarray, position: np.ndarray, words_per_text: np.ndarray,
            table: _TokenTable) -> np.ndarray:
    """nltk's `_idioms_check` where it may change a valence; `open_before`: the word is the 4th or later and
    the third word back is not in the lexicon.

    nltk runs it when one of the word and the two before it is part of an idiom or multi-word booster; it can
    only change the valence when an idiom's opening pair of words starts at one of the three words before
    the word or at the word itself (within the text), so only those words are checked, one by one.
    """
    columns = table.columns
    last = len(numbers) - 1
    word_of, multiword = columns["word"], columns["multiword"]
    candidates = open_before & (multiword[numbers[at]] | multiword[numbers[at - 1]] | multiword[numbers[at - 2]])
    checked = np.flatnonzero(candidates)
    at_checked = at[checked]
    near_opening = np.zeros(len(checked), dtype=bool)
    for back in range(4):
        first = at_checked - back
        within_text = np.ones(len(checked), dtype=bool) if back else \
            position[at_checked] < words_per_text[text_of[at_checked]] - 1
        pairs = table.pair_code(word_of[numbers[first]], word_of[numbers[np.minimum(first + 1, last)]])
        near_opening |= within_text & np.isin(pairs, table.opening_pair_codes)
    valence = valence.copy()
    for index in checked[near_opening].tolist():
        flat = int(at[index])
        first = flat - int(position[flat])
        words = [table.word_texts[number]
                 for number in word_of[numbers[first: first + int(words_per_text[text_of[flat]])]].tolist()]
        valence[index] = _idioms_check(float(valence[index]), words, flat - first, table.rules)
    return valence


def _idioms_check(valence: float, words: list[str], index: int, rules: _Rules) -> float:
    """nltk's `_idioms_check` for the word at `index` of `words` (index >= 3): idioms around the word, then the
    "kind of"/"sort of" dampener before it."""
    three, two, one, zero = words[index - 3], words[index - 2], words[index - 1], words[index]
    for sequence in ((one, zero), (two, one, zero), (two, one), (three, two, one), (three, two)):
        if sequence in rules.idioms:
            valence = rules.idioms[sequence]
            break
    count = len(words)
    if count - 1 > index:
        sequence = (zero, words[index + 1])
        if sequence in rules.idioms:
            valence = rules.idioms[sequence]
    if count - 1 > index + 1:
        sequence = (zero, words[index + 1], words[index + 2])
        if sequence in rules.idioms:
            valence = rules.idioms[sequence]
    if (three, two) in rules.booster_bigrams or (two, one) in rules.booster_bigrams:
        valence = valence + rules.dampener
    return valence


def _count_byte(texts: pa.Array, mark: bytes) -> np.ndarray:
    """How often each text of a large_string array holds an ASCII character, counted on the UTF-8 bytes (an
    ASCII byte is never part of another character's encoding)."""
    _, offsets_buffer, data_buffer = texts.buffers()
    if data_buffer is None:  # no text, or only empty ones
        return np.zeros(len(texts), dtype=np.int64)
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[texts.offset: texts.offset + len(texts) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0]: offsets[-1]]
    found = np.flatnonzero(data == ord(mark)) + offsets[0]
    return np.bincount(np.searchsorted(offsets, found, side="right") - 1, minlength=len(texts))


def _combine(valences: np.ndarray, text_of: np.ndarray, words_per_text: np.ndarray,
             texts: pa.Array) -> np.ndarray:
    """nltk's `score_valence` for every text: punctuation emphasis, normalisation and the three shares.

    Args:
        valences: the lexicon words' valences, text by text, in order; every other word counts as neutral.
        text_of: the text of each valence.
        words_per_text: all words of each text, as nltk counts them.
        texts: the texts (an arrow array), for their "!" and "?" marks.

    Returns:
        One row (neg, neu, pos, compound) per text, not rounded; all zeros for a text without words.
    """
    count = len(texts)
    sum_s, pos_sum, neg_sum = np.zeros(count), np.zeros(count), np.zeros(count)
    zeros = np.zeros(count, dtype=np.int64)
    # nltk adds the valences one by one, left to right: here the k-th valence of every text at step k
    per_text = np.bincount(text_of, minlength=count)
    rank = np.arange(len(valences)) - (np.cumsum(per_text) - per_text)[text_of]
    by_rank = np.argsort(rank, kind="stable")
    for step in np.split(by_rank, np.cumsum(np.bincount(rank))[:-1]) if len(rank) else ():
        text, valence = text_of[step], valences[step]
        sum_s[text] += valence
        pos_sum[text] += np.where(valence > 0, valence + 1, 0.0)
        neg_sum[text] += np.where(valence < 0, valence - 1, 0.0)
        zeros[text] += valence == 0
    exclamations = np.minimum(_count_byte(texts, b"!"), 4)
    questions = _count_byte(texts, b"?")
    question_amplifier = np.where(questions > 1, np.where(questions <= 3, questions * 0.18, 0.96), 0.0)
    amplifier = exclamations * 0.292 + question_amplifier
    sum_s = np.where(sum_s > 0, sum_s + amplifier, np.where(sum_s < 0, sum_s - amplifier, sum_s))
    compound = sum_s / np.sqrt((sum_s * sum_s) + 15)
    neutral_count = words_per_text - per_text + zeros
    pos_sum, neg_sum = (np.where(pos_sum > np.fabs(neg_sum), pos_sum + amplifier, pos_sum),
                        np.where(pos_sum < np.fabs(neg_sum), neg_sum - amplifier, neg_sum))
    total = pos_sum + np.fabs(neg_sum) + neutral_count
    with np.errstate(invalid="ignore"):  # 0 / 0 for texts without words, set to zeros below
        scores = np.column_stack([np.fabs(neg_sum / total), np.fabs(neutral_count / total),
                                  np.fabs(pos_sum / total), compound])
    scores[words_per_text == 0] = 0.0
    return scores


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
    analyzer = sentiment_analyzer()
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
