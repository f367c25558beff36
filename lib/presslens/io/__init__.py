"""Articles in and tables out: reading corpora from files, fetching articles from the web, the table cache.

- `load`: `load_articles` (one row per article) and `CorpusError`; `sources` (formats, field names, finding the
  files a source names) and `formats` (reading each file and format) behind it;
- `fetch`: `fetch_articles`, a corpus folder from links or a feed, with its manifest; `http` (the polite client)
  and `links` (link files, feeds, URL names) behind it;
- `cache`: processed tables kept as parquet files, keyed by the corpus, the code and the instruments;
- `lock`: one writer at a time per output folder (`presslens fetch`, `presslens report`).
"""

from presslens.io.fetch import fetch_articles, status_counts
from presslens.io.load import CorpusError, CorpusWarning, load_articles, load_articles_with_report

__all__ = ["CorpusError", "CorpusWarning", "fetch_articles", "load_articles", "load_articles_with_report",
           "status_counts"]
