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
import vaderSentiment
from nltk.sentiment.vader import SentimentIntensityAnalyzer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

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
    """Punkt's sentence spans, computed by a lean port of its candidate loop.

    `span_tokenize` follows nltk's `_match_potential_end_contexts`, `_slices_from_text` and
    `_realign_boundaries` step by step (with the standard `re` module instead of nltk's slower
    wrapper). For each candidate break Punkt asks `text_contains_sentbreak` about its context: the word
    before, the end mark and the token after. When that word is made of two or more letters and is not
    a known abbreviation, untrained Punkt always answers yes (no abbreviation, initial, number or
    ellipsis rule can apply), so that answer is given without building Punkt's token objects; every
    other context goes to Punkt itself, with its answers remembered. `tests/test_segment.py` checks the
    spans against plain Punkt's on real articles.
    """

    _PLAIN_BREAK = re.compile(r"(?P<word>[^\W\d_]{2,})(?P<mark>[.?!])\s+\S+")
    _WHITESPACE = " \t\n\r\x0b\x0c"

    def __init__(self, parameters: PunktParameters) -> None:
        super().__init__(parameters)
        variables = self._lang_vars
        self._period_context = re.compile(
            variables._period_context_fmt % {"NonWord": variables._re_non_word_chars,
                                             "SentEndChars": variables._re_sent_end_chars},
            re.UNICODE | re.VERBOSE)
        self._realignment = re.compile(variables.re_boundary_realignment.pattern, re.MULTILINE)
        self._answers: dict[str, bool] = {}

    def text_contains_sentbreak(self, text: str) -> bool:
        """Whether the candidate context holds a sentence break (as Punkt decides it)."""
        plain = self._PLAIN_BREAK.fullmatch(text)
        if plain and (plain["mark"] != "." or plain["word"].lower() not in self._params.abbrev_types):
            return True
        if text not in self._answers:
            self._answers[text] = super().text_contains_sentbreak(text)
        return self._answers[text]

    def _candidate_breaks(self, text: str) -> list[tuple[re.Match[str], str]]:
        """Candidate breaks with their contexts, as nltk's `_match_potential_end_contexts` yields them."""
        candidates = []
        previous_start = previous_stop = 0
        previous_match = None
        for match in self._period_context.finditer(text):
            before = text[previous_stop : match.start()]
            last_space = max(before.rfind(character) for character in self._WHITESPACE)
            word_start = last_space + previous_stop + 1 if last_space > 0 else previous_start
            if previous_match and previous_stop <= word_start:
                candidates.append((previous_match, text[previous_start:previous_stop]
                                   + previous_match.group() + previous_match.group("after_tok")))
            previous_match, previous_start, previous_stop = match, word_start, match.start()
        if previous_match:
            candidates.append((previous_match, text[previous_start:previous_stop]
                               + previous_match.group() + previous_match.group("after_tok")))
        return candidates

    def span_tokenize(self, text: str, realign_boundaries: bool = True) -> list[tuple[int, int]]:
        """Sentence spans of `text`, identical to `PunktSentenceTokenizer.span_tokenize`."""
        slices, last_break = [], 0
        for match, context in self._candidate_breaks(text):
            if self.text_contains_sentbreak(context):
                slices.append((last_break, match.end()))
                last_break = match.start("next_tok") if match.group("next_tok") else match.end()
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
