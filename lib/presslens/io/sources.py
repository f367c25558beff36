"""What a corpus source is: the supported formats and field names, the files a source names, and the errors.

A source is a file, a folder (read recursively, hidden files and folders ignored), a glob pattern or a list
of those (see `presslens.io.load.load_articles`). Problems are `CorpusError`s; with ``errors="report"`` they
are gathered in a `Collected` instead of raised.
"""

from __future__ import annotations

import glob
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

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

METADATA_FIELDS = {
    "article_id": ID_FIELDS,
    "title": TITLE_FIELDS,
    "source": SOURCE_FIELDS,
    "author": AUTHOR_FIELDS,
    "published": DATE_FIELDS,
    "url": URL_FIELDS,
}
_GLOB_CHARACTERS = frozenset("*?[")


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
class Collected:
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


def discover(items: list[str | os.PathLike[str]], collected: Collected) -> list[tuple[Path, str]]:
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


def _expand(item: str | os.PathLike[str], collected: Collected) -> list[tuple[Path, str]]:
    """The supported files named by one source item; unsupported ones in folders/globs are listed."""
    shown = os.fspath(item)
    path = Path(shown).expanduser()
    if path.is_file():
        if format_of(path.name) is None:
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
    supported = [candidate for candidate in candidates if format_of(candidate.name) is not None]
    if not supported:
        raise CorpusError(shown, f"no supported files in this {what} (looked for {_supported_list()})")
    for candidate in candidates:
        if format_of(candidate.name) is None:
            collected.skipped.append({"path": str(candidate), "line": None, "reason": UNSUPPORTED_FORMAT})
    return [(candidate, str(candidate)) for candidate in supported]


def _walk(folder: Path) -> list[Path]:
    """Every non-hidden file under `folder`, hidden folders pruned, sorted by relative path."""
    files = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        files.extend(Path(root, name) for name in names if not name.startswith("."))
    return sorted(files, key=lambda file: file.relative_to(folder).parts)


def format_of(name: str) -> str | None:
    """The format name for a file name, looking through a trailing .gz; None when unsupported."""
    lowered = name.lower()
    if lowered.endswith(COMPRESSED_SUFFIX):
        lowered = lowered[: -len(COMPRESSED_SUFFIX)]
    return FORMATS.get(os.path.splitext(lowered)[1])


def _supported_list() -> str:
    return ", ".join(FORMATS) + f" (optionally {COMPRESSED_SUFFIX})"
