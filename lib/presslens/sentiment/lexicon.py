"""VADER's lexicon and nltk's analyzer, offline.

The VADER lexicon is the file shipped inside the `vadersentiment` wheel; nltk (3.10+) only opens files under
folders registered in `nltk.data.path`, so that folder is registered before the analyzer is built. Nothing here
touches the network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import vaderSentiment

if TYPE_CHECKING:
    from nltk.sentiment.vader import SentimentIntensityAnalyzer


def vader_lexicon_path() -> Path:
    """The `vader_lexicon.txt` shipped in the `vadersentiment` wheel."""
    return Path(vaderSentiment.__file__).resolve().parent / "vader_lexicon.txt"


@cache
def sentiment_analyzer() -> SentimentIntensityAnalyzer:
    """nltk's VADER analyzer on the wheel's lexicon, with that folder registered for nltk."""
    import nltk  # imported here: nltk takes a second to import, and a report read from kept tables needs none
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    lexicon = vader_lexicon_path()
    if str(lexicon.parent) not in nltk.data.path:
        nltk.data.path.append(str(lexicon.parent))
    return SentimentIntensityAnalyzer(lexicon_file=lexicon.as_uri())
