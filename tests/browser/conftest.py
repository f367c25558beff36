"""Browser fixtures: Debian's Chromium driven by Playwright, and where screenshots go.

Playwright's own browser download cannot work here, so the tests use /usr/bin/chromium
(`apt-get install chromium`; `.ci/run` installs it). Without it the tests skip locally, and fail in CI
(where the environment sets CI=true), so a CI run can never pass without having run them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from presslens import config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason}; browser tests must run in CI (CI is set), not skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium (Debian's) under Playwright, shared by the tests of one module.

    Module scope, not session: Playwright's sync API keeps an asyncio loop running in the main thread while it is
    open, and any later test that calls asyncio.run (tests/report starts kernels that way) would fail. "package"
    scope would not help, as tests/ has no __init__.py and pytest then treats the whole of it as one package.
    """
    if not CHROMIUM.exists():
        _unavailable(f"needs Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("needs the playwright package: pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """reports/screenshots/ (ignored by git): one screenshot per page a browser test checked."""
    folder = config.reports_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
