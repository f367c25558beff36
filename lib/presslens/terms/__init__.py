"""Term frequency, n-grams, collocations, keyness, TF-IDF, keyword in context and dispersion.

Every function takes the tidy token table from `presslens.tokenize` (columns article_id, sentence_id,
paragraph, position, token_index, token, lower, lemma, is_stop, is_alpha, is_punct, start, end) and
returns a tidy table, sorted, with nothing in the index.

Shared conventions:
    * `unit` picks the token column that is counted: "lemma" (default for counts: "talks" and "talk"
      are one term), "lower" (surface form, case folded) or "token" (surface form as written).
    * Spelling variants are merged in `lemma`: every function reads the token table through
      `tables.token_columns`, which gives a variant listed in `data/entity-variants.csv` (read by
      `presslens.entities.variants`) the lemma of its canonical form, in lower case ("Kiev" counts as
      "kyiv"), whatever case the text used. Only pairs of one token on each side are merged: a variant of
      several words ("Dmitri Medvedev") or one whose canonical form has several ("ISIS" -> "Islamic State")
      is counted as written, and so are "lower" and "token", the surface forms (see `spellings`).
    * Word tokens are the tokens that are not punctuation (`is_punct` False); stopwords are word
      tokens. Relative frequencies (`per_1000`) and keyness sizes use the number of word tokens,
      stopwords included, so that dropping stopwords from the list does not inflate the rates of
      the terms that remain.
    * Nothing crosses a sentence boundary: n-grams, collocation windows and KWIC contexts are built
      from tokens of the same (article_id, sentence_id) that are adjacent by `position`.

Modules: `frequency` (counts), `ngrams` (n-grams, collocations), `keyness` (keyness, TF-IDF), `context` (KWIC,
dispersion), `tables` (the checks and table helpers they share), `spellings` (the variants merged in `lemma`).
"""

from presslens.terms.context import codebook_terms, dispersion, dispersion_profile, kwic
from presslens.terms.frequency import attach_article_column, surface_forms, term_frequencies, vocabulary_summary
from presslens.terms.keyness import (LOG_RATIO_ZERO_COUNT, WORDFREQ_COMMON_WORDS, WORDFREQ_FLOOR,
                                     WORDFREQ_REFERENCE_SIZE, keyness, keyness_by_group, tfidf)
from presslens.terms.ngrams import collocations, ngrams

__all__ = [
    "LOG_RATIO_ZERO_COUNT",
    "WORDFREQ_COMMON_WORDS",
    "WORDFREQ_FLOOR",
    "WORDFREQ_REFERENCE_SIZE",
    "attach_article_column",
    "codebook_terms",
    "collocations",
    "dispersion",
    "dispersion_profile",
    "keyness",
    "keyness_by_group",
    "kwic",
    "ngrams",
    "surface_forms",
    "term_frequencies",
    "tfidf",
    "vocabulary_summary",
]
