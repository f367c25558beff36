"""Load news articles from files into one tidy table: one row per article.

Supported formats (by file extension, case-insensitive; any of them may also be gzip-compressed
with a trailing ``.gz``, e.g. ``articles.jsonl.gz``):

- ``.txt``: one article per file; the title is the first non-empty line. A .txt file that holds a web
  page (it opens with ``<!DOCTYPE html`` or ``<html``, or has a ``<body``) is read as HTML when trafilatura
  finds its main text. Otherwise, when a .txt file shows HTML markup (a closing tag of a known element, a
  ``<br>`` or a comment), the tags of known elements are removed (script and style elements and comments with
  their content, block tags becoming line breaks, table cells spaces) and entities decoded, so that markup is
  never counted as words. Either is noted as a warning; "a < b" or "<3" stay as they are.
- ``.md`` / ``.markdown``: one article per file, with optional YAML front matter between ``---``
  lines (title, date or published, source or sitename, author, url, id); the text is the body
  after the front matter; without a front-matter title, the first ``# heading`` or else the first
  non-empty line is the title. Front matter is read with PyYAML's safe loader without aliases
  (``*name``, which can expand a few hundred bytes into gigabytes), at most 20 levels deep and
  100,000 characters long; anything else is a `CorpusError`.
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

Only regular files are read. In a folder or glob, special files (FIFOs, devices, sockets, and symbolic
links to them), broken symbolic links and symbolic links to folders (not followed: one pointing at an
ancestor would loop) are listed as skipped with their reason and never opened; a folder that cannot be
read is a problem like an unreadable file. A file is opened without blocking and checked again once open.
Nesting too deep to read (JSON, YAML) is a `CorpusError`, never a `RecursionError`.
"""

from __future__ import annotations

import hashlib
import os
import re
import warnings
from collections.abc import Iterable
from typing import Any, Literal

import pandas as pd
import pyarrow as pa

from presslens.io.formats import read_file
from presslens.io.sources import (COLUMNS, DEFAULT_MAX_BYTES, FORMATS, SKIPPED_COLUMNS, TEXT_FIELDS, Collected,
                                  CorpusError, CorpusWarning, discover)

__all__ = ["COLUMNS", "DEFAULT_MAX_BYTES", "FORMATS", "TEXT_FIELDS", "CorpusError", "CorpusWarning", "load_articles",
           "load_articles_with_report"]

# A free-form date is parsed only when it names a year, so "10:00" or "16 May" never become today's date.
_HAS_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    collected = Collected(errors=errors)
    for path, shown in discover(items, collected):
        try:
            read_file(path, shown, collected, text_column=text_column, max_bytes=max_bytes)
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


def _first_problem(skipped: pd.DataFrame) -> str:
    if skipped.empty:
        return "none"
    first = skipped.iloc[0]
    line = "" if pd.isna(first["line"]) else f", line {first['line']}"
    return f"{first['path']}{line}: {first['reason']}"


# --- The articles table --------------------------------------------------------------------------


def _articles_table(collected: Collected) -> pd.DataFrame:
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
    texts: list[str], rows: list[dict[str, Any]], collected: Collected
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


def _unique_ids(ids: list[str], rows: list[dict[str, Any]], collected: Collected) -> list[str]:
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

