"""presslens: load, clean, segment and analyse news articles in pandas.

The usual entry point is `read_corpus`, which returns the tidy tables every notebook starts from.
"""

from importlib.metadata import version

__version__ = version("presslens")  # from pyproject.toml; set before the imports: fetch's User-Agent uses it

from presslens.clean import clean_articles
from presslens.corpus import Corpus, read_corpus
from presslens.fetch import fetch_articles
from presslens.load import CorpusError, load_articles
from presslens.segment import split_sentences, tokenize

__all__ = [
    "Corpus",
    "CorpusError",
    "__version__",
    "clean_articles",
    "fetch_articles",
    "load_articles",
    "read_corpus",
    "split_sentences",
    "tokenize",
]
