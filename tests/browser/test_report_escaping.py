"""Article text is data, never markup: a corpus carrying script payloads must show them as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_checks import check_page, page_names, serve
from report_builds import FOLDER_PAYLOAD, IMG_PAYLOAD, SCRIPT_PAYLOAD, two_article_report

from presslens.report import build as report

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="session")
def payload_build(tmp_path_factory: pytest.TempPathFactory) -> report.ReportBuild:
    return two_article_report(tmp_path_factory)


def test_no_script_from_an_article_runs_and_the_payloads_show_as_text(
        browser, payload_build: report.ReportBuild, screenshots_dir: Path):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    with serve(payload_build.out_dir) as base:
        index = check_page(context, f"{base}/index.html", screenshot=screenshots_dir / "escaping-index.png")
        pages = [index] + [
            check_page(context, f"{base}/{name}", screenshot=screenshots_dir / f"escaping-{Path(name).stem}.png")
            for name in page_names(index)
        ]
    context.close()

    assert len(pages) == len(payload_build.notebooks) + 1
    for page in pages:
        assert page.pwned == "undefined", page.url
        # A payload parsed as markup would log a CSP violation or request the missing image "x".
        assert page.problems == [], page.url
    assert FOLDER_PAYLOAD in index.text
    page_text = "\n".join(page.text for page in pages)
    assert SCRIPT_PAYLOAD in page_text
    assert IMG_PAYLOAD in page_text
