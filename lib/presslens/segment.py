"""Segmenting: clean article bodies into a sentence table and a token table.

Sentences come from Punkt (untrained, with the abbreviation list in `data/abbreviations-en.txt`) run
inside each paragraph, so a sentence never spans a paragraph break. Tokens come from one regular
expression (words with inner hyphens, numbers, dotted abbreviations such as "U.S.", English clitics
such as "n't" and "'s", and single punctuation marks); lemmas from simplemma; stopwords from
`data/stopwords-en.txt`. Every sentence and token keeps its character span in the article's `body`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd
import simplemma

from presslens import resources

SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph", "text", "start", "end", "quotation"]
TOKEN_COLUMNS = [
    "article_id", "sentence_id", "paragraph", "position", "token_index", "token", "lower", "lemma",
    "is_stop", "is_alpha", "is_punct", "start", "end",
]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Quoted passages inside one paragraph: curly or guillemet quotes, or straight double quotes. An opening
# mark without a closing one runs to the end of the paragraph (news style for quotes over paragraphs).
_QUOTED = re.compile(r"“[^”]*(?:”|$)|«[^»]*(?:»|$)|„[^“”]*(?:[“”]|$)|\"[^\"]*(?:\"|$)")
_WORD_CHARACTER = re.compile(r"[^\W_]")
TOKEN_PATTERN = re.compile(
    r"""(?:[^\W\d_]\.){2,}                  # dotted abbreviations: U.S., e.g.
      | \d+(?:[.,:]\d+)+                    # numbers with separators: 1,000  3.5  10:30
      | \w+(?:[-‐]\w+)*                     # words, with inner hyphens: face-to-face, 30-day
      | ['’](?:t|s|re|ve|ll|d|m)\b          # clitics: 's 're 've 'll 'd 'm ('t is mended to n't below)
      | [^\w\s]                             # one punctuation mark or symbol
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SPACE_AND_TOKEN = re.compile(rf"(\s*)({TOKEN_PATTERN.pattern})", re.VERBOSE | re.IGNORECASE)
_ALPHA_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _quotation_status(sentence: str, sentence_start: int, quoted_spans: list[tuple[int, int]]) -> str:
    """Whether a sentence lies inside quotation marks: "full", "partial" or "none"."""
    inside, outside_parts, cursor = [], [], sentence_start
    sentence_end = sentence_start + len(sentence)
    for quote_start, quote_end in quoted_spans:
        start, end = max(quote_start, sentence_start), min(quote_end, sentence_end)
        if start >= end:
            continue
        outside_parts.append(sentence[cursor - sentence_start : start - sentence_start])
        inside.append(sentence[start - sentence_start : end - sentence_start])
        cursor = end
    outside_parts.append(sentence[cursor - sentence_start :])
    quoted = any(_WORD_CHARACTER.search(part) for part in inside)
    unquoted = any(_WORD_CHARACTER.search(part) for part in outside_parts)
    if quoted and unquoted:
        return "partial"
    return "full" if quoted else "none"


def _sentence_rows(article_id: str, body: str) -> Iterable[tuple[str, int, int, str, int, int, str]]:
    """The sentence rows of one article body."""
    splitter = resources.punkt_tokenizer()
    sentence_id = 0
    paragraph_start = 0
    for paragraph_number, paragraph in enumerate(_PARAGRAPH_BREAK.split(body)):
        paragraph_start = body.index(paragraph, paragraph_start)
        quoted_spans = [(m.start(), m.end()) for m in _QUOTED.finditer(paragraph)]
        for start, end in splitter.span_tokenize(paragraph):
            text = paragraph[start:end]
            status = _quotation_status(text, start, quoted_spans) if quoted_spans else "none"
            yield (article_id, sentence_id, paragraph_number, text, paragraph_start + start,
                   paragraph_start + end, status)
            sentence_id += 1
        paragraph_start += len(paragraph)


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Split each article's clean `body` into sentences.

    Args:
        articles: a table with `article_id` and `body` (from `clean_articles`).

    Returns:
        One row per sentence: article_id (str), sentence_id (int, 0-based within the article),
        paragraph (int, 0-based), text (str), start and end (int offsets into `body`, so
        `body[start:end] == text`), quotation (str: "full" when every word lies inside quotation marks,
        "partial" when some do, "none").
    """
    rows = [row for article_id, body in zip(articles["article_id"], articles["body"])
            for row in _sentence_rows(article_id, body)]
    sentences = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return sentences.astype({"article_id": "str", "sentence_id": "int64", "paragraph": "int64",
                             "text": "str", "start": "int64", "end": "int64", "quotation": "str"})


def sentence_table_from_texts(texts: str | Iterable[str]) -> pd.DataFrame:
    """Build a sentence table from plain strings, one article per string (ids "text-1", "text-2", ...).

    The strings are split as they are (no boilerplate cleaning), so analysis functions can accept a plain
    string as well as the corpus tables.
    """
    texts = [texts] if isinstance(texts, str) else list(texts)
    articles = pd.DataFrame({"article_id": [f"text-{n}" for n in range(1, len(texts) + 1)], "body": texts})
    return split_sentences(articles)


def _within_group_positions(group_sizes: np.ndarray) -> np.ndarray:
    """0, 1, ... restarting at each group, for consecutive groups of the given sizes."""
    total = int(group_sizes.sum())
    group_starts = np.repeat(np.cumsum(group_sizes) - group_sizes, group_sizes)
    return np.arange(total, dtype="int64") - group_starts


def _split_tokens(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokens of each text, their offsets within it, and the number of tokens per text.

    All texts are joined by spaces and tokenised in one pass; each token's offset comes from the
    whitespace captured before it. "didn't" is matched as "didn" + "'t" by the pattern (no look-ahead),
    then the "n" is moved to the clitic, giving "did" + "n't" as in the Penn Treebank convention.
    """
    joined = " ".join(texts)
    pairs = _SPACE_AND_TOKEN.findall(joined)
    spaces = [space for space, _ in pairs]
    tokens = [token for _, token in pairs]
    token_lengths = np.fromiter(map(len, tokens), dtype="int64", count=len(tokens))
    space_lengths = np.fromiter(map(len, spaces), dtype="int64", count=len(spaces))
    starts = np.cumsum(space_lengths + token_lengths) - token_lengths
    text_starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]], dtype="int64")
    text_numbers = np.searchsorted(text_starts, starts, side="right") - 1
    for index in np.flatnonzero(pd.Series(tokens, dtype=object).isin(["'t", "’t", "'T", "’T"])):
        word = tokens[index - 1]
        if index and len(word) > 1 and word[-1] in "nN" and starts[index - 1] + len(word) == starts[index]:
            tokens[index - 1], tokens[index] = word[:-1], word[-1] + tokens[index]
            starts[index] -= 1
    counts = np.bincount(text_numbers, minlength=len(texts)).astype("int64")
    return tokens, starts - text_starts[text_numbers], counts


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
        "position": _within_group_positions(counts),
        "token": pd.Series(tokens, dtype="str"),
    })
    article_sizes = token_frame.groupby("article_id", sort=False).size().to_numpy()
    token_frame["token_index"] = _within_group_positions(article_sizes)
    lower = token_frame["token"].str.lower().str.replace("’", "'", regex=False)
    codes, vocabulary = pd.factorize(lower)
    vocabulary = pd.Series(vocabulary, dtype="str")
    is_alpha = vocabulary.str.fullmatch(_ALPHA_WORD.pattern).to_numpy(dtype=bool)
    lemmas = pd.Series([lemma_of(word) if alpha else word for word, alpha in zip(vocabulary, is_alpha)],
                       dtype="str")
    token_frame["lower"] = lower
    token_frame["lemma"] = lemmas.take(codes).reset_index(drop=True)
    token_frame["is_stop"] = vocabulary.isin(resources.stopwords()).to_numpy(dtype=bool)[codes]
    token_frame["is_alpha"] = is_alpha[codes]
    token_frame["is_punct"] = (~vocabulary.str.contains(r"\w", regex=True)).to_numpy(dtype=bool)[codes]
    token_frame["start"] = sentence_start + offsets
    token_frame["end"] = token_frame["start"] + token_frame["token"].str.len()
    return token_frame[TOKEN_COLUMNS].astype({"article_id": "str"})


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
