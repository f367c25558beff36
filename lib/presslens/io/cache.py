"""Processed tables kept on disk, so a second run over the same corpus reads them instead of recomputing.

Each result is a folder of parquet files under `data/processed/` (or a folder you name), named by a key
that digests everything the tables depend on: the loaded corpus (every article's text and metadata), the
presslens version and source code, the research instruments in `data/` (stopwords, boilerplate rules,
codebook, cues) and the options of the run. Change any of them and the key changes, so the tables are
computed anew; the folder of the old key stays until `make clean` (or until you delete it).

A folder is read back only when it is what its name says: its `about.json` names the same key, and every table
has the columns the caller expects. Anything else (a damaged file, a valid parquet file with other columns, a
folder copied under another key) is computed anew, with a warning naming the folder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import warnings
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from presslens import config

PRESSLENS_VERSION = version("presslens")


def digest_files(paths: list[Path], *, relative_to: Path) -> str:
    """sha256 over the files' names (relative to `relative_to`) and contents, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(relative_to)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_and_instruments_digest() -> str:
    """Digest of the presslens version, its source files and the research instruments (the files of
    `config.INSTRUMENTS_DIR`, not its folders `raw/` and `processed/`)."""
    code = [path for path in config.PACKAGE_DIR.rglob("*.py") if "__pycache__" not in path.parts]
    instruments = [path for path in config.INSTRUMENTS_DIR.iterdir() if path.is_file()]
    return hashlib.sha256("\n".join([PRESSLENS_VERSION, digest_files(code, relative_to=config.PACKAGE_DIR),
                                     digest_files(instruments, relative_to=config.INSTRUMENTS_DIR)]).encode()
                          ).hexdigest()


def models_digest() -> str:
    """Digest of the model files shipped in `presslens/models/` (the syntax pipeline, the target scorer)."""
    models = config.PACKAGE_DIR / "models"
    return digest_files([path for path in models.rglob("*") if path.is_file() and "__pycache__" not in path.parts],
                        relative_to=models)


def cache_key(articles: pd.DataFrame, *, purpose: str, options: dict[str, object]) -> str:
    """The key of a result: `purpose`, `options`, the articles' content, code and instruments.

    Args:
        articles: the loaded articles (every column is digested, in order; the text through the `sha256`
            that `presslens.io.load` computes from it, when the table has that column: hashing 200 million
            characters again would take a second or two).
        purpose: what the tables are, e.g. "pipeline".
        options: the options that change the tables (JSON-serialisable).

    Returns:
        "<purpose>-<24 hex digits>".
    """
    digest = hashlib.sha256()
    digest.update(json.dumps({"purpose": purpose, "options": options}, sort_keys=True, default=str).encode())
    digest.update(code_and_instruments_digest().encode())
    digest.update(",".join(articles.columns).encode())
    digested = articles.drop(columns="text") if {"text", "sha256"} <= set(articles.columns) else articles
    digest.update(pd.util.hash_pandas_object(digested, index=False).to_numpy().tobytes())
    return f"{purpose}-{digest.hexdigest()[:24]}"


def read_tables(folder: Path, columns: dict[str, list[str] | None]) -> dict[str, pd.DataFrame] | None:
    """The tables saved in `folder`, or None when they are not all there or are not what its key says.

    Args:
        folder: a cache folder, named by its key (`cache_key`).
        columns: the tables to read, by name, each with the columns it must have (in order), or None when its
            columns are not checked.

    Returns:
        The tables by name; None (after a warning naming the folder, unless the folder holds nothing yet) when a
        table is missing or cannot be read, `about.json` names another key, or a table's columns differ.
    """
    if not all((folder / f"{name}.parquet").is_file() for name in columns):
        return None
    try:
        about = json.loads((folder / "about.json").read_text(encoding="utf-8"))
        if not isinstance(about, dict) or about.get("key") != folder.name:
            found = about.get("key") if isinstance(about, dict) else None
            raise ValueError(f"about.json names the key {found!r}, not {folder.name!r}")
        tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in columns}
        for name, expected in columns.items():
            if expected is not None and tables[name].columns.tolist() != expected:
                raise ValueError(f"{name}.parquet has the columns {tables[name].columns.tolist()}, not {expected}")
    except (OSError, ValueError) as problem:  # damaged, or not what the key says: recompute rather than fail
        warnings.warn(f"cache folder {folder} could not be read ({problem}); computing the tables anew",
                      stacklevel=3)
        return None
    return tables


def write_tables(folder: Path, tables: dict[str, pd.DataFrame], *, about: dict[str, object]) -> None:
    """Save `tables` as parquet files in `folder` (written aside, then moved in place), with `about.json`
    (`about` and the key, the folder's name)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, table in tables.items():
            table.to_parquet(staging / f"{name}.parquet", index=False)
        (staging / "about.json").write_text(json.dumps({**about, "key": folder.name}, indent=2, sort_keys=True,
                                                       default=str) + "\n",
                                            encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
