"""The HTML reports as a reader meets them: the index, every page it links to, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_checks import check_page, page_names, serve
from report_builds import seed_report

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
        # One thumbnail per notebook, each a loaded image.
        assert len(index.image_widths) == len(notebooks) and all(width > 0 for width in index.image_widths)
        assert "Articles\n1" in index.text.replace("\t", "\n")
        for name in page_names(index):
            page = check_page(context, f"{base}/{name}", screenshot=screenshots_dir / f"report-{Path(name).stem}.png")
            assert page.problems == [], name
            assert page.text.strip(), name
        for link in index.links:
            if not link.endswith(".html"):
                assert context.request.get(link).ok, link
    context.close()
