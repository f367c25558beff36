"""What a corpus source is: the supported formats and field names, the files a source names, and the errors.

A source is a file, a folder (read recursively, hidden files and folders ignored), a glob pattern or a list
of those (see `presslens.io.load.load_articles`). Problems are `CorpusError`s; with ``errors="report"`` they
are gathered in a `Collected` instead of raised.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
import warnings
from dataclasses import dataclass, field
from functools import cache
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
SYMLINKED_FOLDER = "symbolic link to a folder; not followed (name the folder itself to read it)"

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
        """Record a file that loads otherwise than written; with `emit`, also warn, unless errors are reported.

        With ``errors="report"`` every such file is listed in the report (``attrs["warnings"]``,
        `Corpus.notes`), so no Python warning is raised as well: a notebook shows the notes table instead.
        """
        self.warnings.append({"path": path, "line": line, "warning": message})
        if emit and self.errors == "raise":
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
    """The supported regular files named by one source item.

    In folders and globs, files with an unsupported extension, special files (FIFOs, devices, sockets, and
    symbolic links to them), broken links, symbolic links to folders and unreadable folders are listed as
    skipped with their reason; none of them is ever opened.
    """
    shown = os.fspath(item)
    path = Path(shown).expanduser()
    kind = file_kind(path)
    if kind == "file":
        if format_of(path.name) is None:
            raise CorpusError(shown, f"{UNSUPPORTED_FORMAT} (supported: {_supported_list()})")
        return [(path, shown)]
    if kind == "folder":
        candidates = _walk(path, collected)
        what = "folder"
    elif kind is not None:
        raise CorpusError(shown, kind)
    elif _GLOB_CHARACTERS & set(shown):
        listed = len(collected.skipped)
        candidates = [candidate for candidate in _glob(path, collected) if _listed_unless_regular(candidate, collected)]
        what = "glob pattern"
        if not candidates and len(collected.skipped) > listed:
            first = collected.skipped[listed]
            raise CorpusError(shown, f"no regular files match this glob pattern (first match: {first['path']}: "
                                     f"{first['reason']})")
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


def file_kind(path: Path) -> str | None:
    """"file" for a regular file, "folder" for a folder (both through symbolic links), None when nothing is
    there, else why the path is not read: a special file, a broken link or one that cannot be examined."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "broken symbolic link (its target does not exist)" if os.path.islink(path) else None
    except OSError as error:
        return f"cannot be examined ({error.strerror or error})"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    return not_regular_reason(mode)


def not_regular_reason(mode: int) -> str:
    """Why a file of this `st_mode` is never opened, e.g. "a character device, not a regular file; never opened"."""
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    what = next((name for test, name in kinds if test(mode)), "a special file")
    return f"{what}, not a regular file; never opened"


def _listed_unless_regular(path: Path, collected: Collected) -> bool:
    """True for a regular file; anything else a folder or glob yields is listed as skipped with its reason
    (a folder matched by a glob is not a file it names, and is left out without a row, as before)."""
    kind = file_kind(path)
    if kind == "file":
        return True
    if kind == "folder":
        if path.is_symlink():
            collected.skipped.append({"path": str(path), "line": None, "reason": SYMLINKED_FOLDER})
        return False
    collected.skipped.append({"path": str(path), "line": None, "reason": kind or "vanished while listed"})
    return False


def _walk(folder: Path, collected: Collected, *, keep_special: bool = False) -> list[Path]:
    """Every non-hidden regular file under `folder`, hidden folders pruned, sorted by relative path.

    Symbolic links to folders are not followed (a link to an ancestor would loop): each is listed as skipped,
    as is every folder that cannot be read and every special file (unless `keep_special`: then special files
    are returned too, for the caller to list).
    """
    files = []

    def unreadable(error: OSError) -> None:  # raised out of os.walk for `folder` itself, else a problem
        shown = str(error.filename) if error.filename is not None else str(folder)
        problem = CorpusError(shown, f"unreadable folder ({error.strerror or error})")
        if shown == str(folder):
            raise problem
        collected.problem(problem)

    for root, folders, names in os.walk(folder, onerror=unreadable):
        kept = []
        for name in folders:
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(root, name)):
                collected.skipped.append({"path": os.path.join(root, name), "line": None, "reason": SYMLINKED_FOLDER})
            else:
                kept.append(name)
        folders[:] = kept
        files.extend(Path(root, name) for name in names if not name.startswith("."))
    files.sort(key=lambda file: file.relative_to(folder).parts)
    return files if keep_special else [path for path in files if _listed_unless_regular(path, collected)]


def _glob(pattern: Path, collected: Collected) -> list[Path]:
    """The paths a glob pattern matches, sorted; ``**`` matches any number of folders without following symbolic
    links to folders (the standard library's glob follows them, and two links to an ancestor take it forever).

    Without ``**`` this is `glob.glob`. With it, the folder before the first wildcard is walked like a corpus
    folder (`_walk`: hidden names skipped, links to folders and unreadable folders listed) and each file is
    matched part by part.
    """
    if "**" not in pattern.parts:
        return [Path(match) for match in sorted(glob.glob(str(pattern)))]
    parts = pattern.parts
    first_wildcard = next(index for index, part in enumerate(parts) if _GLOB_CHARACTERS & set(part) or part == "**")
    root = Path(*parts[:first_wildcard]) if first_wildcard else Path(".")
    if not root.is_dir():
        return []
    wanted = parts[first_wildcard:]
    return [path for path in _walk(root, collected, keep_special=True)
            if _parts_match(path.relative_to(root).parts, wanted)]


def _parts_match(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether path parts match glob pattern parts, ``**`` standing for any number of parts (none included)."""
    @cache
    def match(at: int, against: int) -> bool:
        if against == len(pattern):
            return at == len(parts)
        if pattern[against] == "**":
            return match(at, against + 1) or (at < len(parts) and match(at + 1, against))
        return at < len(parts) and fnmatch.fnmatchcase(parts[at], pattern[against]) and match(at + 1, against + 1)

    return match(0, 0)


def format_of(name: str) -> str | None:
    """The format name for a file name, looking through a trailing .gz; None when unsupported."""
    lowered = name.lower()
    if lowered.endswith(COMPRESSED_SUFFIX):
        lowered = lowered[: -len(COMPRESSED_SUFFIX)]
    return FORMATS.get(os.path.splitext(lowered)[1])


def _supported_list() -> str:
    return ", ".join(FORMATS) + f" (optionally {COMPRESSED_SUFFIX})"
