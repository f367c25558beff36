"""A name recogniser for the entity tests: spaCy's rule-based EntityRuler with the names each test needs, so the
tests check presslens's rules (merging, kinds, affiliations, ambiguity) and not a statistical model's guesses."""

from __future__ import annotations

import pandas as pd
import pytest

spacy = pytest.importorskip("spacy")


def ruler(names: dict[str, str]):
    """A spaCy pipeline that labels each name (as written) with its label: PERSON, ORG or LOC."""
    nlp = spacy.blank("en")
    entity_ruler = nlp.add_pipe("entity_ruler")
    patterns = [{"label": label, "pattern": name} for name, label in names.items()]
    entity_ruler.add_patterns(patterns or [{"label": "ORG", "pattern": "no such name in any test"}])
    return nlp


def articles(*texts: str, dates: list[str] | None = None) -> pd.DataFrame:
    """A sentence table: one article per string, one sentence per line of it, with an optional date each."""
    rows = []
    for number, text in enumerate(texts, start=1):
        for sentence_id, sentence in enumerate(line.strip() for line in text.strip().splitlines()):
            row = {"article_id": f"a{number}", "sentence_id": sentence_id, "text": sentence}
            if dates:
                row["published"] = dates[number - 1]
            rows.append(row)
    return pd.DataFrame(rows)
