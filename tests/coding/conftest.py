"""The seed corpus's tool tables and a sample of them, computed once for the coding tests."""

from __future__ import annotations

import pandas as pd
import pytest

import presslens
from presslens import coding


@pytest.fixture(scope="session")
def seed_tables() -> dict[str, pd.DataFrame]:
    return coding.tool_tables(presslens.read_corpus())


@pytest.fixture(scope="session")
def seed_items(seed_tables) -> pd.DataFrame:
    return coding.sample_items(seed_tables, seed=7)
