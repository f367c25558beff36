"""Tokens: the sentence table cut into a token table (or counted per article without one), with lemmas and flags.

Tokens come from one regular expression, `TOKEN_PATTERN` (words with inner hyphens, numbers, dotted
abbreviations such as "U.S.", English clitics such as "n't" and "'s", and single punctuation marks); "didn't"
becomes "did" + "n't" (`_mend_not_clitics`). Lemmas come from simplemma (`lemma_of`), stopwords from
`data/stopwords-en.txt`. Every token keeps its character span in the article's `body`. These are the
tokens and lemmas every stage uses: the target-sentiment rules and the term functions call the same
`split_tokens`, `lower_form` and `lemma_of`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import simplemma

from presslens.text.instruments import stopwords
from presslens.text.sentences import within_group_positions

TOKEN_COLUMNS = [
    "article_id", "sentence_id", "paragraph", "position", "token_index", "token", "lower", "lemma",
    "is_stop", "is_alpha", "is_punct", "start", "end",
]

TOKEN_PATTERN = re.compile(
    r"""(?:[^\W\d_]\.){2,}                  # dotted abbreviations: U.S., e.g.
      | \d+(?:[.,:]\d+)+                    # numbers with separators: 1,000  3.5  10:30
      | \w+(?:[-‐]\w+)*                     # words, with inner hyphens: face-to-face, 30-day
      | ['’](?:t|s|re|ve|ll|d|m)\b          # clitics: 's 're 've 'll 'd 'm ('t is mended to n't below)
      | [^\w\s]                             # one punctuation mark or symbol
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A token with the whitespace before it (str.lstrip removes exactly what \s matched).
_SPACED_TOKEN = re.compile(rf"\s*(?:{TOKEN_PATTERN.pattern})", re.VERBOSE | re.IGNORECASE)
_NOT_CLITIC = re.compile(r"['’]t\b", re.IGNORECASE)
_NOT_CLITIC_TOKENS = frozenset(["'t", "'T", "’t", "’T"])
_ALPHA_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _mend_not_clitics(tokens: list[str], clitics: Iterable[int], touching: Callable[[int], bool]) -> list[int]:
    """Move the "n" of "didn" + "'t" to the clitic, giving "did" + "n't" (the Penn Treebank convention).

    `TOKEN_PATTERN` has no look-ahead, so it matches "didn't" as "didn" + "'t". The clitic at each index of
    `clitics` takes the last letter of the token before it when that token is longer than one letter, ends
    in "n" or "N" and `touching(index)` says no white space lies between the two.

    Returns:
        The indices of the clitics that took an "n" (`tokens` is changed in place).
    """
    moved = []
    for index in clitics:
        word = tokens[index - 1] if index > 0 else ""
        if len(word) > 1 and word[-1] in "nN" and touching(index):
            tokens[index - 1], tokens[index] = word[:-1], word[-1] + tokens[index]
            moved.append(index)
    return moved


def _split_tokens(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokens of each text, their offsets within it, and the number of tokens per text.

    All texts are joined by spaces and tokenised in one pass; each match carries the whitespace before
    its token, so the token's offset follows from the lengths of the matches.
    """
    joined = " ".join(texts)
    spaced = _SPACED_TOKEN.findall(joined)
    tokens = [match.lstrip() for match in spaced]
    token_lengths = np.fromiter(map(len, tokens), dtype="int64", count=len(tokens))
    starts = np.cumsum(np.fromiter(map(len, spaced), dtype="int64", count=len(spaced))) - token_lengths
    text_starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]], dtype="int64")
    text_numbers = np.searchsorted(text_starts, starts, side="right") - 1
    clitic_starts = [found.start() for found in _NOT_CLITIC.finditer(joined)]
    clitics = [index for index, start in zip(np.searchsorted(starts, clitic_starts).tolist(), clitic_starts)
               if index < len(tokens) and starts[index] == start]
    moved = _mend_not_clitics(tokens, clitics,
                              lambda index: starts[index - 1] + len(tokens[index - 1]) == starts[index])
    starts[np.asarray(moved, dtype="int64")] -= 1
    counts = np.bincount(text_numbers, minlength=len(texts)).astype("int64")
    return tokens, starts - text_starts[text_numbers], counts


def split_tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokens of one text as `tokenize` cuts them, each with its (start, end) offsets in `text`."""
    tokens, starts, _ = _split_tokens([text])
    return [(token, start, start + len(token)) for token, start in zip(tokens, starts.tolist())]


def tokenize(sentences: pd.DataFrame) -> pd.DataFrame:
    """Split sentences into tokens with lower-case forms, lemmas and flags.

    Args:
        sentences: a sentence table from `split_sentences`.

    Returns:
        One row per token: article_id, sentence_id, paragraph, position (0-based within the sentence),
        token_index (0-based within the article), token, lower (lower case, curly apostrophes made
        straight), lemma (simplemma, English; the lower form for non-words), is_stop (lower form in
        `data/stopwords-en.txt`), is_alpha (letters, with inner hyphens or apostrophes allowed),
        is_punct (punctuation or symbol), start and end (int offsets into the article's `body`).
    """
    tokens, offsets, counts = _split_tokens(sentences["text"].tolist())
    sentence_rows = np.repeat(np.arange(len(sentences)), counts)
    sentence_start = sentences["start"].to_numpy()[sentence_rows]
    token_frame = pd.DataFrame({
        "article_id": sentences["article_id"].to_numpy()[sentence_rows],
        "sentence_id": sentences["sentence_id"].to_numpy()[sentence_rows],
        "paragraph": sentences["paragraph"].to_numpy()[sentence_rows],
        "position": within_group_positions(counts),
        "token": pd.Series(tokens, dtype="str"),
    })
    article_sizes = token_frame.groupby("article_id", sort=False).size().to_numpy()
    token_frame["token_index"] = within_group_positions(article_sizes)
    lower = lower_forms(token_frame["token"])
    codes, vocabulary = pd.factorize(lower)
    forms = _describe_forms(pd.Series(vocabulary, dtype="str"))
    token_frame["lower"] = lower
    token_frame["lemma"] = forms["lemma"].take(codes).reset_index(drop=True)
    for flag in ("is_stop", "is_alpha", "is_punct"):
        token_frame[flag] = forms[flag].to_numpy()[codes]
    token_frame["start"] = sentence_start + offsets
    token_frame["end"] = token_frame["start"] + token_frame["token"].str.len()
    return token_frame[TOKEN_COLUMNS].astype({"article_id": "str"})


def lower_forms(tokens: pd.Series) -> pd.Series:
    """`lower_form` of each token of a Series."""
    return tokens.str.lower().str.replace("’", "'", regex=False)


def lower_form(word: str) -> str:
    """The `lower` column's form of a word: lower case, with curly apostrophes made straight ("Don’t" -> "don't")."""
    return word.lower().replace("’", "'")


def _describe_forms(forms: pd.Series) -> pd.DataFrame:
    """Lemma and flags of distinct lower-case forms (the vocabulary of a token table).

    Returns:
        One row per form, in the order given: lemma (simplemma for words, the form itself otherwise),
        is_stop, is_alpha, is_punct (as in `tokenize`).
    """
    is_alpha = forms.str.fullmatch(_ALPHA_WORD.pattern).to_numpy(dtype=bool)
    return pd.DataFrame({
        "lemma": pd.Series([lemma_of(form) if alpha else form for form, alpha in zip(forms.tolist(), is_alpha)],
                           dtype="str"),
        "is_stop": forms.isin(stopwords()).to_numpy(dtype=bool),
        "is_alpha": is_alpha,
        "is_punct": (~forms.str.contains(r"\w", regex=True)).to_numpy(dtype=bool),
    })


@lru_cache(maxsize=None)
def lemma_of(word: str) -> str:
    """The lower-case simplemma lemma of one English word (remembered: a corpus repeats its words)."""
    return simplemma.lemmatize(word, lang="en").lower()


def sentence_lengths(tokens: pd.DataFrame) -> pd.DataFrame:
    """Count tokens and words per sentence.

    Returns:
        One row per sentence: article_id, sentence_id, tokens (all tokens), words (tokens with `is_alpha`).
    """
    lengths = tokens.groupby(["article_id", "sentence_id"], sort=True).agg(
        tokens=("token", "size"), words=("is_alpha", "sum"))
    return lengths.reset_index().astype({"words": "int64"})


FORM_COUNT_COLUMNS = ["article_id", "lower", "lemma", "is_stop", "is_alpha", "is_punct", "count"]


def token_counts(sentences: pd.DataFrame) -> pd.DataFrame:
    """Count each lower-case word form per article: the token table summed, without building it.

    Tokens, lower forms, lemmas and flags are exactly those of `tokenize`; only the per-token rows (with
    their positions and offsets) are not kept, which makes this much faster and smaller for counting
    terms over a large corpus. `presslens.terms.term_frequencies` accepts this table as well as a token table.

    No token spans whitespace, so the text is cut at whitespace first and each distinct piece ("said,",
    "didn't", "U.S.") is tokenised once, however often it occurs.

    Args:
        sentences: a sentence table from `split_sentences`.

    Returns:
        One row per (article_id, lower): article_id, lower, lemma, is_stop, is_alpha, is_punct, count
        (tokens of that form in the article); sorted by article_id and lower.
    """
    sentence_articles, article_ids = pd.factorize(sentences["article_id"].astype("str"), sort=True)
    texts = pa.array(sentences["text"], type=pa.large_string())
    if isinstance(texts, pa.ChunkedArray):  # a concatenated table's column comes in several chunks
        texts = texts.combine_chunks()
    if texts.null_count:
        raise ValueError("sentences: column 'text' has missing values")
    # Arrow cuts at exactly the characters str.split() cuts at (it also leaves empty pieces, which have no tokens)
    pieces_of_sentences = pc.utf8_split_whitespace(texts)
    pieces = pc.dictionary_encode(pc.list_flatten(pieces_of_sentences))
    distinct_pieces = max(len(pieces.dictionary), 1)  # (article, piece) pairs are keyed article * this + piece
    piece_keys, piece_counts = np.unique(
        sentence_articles[pc.list_parent_indices(pieces_of_sentences).to_numpy()] * distinct_pieces
        + pieces.indices.to_numpy(zero_copy_only=False), return_counts=True)
    piece_articles, piece_codes = np.divmod(piece_keys, distinct_pieces)
    tokens, tokens_per_piece = _tokens_of_pieces(pieces.dictionary.to_pylist())
    form_of_token, forms = pd.factorize(lower_forms(pd.Series(tokens, dtype="str")), sort=True)
    # every (article, piece) count spread over the piece's tokens, then summed per (article, form)
    tokens_per_row = tokens_per_piece[piece_codes]
    token_rows = (np.repeat(np.cumsum(tokens_per_piece)[piece_codes] - tokens_per_row, tokens_per_row)
                  + within_group_positions(tokens_per_row))
    distinct_forms = max(len(forms), 1)
    form_keys = np.repeat(piece_articles, tokens_per_row) * distinct_forms + form_of_token[token_rows]
    keys, key_of_row = np.unique(form_keys, return_inverse=True)
    counts = np.bincount(key_of_row, weights=np.repeat(piece_counts, tokens_per_row), minlength=len(keys))
    article_codes, form_codes = np.divmod(keys, distinct_forms)
    vocabulary = _remembered_descriptions(pd.Series(forms, dtype="str"))
    table = vocabulary.take(form_codes).reset_index(drop=True)
    table.insert(0, "article_id", pd.Series(article_ids, dtype="str").take(article_codes).reset_index(drop=True))
    table["count"] = counts.astype("int64")
    return table[FORM_COUNT_COLUMNS]


def _tokens_of_pieces(pieces: list[str]) -> tuple[list[str], np.ndarray]:
    """The tokens of texts without whitespace, as `_split_tokens` gives them, and the number per text.

    The texts are joined by spaces and tokenised in one pass (one `findall` per text costs several times
    more). No token spans whitespace, and every other character belongs to a token, so the tokens of a
    text spell it out exactly: the tokens of each text follow from cumulative lengths.
    """
    tokens = TOKEN_PATTERN.findall(" ".join(pieces))
    token_ends = np.cumsum(np.fromiter(map(len, tokens), dtype="int64", count=len(tokens)))
    piece_ends = np.cumsum(np.fromiter(map(len, pieces), dtype="int64", count=len(pieces)))
    tokens_up_to_piece_end = np.searchsorted(token_ends, piece_ends, side="right")
    tokens_per_piece = np.diff(tokens_up_to_piece_end, prepend=0)
    first_tokens = set((tokens_up_to_piece_end - tokens_per_piece).tolist())
    clitics = [index for index, token in enumerate(tokens) if token in _NOT_CLITIC_TOKENS]
    _mend_not_clitics(tokens, clitics, lambda index: index not in first_tokens)  # touching within one text
    return tokens, tokens_per_piece


# Lemma and flags of each lower-case form seen, as `_describe_forms` gives them, so that a form is described
# once per process rather than once per chunk. Emptied when it would hold more than _MAX_REMEMBERED_FORMS
# forms (5,000 AllSides articles have about 75,000 distinct forms; 300,000 take about 65 MB).
_REMEMBERED_FORMS: dict[str, tuple[str, bool, bool, bool]] = {}
_MAX_REMEMBERED_FORMS = 300_000


def _remembered_descriptions(forms: pd.Series) -> pd.DataFrame:
    """Distinct lower-case `forms` with their lemma and flags, as `_describe_forms` gives them.

    Forms not seen before are described by `_describe_forms` and remembered in `_REMEMBERED_FORMS`.

    Returns:
        One row per form, in the order given: lower, lemma, is_stop, is_alpha, is_punct.
    """
    form_list = forms.tolist()
    new_forms = [form for form in form_list if form not in _REMEMBERED_FORMS]
    if new_forms:
        if len(_REMEMBERED_FORMS) + len(new_forms) > _MAX_REMEMBERED_FORMS:
            _REMEMBERED_FORMS.clear()
            new_forms = form_list
        described = _describe_forms(pd.Series(new_forms, dtype="str"))
        _REMEMBERED_FORMS.update(zip(new_forms, zip(
            described["lemma"].tolist(), described["is_stop"].tolist(), described["is_alpha"].tolist(),
            described["is_punct"].tolist())))
    descriptions = list(map(_REMEMBERED_FORMS.__getitem__, form_list))
    columns = {"lower": forms.reset_index(drop=True),
               "lemma": pd.Series(list(map(itemgetter(0), descriptions)), dtype="str")}
    for field, flag in enumerate(("is_stop", "is_alpha", "is_punct"), start=1):
        columns[flag] = np.fromiter(map(itemgetter(field), descriptions), dtype=bool, count=len(descriptions))
    return pd.DataFrame(columns)

