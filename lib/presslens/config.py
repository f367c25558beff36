"""Every path presslens uses, derived from the package location (never from the current directory).

The package lives in ``<project>/lib/presslens``; the research instruments in ``<project>/data``,
the default corpus in ``<project>/seeds`` and generated reports in ``<project>/reports``.
Set ``PRESSLENS_REPORTS_DIR`` to send figures and reports elsewhere (``presslens report --out``
does this for the notebooks it runs).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = PROJECT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
SEEDS_DIR = PROJECT_DIR / "seeds"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
SHARED_DIR = Path(os.environ.get("PRESSLENS_SHARED_DIR", PROJECT_DIR.parent / "shared"))

STOPWORDS_FILE = DATA_DIR / "stopwords-en.txt"
BOILERPLATE_RULES_FILE = DATA_DIR / "boilerplate-rules.csv"
ABBREVIATIONS_FILE = DATA_DIR / "abbreviations-en.txt"

DEFAULT_CORPUS = SEEDS_DIR


def reports_dir() -> Path:
    """Folder for generated reports: ``$PRESSLENS_REPORTS_DIR`` or ``<project>/reports``."""
    return Path(os.environ.get("PRESSLENS_REPORTS_DIR", PROJECT_DIR / "reports"))


def figures_dir() -> Path:
    """Folder where `presslens.plots.save` writes each figure's PNG and CSV."""
    return reports_dir() / "figures"
