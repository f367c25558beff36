"""Build a corpus folder from article links or a news feed, politely and safely.

`fetch_articles` downloads each page with `requests`, lets trafilatura extract the article text and
metadata, and writes one Markdown file per article (YAML front matter: title, author, date, source,
url, fetched_at) that `presslens.load_articles` reads back. What happened to every link is recorded
in a manifest, one row per link.

Layout of the output folder (nothing the loader would read twice):

    <out>/<slug>-<hash>.md             one article per file, read by `read_corpus(<out>)`
    <out>/.fetch/manifest.csv          every link of every run, appended to
    <out>/.fetch/original/<slug>-<hash>.html   the page exactly as it was served

Etiquette (all on by default): robots.txt is obeyed (including Crawl-delay), requests to one host are
spaced by `delay` seconds, every request has a timeout, 429/5xx answers are retried a bounded number
of times with back-off (honouring Retry-After up to a cap), pages above a size limit are not read to
the end, redirects are followed one hop at a time up to a limit, only http/https URLs are fetched,
and the User-Agent names presslens. Nothing is ever overwritten: a link whose file exists is
reported as `already-saved` without being requested again.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import json
import logging
import re
import unicodedata
import urllib.robotparser
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic, sleep
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import pandas as pd
import requests
import urllib3
import yaml

from presslens import __version__

LOGGER = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/presslens/presslens"  # placeholder until the project has a public home
USER_AGENT = f"presslens/{__version__} (+{PROJECT_URL})"
ROBOTS_PRODUCT_TOKEN = "presslens"

# hidden: `load_articles` skips hidden folders, so `read_corpus(out)` reads only the .md files
FETCH_DIR_NAME = ".fetch"
MANIFEST_NAME = "manifest.csv"
ORIGINALS_DIR_NAME = "original"

STATUSES = (
    "saved",
    "duplicate",
    "already-saved",
    "skipped-by-robots",
    "http-error",
    "timeout",
    "not-html",
    "too-large",
    "extraction-empty",
    "invalid-url",
    "too-many-redirects",
)
MANIFEST_COLUMNS = [
    "url",
    "via",
    "status",
    "http_status",
    "final_url",
    "file",
    "original_file",
    "content_sha256",
    "text_sha256",
    "duplicate_of",
    "encoding",
    "error",
    "fetched_at",
]

HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
RETRY_CODES = frozenset({429, 500, 502, 503, 504})
MAX_STEM_LENGTH = 80
CHUNK_SIZE = 64 * 1024
ATOM_NS = "{http://www.w3.org/2005/Atom}"
RSS1_NS = "{http://purl.org/rss/1.0/}"
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


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
        for name in ("delay", "backoff", "max_wait", "max_retries", "max_redirects"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be zero or more, not {getattr(self, name)}")
        for name in ("timeout", "max_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be more than zero, not {getattr(self, name)}")
        if not self.user_agent.strip():
            raise ValueError("user_agent must not be empty: servers should know who is asking")


@dataclass
class Download:
    """A page read in full: where it ended up, its status, its bytes and their declared charset."""

    final_url: str
    http_status: int
    body: bytes
    charset: str | None


def fetch_articles(
    urls: str | Iterable[str] = (),
    *,
    out: str | Path,
    feed: str | None = None,
    delay: float = Etiquette.delay,
    timeout: float = Etiquette.timeout,
    max_retries: int = Etiquette.max_retries,
    backoff: float = Etiquette.backoff,
    max_wait: float = Etiquette.max_wait,
    max_bytes: int = Etiquette.max_bytes,
    max_redirects: int = Etiquette.max_redirects,
    user_agent: str = Etiquette.user_agent,
    session: requests.Session | None = None,
) -> pd.DataFrame:
    """Download article pages into `out` as Markdown files that `read_corpus(out)` loads.

    Args:
        urls: article URLs (one string or several); fetched in the order given.
        out: the corpus folder; created when missing. Existing files are never overwritten.
        feed: an RSS, Atom or JSON feed URL whose item links are fetched after `urls`.
        delay: seconds between two requests to the same host (robots.txt Crawl-delay wins when longer).
            Default 1.
        timeout: seconds to wait for the server to connect or to send the next bytes (default 20).
            Timeouts are not retried.
        max_retries: extra attempts after a 429 or 5xx answer (default 3).
        backoff: the first wait before a retry in seconds, doubled at each retry, unless the server
            sends Retry-After (default 1).
        max_wait: the longest Retry-After or Crawl-delay honoured (default 60); a longer Retry-After
            ends the link as `http-error` instead of waiting.
        max_bytes: pages (after content decoding) larger than this are abandoned as `too-large`
            (default 5,000,000).
        max_redirects: redirect hops followed before giving up as `too-many-redirects` (default 5).
        user_agent: the User-Agent header; the default names presslens, its version and home page.
        session: a `requests.Session` to send requests with (a new one by default).

    Returns:
        The manifest of this run, one row per link, in input order: url (as given), via (the feed
        it came from, else NA), status (one of `STATUSES`), http_status, final_url (after redirects),
        file and original_file (paths relative to `out`), content_sha256 (of the bytes served),
        text_sha256 (of the extracted text, used to spot duplicates), duplicate_of (the file
        already holding the same text), encoding (how the page was decoded), error, fetched_at
        (UTC, ISO 8601). Each row is appended to `<out>/.fetch/manifest.csv` as soon as
        its link is done, so an interrupted run still leaves a record.

    Raises:
        ValueError: when `feed` cannot be downloaded or is not a feed.
    """
    etiquette = Etiquette(
        delay=delay,
        timeout=timeout,
        max_retries=max_retries,
        backoff=backoff,
        max_wait=max_wait,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        user_agent=user_agent,
    )
    links = [(url, None) for url in ([urls] if isinstance(urls, str) else list(urls))]
    client = PoliteClient(etiquette, session=session)
    if feed is not None:
        links += [(link, feed) for link in read_feed(feed, client=client)]
    folder = CorpusFolder(Path(out))
    rows = [folder.append_to_manifest(folder.collect(url, via=via, client=client)) for url, via in links]
    return pd.DataFrame(rows, columns=MANIFEST_COLUMNS).astype({"http_status": "Int64"}).reset_index(drop=True)


def status_counts(manifest: pd.DataFrame) -> pd.DataFrame:
    """How many links ended in each status, for a run summary.

    Returns:
        One row per status that occurred, in the order of `STATUSES`: status, links.
    """
    counts = manifest["status"].value_counts()
    present = [status for status in STATUSES if status in counts.index]
    return pd.DataFrame({"status": present, "links": [int(counts[status]) for status in present]})


def read_link_file(path: str | Path) -> list[str]:
    """Read a links file: one URL a line; blank lines and lines starting with '#' are skipped.

    Raises:
        FileNotFoundError: naming the file when it does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"links file {path} does not exist")
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_feed(feed_url: str, *, client: PoliteClient) -> list[str]:
    """Download a feed through `client` (robots.txt, delay, limits apply) and return its item links.

    Raises:
        ValueError: naming the feed when it cannot be downloaded or parsed.
    """
    try:
        download = client.fetch(normalise_url(feed_url), html_only=False)
    except LinkFailed as failure:
        raise ValueError(f"feed {feed_url} could not be read: {failure.status}: {failure.error}") from None
    return feed_links(download.body, base_url=download.final_url)


def feed_links(feed: bytes | str, *, base_url: str) -> list[str]:
    """The article links of an RSS 2.0, RSS 1.0 (RDF), Atom or JSON feed, in feed order.

    Relative links are resolved against `base_url`. Items without a link are kept as empty
    strings so that they show up in the manifest (as `invalid-url`) rather than vanish.
    The standard library's XML parser is used rather than trafilatura's feed helpers: those drop,
    without a trace, links whose host is an IP address with a port (courlan rejects
    "127.0.0.1:8000", so any loopback test server) and links to other domains, sort the links
    instead of keeping the feed's order, and `find_feed_urls` downloads on its own (no robots.txt,
    our limits or User-Agent) and may fall back to the home page.

    Raises:
        ValueError: when the document is neither XML nor JSON of a known feed type.
    """
    raw = feed.encode("utf-8") if isinstance(feed, str) else feed
    if _starts_like_html(raw):
        raise ValueError(f"feed {base_url} is a web page, not an RSS or Atom feed")
    if raw.lstrip()[:1] == b"{":
        try:
            items = json.loads(raw).get("items", [])
        except (json.JSONDecodeError, AttributeError) as error:
            raise ValueError(f"feed {base_url} is not valid JSON Feed: {error}") from None
        return [urljoin(base_url, str(item.get("url") or "")) if item.get("url") else "" for item in items]
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        raise ValueError(f"feed {base_url} is not an RSS or Atom feed (XML error: {error})") from None
    if root.tag == f"{ATOM_NS}feed":
        return [_atom_entry_link(entry, base_url) for entry in root.iter(f"{ATOM_NS}entry")]
    items = list(root.iter("item")) or list(root.iter(f"{RSS1_NS}item"))
    if root.tag not in {"rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"}:
        raise ValueError(f"feed {base_url} is not an RSS or Atom feed (root element <{root.tag}>)")
    links = []
    for item in items:
        link = item.find("link")
        if link is None:
            link = item.find(f"{RSS1_NS}link")
        text = (link.text or "").strip() if link is not None else ""
        links.append(urljoin(base_url, text) if text else "")
    return links


def _atom_entry_link(entry: ElementTree.Element, base_url: str) -> str:
    """The alternate (article) link of an Atom entry, or "" when it has none."""
    for link in entry.iter(f"{ATOM_NS}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return urljoin(base_url, link.get("href", "").strip())
    return ""


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


def url_file_stem(url: str) -> str:
    """A safe, stable file name stem for `url`: a readable slug of host and path plus a short hash.

    Only lowercase ASCII letters, digits and '-' survive, so no stem can climb out of its folder or
    name a device; the slug is capped at 80 characters; the 10-character sha256 prefix of the full
    URL keeps URLs that differ only in their query or in dropped characters apart.
    """
    parts = urlsplit(url)
    readable = unicodedata.normalize("NFKD", unquote(f"{parts.hostname or ''}{parts.path}"))
    slug = re.sub(r"[^a-z0-9]+", "-", readable.encode("ascii", "ignore").decode().lower()).strip("-")
    slug = slug[:MAX_STEM_LENGTH].rstrip("-") or "page"
    return f"{slug}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}"


def decode_html(body: bytes, *, charset: str | None) -> tuple[str, str]:
    """Decode a page the way browsers do: header charset, BOM, <meta charset>, UTF-8, else windows-1252.

    Statistical detectors are not used: on short English pages with curly quotes they guess
    cp1250 and turn "ê" into "ę". Labels for ISO-8859-1 and ASCII are read as windows-1252, as
    the WHATWG Encoding standard prescribes.

    Returns:
        The text and a note of the encoding used and where it came from (e.g. "cp1252 (fallback)").
    """
    for bom, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), f"{name} (byte order mark)"
    meta = META_CHARSET.search(body[:4096])
    for label, origin in ((charset, "header"), (meta[1].decode("ascii") if meta else None, "meta")):
        encoding = _codec_for_label(label)
        if encoding:
            return body.decode(encoding, errors="replace"), f"{encoding} ({origin})"
    try:
        return body.decode("utf-8"), "utf-8 (valid)"
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace"), "cp1252 (fallback)"


def _codec_for_label(label: str | None) -> str | None:
    """The Python codec for a charset label (latin-1 and ASCII read as cp1252), None when unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"}:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@dataclass
class Article:
    """What trafilatura found in a page: metadata for the front matter and the body paragraphs."""

    title: str | None
    author: str | None
    date: str | None
    source: str | None
    text: str


def extract_article(html: str, *, url: str) -> Article | None:
    """Extract the article's metadata and text with trafilatura; None when no text is found.

    The headline, which trafilatura returns as the first line of the text, is removed when it
    equals the title (it lives in the front matter). Paragraphs are separated by a blank line.
    """
    import trafilatura  # imported here: it takes a noticeable time and only fetching needs it

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if document is None:
        return None
    paragraphs = [line.strip() for line in (document.text or "").splitlines() if line.strip()]
    if paragraphs and document.title and paragraphs[0] == document.title.strip():
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return None
    return Article(
        title=document.title or None,
        author=document.author or None,
        date=document.date or None,
        source=document.sitename or None,
        text="\n\n".join(paragraphs),
    )


def article_markdown(article: Article, *, url: str, fetched_at: str) -> str:
    """The Markdown file for `article`: YAML front matter (known fields only), a blank line, the text."""
    metadata = {
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "source": article.source,
        "url": url,
        "fetched_at": fetched_at,
    }
    front_matter = yaml.safe_dump(
        {key: value for key, value in metadata.items() if value is not None},
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
    )
    return f"---\n{front_matter}---\n\n{article.text}\n"


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
            response.close()
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
            response.close()
            current = normalise_url(urljoin(current, response.headers.get("Location", "")))
        raise LinkFailed("too-many-redirects", f"more than {self.etiquette.max_redirects} redirects")

    def _get_with_retries(self, url: str) -> requests.Response:
        """One GET (streamed, no automatic redirects), retried after 429/5xx with back-off."""
        response = self._get(url)
        for attempt in range(self.etiquette.max_retries):
            if response.status_code not in RETRY_CODES:
                break
            wait = self._retry_wait(response, attempt)
            response.close()
            LOGGER.info("%s answered %s; retrying in %.1f s", url, response.status_code, wait)
            sleep(wait)
            response = self._get(url)
        return response

    def _retry_wait(self, response: requests.Response, attempt: int) -> float:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is None:
            return self.etiquette.backoff * 2**attempt
        if retry_after > self.etiquette.max_wait:
            response.close()
            raise LinkFailed(
                "http-error",
                f"server asked to retry after {retry_after:.0f} s, more than the {self.etiquette.max_wait:.0f} s cap",
                http_status=response.status_code,
                final_url=response.url,
            )
        return retry_after

    def _get(self, url: str) -> requests.Response:
        host = urlsplit(url).netloc
        self._wait_for_turn(host)
        try:
            return self.session.get(url, stream=True, allow_redirects=False, timeout=self.etiquette.timeout)
        except requests.Timeout:
            raise LinkFailed("timeout", f"no answer within {self.etiquette.timeout} s", final_url=url) from None
        except requests.RequestException as error:
            raise LinkFailed("http-error", f"request failed: {error}", final_url=url) from None
        finally:
            self._last_request[host] = monotonic()

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

    def _read(self, response: requests.Response, url: str, *, html_only: bool) -> Download:
        """Read the body of a final (non-redirect) answer, enforcing status, type and size limits."""
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
            try:
                for chunk in response.iter_content(CHUNK_SIZE):
                    body += chunk
                    if len(body) > self.etiquette.max_bytes:
                        raise LinkFailed("too-large", f"stopped reading after {self.etiquette.max_bytes} bytes",
                                         http_status=status, final_url=url)
            except requests.ConnectionError as error:
                if error.args and isinstance(error.args[0], urllib3.exceptions.ReadTimeoutError):
                    raise LinkFailed("timeout", f"page stalled for {self.etiquette.timeout} s while reading",
                                     http_status=status, final_url=url) from None
                raise LinkFailed("http-error", f"connection broke while reading: {error}",
                                 http_status=status, final_url=url) from None
            except requests.RequestException as error:
                raise LinkFailed("http-error", f"could not read the page: {error}",
                                 http_status=status, final_url=url) from None
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


def _starts_like_html(body: bytes) -> bool:
    return body[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def _looks_like_html(body: bytes) -> bool:
    return _starts_like_html(body) or b"<body" in body[:4096].lower()


class CorpusFolder:
    """The output folder: article files, originals and the manifest; knows what is already there."""

    def __init__(self, root: Path):
        self.root = root
        self.fetch_dir = root / FETCH_DIR_NAME
        self.originals_dir = self.fetch_dir / ORIGINALS_DIR_NAME
        self.manifest_path = self.fetch_dir / MANIFEST_NAME
        if root.exists() and not root.is_dir():
            raise NotADirectoryError(f"output folder {root} exists and is not a folder")
        self.originals_dir.mkdir(parents=True, exist_ok=True)
        self.file_by_text_hash = self._saved_text_hashes()
        self.rows_by_url: dict[str, dict[str, object]] = {}

    def _saved_text_hashes(self) -> dict[str, str]:
        """text_sha256 -> file of every article saved by earlier runs whose file is still there."""
        if not self.manifest_path.is_file():
            return {}
        earlier = pd.read_csv(self.manifest_path, dtype=str, keep_default_na=False)
        if earlier.columns.tolist() != MANIFEST_COLUMNS:
            raise ValueError(
                f"manifest {self.manifest_path} has the columns {earlier.columns.tolist()}, not {MANIFEST_COLUMNS}; "
                "move it away (it was written by another program or presslens version) and run again")
        saved = earlier[(earlier["status"] == "saved") & earlier["file"].map(lambda name: (self.root / name).is_file())]
        return dict(zip(saved["text_sha256"], saved["file"], strict=True))

    def collect(self, url: str, *, via: str | None, client: PoliteClient) -> dict[str, object]:
        """Fetch one link into the folder (unless already there) and return its manifest row."""
        fetched_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        row: dict[str, object] = dict.fromkeys(MANIFEST_COLUMNS)
        row.update(url=url, via=via, fetched_at=fetched_at)
        try:
            requested = normalise_url(url)
            earlier = self.rows_by_url.get(requested)
            if earlier is None:
                self.rows_by_url[requested] = row
                row.update(self._fetch_into_folder(requested, client=client, fetched_at=fetched_at))
            else:
                row.update(status="duplicate", duplicate_of=earlier["file"],
                           error=f"the same URL as an earlier link of this run (which ended {earlier['status']})")
        except LinkFailed as failure:
            row.update(status=failure.status, error=failure.error, http_status=failure.http_status,
                       final_url=failure.final_url)
        LOGGER.info("%s: %s%s", row["status"], url, f" ({row['error']})" if row["error"] else "")
        return row

    def _fetch_into_folder(self, requested: str, *, client: PoliteClient, fetched_at: str) -> dict[str, object]:
        stem = url_file_stem(requested)
        article_path = self.root / f"{stem}.md"
        original_path = self.originals_dir / f"{stem}.html"
        if article_path.exists():
            return {"status": "already-saved", "file": article_path.name, "error": "file exists; not requested again"}
        download = client.fetch(requested)
        found = {"http_status": download.http_status, "final_url": download.final_url,
                 "content_sha256": hashlib.sha256(download.body).hexdigest()}
        html, encoding = decode_html(download.body, charset=download.charset)
        found["encoding"] = encoding
        article = extract_article(html, url=download.final_url)
        if article is None:
            return {**found, "status": "extraction-empty", "error": "trafilatura found no article text"}
        text_hash = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        found["text_sha256"] = text_hash
        if text_hash in self.file_by_text_hash:
            return {**found, "status": "duplicate", "duplicate_of": self.file_by_text_hash[text_hash]}
        if not original_path.exists():
            with original_path.open("xb") as handle:
                handle.write(download.body)
        with article_path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(article_markdown(article, url=download.final_url, fetched_at=fetched_at))
        self.file_by_text_hash[text_hash] = article_path.name
        return {**found, "status": "saved", "file": article_path.name,
                "original_file": original_path.relative_to(self.root).as_posix()}

    def append_to_manifest(self, row: dict[str, object]) -> dict[str, object]:
        """Append one row to the folder's manifest.csv (created with a header when new); return the row."""
        table = pd.DataFrame([row], columns=MANIFEST_COLUMNS).astype({"http_status": "Int64"})
        table.to_csv(self.manifest_path, mode="a", header=not self.manifest_path.exists(), index=False)
        return row
