"""Shared fixtures: the project's seed corpus and the optional ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens import config


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder of gold data and corpora; skips the test when it is absent."""
    if not config.SHARED_DIR.is_dir():
        pytest.skip(
            f"needs the shared data folder {config.SHARED_DIR} (gold labels and corpora); "
            "it is not part of a clone — set PRESSLENS_SHARED_DIR to point at a copy"
        )
    return config.SHARED_DIR


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The bundled seed article, the default corpus."""
    return config.SEEDS_DIR / "000_ca096e530bf6cc93.txt"
