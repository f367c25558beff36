"""`make bench`: time the whole pipeline on the AllSides corpora in ../shared and compare with the peer route.

Usage: python tools/bench.py [--sizes 1000 5000 all] [--subset-only] [--skip-peer] [--n-jobs N] [--scorer-only]

For the 840-article Ukraine subset and for the full AllSides corpus (37,554 articles; also its first
1,000 and 5,000 articles, to show that the cost per article stays flat), each run happens in a fresh
process and prints: wall time, articles/s, tokens/s, peak memory (main process and largest worker),
seconds per stage, and the ratio to `../shared/bench/peer_naive.py` (the usual NLTK/VADER teaching
notebook route) run in the same invocation on the same articles. The first run computes everything
(and writes the parquet cache into a temporary folder, which its time includes); a second run in a new
process shows what reading the cache back costs. It also times the learned target-sentiment scorer
(ONNX Runtime, fp32 and int8: mentions per second on 3,000 actor mentions of the Ukraine subset, 2 threads,
and each model's first-use build time) when installed; `--scorer-only` runs that alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from presslens import config

ALLSIDES = Path("corpora/allsides")
PEER_SCRIPT = Path("bench/peer_naive.py")
PEER_SECONDS = re.compile(r"in ([\d.]+) s")


def _peak_megabytes(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def measure(path: Path, *, n_jobs: int | None, cache: Path | None) -> dict[str, object]:
    """Run `run_pipeline` on one corpus file in this process and return its figures.

    With `cache`, the tables are kept in (or, on a second run, read from) that folder.
    """
    from presslens.pipeline import run_pipeline

    started = time.perf_counter()
    result = run_pipeline(path, max_bytes=None, engine="processes" if n_jobs != 1 else "pandas", n_jobs=n_jobs,
                          cache=cache or False)
    wall = time.perf_counter() - started
    return {"articles": len(result.articles), "sentences": result.sentences, "tokens": result.tokens,
            "stances": len(result.stances), "wall": wall, "stage_seconds": result.stage_seconds,
            "from_cache": result.from_cache, "peak_main_mb": _peak_megabytes(resource.RUSAGE_SELF),
            "peak_worker_mb": _peak_megabytes(resource.RUSAGE_CHILDREN)}


def _measure_in_fresh_process(path: Path, *, n_jobs: int | None, cache: Path) -> dict[str, object]:
    command = [sys.executable, __file__, "--measure", str(path), "--cache", str(cache)]
    if n_jobs:
        command += ["--n-jobs", str(n_jobs)]
    finished = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _run_peer(path: Path) -> float:
    """Seconds the peer route reports for the same file."""
    finished = subprocess.run([sys.executable, str(config.SHARED_DIR / PEER_SCRIPT), str(path)], check=True,
                              stdout=subprocess.PIPE, text=True)
    return float(PEER_SECONDS.search(finished.stdout).group(1))


def learned_scorer_speed(*, mentions: int = 3000, threads: int = 2) -> str:
    """Mentions per second of the learned target scorer (ONNX Runtime) on actor mentions of the Ukraine subset,
    fp32 and int8, with each model's first-use build time and the CPU time it used; or why it was not run."""
    import os

    from presslens import stance
    from presslens.corpus import read_corpus
    from presslens.sentiment import onnx_build, onnx_runtime

    if not onnx_build.is_available():
        missing = onnx_build.missing_packages()
        return f"learned target scorer: not installed ({', '.join(missing) or 'model files missing'})"
    found = stance.find_mentions(read_corpus(config.SHARED_DIR / ALLSIDES / "ukraine-subset.jsonl"))
    sample = found.sample(n=min(mentions, len(found)), random_state=0)
    arguments = (sample["sentence"].tolist(), sample["start"].tolist(), sample["end"].tolist())
    figures = []
    with tempfile.TemporaryDirectory() as cache:
        for precision in ("fp32", "int8"):
            started = time.perf_counter()
            model = onnx_runtime.TargetSentimentOnnx.load(precision=precision, threads=threads, cache_dir=cache)
            built = time.perf_counter() - started
            cpu_started = time.process_time()
            speed = onnx_runtime.mentions_per_second(model, *arguments, repeats=2)
            per_cpu = 2 * len(sample) / (time.process_time() - cpu_started)  # two timed runs and a small warm-up
            figures.append(f"{precision} {speed:,.0f} mentions/s, {per_cpu:,.0f} per CPU-second "
                           f"(first-use build {built:.1f} s)")
    return (f"learned target scorer (ONNX Runtime, {threads} threads) on {len(sample):,} actor mentions of the "
            f"Ukraine subset, load average {os.getloadavg()[0]:.1f}: {'; '.join(figures)}; goal 600 mentions/s")


def _first_articles(source: Path, count: int, folder: Path) -> Path:
    """A .jsonl file with the first `count` articles of `source` (a .jsonl or .jsonl.gz)."""
    target = folder / f"first-{count}.jsonl"
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
        out.writelines(islice(lines, count))
    return target


def _report(name: str, figures: dict[str, object], peer_seconds: float | None, cached: dict[str, object]) -> None:
    wall = figures["wall"]
    stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in figures["stage_seconds"].items())
    ratio = f"{peer_seconds / wall:.1f}x faster than the peer route ({peer_seconds:.1f} s)" if peer_seconds else "peer not run"
    print(f"\n{name}: {figures['articles']:,} articles, {figures['sentences']:,} sentences, {figures['tokens']:,} tokens, "
          f"{figures['stances']:,} stance statements")
    print(f"  wall {wall:.1f} s | {figures['articles'] / wall:,.0f} articles/s | {figures['tokens'] / wall:,.0f} tokens/s | "
          f"{1000 * wall / figures['articles']:.2f} ms per article")
    print(f"  peak memory: main process {figures['peak_main_mb']:,.0f} MB, largest worker {figures['peak_worker_mb']:,.0f} MB")
    print(f"  CPU seconds per stage (summed over workers): {stages}")
    print(f"  {ratio}")
    how = ("tables read from the parquet cache" if cached["from_cache"]
           else "computed again (the cache was not used: did the code or data/ change in between?)")
    print(f"  second run, {how}: wall {cached['wall']:.1f} s, peak memory {cached['peak_main_mb']:,.0f} MB")


def main(argv: list[str] | None = None) -> int:
    """Entry point of `make bench`."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="*", default=["1000", "5000", "all"],
                        help="article counts of the full corpus to run ('all' for every article)")
    parser.add_argument("--subset-only", action="store_true", help="run the 840-article subset only")
    parser.add_argument("--skip-peer", action="store_true", help="do not run the peer route")
    parser.add_argument("--n-jobs", type=int, default=None, help="worker processes (default: all CPUs)")
    parser.add_argument("--scorer-only", action="store_true", help="time only the learned target scorer")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.measure:
        print(json.dumps(measure(options.measure, n_jobs=options.n_jobs, cache=options.cache)))
        return 0
    shared = config.SHARED_DIR
    if not (shared / ALLSIDES).is_dir():
        print(f"make bench needs the AllSides corpus at {shared / ALLSIDES} (set PRESSLENS_SHARED_DIR); "
              "it is not part of a clone.", file=sys.stderr)
        return 2
    if options.scorer_only:
        print(learned_scorer_speed())
        return 0
    runs = [("Ukraine subset", shared / ALLSIDES / "ukraine-subset.jsonl")]
    with tempfile.TemporaryDirectory() as folder:
        if not options.subset_only:
            full = shared / ALLSIDES / "articles.jsonl.gz"
            runs += [(f"AllSides, all articles" if size == "all" else f"AllSides, first {int(size):,} articles",
                      full if size == "all" else _first_articles(full, int(size), Path(folder)))
                     for size in options.sizes]
        print(f"presslens bench on {config.SHARED_DIR}: {len(runs)} runs; each run in a fresh process")
        for number, (name, path) in enumerate(runs):
            cache = Path(folder) / f"cache-{number}"
            figures = _measure_in_fresh_process(path, n_jobs=options.n_jobs, cache=cache)
            cached = _measure_in_fresh_process(path, n_jobs=options.n_jobs, cache=cache)
            peer = None if options.skip_peer else _run_peer(path)
            _report(name, figures, peer, cached)
    print(f"\n{learned_scorer_speed()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
