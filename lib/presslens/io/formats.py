"""Reading one file: its bytes (decompressed, size-checked, decoded) and the articles of each format in it.

One-article formats (txt, md, html) give one record; record formats (json, jsonl, csv) one record per object
or row. Each record's fields are mapped onto the table's columns (`presslens.io.sources`) and appended as a
row to the `Collected` of the load.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from isal import igzip, igzip_lib

from presslens.io.sources import (
    COMPRESSED_SUFFIX, METADATA_FIELDS, TEXT_FIELDS, TITLE_FIELDS, Collected, CorpusError, format_of,
    not_regular_reason,
)

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 control bytes that never occur in a text file (tab, LF, FF and CR are allowed; NUL is checked first).
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0b\x0e-\x1f]")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.DOTALL | re.MULTILINE)
_ATX_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)

#: Front matter is a handful of fields: longer front matter, or nesting deeper than this, is refused.
MAX_FRONT_MATTER_CHARACTERS = 100_000
MAX_FRONT_MATTER_DEPTH = 20
#: Metadata values (front matter, JSON fields) are read this many levels deep: deeper parts are left out.
MAX_METADATA_DEPTH = 4
_NESTED_TOO_DEEPLY = "nested too deeply to be read"
# A .txt file that is an HTML page; the evidence that a .txt holds HTML markup (a closing tag of a known element,
# a line break tag or a comment: "a<b and b>c" has none); the tags of HTML markup, known element names with
# well-formed attributes only (quoted values stop at "<" or ">", so that no search runs past the next tag).
_HTML_DOCUMENT = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>])|<body[\s>]", re.IGNORECASE)
_HTML_ELEMENTS = ("a|abbr|article|aside|b|blockquote|body|br|caption|cite|code|dd|div|dl|dt|em|figcaption|figure|"
                  "footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|label|li|link|main|meta|nav|ol|p|pre|"
                  "q|s|section|small|span|strong|sub|sup|table|tbody|td|tfoot|th|thead|time|title|tr|u|ul")
_HTML_ATTRIBUTES = r"""(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+))?)*\s*/?"""
_HTML_EVIDENCE = re.compile(rf"</(?:{_HTML_ELEMENTS})\s*>|<br{_HTML_ATTRIBUTES}>|<!--", re.IGNORECASE)
_HTML_TAG = re.compile(rf"<(?:(?:{_HTML_ELEMENTS})(?![-\w]){_HTML_ATTRIBUTES}|/(?:{_HTML_ELEMENTS})\s*)>",
                       re.IGNORECASE)
_HTML_BLOCK_TAG = re.compile(rf"</?(?:article|blockquote|br|caption|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|"
                             rf"header|hr|li|ol|p|pre|section|table|tr|ul)(?![-\w]){_HTML_ATTRIBUTES}>", re.IGNORECASE)
_HTML_CELL_TAG = re.compile(rf"</?(?:td|th)(?![-\w]){_HTML_ATTRIBUTES}>", re.IGNORECASE)
_HTML_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^<>]*>.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)",
                                   re.IGNORECASE | re.DOTALL)


def read_file(
    path: Path, shown: str, collected: Collected, *, text_column: str | None, max_bytes: int | None
) -> None:
    """Append the articles of one file to `collected` (whole-file problems raise CorpusError)."""
    file_format = format_of(path.name)
    assert file_format is not None  # discover only yields supported files
    raw = _text_bytes(_read_bytes(path, shown, max_bytes), shown)
    try:
        _read_text_bytes(raw, shown, file_format, collected, text_column=text_column)
    except RecursionError:  # a last resort: each reader bounds the nesting it accepts
        raise CorpusError(shown, f"{_NESTED_TOO_DEEPLY} (too many levels of nested data or markup)") from None


def _read_text_bytes(raw: bytes, shown: str, file_format: str, collected: Collected, *,
                     text_column: str | None) -> None:
    """Append the articles in a text file's bytes to `collected`."""
    if file_format in ("txt", "md", "html"):
        text = _decode(raw, shown, collected).replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise CorpusError(shown, "empty article (the file holds only whitespace)")
        article = None
        if file_format == "txt" and _HTML_DOCUMENT.search(text):
            try:
                article = _html_article(text, shown)
                collected.warn(shown, "a .txt file holding an HTML page; read as HTML (main text extracted)",
                               emit=True)
                file_format = "html"
            except CorpusError:  # no main text found: read it as text with its markup removed
                pass
        if article is None and file_format == "txt" and _HTML_EVIDENCE.search(text):
            text, removed = _without_html_markup(text)
            collected.warn(shown, f"HTML markup in a .txt file: {removed:,} tag(s) removed, entities decoded",
                           emit=True)
            if not text.strip():
                raise CorpusError(shown, "empty article (only HTML markup in the .txt file)")
        if article is None:
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
    """The file's bytes (decompressed for .gz), refusing files over `max_bytes` and anything but a regular file.

    The file is opened without blocking and checked on the open descriptor, so that a FIFO or device put in its
    place after the folder was listed is refused rather than read (a FIFO would wait for a writer forever, a
    device such as /dev/zero reports size 0 and never ends).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
        with open(descriptor, "rb") as handle:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise CorpusError(shown, not_regular_reason(status.st_mode))
            if max_bytes is not None and status.st_size > max_bytes:
                raise CorpusError(shown, f"file is {status.st_size:,} bytes, over the limit of {max_bytes:,} "
                                         "(max_bytes)")
            raw = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except OSError as error:
        raise CorpusError(shown, f"unreadable file ({error.strerror or error})") from error
    if max_bytes is not None and len(raw) > max_bytes:  # the file grew while it was read
        raise CorpusError(shown, f"file is over the limit of {max_bytes:,} bytes (max_bytes)")
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


def _decode(raw: bytes, shown: str, collected: Collected) -> str:
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
        loaded = _front_matter(match.group(1), shown)
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


class _RefusedYaml(yaml.composer.ComposerError):
    """Front matter that is valid YAML but is not read (see `_FrontMatterLoader`)."""


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases and with bounded nesting.

    An alias (``*name``, also in a merge key ``<<: *name``) repeats a node: a few hundred bytes that alias aliases
    expand to gigabytes ("billion laughs"). Front matter has no need for them, so any alias is refused, and so is
    nesting deeper than `MAX_FRONT_MATTER_DEPTH` (PyYAML composes nodes recursively).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _RefusedYaml(None, None, f"it uses an alias (*{event.anchor}); aliases are not accepted, as a few "
                                           "of them can expand to gigabytes", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_FRONT_MATTER_DEPTH:
                raise _RefusedYaml(None, None, f"it is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep",
                                   self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _front_matter(source: str, shown: str) -> Any:
    """The YAML front matter as Python values (`_FrontMatterLoader`); any problem is a CorpusError."""
    if len(source) > MAX_FRONT_MATTER_CHARACTERS:
        raise CorpusError(shown, f"YAML front matter is {len(source):,} characters long, over the limit of "
                                 f"{MAX_FRONT_MATTER_CHARACTERS:,}")
    loader = _FrontMatterLoader(source)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        if isinstance(error, _RefusedYaml):
            raise CorpusError(shown, f"YAML front matter refused{where}: {error.problem}") from None
        raise CorpusError(shown, f"malformed YAML front matter{where}") from None
    except (ValueError, OverflowError) as error:  # e.g. "date: 2024-13-45", or an integer of 5,000 digits
        raise CorpusError(shown, f"YAML front matter holds a value that cannot be read ({error})") from None
    finally:
        loader.dispose()


def _without_html_markup(text: str) -> tuple[str, int]:
    """`text` without script and style elements, comments and HTML tags (block tags become line breaks, table
    cells spaces), entities decoded.

    Returns:
        The text and the number of tags (and script or style elements) removed.
    """
    text, scripts = _HTML_SCRIPT_OR_STYLE.subn("\n", text)
    text, blocks = _HTML_BLOCK_TAG.subn("\n", text)
    text, cells = _HTML_CELL_TAG.subn(" ", text)
    text, inline = _HTML_TAG.subn("", text)
    lines = [" ".join(html.unescape(line).split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n", scripts + blocks + cells + inline


def _html_article(text: str, shown: str) -> dict[str, Any]:
    """Main text and metadata of a web page, via trafilatura; paragraphs separated by a blank line."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=True
        )
    except RecursionError:
        raise
    except Exception as error:  # noqa: BLE001 (a heuristic extractor on hostile markup: name the file, go on)
        raise CorpusError(shown, f"the HTML could not be read ({type(error).__name__}: {error})") from None
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
    except RecursionError:
        raise CorpusError(shown, f"JSON {_NESTED_TOO_DEEPLY} (arrays or objects nested too many levels deep)") from None
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


def _jsonl_records_fast(raw: bytes, shown: str, collected: Collected) -> list[tuple[int | None, Any]]:
    """JSON lines parsed straight from UTF-8 bytes (no copy of the whole file as one string);
    a file that is not UTF-8 is decoded as a whole and parsed again."""
    reported = len(collected.skipped)
    try:
        return _jsonl_records(raw.split(b"\n"), shown, collected)
    except UnicodeDecodeError:
        del collected.skipped[reported:]
        return _jsonl_records(_decode(raw, shown, collected).split("\n"), shown, collected)


def _jsonl_records(
    lines: list[str] | list[bytes], shown: str, collected: Collected
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
        except RecursionError:
            reason = f"JSON line {_NESTED_TOO_DEEPLY} (arrays or objects nested too many levels deep)"
            collected.problem(CorpusError(shown, reason, number))
    if not seen_line:
        raise CorpusError(shown, "empty file (no JSON lines)")
    return records


def _csv_records(text: str, shown: str, collected: Collected) -> list[tuple[int | None, Any]]:
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
    collected: Collected,
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
    fields = {column: _matching_keys(keys, names) for column, names in METADATA_FIELDS.items()}
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
    collected: Collected,
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


def _as_text(value: Any, depth: int = 0) -> str | None:
    """A metadata value as stripped text: lists joined with ", ", {"name": ...} objects by name; parts nested
    deeper than `MAX_METADATA_DEPTH` levels are left out."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (list, tuple, dict)) and depth >= MAX_METADATA_DEPTH:
        return None
    if isinstance(value, (list, tuple)):
        parts = [part for part in (_as_text(item, depth + 1) for item in value) if part]
        return ", ".join(parts) or None
    if isinstance(value, dict):
        return _as_text(value.get("name"), depth + 1)
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
