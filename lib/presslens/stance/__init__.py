"""Who says what about whom: actor mentions, quotes and stance statements, read from the dependency parse.

Where each rule lives:

- `codebook`: reading and checking the codebook in `data/` (actors, issues, cues, evaluative words;
  `load_codebook`);
- `cues`: which parsed tokens are cues, with which role (the lexicon of `data/stance-cues.csv`);
- `mentions`: codebook actor mentions ("he/she" resolved; `find_mentions`);
- `articles`: which sentences are parsed, and the names in each sentence;
- `resolution`: who a holder's or speaker's words stand for (names, pronouns, descriptions);
- `quotes`: direct quotes and reported speech with their speakers (`extract_quotes`);
- `frames`: the sentences around a quote, its words set aside, as the parser reads them to find its speaker;
- `rules`: holder, target and sign read from one parsed sentence, rule by rule;
- `clauses`: what the rules read of a clause: its subject, targets, negation, and whether it states a position
  at all (conditions, hypotheticals, questions, purpose clauses: `blocked`);
- `statements`: the stance statements of a corpus with their evidence (`extract_stances`);
- `summaries`: the holder x target matrix and the evidence behind its cells (`stance_matrix`, `evidence`, ...);
- `scan`, `words`: fast matching of word lists over many sentences, and the word lists of the rules.
"""

from presslens.stance.codebook import Codebook, inflections, load_codebook
from presslens.stance.mentions import find_mentions
from presslens.stance.quotes import extract_quotes
from presslens.stance.statements import extract_quotes_and_stances, extract_stances
from presslens.stance.summaries import (at_actor_level, disagreements, evidence, evidence_for, stance_matrix,
                                        strongest_cells, unlisted_targets)

__all__ = [
    "Codebook",
    "at_actor_level",
    "disagreements",
    "evidence",
    "evidence_for",
    "extract_quotes",
    "extract_quotes_and_stances",
    "extract_stances",
    "find_mentions",
    "inflections",
    "load_codebook",
    "stance_matrix",
    "strongest_cells",
    "unlisted_targets",
]
