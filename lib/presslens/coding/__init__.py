"""Validating the tool on your own corpus: coding sheets out, filled sheets in, agreement and precision back.

- `tasks`: the coding tasks, their answers and instructions (the word lists of the workflow);
- `sample`: a seeded, stratified sample of the tool's findings and of sentences without one (`sample_items`);
- `sheets`: writing coding sheets (XLSX, CSV) and reading filled ones back, checked (`export_sheets`,
  `read_sheets`, `read_sample`);
- `scoring`: Krippendorff's alpha, adjudicated answers, precision, recall and F1 with intervals (`score`);
- `on_corpus`: the filled sheets of a corpus found in `data/coding/<corpus name>/` and scored, for the notebooks
  and the report (`corpus_validation`, `coding_folder`).
"""

from presslens.coding.on_corpus import CorpusValidation, coding_folder, corpus_validation
from presslens.coding.sample import sample_items, tool_tables
from presslens.coding.scoring import Scores, score
from presslens.coding.sheets import SheetError, export_sheets, read_sample, read_sheets

__all__ = ["CorpusValidation", "Scores", "SheetError", "coding_folder", "corpus_validation", "export_sheets",
           "read_sample", "read_sheets", "sample_items", "score", "tool_tables"]
