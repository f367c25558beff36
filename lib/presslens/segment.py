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
      | [^\W_]+(?=n['’]t\b)                 # the "do" of "don't"
      | n['’]t\b | ['’](?:s|re|ve|ll|d|m)\b  # clitics as their own tokens
      | [^\W_]+(?:[-‐][^\W_]+)*             # words, with inner hyphens: face-to-face, 30-day
      | [^\w\s]                             # one punctuation mark or symbol
    """,
    re.VERBOSE | re.IGNORECASE,
)
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
    matches = [list(TOKEN_PATTERN.finditer(text)) for text in sentences["text"]]
    counts = np.fromiter((len(found) for found in matches), dtype="int64", count=len(matches))
    tokens = [match.group() for found in matches for match in found]
    offsets = np.fromiter((match.start() for found in matches for match in found), dtype="int64",
                          count=int(counts.sum()))
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
    vocabulary = pd.Series(lower.unique(), dtype="str")
    is_alpha = vocabulary.str.fullmatch(_ALPHA_WORD.pattern)
    lemmas = [simplemma.lemmatize(word, lang="en").lower() if alpha else word
              for word, alpha in zip(vocabulary, is_alpha)]
    by_word = pd.DataFrame({"lower": vocabulary, "lemma": lemmas, "is_alpha": is_alpha,
                            "is_punct": ~vocabulary.str.contains(r"\w", regex=True),
                            "is_stop": vocabulary.isin(resources.stopwords())})
    token_frame["lower"] = lower
    token_frame = token_frame.merge(by_word, on="lower", how="left", sort=False)
    token_frame["start"] = sentence_start + offsets
    token_frame["end"] = token_frame["start"] + token_frame["token"].str.len()
    return token_frame[TOKEN_COLUMNS].astype({"article_id": "str", "lemma": "str", "lower": "str",
                                              "is_stop": "bool", "is_alpha": "bool", "is_punct": "bool"})


def sentence_lengths(tokens: pd.DataFrame) -> pd.DataFrame:
    """Count tokens and words per sentence.

    Returns:
        One row per sentence: article_id, sentence_id, tokens (all tokens), words (tokens with `is_alpha`).
    """
    lengths = tokens.groupby(["article_id", "sentence_id"], sort=True).agg(
        tokens=("token", "size"), words=("is_alpha", "sum"))
    return lengths.reset_index().astype({"words": "int64"})
