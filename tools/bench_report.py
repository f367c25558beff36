"""`make bench`, report part: time `presslens report` on a corpus, cold and from the kept tables.

Usage: python tools/bench_report.py [--corpus PATH] [--n-jobs N]

Each run happens in a fresh process and prints its wall time, the seconds of each step (the analysis of the
corpus, then the wait for each notebook's page: the notebooks run two at a time), the CPU seconds of each stage
of the analysis and the peak memory of the main process and of its largest child (an analysis worker or a
notebook kernel). The first run starts from an empty folder of kept tables (`PRESSLENS_PROCESSED_DIR` set to a
temporary folder), so it analyses the corpus; the second reads the tables back. Default corpus: the 840-article
AllSides Ukraine subset in ../shared (goals: 120 s cold, 30 s from the kept tables).
`--corpus ../shared/corpora/allsides/articles.jsonl.gz` runs the whole AllSides corpus (hours, see the README).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from presslens import config

SUBSET = Path("corpora/allsides/ukraine-subset.jsonl")
ANALYSED = re.compile(r"^analysed \d+ articles")
PAGE = re.compile(r"^\[\d+/\d+\] wrote .*?(?P<notebook>[^/]+)\.html$")


def measure(corpus: Path, out_dir: Path) -> dict[str, object]:
    """Build the report of `corpus` into `out_dir` in this process; wall seconds per step and peak memory."""
    from presslens import analyse
    from presslens.report.build import build_reports

    moments: list[tuple[str, float]] = []   # (the step that just ended, when)

    def timestamp(line: str) -> None:
        page = PAGE.match(line)
        if ANALYSED.match(line) or page:
            moments.append((page["notebook"] if page else "analysis", time.perf_counter()))

    started = time.perf_counter()
    build_reports(corpus, out_dir=out_dir, echo=timestamp)
    finished = time.perf_counter()
    kept = analyse(corpus)  # read back: the CPU seconds of each stage of the analysis are kept with its tables
    # the notebooks run two at a time, so a notebook's step is the wait from the page before (or the analysis) to
    # its own page
    steps, previous = {}, started
    for name, moment in [*moments, ("index", finished)]:
        steps[name], previous = moment - previous, moment
    return {"wall": finished - started,
            "steps": steps,
            "analysis_cpu_seconds": dict(kept.stage_seconds.itertuples(index=False)),
            "peak_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _in_fresh_process(corpus: Path, out_dir: Path, processed: Path) -> dict[str, object]:
    environment = {**os.environ, "PRESSLENS_PROCESSED_DIR": str(processed)}
    finished = subprocess.run([sys.executable, __file__, "--measure", str(corpus), "--out", str(out_dir)],
                              check=True, stdout=subprocess.PIPE, text=True, env=environment)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _print(name: str, figures: dict[str, object]) -> None:
    steps = ", ".join(f"{step} {seconds:.1f}" for step, seconds in figures["steps"].items())
    stages = ", ".join(f"{stage} {seconds:.0f}" for stage, seconds in figures["analysis_cpu_seconds"].items())
    print(f"  {name}: wall {figures['wall']:.1f} s | peak memory: main {figures['peak_main_mb']:,.0f} MB, "
          f"largest child {figures['peak_child_mb']:,.0f} MB")
    print(f"    wall seconds per step: {steps}")
    print(f"    CPU seconds of the analysis per stage (summed over workers, as computed): {stages}")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the report part of `make bench`."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=None, help="default: the AllSides Ukraine subset")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.measure:
        print(json.dumps(measure(options.measure, options.out)))
        return 0
    corpus = options.corpus or config.SHARED_DIR / SUBSET
    if not corpus.exists():
        print(f"the report bench needs {corpus} (set PRESSLENS_SHARED_DIR); it is not part of a clone.",
              file=sys.stderr)
        return 2
    print(f"presslens report on {corpus.name}, load average {os.getloadavg()[0]:.1f} "
          "(goals on the 840-article subset: 120 s cold, 30 s from the kept tables)")
    with tempfile.TemporaryDirectory() as folder:
        processed, out_dir = Path(folder) / "processed", Path(folder) / "report"
        _print("cold (the corpus analysed)", _in_fresh_process(corpus, out_dir, processed))
        _print("from the kept tables", _in_fresh_process(corpus, out_dir, processed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
