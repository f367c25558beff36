"""From page text to clean text, sentences and tokens, and the word lists in `data/` they read.

- `clean`: boilerplate rules (`data/boilerplate-rules.csv`), Unicode normalisation and the audit of removed lines;
- `sentences`: the sentence table (Punkt inside each paragraph, runs longer than 4,000 characters cut) and
  each sentence's quotation status;
- `punkt`: the untrained Punkt splitter with the project's abbreviation list, and its exact fast port;
- `tokens`: the one tokeniser (`TOKEN_PATTERN`), the one lemma function (`lemma_of`), the token table and
  the per-article form counts;
- `instruments`: reading and checking the word lists and tables in `data/`;
- `syntax`: the spaCy pipeline trained here (tags, dependency parse, entities), loaded with its checksums
  (import it as `from presslens.text import syntax`; spaCy is imported only when it is used);
- `inputs`: what every analysis function accepts (a Corpus, a table, a list of strings, one string) and
  the table its stage needs.
"""

from presslens.text.clean import audit_summary, clean_articles, line_report
from presslens.text.inputs import as_sentences, as_tokens, sentence_table_from_texts
from presslens.text.instruments import abbreviations, read_word_list, stopwords
from presslens.text.sentences import split_sentences
from presslens.text.tokens import lemma_of, sentence_lengths, split_tokens, token_counts, tokenize

__all__ = [
    "abbreviations",
    "as_sentences",
    "as_tokens",
    "audit_summary",
    "clean_articles",
    "lemma_of",
    "line_report",
    "read_word_list",
    "sentence_lengths",
    "sentence_table_from_texts",
    "split_sentences",
    "split_tokens",
    "stopwords",
    "token_counts",
    "tokenize",
]
