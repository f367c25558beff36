"""One call from files on disk to the tidy tables every notebook starts from.

`read_corpus` loads the articles (`presslens.io.load`), then cleans and segments them chunk by chunk
through `presslens.engine.map_articles`, the route `run_pipeline` takes too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from presslens import config, engine as chunk_engine
from presslens.engine import collector_paused
from presslens.io.load import DEFAULT_MAX_BYTES, load_articles_with_report
from presslens.text.clean import clean_articles
from presslens.text.sentences import split_sentences
from presslens.text.tokens import tokenize


@dataclass
class Corpus:
    """The tables of one corpus, joined by `article_id` (and `sentence_id`).

    Attributes:
        articles: one row per article (`load_articles` columns plus `body`, `editor`).
        audit: one row per line that cleaning removed or moved.
        sentences: one row per sentence (`split_sentences`).
        tokens: one row per token (`tokenize`).
        skipped: one row per file or record that could not be loaded (path, line, reason); with
            `errors="raise"` only the files that are never read (unsupported formats, special files, links to
            folders).
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

    def notes(self) -> pd.DataFrame:
        """What a reader of any analysis of this corpus should know: what was left out, and what was read
        otherwise than written. Every notebook shows it after loading (the "notes on this corpus").

        Returns:
            One row per note, in this order: files and records skipped (what "skipped"), files that loaded
            with a warning (what "read otherwise than written": decoded as Windows-1252, HTML markup removed
            from a .txt, an id renamed, ...), copies left out by `stories.dedupe_corpus` (what "copy left out",
            with the article they count under), articles whose body is empty (what "empty": a record with nothing
            beyond its headline, or nothing left after the boilerplate rules), and runs of text without a
            sentence end cut into pieces (what "cut sentence", see `presslens.text.sentences.MAX_SENTENCE_CHARACTERS`).
            Columns: file (relative to the folder all the corpus's files share, so no machine path is shown),
            line (Int64, NA for a whole file), article_id (NA when no article loaded), what, why. Empty when
            the corpus loaded exactly as written.
        """
        rows = [{"path": row["path"], "line": row["line"], "article_id": None, "what": "skipped",
                 "why": row["reason"]} for row in self.skipped.to_dict("records")]
        ids_of_path = self.articles.groupby("path")["article_id"].first() if len(self.articles) else {}
        rows += [{"path": row["path"], "line": row["line"], "article_id": ids_of_path.get(row["path"]),
                  "what": "read otherwise than written", "why": row["warning"]}
                 for row in self.articles.attrs.get("warnings", [])]
        rows += [{"path": row["path"], "line": None, "article_id": row["article_id"], "what": "copy left out",
                  "why": row["why"]} for row in self.articles.attrs.get("left_out", [])]
        if "body" in self.articles:
            emptied = self.articles[self.articles["body"].str.strip().eq("")]
            rows += [{"path": row["path"], "line": None, "article_id": row["article_id"], "what": "empty",
                      "why": _why_empty(row)} for row in emptied.to_dict("records")]
        rows += _cut_sentence_notes(self.sentences, self.articles)
        table = pd.DataFrame(rows, columns=["path", "line", "article_id", "what", "why"])
        table.insert(0, "file", _relative_paths(table.pop("path"), [*self.articles["path"], *self.skipped["path"]]))
        return table.astype({"file": "str", "line": "Int64", "article_id": "str", "what": "str", "why": "str"})


def _why_empty(article: dict[str, object]) -> str:
    """Why an article's body is empty: its record had no text beyond the headline, or the rules removed it all."""
    text, title = str(article.get("text") or ""), str(article.get("title") or "")
    if not text.replace(title, "", 1).strip():
        return "the record holds nothing beyond its headline: no body to analyse (its headline is kept)"
    return "no text left after the boilerplate rules (see the cleaning audit in notebook 01)"


def _relative_paths(paths: pd.Series, every_path: list[str]) -> pd.Series:
    """`paths` relative to the folder all of `every_path` share (a lone file: its name)."""
    known = [str(path) for path in every_path if isinstance(path, str) and path]
    if not known:
        return paths
    root = os.path.dirname(known[0]) if len(set(known)) == 1 else os.path.commonpath(known)
    return paths.map(lambda path: os.path.relpath(path, root) if isinstance(path, str) and path else path)


def _cut_sentence_notes(sentences: pd.DataFrame, articles: pd.DataFrame) -> list[dict[str, object]]:
    """One note per run of text that `split_sentences` cut into pieces (consecutive `cut` sentences of a paragraph)."""
    if "cut" not in sentences or not sentences["cut"].any():
        return []
    cut = sentences[sentences["cut"]]
    run_starts = (cut["article_id"] != cut["article_id"].shift()) | (cut["paragraph"] != cut["paragraph"].shift()) | (
        cut["sentence_id"] != cut["sentence_id"].shift() + 1)
    paths = articles.set_index("article_id")["path"]
    notes = []
    for _, run in cut.groupby(run_starts.cumsum(), sort=False):
        first, last = run.iloc[0], run.iloc[-1]
        notes.append({"path": paths.get(first["article_id"]), "line": None, "article_id": first["article_id"],
                      "what": "cut sentence",
                      "why": f"{last['end'] - first['start']:,} characters without a sentence end cut into "
                             f"{len(run)} pieces (sentences {first['sentence_id']} to {last['sentence_id']})"})
    return notes


def clean_and_split(articles: pd.DataFrame, *, rules_path: str | Path | None = None,
                    timed: Callable[..., object] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean one chunk of loaded articles and split it into sentences: the first steps of every chunk.

    Args:
        articles: loaded articles.
        rules_path: a boilerplate rules CSV other than `data/boilerplate-rules.csv`.
        timed: called as `timed(stage, function, *args, **kwargs)` to run each step ("clean", "segment"),
            e.g. to time it; by default the steps are simply called.

    Returns:
        (articles with `body`, audit, sentences).
    """
    run = timed or (lambda _stage, function, *args, **kwargs: function(*args, **kwargs))
    cleaned, audit = run("clean", clean_articles, articles, rules_path=rules_path)
    return cleaned, audit, run("segment", split_sentences, cleaned)


@collector_paused
def process_chunk(articles: pd.DataFrame, *, rules_path: str | Path | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean and segment one chunk of loaded articles.

    Returns:
        (articles with `body`, audit, sentences, tokens) for the chunk.
    """
    cleaned, audit, sentences = clean_and_split(articles, rules_path=rules_path)
    return cleaned, audit, sentences, tokenize(sentences)


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
        engine, n_jobs, chunk_size, progress: how the chunks run (see `presslens.engine.map_articles`):
            "auto" (default) cleans and segments in worker processes from 2,000 articles on, else in this
            process; "pandas", "processes" or "dask" choose. The tables are identical whatever the engine.

    Returns:
        A `Corpus` with the articles, audit, sentences, tokens and skipped tables.
    """
    chunk_engine.check_options(engine, n_jobs, chunk_size)
    articles, skipped = load_articles_with_report(
        config.DEFAULT_CORPUS if source is None else source, errors=errors, text_column=text_column,
        max_bytes=max_bytes)
    results = chunk_engine.map_articles(partial(process_chunk, rules_path=rules_path), articles, engine=engine,
                                        n_jobs=n_jobs, chunk_size=chunk_size, progress=progress)
    cleaned, audit, sentences, tokens = (_concat(parts) for parts in zip(*results))
    cleaned.attrs = articles.attrs
    return Corpus(articles=cleaned, audit=audit, sentences=sentences, tokens=tokens, skipped=skipped)
