"""Sentences: each article's clean body split into a sentence table, with every sentence's span in the body.

Sentences come from Punkt (untrained, with the abbreviation list in `data/abbreviations-en.txt`; see
`presslens.text.punkt`) run inside each paragraph, so a sentence never spans a paragraph break. Each sentence
also says whether it lies inside quotation marks (`quotation`).

A "sentence" longer than `MAX_SENTENCE_CHARACTERS` is text without sentence ends (a list, a table flattened into
one line, a hostile file): every later stage reads it whole, and some repeat it per row, so it is cut into pieces
of at most that length at the last white space before the limit (mid-word only when a piece has no white space),
and each piece says so in `cut`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import chain

import numpy as np
import pandas as pd


SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph", "text", "start", "end", "quotation", "cut"]
#: The longest sentence kept whole, in characters. The longest in the 37,554 AllSides articles has 3,910 (a list of
#: photo credits); 99.99% have fewer than 1,100.
MAX_SENTENCE_CHARACTERS = 4_000
CLOSING_BRACKETS = ")]}"   # a sentence cannot start with one: Punkt cut it off after a "!" or "?" inside brackets
CLOSING_MARKS = ")]}\"'”’»"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ASIDE_THEN_COMMA = re.compile(r"\([^()]*\)\s*[,;]")
# Quoted passages inside one paragraph: curly or guillemet quotes, or straight double quotes. An opening
# mark without a closing one runs to the end of the paragraph (news style for quotes over paragraphs).
_QUOTED = re.compile(r"“[^”]*(?:”|$)|«[^»]*(?:»|$)|„[^“”]*(?:[“”]|$)|\"[^\"]*(?:\"|$)")
_QUOTE_OPENERS = "“«„\""  # the characters a `_QUOTED` passage starts with
_WORD_CHARACTER = re.compile(r"[^\W_]")
# A name's initials after a capitalised word, at the end of a piece ("Illinois Governor J.B.", "by A.B."): Punkt
# ends a sentence there when a capitalised surname follows; "the U.S." (after a lower-case word) stays an end.
_NAME_INITIALS_AT_END = re.compile(r"(?:^|\s)(?:[A-Z][\w’'-]*|by)\s+(?:[A-Z]\.){2,3}$")
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]")


def _quoted_spans(body: str, paragraph_ends: list[int]) -> list[tuple[int, int]]:
    """The quoted passages of `body`, as `_QUOTED` finds them within each paragraph, in order, as spans.

    A passage starts at an opening mark, found by `offsets_of` (several times faster than letting
    `_QUOTED` scan the text for one), and runs within its paragraph: `_QUOTED` is matched with `endpos`
    at the paragraph's end, where "$" matches. The next passage starts at the next opening mark after it.

    Args:
        body: the article body.
        paragraph_ends: the end offsets of the body's paragraphs, in order (the last is `len(body)`).
    """
    from presslens.text.punkt import offsets_of  # imported here for the reason `_sentence_rows` gives

    openers = offsets_of(body, _QUOTE_OPENERS)
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


def cut_long_span(body: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARACTERS) -> list[tuple[int, int]]:
    """The span `body[start:end]` as pieces of at most `limit` characters, each cut at the last white space
    before the limit (the white space between pieces belongs to none), or at the limit when there is none.

    A span within the limit is returned as it is, alone.
    """
    pieces = []
    while end - start > limit:
        cut = start + limit
        while cut > start and not body[cut].isspace():  # body[start + limit] may be the white space itself
            cut -= 1
        if cut == start:  # no white space in reach: cut mid-word
            pieces.append((start, start + limit))
            start += limit
            continue
        piece_end = cut
        while piece_end > start and body[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut + 1
        while start < end and body[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _rejoin_cut_pieces(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A paragraph's sentence spans with the pieces Punkt cut off after a "!" or "?" inside a sentence joined back
    to the sentence before: a piece that starts with a closing bracket ('... stickers that read (Enough
    already!), would not support him': not a sentence starting "), would"), or, after a "!" or "?", in lower case
    ("He left (or did he?) and came back") or with an aside and a comma ('read "¡Basta ya!" (Enough already!),
    would not ...'); and the surname Punkt cut off after a name's initials ("Illinois Governor J.B. | Pritzker
    said")."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        after_exclamation = joined and body[slice(*joined[-1])].rstrip(CLOSING_MARKS)[-1:] in ("!", "?")
        after_initials = joined and _NAME_INITIALS_AT_END.search(body[slice(*joined[-1])]) is not None \
            and _CAPITALISED_WORD.match(body, start) is not None
        continues = joined and (body[start] in CLOSING_BRACKETS or after_initials or (after_exclamation and (
            body[start].islower() or _ASIDE_THEN_COMMA.match(body, start) is not None)))
        if continues:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _sentence_rows(body: str) -> tuple[list[tuple[int, int]], list[int], list[str], list[bool]]:
    """The sentences of one article body.

    Args:
        body: the article's clean body.

    Returns:
        The sentences' (start, end) spans in `body`, in order; the number of sentences in each paragraph
        (paragraphs without any included); the sentences' quotation statuses; and whether each is a piece of a
        longer run of text cut at `MAX_SENTENCE_CHARACTERS`.
    """
    # Punkt comes with nltk, which takes about a second to import: only a run that splits sentences pays it, not
    # one that reads kept tables.
    from presslens.text.punkt import punkt_tokenizer

    paragraph_breaks = [found.span() for found in _PARAGRAPH_BREAK.finditer(body)]
    paragraph_ends = [start for start, _ in paragraph_breaks] + [len(body)]
    paragraph_spans = list(zip([0] + [end for _, end in paragraph_breaks], paragraph_ends))
    spans_of_paragraphs = [_rejoin_cut_pieces(body, spans)
                           for spans in punkt_tokenizer().span_tokenize_parts(body, paragraph_spans)]
    cut: list[bool] = []
    for index, spans in enumerate(spans_of_paragraphs):
        if all(end - start <= MAX_SENTENCE_CHARACTERS for start, end in spans):  # nearly always
            cut.extend([False] * len(spans))
            continue
        pieces = []
        for start, end in spans:
            cut_into = cut_long_span(body, start, end, MAX_SENTENCE_CHARACTERS)
            pieces.extend(cut_into)
            cut.extend([len(cut_into) > 1] * len(cut_into))
        spans_of_paragraphs[index] = pieces
    sentence_spans = [span for spans in spans_of_paragraphs for span in spans]
    return (sentence_spans, [len(spans) for spans in spans_of_paragraphs],
            _quotation_statuses(body, sentence_spans, paragraph_ends), cut)


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Split each article's clean `body` into sentences.

    Args:
        articles: a table with `article_id` and `body` (from `clean_articles`).

    Returns:
        One row per sentence: article_id (str), sentence_id (int, 0-based within the article),
        paragraph (int, 0-based), text (str), start and end (int offsets into `body`, so
        `body[start:end] == text`), quotation (str: "full" when every word lies inside quotation marks,
        "partial" when some do, "none"), cut (bool: True for the pieces of a run of text longer than
        `MAX_SENTENCE_CHARACTERS` without a sentence end, cut at white space; see the module docstring).
    """
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    quotations: list[str] = []
    cut: list[bool] = []
    sentences_per_paragraph: list[int] = []
    paragraphs_per_article, sentences_per_article = [], []
    for body in articles["body"]:
        body_spans, paragraph_sizes, body_quotations, body_cut = _sentence_rows(body)
        texts.extend([body[start:end] for start, end in body_spans])
        spans.extend(body_spans)
        quotations.extend(body_quotations)
        cut.extend(body_cut)
        sentences_per_paragraph.extend(paragraph_sizes)
        paragraphs_per_article.append(len(paragraph_sizes))
        sentences_per_article.append(len(body_spans))
    counts = np.array(sentences_per_article, dtype="int64")
    # (start, end) pairs laid out flat: one pass in C
    offsets = np.fromiter(chain.from_iterable(spans), dtype="int64", count=2 * len(spans)).reshape(-1, 2)
    return pd.DataFrame({
        "article_id": pd.Series(np.repeat(articles["article_id"].to_numpy(dtype=object), counts), dtype="str"),
        "sentence_id": within_group_positions(counts),
        "paragraph": np.repeat(within_group_positions(np.array(paragraphs_per_article, dtype="int64")),
                               sentences_per_paragraph),
        "text": pd.Series(texts, dtype="str"),
        "start": offsets[:, 0],
        "end": offsets[:, 1],
        "quotation": pd.Series(quotations, dtype="str"),
        "cut": np.array(cut, dtype=bool),
    })


def within_group_positions(group_sizes: np.ndarray) -> np.ndarray:
    """0, 1, ... restarting at each group, for consecutive groups of the given sizes."""
    total = int(group_sizes.sum())
    group_starts = np.repeat(np.cumsum(group_sizes) - group_sizes, group_sizes)
    return np.arange(total, dtype="int64") - group_starts

