"""The report page checks fail when their subject breaks: a page that needs the network, and article
markup reaching an HTML output, are both caught (and the report template passes the same checks)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from page_checks import check_page, serve
from report_builds import IMG_PAYLOAD, SCRIPT_PAYLOAD

from presslens.report import pages

pytestmark = pytest.mark.browser


def _executed_notebook(html_output: str) -> nbformat.NotebookNode:
    cell = new_code_cell("show(article)", execution_count=1)
    cell.outputs = [new_output("display_data", data={"text/html": html_output, "text/plain": "article"})]
    return new_notebook(cells=[new_markdown_cell("# A page\n\nOne output."), cell])


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def test_the_report_template_passes_where_nbconverts_stock_template_needs_the_network(
        context, tmp_path: Path, screenshots_dir: Path):
    notebook = _executed_notebook("<p>A plain table would go here.</p>")
    (tmp_path / "report.html").write_text(pages.render_page(notebook, title="A page"), encoding="utf-8")
    (tmp_path / "stock.html").write_text(HTMLExporter().from_notebook_node(notebook)[0], encoding="utf-8")

    with serve(tmp_path) as base:
        ours = check_page(context, f"{base}/report.html", screenshot=screenshots_dir / "check-report-template.png")
        stock = check_page(context, f"{base}/stock.html", screenshot=screenshots_dir / "check-stock-template.png")

    assert ours.problems == []
    # The stock lab template loads require.js and MathJax from cdnjs: blocked, so reported.
    assert any("require" in request for request in stock.external_requests), stock.problems


def test_article_markup_in_an_html_output_fails_the_escaping_checks(context, tmp_path: Path, screenshots_dir: Path):
    notebook = _executed_notebook(f"<p>{SCRIPT_PAYLOAD}{IMG_PAYLOAD}</p>")
    (tmp_path / "unsafe.html").write_text(pages.render_page(notebook, title="A page"), encoding="utf-8")

    with serve(tmp_path) as base:
        unsafe = check_page(context, f"{base}/unsafe.html", screenshot=screenshots_dir / "check-unsafe-output.png")

    # The page's Content-Security-Policy still stops the script, but the checks see the markup:
    # the blocked script, the request for the image "x", and no literal text.
    assert unsafe.pwned == "undefined"
    assert any("Content Security Policy" in message for message in unsafe.console_errors), unsafe.problems
    assert any(request.endswith("/x (HTTP 404)") for request in unsafe.failed_requests), unsafe.problems
    assert SCRIPT_PAYLOAD not in unsafe.text
