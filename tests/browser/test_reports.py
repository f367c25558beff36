"""The HTML reports as a reader meets them: the index, every page it links to, offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from page_checks import check_page, page_names, serve
from report_builds import seed_report, two_article_report

from presslens import config
from presslens.report import build as report

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> report.ReportBuild:
    return seed_report(tmp_path_factory)


def test_report_index_lists_every_notebook_with_a_thumbnail_and_every_link_loads_cleanly(
        browser, seed_build: report.ReportBuild, screenshots_dir: Path):
    notebooks = report.find_notebooks(config.NOTEBOOKS_DIR)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    with serve(seed_build.out_dir) as base:
        index = check_page(context, f"{base}/index.html", screenshot=screenshots_dir / "report-index.png")

        assert index.problems == []
        assert page_names(index) == [f"{notebook.stem}.html" for notebook in notebooks]
        # One thumbnail per notebook that drew a chart on the seed, each a loaded image (06 finds no copies,
        # stories or topics in one article: it says so in lines of text, and the index shows "no figure").
        drew = [entry for entry in seed_build.notebooks if entry.key_figure is not None]
        assert [entry.name for entry in seed_build.notebooks if entry.key_figure is None] == ["06-stories-and-topics"]
        assert len(index.image_widths) == len(drew) and all(width > 0 for width in index.image_widths)
        assert "Articles\n1" in index.text.replace("\t", "\n")
        for name in page_names(index):
            page = check_page(context, f"{base}/{name}", screenshot=screenshots_dir / f"report-{Path(name).stem}.png")
            assert page.problems == [], name
            assert page.text.strip(), name
        for link in index.links:
            if not link.endswith(".html"):
                assert context.request.get(link).ok, link
    context.close()


def _visible_rows(page, table_id: str) -> list[str]:
    return page.evaluate(
        "id => [...document.getElementById(id).tBodies[0].rows].filter(row => !row.hidden).map(row => row.innerText)",
        table_id)


def test_the_statement_table_s_search_box_and_the_matrix_links_filter_rows_offline(
        browser, seed_build: report.ReportBuild, screenshots_dir: Path):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    with serve(seed_build.out_dir) as base:
        stance_page = check_page(context, f"{base}/03-stance.html", screenshot=screenshots_dir / "report-browse.png")
        assert stance_page.problems == []  # the browser script loaded from assets/, nothing from the network
        page = context.new_page()
        page.goto(f"{base}/03-stance.html", wait_until="load")
        every_row = _visible_rows(page, "browse-statements")
        assert len(every_row) >= 5
        assert page.inner_text("#browse-statements >> xpath=../.. >> .presslens-browse-count") == (
            f"{len(every_row)} of {len(every_row)} rows")

        page.fill('input[aria-label="Search every column of browse-statements"]', "ceasefire")
        searched = _visible_rows(page, "browse-statements")
        assert 0 < len(searched) < len(every_row)
        assert all("ceasefire" in row.lower() for row in searched)

        page.fill('input[aria-label="Search every column of browse-statements"]', "")
        link = page.locator("table.presslens-matrix a").first
        href = link.get_attribute("href")
        link.click()
        page.wait_for_function("() => window.location.hash.length > 1")
        cell = _visible_rows(page, "browse-statements")
        assert 0 < len(cell) < len(every_row) and len(cell) == int(link.inner_text()), href
        page.close()

        index = check_page(context, f"{base}/index.html", screenshot=screenshots_dir / "report-index-coded.png")
        assert "Checked by coders on this corpus" in index.text and "coder1, coder2" in index.text
    context.close()


MACHINE_PATH = re.compile(r"(/tmp/|/home/|/root/|/work/|/Users/|[A-Z]:\\)")
WARNING_TEXT = re.compile(r"\b(\w*Warning|Traceback)\b")


@pytest.mark.parametrize("which", ["seed", "two-sources-two-dates"])
def test_no_page_shows_a_warning_a_traceback_or_a_machine_path_and_every_figure_has_its_data(
        browser, tmp_path_factory: pytest.TempPathFactory, screenshots_dir: Path, which: str):
    build = seed_report(tmp_path_factory) if which == "seed" else two_article_report(tmp_path_factory)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    with serve(build.out_dir) as base:
        index = check_page(context, f"{base}/index.html", screenshot=screenshots_dir / f"truth-{which}-index.png")
        pages = [index] + [check_page(context, f"{base}/{name}",
                                      screenshot=screenshots_dir / f"truth-{which}-{Path(name).stem}.png")
                           for name in page_names(index)]
    context.close()

    for page in pages:
        assert not WARNING_TEXT.search(page.text), (page.url, WARNING_TEXT.search(page.text).group())
        assert not MACHINE_PATH.search(page.text), (page.url, page.text[max(0, MACHINE_PATH.search(
            page.text).start() - 80):MACHINE_PATH.search(page.text).start() + 80])
    figures = build.out_dir / "figures"
    charts = sorted(figures.glob("*.png"))
    assert charts and all(chart.with_suffix(".csv").is_file() for chart in charts)
