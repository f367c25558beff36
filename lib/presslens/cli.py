"""The `presslens` command: one subcommand per task (`presslens report ...`, `presslens fetch ...`).

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
            "Run notebooks/[0-9]*.ipynb in order on CORPUS with papermill, then write the executed "
            "notebooks, one HTML page per notebook, the figures and index.html under OUT."
        ),
    )
    parser.add_argument("--corpus", metavar="PATH", default=None,
                        help="file, folder or glob of articles (default: the bundled seed article)")
    parser.add_argument("--out", metavar="DIR", type=Path, default=None,
                        help=f"where to write the reports (default: {config.reports_dir()})")
    parser.add_argument("--no-input", action="store_true",
                        help="leave the code cells out of the HTML pages, for readers who do not code")
    parser.set_defaults(handler=_run_report)


def _run_report(arguments: argparse.Namespace) -> int:
    from presslens.io.load import CorpusError
    from presslens.report import build as report

    try:
        build = report.build_reports(arguments.corpus, out_dir=arguments.out, no_input=arguments.no_input,
                                     echo=report.print_progress)
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


SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (_add_report_command, _add_fetch_command)


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
