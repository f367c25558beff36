"""How well presslens's sentiment methods agree with human labels: the gold sets and the validation (notebook 05).

- `gold`: readers of the gold sets (VADER's NYT snippets, NewsMTSC) and the F1 measures;
- `validation`: every method's predictions on them, summaries, confusion tables and example errors.
"""

from presslens.evaluation import gold, validation

__all__ = ["gold", "validation"]
