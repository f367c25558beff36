"""How well presslens's sentiment methods agree with human labels: the gold sets and the validation (notebook 05).

- `gold`: readers of the gold sets (VADER's NYT snippets, NewsMTSC) and the F1 measures;
- `validation`: every method's predictions on them, summaries, confusion tables and example errors;
- `entity_gold`: the named actors two coders listed in unseen news corpora (`goldsets/entities-news/`), the
  held-out check of `presslens.entities.discover` (`measured`; notebook 03);
- `stance_gold`: the stance and quote gold set of unseen news (`goldsets/stance-news/`), the matching rules and
  the figures last measured on it (`measured`; notebook 03).
"""

from presslens.evaluation import entity_gold, gold, stance_gold, validation

__all__ = ["entity_gold", "gold", "stance_gold", "validation"]
