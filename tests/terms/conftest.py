"""Fixtures of the term tests: two small articles and the seed corpus's tokens."""

from __future__ import annotations

import pandas as pd
import pytest

import presslens

from token_tables import token_table


@pytest.fixture(scope="module")
def two_articles() -> pd.DataFrame:
    return token_table({
        "a": ["The talks stalled .", "Russia and Ukraine resumed talks ."],
        "b": ["Talks resumed ."],
    })


@pytest.fixture(scope="module")
def seed():
    return presslens.read_corpus()
