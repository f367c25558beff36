"""Target tables for the sentiment tests, from (sentence, mention) pairs."""

from __future__ import annotations

import pandas as pd


def targets_table(*rows: tuple[str, str]) -> pd.DataFrame:
    """A targets table (sentence, start, end, mention) from (sentence, mention) pairs."""
    records = []
    for sentence, mention in rows:
        start = sentence.index(mention)
        records.append({"sentence": sentence, "start": start, "end": start + len(mention), "mention": mention})
    return pd.DataFrame(records)
