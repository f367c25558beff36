"""Time `presslens.entities.discover` on the AllSides corpora in ../shared (the 840-article Ukraine subset and the
first N articles of the full corpus), each in a fresh process, and print wall seconds per step and CPU seconds.

Usage: python tools/bench_entities.py [--sizes 840 5000] [--sample-words N]

`--sample-words` sets the recogniser's sample (default: `discover`'s own, `recognise.SAMPLE_WORDS`; 0 reads every
sentence).

The corpus is loaded, cleaned and segmented first (`read_corpus`, not counted: the pipeline does that anyway);
then `discover` runs with its defaults. CPU seconds count this process and the recogniser's worker processes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from presslens import config

ALLSIDES = config.SHARED_DIR / "corpora" / "allsides"


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(path: str, sample_words: int | None) -> None:
    """In this process: load the corpus, then time discover and print one JSON line."""
    import warnings

    import presslens
    from presslens import entities

    corpus = presslens.read_corpus(path, max_bytes=None)
    words = int(corpus.tokens["is_alpha"].sum())
    timings: dict[str, float] = {}
    cpu, wall = _cpu(), time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        options = {} if sample_words is None else {"sample_words": sample_words or None}
        found = entities.discover_all(corpus, timings=timings, **options)
    print(json.dumps({"articles": len(corpus.articles), "words": words, "wall": time.perf_counter() - wall,
                      "cpu": _cpu() - cpu, "steps": timings, "entities": len(found.entities),
                      "mentions": len(found.mentions)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["840", "5000"])
    parser.add_argument("--sample-words", type=int, default=None)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.sample_words)
        return 0
    if not ALLSIDES.is_dir():
        print(f"skipped: the AllSides corpora are not in {ALLSIDES}", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            if size == "840":
                path = ALLSIDES / "ukraine-subset.jsonl"
            else:
                path = Path(folder) / f"allsides-{size}.jsonl"
                with gzip.open(ALLSIDES / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
                    path.write_text("".join(islice(lines, int(size))), encoding="utf-8")
            command = [sys.executable, __file__, "--one", str(path)]
            if args.sample_words is not None:
                command += ["--sample-words", str(args.sample_words)]
            result = subprocess.run(command, capture_output=True, text=True, check=True)
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            steps = ", ".join(f"{step} {seconds:.1f}" for step, seconds in figures["steps"].items())
            print(f"{size:>6} articles ({figures['articles']:,}, {figures['words']:,} words): discover "
                  f"{figures['wall']:.1f} s wall, {figures['cpu']:.1f} s CPU; steps (wall s): {steps}; "
                  f"{figures['entities']:,} entities, {figures['mentions']:,} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
