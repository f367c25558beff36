"""Run every numbered notebook on a corpus and publish the results as static HTML reports.

`build_reports` is what `presslens report` (and `make report`) calls. It first analyses the corpus once
(`presslens.analysis.analyse`: chunked, in worker processes, with a progress bar on the terminal, kept in
``data/processed/``), so that every notebook reads the same kept tables. Then it runs the
``notebooks/[0-9]*.ipynb`` two at a time (`jobs`), each in a worker process of its own, the longest first as the
last build into the same folder timed them (in file-name order the first time); for each notebook it

1. executes the notebook with papermill (kernel ``python3``, cwd ``notebooks/``, the ``corpus``
   parameter set to the absolute corpus path, ``PRESSLENS_REPORTS_DIR`` set to the output folder so
   `presslens.plots.save` writes figures to ``<out>/figures``),
2. writes the executed notebook to ``<out>/notebooks/<name>.ipynb`` and an HTML page to
   ``<out>/<name>.html`` (nbconvert's lab template without its network scripts, under a
   Content-Security-Policy that lets no inline script run; the one script a page loads is the evidence
   browser of `presslens.report.tables`, copied to ``<out>/assets/browse.js``),
3. and finally writes ``<out>/index.html``: the corpus used, the presslens version, the build time,
   what was left out of the corpus and why (the notebooks load it with ``errors="report"``, so a partly bad
   corpus does not stop the report), and per notebook its title, one-line summary and a thumbnail of its key
   figure.

One build at a time writes to a folder: it holds ``<out>/.presslens-report.lock`` (see `presslens.io.lock`), and a
second build into the same folder is refused. Before the notebooks run, the folder's old ``index.html`` and the old
pages and executed notebooks of the notebooks about to run are removed, so that a build that stops half-way leaves
no index over pages of two corpora.

How a notebook names things the index shows:

- **title**: its first ``#`` heading (H1);
- **summary**: the first paragraph after the H1, without the ``**Inputs:**`` / ``**Produces:**`` line;
- **key figure**: ``metadata["presslens"]["key_figure"]`` (a figure name as given to
  `presslens.plots.save`, e.g. ``"term-frequency-top-lemmas"``), otherwise the first figure the notebook
  saved (`presslens.plots.save` lists each name in a log file the build gives that notebook's kernel).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import jinja2
import nbformat
import pandas as pd
import papermill
from jupyter_client.manager import AsyncKernelManager
from papermill.exceptions import PapermillExecutionError

import presslens
from presslens import config
from presslens.analysis import analyse
from presslens.engine import errors_only_logged
from presslens.coding.on_corpus import CorpusValidation, corpus_validation
from presslens.io.load import CorpusWarning, load_articles_with_report
from presslens.io.lock import FolderInUse, folder_lock
from presslens.report import tables
from presslens.report.figures import FIGURE_LOG_VARIABLE, nothing_to_draw_marker
from presslens.report.pages import render_page

NOTEBOOK_PATTERN = "[0-9]*.ipynb"
KERNEL_NAME = "python3"
# the kernel logs nothing to the terminal: its notice that it runs over TCP without encryption (loopback only), and
# the "KeyboardInterrupt caught in kernel" it logs when jupyter_client interrupts it, as it does before every
# shutdown, while it still handles a message, are not for readers (errors in a cell go to the notebook itself)
KERNEL_QUIET = ["--IPKernelApp.log_level=CRITICAL"]
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
INDEX_TEMPLATE_NAME = "index.html.j2"
LOCK_NAME = ".presslens-report.lock"
DEFAULT_JOBS = 2   # notebooks run at once: this machine's two cores

_H1 = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
_MARKDOWN_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?P<text>.+?)\1")
_INPUTS_LINE = re.compile(r"^\s*\*\*(Inputs|Produces):\*\*")


class ReportError(Exception):
    """A report could not be built; the message names the notebook or file and the reason."""


class NotebookFailed(ReportError):
    """A notebook raised while it ran; says which notebook, which cell and what the error was.

    Attributes:
        notebook: the source notebook that failed.
        cell_number: 1-based number of the failing cell in the source notebook (as counted in JupyterLab).
        ename: the exception's class name, e.g. ``"KeyError"``.
        evalue: the exception's message.
        executed: the executed notebook written with the traceback, for inspection.
    """

    def __init__(self, notebook: Path, *, cell_number: int, cell_source: str, ename: str, evalue: str,
                 executed: Path) -> None:
        first_line = next((line for line in cell_source.splitlines() if line.strip()), "")
        super().__init__(
            f"notebook {notebook.name} failed in cell {cell_number} ({first_line.strip()!r}): "
            f"{ename}: {evalue}\n  the executed notebook with the full traceback is {executed}"
        )
        self.notebook = notebook
        self.cell_number = cell_number
        self.cell_source = cell_source
        self.ename = ename
        self.evalue = evalue
        self.executed = executed

    def __reduce__(self) -> tuple:   # raised in a worker process, re-raised in the build's
        return _notebook_failed, (self.notebook, self.cell_number, self.cell_source, self.ename, self.evalue,
                                  self.executed)


def _notebook_failed(notebook: Path, cell_number: int, cell_source: str, ename: str, evalue: str,
                     executed: Path) -> NotebookFailed:
    return NotebookFailed(notebook, cell_number=cell_number, cell_source=cell_source, ename=ename, evalue=evalue,
                          executed=executed)


@dataclass(frozen=True)
class CorpusSummary:
    """What the index header says about the corpus: where it is, its size and its date range.

    Attributes:
        source: the corpus path (absolute) as given to the notebooks.
        articles: number of articles `presslens.load_articles` reads from it with ``errors="report"``.
        first_published: the earliest known publication date, None when no article has one.
        last_published: the latest known publication date, None when no article has one.
        skipped: the files and records left out, as (path, line or None, reason), in discovery order.
        warnings: the files that loaded otherwise than written, as (path, line or None, warning).
    """

    source: str
    articles: int
    first_published: pd.Timestamp | None
    last_published: pd.Timestamp | None
    skipped: tuple[tuple[str, int | None, str], ...] = ()
    warnings: tuple[tuple[str, int | None, str], ...] = ()

    @property
    def date_range(self) -> str | None:
        """"YYYY-MM-DD – YYYY-MM-DD" (one date when both agree), or None when no date is known."""
        if self.first_published is None or self.last_published is None:
            return None
        first, last = (f"{date:%Y-%m-%d}" for date in (self.first_published, self.last_published))
        return first if first == last else f"{first} – {last}"


@dataclass(frozen=True)
class NotebookReport:
    """One notebook's entry in the index.

    Attributes:
        name: the notebook's file stem, e.g. ``"01-cleaning"``.
        title: its H1.
        summary: the first paragraph after the H1, as plain text.
        executed: the executed notebook, ``<out>/notebooks/<name>.ipynb``.
        html: the rendered page, ``<out>/<name>.html``.
        key_figure: the PNG shown as its thumbnail (under ``<out>/figures``), or None.
    """

    name: str
    title: str
    summary: str
    executed: Path
    html: Path
    key_figure: Path | None


@dataclass(frozen=True)
class ReportBuild:
    """The result of `build_reports`.

    Attributes:
        out_dir: the folder everything was written to.
        index: ``<out>/index.html``.
        corpus: what was analysed.
        notebooks: one entry per notebook, in the order they ran.
        built_at: when the build finished (UTC).
        no_input: whether code cells were left out of the HTML pages.
        dedupe: the `dedupe` the notebooks were run with (None: each notebook's default).
        validation: the coders' verdict on this corpus (`coding.corpus_validation`): its `accuracy()` rows are
            shown in the index when filled sheets were found.
    """

    out_dir: Path
    index: Path
    corpus: CorpusSummary
    notebooks: list[NotebookReport]
    built_at: datetime
    no_input: bool
    validation: CorpusValidation | None = None
    dedupe: str | None = None


def find_notebooks(notebooks_dir: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The report notebooks (``[0-9]*.ipynb``) in `notebooks_dir`, in the order they run (by file name).

    Raises:
        ReportError: when the folder is missing or holds no numbered notebook.
    """
    if not notebooks_dir.is_dir():
        raise ReportError(f"notebooks folder {notebooks_dir} does not exist")
    notebooks = sorted(notebooks_dir.glob(NOTEBOOK_PATTERN))
    if not notebooks:
        raise ReportError(f"no notebooks matching {NOTEBOOK_PATTERN} in {notebooks_dir}")
    return notebooks


def notebook_title_and_summary(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """The notebook's H1 and the first paragraph after it, as plain text.

    The ``**Inputs:** … **Produces:** …`` line of the notebook anatomy is not part of the summary.

    Returns:
        (title, summary); ("", "") when there is no H1, and summary "" when nothing follows it.
    """
    markdown = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    lines = markdown.splitlines()
    heading_at = next((number for number, line in enumerate(lines) if _H1.match(line)), None)
    if heading_at is None:
        return "", ""
    title = _plain_text(_H1.match(lines[heading_at])["title"])
    paragraph: list[str] = []
    for line in lines[heading_at + 1:]:
        if not line.strip() or line.lstrip().startswith("#"):
            if paragraph:
                break
            continue
        if not _INPUTS_LINE.match(line):
            paragraph.append(line.strip())
    return title, _plain_text(" ".join(paragraph))


def summarise_corpus(corpus: str | Path) -> CorpusSummary:
    """Count the articles in `corpus`, find their date range and what was left out, for the index header.

    The corpus is loaded as the notebooks load it, with ``errors="report"``: bad files and records are listed,
    not fatal.

    Raises:
        CorpusError: when no article at all can be loaded (or the corpus path does not exist).
    """
    with warnings.catch_warnings():  # each warning is listed in the index instead
        warnings.simplefilter("ignore", CorpusWarning)
        articles, skipped = load_articles_with_report(corpus, errors="report")
    published = pd.to_datetime(articles["published"], errors="coerce", utc=True).dropna()
    return CorpusSummary(
        source=str(corpus),
        articles=len(articles),
        first_published=published.min() if len(published) else None,
        last_published=published.max() if len(published) else None,
        skipped=tuple((row["path"], None if pd.isna(row["line"]) else int(row["line"]), row["reason"])
                      for row in skipped.to_dict("records")),
        warnings=tuple((row["path"], row["line"], row["warning"]) for row in articles.attrs.get("warnings", [])),
    )


def build_reports(corpus: str | Path | None = None, *, out_dir: Path | None = None,
                  notebooks_dir: Path | None = None, no_input: bool = False, dedupe: str | None = None,
                  echo: Callable[[str], None] | None = None, jobs: int | None = None) -> ReportBuild:
    """Run every numbered notebook on `corpus` and write HTML reports and an index under `out_dir`.

    Args:
        corpus: what the notebooks analyse (anything `presslens.load_articles` reads); default the
            bundled seed article. A relative path is taken from the current directory.
        out_dir: where to write; default `presslens.config.reports_dir()`.
        notebooks_dir: where the ``[0-9]*.ipynb`` notebooks are (default `presslens.config.NOTEBOOKS_DIR`);
            they run with this folder as their cwd.
        no_input: leave code cells out of the HTML pages, for readers who do not code.
        dedupe: "first" counts each copy group once in every notebook, "none" every article (the notebooks'
            `dedupe` parameter; see `stories.dedupe_corpus`); None leaves each notebook's default.
        echo: called with one progress line per notebook (e.g. ``print``); None for silence.
        jobs: how many notebooks run at once, each in a process of its own (default: two, or one on a one-core
            machine). Every notebook reads the same kept tables, so they do not depend on each other.

    Returns:
        What was built: the index path, the corpus summary and one `NotebookReport` per notebook.

    Raises:
        NotebookFailed: a notebook raised; names the notebook and the cell. Notebooks not yet started do not run.
        ReportError: no notebooks, a notebook names a key figure it did not save, the output folder cannot be
            written (it is a file, or not writable), or another build is writing to it.
        CorpusError: no article of the corpus can be read (checked before any notebook runs); files and records
            that cannot be read are listed in the index instead.
    """
    corpus_path = str(Path(corpus).absolute()) if corpus is not None else str(config.DEFAULT_CORPUS)
    out_dir = (out_dir if out_dir is not None else config.reports_dir()).absolute()
    notebooks_dir = notebooks_dir if notebooks_dir is not None else config.NOTEBOOKS_DIR
    say = echo or _silent
    corpus_summary = summarise_corpus(corpus_path)
    notebooks = find_notebooks(notebooks_dir)
    left_out = f"; {len(corpus_summary.skipped)} file(s) or record(s) left out, listed in the index" if (
        corpus_summary.skipped) else ""
    say(f"corpus {corpus_path}: {corpus_summary.articles} articles{left_out}")
    _make_folders(out_dir)
    try:
        with folder_lock(out_dir / LOCK_NAME, folder=out_dir, command="presslens report"):
            return _build(corpus_path, corpus_summary, notebooks, out_dir=out_dir, notebooks_dir=notebooks_dir,
                          no_input=no_input, dedupe=dedupe, say=say,
                          jobs=jobs if jobs is not None else min(DEFAULT_JOBS, os.cpu_count() or 1))
    except FolderInUse as busy:
        raise ReportError(str(busy)) from None
    except PermissionError as error:
        raise ReportError(f"output folder {out_dir} cannot be written ({error.strerror or error})") from None


def _make_folders(out_dir: Path) -> None:
    """Create the output folder and its `figures/`, `notebooks/` and `assets/`, or say why they cannot be."""
    for folder in (out_dir, out_dir / "figures", out_dir / "notebooks", out_dir / "assets"):
        if folder.exists() and not folder.is_dir():
            raise ReportError(f"output folder {folder} exists and is not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ReportError(f"output folder {folder} cannot be created ({error.strerror or error})") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise ReportError(f"output folder {out_dir} cannot be written (permission denied)")


def _build(corpus_path: str, corpus_summary: CorpusSummary, notebooks: list[Path], *, out_dir: Path,
           notebooks_dir: Path, no_input: bool, dedupe: str | None, say: Callable[[str], None],
           jobs: int) -> ReportBuild:
    """Run the notebooks, `jobs` at a time, and write the pages and the index (the output folder is locked)."""
    executed_dir = out_dir / "notebooks"
    order = sorted(notebooks, key=lambda notebook: -_seconds_last_run(executed_dir / notebook.name))
    for stale in [out_dir / "index.html", *(out_dir / f"{notebook.stem}.html" for notebook in notebooks),
                  *(executed_dir / notebook.name for notebook in notebooks)]:
        stale.unlink(missing_ok=True)  # of an earlier build: never left beside the pages of this one
    shutil.copyfile(tables.BROWSER_SCRIPT, out_dir / "assets" / tables.BROWSER_SCRIPT.name)
    reports: dict[Path, NotebookReport] = {}
    pool = None
    if jobs > 1 and len(notebooks) > 1:
        # started before the analysis, so that the workers import papermill and presslens while it runs
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(jobs):
            pool.submit(_ready)
    try:
        say("analysing the corpus once: every notebook then reads the kept tables")
        analysed = analyse(corpus_path, progress=None if say is not _silent else False)
        say(f"analysed {analysed.read} articles in {analysed.seconds:.0f} s"
            f"{' (read back from the kept tables)' if analysed.from_cache else ''}")
        with tempfile.TemporaryDirectory(prefix="presslens-figure-logs-") as logs:
            runs = [(number, notebook, executed_dir / notebook.name, Path(logs) / f"{notebook.stem}.txt")
                    for number, notebook in enumerate(notebooks, start=1)]
            options = {"corpus": corpus_path, "cwd": notebooks_dir, "dedupe": dedupe, "out_dir": out_dir}
            if pool is None:
                for number, notebook, executed, figure_log in runs:
                    say(f"[{number}/{len(notebooks)}] running {notebook.name}")
                    _run_notebook(notebook, executed, figure_log=figure_log, **options)
                    reports[notebook] = _publish(notebook, executed, corpus_path=corpus_path, out_dir=out_dir,
                                                 no_input=no_input, figure_log=figure_log)
                    say(f"[{number}/{len(notebooks)}] wrote {reports[notebook].html}")
            else:
                say(f"running {len(notebooks)} notebooks, {jobs} at a time")
                # the longest (as the last build into this folder took) first, so that the last to start end together
                runs.sort(key=lambda run: order.index(run[1]))
                started = [pool.submit(_run_notebook, notebook, executed, figure_log=figure_log, **options)
                           for _, notebook, executed, figure_log in runs]
                for (number, notebook, executed, figure_log), run in zip(runs, started):
                    run.result()   # in the order started: a failure stops the build before any later page is written
                    reports[notebook] = _publish(notebook, executed, corpus_path=corpus_path, out_dir=out_dir,
                                                 no_input=no_input, figure_log=figure_log)
                    say(f"[{number}/{len(notebooks)}] wrote {reports[notebook].html}")
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)   # after a failure: the runs not started never start
    build = ReportBuild(out_dir=out_dir, index=out_dir / "index.html", corpus=corpus_summary,
                        notebooks=[reports[notebook] for notebook in notebooks], built_at=datetime.now(UTC),
                        no_input=no_input, validation=corpus_validation(corpus_path), dedupe=dedupe)
    build.index.write_text(render_index(build), encoding="utf-8")
    say(f"wrote {build.index}")
    return build


def _seconds_last_run(executed: Path) -> float:
    """How long the notebook took in the last build into the same folder (papermill records it in the executed
    notebook); 0 when there is none."""
    try:
        return float(nbformat.read(executed, as_version=4).metadata["papermill"]["duration"] or 0)
    except (OSError, ValueError, KeyError, TypeError):
        return 0.0


def _ready() -> None:
    """Nothing: submitted first to each worker process, which imports this module to run it."""


class PrivateSocketsKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel talks over IPC sockets in a folder of its own (removed at shutdown) instead of
    TCP ports: jupyter_client picks free ports with no lock between processes, so two workers starting kernels at
    the same instant could both take one ("Address already in use", then "Kernel didn't respond")."""

    def __init__(self, **kwargs: object) -> None:
        self.sockets_folder = tempfile.mkdtemp(prefix="presslens-kernel-")
        super().__init__(transport="ipc", ip=str(Path(self.sockets_folder) / "kernel"), **kwargs)

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        """Shut the kernel down (see `AsyncKernelManager.shutdown_kernel`), then remove its sockets' folder."""
        await super().shutdown_kernel(now=now, restart=restart)
        if not restart:
            shutil.rmtree(self.sockets_folder, ignore_errors=True)


def _run_notebook(notebook: Path, executed: Path, *, corpus: str, cwd: Path, dedupe: str | None, out_dir: Path,
                  figure_log: Path) -> None:
    """Execute one notebook of a build (in a worker process, or in the build's own when it runs one at a time):
    its kernel writes figures to ``<out>/figures`` and logs their names to `figure_log`."""
    with _environment(PRESSLENS_REPORTS_DIR=str(out_dir), **{FIGURE_LOG_VARIABLE: str(figure_log)}):
        _execute(notebook, executed, corpus=corpus, cwd=cwd, dedupe=dedupe)


def _publish(notebook: Path, executed: Path, *, corpus_path: str, out_dir: Path, no_input: bool,
             figure_log: Path) -> NotebookReport:
    """Write the HTML page of an executed notebook; what the index says of it."""
    executed_notebook = nbformat.read(executed, as_version=4)
    title, summary = notebook_title_and_summary(executed_notebook)
    html = out_dir / f"{notebook.stem}.html"
    shown = _without_machine_paths(executed_notebook, corpus_path)
    html.write_text(render_page(shown, title=title or notebook.stem, no_input=no_input), encoding="utf-8")
    saved = figure_log.read_text(encoding="utf-8").split() if figure_log.is_file() else []
    return NotebookReport(name=notebook.stem, title=title or notebook.stem, summary=summary, executed=executed,
                          html=html, key_figure=_key_figure(notebook, executed_notebook, out_dir / "figures", saved))


def _silent(line: str) -> None:
    """The `echo` of a build that says nothing."""


def print_progress(line: str) -> None:
    """Write a progress line to stderr (the `echo` that `presslens report` uses)."""
    print(line, file=sys.stderr, flush=True)


def render_index(build: ReportBuild) -> str:
    """The HTML of ``index.html`` for `build`; every value is HTML-escaped (Jinja2 autoescape)."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    return environment.get_template(INDEX_TEMPLATE_NAME).render(
        build=build,
        version=presslens.__version__,
        relative=lambda path: path.relative_to(build.out_dir).as_posix(),
        interval=_interval,
        shown=partial(_shown_path, corpus=build.corpus.source),
    )


def _without_machine_paths(executed: nbformat.NotebookNode, corpus_path: str) -> nbformat.NotebookNode:
    """A copy of `executed` whose parameters cell (papermill's "injected-parameters") names the corpus as the
    index does (`_shown_path`), for the HTML page; the executed notebook itself keeps the full path."""
    shown = nbformat.from_dict(copy.deepcopy(dict(executed)))
    for cell in shown.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = cell.source.replace(corpus_path, _shown_path(corpus_path, corpus=corpus_path))
    return shown


def _shown_path(path: str, *, corpus: str) -> str:
    """A path as the index shows it, never this machine's folders: relative to the project when inside it, a
    file of the corpus relative to the corpus folder, else (the corpus itself outside the project) the last two
    parts of the path."""
    resolved = Path(path).absolute()
    corpus_folder = Path(corpus).absolute()
    corpus_folder = corpus_folder if corpus_folder.is_dir() else corpus_folder.parent
    for base in (config.PROJECT_DIR,) if path == corpus else (config.PROJECT_DIR, corpus_folder):
        if resolved != base and resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return Path(*resolved.parts[-2:]).as_posix()


def _interval(value: float, low: float, high: float) -> str:
    """'0.92 (0.69–1.00)', or '–' for a figure that could not be measured."""
    if pd.isna(value):
        return "–"
    return f"{value:.2f} ({low:.2f}–{high:.2f})"


def _execute(notebook: Path, executed: Path, *, corpus: str, cwd: Path, dedupe: str | None = None) -> None:
    """Run `notebook` with papermill into `executed`; raise `NotebookFailed` naming the failing cell."""
    parameters = {"corpus": corpus} if dedupe is None else {"corpus": corpus, "dedupe": dedupe}
    try:
        with errors_only_logged("papermill"):  # e.g. "Unable to parse line" of a parameter comment
            papermill.execute_notebook(
                notebook, executed, parameters=parameters, kernel_name=KERNEL_NAME, cwd=str(cwd),
                progress_bar=False, log_output=False, extra_arguments=KERNEL_QUIET,
                request_save_on_cell_execute=False,   # written once at the end (also after a failing cell)
                kernel_manager_class=PrivateSocketsKernelManager,
            )
    except PapermillExecutionError as error:
        source_cells = nbformat.read(notebook, as_version=4).cells
        cell_number = next(
            (number for number, cell in enumerate(source_cells, start=1) if cell.source == error.source),
            error.cell_index + 1,
        )
        raise NotebookFailed(notebook, cell_number=cell_number, cell_source=error.source, ename=error.ename,
                             evalue=error.evalue, executed=executed) from None


def _key_figure(notebook: Path, executed: nbformat.NotebookNode, figures_dir: Path, saved: list[str]) -> Path | None:
    """The notebook's key figure: named in its metadata, else the first figure it saved (`saved`: the names of the
    figures it saved, in order, from its figure log).

    A named figure that said it had nothing to draw on this corpus (`figures.nothing_to_draw`) gives way to the
    first figure saved; a named figure neither saved nor explained is a mistake in the notebook (ReportError).
    """
    named = executed.metadata.get("presslens", {}).get("key_figure")
    if named:
        figure = figures_dir / f"{named}.png"
        if figure.is_file():
            return figure
        if not _said_nothing_to_draw(executed, named):
            raise ReportError(
                f"notebook {notebook.name} names key figure {named!r} in its metadata "
                f"(presslens.key_figure), but it saved no {figure.name} in {figures_dir}"
            )
    return next((figures_dir / f"{name}.png" for name in saved if (figures_dir / f"{name}.png").is_file()), None)


def _said_nothing_to_draw(executed: nbformat.NotebookNode, name: str) -> bool:
    """Whether an output of `executed` is the one-line note `figures.nothing_to_draw` showed for chart `name`."""
    marker = nothing_to_draw_marker(name)
    return any(marker in "".join(output.get("data", {}).get("text/html", ""))
               for cell in executed.cells for output in cell.get("outputs", []))


def _plain_text(markdown: str) -> str:
    """Markdown inline syntax (links, emphasis, code) reduced to its text."""
    text = _MARKDOWN_LINK.sub(lambda match: match["text"], markdown)
    while _MARKDOWN_EMPHASIS.search(text):
        text = _MARKDOWN_EMPHASIS.sub(lambda match: match["text"], text)
    return " ".join(text.split())


@contextlib.contextmanager
def _environment(**variables: str) -> Iterator[None]:
    """Set environment variables (inherited by the kernels started meanwhile), then restore them."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
