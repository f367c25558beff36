"""The polite client against hostile servers on 127.0.0.1: servers that drip bytes, pages that declare codecs that
are not text encodings, feeds of the wrong shape. A bad page or feed costs one manifest row, never the crawl.

Every server here is started by the test (port 0, its own thread) and every request goes through a session that
refuses any host but 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from presslens.io import http
from presslens.io.fetch import fetch_articles

from loopback import LoopbackOnlySession, QuietServer

TIMEOUT = 1.0  # the deadline of every request in these tests; drips come every 0.2 s, well inside it
DRIP_GAP = 0.2
DRIP_FOR = 15.0  # a dripping server gives up after this long (the client must have left long before)
SLACK = 1.5  # time allowed past the deadline (thread scheduling on a busy two-core machine)


def article_page(topic: str, *, charset_meta: str | None = None) -> bytes:
    """A small news page about `topic` that trafilatura extracts (distinct text for each topic)."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    paragraphs = "".join(
        f"<p>The {topic} committee met on {day} to discuss the {topic} budget for the coming year, and members "
        f"argued for two hours about the cost of the {topic} plan before a vote was called.</p>"
        for day in ("Monday", "Wednesday", "Friday"))
    return (f"<!DOCTYPE html><html><head>{meta}<title>News about the {topic}</title></head><body><article>"
            f"<h1>News about the {topic}</h1>{paragraphs}</article></body></html>").encode("ascii")


class HostileHandler(BaseHTTPRequestHandler):
    """Routes: /page/<topic>, /charset/<topic>?header=..&meta=.., /drip-body, /drip-headers, /drip-declared,
    /feed.json?shape=.., /many.xml; robots.txt drips when `server.drip_robots` is set."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        base = f"http://127.0.0.1:{self.server.server_port}"
        if parts.path == "/robots.txt":
            if self.server.drip_robots:
                self.drip_body("text/plain", b"User-agent: *\n# " + b"x" * 10_000)
            else:
                self.reply(b"User-agent: *\nAllow: /\n", "text/plain")
        elif parts.path.startswith("/page/"):
            self.reply(article_page(parts.path.rsplit("/", 1)[1]), "text/html; charset=utf-8")
        elif parts.path.startswith("/charset/"):
            header = f"text/html; charset={query['header']}" if "header" in query else "text/html"
            self.reply(article_page(parts.path.rsplit("/", 1)[1], charset_meta=query.get("meta")), header)
        elif parts.path == "/drip-body":  # headers at once, then a byte every DRIP_GAP seconds, no length
            self.drip_body("text/html", b"<html><body><p>" + b"drip " * 10_000)
        elif parts.path == "/drip-declared":
            self.drip_body("text/html", b"<html><body><p>" + b"drip " * 10_000, length=50_005)
        elif parts.path == "/drip-headers":  # the status line, then header bytes one at a time
            self.drip(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"z" * 10_000)
        elif parts.path == "/feed.json":
            self.reply(json.dumps(FEED_SHAPES[query["shape"]](base)).encode(), "application/feed+json")
        elif parts.path == "/many.xml":
            items = "".join(f"<item><link>{base}/page/item{n}</link></item>" for n in range(50))
            self.reply(f"<rss><channel>{items}</channel></rss>".encode(), "application/rss+xml")
        else:
            self.reply(b"not here", "text/html", code=404)

    def reply(self, body: bytes, content_type: str, *, code: int = 200) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def drip_body(self, content_type: str, body: bytes, *, length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length is None:
            self.send_header("Connection", "close")
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        self.drip(body)

    def drip(self, data: bytes) -> None:
        self.close_connection = True
        until = time.monotonic() + DRIP_FOR
        for byte in data:
            if time.monotonic() > until:
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client left: what the test expects
                return
            time.sleep(DRIP_GAP)


FEED_SHAPES = {
    "items-object": lambda base: {"version": "https://jsonfeed.org/version/1.1", "items": {"url": f"{base}/page/a"}},
    "items-string": lambda base: {"items": f"{base}/page/a"},
    "item-list": lambda base: {"items": [[f"{base}/page/a"]]},
    "url-number": lambda base: {"items": [{"url": 42}]},
    "top-list": lambda base: [{"url": f"{base}/page/a"}],
    "good": lambda base: {"items": [{"url": f"{base}/page/fine"}, {"url": "http://[::1"}, {"id": "no url"}]},
}


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def start_server(*, drip_robots: bool = False) -> QuietServer:
    httpd = QuietServer(("127.0.0.1", 0), HostileHandler)
    httpd.drip_robots = drip_robots
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return httpd


@pytest.fixture
def base() -> Iterator[str]:
    httpd = start_server()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def dripping_robots_base() -> Iterator[str]:
    """Another server, on another port, whose robots.txt drips."""
    httpd = start_server(drip_robots=True)
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def run_fetch(urls: list[str], out: Path, **options: object) -> pd.DataFrame:
    settings = {"delay": 0, "backoff": 0, "timeout": TIMEOUT, "session": LoopbackOnlySession()}
    return fetch_articles(urls, out=out, **(settings | options))


# --- A deadline per request, not per read ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/drip-body", "/drip-declared", "/drip-headers"])
def test_a_server_that_drips_is_cut_off_at_the_deadline_and_the_crawl_goes_on(base: str, tmp_path: Path, path: str):
    started = time.monotonic()
    manifest = run_fetch([f"{base}{path}", f"{base}/page/harbour"], tmp_path)
    elapsed = time.monotonic() - started

    assert manifest["status"].tolist() == ["timeout", "saved"]
    assert f"within {TIMEOUT} s" in manifest["error"].iloc[0]
    assert elapsed < 2 * TIMEOUT + SLACK  # each request ends at its deadline (robots.txt, one page each)


def test_a_dripping_robots_txt_ends_at_the_deadline_and_only_its_host_is_skipped(
        base: str, dripping_robots_base: str, tmp_path: Path):
    started = time.monotonic()
    manifest = run_fetch([f"{dripping_robots_base}/page/ferry", f"{base}/page/ferry"], tmp_path)
    elapsed = time.monotonic() - started

    # robots.txt answered 200 but never ended: as for any unreadable robots.txt, its site is not crawled
    assert manifest["status"].tolist() == ["skipped-by-robots", "saved"]
    assert manifest["error"].iloc[0] == (
        f"robots.txt of {dripping_robots_base} could not be read (the page was not read in full within {TIMEOUT} s), "
        "so the page was not requested")
    assert elapsed < 2 * TIMEOUT + SLACK


def test_the_deadline_also_bounds_a_feed(dripping_robots_base: str, tmp_path: Path):
    started = time.monotonic()
    manifest = run_fetch([], tmp_path, feed=f"{dripping_robots_base}/many.xml")

    assert manifest[["url", "status"]].values.tolist() == [[f"{dripping_robots_base}/many.xml", "skipped-by-robots"]]
    assert time.monotonic() - started < TIMEOUT + SLACK


# --- Declared charsets: text encodings of the web only ------------------------------------------------


NOT_WEB_ENCODINGS = ["base64", "rot13", "zlib", "hex", "uu", "bz2", "quopri", "idna", "punycode", "utf-7",
                     "unicode_escape", "cp037", "utf-32", "no-such-codec", "utf\x00-8", "x" * 200]


@pytest.mark.parametrize("label", NOT_WEB_ENCODINGS)
def test_a_declared_charset_that_is_not_a_web_text_encoding_is_ignored_and_noted(label: str):
    body = "Café “news”".encode()

    for where in ("header", "meta") if label.isprintable() else ("header",):
        page = f'<meta charset="{label}">'.encode("ascii") + body if where == "meta" else body
        text, note = http.decode_html(page, charset=label if where == "header" else None)

        assert text.endswith("Café “news”")
        assert note.startswith(f"utf-8 (valid; {where} charset ")
        assert note.endswith("ignored: not a text encoding of the web)")


def test_web_encodings_are_still_read_whatever_their_label():
    assert http.decode_html("Мир".encode("koi8-r"), charset="KOI8-R") == ("Мир", "koi8-r (header)")
    assert http.decode_html("Grüße".encode("cp1250"), charset="windows-1250") == ("Grüße", "cp1250 (header)")
    assert http.decode_html("ข่าว".encode("cp874"), charset="windows-874") == ("ข่าว", "cp874 (header)")
    assert http.decode_html(b'<meta charset="utf-16le">Caf\xe9', charset=None) == (
        '<meta charset="utf-16le">Café', "cp1252 (fallback; meta charset 'utf-16le' ignored: not a text encoding "
        "of the web)")
    assert http.decode_html("Café".encode("cp1252"), charset="rot13")[1] == (
        "cp1252 (fallback; header charset 'rot13' ignored: not a text encoding of the web)")


def test_pages_declaring_codecs_are_saved_and_later_links_still_fetched(base: str, tmp_path: Path):
    urls = [f"{base}/charset/first?header=base64", f"{base}/charset/second?meta=rot13",
            f"{base}/charset/third?header=zlib&meta=hex", f"{base}/charset/fourth?meta=punycode",
            f"{base}/page/last"]

    manifest = run_fetch(urls, tmp_path)

    assert manifest["status"].tolist() == ["saved"] * 5
    assert manifest["encoding"].tolist()[:4] == [
        "utf-8 (valid; header charset 'base64' ignored: not a text encoding of the web)",
        "utf-8 (valid; meta charset 'rot13' ignored: not a text encoding of the web)",
        "utf-8 (valid; header charset 'zlib' ignored: not a text encoding of the web; meta charset 'hex' ignored: "
        "not a text encoding of the web)",
        "utf-8 (valid; meta charset 'punycode' ignored: not a text encoding of the web)"]


# --- Feeds: checked shapes, one row per bad feed, and --max ----------------------------------------------


@pytest.mark.parametrize(("shape", "problem"), [
    ("items-object", "'items' is a dict, not a list"),
    ("items-string", "'items' is a str, not a list"),
    ("item-list", "item 1 is a list, not an object"),
    ("url-number", "the url of item 1 is a int, not a string"),
])
def test_a_json_feed_of_the_wrong_shape_is_an_invalid_feed_row_and_the_crawl_goes_on(
        base: str, tmp_path: Path, shape: str, problem: str):
    manifest = run_fetch([f"{base}/page/direct"], tmp_path, feed=[f"{base}/feed.json?shape={shape}",
                                                                 f"{base}/feed.json?shape=good"])

    assert manifest[["url", "status"]].values.tolist() == [
        [f"{base}/feed.json?shape={shape}", "invalid-feed"], [f"{base}/page/direct", "saved"],
        [f"{base}/page/fine", "saved"], ["http://[::1", "invalid-url"], ["", "invalid-url"]]
    assert manifest["error"].iloc[0] == f"feed {base}/feed.json?shape={shape} is not valid JSON Feed: {problem}"


def test_a_json_document_that_is_not_an_object_is_not_a_feed(base: str, tmp_path: Path):
    manifest = run_fetch([], tmp_path, feed=f"{base}/feed.json?shape=top-list")

    assert manifest["status"].tolist() == ["invalid-feed"]  # a list is read as XML: not well-formed
    assert "is not an RSS or Atom feed" in manifest["error"].iloc[0]


def test_max_takes_the_first_items_of_each_feed_and_says_how_many_were_left_out(
        base: str, tmp_path: Path, caplog: pytest.LogCaptureFixture):
    with caplog.at_level("WARNING", logger="presslens.io"):
        manifest = run_fetch([], tmp_path, feed=f"{base}/many.xml", max_items=3)

    assert manifest["url"].tolist() == [f"{base}/page/item{n}" for n in range(3)]
    assert f"feed {base}/many.xml lists 50 items; fetching the first 3 (max_items), leaving out 47" in caplog.text
