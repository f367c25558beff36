"""Drive JupyterLab the way a person does: start it, open a notebook, Run → Run All Cells, read the page.

`run_notebook_in_lab` is the reusable check: it returns what the page showed (errors, tables, figures)
and leaves judging to the test, so the same function can show a good notebook passing and a broken one
failing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SERVER_START_SECONDS = 120
RUN_ALL_SECONDS = 600
SHUTDOWN_SECONDS = 30

# Every code cell has settled: none queued or running, the kernel idle, and either every cell has run or
# one shows an error (JupyterLab then leaves the cells after it unrun).
_RUN_FINISHED = """() => {
    const status = [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')].map(e => e.textContent);
    if (!status.some(text => /^(?!No Kernel).+ \\| Idle$/.test(text))) return false;
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim());
    if (prompts.length === 0 || prompts.some(p => p.includes('*'))) return false;
    const failed = document.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
    return failed !== null || prompts.every(p => /\\[\\d+\\]/.test(p));
}"""

_KERNEL_IDLE = re.compile(r"^(?!No Kernel).+ \| Idle$")

_TABLE_HEADERS = """() => [...document.querySelectorAll('.jp-OutputArea-output table')].map(
    table => [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()).filter(Boolean))"""

_ERROR_TEXTS = """() => [...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')].map(output => output.textContent.trim())"""

_PROMPTS = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim())"""

_BROWSE_COUNTS = """() => [...document.querySelectorAll('.presslens-browse-count')].map(count => count.textContent)"""

_IMAGE_WIDTHS = """() => [...document.querySelectorAll('.jp-OutputArea-output img')].map(img => img.naturalWidth)"""


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab: its base URL and token."""

    url: str
    token: str

    def api(self, path: str, *, method: str = "GET") -> dict:
        """Call the server's REST API with the token; return the decoded JSON answer."""
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if body else {}


@dataclass
class LabRun:
    """What JupyterLab showed after Run All Cells.

    Attributes:
        errors: text of every error (or stderr) output shown under a cell; empty when all went well.
        code_cells: number of code cells in the notebook.
        executed_cells: code cells that show an execution count.
        table_headers: the column headers of each rendered table, in page order.
        image_widths: natural width in pixels of each rendered output image (0 = broken image).
        browse_counts: the row counts ("12 of 12 rows") of the evidence browsers whose script ran.
        kernel_idle: whether the kernel was idle when the run finished.
        server_exit_code: JupyterLab's exit status after the clean shutdown through its API.
        screenshot: the screenshot saved of the notebook after the run.
    """

    errors: list[str] = field(default_factory=list)
    code_cells: int = 0
    executed_cells: int = 0
    table_headers: list[list[str]] = field(default_factory=list)
    image_widths: list[int] = field(default_factory=list)
    browse_counts: list[str] = field(default_factory=list)
    kernel_idle: bool = False
    server_exit_code: int | None = None
    screenshot: Path | None = None


def run_notebook_in_lab(notebook: Path, *, browser: Browser, workdir: Path, screenshot: Path) -> LabRun:
    """Open `notebook` in a fresh JupyterLab, run all its cells through the Run menu, and report the page.

    JupyterLab is served from `notebook`'s folder (so the kernel's cwd is that folder, as for a person
    running `make lab`) with its settings, runtime and workspace files under `workdir`; autosave is off and
    the notebook is closed unsaved, so the file on disk is never modified.

    Args:
        notebook: the .ipynb to run.
        browser: a Playwright browser.
        workdir: an empty scratch folder for JupyterLab's own files.
        screenshot: where to save a screenshot of the notebook after the run.

    Returns:
        What the page showed; see `LabRun`.
    """
    result = LabRun(screenshot=screenshot)
    with jupyter_lab(notebook.parent, workdir=workdir) as (server, process):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            page.goto(f"{server.url}/lab/tree/{notebook.name}?token={server.token}", timeout=SERVER_START_SECONDS * 1000)
            # The status bar reads "<kernel name> | Idle" once the kernel is connected ("No Kernel" before).
            page.locator("#jp-main-statusbar .jp-StatusBar-TextItem", has_text=_KERNEL_IDLE).wait_for(
                timeout=SERVER_START_SECONDS * 1000)
            _click_menu(page, "Run", "Run All Cells")
            page.wait_for_function(_RUN_FINISHED, timeout=RUN_ALL_SECONDS * 1000, polling=500)
            _read_page(page, result)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=screenshot)
        finally:
            context.close()
        server.api("/api/shutdown", method="POST")
        result.server_exit_code = process.wait(timeout=SHUTDOWN_SECONDS)
    return result


@contextlib.contextmanager
def jupyter_lab(root_dir: Path, *, workdir: Path) -> Iterator[tuple[LabServer, subprocess.Popen]]:
    """Start `jupyter lab` from this Python environment on a free loopback port with a random token.

    Everything JupyterLab writes for itself (config, runtime, data, settings, workspaces, checkpoints)
    goes under `workdir`, and so do the figures a notebook saves (PRESSLENS_REPORTS_DIR). The server is
    killed on the way out if the caller did not shut it down.
    """
    token = secrets.token_hex(16)
    port = _free_port()
    settings = workdir / "settings"
    _write_json(settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings", {"autosave": False})
    _write_json(settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
                {"fetchNews": "false"})
    environment = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(workdir / "config"),
        "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
        "JUPYTER_DATA_DIR": str(workdir / "data"),
        "IPYTHONDIR": str(workdir / "ipython"),
        "PRESSLENS_REPORTS_DIR": str(workdir / "reports"),
    }
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", "--ServerApp.allow_root=True", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
        f"--FileCheckpoints.root_dir={workdir / 'checkpoints'}", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log = (workdir / "jupyter-lab.log").open("wb")
    process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token)
    try:
        _wait_until_ready(server, process, log_path=workdir / "jupyter-lab.log")
        yield server, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


def _click_menu(page: Page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-itemLabel").get_by_text(item, exact=True).click()


def _read_page(page: Page, result: LabRun) -> None:
    # textContent, not innerText: JupyterLab skips rendering off-screen cells (content-visibility), and
    # their innerText is empty.
    page.wait_for_function("() => [...document.querySelectorAll('.jp-OutputArea-output img')].every(i => i.complete)")
    result.errors = page.evaluate(_ERROR_TEXTS)
    prompts = page.evaluate(_PROMPTS)
    result.code_cells = len(prompts)
    result.executed_cells = sum(1 for prompt in prompts if prompt.strip("[]: ").isdigit())
    result.table_headers = page.evaluate(_TABLE_HEADERS)
    result.image_widths = page.evaluate(_IMAGE_WIDTHS)
    result.browse_counts = page.evaluate(_BROWSE_COUNTS)
    result.kernel_idle = page.locator("#jp-main-statusbar .jp-StatusBar-TextItem", has_text=_KERNEL_IDLE).count() > 0


def _wait_until_ready(server: LabServer, process: subprocess.Popen, *, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with status {process.returncode}:\n{log_path.read_text()}")
        with contextlib.suppress(urllib.error.URLError, ConnectionError):
            server.api("/api/status")
            return
        time.sleep(0.5)
    raise RuntimeError(f"jupyter lab did not answer within {SERVER_START_SECONDS} s:\n{log_path.read_text()}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _write_json(path: Path, value: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), encoding="utf-8")
