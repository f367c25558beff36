"""`presslens report`: which notebooks run, what the index says, how failures are reported.

Tests that execute notebooks start a kernel per notebook; the tiny notebooks below keep that cheap, and the
one build of the real notebooks (on a two-article corpus) is shared with the browser tests.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import bs4
import nbformat
import pytest
from markupsafe import escape
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from presslens import cli, config
from presslens.report import build as report
from presslens.report import pages

from report_builds import FOLDER_PAYLOAD, IMG_PAYLOAD, SCRIPT_PAYLOAD, two_article_report


def _notebook(*cells: nbformat.NotebookNode, key_figure: str | None = None) -> nbformat.NotebookNode:
    parameters = new_code_cell('corpus = "../seeds"')
    parameters.metadata["tags"] = ["parameters"]
    notebook = new_notebook(cells=[cells[0], parameters, *cells[1:]])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if key_figure:
        notebook.metadata["presslens"] = {"key_figure": key_figure}
    return notebook


def _save_figure_cell(name: str) -> nbformat.NotebookNode:
    return new_code_cell(
        "fig, ax = plots.new_figure()\n"
        f"ax.bar(['{name}'], [1])\n"
        f"plots.save(fig, '{name}', data=pd.DataFrame({{'bar': ['{name}'], 'height': [1]}}));"
    )


def _write(folder: Path, notebooks: dict[str, nbformat.NotebookNode]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, notebook in notebooks.items():
        nbformat.write(notebook, folder / name)
    return folder


@pytest.fixture
def two_article_jsonl(tmp_path: Path) -> Path:
    corpus = tmp_path / "two.jsonl"
    corpus.write_text(
        '{"title": "First", "date": "2022-03-29", "text": "Talks began in Istanbul."}\n'
        '{"title": "Second", "date": "2022-03-30", "text": "Talks ended without a deal."}\n',
        encoding="utf-8",
    )
    return corpus


def test_title_and_summary_are_the_h1_and_the_paragraph_after_it_as_plain_text():
    notebook = new_notebook(cells=[
        new_markdown_cell(
            "# Term *frequency* in the corpus\n\n"
            "Which **words** carry this [coverage](https://example.org), and which are `unusual`?\n"
            "**Inputs:** the corpus. **Produces:** tables and figures.\n\n"
            "More prose that is not the summary."
        ),
    ])
    assert report.notebook_title_and_summary(notebook) == (
        "Term frequency in the corpus",
        "Which words carry this coverage, and which are unusual?",
    )


def test_summary_may_come_from_the_next_markdown_cell_after_a_lone_heading():
    notebook = new_notebook(cells=[
        new_markdown_cell("# Stance"),
        new_code_cell("x = 1"),
        new_markdown_cell("Who says what about whom?"),
    ])
    assert report.notebook_title_and_summary(notebook) == ("Stance", "Who says what about whom?")


def test_notebook_without_h1_has_no_title_or_summary():
    notebook = new_notebook(cells=[new_markdown_cell("## Only a section\n\nText.")])
    assert report.notebook_title_and_summary(notebook) == ("", "")


def test_only_numbered_notebooks_run_in_file_name_order(tmp_path: Path):
    for name in ("10-last.ipynb", "02-first.ipynb", "scratch.ipynb", "notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [path.name for path in report.find_notebooks(tmp_path)] == ["02-first.ipynb", "10-last.ipynb"]


def test_a_folder_without_numbered_notebooks_is_an_error_naming_it(tmp_path: Path):
    (tmp_path / "scratch.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(report.ReportError, match=f"no notebooks matching .* in {tmp_path}"):
        report.find_notebooks(tmp_path)


def test_corpus_summary_counts_articles_and_spans_their_dates(two_article_jsonl: Path):
    summary = report.summarise_corpus(two_article_jsonl)
    assert summary.articles == 2
    assert summary.date_range == "2022-03-29 – 2022-03-30"


def test_corpus_summary_of_the_undated_seed_has_no_date_range():
    summary = report.summarise_corpus(config.SEEDS_DIR)
    assert (summary.articles, summary.date_range) == (1, None)


def test_index_escapes_every_value_it_shows(tmp_path: Path):
    build = report.ReportBuild(
        out_dir=tmp_path,
        index=tmp_path / "index.html",
        corpus=report.CorpusSummary(source=f"/data/{FOLDER_PAYLOAD}", articles=2, first_published=None,
                                    last_published=None),
        notebooks=[report.NotebookReport(
            name="01-x", title=SCRIPT_PAYLOAD, summary=IMG_PAYLOAD, executed=tmp_path / "notebooks/01-x.ipynb",
            html=tmp_path / "01-x.html", key_figure=None,
        )],
        built_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        no_input=False,
    )
    page = report.render_index(build)
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, FOLDER_PAYLOAD):
        assert payload not in page
        assert str(escape(payload)) in page
    assert "2026-01-02 03:04 UTC" in page


@pytest.mark.parametrize(("jobs", "order"), [(1, "one after the other"), (2, "started together")])
def test_report_runs_each_notebook_on_the_corpus_and_indexes_title_summary_and_key_figure(
        tmp_path: Path, two_article_jsonl: Path, jobs: int, order: str):
    imports = new_code_cell("import pandas as pd\nfrom presslens import plots")
    notebooks = _write(tmp_path / "notebooks", {
        # No key figure in the metadata: the first PNG saved is the key figure, even though its name sorts last.
        "01-counts.ipynb": _notebook(
            new_markdown_cell("# Counting\n\nHow many articles are there?"),
            imports, _save_figure_cell("zz-saved-first"), _save_figure_cell("aa-saved-second"),
            new_code_cell("print(f'{len(pd.read_json(corpus, lines=True))} articles')"),
        ),
        "02-named.ipynb": _notebook(
            new_markdown_cell("# Named figure\n\nThe metadata picks the key figure."),
            imports, _save_figure_cell("not-key"), _save_figure_cell("chosen"),
            key_figure="chosen",
        ),
    })
    progress: list[str] = []
    out = tmp_path / "out"

    build = report.build_reports(two_article_jsonl, out_dir=out, notebooks_dir=notebooks, no_input=True,
                                 echo=progress.append, jobs=jobs)

    figures = out / "figures"
    assert [(entry.title, entry.summary, entry.key_figure) for entry in build.notebooks] == [
        ("Counting", "How many articles are there?", figures / "zz-saved-first.png"),
        ("Named figure", "The metadata picks the key figure.", figures / "chosen.png"),
    ]
    assert (figures / "aa-saved-second.csv").is_file()
    executed = nbformat.read(out / "notebooks" / "01-counts.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0].text == "2 articles\n"
    page = (out / "01-counts.html").read_text(encoding="utf-8")
    assert "2 articles" in page and "print(" not in page  # --no-input: outputs shown, code hidden
    index = build.index.read_text(encoding="utf-8")
    assert index.index("Counting") < index.index("Named figure")
    assert 'src="figures/zz-saved-first.png"' in index and 'src="figures/chosen.png"' in index
    assert "2022-03-29 – 2022-03-30" in index and "hidden (built with --no-input)" in index
    running = ["[1/2] running 01-counts.ipynb", "[2/2] running 02-named.ipynb"]
    wrote = [f"[1/2] wrote {out / '01-counts.html'}", f"[2/2] wrote {out / '02-named.html'}"]
    expected = {"one after the other": [running[0], wrote[0], running[1], wrote[1]],
                "started together": ["running 2 notebooks, 2 at a time", *wrote]}[order]
    assert [line for line in progress if line.startswith(("[", "running"))] == expected


def test_notebooks_start_longest_first_as_the_last_build_into_the_folder_timed_them(tmp_path: Path,
                                                                                     two_article_jsonl: Path):
    notebooks = _write(tmp_path / "notebooks", {
        "01-quick.ipynb": _notebook(new_markdown_cell("# Quick"), new_code_cell("1")),
        "02-slow.ipynb": _notebook(new_markdown_cell("# Slow"), new_code_cell("import time\ntime.sleep(2)")),
    })
    builds = []
    for _ in range(2):
        progress: list[str] = []
        report.build_reports(two_article_jsonl, out_dir=tmp_path / "out", notebooks_dir=notebooks, jobs=2,
                             echo=progress.append)
        builds.append([line.split()[-1].rsplit("/", 1)[-1] for line in progress if " wrote " in line][:2])
    assert builds == [["01-quick.html", "02-slow.html"], ["02-slow.html", "01-quick.html"]]


def test_dedupe_reaches_every_notebook_and_the_index_says_how_copies_were_counted(
        tmp_path: Path, two_article_jsonl: Path):
    notebooks = _write(tmp_path / "notebooks", {"01-copies.ipynb": _notebook(
        new_markdown_cell("# Copies\n\nHow are copies counted?"),
        new_code_cell('print(f"dedupe={dedupe}")'))})
    with_default = nbformat.read(notebooks / "01-copies.ipynb", as_version=4)
    with_default.cells[1].source += '\ndedupe = "none"'  # the parameters cell, as in notebooks 02-04
    nbformat.write(with_default, notebooks / "01-copies.ipynb")

    build = report.build_reports(two_article_jsonl, out_dir=tmp_path / "out", notebooks_dir=notebooks,
                                 dedupe="first")

    executed = nbformat.read(build.notebooks[0].executed, as_version=4)
    assert executed.cells[-1].outputs[0].text == "dedupe=first\n"
    assert "each copy group counted once (dedupe=first)" in build.index.read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="2"):
        cli.main(["report", "--corpus", str(two_article_jsonl), "--dedupe", "some"])


def test_papermill_and_kernel_notices_do_not_reach_the_terminal(tmp_path: Path, two_article_jsonl: Path,
                                                                 capfd: pytest.CaptureFixture):
    notebook = _notebook(new_markdown_cell("# Quiet\n\nNothing but progress lines."), new_code_cell("1 + 1"),
                         new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2]);"))
    notebook.cells[1].source += "\nwindow = None  # None = the whole article (a comment papermill cannot parse)"
    notebooks = _write(tmp_path / "notebooks", {"01-quiet.ipynb": notebook})

    build = report.build_reports(two_article_jsonl, out_dir=tmp_path / "out", notebooks_dir=notebooks)

    terminal = capfd.readouterr()
    assert "<img" in build.notebooks[0].html.read_text(encoding="utf-8")
    assert "Unable to parse" not in terminal.err + terminal.out
    assert "without encryption" not in terminal.err + terminal.out
    assert "Alternative text" not in terminal.err + terminal.out


def test_a_failing_notebook_stops_the_command_naming_notebook_and_cell(
        tmp_path: Path, two_article_jsonl: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    notebooks = _write(tmp_path / "notebooks", {
        "01-broken.ipynb": _notebook(
            new_markdown_cell("# Broken"),
            new_code_cell("import pandas as pd"),
            new_code_cell("pd.DataFrame({'a': [1]})['missing_column']"),
        ),
        "02-never.ipynb": _notebook(new_markdown_cell("# Never runs")),
    })
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    out = tmp_path / "out"

    status = cli.main(["report", "--corpus", str(two_article_jsonl), "--out", str(out)])

    error = capsys.readouterr().err
    # Cell 4 as JupyterLab counts it: heading, parameters, imports, then the failing cell.
    assert status == 1
    assert "notebook 01-broken.ipynb failed in cell 4" in error
    assert "KeyError: 'missing_column'" in error
    assert not (out / "02-never.html").exists() and not (out / "index.html").exists()


def test_report_on_a_missing_corpus_exits_non_zero_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture):
    missing = tmp_path / "no-such-corpus"
    assert cli.main(["report", "--corpus", str(missing), "--out", str(tmp_path / "out")]) == 1
    assert str(missing) in capsys.readouterr().err


@pytest.mark.slow
def test_report_of_every_notebook_on_a_two_article_corpus(tmp_path_factory: pytest.TempPathFactory):
    build = two_article_report(tmp_path_factory)

    notebooks = report.find_notebooks(config.NOTEBOOKS_DIR)
    assert [entry.name for entry in build.notebooks] == [path.stem for path in notebooks]
    for entry in build.notebooks:
        assert entry.title and entry.summary, entry.name
        assert entry.html.is_file() and entry.executed.is_file()
    assert (build.corpus.articles, build.corpus.date_range) == (2, "2022-03-29 – 2022-03-30")
    index = build.index.read_text(encoding="utf-8")
    assert all(str(escape(entry.title)) in index for entry in build.notebooks)
    # Notebooks print no warnings (contract): nothing on stderr on a small corpus either.
    printed = [(entry.name, output.text.strip()[:200]) for entry in build.notebooks
               for cell in nbformat.read(entry.executed, as_version=4).cells if cell.cell_type == "code"
               for output in cell.outputs if output.get("name") == "stderr"]
    assert printed == []
    # No page carries the article's markup as markup (the browser test checks nothing runs).
    for page in [build.index, *(entry.html for entry in build.notebooks)]:
        text = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text and "<img src=x" not in text, page.name


def test_report_command_parses_corpus_out_and_no_input():
    parser = cli.build_parser()
    arguments = parser.parse_args(["report", "--corpus", "x.jsonl", "--out", "out", "--no-input"])
    assert (arguments.corpus, arguments.out, arguments.no_input) == ("x.jsonl", Path("out"), True)


# --- A partly bad corpus, a busy or unusable output folder ----------------------------------------------


def _notes_notebook() -> nbformat.NotebookNode:
    return _notebook(
        new_markdown_cell("# Notes\n\nWhat was left out?"),
        new_code_cell("import presslens as pl\ndata = pl.read_corpus(corpus, errors='report')\n"
                      "print(len(data.articles), 'articles')\nprint(data.notes()['why'].tolist())"),
    )


def test_a_partly_bad_corpus_is_reported_on_and_the_index_lists_what_was_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "articles.jsonl").write_text('{"text": "Talks began."}\n{oops\n{"text": "Talks ended."}\n',
                                           encoding="utf-8")
    (corpus / f"{IMG_PAYLOAD}.txt").write_bytes(b"\x00binary")
    (corpus / "deep.json").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", _write(tmp_path / "notebooks", {"01-notes.ipynb": _notes_notebook()}))
    out = tmp_path / "out"

    status = cli.main(["report", "--corpus", str(corpus), "--out", str(out)])

    printed = capsys.readouterr()
    assert status == 0, printed.err
    assert "2 articles; 3 file(s) or record(s) left out, listed in the index" in printed.err
    index = (out / "index.html").read_text(encoding="utf-8")
    for reason in ("malformed JSON line: Expecting property name enclosed in double quotes (column 2)",
                   "binary file (contains NUL bytes), not text",
                   "JSON nested too deeply to be read (arrays or objects nested too many levels deep)"):
        assert str(escape(reason)) in index
    assert "<td>2</td>" in index  # the line of the bad JSONL record
    assert IMG_PAYLOAD not in index and str(escape(IMG_PAYLOAD)) in index
    executed = nbformat.read(out / "notebooks" / "01-notes.ipynb", as_version=4)
    printed_by_the_notebook = executed.cells[-1].outputs[0].text
    assert "2 articles" in printed_by_the_notebook and "nested too deeply" in printed_by_the_notebook


def test_a_corpus_that_yields_nothing_stops_the_report_naming_it_without_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture):
    deep = tmp_path / "deep.json"
    deep.write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")

    assert cli.main(["report", "--corpus", str(deep), "--out", str(tmp_path / "out")]) == 1

    error = capsys.readouterr().err
    assert "Traceback" not in error and "RecursionError" not in error
    assert f"{deep}: JSON nested too deeply to be read" in error
    assert not (tmp_path / "out").exists()


def test_a_second_build_into_a_busy_folder_is_refused_naming_it(tmp_path: Path, two_article_jsonl: Path,
                                                               capsys: pytest.CaptureFixture):
    from presslens.io.lock import folder_lock

    out = tmp_path / "out"
    out.mkdir()
    with folder_lock(out / report.LOCK_NAME, folder=out, command="presslens report"):  # as a build does
        status = cli.main(["report", "--corpus", str(two_article_jsonl), "--out", str(out)])

    error = capsys.readouterr().err
    assert status == 1 and "Traceback" not in error
    assert f"presslens report: error: output folder {out} is in use by presslens report (pid " in error
    assert sorted(path.name for path in out.iterdir()) == ["assets", "figures", "notebooks"]  # no file written


def test_a_build_that_fails_leaves_no_index_over_pages_of_another_corpus(tmp_path: Path, two_article_jsonl: Path):
    first = _write(tmp_path / "first", {"01-counts.ipynb": _notebook(new_markdown_cell("# Counts"),
                                                                      new_code_cell("print('first corpus')"))})
    failing = _write(tmp_path / "failing", {"01-counts.ipynb": _notebook(new_markdown_cell("# Counts"),
                                                                          new_code_cell("1 / 0"))})
    out = tmp_path / "out"
    report.build_reports(two_article_jsonl, out_dir=out, notebooks_dir=first)
    assert (out / "index.html").is_file() and (out / "01-counts.html").is_file()

    with pytest.raises(report.NotebookFailed):
        report.build_reports(two_article_jsonl, out_dir=out, notebooks_dir=failing)

    assert not (out / "index.html").exists() and not (out / "01-counts.html").exists()
    assert not (out / report.LOCK_NAME).exists()


@pytest.mark.parametrize("problem", ["file", "inside-a-file", "figures-is-a-file"])
def test_an_output_folder_that_cannot_be_used_is_a_clear_error(tmp_path: Path, two_article_jsonl: Path,
                                                               capsys: pytest.CaptureFixture, problem: str):
    (tmp_path / "a-file").write_text("not a folder")
    out = {"file": tmp_path / "a-file", "inside-a-file": tmp_path / "a-file" / "reports",
           "figures-is-a-file": tmp_path / "reports"}[problem]
    if problem == "figures-is-a-file":
        out.mkdir()
        (out / "figures").write_text("not a folder")

    assert cli.main(["report", "--corpus", str(two_article_jsonl), "--out", str(out)]) == 1

    error = capsys.readouterr().err
    assert "presslens report: error: output folder " in error and "Traceback" not in error


def test_a_page_is_the_page_nbconvert_writes_with_alt_texts_and_focusable_areas():
    # the seed's executed stance notebook, as committed: figures, tables, markdown, text and HTML outputs
    executed = nbformat.read(config.NOTEBOOKS_DIR / "03-stance.ipynb", as_version=4)
    assert any("image/png" in output.get("data", {}) for cell in executed.cells for output in cell.get("outputs", []))

    ours = pages.render_page(executed, title="Stance")
    exporter = HTMLExporter(template_file=str(pages.PAGE_TEMPLATE))
    titled = nbformat.from_dict({**executed, "metadata": {**executed.metadata, "title": "Stance"}})
    browses = pages.drop_inline_browser_scripts(titled)
    theirs, _ = exporter.from_notebook_node(titled, resources={"presslens_browse": browses})

    page, reference = bs4.BeautifulSoup(ours, "html.parser"), bs4.BeautifulSoup(theirs, "html.parser")
    assert str(page) == str(reference)
    assert page.select("img") and not page.select("img:not([alt])")
    assert len(page.select("div.jp-OutputArea-output[tabindex='0']")) == len(page.select("div.jp-OutputArea-output"))


def test_kernels_talk_over_sockets_of_their_own_and_leave_nothing_behind():
    async def start_and_stop() -> tuple[str, str, bool]:
        manager = report.PrivateSocketsKernelManager(kernel_name=report.KERNEL_NAME)
        await manager.start_kernel(extra_arguments=report.KERNEL_QUIET)
        seen = (manager.transport, manager.ip, Path(manager.sockets_folder).is_dir())
        await manager.shutdown_kernel(now=True)
        return seen

    transport, ip, existed = asyncio.run(start_and_stop())
    assert transport == "ipc" and existed and ip.startswith(tempfile.gettempdir())
    assert not Path(ip).parent.exists()
