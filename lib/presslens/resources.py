"""Offline language resources: the VADER lexicon, the stopword list and the Punkt sentence splitter.

Nothing here touches the network. The VADER lexicon is the file shipped inside the `vadersentiment`
wheel; nltk (3.10+) only opens files under folders registered in `nltk.data.path`, so that folder is
registered before the analyzer is built. The stopword list and the abbreviation list are plain text
files in `data/` that a researcher may edit.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import nltk
import regex
import vaderSentiment
from nltk.sentiment.vader import SentimentIntensityAnalyzer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktToken

from presslens import config


def read_word_list(path: Path) -> list[str]:
    """Read a one-entry-per-line list, skipping blank lines and `#` comments.

    Args:
        path: a UTF-8 text file.

    Returns:
        The entries, stripped and lower-cased, in file order.
    """
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            entries.append(entry)
    return entries


@cache
def stopwords() -> frozenset[str]:
    """The English stopword list from `data/stopwords-en.txt` (lower case)."""
    return frozenset(read_word_list(config.STOPWORDS_FILE))


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations that do not end a sentence (`data/abbreviations-en.txt`), lower case, no final period."""
    return frozenset(entry.rstrip(".") for entry in read_word_list(config.ABBREVIATIONS_FILE))


class FastPunktSentenceTokenizer(PunktSentenceTokenizer):
    """Punkt's sentence spans for untrained parameters (an abbreviation list only), by a lean port.

    `span_tokenize` follows nltk's `_match_potential_end_contexts`, `_slices_from_text` and
    `_realign_boundaries` step by step. For each candidate break Punkt asks `text_contains_sentbreak`
    about its context: the word before, the end mark and what follows. Without collocations, sentence
    starters or orthographic context, Punkt's two annotation passes come down to `_ends_sentence`,
    which decides from a token and the one after it without building Punkt's token objects; answers are
    remembered per context. nltk's patterns are compiled with the `regex` engine that nltk uses (so
    letters, digits and spaces are the same characters), without nltk's per-call time limit.
    `tests/test_segment.py` checks the spans against plain Punkt's on real and made-up paragraphs.
    """

    # nltk's `_get_last_whitespace_index` looks for the characters of `string.whitespace`.
    _UP_TO_LAST_WHITESPACE = re.compile(r".*[ \t\n\r\x0b\x0c]", re.DOTALL)
    _NUMERIC = regex.compile(PunktToken._RE_NUMERIC.pattern)
    _INITIAL = regex.compile(PunktToken._RE_INITIAL.pattern, regex.UNICODE)

    def __init__(self, parameters: PunktParameters) -> None:
        """Args:
            parameters: Punkt parameters with abbreviations and nothing learned from training.

        Raises:
            ValueError: when the parameters hold collocations, sentence starters or orthographic context.
        """
        if parameters.collocations or parameters.sent_starters or any(parameters.ortho_context.values()):
            raise ValueError("parameters: FastPunktSentenceTokenizer takes untrained parameters "
                             "(abbreviations only), not collocations, sentence starters or orthographic context")
        super().__init__(parameters)
        variables = self._lang_vars
        non_word = variables._re_non_word_chars
        self._period_context = regex.compile(
            variables._period_context_fmt % {"NonWord": non_word, "SentEndChars": variables._re_sent_end_chars},
            regex.UNICODE | regex.VERBOSE)
        self._word_tokenizer = regex.compile(
            variables._word_tokenize_fmt % {"NonWord": non_word, "MultiChar": variables._re_multi_char_punct,
                                            "WordStart": variables._re_word_start},
            regex.UNICODE | regex.VERBOSE)
        self._realignment = regex.compile(variables.re_boundary_realignment.pattern, regex.MULTILINE)
        # A word of two or more letters, an end mark and, on the same line, the token or punctuation mark
        # after it: the first token ("word." or "word") ends a sentence unless it is "word." with "word" a
        # known abbreviation (it is neither an initial nor a number). Python's `re` is faster here, and
        # what it takes for a letter or a non-space is never a digit or a space to `regex`.
        self._plain_break = re.compile(
            rf"(?P<word>[^\W\d_]{{2,}})(?P<mark>[.?!])(?:[^\S\n]+\S+|{non_word})")
        self._answers: dict[str, bool] = {}

    def text_contains_sentbreak(self, text: str) -> bool:
        """Whether a token of the candidate context, other than its last, ends a sentence (as Punkt decides)."""
        answer = self._answers.get(text)
        if answer is None:
            plain = self._plain_break.fullmatch(text)
            if plain and (plain["mark"] != "." or plain["word"].lower() not in self._params.abbrev_types):
                answer = True  # the most common context, decided without tokenizing it
            else:
                tokens = [token for line in text.split("\n") if line.strip()
                          for token in self._word_tokenizer.findall(line)]
                answer = any(map(self._ends_sentence, tokens, tokens[1:]))
            self._answers[text] = answer
        return answer

    def _ends_sentence(self, token: str, following: str) -> bool:
        """Punkt's sentence-break annotation of `token`, followed by `following`, with untrained parameters.

        First pass: ".", "?", "!" end a sentence, and so does a word ending in one period that is not a
        known abbreviation (nor is its last hyphen part). Second pass: an initial or a number ending in a
        period does not end a sentence before punctuation or a lower-case word, nor an initial before a
        capitalised word (Punkt's orthographic heuristics, with no orthographic context).
        """
        if token in self._lang_vars.sent_end_chars:
            return True
        if not token.endswith(".") or token.endswith(".."):
            return False
        stem = token[:-1].lower()
        if stem in self._params.abbrev_types or stem.split("-")[-1] in self._params.abbrev_types:
            return False
        is_initial = self._INITIAL.match(token) is not None
        if is_initial or self._type_without_period(token) == "##number##":
            if following in self.PUNCTUATION or following[0].islower():
                return False
            if is_initial and following[0].isupper():
                return False
        return True

    def _type_without_period(self, token: str) -> str:
        """Punkt's `type_no_period`: the lower-case token, numbers as "##number##", minus a final period."""
        token_type = self._NUMERIC.sub("##number##", token.lower())
        return token_type[:-1] if len(token_type) > 1 and token_type.endswith(".") else token_type

    def _candidate_breaks(self, text: str) -> list[tuple[regex.Match[str], str]]:
        """Candidate breaks with their contexts, as nltk's `_match_potential_end_contexts` yields them."""
        candidates = []
        previous_start = previous_stop = 0
        previous_match = None
        for match in self._period_context.finditer(text):
            stop = match.start()
            # The word before starts after the last whitespace since the previous candidate's word; nltk
            # treats whitespace right at that previous word's end as none found.
            up_to_space = self._UP_TO_LAST_WHITESPACE.match(text, previous_stop, stop)
            has_space = up_to_space is not None and up_to_space.end() > previous_stop + 1
            word_start = up_to_space.end() if has_space else previous_start
            if previous_match and previous_stop <= word_start:
                # the word before, the end mark and what follows it are contiguous in the text
                candidates.append((previous_match, text[previous_start : previous_match.end("after_tok")]))
            previous_match, previous_start, previous_stop = match, word_start, stop
        if previous_match:
            candidates.append((previous_match, text[previous_start : previous_match.end("after_tok")]))
        return candidates

    def span_tokenize(self, text: str, realign_boundaries: bool = True) -> list[tuple[int, int]]:
        """Sentence spans of `text`, identical to `PunktSentenceTokenizer.span_tokenize`."""
        slices, last_break = [], 0
        for match, context in self._candidate_breaks(text):
            if self.text_contains_sentbreak(context):
                slices.append((last_break, match.end()))
                next_start = match.start("next_tok")  # -1 when the mark is followed by punctuation
                last_break = next_start if next_start >= 0 else match.end()
        slices.append((last_break, len(text.rstrip())))
        if not realign_boundaries:
            return slices
        spans, realign = [], 0
        for (start, stop), following in zip(slices, slices[1:] + [None]):
            start += realign
            if following is None:
                if text[start:stop]:
                    spans.append((start, stop))
                continue
            aligned = self._realignment.match(text[following[0] : following[1]])
            if aligned:
                spans.append((start, following[0] + len(aligned.group(0).rstrip())))
                realign = aligned.end()
            else:
                realign = 0
                if text[start:stop]:
                    spans.append((start, stop))
        return spans


def _punkt_parameters() -> PunktParameters:
    parameters = PunktParameters()
    parameters.abbrev_types = set(abbreviations())
    return parameters


@cache
def punkt_tokenizer() -> PunktSentenceTokenizer:
    """An untrained Punkt sentence splitter that knows the project's abbreviation list.

    Punkt's pretrained English model cannot be downloaded here; the untrained splitter plus an explicit
    abbreviation list keeps "Mr. Dickinson" and "U.S. President Donald Trump" in one sentence. The
    returned splitter is `FastPunktSentenceTokenizer`, which makes the same decisions faster.
    """
    return FastPunktSentenceTokenizer(_punkt_parameters())


def reference_punkt_tokenizer() -> PunktSentenceTokenizer:
    """Plain nltk Punkt with the same parameters: the reference the fast splitter is tested against."""
    return PunktSentenceTokenizer(_punkt_parameters())


def vader_lexicon_path() -> Path:
    """The `vader_lexicon.txt` shipped in the `vadersentiment` wheel."""
    return Path(vaderSentiment.__file__).resolve().parent / "vader_lexicon.txt"


@cache
def sentiment_analyzer() -> SentimentIntensityAnalyzer:
    """nltk's VADER analyzer on the wheel's lexicon, with that folder registered for nltk."""
    lexicon = vader_lexicon_path()
    if str(lexicon.parent) not in nltk.data.path:
        nltk.data.path.append(str(lexicon.parent))
    return SentimentIntensityAnalyzer(lexicon_file=lexicon.as_uri())
