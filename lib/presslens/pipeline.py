"""The whole analysis of a large corpus in one pass, chunk by chunk, keeping only what is summarised.

`read_corpus` keeps every table in memory, and `presslens.analyse` (what the notebooks read) adds every later
stage to it, kept on disk. For tens of thousands of articles
`run_pipeline` cleans, segments, counts terms, scores sentence sentiment and extracts stance statements chunk by
chunk (through `presslens.engine.map_articles`, as `read_corpus` does) and returns the per-sentence sentiment, the
term counts and the stance statements, but not the token table: tokens are counted per article and word form
(`presslens.text.token_counts`), which gives the same term counts as the token table. The results are kept as
parquet files under `data/processed/` (see `presslens.io.cache`), so a second run over the same corpus, with the
same code and instruments, reads them back.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from presslens import config, engine as chunk_engine
from presslens.corpus import clean_and_split
from presslens.engine import StageClock, collector_paused
from presslens.io.cache import cache_key, read_tables, write_tables
from presslens.io.load import DEFAULT_MAX_BYTES, load_articles_with_report
from presslens.sentiment.tone import score_sentences
from presslens.stance.statements import STANCE_COLUMNS, extract_stances
from presslens.terms.frequency import term_frequencies
from presslens.text.tokens import token_counts

STAGES = ("load", "clean", "segment", "terms", "sentiment", "stance")
SENTIMENT_COLUMNS = ["article_id", "sentence_id", "compound", "label"]
TERM_COUNT_COLUMNS = ["term", "count", "document_frequency"]
CACHED_TABLES = {"sentence_sentiment": SENTIMENT_COLUMNS, "term_counts": TERM_COUNT_COLUMNS,
                 "stances": STANCE_COLUMNS, "sizes": ["sentences", "tokens"]}  # and their columns


@dataclass
class PipelineResult:
    """What `run_pipeline` keeps of a corpus.

    Attributes:
        articles: the loaded articles without their text (article_id, title, source, published, ...).
        sentence_sentiment: one row per sentence: article_id, sentence_id, compound, label.
        term_counts: one row per lemma (stopwords and punctuation left out): term, count,
            document_frequency (articles containing it); sorted by count (descending), then term.
        stances: the stance statements of `presslens.stance.extract_stances`.
        sentences: number of sentences; tokens: number of tokens.
        stage_seconds: seconds spent in each stage, summed over workers (CPU time of the stage's code);
            when the tables came from the cache, only loading (and reading the cache, "cache") took time.
        from_cache: whether the tables were read from the cache instead of computed.
    """

    articles: pd.DataFrame
    sentence_sentiment: pd.DataFrame
    term_counts: pd.DataFrame
    stances: pd.DataFrame
    sentences: int
    tokens: int
    stage_seconds: dict[str, float] = field(default_factory=dict)
    from_cache: bool = False


@collector_paused
def analyse_chunk(articles: pd.DataFrame, *, rules_path: str | Path | None = None) -> dict[str, object]:
    """Clean, segment, count, score and read stances in one chunk of loaded articles.

    Returns:
        A dict with the chunk's `sentence_sentiment`, `term_counts` and `stances` tables, its
        `sentences` and `tokens` counts and the `stage_seconds` of each stage ("segment" covers sentences
        and tokens with their lemmas; "terms" the counting).
    """
    timed = StageClock()
    _, _, sentences = clean_and_split(articles, rules_path=rules_path, timed=timed)
    forms = timed("segment", token_counts, sentences)
    counts = timed("terms", term_frequencies, forms)[TERM_COUNT_COLUMNS]
    scores = timed("sentiment", score_sentences, sentences)[SENTIMENT_COLUMNS]
    stances = timed("stance", extract_stances, sentences)
    return {"sentence_sentiment": scores, "term_counts": counts, "stances": stances,
            "sentences": len(sentences), "tokens": int(forms["count"].sum()), "stage_seconds": timed.seconds}


def run_pipeline(
    source: str | Path | list[str | Path] | None = None,
    *,
    errors: str = "raise",
    text_column: str | None = None,
    rules_path: str | Path | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    engine: str = "auto",
    n_jobs: int | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    cache: bool | str | Path = True,
) -> PipelineResult:
    """Run load -> clean -> segment -> terms, sentence sentiment and stance over a whole corpus.

    Args:
        source, errors, text_column, rules_path, max_bytes: as for `read_corpus` (default: the seed article).
        engine, n_jobs, chunk_size, progress: as for `read_corpus` (see `presslens.engine.map_articles`):
            by default worker processes from 2,000 articles on, and a progress bar from 2,000 articles on.
        cache: True keeps the tables under `data/processed/` and reads them back when the corpus, the
            code and the instruments in `data/` are unchanged (see `presslens.io.cache`); a folder keeps them
            there instead; False always computes and keeps nothing.

    Returns:
        A `PipelineResult`.
    """
    chunk_engine.check_options(engine, n_jobs, chunk_size)
    started = time.process_time()
    articles, _ = load_articles_with_report(config.DEFAULT_CORPUS if source is None else source,
                                            errors=errors, text_column=text_column, max_bytes=max_bytes)
    seconds = {stage: 0.0 for stage in STAGES}
    seconds["load"] = time.process_time() - started
    folder = None
    if cache is not False:
        started = time.process_time()
        # a rules file outside data/ is not among the instruments the key digests: its content is an option
        options = {} if rules_path is None else {"rules": hashlib.sha256(Path(rules_path).read_bytes()).hexdigest()}
        folder = (config.PROCESSED_DIR if cache is True else Path(cache)) / cache_key(
            articles, purpose="pipeline", options=options)
        tables = read_tables(folder, CACHED_TABLES)
        if tables is not None:
            seconds["cache"] = time.process_time() - started
            return _result(articles, tables, seconds, from_cache=True)
    parts = chunk_engine.map_articles(partial(analyse_chunk, rules_path=rules_path), articles, engine=engine,
                                      n_jobs=n_jobs, chunk_size=chunk_size, progress=progress,
                                      description="pipeline")
    for part in parts:
        for stage, spent in part["stage_seconds"].items():
            seconds[stage] += spent
    term_counts = (pd.concat([part["term_counts"] for part in parts]).groupby("term", as_index=False)
                   [["count", "document_frequency"]].sum()
                   .sort_values(["count", "term"], ascending=[False, True], ignore_index=True))
    tables = {
        "sentence_sentiment": pd.concat([part["sentence_sentiment"] for part in parts], ignore_index=True),
        "term_counts": term_counts,
        "stances": pd.concat([part["stances"] for part in parts], ignore_index=True),
        "sizes": pd.DataFrame({"sentences": [sum(part["sentences"] for part in parts)],
                               "tokens": [sum(part["tokens"] for part in parts)]}),
    }
    if folder is not None:
        write_tables(folder, tables, about={"articles": len(articles), "source": str(source)})
    return _result(articles, tables, seconds, from_cache=False)


def _result(articles: pd.DataFrame, tables: dict[str, pd.DataFrame], seconds: dict[str, float], *,
            from_cache: bool) -> PipelineResult:
    return PipelineResult(
        articles=articles.drop(columns="text"), sentence_sentiment=tables["sentence_sentiment"],
        term_counts=tables["term_counts"], stances=tables["stances"],
        sentences=int(tables["sizes"].loc[0, "sentences"]), tokens=int(tables["sizes"].loc[0, "tokens"]),
        stage_seconds=seconds, from_cache=from_cache)
