"""presslens: load, clean, segment and analyse news articles in pandas.

The usual entry point is `analyse`, which computes a corpus's tables once (chunked, in worker processes, kept on
disk and resumable) and returns them: every notebook starts from it. `read_corpus` gives the cleaned and
segmented tables alone; for a large corpus, `run_pipeline` keeps only what is summarised. The library is laid out
like its data flow:

- `presslens.io`: reading articles from files, fetching them from the web, the cache of processed tables;
- `presslens.text`: cleaning, sentences, tokens, the word lists in `data/`, what every stage accepts as input;
- `presslens.terms`: term frequency, n-grams, collocations, keyness, TF-IDF, keyword in context;
- `presslens.entities`: the actors of the corpus itself (people, organisations, places, groups), without a codebook;
- `presslens.stance`: who says what about whom (codebook, mentions, quotes, stance statements);
- `presslens.sentiment`: sentence tone and sentiment toward each actor;
- `presslens.evaluation`: the gold sets and the validation of the sentiment methods;
- `presslens.coding`: validating the tool on your own corpus (coding sheets out and in, agreement, precision);
- `presslens.report`: figures and the HTML reports;
- `presslens.engine`: running a function over chunks of articles (in this process, worker processes or Dask);
- `presslens.analysis`: the analysis of a corpus, computed once through the engine and kept.

The notebooks' short names `presslens.clean`, `presslens.segment`, `presslens.plots` and
`presslens.validation` stand for `presslens.text.clean`, `presslens.text` (sentences and tokens),
`presslens.report.plots` and `presslens.evaluation.validation`.
"""

from importlib import import_module
from importlib.metadata import version

from presslens.analysis import Analysis, analyse
from presslens.corpus import Corpus, read_corpus
from presslens.io.fetch import fetch_articles
from presslens.io.load import CorpusError, load_articles
from presslens.pipeline import PipelineResult, run_pipeline
from presslens.text.clean import clean_articles
from presslens.text.sentences import split_sentences
from presslens.text.tokens import tokenize

__version__ = version("presslens")  # from pyproject.toml

# short names -> the module each stands for, imported when first used (PEP 562), so that `import presslens`
# does not load matplotlib or the validation code
_SHORT_NAMES = {
    "clean": "presslens.text.clean",
    "segment": "presslens.text",
    "plots": "presslens.report.plots",
    "validation": "presslens.evaluation.validation",
}

__all__ = [
    "Analysis",
    "Corpus",
    "CorpusError",
    "PipelineResult",
    "__version__",
    "analyse",
    "clean_articles",
    "fetch_articles",
    "load_articles",
    "read_corpus",
    "run_pipeline",
    "split_sentences",
    "tokenize",
]


def __getattr__(name: str) -> object:
    """A short name, or a subpackage not imported yet (`presslens.evaluation`), imported when first used."""
    if name in _SHORT_NAMES:
        return import_module(_SHORT_NAMES[name])
    try:
        return import_module(f"presslens.{name}")
    except ModuleNotFoundError as missing:
        if missing.name != f"presslens.{name}":
            raise
    raise AttributeError(f"module 'presslens' has no attribute {name!r}")
