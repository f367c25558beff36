"""Where the links come from, and what they are called on disk: link files, RSS/Atom/JSON feeds, URL normalising.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from presslens.io.http import LinkFailed, PoliteClient, normalise_url, starts_like_html

MAX_STEM_LENGTH = 80
ATOM_NS = "{http://www.w3.org/2005/Atom}"
RSS1_NS = "{http://purl.org/rss/1.0/}"


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
        LinkFailed: when the feed cannot be downloaded (with the status of the download, e.g. `http-error`) or is
            not a feed (status `invalid-feed`); the error names the feed.
    """
    try:
        download = client.fetch(normalise_url(feed_url), html_only=False)
    except LinkFailed as failure:
        raise LinkFailed(failure.status, f"feed {feed_url} could not be read: {failure.error}",
                         http_status=failure.http_status, final_url=failure.final_url) from None
    try:
        return feed_links(download.body, base_url=download.final_url)
    except ValueError as error:
        raise LinkFailed("invalid-feed", str(error), http_status=download.http_status,
                         final_url=download.final_url) from None


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
        ValueError: when the document is neither XML nor JSON of a known feed type, or a JSON feed does not have
            the shape of JSON Feed (an object whose `items` is a list of objects, each `url` a string).
    """
    raw = feed.encode("utf-8") if isinstance(feed, str) else feed
    if starts_like_html(raw):
        raise ValueError(f"feed {base_url} is a web page, not an RSS or Atom feed")
    if raw.lstrip()[:1] == b"{":
        return _json_feed_links(raw, base_url)
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
        links.append(_resolve(base_url, text) if text else "")
    return links


def _json_feed_links(raw: bytes, base_url: str) -> list[str]:
    """The item links of a JSON Feed (https://jsonfeed.org), its shape checked at every step."""
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"feed {base_url} is not valid JSON Feed: {error}") from None
    except RecursionError:
        raise ValueError(f"feed {base_url} is not valid JSON Feed: nested too deeply to be read") from None
    if not isinstance(document, dict):
        raise ValueError(f"feed {base_url} is not valid JSON Feed: it holds a {type(document).__name__}, not an object")
    items = document.get("items", [])
    if not isinstance(items, list):
        raise ValueError(f"feed {base_url} is not valid JSON Feed: 'items' is a {type(items).__name__}, not a list")
    links = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"feed {base_url} is not valid JSON Feed: item {number} is a {type(item).__name__}, "
                             "not an object")
        url = item.get("url")
        if url is not None and not isinstance(url, str):
            raise ValueError(f"feed {base_url} is not valid JSON Feed: the url of item {number} is a "
                             f"{type(url).__name__}, not a string")
        links.append(_resolve(base_url, url.strip()) if url and url.strip() else "")
    return links


def _resolve(base_url: str, link: str) -> str:
    """`link` resolved against `base_url`; a link too malformed to resolve is kept as it is, for the manifest to
    show it as `invalid-url`."""
    try:
        return urljoin(base_url, link)
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 address)
        return link


def _atom_entry_link(entry: ElementTree.Element, base_url: str) -> str:
    """The alternate (article) link of an Atom entry, or "" when it has none."""
    for link in entry.iter(f"{ATOM_NS}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return _resolve(base_url, link.get("href", "").strip())
    return ""


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
