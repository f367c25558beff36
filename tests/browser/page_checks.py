"""Open a static page the way a reader does and record everything that went wrong on it."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route

LOOPBACK = "127.0.0.1"


@dataclass
class PageCheck:
    """What a page did while it loaded.

    Attributes:
        url: the page.
        console_errors: console messages of type "error" and uncaught page errors.
        failed_requests: requests that failed, and responses with an HTTP error status.
        external_requests: requests to anything but the loopback server (blocked: reports must work offline).
        image_widths: `naturalWidth` of every <img> once loaded (0 = broken image).
        links: the `href` of every link, resolved to absolute URLs.
        text: the page's visible text.
        pwned: `typeof window.__pwned` after loading ("undefined" unless some injected script ran).
    """

    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    image_widths: list[int] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    text: str = ""
    pwned: str = "undefined"

    @property
    def problems(self) -> list[str]:
        """Everything a reader would notice as broken, one line each; empty for a clean page."""
        return [
            *(f"console: {message}" for message in self.console_errors),
            *(f"failed: {request}" for request in self.failed_requests),
            *(f"external request: {request}" for request in self.external_requests),
            *(f"broken image #{number}" for number, width in enumerate(self.image_widths) if width == 0),
        ]


def check_page(context: BrowserContext, url: str, *, screenshot: Path) -> PageCheck:
    """Load `url` in a new tab of `context`, let it settle, record a `PageCheck` and save a screenshot.

    Requests that leave the loopback interface are aborted and recorded, so a page that needs the network
    shows up here instead of silently loading from a CDN.
    """
    check = PageCheck(url=url)
    page = context.new_page()
    page.on("console", lambda message: check.console_errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: check.console_errors.append(f"uncaught {error}"))
    page.on("requestfailed", lambda request: check.failed_requests.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: check.failed_requests.append(f"{response.url} (HTTP {response.status})")
            if response.status >= 400 else None)
    page.route("**/*", functools.partial(_offline_only, check=check))
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => [...document.images].every(image => image.complete)")
        check.image_widths = page.evaluate("() => [...document.images].map(image => image.naturalWidth)")
        check.links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(link => link.href)")
        check.text = page.inner_text("body")
        check.pwned = page.evaluate("() => typeof window.__pwned")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=screenshot, full_page=True)
    finally:
        page.close()
    return check


def page_names(check: PageCheck) -> list[str]:
    """The file names of the local pages `check` links to, in link order, without repeats or fragments."""
    names = [Path(urlparse(link).path).name for link in check.links if urlparse(link).hostname == LOOPBACK]
    return list(dict.fromkeys(name for name in names if name.endswith(".html")))


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on a free loopback port; yield the base URL (no trailing slash)."""
    server = ThreadingHTTPServer((LOOPBACK, 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _offline_only(route: Route, *, check: PageCheck) -> None:
    url = route.request.url
    if urlparse(url).hostname == LOOPBACK or url.startswith("data:"):
        route.continue_()
    else:
        check.external_requests.append(url)
        route.abort()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Keep the test output free of one access-log line per request."""
