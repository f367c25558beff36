"""Load news articles from files into one tidy table: one row per article.

Supported formats (by file extension, case-insensitive; any of them may also be gzip-compressed
with a trailing ``.gz``, e.g. ``articles.jsonl.gz``):

- ``.txt``: one article per file; the title is the first non-empty line.
- ``.md`` / ``.markdown``: one article per file, with optional YAML front matter between ``---``
  lines (title, date or published, source or sitename, author, url, id); the text is the body
  after the front matter; without a front-matter title, the first ``# heading`` or else the first
  non-empty line is the title.
- ``.html`` / ``.htm``: one article per file; main text and metadata (title, author, date,
  sitename, url) extracted with trafilatura.
- ``.json``: one article (an object) or several (a list of objects).
- ``.jsonl``: one article object per line.
- ``.csv``: one article per row, with a header row.

Record formats (json, jsonl, csv) and markdown front matter map their field names onto the
table's columns with the name lists below (matched case-insensitively, first listed name wins).

Text encoding: UTF-8, with or without a byte-order mark (the BOM is stripped). Bytes that are not
valid UTF-8 are decoded as Windows-1252 (cp1252) only when they look like text: no NUL byte, no C0
control character other than tab, line feed, form feed and carriage return, and every byte defined
in cp1252. Such a file loads with a `CorpusWarning` and a note in the warnings table; anything else
is an error. Line endings in .txt/.md/.html files are normalised to "\\n".
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import yaml
from isal import igzip, igzip_lib

#: File extension -> format name (the ``format`` column). A trailing ``.gz`` is decompressed first.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
}
COMPRESSED_SUFFIX = ".gz"

#: Field names read from json/jsonl/csv records and markdown front matter, per column, in priority order.
ID_FIELDS = ("article_id", "id")
TITLE_FIELDS = ("title", "headline")
SOURCE_FIELDS = ("source", "outlet", "sitename", "publisher")
AUTHOR_FIELDS = ("author", "authors", "byline")
DATE_FIELDS = ("date", "published", "publish_date", "published_at")
URL_FIELDS = ("url", "link", "source_url")
TEXT_FIELDS = ("text", "content", "body", "content_original", "article")

DEFAULT_MAX_BYTES = 50_000_000

COLUMNS = (
    "article_id", "title", "source", "author", "published", "url",
    "text", "path", "format", "sha256", "duplicate_of",
)
SKIPPED_COLUMNS = ("path", "line", "reason")
WARNING_COLUMNS = ("path", "line", "warning")

UNSUPPORTED_FORMAT = "unsupported format"

_METADATA_FIELDS = {
    "article_id": ID_FIELDS,
    "title": TITLE_FIELDS,
    "source": SOURCE_FIELDS,
    "author": AUTHOR_FIELDS,
    "published": DATE_FIELDS,
    "url": URL_FIELDS,
}
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 control bytes that never occur in a text file (tab, LF, FF and CR are allowed; NUL is checked first).
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0b\x0e-\x1f]")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.DOTALL | re.MULTILINE)
_ATX_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
# A free-form date is parsed only when it names a year, so "10:00" or "16 May" never become today's date.
_HAS_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
_GLOB_CHARACTERS = frozenset("*?[")
_SURROGATE = re.compile("[\ud800-\udfff]")


class CorpusError(Exception):
    """A source, file or record (line) that cannot be loaded, and why.

    Attributes:
        path: the file (or source) as the caller named it or as it was discovered.
        reason: what is wrong, in words.
        line: 1-based line of the bad record in a JSONL/JSON/CSV file, else None.
        skipped: when raised because nothing at all could be loaded with ``errors="report"``,
            the table of every problem found (columns path, line, reason); else None.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, line: int | None = None) -> None:
        super().__init__(str(path), reason, line)
        self.path = str(path)
        self.reason = reason
        self.line = line
        self.skipped: pd.DataFrame | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.reason}"


class CorpusWarning(UserWarning):
    """A file that loaded, but not as written (e.g. decoded as cp1252 instead of UTF-8)."""


@dataclass
class _Collected:
    """Rows and problems gathered while loading, in discovery order."""

    errors: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def problem(self, error: CorpusError) -> None:
        if self.errors == "raise":
            raise error
        self.skipped.append({"path": error.path, "line": error.line, "reason": error.reason})

    def warn(self, path: str, message: str, *, line: int | None = None, emit: bool = False) -> None:
        self.warnings.append({"path": path, "line": line, "warning": message})
        if emit:
            warnings.warn(f"{path}: {message}", CorpusWarning, stacklevel=2)


def load_articles(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    errors: Literal["raise", "report"] = "raise",
    text_column: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> pd.DataFrame:
    """Read every article under `source` into one table, one row per article.

    Args:
        source: a file, a folder (searched recursively in sorted order; hidden files and folders
            are ignored), a glob pattern (``**`` recurses), or a list of those; str or Path.
            A file reached twice is read once.
        errors: "raise" stops at the first bad file or record with a `CorpusError`; "report" skips
            bad files and records and lists them in ``attrs["skipped"]`` (see
            `load_articles_with_report` for the same list as a table). Files with an unsupported
            extension inside a folder or glob are always skipped and listed, never raised.
        text_column: the field (json/jsonl) or column (csv) holding the text, instead of the first
            of `TEXT_FIELDS` present.
        max_bytes: largest file to read, in bytes (also after decompressing a .gz); None for no
            limit. The full AllSides corpus (90 MB compressed) needs ``max_bytes=None``.

    Returns:
        One row per article, in discovery order, with a fresh RangeIndex and these columns:
        article_id (str, unique: the record's id field, else the file stem for one-article files,
        else ``<stem>-<n>`` with n the 1-based line (jsonl) or record number (json list, csv); a
        repeated id gets ``-2``, ``-3``... on its later occurrences), title, source, author
        (str, missing as NaN), published (datetime64[us], naive UTC; NaT when absent or
        malformed), url (str or NaN), text (str: the article text as read), path (str: the file as
        discovered, relative paths kept relative), format (str: txt, md, html, json, jsonl, csv),
        sha256 (str: hex digest of the UTF-8 text), duplicate_of (str: article_id of the first
        earlier article with the same sha256, else NaN). String columns use pandas' "str" dtype.
        ``attrs["skipped"]`` and ``attrs["warnings"]`` hold the problems and warnings as lists of
        dicts (path, line, reason / warning): plain records, so that merging or concatenating
        loaded tables keeps working (a DataFrame inside attrs breaks pandas' attrs comparison).

    Raises:
        CorpusError: with ``errors="raise"``, for a missing path, a folder or glob without
            supported files, an unsupported, binary, unreadable, non-UTF-8 or oversized file, an
            empty article, malformed JSON, a JSONL line or record that is not an object or has no
            text, or a CSV without a text column; with either setting, when no article loads.
        ValueError: for an unknown `errors` value or an empty list of sources.
    """
    articles, _ = load_articles_with_report(
        source, errors=errors, text_column=text_column, max_bytes=max_bytes
    )
    return articles


def load_articles_with_report(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    errors: Literal["raise", "report"] = "report",
    text_column: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load articles like `load_articles` (skipping bad input by default) and return what was skipped.

    Every file seen ends up in one of the two tables: a file either yields articles or is listed as
    skipped (whole-file problems have no line), and a JSONL/JSON/CSV file with some bad records
    yields its good records and lists each bad one with its line.

    Returns:
        (articles, skipped): the articles table described in `load_articles`, and one row per
        skipped file or record with columns path (str), line (Int64, NA for a whole-file problem),
        reason (str), in discovery order.
    """
    if errors not in ("raise", "report"):
        raise ValueError(f'errors must be "raise" or "report", not {errors!r}')
    items = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    if not items:
        raise ValueError("source is an empty list: name at least one file, folder or glob pattern")
    collected = _Collected(errors=errors)
    for path, shown in _discover(items, collected):
        try:
            _read_file(path, shown, collected, text_column=text_column, max_bytes=max_bytes)
        except CorpusError as error:
            collected.problem(error)
    skipped = _table(collected.skipped, SKIPPED_COLUMNS)
    if not collected.rows:
        error = CorpusError(
            ", ".join(os.fspath(item) for item in items),
            f"no articles could be loaded ({len(skipped)} problem(s); first: "
            f"{_first_problem(skipped)})",
        )
        error.skipped = skipped
        raise error
    articles = _articles_table(collected)
    articles.attrs["skipped"] = collected.skipped
    articles.attrs["warnings"] = collected.warnings
    return articles, skipped


# --- Finding files -------------------------------------------------------------------------------


def _discover(items: list[str | os.PathLike[str]], collected: _Collected) -> list[tuple[Path, str]]:
    """Expand the source items into (path, path as shown) pairs of supported files, each file once."""
    found: list[tuple[Path, str]] = []
    for item in items:
        try:
            found.extend(_expand(item, collected))
        except CorpusError as error:
            collected.problem(error)
    unique: dict[str, tuple[Path, str]] = {}
    for path, shown in found:
        unique.setdefault(os.path.realpath(path), (path, shown))
    return list(unique.values())


def _expand(item: str | os.PathLike[str], collected: _Collected) -> list[tuple[Path, str]]:
    """The supported files named by one source item; unsupported ones in folders/globs are listed."""
    shown = os.fspath(item)
    path = Path(shown).expanduser()
    if path.is_file():
        if _format_of(path.name) is None:
            raise CorpusError(shown, f"{UNSUPPORTED_FORMAT} (supported: {_supported_list()})")
        return [(path, shown)]
    if path.is_dir():
        candidates = _walk(path)
        what = "folder"
    elif _GLOB_CHARACTERS & set(shown):
        candidates = [Path(match) for match in sorted(glob.glob(str(path), recursive=True))]
        candidates = [candidate for candidate in candidates if candidate.is_file()]
        what = "glob pattern"
        if not candidates:
            raise CorpusError(shown, "no files match this glob pattern")
    else:
        raise CorpusError(shown, "no such file or folder")
    supported = [candidate for candidate in candidates if _format_of(candidate.name) is not None]
    if not supported:
        raise CorpusError(shown, f"no supported files in this {what} (looked for {_supported_list()})")
    for candidate in candidates:
        if _format_of(candidate.name) is None:
            collected.skipped.append({"path": str(candidate), "line": None, "reason": UNSUPPORTED_FORMAT})
    return [(candidate, str(candidate)) for candidate in supported]


def _walk(folder: Path) -> list[Path]:
    """Every non-hidden file under `folder`, hidden folders pruned, sorted by relative path."""
    files = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        files.extend(Path(root, name) for name in names if not name.startswith("."))
    return sorted(files, key=lambda file: file.relative_to(folder).parts)


def _format_of(name: str) -> str | None:
    """The format name for a file name, looking through a trailing .gz; None when unsupported."""
    lowered = name.lower()
    if lowered.endswith(COMPRESSED_SUFFIX):
        lowered = lowered[: -len(COMPRESSED_SUFFIX)]
    return FORMATS.get(os.path.splitext(lowered)[1])


def _supported_list() -> str:
    return ", ".join(FORMATS) + f" (optionally {COMPRESSED_SUFFIX})"


def _first_problem(skipped: pd.DataFrame) -> str:
    if skipped.empty:
        return "none"
    first = skipped.iloc[0]
    line = "" if pd.isna(first["line"]) else f", line {first['line']}"
    return f"{first['path']}{line}: {first['reason']}"


# --- Reading one file ----------------------------------------------------------------------------


def _read_file(
    path: Path, shown: str, collected: _Collected, *, text_column: str | None, max_bytes: int | None
) -> None:
    """Append the articles of one file to `collected` (whole-file problems raise CorpusError)."""
    file_format = _format_of(path.name)
    assert file_format is not None  # _discover only yields supported files
    raw = _text_bytes(_read_bytes(path, shown, max_bytes), shown)
    if file_format in ("txt", "md", "html"):
        text = _decode(raw, shown, collected).replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise CorpusError(shown, "empty article (the file holds only whitespace)")
        article = {"txt": _txt_article, "md": _md_article, "html": _html_article}[file_format](text, shown)
        _add_records([(None, article)], shown, file_format, collected, text_keys=("text",), noun="field")
        return
    if file_format == "jsonl":
        records = _jsonl_records_fast(raw, shown, collected)
    elif file_format == "json":
        records = _json_records(_decode(raw, shown, collected), shown)
    else:
        records = _csv_records(_decode(raw, shown, collected), shown, collected)
    text_keys = (text_column,) if text_column else TEXT_FIELDS
    noun = "column" if file_format == "csv" else "field"
    _add_records(records, shown, file_format, collected, text_keys=text_keys, noun=noun)


def _read_bytes(path: Path, shown: str, max_bytes: int | None) -> bytes:
    """The file's bytes (decompressed for .gz), refusing files over `max_bytes`."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise CorpusError(shown, f"file is {size:,} bytes, over the limit of {max_bytes:,} (max_bytes)")
        raw = path.read_bytes()
    except OSError as error:
        raise CorpusError(shown, f"unreadable file ({error.strerror or error})") from error
    if not path.name.lower().endswith(COMPRESSED_SUFFIX):
        return raw
    try:  # ISA-L's gzip: the same bytes as the standard library's, decompressed in about half the time
        if max_bytes is None:
            raw = igzip.decompress(raw)
        else:
            with igzip.IGzipFile(fileobj=io.BytesIO(raw)) as stream:
                raw = stream.read(max_bytes + 1)
    except (OSError, EOFError, igzip_lib.IsalError) as error:
        raise CorpusError(shown, f"unreadable gzip file ({error})") from error
    if max_bytes is not None and len(raw) > max_bytes:
        raise CorpusError(shown, f"decompressed file is over the limit of {max_bytes:,} bytes (max_bytes)")
    return raw


def _text_bytes(raw: bytes, shown: str) -> bytes:
    """The bytes of a text file without a UTF-8 BOM; UTF-16 and binary (NUL) files are refused."""
    if raw.startswith(_UTF16_BOMS):
        raise CorpusError(shown, "UTF-16 text, not UTF-8: save the file as UTF-8")
    if b"\x00" in raw:
        raise CorpusError(shown, "binary file (contains NUL bytes), not text")
    return raw[len(_UTF8_BOM):] if raw.startswith(_UTF8_BOM) else raw


def _decode(raw: bytes, shown: str, collected: _Collected) -> str:
    """Decode UTF-8, or cp1252 with a warning when the bytes look like text (see the module notes)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        reason = (
            f"not UTF-8 text (byte 0x{raw[utf8_error.start]:02x} at offset {utf8_error.start}) "
            "and not cp1252 text either"
        )
        if _CONTROL_BYTES.search(raw):
            raise CorpusError(shown, f"{reason} (contains control characters)") from utf8_error
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as cp1252_error:
            raise CorpusError(shown, reason) from cp1252_error
    collected.warn(shown, "not valid UTF-8; decoded as cp1252 (Windows-1252)", emit=True)
    return text


def _txt_article(text: str, shown: str) -> dict[str, Any]:
    return {"title": _first_line(text), "text": text}


def _md_article(text: str, shown: str) -> dict[str, Any]:
    """Front matter (if any) as metadata; the body after it as text."""
    front: dict[str, Any] = {}
    body = text
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            raise CorpusError(shown, f"malformed YAML front matter{where}") from error
        if loaded is not None and not isinstance(loaded, dict):
            raise CorpusError(shown, "YAML front matter is not a mapping of field: value")
        front = loaded or {}
        body = text[match.end():]
    elif re.match(r"---[ \t]*\n", text):
        raise CorpusError(shown, "YAML front matter opened with '---' is never closed")
    body = body.lstrip("\n")
    if not body.strip():
        raise CorpusError(shown, "empty article (no text after the front matter)")
    article = {str(key): value for key, value in front.items() if str(key).lower() not in TEXT_FIELDS}
    if _first_value(article, _matching_keys(article, TITLE_FIELDS)) is None:
        heading = _ATX_HEADING.search(body)
        article["title"] = heading.group(1) if heading else _first_line(body)
    article["text"] = body
    return article


def _html_article(text: str, shown: str) -> dict[str, Any]:
    """Main text and metadata of a web page, via trafilatura; paragraphs separated by a blank line."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True
    )
    document = extracted.as_dict() if extracted is not None else {}
    main_text = document.get("text") or ""
    paragraphs = [line.strip() for line in main_text.split("\n") if line.strip()]
    if not paragraphs:
        raise CorpusError(shown, "empty article (no main text found in the HTML)")
    return {
        "title": document.get("title"),
        "author": document.get("author"),
        "date": document.get("date"),
        "sitename": document.get("sitename"),
        "url": document.get("url"),
        "text": "\n\n".join(paragraphs),
    }


def _json_records(text: str, shown: str) -> list[tuple[int | None, Any]]:
    """One object -> one record (line None); a list -> one record per element, with its start line."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"malformed JSON: {error.msg} (column {error.colno})"
        raise CorpusError(shown, reason, error.lineno) from error
    if isinstance(value, dict):
        return [(None, value)]
    if not isinstance(value, list):
        raise CorpusError(shown, f"JSON holds a {type(value).__name__}, not an object or a list of objects")
    if not value:
        raise CorpusError(shown, "empty article list (the JSON list has no elements)")
    return list(zip(_json_element_lines(text), value))


def _json_element_lines(text: str) -> list[int]:
    """1-based line on which each element of a (valid) top-level JSON list starts."""
    decoder = json.JSONDecoder()
    whitespace = re.compile(r"[\s,]*")
    position = whitespace.match(text, 0).end() + 1  # past the opening "["
    lines: list[int] = []
    line, counted_to = 1, 0
    while True:
        position = whitespace.match(text, position).end()
        if text[position] == "]":
            return lines
        line += text.count("\n", counted_to, position)
        counted_to = position
        lines.append(line)
        _, position = decoder.raw_decode(text, position)


def _jsonl_records_fast(raw: bytes, shown: str, collected: _Collected) -> list[tuple[int | None, Any]]:
    """JSON lines parsed straight from UTF-8 bytes (no copy of the whole file as one string);
    a file that is not UTF-8 is decoded as a whole and parsed again."""
    reported = len(collected.skipped)
    try:
        return _jsonl_records(raw.split(b"\n"), shown, collected)
    except UnicodeDecodeError:
        del collected.skipped[reported:]
        return _jsonl_records(_decode(raw, shown, collected).split("\n"), shown, collected)


def _jsonl_records(
    lines: list[str] | list[bytes], shown: str, collected: _Collected
) -> list[tuple[int | None, Any]]:
    """One record per non-blank line, numbered by line; malformed lines become problems."""
    records: list[tuple[int | None, Any]] = []
    seen_line = False
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            continue
        seen_line = True
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            reason = f"malformed JSON line: {error.msg} (column {error.colno})"
            collected.problem(CorpusError(shown, reason, number))
    if not seen_line:
        raise CorpusError(shown, "empty file (no JSON lines)")
    return records


def _csv_records(text: str, shown: str, collected: _Collected) -> list[tuple[int | None, Any]]:
    """One record per data row, numbered by the line it starts on; ragged rows become problems."""
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, None)
        while header == []:
            header = next(reader, None)
        if header is None:
            raise CorpusError(shown, "empty file (no CSV header row)")
        records: list[tuple[int | None, Any]] = []
        bad_rows = 0
        start = reader.line_num + 1
        try:
            for row in reader:
                if row:
                    if len(row) == len(header):
                        records.append((start, dict(zip(header, row))))
                    else:
                        bad_rows += 1
                        collected.problem(CorpusError(
                            shown, f"CSV row has {len(row)} fields, the header has {len(header)}", start
                        ))
                start = reader.line_num + 1
        except csv.Error as error:
            bad_rows += 1
            collected.problem(CorpusError(shown, f"malformed CSV from this line on ({error})", start))
    finally:
        csv.field_size_limit(previous_limit)
    if not records and not bad_rows:
        raise CorpusError(shown, "no articles (the CSV has a header but no rows)")
    return records


# --- From records to rows ------------------------------------------------------------------------


def _add_records(
    records: list[tuple[int | None, Any]],
    shown: str,
    file_format: str,
    collected: _Collected,
    *,
    text_keys: tuple[str, ...],
    noun: str,
) -> None:
    """Map each record's fields onto the table's columns and append the rows to `collected`."""
    keys: set[str] = set()
    for _, record in records:
        if isinstance(record, dict):
            keys.update(record)
    text_fields = _matching_keys(keys, text_keys)
    objects = [(line, record) for line, record in records if isinstance(record, dict)]
    if objects and not text_fields:
        raise CorpusError(
            shown,
            f"no text {noun} (looked for {', '.join(text_keys)}; "
            f"found {', '.join(sorted(map(str, keys))) or 'none'})",
        )
    fields = {column: _matching_keys(keys, names) for column, names in _METADATA_FIELDS.items()}
    stem = _stem(shown)
    single = len(records) == 1 and records[0][0] is None
    for number, (line, record) in enumerate(records, start=1):
        if not isinstance(record, dict):
            reason = f"record is a JSON {type(record).__name__}, not an object"
            collected.problem(CorpusError(shown, reason, line))
            continue
        text = _record_text(record, text_fields, text_keys, noun, shown, line, collected)
        if text is None:
            continue
        row = {column: _first_value(record, names) for column, names in fields.items()}
        if row["article_id"] is None:
            row["article_id"] = stem if single else f"{stem}-{line if file_format == 'jsonl' else number}"
        row.update(text=text, path=shown, format=file_format, line=line)
        collected.rows.append(row)


def _record_text(
    record: dict[str, Any],
    text_fields: list[str],
    text_keys: tuple[str, ...],
    noun: str,
    shown: str,
    line: int | None,
    collected: _Collected,
) -> str | None:
    """The record's text, or None after reporting why it has none."""
    present = [key for key in text_fields if key in record]
    value = next((record[key] for key in present if record[key] is not None), None)
    if not present:
        reason = f"record has no text {noun} (looked for {', '.join(text_keys)})"
    elif isinstance(value, str) and value.strip():
        return value
    elif value is None or isinstance(value, str):
        reason = f"empty article (text {noun} {present[0]!r} is empty)"
    else:
        reason = f"text {noun} {present[0]!r} holds a {type(value).__name__}, not a string"
    collected.problem(CorpusError(shown, reason, line))
    return None


def _matching_keys(keys: Iterable[str], names: tuple[str, ...]) -> list[str]:
    """The keys matching `names` case-insensitively, in the priority order of `names`."""
    by_name: dict[str, list[str]] = {}
    for key in sorted(map(str, keys)):
        by_name.setdefault(key.lower(), []).append(key)
    return [key for name in names for key in by_name.get(name.lower(), [])]


def _first_value(record: dict[str, Any], keys: list[str]) -> str | None:
    for key in keys:
        value = _as_text(record.get(key))
        if value is not None:
            return value
    return None


def _as_text(value: Any) -> str | None:
    """A metadata value as stripped text: lists joined with ", ", {"name": ...} objects by name."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (list, tuple)):
        parts = [part for part in map(_as_text, value) if part]
        return ", ".join(parts) or None
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    if isinstance(value, float):
        return None if value != value else (str(int(value)) if value.is_integer() else str(value))
    if hasattr(value, "isoformat"):  # dates and datetimes from YAML front matter
        return value.isoformat()
    return str(value)


def _first_line(text: str) -> str | None:
    return next((line.strip() for line in text.split("\n") if line.strip()), None)


def _stem(shown: str) -> str:
    """File name without its format extension(s): 'a/b.jsonl.gz' -> 'b'."""
    name = os.path.basename(shown)
    if name.lower().endswith(COMPRESSED_SUFFIX):
        name = name[: -len(COMPRESSED_SUFFIX)]
    return os.path.splitext(name)[0]


# --- The articles table --------------------------------------------------------------------------


def _articles_table(collected: _Collected) -> pd.DataFrame:
    """Build the typed table: unique ids, parsed dates, text hashes and duplicate links."""
    rows = collected.rows
    names = ("article_id", "title", "source", "author", "url", "text", "path", "format")
    columns = {name: [row.get(name) for row in rows] for name in names}
    columns["text"], digests = _texts_and_digests(columns["text"], rows, collected)
    columns["article_id"] = _unique_ids(columns["article_id"], rows, collected)
    table = pd.DataFrame({name: _str_series(values) for name, values in columns.items()})
    table["published"] = _parse_dates(pd.Series([row.get("published") for row in rows], dtype=object))
    table["sha256"] = _str_series(digests)
    first_with_hash = table.groupby("sha256", sort=False)["article_id"].transform("first")
    table["duplicate_of"] = first_with_hash.where(first_with_hash != table["article_id"])
    return table.loc[:, list(COLUMNS)].reset_index(drop=True)


def _str_series(values: list[str | None]) -> pd.Series:
    """A pandas "str" column; lone surrogates (from JSON escapes) become U+FFFD so Arrow can store them.

    The Arrow array is built first: for long texts that is about twice as fast as `pd.Series(values, dtype="str")`.
    """
    try:
        return pd.Series(pa.array(values, type=pa.large_string()), dtype="str")
    except UnicodeEncodeError:
        return pd.Series(pa.array([_replace_surrogates(value) for value in values], type=pa.large_string()),
                         dtype="str")


def _replace_surrogates(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return _SURROGATE.sub("\ufffd", value)


def _texts_and_digests(
    texts: list[str], rows: list[dict[str, Any]], collected: _Collected
) -> tuple[list[str], list[str]]:
    """Each text (lone surrogates from JSON escapes replaced by U+FFFD, noted) and its UTF-8 sha256."""
    digests = []
    for index, text in enumerate(texts):
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError:
            row = rows[index]
            message = "lone surrogate escapes in the text replaced by U+FFFD"
            collected.warn(row["path"], message, line=row["line"])
            texts[index] = text = _replace_surrogates(text)
            encoded = text.encode("utf-8")
        digests.append(hashlib.sha256(encoded).hexdigest())
    return texts, digests


def _unique_ids(ids: list[str], rows: list[dict[str, Any]], collected: _Collected) -> list[str]:
    """Keep the first use of each id; later repeats become '<id>-2', '<id>-3'... (noted as warnings)."""
    taken = set(ids)
    if len(taken) == len(ids):
        return ids
    seen: set[str] = set()
    unique = []
    for article_id, row in zip(ids, rows):
        if article_id in seen:
            suffix = 2
            while f"{article_id}-{suffix}" in taken:
                suffix += 1
            renamed = f"{article_id}-{suffix}"
            taken.add(renamed)
            message = f"article_id {article_id!r} already used; renamed {renamed!r}"
            collected.warn(row["path"], message, line=row["line"])
            article_id = renamed
        seen.add(article_id)
        unique.append(article_id)
    return unique


def _parse_dates(raw: pd.Series) -> pd.Series:
    """ISO 8601 first (fast, vectorised); free-form dates that name a year second; else NaT."""
    text = raw.where(raw.notna(), None).astype("str")
    parsed = pd.to_datetime(text, errors="coerce", utc=True, format="ISO8601")
    retry = parsed.isna() & text.notna() & text.str.contains(_HAS_YEAR, na=False)
    if retry.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            parsed.loc[retry] = pd.to_datetime(text[retry], errors="coerce", utc=True, format="mixed")
    parsed = parsed.where(parsed.dt.year >= 1000)
    return parsed.dt.tz_convert(None).astype("datetime64[us]")


def _table(records: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """Records as a typed table: str columns, line as nullable Int64."""
    table = pd.DataFrame(records, columns=list(columns))
    for column in columns:
        table[column] = table[column].astype("Int64" if column == "line" else "str")
    return table.reset_index(drop=True)

