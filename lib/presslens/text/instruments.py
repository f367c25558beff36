"""Reading and checking the research instruments in `data/`: word lists and `#`-commented CSV tables.

Every word list is a UTF-8 text file with one entry a line; `#` starts a comment (each file opens with a
`#` header saying what the list decides) and blank lines are skipped. `data/README.md` lists the files and
the function that reads each. A list is read again only in a new process (rerun the notebook after an edit).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from presslens import config


def read_word_list(path: str | Path, *, lower: bool = True, single_words: bool = False) -> list[str]:
    """Read a one-entry-per-line list, skipping blank lines and `#` comments.

    Args:
        path: a UTF-8 text file.
        lower: lower-case the entries (for lists matched in any case); False keeps them as written.
        single_words: refuse an entry that holds white space.

    Returns:
        The entries, stripped, in file order.

    Raises:
        FileNotFoundError: naming the file when it does not exist.
        ValueError: naming the file and the line of an entry that is not one word (with `single_words`).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"word list {path} does not exist")
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if single_words and len(entry.split()) > 1:
            raise ValueError(f"{path}, line {number}: {entry!r} is not one word")
        entries.append(entry.lower() if lower else entry)
    return entries


def read_table(path: str | Path, required: list[str], *, what: str = "instrument file") -> pd.DataFrame:
    """Read one `#`-commented CSV instrument with every cell as a stripped string, and check its columns.

    Raises:
        FileNotFoundError / ValueError naming the file when it is missing or lacks a required column.
    """
    if not Path(path).is_file():
        raise FileNotFoundError(f"{what} {path} does not exist")
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    table.columns = [column.strip() for column in table.columns]
    missing = [column for column in required if column not in table.columns]
    if missing:
        raise ValueError(f"{what} {path} lacks the column(s) {missing}; it needs {required}")
    for column in table.columns:
        table[column] = table[column].str.strip()
    return table.reset_index(drop=True)


@cache
def word_list(name: str, *, lower: bool = True) -> frozenset[str]:
    """The entries of `data/<name>` (one word each) as a set, read once per process."""
    return frozenset(read_word_list(config.instrument(name), lower=lower, single_words=True))


def stopwords() -> frozenset[str]:
    """The English stopword list, `data/stopwords-en.txt` (lower case): the tokens' `is_stop` flag."""
    return word_list("stopwords-en.txt")


def abbreviations() -> frozenset[str]:
    """Abbreviations that do not end a sentence (`data/abbreviations-en.txt`), lower case, no final period."""
    return frozenset(entry.rstrip(".") for entry in word_list("abbreviations-en.txt"))
