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

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import requests
import yaml

from presslens.io.http import Etiquette, LinkFailed, PoliteClient, decode_html
from presslens.io.links import normalise_url, read_feed, url_file_stem

LOGGER = logging.getLogger(__name__)
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
