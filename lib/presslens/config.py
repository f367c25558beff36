"""Every path presslens uses, derived from the package location (never from the current directory).

In a checkout the package lives in ``<project>/lib/presslens``; the research instruments in
``<project>/data``, the default corpus in ``<project>/seeds``, generated reports in ``<project>/reports``
and cached tables in ``<project>/data/processed``.

**Instruments.** `INSTRUMENTS_DIR` is the folder every word list, rule file and codebook is read from:
``<project>/data`` when the package sits in a checkout (the folder a researcher edits, and the only copy
in git), else the copies shipped inside the installed package (``presslens/instruments``: in the
checkout that folder is a symbolic link to ``data/``, so building the wheel copies the files in). Set
``PRESSLENS_INSTRUMENTS_DIR`` to read them from another folder.

The coders' filled coding sheets of a corpus are read from ``CODING_DIR/<corpus name>`` (``<project>/data/coding``
in a checkout; set ``PRESSLENS_CODING_DIR`` for another folder).

Set ``PRESSLENS_REPORTS_DIR`` to send figures and reports elsewhere (``presslens report --out``
does this for the notebooks it runs), ``PRESSLENS_PROCESSED_DIR`` to keep the analysed tables
(`presslens.analyse`) elsewhere, and ``PRESSLENS_SHARED_DIR`` to point at the shared gold data and corpora
(default ``<project>/../shared``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = PROJECT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
SEEDS_DIR = PROJECT_DIR / "seeds"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
SHARED_DIR = Path(os.environ.get("PRESSLENS_SHARED_DIR", PROJECT_DIR.parent / "shared"))
SHIPPED_INSTRUMENTS_DIR = PACKAGE_DIR / "instruments"
# a checkout: the project's data/ folder holds the instruments (an installed wheel has no such folder)
IN_CHECKOUT = (DATA_DIR / "stance-cues.csv").is_file()
INSTRUMENTS_DIR = Path(os.environ.get("PRESSLENS_INSTRUMENTS_DIR",
                                      DATA_DIR if IN_CHECKOUT else SHIPPED_INSTRUMENTS_DIR))
# cached tables: beside the instruments in a checkout, else in the user's cache folder
PROCESSED_DIR = Path(os.environ.get("PRESSLENS_PROCESSED_DIR",
                                    DATA_DIR / "processed" if IN_CHECKOUT else Path.home() / ".cache" / "presslens"))
# coders' filled sheets, one folder per corpus (`presslens.coding.coding_folder`): data/coding in a checkout
CODING_DIR = Path(os.environ.get("PRESSLENS_CODING_DIR",
                                 DATA_DIR / "coding" if IN_CHECKOUT else Path.home() / "presslens-coding"))

DEFAULT_CORPUS = SEEDS_DIR


def instrument(name: str) -> Path:
    """The path of one instrument file, e.g. ``instrument("stopwords-en.txt")`` (read at call time)."""
    return INSTRUMENTS_DIR / name


def reports_dir() -> Path:
    """Folder for generated reports: ``$PRESSLENS_REPORTS_DIR`` or ``<project>/reports``."""
    return Path(os.environ.get("PRESSLENS_REPORTS_DIR", PROJECT_DIR / "reports"))


def tables_dir() -> Path:
    """Folder where the notebooks export their evidence tables (CSV, XLSX, parquet)."""
    return reports_dir() / "tables"


def figures_dir() -> Path:
    """Folder where `presslens.plots.save` writes each figure's PNG and CSV."""
    return reports_dir() / "figures"
