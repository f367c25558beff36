"""Who says what about whom: actor mentions, quotes and stance statements, from rules and an editable codebook.

Where each rule lives:

- `codebook`: reading and checking the codebook in `data/` (actors, issues, cues; `load_codebook`);
- `mentions`: actor mentions ("he/she" resolved) and the sentences a stance is read from (`find_mentions`);
- `quotes`: direct quotes and reported speech with their speakers (`extract_quotes`);
- `clauses`: noun phrases naming actors and clause boundaries;
- `statements`: holder and sign of each stance cue (`extract_stances`; all the rules are listed there);
- `targets`: what each position is about (issues, references resolved, actors, unlisted nouns);
- `summaries`: the holder x target matrix and the evidence behind its cells (`stance_matrix`, `evidence`, ...);
- `scan`, `words`: fast matching of word lists over many sentences, and the word lists of the rules.
"""

from presslens.stance.codebook import Codebook, inflections, load_codebook
from presslens.stance.mentions import find_mentions
from presslens.stance.quotes import extract_quotes
from presslens.stance.statements import extract_stances
from presslens.stance.summaries import (disagreements, evidence, evidence_for, stance_matrix, strongest_cells,
                                        unlisted_targets)

__all__ = [
    "Codebook",
    "disagreements",
    "evidence",
    "evidence_for",
    "extract_quotes",
    "extract_stances",
    "find_mentions",
    "inflections",
    "load_codebook",
    "stance_matrix",
    "strongest_cells",
    "unlisted_targets",
]
