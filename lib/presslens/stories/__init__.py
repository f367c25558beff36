"""Copies, stories and topics: what a corpus is about, who covers what when, and counting each text once.

- `copies`: near-copies and wire copy (`near_duplicates`: MinHash + LSH checked by exact shingle overlap, with
  the thresholds in `data/near-copies.csv`), and counting each copy group once (`keep_first_copies`, `dedupe`);
- `pairs`: the evaluation set of copy and non-copy pairs built from real articles, and pair precision/recall/F1;
- `embed`: the MiniLM encoder behind one function (`embed_articles`: ONNX Runtime when importable, int8 by
  default, else sentence-transformers);
- `events`: stories, articles about one event that are not copies (`find_stories`, `story_summary`);
- `documents`: articles as lemma counts, class-based TF-IDF and NPMI coherence;
- `counting`: a corpus with each copy group counted once (`dedupe_corpus`: the `dedupe` parameter of notebooks
  02-04), and their main figures on all articles and on first copies only (`counting_once`);
- `topics`: NMF over TF-IDF and embedding clusters, their comparison, topic tables and shares by source and time.

Every table is tidy, keyed by `article_id`. Each stage counts copies as often as they occur unless a table is
passed through `keep_first_copies` (or `dedupe(table, groups, "first")`) first: the notebooks state which.
"""

from presslens.stories.copies import (CopyThresholds, copy_group_summary, copy_thresholds, dedupe, keep_first_copies,
                                      near_duplicates, spread_to_copies)
from presslens.stories.counting import counting_once, dedupe_corpus, describe_copies
from presslens.stories.documents import DocumentTerms, class_tfidf, document_terms, npmi_coherence
from presslens.stories.embed import embed_articles, encoder_backend
from presslens.stories.events import describe_stories, find_stories, story_summary
from presslens.stories.topics import (compare_topic_methods, describe_topics, embedding_topics, nmf_topics, topic_labels,
                                      topic_shares, topic_table, topic_terms_wide)

__all__ = [
    "CopyThresholds",
    "DocumentTerms",
    "class_tfidf",
    "compare_topic_methods",
    "copy_group_summary",
    "copy_thresholds",
    "counting_once",
    "dedupe",
    "dedupe_corpus",
    "describe_copies",
    "describe_stories",
    "describe_topics",
    "document_terms",
    "embed_articles",
    "embedding_topics",
    "encoder_backend",
    "find_stories",
    "keep_first_copies",
    "near_duplicates",
    "nmf_topics",
    "npmi_coherence",
    "spread_to_copies",
    "story_summary",
    "topic_labels",
    "topic_shares",
    "topic_table",
    "topic_terms_wide",
]
