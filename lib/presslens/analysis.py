"""The analysis of a corpus, computed once and read by every notebook.

`analyse(corpus)` loads the articles and runs every per-article stage on them, chunk by chunk (through
`presslens.engine.map_chunks`, in worker processes from `PARALLEL_FROM_ARTICLES` articles on): cleaning,
sentences and tokens, sentence sentiment, codebook actor mentions with their target sentiment, and quotes and
stance statements from one parse. Each chunk's tables are kept as soon as it is done, in
`data/processed/analysis-<key>.chunks/`, so an interrupted run resumes from the chunks already done; when all
are done they are joined into `data/processed/analysis-<key>/` and a second call (another notebook, a rerun)
reads them back in seconds. The key digests the loaded corpus, the presslens code, the instruments in `data/`,
the shipped models and the target-sentiment method (see `presslens.io.cache`).

What depends on a notebook's options is applied to the kept tables, not recomputed: the sentence label
threshold (`Analysis.sentence_scores`), counting copies once (`Analysis.deduped`), and whether a person counts
for their state or body (`presslens.stance.at_actor_level`). Entity discovery reads the whole corpus at once
(aliases are merged across articles), so it runs after the chunks, once per set of articles, and is kept too
(`Analysis.discovery`).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from presslens import config, engine as chunk_engine
from presslens.corpus import Corpus, process_chunk
from presslens.engine import StageClock, collector_paused
from presslens.io.cache import cache_key, models_digest, read_tables, write_tables
from presslens.io.load import DEFAULT_MAX_BYTES, load_articles_with_report

#: Articles per chunk: fixed, so that an interrupted run finds its chunks again whatever the number of workers.
CHUNK_ARTICLES = 40
#: From this many articles on, the chunks run in worker processes (parsing and scoring cost about a CPU-second
#: an article, far more than starting a worker and loading its models).
PARALLEL_FROM_ARTICLES = 80
#: From this many articles on, a progress bar with the time left is shown.
PROGRESS_FROM_ARTICLES = 80
#: The tables one chunk gives, joined over the chunks.
CHUNK_TABLES = ("articles", "audit", "sentences", "tokens", "sentence_scores", "mentions", "quotes", "stances",
                "stage_seconds")
SENTENCE_SCORE_COLUMNS = ["article_id", "sentence_id", "neg", "neu", "pos", "compound"]


class Discovered(NamedTuple):
    """What `presslens.entities.discover_all` found in the analysed articles: the entity and ambiguity tables."""

    entities: pd.DataFrame
    ambiguities: pd.DataFrame


@dataclasses.dataclass
class Analysis:
    """The tables of one analysed corpus.

    Attributes:
        corpus: the `Corpus` (articles, audit, sentences, tokens, skipped; `notes()` says what was left out).
        mentions: codebook actor mentions (`presslens.stance.find_mentions`) with their target sentiment
            (`label`, `score`, `method` of `presslens.sentiment.score_targets`).
        quotes: quotes with their speakers (`presslens.stance.extract_quotes`).
        stances: stance statements (`presslens.stance.extract_stances`).
        scores: VADER's neg, neu, pos and compound of each sentence (article_id, sentence_id; labelled by
            `sentence_scores`).
        folder: where the tables are kept (None when not cached).
        from_cache: whether they were read back rather than computed.
        seconds: wall seconds of the call.
        stage_seconds: CPU seconds of each stage when the tables were computed, summed over chunks and workers
            (stage, cpu_seconds), kept with the tables.
        read: the articles read (before copies are left out).
        dedupe: "none", or "first" when each copy group is counted once (`deduped`).
    """

    corpus: Corpus
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    stances: pd.DataFrame
    scores: pd.DataFrame
    folder: Path | None
    from_cache: bool
    seconds: float
    read: int
    stage_seconds: pd.DataFrame
    dedupe: str = "none"

    def sentence_scores(self, *, threshold: float | None = None) -> pd.DataFrame:
        """The sentence table with VADER's neg, neu, pos, compound and a label at `threshold` (default: VADER's
        0.05), as `presslens.sentiment.score_sentences` gives it."""
        from presslens.sentiment.tone import DEFAULT_THRESHOLD, check_threshold, label_scores

        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        check_threshold(threshold)
        table = self.corpus.sentences.merge(self.scores, on=["article_id", "sentence_id"], how="left",
                                            validate="one_to_one")
        return table.assign(label=label_scores(table["compound"], threshold=threshold).to_numpy())

    def articles_counted(self) -> pd.DataFrame:
        """One row: the dedupe choice, the articles read and the articles counted here."""
        return pd.DataFrame({"dedupe": [self.dedupe], "articles": [self.read],
                             "counted": [len(self.corpus.articles)]})

    def copy_groups(self) -> pd.DataFrame:
        """The near-copy groups of the articles read (`presslens.stories.near_duplicates`), computed once and kept."""
        from presslens import stories

        return self._kept(f"copy-groups-{self.dedupe}", lambda: stories.near_duplicates(self.corpus))

    def deduped(self, how: str = "none") -> Analysis:
        """The analysis with each copy group counted once ("first", see `presslens.stories.dedupe_corpus`) or as
        it is ("none"); the copies left out are listed in `corpus.notes()`."""
        from presslens import stories

        if how == "none":
            return self
        corpus = stories.dedupe_corpus(self.corpus, how, groups=self.copy_groups())
        kept = set(corpus.articles["article_id"])
        return dataclasses.replace(self, corpus=corpus, dedupe=how, **{
            name: table[table["article_id"].isin(kept)].reset_index(drop=True)
            for name, table in (("mentions", self.mentions), ("quotes", self.quotes), ("stances", self.stances),
                                ("scores", self.scores))})

    def first_copies_embedded(self) -> tuple[pd.DataFrame, np.ndarray]:
        """The first article of each copy group (`presslens.stories.keep_first_copies`) and the MiniLM vector of its
        headline and lede (`presslens.stories.embed_articles`, one row each, in the same order), embedded once and
        kept."""
        from presslens import stories

        firsts = stories.keep_first_copies(self.corpus.articles, self.copy_groups())

        def embedded() -> pd.DataFrame:
            vectors = stories.embed_articles(firsts)
            return pd.DataFrame(vectors, columns=[f"v{column}" for column in range(vectors.shape[1])]).assign(
                article_id=firsts["article_id"].to_numpy())

        kept = self._kept(f"story-vectors-{self.dedupe}", embedded).set_index("article_id")
        return firsts, kept.loc[firsts["article_id"]].to_numpy(dtype=np.float32)

    def discovery(self) -> Discovered:
        """The entities of these articles (`presslens.entities.discover_all`), computed once and kept."""
        from presslens import entities

        found: dict[str, entities.Discovery] = {}

        def discover(part: str) -> pd.DataFrame:
            if not found:
                found["all"] = entities.discover_all(self.corpus)
            return getattr(found["all"], part)

        return Discovered(entities=self._kept(f"entities-{self.dedupe}", partial(discover, "entities")),
                          ambiguities=self._kept(f"ambiguities-{self.dedupe}", partial(discover, "ambiguities")))

    def _kept(self, name: str, compute) -> pd.DataFrame:
        """The table `name` kept beside the analysis, computed (and kept) on first use."""
        path = None if self.folder is None else self.folder / f"{name}.parquet"
        if path is not None and path.is_file():
            return pd.read_parquet(path)
        table = compute()
        if path is not None:
            staging = path.with_name(f".{path.name}.{os.getpid()}")
            table.to_parquet(staging, index=False)
            staging.replace(path)
        return table


@collector_paused
def analyse_chunk(articles: pd.DataFrame, *, target_method: str, onnx_threads: int | None = None
                  ) -> dict[str, pd.DataFrame]:
    """Every per-article stage on one chunk of loaded articles (see the module docstring).

    Args:
        articles: loaded articles.
        target_method: "learned" or "lexicon" (`presslens.sentiment.score_targets`).
        onnx_threads: threads of the learned scorer in this process (1 in a worker process; None: its default).
    """
    from presslens import sentiment, stance
    from presslens.sentiment import onnx_runtime

    if onnx_threads is not None and os.environ.get(onnx_runtime.THREADS_VARIABLE) != str(onnx_threads):
        onnx_runtime.use_threads(onnx_threads)
    timed = StageClock()
    cleaned, audit, sentences, tokens = timed("clean, sentences, tokens", process_chunk, articles)
    corpus = Corpus(articles=cleaned, audit=audit, sentences=sentences, tokens=tokens, skipped=pd.DataFrame())
    # quotes and stances find their mentions in the headlines too
    quotes, stances = timed("parse, quotes, stances", stance.extract_quotes_and_stances, corpus)
    scores = timed("sentence sentiment", sentiment.score_sentences, sentences)[SENTENCE_SCORE_COLUMNS]
    mentions = timed("actor mentions", stance.find_mentions, corpus)
    scored = timed("target sentiment", sentiment.score_targets, mentions, method=target_method)
    return {"articles": cleaned, "audit": audit, "sentences": sentences, "tokens": tokens,
            "sentence_scores": scores, "mentions": scored, "quotes": quotes, "stances": stances,
            "stage_seconds": pd.DataFrame({"stage": list(timed.seconds), "cpu_seconds": list(timed.seconds.values())})}


def analyse(
    source: str | Path | list[str | Path] | None = None,
    *,
    dedupe: str = "none",
    errors: str = "report",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    engine: str = "auto",
    n_jobs: int | None = None,
    progress: bool | None = None,
    cache: bool | str | Path = True,
) -> Analysis:
    """The analysis of a corpus: computed once, chunk by chunk, and read back from then on.

    Args:
        source: a file, a folder, a glob pattern or a list of those (default: the seed article in `seeds/`).
        dedupe: "none" counts every article; "first" counts each copy group once (`Analysis.deduped`).
        errors: "report" (default) skips files and records that cannot be read and lists them in
            `corpus.notes()`; "raise" stops at the first with a `CorpusError` naming the file and the reason.
        max_bytes: the largest file to read (None: no limit).
        engine, n_jobs: how the chunks run (`presslens.engine.map_chunks`); "auto" runs them in worker
            processes from `PARALLEL_FROM_ARTICLES` articles on.
        progress: show a progress bar with the time left (default: from `PROGRESS_FROM_ARTICLES` articles on).
        cache: True keeps the tables under `data/processed/`, a folder keeps them there, False keeps nothing.

    Returns:
        An `Analysis`.
    """
    from presslens.sentiment import best_method

    chunk_engine.check_options(engine, n_jobs, None)
    started = time.perf_counter()
    articles, skipped = load_articles_with_report(config.DEFAULT_CORPUS if source is None else source,
                                                  errors=errors, max_bytes=max_bytes)
    target_method = best_method()
    folder = None
    if cache is not False:
        folder = (config.PROCESSED_DIR if cache is True else Path(cache)) / cache_key(
            articles, purpose="analysis", options={"target_method": target_method, "models": models_digest()})
    tables = None if folder is None else read_tables(folder, dict.fromkeys(CHUNK_TABLES))
    from_cache = tables is not None
    if tables is None:
        tables = _computed(articles, folder, target_method=target_method, engine=engine, n_jobs=n_jobs,
                           progress=progress)
    cleaned = tables["articles"]
    cleaned.attrs = articles.attrs
    corpus = Corpus(articles=cleaned, audit=tables["audit"], sentences=tables["sentences"],
                    tokens=tables["tokens"], skipped=skipped)
    analysis = Analysis(corpus=corpus, mentions=tables["mentions"], quotes=tables["quotes"],
                        stances=tables["stances"], scores=tables["sentence_scores"], folder=folder,
                        from_cache=from_cache, seconds=0.0, read=len(cleaned),
                        stage_seconds=tables["stage_seconds"].groupby("stage", sort=False, as_index=False).sum())
    analysis = analysis.deduped(dedupe)
    analysis.seconds = time.perf_counter() - started
    return analysis


def _computed(articles: pd.DataFrame, folder: Path | None, *, target_method: str, engine: str,
              n_jobs: int | None, progress: bool | None) -> dict[str, pd.DataFrame]:
    """Run `analyse_chunk` over the chunks not kept yet, keep each as it is done, and join them all."""
    chunks = chunk_engine.chunks_of(articles, CHUNK_ARTICLES)
    chunk_dir = None if folder is None else folder.with_name(f"{folder.name}.chunks")
    done: dict[int, dict[str, pd.DataFrame]] = {}
    if chunk_dir is not None:
        for number in range(len(chunks)):
            kept = read_tables(chunk_dir / f"{number:05d}", dict.fromkeys(CHUNK_TABLES))
            if kept is not None:
                done[number] = kept
    missing = [number for number in range(len(chunks)) if number not in done]
    engine = chunk_engine.chosen_engine(engine, len(articles), parallel_from=PARALLEL_FROM_ARTICLES)
    if engine != "pandas" and target_method == "learned":
        from presslens.sentiment import onnx_build

        onnx_build.build_model()  # once, here, so that the workers only read it
    function = partial(analyse_chunk, target_method=target_method,
                       onnx_threads=None if engine == "pandas" else 1)
    shown = len(articles) >= PROGRESS_FROM_ARTICLES if progress is None else progress
    results = chunk_engine.map_chunks(function, [chunks[number] for number in missing], engine=engine,
                                      n_jobs=n_jobs, progress=shown, description="analysis",
                                      done=len(done))
    for number, result in zip(missing, results):
        if chunk_dir is not None:
            write_tables(chunk_dir / f"{number:05d}", result, about={"chunk": number})
        done[number] = result
    tables = {name: _joined([done[number][name] for number in range(len(chunks))]) for name in CHUNK_TABLES}
    for name in ("mentions", "quotes", "stances"):  # in article order, as the stance readers give them
        tables[name] = tables[name].sort_values("article_id", kind="stable", ignore_index=True)
    if folder is not None:
        write_tables(folder, tables, about={"articles": len(articles), "chunks": len(chunks)})
        shutil.rmtree(chunk_dir, ignore_errors=True)
    return tables


def _joined(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks' tables as one, with the column types one table of all the articles would have: a column
    that is empty (object) in one chunk and text in another is text."""
    table = pd.concat(parts, ignore_index=True)
    for column in table.columns[table.dtypes == object]:
        if pd.api.types.infer_dtype(table[column], skipna=True) == "string":
            table[column] = table[column].astype("str")
    return table
