"""Sentence tone and sentiment toward a target, the way the literature says to do it on news.

Two different questions, kept apart:

- **Tone of a sentence** (`tone`: `score_sentences`, `aggregate`, `arc`, `over_time`, ...): VADER on each
  sentence, scored by `fastvader` (nltk's scores bit for bit, faster; `lexicon` loads VADER's lexicon offline).
- **Sentiment toward a target** (`targets`: `score_targets`, `actor_sentiment`, `actor_evidence`, ...): whether
  a sentence speaks well or ill of one mention in it, by the target-aware rules of `target_rules` (the lexicon
  method) or the fine-tuned encoder of `learned`, run by ONNX Runtime without torch (`onnx_runtime`, built at first
  use by `onnx_build`; needs the `learned` extra). `learned` and `network` are the torch route, for training
  (the `train` extra).

Tone is not stance: a negative sentence about a war is not a position against anyone.
"""

from presslens.sentiment.target_rules import (CLAUSE_BREAKS, explain_target, news_neutral_words, reporting_verbs,
                                              score_target_lexicon, target_verbs)
from presslens.sentiment.targets import (actor_evidence, actor_sentiment, best_method, describe_targets,
                                         most_mentioned_actor, quoted_actor_sentiment, quoted_mentions, score_targets)
from presslens.sentiment.tone import (DEFAULT_THRESHOLD, LABELS, add_voice, aggregate, arc, label_scores, over_time,
                                      prefix_compound, score_sentences)

__all__ = [
    "CLAUSE_BREAKS",
    "DEFAULT_THRESHOLD",
    "LABELS",
    "actor_evidence",
    "actor_sentiment",
    "add_voice",
    "aggregate",
    "arc",
    "best_method",
    "describe_targets",
    "explain_target",
    "label_scores",
    "most_mentioned_actor",
    "news_neutral_words",
    "over_time",
    "prefix_compound",
    "quoted_actor_sentiment",
    "quoted_mentions",
    "reporting_verbs",
    "score_sentences",
    "score_target_lexicon",
    "score_targets",
    "target_verbs",
]
