"""Offline language resources: the VADER lexicon, the stopword list and the Punkt sentence splitter.

Nothing here touches the network. The VADER lexicon is the file shipped inside the `vadersentiment`
wheel; nltk (3.10+) only opens files under folders registered in `nltk.data.path`, so that folder is
registered before the analyzer is built. The stopword list and the abbreviation list are plain text
files in `data/` that a researcher may edit.
"""

from __future__ import annotations

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


@cache
def punkt_tokenizer() -> PunktSentenceTokenizer:
    """An untrained Punkt sentence splitter that knows the project's abbreviation list.

    Punkt's pretrained English model cannot be downloaded here; the untrained splitter plus an explicit
    abbreviation list keeps "Mr. Dickinson" and "U.S. President Donald Trump" in one sentence.
    """
    parameters = PunktParameters()
    parameters.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(parameters)


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
