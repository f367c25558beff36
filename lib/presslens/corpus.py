"""One call from files on disk to the tidy tables every notebook starts from.

Articles are cleaned and segmented in chunks. The chunks can run one after another ("pandas"), in
worker processes on this machine ("processes"), or as Dask tasks on a local or remote cluster
("dask"); all three run the same `process_chunk` function and return identical tables.
"""

from __future__ import annotations

import functools
import gc
import math
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import pandas as pd
from tqdm.std import tqdm  # plain text bar: tqdm.auto warns in Jupyter without ipywidgets

from presslens import config
from presslens.clean import clean_articles
from presslens.load import DEFAULT_MAX_BYTES, load_articles_with_report
from presslens.segment import split_sentences, tokenize

ENGINES = ("auto", "pandas", "processes", "dask")
# Most articles per task: a chunk's fixed costs (its vocabulary's lemmas and flags, pattern passes, building
# tables) are spread thin (on the full AllSides corpus, chunks of 500 took about 7% more time, of 100 a fifth more)
MAX_CHUNK_SIZE = 1000
# Fewest tasks per worker, so that the workers stay evenly busy to the end
TASKS_PER_WORKER = 4
# Below this many articles, "auto" stays in one process: starting workers costs more than it saves.
PARALLEL_FROM_ARTICLES = 2000
# A progress bar is shown from this many articles on (unless `progress` says otherwise).
PROGRESS_FROM_ARTICLES = 2000

ChunkResult = TypeVar("ChunkResult")
Result = TypeVar("Result")


def collector_paused(stage: Callable[..., Result]) -> Callable[..., Result]:
    """Run a stage with Python's cyclic garbage collector paused, then restore the collector as it was.

    A stage builds hundreds of thousands of small objects (tokens, sentences, mentions, rows) that all live
    until its table is made; every full collection walks them, and every long-lived object of the process
    (lemma and lexicon caches), and frees nothing, as none of them hold reference cycles. Pausing the
    collector made the whole pipeline about a fifth faster.
    """
    @functools.wraps(stage)
    def paused(*args: object, **kwargs: object) -> Result:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return stage(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return paused


@dataclass
class Corpus:
    """The tables of one corpus, joined by `article_id` (and `sentence_id`).

    Attributes:
        articles: one row per article (`load_articles` columns plus `body`, `editor`).
        audit: one row per line that cleaning removed or moved.
        sentences: one row per sentence (`split_sentences`).
        tokens: one row per token (`tokenize`).
        skipped: one row per file or record that could not be loaded (path, line, reason); empty
            unless `errors="report"`.
    """

    articles: pd.DataFrame
    audit: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    skipped: pd.DataFrame

    def counts(self) -> pd.DataFrame:
        """Per-article counts: article_id, title, paragraphs, sentences, tokens, words, removed_lines."""
        per_sentence = self.sentences.groupby("article_id").agg(
            paragraphs=("paragraph", "nunique"), sentences=("sentence_id", "size"))
        per_token = self.tokens.groupby("article_id").agg(tokens=("token", "size"), words=("is_alpha", "sum"))
        removed = self.audit.groupby("article_id").size().rename("removed_lines")
        table = (self.articles[["article_id", "title"]].set_index("article_id")
                 .join([per_sentence, per_token, removed]).fillna(0).reset_index())
        counted = ["paragraphs", "sentences", "tokens", "words", "removed_lines"]
        return table.astype(dict.fromkeys(counted, "int64")).sort_values("article_id", ignore_index=True)


@collector_paused
def process_chunk(articles: pd.DataFrame, *, rules_path: str | Path | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean and segment one chunk of loaded articles.

    Returns:
        (articles with `body`, audit, sentences, tokens) for the chunk.
    """
    cleaned, audit = clean_articles(articles, rules_path=rules_path)
    sentences = split_sentences(cleaned)
    return cleaned, audit, sentences, tokenize(sentences)


def default_chunk_size(articles: int, *, workers: int) -> int:
    """Articles per task: `MAX_CHUNK_SIZE`, or fewer so that each worker gets `TASKS_PER_WORKER` tasks."""
    return max(1, min(MAX_CHUNK_SIZE, math.ceil(articles / (TASKS_PER_WORKER * workers))))


def workers_of(engine: str, n_jobs: int | None) -> int:
    """How many processes an engine runs chunks in: one for "pandas", else `n_jobs` or the CPUs here."""
    return 1 if engine == "pandas" else n_jobs or os.cpu_count() or 1


def chunks_of(table: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    """Consecutive slices of `size` rows (the last may be shorter)."""
    return [table.iloc[start : start + size] for start in range(0, len(table), size)]


def map_chunks(function: Callable[[pd.DataFrame], ChunkResult], chunks: list[pd.DataFrame], *,
               engine: str, n_jobs: int | None = None, progress: bool = False,
               description: str = "articles") -> Iterator[ChunkResult]:
    """Apply `function` to each chunk, in order, with the chosen engine.

    Args:
        function: a picklable function of one chunk (module-level, or a `functools.partial` of one).
        chunks: the chunks, e.g. from `chunks_of`.
        engine: "pandas" (this process), "processes" (a pool of `n_jobs` worker processes) or "dask"
            (Dask tasks on the current `distributed` client, or Dask's local process scheduler).
        n_jobs: worker processes for "processes"; defaults to the number of CPUs.
        progress: show a progress bar counting chunks.
        description: the progress bar's label.

    Yields:
        The results in chunk order.
    """
    bar = partial(tqdm, total=len(chunks), unit="chunk", desc=description, disable=not progress)
    if engine == "pandas":
        yield from bar(map(function, chunks))
    elif engine == "processes":
        with ProcessPoolExecutor(max_workers=n_jobs or os.cpu_count()) as pool:
            yield from bar(pool.map(function, chunks))
    elif engine == "dask":
        import dask.bag

        bag = dask.bag.from_sequence(chunks, npartitions=max(1, len(chunks))).map(function)
        yield from bar(bag.compute())
    else:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


def _concat(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(list(tables), ignore_index=True)


def read_corpus(
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
) -> Corpus:
    """Load, clean and segment a corpus.

    Args:
        source: a file, a folder (read recursively), a glob pattern or a list of those; defaults to the
            bundled seed article in `seeds/`.
        errors: "raise" stops at the first bad file with a `CorpusError`; "report" skips bad files and
            lists them in `Corpus.skipped`.
        text_column: the text field of CSV/JSON records when it is not one of the usual names.
        rules_path: a boilerplate rules CSV other than `data/boilerplate-rules.csv`.
        max_bytes: the largest file to read (None for no limit).
        engine: "pandas" cleans and segments in this process; "processes" in `n_jobs` worker processes;
            "dask" as Dask tasks (on the `distributed` client you have started, e.g. one connected to a
            cluster's scheduler); "auto" picks "processes" from 2,000 articles on, else "pandas". The
            tables are identical whatever the engine.
        n_jobs: worker processes for the "processes" engine (default: all CPUs).
        chunk_size: articles per task (default: `default_chunk_size`).
        progress: show a progress bar; by default shown from 2,000 articles on.

    Returns:
        A `Corpus` with the articles, audit, sentences, tokens and skipped tables.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    articles, skipped = load_articles_with_report(
        config.DEFAULT_CORPUS if source is None else source, errors=errors, text_column=text_column,
        max_bytes=max_bytes)
    if engine == "auto":
        engine = "processes" if len(articles) >= PARALLEL_FROM_ARTICLES and (os.cpu_count() or 1) > 1 else "pandas"
    show_progress = len(articles) >= PROGRESS_FROM_ARTICLES if progress is None else progress
    chunk_size = chunk_size or default_chunk_size(len(articles), workers=workers_of(engine, n_jobs))
    results = list(map_chunks(partial(process_chunk, rules_path=rules_path), chunks_of(articles, chunk_size),
                              engine=engine, n_jobs=n_jobs, progress=show_progress))
    cleaned, audit, sentences, tokens = (_concat(parts) for parts in zip(*results))
    cleaned.attrs = articles.attrs
    return Corpus(articles=cleaned, audit=audit, sentences=sentences, tokens=tokens, skipped=skipped)
