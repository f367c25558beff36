"""JupyterLab as a person uses it: open notebook 01, Run → Run All Cells, read what the page shows."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest
from lab_driver import run_notebook_in_lab

from presslens import config

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CLEANING_NOTEBOOK = config.NOTEBOOKS_DIR / "01-cleaning.ipynb"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _broken_copy(notebook: Path, folder: Path) -> Path:
    """A copy of `notebook` reading the seed by absolute path, with a raising cell after its imports."""
    copy = nbformat.read(notebook, as_version=4)
    code_cells = [cell for cell in copy.cells if cell.cell_type == "code"]
    parameters, imports = code_cells[0], code_cells[1]
    assert "parameters" in parameters.metadata.get("tags", [])
    assert 'corpus = "../seeds"' in parameters.source
    parameters.source = parameters.source.replace('"../seeds"', repr(str(config.SEEDS_DIR)))
    copy.cells.insert(copy.cells.index(imports) + 1,
                      nbformat.v4.new_code_cell('raise RuntimeError("deliberately broken cell")'))
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(copy, folder / notebook.name)
    return folder / notebook.name


def test_cleaning_notebook_runs_in_jupyterlab_with_tables_figures_and_no_error(
        browser, tmp_path: Path, screenshots_dir: Path):
    committed = _sha256(CLEANING_NOTEBOOK)
    checkpoints = config.NOTEBOOKS_DIR / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()

    run = run_notebook_in_lab(CLEANING_NOTEBOOK, browser=browser, workdir=tmp_path,
                              screenshot=screenshots_dir / "jupyterlab-01-cleaning.png")

    assert run.errors == []
    assert run.kernel_idle and run.code_cells > 0 and run.executed_cells == run.code_cells
    # The cleaning tables: the audit of removed lines, the sentences and the tokens.
    columns = [set(header) for header in run.table_headers]
    assert any({"rule", "action"} <= header for header in columns), run.table_headers
    assert any({"sentence_id", "quotation"} <= header for header in columns), run.table_headers
    assert any({"token", "lemma", "is_stop"} <= header for header in columns), run.table_headers
    assert run.image_widths and all(width > 0 for width in run.image_widths)
    assert run.server_exit_code == 0
    # Closed without saving: the committed notebook is byte-identical, and no checkpoint was left behind.
    assert _sha256(CLEANING_NOTEBOOK) == committed
    assert checkpoints.exists() == had_checkpoints


def test_a_notebook_with_a_raising_cell_fails_the_jupyterlab_check(browser, tmp_path: Path, screenshots_dir: Path):
    broken = _broken_copy(CLEANING_NOTEBOOK, tmp_path / "notebooks")

    run = run_notebook_in_lab(broken, browser=browser, workdir=tmp_path / "lab",
                              screenshot=screenshots_dir / "jupyterlab-01-cleaning-broken.png")

    assert any("RuntimeError: deliberately broken cell" in error for error in run.errors), run.errors
    # JupyterLab stops at the error: the cells after it never run.
    assert 0 < run.executed_cells < run.code_cells
    assert run.server_exit_code == 0


def test_the_evidence_browser_s_script_runs_in_jupyterlab(browser, tmp_path: Path, screenshots_dir: Path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import presslens as pl\n"
        "from presslens import stance\n"
        "from presslens.report import tables\n"
        f"statements = stance.extract_stances(pl.read_corpus({str(config.SEEDS_DIR)!r}))\n"
        'tables.browse(statements, name="statements", columns=["holder", "stance", "target", "sentence"])')])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "notebooks" / "browse.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(notebook, path)

    run = run_notebook_in_lab(path, browser=browser, workdir=tmp_path / "lab",
                              screenshot=screenshots_dir / "jupyterlab-browse.png")

    assert run.errors == []
    (count,) = run.browse_counts
    assert re.fullmatch(r"(\d+) of \1 rows", count) and int(count.split()[0]) > 5, count
