"""The `presslens` command: one subcommand per task (`presslens report ...`, `presslens fetch ...`, `presslens code ...`).

To add a subcommand, write an ``_add_<name>_command(subcommands)`` that builds its parser and sets
``handler`` (a function taking the parsed arguments and returning the exit status), and list it in
`SUBCOMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import presslens
from presslens import config


def _add_report_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "report",
        help="run every notebook on a corpus and write HTML reports with an index",
        description=(
            "Run notebooks/[0-9]*.ipynb on CORPUS with papermill, two at a time, then write the executed "
            "notebooks, one HTML page per notebook, the figures and index.html under OUT."
        ),
    )
    parser.add_argument("--corpus", metavar="PATH", default=None,
                        help="file, folder or glob of articles (default: the bundled seed article)")
    parser.add_argument("--out", metavar="DIR", type=Path, default=None,
                        help=f"where to write the reports (default: {config.reports_dir()})")
    parser.add_argument("--no-input", action="store_true",
                        help="leave the code cells out of the HTML pages, for readers who do not code")
    parser.add_argument("--dedupe", choices=("none", "first"), default=None,
                        help=("'first' counts each copy group (wire copy, syndication, updates) once in every "
                              "notebook, 'none' every article (default: each notebook's own default, 'none')"))
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="notebooks run at once, each in a process of its own (default: 2; 1 runs them one "
                             "after the other in this process)")
    parser.set_defaults(handler=_run_report)


def _run_report(arguments: argparse.Namespace) -> int:
    from presslens.io.load import CorpusError
    from presslens.report import build as report

    try:
        build = report.build_reports(arguments.corpus, out_dir=arguments.out, no_input=arguments.no_input,
                                     dedupe=arguments.dedupe, echo=report.print_progress, jobs=arguments.jobs)
    except (report.ReportError, CorpusError, OSError) as error:
        print(f"presslens report: error: {error}", file=sys.stderr)
        return 1
    print(build.index)
    return 0


def _add_fetch_command(subcommands: argparse._SubParsersAction) -> None:
    from presslens.io.http import Etiquette

    defaults = Etiquette()
    parser = subcommands.add_parser(
        "fetch",
        help="download article pages (from links or a feed) into a corpus folder, politely",
        description=(
            "Download each URL (and every item of --feed) into OUT as one Markdown file per article, "
            "keeping the original HTML and a manifest of what happened to every link under OUT/.fetch/. "
            "robots.txt is obeyed, requests to a host are spaced by --delay, and nothing is overwritten."
        ),
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="article URLs (http or https)")
    parser.add_argument("--from-file", metavar="FILE", type=Path, action="append", default=[],
                        help="a text file of URLs, one a line ('#' starts a comment line); repeatable")
    parser.add_argument("--feed", metavar="FEED_URL", action="append", default=[],
                        help="an RSS, Atom or JSON feed whose items to fetch; repeatable")
    parser.add_argument("--max", metavar="N", type=int, default=None, dest="max_items",
                        help="fetch at most the first N items of each feed (default: all)")
    parser.add_argument("--out", metavar="DIR", type=Path, required=True, help="the corpus folder to write")
    parser.add_argument("--delay", type=float, default=defaults.delay, metavar="SECONDS",
                        help="pause between requests to the same host (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=defaults.timeout, metavar="SECONDS",
                        help="give up on a server silent this long (default: %(default)s)")
    parser.add_argument("--max-retries", type=int, default=defaults.max_retries, metavar="N",
                        help="retries after a 429 or 5xx answer (default: %(default)s)")
    parser.add_argument("--max-bytes", type=int, default=defaults.max_bytes, metavar="N",
                        help="largest page read (default: %(default)s)")
    parser.add_argument("--max-redirects", type=int, default=defaults.max_redirects, metavar="N",
                        help="redirect hops followed (default: %(default)s)")
    parser.set_defaults(handler=_run_fetch)


def _run_fetch(arguments: argparse.Namespace) -> int:
    import logging

    from presslens.io import fetch
    from presslens.io.links import read_link_file
    from presslens.io.lock import FolderInUse

    progress = logging.StreamHandler(sys.stderr)
    progress.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("presslens.io")  # the fetch run's and the HTTP client's messages
    logger.addHandler(progress)
    logger.setLevel(logging.INFO)
    try:
        urls = list(arguments.urls)
        for links_file in arguments.from_file:
            urls += read_link_file(links_file)
        if not urls and not arguments.feed:
            raise ValueError("no links to fetch: give URLs, --from-file FILE or --feed FEED_URL")
        manifest = fetch.fetch_articles(
            urls, out=arguments.out, feed=arguments.feed, max_items=arguments.max_items, delay=arguments.delay,
            timeout=arguments.timeout, max_retries=arguments.max_retries, max_bytes=arguments.max_bytes,
            max_redirects=arguments.max_redirects)
    except (OSError, ValueError, FolderInUse) as error:
        print(f"presslens fetch: error: {error}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(progress)
    print(fetch.status_counts(manifest).to_string(index=False))
    print(f"manifest: {arguments.out / fetch.FETCH_DIR_NAME / fetch.MANIFEST_NAME}")
    failed_feeds = manifest[manifest["url"].isin(arguments.feed) & manifest["via"].isna()]
    for feed in failed_feeds.itertuples():
        print(f"presslens fetch: error: {feed.error}", file=sys.stderr)
    return 1 if len(failed_feeds) else 0


def _add_code_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "code",
        help="validate the tool on a corpus: export coding sheets, then score the filled ones",
        description="Export a coding sheet of a sample of the tool's findings, or score filled sheets.",
    )
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    export = steps.add_parser(
        "export", help="draw a stratified sample and write it as a coding sheet",
        description=("Run the tool on CORPUS, draw a seeded stratified sample of its stance statements, quotes, "
                     "scored actor mentions and sentences without a finding, and write a coding sheet to OUT "
                     "(.xlsx: one workbook; .csv: one file per task). An existing file is never overwritten."))
    export.add_argument("--corpus", metavar="PATH", default=None,
                        help="file, folder or glob of articles (default: the bundled seed article)")
    export.add_argument("--out", metavar="FILE", type=Path, required=True, help="the sheet to write (.xlsx or .csv)")
    export.add_argument("--n", type=int, default=None, metavar="N", help="items per task (default: 100)")
    export.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the sample (default: 0)")
    export.add_argument("--coder", default=None, help="the coder's name, kept in the sheet")
    export.set_defaults(handler=_run_code_export)
    scoring = steps.add_parser(
        "score", help="check filled coding sheets and report agreement, precision, recall and F1",
        description=("Read the filled sheets of one or more coders (one file each), check them, and print "
                     "Krippendorff's alpha per field and the tool's precision, recall and F1 with 95%% intervals."))
    scoring.add_argument("sheets", nargs="+", type=Path, metavar="FILE", help="filled coding sheets")
    scoring.add_argument("--resamples", type=int, default=2000, metavar="N", help="bootstrap resamples")
    scoring.add_argument("--out", metavar="DIR", type=Path, default=None,
                         help="also write agreement.csv, adjudicated.csv and accuracy.csv there (new files only)")
    scoring.set_defaults(handler=_run_code_score)


def _run_code_export(arguments: argparse.Namespace) -> int:
    from presslens import coding
    from presslens.io.load import CorpusError

    try:
        corpus = presslens.read_corpus(arguments.corpus, errors="report")
        n = coding.sample.DEFAULT_N if arguments.n is None else arguments.n
        items = coding.sample_items(corpus, n=n, seed=arguments.seed)
        written = coding.export_sheets(items, arguments.out, coder=arguments.coder)
    except (CorpusError, OSError, ValueError) as error:
        print(f"presslens code export: error: {error}", file=sys.stderr)
        return 1
    print(items.groupby("task", sort=False).size().rename("items").to_string())
    for path in written:
        print(path)
    return 0


def _run_code_score(arguments: argparse.Namespace) -> int:
    import pandas as pd

    from presslens import coding

    try:
        codings = coding.read_sheets(arguments.sheets)
        scores = coding.score(coding.read_sample(arguments.sheets[0]), codings, resamples=arguments.resamples)
        if arguments.out is not None:
            arguments.out.mkdir(parents=True, exist_ok=True)
            for name in ("agreement", "adjudicated", "accuracy"):
                with open(arguments.out / f"{name}.csv", "x", encoding="utf-8", newline="") as out:
                    getattr(scores, name).to_csv(out, index=False)
    except (OSError, ValueError) as error:
        print(f"presslens code score: error: {error}", file=sys.stderr)
        return 1
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print("Agreement between coders (Krippendorff's alpha, nominal)")
        print(scores.agreement.round(3).to_string(index=False))
        print("\nThe tool against the coders' common answers (95% intervals)")
        print(scores.accuracy.round(3).to_string(index=False))
    return 0


SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_report_command, _add_fetch_command, _add_code_command)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `presslens` command, with every subcommand in `SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(prog="presslens", description=presslens.__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"presslens {presslens.__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_command in SUBCOMMANDS:
        add_command(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `presslens` console script; returns the exit status.

    Args:
        argv: the arguments after the program name; default ``sys.argv[1:]``.
    """
    arguments = build_parser().parse_args(argv)
    return arguments.handler(arguments)
