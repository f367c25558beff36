"""How well presslens's sentiment methods agree with human labels: the gold sets and the validation (notebook 05).

- `gold`: readers of the gold sets (VADER's NYT snippets, NewsMTSC) and the F1 measures;
- `validation`: every method's predictions on them, summaries, confusion tables and example errors;
- `stance_gold`: the stance and quote gold set of unseen news (`goldsets/stance-news/`), the matching rules and
  the figures last measured on it (`measured`; notebook 03).
"""

from presslens.evaluation import gold, stance_gold, validation

__all__ = ["gold", "stance_gold", "validation"]
