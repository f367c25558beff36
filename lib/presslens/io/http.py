"""A polite HTTP client: robots.txt, a delay per host, timeouts, bounded retries, size and redirect limits.

`PoliteClient.fetch` is how `presslens.io.fetch.fetch_articles` downloads every page and feed; `decode_html`
reads a page's bytes the way browsers do. What went wrong with a link is a `LinkFailed` with its manifest status.

Every request has a wall-clock deadline (`Etiquette.timeout`) from the moment it is sent to the last byte of
the body: a server that drips a byte now and then, in the headers or in the body, keeps each read alive but not
the request. At the deadline the connection's socket is shut down (`DeadlineAdapter`), which ends whatever read is
waiting on it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import logging
import math
import re
import socket
import threading
import urllib.robotparser
from dataclasses import dataclass, field
from importlib.metadata import version
from time import monotonic, sleep
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

LOGGER = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/presslens/presslens"  # placeholder until the project has a public home
USER_AGENT = f"presslens/{version('presslens')} (+{PROJECT_URL})"
ROBOTS_PRODUCT_TOKEN = "presslens"
HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
RETRY_CODES = frozenset({429, 500, 502, 503, 504})
CHUNK_SIZE = 64 * 1024
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: The encodings of the WHATWG Encoding Standard, the ones browsers read, by the name Python gives them
#: (`codecs.lookup(label).name`). A declared charset is used only when it is one of these: Python also looks up
#: codecs that are not text encodings at all (base64, rot13, zlib, hex, uu, bz2, quopri) or that turn arbitrary
#: bytes into errors or take time growing with the square of the page (idna, punycode, unicode-escape), and text
#: encodings no browser reads for a page (utf-7, utf-32, EBCDIC).
WEB_ENCODINGS = frozenset({
    "utf-8", "utf-16-le", "utf-16-be", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6",
    "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "koi8-r",
    "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255",
    "cp1256", "cp1257", "cp1258", "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "euc_jp", "iso2022_jp",
    "shift_jis", "cp932", "euc_kr", "cp949",
})
#: WHATWG labels that Python does not know by that name.
_WEB_LABELS = {"windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic", "windows-31j": "cp932",
               "x-sjis": "shift_jis", "x-gbk": "gbk"}
#: Labels of ISO-8859-1 and ASCII, which browsers read as windows-1252.
_READ_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252",
                             "cp1252"})
#: The largest value accepted for a time option: more than a day is taken for a mistake.
MAX_SECONDS = 86_400.0


class LinkFailed(Exception):
    """A link ended without an article; `status` is its manifest status."""

    def __init__(self, status: str, error: str, *, http_status: int | None = None, final_url: str | None = None):
        super().__init__(error)
        self.status = status
        self.error = error
        self.http_status = http_status
        self.final_url = final_url


@dataclass(frozen=True)
class Etiquette:
    """How politely and defensively `fetch_articles` talks to servers (see its docstring)."""

    delay: float = 1.0
    timeout: float = 20.0
    max_retries: int = 3
    backoff: float = 1.0
    max_wait: float = 60.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        for name in ("delay", "backoff", "max_wait", "timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{name} must be a number of seconds, not {value!r}")
            if not math.isfinite(value) or value < 0 or value > MAX_SECONDS:
                raise ValueError(f"{name} must be between 0 and {MAX_SECONDS:,.0f} seconds, not {value}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be more than zero, not {self.timeout}")
        for name in ("max_retries", "max_redirects", "max_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be a whole number, not {value!r}")
            if value < 0 or (name == "max_bytes" and value == 0):
                raise ValueError(f"{name} must be {'more than zero' if name == 'max_bytes' else 'zero or more'}, "
                                 f"not {value}")
        if not self.user_agent.strip():
            raise ValueError("user_agent must not be empty: servers should know who is asking")


class _Deadline:
    """The wall-clock limit of one request: when it passes, the sockets of the request are shut down.

    Shutting a socket down (not closing it) wakes a read blocked on it in another thread, so a request that is
    still receiving headers or body at the deadline fails at once, whatever its per-read timeout.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, connection_socket: socket.socket | None) -> None:
        """Shut `connection_socket` down at the deadline (at once when it has passed)."""
        if connection_socket is None:
            return
        with self._lock:
            self._sockets.append(connection_socket)
            if self.expired:
                _shut_down(connection_socket)

    def end(self) -> bool:
        """Stop the clock; whether the deadline had passed."""
        self._timer.cancel()
        with self._lock:
            self._sockets.clear()
            return self.expired

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for connection_socket in self._sockets:
                _shut_down(connection_socket)


def _shut_down(connection_socket: socket.socket) -> None:
    try:
        connection_socket.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed
        pass


_ACTIVE = threading.local()  # the `_Deadline` of the request this thread is sending, if any


class _WatchedHTTPConnection(urllib3.connection.HTTPConnection):
    def getresponse(self, *args: object, **kwargs: object) -> urllib3.response.HTTPResponse:
        deadline = getattr(_ACTIVE, "deadline", None)
        if deadline is not None:
            deadline.watch(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPSConnection(urllib3.connection.HTTPSConnection):
    getresponse = _WatchedHTTPConnection.getresponse


class _WatchedHTTPConnectionPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSConnectionPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS = {"http": _WatchedHTTPConnectionPool, "https": _WatchedHTTPSConnectionPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections let the `_Deadline` of the current request shut their socket down.

    (Through a SOCKS proxy, whose connections are urllib3's own, only the per-read timeout applies.)
    """

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: object) -> urllib3.PoolManager:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager


@dataclass
class Download:
    """A page read in full: where it ended up, its status, its bytes and their declared charset."""

    final_url: str
    http_status: int
    body: bytes
    charset: str | None


@dataclass
class PoliteClient:
    """Sends GET requests with the etiquette: robots.txt, per-host delay, retries, size and redirect limits."""

    etiquette: Etiquette
    session: requests.Session | None = None
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, tuple[urllib.robotparser.RobotFileParser, LinkFailed | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.session is None:
            self.session = requests.Session()
        self.session.headers["User-Agent"] = self.etiquette.user_agent
        adapter = DeadlineAdapter()
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._deadline: _Deadline | None = None

    def fetch(self, url: str, *, html_only: bool = True) -> Download:
        """Download `url` (already normalised), following redirects one hop at a time.

        Raises:
            LinkFailed: with the manifest status when the page is not an HTML page read in full.
        """
        seen = [url]
        current = url
        while True:
            self._check_robots(current, seen)
            response = self._get_with_retries(current)
            if response.status_code not in REDIRECT_CODES:
                return self._read(response, current, html_only=html_only)
            location = response.headers.get("Location")
            self._close(response)
            if not location:
                raise LinkFailed("http-error", "redirect without a Location header",
                                 http_status=response.status_code, final_url=current)
            try:
                target = normalise_url(urljoin(current, location))
            except LinkFailed as failure:
                raise LinkFailed("invalid-url", f"redirected to {location!r}: {failure.error}",
                                 http_status=response.status_code, final_url=current) from None
            if target in seen:
                chain = " -> ".join([*seen, target])
                raise LinkFailed("too-many-redirects", f"redirect loop: {chain}",
                                 http_status=response.status_code, final_url=target)
            if len(seen) > self.etiquette.max_redirects:
                raise LinkFailed("too-many-redirects", f"more than {self.etiquette.max_redirects} redirects",
                                 http_status=response.status_code, final_url=target)
            seen.append(target)
            current = target

    def _check_robots(self, url: str, chain: list[str]) -> None:
        """Raise unless robots.txt lets presslens fetch `url` (reached through the redirects in `chain`)."""
        final_url = url if len(chain) > 1 else None
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        parser, failure = self._robots_for(origin)
        if parser.can_fetch(ROBOTS_PRODUCT_TOKEN, url):
            return
        if failure is None:
            reason = f"robots.txt disallows {urlsplit(url).path} for {ROBOTS_PRODUCT_TOKEN}"
            raise LinkFailed("skipped-by-robots", reason, final_url=final_url)
        reason = f"robots.txt of {origin} could not be read ({failure.error}), so the page was not requested"
        if failure.http_status is None and failure.status in {"timeout", "http-error"}:  # the host is unreachable
            raise LinkFailed(failure.status, reason, final_url=final_url)
        raise LinkFailed("skipped-by-robots", reason, http_status=None, final_url=final_url)

    def _robots_for(self, origin: str) -> tuple[urllib.robotparser.RobotFileParser, LinkFailed | None]:
        """The robots.txt rules of `origin`, read once per run, and why they could not be read (RFC 9309).

        A 4xx answer means there are no rules; a 5xx answer, a timeout or no answer means the whole
        site must be treated as disallowed.
        """
        if origin not in self._robots:
            parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
            failure = None
            try:
                download = self._fetch_without_robots(f"{origin}/robots.txt")
                parser.parse(download.body.decode("utf-8", errors="replace").splitlines())
            except LinkFailed as problem:
                if problem.http_status is not None and 400 <= problem.http_status < 500:
                    parser.allow_all = True
                else:
                    parser.disallow_all = True
                    failure = problem
            self._robots[origin] = (parser, failure)
        return self._robots[origin]

    def _fetch_without_robots(self, url: str) -> Download:
        """Download robots.txt itself, following at most `max_redirects` redirects."""
        current = url
        for _ in range(self.etiquette.max_redirects + 1):
            response = self._get_with_retries(current)
            if response.status_code not in REDIRECT_CODES:
                return self._read(response, current, html_only=False)
            self._close(response)
            current = normalise_url(urljoin(current, response.headers.get("Location", "")))
        raise LinkFailed("too-many-redirects", f"more than {self.etiquette.max_redirects} redirects")

    def _get_with_retries(self, url: str) -> requests.Response:
        """One GET (streamed, no automatic redirects), retried after 429/5xx with back-off."""
        response = self._get(url)
        for attempt in range(self.etiquette.max_retries):
            if response.status_code not in RETRY_CODES:
                break
            wait = self._retry_wait(response, attempt)
            self._close(response)
            LOGGER.info("%s answered %s; retrying in %.1f s", url, response.status_code, wait)
            sleep(wait)
            response = self._get(url)
        return response

    def _retry_wait(self, response: requests.Response, attempt: int) -> float:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is None:
            return self.etiquette.backoff * 2**attempt
        if retry_after > self.etiquette.max_wait:
            self._close(response)
            raise LinkFailed(
                "http-error",
                f"server asked to retry after {retry_after:.0f} s, more than the {self.etiquette.max_wait:.0f} s cap",
                http_status=response.status_code,
                final_url=response.url,
            )
        return retry_after

    def _get(self, url: str) -> requests.Response:
        """Send one GET and receive its headers; its deadline runs on until `_read` or `_close` ends it."""
        host = urlsplit(url).netloc
        self._wait_for_turn(host)
        if self._deadline is not None:
            self._deadline.end()
        self._deadline = _ACTIVE.deadline = _Deadline(self.etiquette.timeout)
        try:
            return self.session.get(url, stream=True, allow_redirects=False, timeout=self.etiquette.timeout)
        except requests.RequestException as error:
            if self._deadline.end() or isinstance(error, requests.Timeout):
                raise LinkFailed("timeout", f"no answer within {self.etiquette.timeout} s", final_url=url) from None
            raise LinkFailed("http-error", f"request failed: {error}", final_url=url) from None
        finally:
            _ACTIVE.deadline = None
            self._last_request[host] = monotonic()

    def _close(self, response: requests.Response) -> None:
        """Close a response that is not read (a redirect, an answer to retry) and stop its deadline."""
        response.close()
        if self._deadline is not None:
            self._deadline.end()

    def _wait_for_turn(self, host: str) -> None:
        """Sleep until `delay` (or the host's Crawl-delay, capped at `max_wait`) has passed since its last request."""
        delay = self.etiquette.delay
        robots = self._robots.get(f"http://{host}") or self._robots.get(f"https://{host}")
        crawl_delay = robots[0].crawl_delay(ROBOTS_PRODUCT_TOKEN) if robots and robots[0].last_checked else None
        if crawl_delay:
            delay = max(delay, min(float(crawl_delay), self.etiquette.max_wait))
        last = self._last_request.get(host)
        if last is not None:
            sleep(max(0.0, last + delay - monotonic()))

    def _deadline_passed(self) -> bool:
        """Stop the current request's deadline; whether it had passed."""
        return self._deadline is not None and self._deadline.end()

    def _read(self, response: requests.Response, url: str, *, html_only: bool) -> Download:
        """Read the body of a final (non-redirect) answer, enforcing status, type, size and the deadline."""
        try:
            return self._read_body(response, url, html_only=html_only)
        finally:
            self._deadline_passed()

    def _read_body(self, response: requests.Response, url: str, *, html_only: bool) -> Download:
        with response:
            status = response.status_code
            if status >= 400:
                raise LinkFailed("http-error", f"HTTP {status} {response.reason}", http_status=status, final_url=url)
            content_type, charset = _parse_content_type(response.headers.get("Content-Type", ""))
            if html_only and content_type and content_type not in HTML_CONTENT_TYPES:
                raise LinkFailed("not-html", f"content type {content_type}", http_status=status, final_url=url)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.etiquette.max_bytes:
                raise LinkFailed("too-large", f"Content-Length {declared} bytes exceeds {self.etiquette.max_bytes}",
                                 http_status=status, final_url=url)
            body = bytearray()
            late = LinkFailed("timeout", f"the page was not read in full within {self.etiquette.timeout} s",
                              http_status=status, final_url=url)
            try:
                for chunk in response.iter_content(CHUNK_SIZE):
                    body += chunk
                    if len(body) > self.etiquette.max_bytes:
                        raise LinkFailed("too-large", f"stopped reading after {self.etiquette.max_bytes} bytes",
                                         http_status=status, final_url=url)
            except requests.ConnectionError as error:
                if self._deadline_passed():
                    raise late from None
                if error.args and isinstance(error.args[0], urllib3.exceptions.ReadTimeoutError):
                    raise LinkFailed("timeout", f"page stalled for {self.etiquette.timeout} s while reading",
                                     http_status=status, final_url=url) from None
                raise LinkFailed("http-error", f"connection broke while reading: {error}",
                                 http_status=status, final_url=url) from None
            except requests.RequestException as error:
                if self._deadline_passed():
                    raise late from None
                raise LinkFailed("http-error", f"could not read the page: {error}",
                                 http_status=status, final_url=url) from None
            finally:
                passed = self._deadline_passed()
            if passed:  # the socket was shut down: what was read may look complete but is not
                raise late
        if html_only and not content_type and not _looks_like_html(bytes(body)):
            raise LinkFailed("not-html", "no content type and the body does not look like HTML",
                             http_status=status, final_url=url)
        return Download(final_url=url, http_status=status, body=bytes(body), charset=charset)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delay in seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return max(0.0, (moment - dt.datetime.now(dt.UTC)).total_seconds())


def _parse_content_type(header: str) -> tuple[str, str | None]:
    """The media type (lowercase) and charset parameter of a Content-Type header."""
    media_type, *parameters = header.split(";")
    charset = None
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def starts_like_html(body: bytes) -> bool:
    return body[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def _looks_like_html(body: bytes) -> bool:
    return starts_like_html(body) or b"<body" in body[:4096].lower()


def decode_html(body: bytes, *, charset: str | None) -> tuple[str, str]:
    """Decode a page the way browsers do: header charset, BOM, <meta charset>, UTF-8, else windows-1252.

    Statistical detectors are not used: on short English pages with curly quotes they guess
    cp1250 and turn "ê" into "ę". Labels for ISO-8859-1 and ASCII are read as windows-1252, as
    the WHATWG Encoding standard prescribes. A declared charset that is not one of the standard's
    encodings (`WEB_ENCODINGS`: e.g. base64, rot13 or punycode, which Python knows as codecs but which are not
    text encodings) is ignored, noted, and the page read as if it declared none. A `<meta>` tag cannot declare
    UTF-16 (the tag itself was read as ASCII).

    Returns:
        The text and a note of the encoding used and where it came from (e.g. "cp1252 (fallback)"), with any
        declared charset that was ignored (e.g. "utf-8 (valid; header charset 'base64' ignored: not a text
        encoding of the web)").
    """
    for bom, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), f"{name} (byte order mark)"
    meta = META_CHARSET.search(body[:4096])
    ignored = []
    for label, origin in ((charset, "header"), (meta[1].decode("ascii") if meta else None, "meta")):
        if not label:
            continue
        encoding = web_encoding(label)
        if encoding is None or (origin == "meta" and encoding.startswith("utf-16")):
            ignored.append(f"{origin} charset {_shown_label(label)} ignored: not a text encoding of the web")
            continue
        return body.decode(encoding, errors="replace"), f"{encoding} ({origin})"
    try:
        text, note = body.decode("utf-8"), "utf-8 (valid"
    except UnicodeDecodeError:
        text, note = body.decode("cp1252", errors="replace"), "cp1252 (fallback"
    return text, "; ".join([note, *ignored]) + ")"


def web_encoding(label: str | None) -> str | None:
    """The Python codec for a charset label when it names one of `WEB_ENCODINGS` (latin-1 and ASCII read as
    cp1252), else None."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _READ_AS_CP1252:
        return "cp1252"
    try:
        codec = codecs.lookup(_WEB_LABELS.get(name, name)).name
    except (LookupError, ValueError, TypeError):  # unknown, or not a name at all (a NUL byte, ...)
        return None
    return codec if codec in WEB_ENCODINGS else None


def _shown_label(label: str) -> str:
    return repr(label if len(label) <= 40 else label[:40] + "...")


def normalise_url(url: str) -> str:
    """Check that `url` is an absolute http(s) URL and return it without dot segments or fragment.

    Raises:
        LinkFailed: status `invalid-url`, saying why.
    """
    text = (url or "").strip()
    if not text:
        raise LinkFailed("invalid-url", "empty URL")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise LinkFailed("invalid-url", f"unparsable URL: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise LinkFailed("invalid-url", f"only http and https URLs are fetched, not {scheme or 'a relative URL'!r}")
    if not parts.hostname:
        raise LinkFailed("invalid-url", "the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise LinkFailed("invalid-url", "URLs carrying a user name or password are not fetched")
    netloc = parts.hostname if port is None else f"{parts.hostname}:{port}"
    if ":" in parts.hostname:
        netloc = f"[{parts.hostname}]" if port is None else f"[{parts.hostname}]:{port}"
    return urlunsplit((scheme, netloc, remove_dot_segments(parts.path) or "/", parts.query, ""))


def remove_dot_segments(path: str) -> str:
    """Resolve '.' and '..' in a URL path as RFC 3986 (section 5.2.4) says; '..' never climbs above '/'."""
    segments = path.split("/")
    kept: list[str] = []
    for segment in segments[1:] if path.startswith("/") else segments:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments[-1] in {".", ".."}:
        kept.append("")
    return "/" + "/".join(kept)
