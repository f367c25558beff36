"""Build a corpus folder from article links or a news feed, politely and safely.

`fetch_articles` downloads each page with `requests`, lets trafilatura extract the article text and
metadata, and writes one Markdown file per article (YAML front matter: title, author, date, source,
url, fetched_at) that `presslens.load_articles` reads back. What happened to every link is recorded
in a manifest, one row per link.

Layout of the output folder (nothing the loader would read twice):

    <out>/<slug>-<hash>.md             one article per file, read by `read_corpus(<out>)`
    <out>/.fetch/manifest.csv          every link of every run, appended to
    <out>/.fetch/original/<slug>-<hash>.html   the page exactly as it was served
    <out>/.fetch/lock                  while a run writes to the folder (a second run is refused)

The manifest is appended to one whole line per link (values never hold a line break). A line cut short by a
crash (or glued to the next run's first line, or ending inside a quote) is found at the start of the next run:
the damaged lines are moved to `.fetch/manifest-damaged-<time>.csv`, with a warning, and the manifest is
rewritten whole (a temporary file renamed over it) with its good rows.

Etiquette (all on by default): robots.txt is obeyed (including Crawl-delay), requests to one host are
spaced by `delay` seconds, every request has a timeout, 429/5xx answers are retried a bounded number
of times with back-off (honouring Retry-After up to a cap), pages above a size limit are not read to
the end, redirects are followed one hop at a time up to a limit, only http/https URLs are fetched,
and the User-Agent names presslens. Every request has a wall-clock deadline (`timeout`), headers and body
included. A feed that cannot be read is one manifest row (its download status, or `invalid-feed`), and
the other links are still fetched. Nothing is ever overwritten: a link whose file exists is
reported as `already-saved` without being requested again.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import requests
import yaml

from presslens.io.http import Etiquette, LinkFailed, PoliteClient, decode_html
from presslens.io.links import normalise_url, read_feed, url_file_stem
from presslens.io.lock import folder_lock

LOGGER = logging.getLogger(__name__)
# hidden: `load_articles` skips hidden folders, so `read_corpus(out)` reads only the .md files
FETCH_DIR_NAME = ".fetch"
MANIFEST_NAME = "manifest.csv"
ORIGINALS_DIR_NAME = "original"
LOCK_NAME = "lock"
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
    "invalid-feed",
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
    feed: str | Iterable[str] | None = None,
    max_items: int | None = None,
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
        out: the corpus folder; created when missing. Existing files are never overwritten. While the run
            writes to it, the folder is locked (`.fetch/lock`): a second run into it is refused.
        feed: an RSS, Atom or JSON feed URL (or several) whose item links are fetched after `urls`. A feed
            that cannot be read becomes one manifest row (status of its download, or `invalid-feed` when it
            is not a feed) and the other links are fetched all the same.
        max_items: fetch at most this many items of each feed, the first ones in feed order (default: all);
            the items left out are logged with their number.
        delay: seconds between two requests to the same host (robots.txt Crawl-delay wins when longer).
            Default 1.
        timeout: seconds each request may take, from sending it to the last byte of the answer, and also
            the longest wait for a connection or for the next bytes (default 20). Timeouts are not retried.
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
        its link is done, so an interrupted run still leaves a record. A feed that could not be read has a
        row of its own (url: the feed).

    Raises:
        ValueError: for an option out of range (a negative, infinite or NaN number of seconds, ...), before
            anything is requested or written.
        FolderInUse: when another run is writing to `out`.
        OSError: when `out` is not a folder or cannot be written.
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
    if max_items is not None and (isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1):
        raise ValueError(f"max_items must be a whole number of at least 1 (or None for all), not {max_items!r}")
    links: list[tuple[str, str | None]] = [(url, None) for url in ([urls] if isinstance(urls, str) else list(urls))]
    feeds = [] if feed is None else [feed] if isinstance(feed, str) else list(feed)
    folder = CorpusFolder(Path(out))
    with folder.locked():
        folder.read_manifest()
        client = PoliteClient(etiquette, session=session)
        rows = []
        for feed_url in feeds:
            try:
                items = read_feed(feed_url, client=client)
            except LinkFailed as failure:
                rows.append((feed_url, failure))
                continue
            if not items:
                LOGGER.warning("feed %s lists no items", feed_url)
            if max_items is not None and len(items) > max_items:
                LOGGER.warning("feed %s lists %s items; fetching the first %s (max_items), leaving out %s",
                               feed_url, f"{len(items):,}", f"{max_items:,}", f"{len(items) - max_items:,}")
                items = items[:max_items]
            links += [(link, feed_url) for link in items]
        rows = [folder.append_to_manifest(folder.feed_row(feed_url, failure)) for feed_url, failure in rows]
        rows += [folder.append_to_manifest(folder.collect(url, via=via, client=client)) for url, via in links]
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
        for folder in (self.fetch_dir, self.originals_dir):  # written into: they must be what they seem
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise NotADirectoryError(f"{folder} is not a folder (a file or a symbolic link): move it away")
        try:
            self.originals_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OSError(f"output folder {root} cannot be written ({error.strerror or error})") from None
        self.file_by_text_hash: dict[str, str] = {}
        self.rows_by_url: dict[str, dict[str, object]] = {}

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's lock (`.fetch/lock`) while the block runs."""
        try:
            with folder_lock(self.fetch_dir / LOCK_NAME, folder=self.root, command="presslens fetch"):
                yield
        except PermissionError as error:
            raise OSError(f"output folder {self.root} cannot be written ({error.strerror or error})") from None

    def read_manifest(self) -> None:
        """Read what earlier runs saved (repairing a damaged manifest first): text_sha256 -> file of every article
        whose file is still there."""
        rows = self._earlier_rows()
        self.file_by_text_hash = {row["text_sha256"]: row["file"] for row in rows
                                  if row["status"] == "saved" and (self.root / row["file"]).is_file()}

    def _earlier_rows(self) -> list[dict[str, str]]:
        """The rows of the manifest; damaged lines are moved aside (see the module docstring).

        Raises:
            ValueError: when the manifest has a header other than `MANIFEST_COLUMNS` (another program's file).
        """
        if not self.manifest_path.is_file():
            return []
        text = self.manifest_path.read_bytes().decode("utf-8", errors="replace")
        rows, damaged = parse_manifest(text, self.manifest_path)
        if damaged:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
            aside = self.fetch_dir / f"manifest-damaged-{stamp}.csv"
            aside.write_text("".join(damaged), encoding="utf-8")
            self._rewrite_manifest(rows)
            LOGGER.warning("%s: %d damaged line(s) (cut short by an interrupted run?) moved to %s; the manifest "
                           "keeps its %d good row(s)", self.manifest_path, len(damaged), aside, len(rows))
        return rows

    def _rewrite_manifest(self, rows: list[dict[str, str]]) -> None:
        """Write the manifest whole: to a temporary file, then renamed over the old one."""
        staging = self.manifest_path.with_name(f".{MANIFEST_NAME}.{os.getpid()}.tmp")
        with staging.open("w", encoding="utf-8", newline="") as handle:
            handle.write(_manifest_line(MANIFEST_COLUMNS))
            handle.writelines(_manifest_line([row[column] for column in MANIFEST_COLUMNS]) for row in rows)
        os.replace(staging, self.manifest_path)

    def feed_row(self, feed_url: str, failure: LinkFailed) -> dict[str, object]:
        """The manifest row of a feed that could not be read."""
        row: dict[str, object] = dict.fromkeys(MANIFEST_COLUMNS)
        row.update(url=feed_url, status=failure.status, http_status=failure.http_status, final_url=failure.final_url,
                   error=failure.error, fetched_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        LOGGER.info("%s: %s (%s)", failure.status, feed_url, failure.error)
        return row

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
        try:
            article = extract_article(html, url=download.final_url)
        except Exception as error:  # noqa: BLE001 (a heuristic extractor on a hostile page: record it, go on)
            return {**found, "status": "extraction-empty",
                    "error": f"trafilatura could not read the page ({type(error).__name__}: {error})"[:500]}
        if article is None:
            return {**found, "status": "extraction-empty", "error": "trafilatura found no article text"}
        text_hash = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        found["text_sha256"] = text_hash
        if text_hash in self.file_by_text_hash:
            return {**found, "status": "duplicate", "duplicate_of": self.file_by_text_hash[text_hash]}
        try:
            with article_path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(article_markdown(article, url=download.final_url, fetched_at=fetched_at))
        except FileExistsError:  # written meanwhile by something other than a presslens run (which holds the lock)
            return {**found, "status": "already-saved", "file": article_path.name,
                    "error": "file appeared while the page was fetched; not overwritten"}
        if not original_path.exists():
            with contextlib.suppress(FileExistsError), original_path.open("xb") as handle:
                handle.write(download.body)
        self.file_by_text_hash[text_hash] = article_path.name
        return {**found, "status": "saved", "file": article_path.name,
                "original_file": original_path.relative_to(self.root).as_posix()}

    def append_to_manifest(self, row: dict[str, object]) -> dict[str, object]:
        """Append one row to the folder's manifest.csv (created with a header when new), as one whole line
        written at once; return the row."""
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(self.manifest_path, flags, 0o644)
        try:
            header = _manifest_line(MANIFEST_COLUMNS) if os.fstat(descriptor).st_size == 0 else ""
            os.write(descriptor, (header + _manifest_line([row[column] for column in MANIFEST_COLUMNS])).encode())
        finally:
            os.close(descriptor)
        return row


def _manifest_line(values: list[object]) -> str:
    """One CSV line: missing values empty, line breaks inside values replaced by spaces (one record, one line)."""
    cells = ["" if value is None or value is pd.NA or (isinstance(value, float) and value != value)
             else " ".join(str(value).splitlines()) for value in values]
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(cells)
    return line.getvalue()


def parse_manifest(text: str, path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The rows of a manifest's text, and its damaged lines (in order, each ending with a line break).

    A manifest that parses whole into rows of `MANIFEST_COLUMNS` and ends with a line break is returned as it is.
    Otherwise each line is read on its own (presslens writes one record per line): a line that does not hold
    exactly one record of the right number of fields, and a last line without a line break (cut short), are
    damaged.

    Raises:
        ValueError: when the header is not `MANIFEST_COLUMNS` (nor the start of it, cut short).
    """
    if not text:
        return [], []
    first_line = text.split("\n", 1)[0].rstrip("\r")
    header = next(csv.reader([first_line]), [])
    if header != MANIFEST_COLUMNS:
        if "\n" not in text and ",".join(MANIFEST_COLUMNS).startswith(first_line):
            return [], [text + "\n"]  # the header itself was cut short
        raise ValueError(
            f"manifest {path} has the columns {header}, not {MANIFEST_COLUMNS}; "
            "move it away (it was written by another program or presslens version) and run again")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))[1:]
    except csv.Error:
        records = None
    if records is not None and text.endswith("\n") and all(len(record) == len(MANIFEST_COLUMNS) for record in records):
        return [dict(zip(MANIFEST_COLUMNS, record, strict=True)) for record in records], []
    lines = text.split("\n")
    complete, cut_short = lines[1:-1], lines[-1]  # cut_short is "" when the text ends with a line break
    rows, damaged = [], []
    for line in complete:
        try:
            records = list(csv.reader([line], strict=True))
        except csv.Error:
            records = []
        if len(records) == 1 and len(records[0]) == len(MANIFEST_COLUMNS):
            rows.append(dict(zip(MANIFEST_COLUMNS, records[0], strict=True)))
        elif line.strip():
            damaged.append(line + "\n")
    if cut_short:
        damaged.append(cut_short + "\n")
    return rows, damaged
