"""The `presslens` command: one subcommand per task (`presslens report ...`).

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
    from presslens import report
    from presslens.load import CorpusError

    try:
        build = report.build_reports(arguments.corpus, out_dir=arguments.out, no_input=arguments.no_input,
                                     echo=report.print_progress)
    except (report.ReportError, CorpusError) as error:
        print(f"presslens report: error: {error}", file=sys.stderr)
        return 1
    print(build.index)
    return 0


SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (_add_report_command,)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `presslens` command, with every subcommand in `SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(prog="presslens", description=presslens.__doc__)
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
