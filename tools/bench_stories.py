"""`make bench`, stories part: near-copies, stories and topics on the full AllSides corpus in ../shared.

Usage: python tools/bench_stories.py [--limit N] [--n-jobs N] [--precision int8|fp32]

Prints wall seconds and peak memory of each step, and the peak memory of the process (and of its worker
processes): loading and cleaning (the same route as `read_corpus`, without sentences and tokens; the columns
no later step reads are dropped), near-copies (`stories.near_duplicates`, goal 60 s), then stories and topics
(goal 5 minutes and 4 GB): embedding each copy group's first article (headline and lede,
`stories.embed_articles`, in the encoder precision of `--precision`, by default the package's, int8),
`find_stories`, the document-term matrix, `story_summary`, NMF topics and topic shares by source and by month.
The encoder backend and precision are named, with the rate in articles per second, since embedding is most of
the time. CPU seconds (this process and its workers) are printed beside wall seconds: on a shared machine they
say more than the wall time. A step's peak is this process's largest resident memory during the step (Linux
counts it afresh for each step; elsewhere it is the peak so far).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

from presslens import config, engine
from presslens.io.load import load_articles
from presslens.stories.embed import DEFAULT_PRECISION, PRECISIONS
from presslens.text.clean import clean_articles

ALLSIDES = Path("corpora/allsides/articles.jsonl.gz")
# what the steps after cleaning read: the raw text, url, path and the like are dropped
COLUMNS = ["article_id", "title", "source", "published", "body"]


def _cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished worker processes."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _reset_peak() -> None:
    """Count this process's peak resident memory afresh from now on (Linux; elsewhere it keeps counting)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    """This process's peak resident memory in MB since `_reset_peak` (Linux's VmHWM), else since it started."""
    try:
        status = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        status = []
    for line in status:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_mb() -> float:
    """The peak resident memory in MB of the largest finished worker process (pages shared with this one count)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Entry point: time each step on the AllSides corpus and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--n-jobs", type=int, default=None, help="worker processes (default: all CPUs)")
    parser.add_argument("--precision", choices=PRECISIONS, default=DEFAULT_PRECISION,
                        help=f"encoder precision of the embeddings (default: {DEFAULT_PRECISION})")
    options = parser.parse_args(argv)
    path = config.SHARED_DIR / ALLSIDES
    if not path.is_file():
        print(f"the stories bench needs the AllSides corpus at {path} (set PRESSLENS_SHARED_DIR); "
              "it is not part of a clone.", file=sys.stderr)
        return 2
    from presslens import stories

    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    peaks: dict[str, float] = {}

    def timed(step: str, function, *args, **kwargs):
        _reset_peak()
        started, used = time.perf_counter(), _cpu_seconds()
        result = function(*args, **kwargs)
        seconds[step], cpu[step], peaks[step] = time.perf_counter() - started, _cpu_seconds() - used, _peak_mb()
        print(f"  {step}: {seconds[step]:.1f} s wall, {cpu[step]:.1f} CPU s, peak {peaks[step]:,.0f} MB", flush=True)
        return result

    print(f"presslens stories bench on {path}" + (f", first {options.limit:,} articles" if options.limit else ""))
    articles = timed("load", load_articles, path, max_bytes=None)
    if options.limit:
        articles = articles.head(options.limit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # articles left empty by cleaning are reported one by one
        parts = timed("clean", engine.map_articles, clean_articles, articles, engine="processes", n_jobs=options.n_jobs,
                      progress=False)
    cleaned = pd.concat([part[COLUMNS] for part, _ in parts], ignore_index=True)
    del parts, articles
    groups = timed("near-copies", stories.near_duplicates, cleaned, engine="processes", n_jobs=options.n_jobs)
    copied = groups.groupby("copy_group").size()
    print(f"  {len(cleaned):,} articles, {int((copied > 1).sum()):,} copy groups of two or more holding "
          f"{int(copied[copied > 1].sum()):,} articles")
    started, used, steps_before = time.perf_counter(), _cpu_seconds(), len(peaks)
    firsts = stories.keep_first_copies(cleaned, groups)
    vectors = timed("embed", stories.embed_articles, firsts, precision=options.precision)
    backend = stories.encoder_backend()
    print(f"  encoder: {backend} {options.precision if backend == 'onnx' else 'fp32'}, "
          f"{len(firsts) / seconds['embed']:.1f} articles/s ({len(firsts) / cpu['embed']:.1f} per CPU s)")
    found = timed("stories", stories.find_stories, cleaned, groups=groups, embeddings=vectors)
    documents = timed("document terms", stories.document_terms, firsts, engine="processes", n_jobs=options.n_jobs)
    with_copies = timed("document terms with copies", stories.document_terms, cleaned, engine="processes",
                        n_jobs=options.n_jobs)
    summary = timed("story summary", stories.story_summary, found, cleaned, with_copies)
    assignments, _ = timed("nmf topics", stories.nmf_topics, documents)
    timed("topic shares", lambda: (stories.topic_shares(assignments, cleaned, groups=groups),
                                   stories.topic_shares(assignments, cleaned, by="period", freq="month",
                                                        groups=groups)))
    total, total_cpu = time.perf_counter() - started, _cpu_seconds() - used
    part_mb = max(list(peaks.values())[steps_before:])
    print(f"\nnear-copies: {seconds['near-copies']:.1f} s ({cpu['near-copies']:.1f} CPU s) for {len(cleaned):,} "
          f"articles (goal 60 s; loading {seconds['load']:.1f} s and cleaning {seconds['clean']:.1f} s before it)")
    print(f"stories and topics: {total:.1f} s ({total_cpu:.1f} CPU s; goal 300 s), of which embedding "
          f"{seconds['embed']:.1f} s; "
          f"{len(summary):,} stories holding {int(found['story'].notna().sum()):,} articles; "
          f"{assignments['topic'].nunique()} NMF topics")
    print(f"peak memory: main process {part_mb:,.0f} MB in stories and topics ({max(peaks.values()):,.0f} MB in all "
          f"steps), largest worker {_worker_peak_mb():,.0f} MB (goal 4 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
