"""Segmenting: clean article bodies into a sentence table and a token table.

Sentences come from Punkt (untrained, with the abbreviation list in `data/abbreviations-en.txt`) run
inside each paragraph, so a sentence never spans a paragraph break. Tokens come from one regular
expression (words with inner hyphens, numbers, dotted abbreviations such as "U.S.", English clitics
such as "n't" and "'s", and single punctuation marks); lemmas from simplemma; stopwords from
`data/stopwords-en.txt`. Every sentence and token keeps its character span in the article's `body`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
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
_QUOTE_OPENERS = "“«„\""  # the characters a `_QUOTED` passage starts with
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
# A token with the whitespace before it (str.lstrip removes exactly what \s matched).
_SPACED_TOKEN = re.compile(rf"\s*(?:{TOKEN_PATTERN.pattern})", re.VERBOSE | re.IGNORECASE)
_NOT_CLITIC = re.compile(r"['’]t\b", re.IGNORECASE)
_NOT_CLITIC_TOKENS = frozenset(["'t", "'T", "’t", "’T"])
_ALPHA_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _quoted_spans(body: str, paragraph_ends: list[int]) -> list[tuple[int, int]]:
    """The quoted passages of `body`, as `_QUOTED` finds them within each paragraph, in order, as spans.

    A passage starts at an opening mark, found by `resources.offsets_of` (several times faster than letting
    `_QUOTED` scan the text for one), and runs within its paragraph: `_QUOTED` is matched with `endpos`
    at the paragraph's end, where "$" matches. The next passage starts at the next opening mark after it.

    Args:
        body: the article body.
        paragraph_ends: the end offsets of the body's paragraphs, in order (the last is `len(body)`).
    """
    openers = resources.offsets_of(body, _QUOTE_OPENERS)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(openers):
        opener = openers[index]
        span = _QUOTED.match(body, opener, paragraph_ends[bisect_right(paragraph_ends, opener)]).span()
        spans.append(span)
        index = bisect_left(openers, span[1], index + 1)
    return spans


def _quotation_status(body: str, start: int, end: int, quoted_spans: list[tuple[int, int]]) -> str:
    """Whether the sentence `body[start:end]` lies inside quotation marks: "full", "partial" or "none".

    Args:
        body: the article body holding the sentence.
        start, end: the sentence's span in `body`.
        quoted_spans: the quoted passages (`_quoted_spans`) that overlap the sentence, in order.
    """
    has_quoted_word = has_unquoted_word = False
    cursor = start  # the end of the last quoted part seen
    for quote_start, quote_end in quoted_spans:
        inside_start, inside_end = max(quote_start, start), min(quote_end, end)
        has_quoted_word = has_quoted_word or _WORD_CHARACTER.search(body, inside_start, inside_end) is not None
        has_unquoted_word = has_unquoted_word or _WORD_CHARACTER.search(body, cursor, inside_start) is not None
        cursor = inside_end
    if not has_quoted_word:
        return "none"
    return "partial" if has_unquoted_word or _WORD_CHARACTER.search(body, cursor, end) else "full"


def _quotation_statuses(body: str, sentence_spans: list[tuple[int, int]], paragraph_ends: list[int]) -> list[str]:
    """`_quotation_status` of each sentence of `body`, given as spans in order.

    Most sentences overlap no quoted passage, so each passage looks up the sentences it overlaps (with
    `bisect`), and only those are examined.
    """
    statuses = ["none"] * len(sentence_spans)
    sentence_ends = [end for _, end in sentence_spans]
    passages_of_sentences: dict[int, list[tuple[int, int]]] = {}
    for passage in _quoted_spans(body, paragraph_ends):
        sentence = bisect_right(sentence_ends, passage[0])  # the first sentence that ends after the passage starts
        while sentence < len(sentence_spans) and sentence_spans[sentence][0] < passage[1]:
            passages_of_sentences.setdefault(sentence, []).append(passage)
            sentence += 1
    for sentence, passages in passages_of_sentences.items():
        statuses[sentence] = _quotation_status(body, *sentence_spans[sentence], passages)
    return statuses


def _sentence_rows(body: str) -> tuple[list[tuple[int, int]], list[int], list[str]]:
    """The sentences of one article body.

    Args:
        body: the article's clean body.

    Returns:
        The sentences' (start, end) spans in `body`, in order; the number of sentences in each paragraph
        (paragraphs without any included); and the sentences' quotation statuses.
    """
    paragraph_breaks = [found.span() for found in _PARAGRAPH_BREAK.finditer(body)]
    paragraph_ends = [start for start, _ in paragraph_breaks] + [len(body)]
    paragraph_spans = list(zip([0] + [end for _, end in paragraph_breaks], paragraph_ends))
    spans_of_paragraphs = resources.punkt_tokenizer().span_tokenize_parts(body, paragraph_spans)
    sentence_spans = [span for spans in spans_of_paragraphs for span in spans]
    return (sentence_spans, [len(spans) for spans in spans_of_paragraphs],
            _quotation_statuses(body, sentence_spans, paragraph_ends))


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
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    quotations: list[str] = []
    sentences_per_paragraph: list[int] = []
    paragraphs_per_article, sentences_per_article = [], []
    for body in articles["body"]:
        body_spans, paragraph_sizes, body_quotations = _sentence_rows(body)
        texts.extend([body[start:end] for start, end in body_spans])
        spans.extend(body_spans)
        quotations.extend(body_quotations)
        sentences_per_paragraph.extend(paragraph_sizes)
        paragraphs_per_article.append(len(paragraph_sizes))
        sentences_per_article.append(len(body_spans))
    counts = np.array(sentences_per_article, dtype="int64")
    # (start, end) pairs laid out flat: one pass in C
    offsets = np.fromiter(chain.from_iterable(spans), dtype="int64", count=2 * len(spans)).reshape(-1, 2)
    return pd.DataFrame({
        "article_id": pd.Series(np.repeat(articles["article_id"].to_numpy(dtype=object), counts), dtype="str"),
        "sentence_id": _within_group_positions(counts),
        "paragraph": np.repeat(_within_group_positions(np.array(paragraphs_per_article, dtype="int64")),
                               sentences_per_paragraph),
        "text": pd.Series(texts, dtype="str"),
        "start": offsets[:, 0],
        "end": offsets[:, 1],
        "quotation": pd.Series(quotations, dtype="str"),
    })


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

    All texts are joined by spaces and tokenised in one pass; each match carries the whitespace before
    its token, so the token's offset follows from the lengths of the matches. "didn't" is matched as
    "didn" + "'t" by the pattern (no look-ahead), then the "n" is moved to the clitic, giving "did" + "n't"
    as in the Penn Treebank convention.
    """
    joined = " ".join(texts)
    spaced = _SPACED_TOKEN.findall(joined)
    tokens = [match.lstrip() for match in spaced]
    token_lengths = np.fromiter(map(len, tokens), dtype="int64", count=len(tokens))
    starts = np.cumsum(np.fromiter(map(len, spaced), dtype="int64", count=len(spaced))) - token_lengths
    text_starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]], dtype="int64")
    text_numbers = np.searchsorted(text_starts, starts, side="right") - 1
    for clitic in _NOT_CLITIC.finditer(joined):
        index = int(np.searchsorted(starts, clitic.start()))
        if not 0 < index < len(tokens) or starts[index] != clitic.start():
            continue
        word = tokens[index - 1]
        if len(word) > 1 and word[-1] in "nN" and starts[index - 1] + len(word) == starts[index]:
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
    lower = _lower_form(token_frame["token"])
    codes, vocabulary = pd.factorize(lower)
    forms = _describe_forms(pd.Series(vocabulary, dtype="str"))
    token_frame["lower"] = lower
    token_frame["lemma"] = forms["lemma"].take(codes).reset_index(drop=True)
    for flag in ("is_stop", "is_alpha", "is_punct"):
        token_frame[flag] = forms[flag].to_numpy()[codes]
    token_frame["start"] = sentence_start + offsets
    token_frame["end"] = token_frame["start"] + token_frame["token"].str.len()
    return token_frame[TOKEN_COLUMNS].astype({"article_id": "str"})


def _lower_form(tokens: pd.Series) -> pd.Series:
    """Lower case, with curly apostrophes made straight ("Don’t" -> "don't")."""
    return tokens.str.lower().str.replace("’", "'", regex=False)


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
        "is_stop": forms.isin(resources.stopwords()).to_numpy(dtype=bool),
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
    form_of_token, forms = pd.factorize(_lower_form(pd.Series(tokens, dtype="str")), sort=True)
    # every (article, piece) count spread over the piece's tokens, then summed per (article, form)
    tokens_per_row = tokens_per_piece[piece_codes]
    token_rows = (np.repeat(np.cumsum(tokens_per_piece)[piece_codes] - tokens_per_row, tokens_per_row)
                  + _within_group_positions(tokens_per_row))
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
    # "didn't" is matched as "didn" + "'t": the "n" moves to the clitic when both lie in one text
    for index in [index for index, token in enumerate(tokens) if token in _NOT_CLITIC_TOKENS]:
        word = tokens[index - 1]
        if index not in first_tokens and len(word) > 1 and word[-1] in "nN":
            tokens[index - 1], tokens[index] = word[:-1], word[-1] + tokens[index]
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
