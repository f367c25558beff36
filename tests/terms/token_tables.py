"""Small token tables for the term tests, built by hand: tokens split on spaces, the lemmas and stopwords below."""

from __future__ import annotations

import pandas as pd

from presslens.text.tokens import TOKEN_COLUMNS

STOP = {"the", "a", "and", "of", "in", "to", "on"}
LEMMAS = {"talks": "talk", "resumed": "resume", "stalled": "stall", "deals": "deal", "leaders": "leader"}
PUNCT = {".", ",", "!", "?", ":"}


def token_table(articles: dict[str, list[str]]) -> pd.DataFrame:
    """A token table with the contract's columns from {article_id: [sentence, ...]}, tokens split on spaces."""
    rows = []
    for article_id, sentences in articles.items():
        token_index, offset = 0, 0
        for sentence_id, sentence in enumerate(sentences):
            for position, token in enumerate(sentence.split()):
                lower = token.lower()
                rows.append({
                    "article_id": article_id, "sentence_id": sentence_id, "paragraph": 0,
                    "position": position, "token_index": token_index, "token": token, "lower": lower,
                    "lemma": LEMMAS.get(lower, lower), "is_stop": lower in STOP,
                    "is_alpha": lower.isalpha(), "is_punct": token in PUNCT,
                    "start": offset, "end": offset + len(token),
                })
                token_index += 1
                offset += len(token) + 1
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)
