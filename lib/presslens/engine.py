"""Running one function over chunks of articles: in this process, in worker processes, or as Dask tasks.

`read_corpus` and `run_pipeline` both call `map_articles`, with the same defaults and checks: the engine
("auto", "pandas", "processes" or "dask"), the workers, the chunk size and the progress bar. Every engine runs
the same per-chunk function and returns identical tables.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import math
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TypeVar

import pandas as pd
from tqdm.std import tqdm  # plain text bar: tqdm.auto warns in Jupyter without ipywidgets

ENGINES = ("auto", "pandas", "processes", "dask")
# Most articles per task: a chunk's fixed costs (its vocabulary's lemmas and flags, pattern passes, building
# tables) are spread thin
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
    (lemma and lexicon caches), and frees nothing, as none of them hold reference cycles.
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


class StageClock:
    """The CPU seconds of each stage of one chunk: `clock(stage, function, *args, **kwargs)` runs `function` and adds
    its process time to `clock.seconds[stage]` (a stage run twice adds up)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, function: Callable[..., Result], *args: object, **kwargs: object) -> Result:
        started = time.process_time()
        result = function(*args, **kwargs)
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.process_time() - started
        return result


@contextlib.contextmanager
def errors_only_logged(logger: str | None = None) -> Iterator[None]:
    """Let the `logging` logger `logger` (None: the root logger) report only errors while a library call runs.

    For the notices other libraries log on their way (ONNX Runtime's quantiser advice, papermill's "Unable to
    parse line"), which are not for a presslens user; the logger's level is restored afterwards.
    """
    import logging

    target = logging.getLogger(logger)
    level = target.level
    target.setLevel(logging.ERROR)
    try:
        yield
    finally:
        target.setLevel(level)


def check_options(engine: str, n_jobs: int | None, chunk_size: int | None) -> None:
    """Refuse an unknown engine, or a number of workers or a chunk size below 1.

    Raises:
        ValueError: naming the option and what it must be.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    for name, value in (("n_jobs", n_jobs), ("chunk_size", chunk_size)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise ValueError(f"{name} must be a whole number of at least 1 (or None), not {value!r}")


def chosen_engine(engine: str, articles: int, *, parallel_from: int = PARALLEL_FROM_ARTICLES) -> str:
    """The engine "auto" stands for: "processes" from `parallel_from` articles on (with more than one CPU), else
    "pandas"; any other engine is itself."""
    if engine != "auto":
        return engine
    return "processes" if articles >= parallel_from and (os.cpu_count() or 1) > 1 else "pandas"


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
               description: str = "articles", done: int = 0) -> Iterator[ChunkResult]:
    """Apply `function` to each chunk, in order, with the chosen engine.

    Args:
        function: a picklable function of one chunk (module-level, or a `functools.partial` of one).
        chunks: the chunks, e.g. from `chunks_of`.
        engine: "pandas" (this process), "processes" (a pool of `n_jobs` worker processes) or "dask"
            (Dask tasks on the current `distributed` client, or Dask's local process scheduler).
        n_jobs: worker processes for "processes"; defaults to the number of CPUs.
        progress: show a progress bar counting chunks.
        description: the progress bar's label.
        done: chunks of the same work done before (a resumed run): the bar starts there.

    Yields:
        The results in chunk order.
    """
    bar = partial(tqdm, total=done + len(chunks), initial=done, unit="chunk", desc=description,
                  disable=not progress)
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
        raise ValueError(f"engine must be one of {ENGINES[1:]} here, not {engine!r}")


def map_articles(function: Callable[[pd.DataFrame], ChunkResult], articles: pd.DataFrame, *,
                 engine: str = "auto", n_jobs: int | None = None, chunk_size: int | None = None,
                 progress: bool | None = None, description: str = "articles") -> list[ChunkResult]:
    """Run `function` over the articles chunk by chunk: the one chunked route of `read_corpus` and `run_pipeline`.

    Args:
        function: a picklable function of one chunk of the articles table.
        articles: the loaded articles.
        engine: "pandas" runs the chunks in this process; "processes" in `n_jobs` worker processes; "dask" as
            Dask tasks (on the `distributed` client you have started, e.g. one connected to a cluster's
            scheduler); "auto" picks "processes" from 2,000 articles on, else "pandas".
        n_jobs: worker processes for the "processes" engine (default: all CPUs).
        chunk_size: articles per task (default: `default_chunk_size`).
        progress: show a progress bar; by default shown from 2,000 articles on.
        description: the progress bar's label.

    Returns:
        The chunks' results, in order.

    Raises:
        ValueError: for an unknown engine or a bad `n_jobs` or `chunk_size` (see `check_options`).
    """
    check_options(engine, n_jobs, chunk_size)
    engine = chosen_engine(engine, len(articles))
    show_progress = len(articles) >= PROGRESS_FROM_ARTICLES if progress is None else progress
    chunk_size = chunk_size or default_chunk_size(len(articles), workers=workers_of(engine, n_jobs))
    return list(map_chunks(function, chunks_of(articles, chunk_size), engine=engine, n_jobs=n_jobs,
                           progress=show_progress, description=description))
